"""``journal-mismatch`` on the recorded real records: full stops and ISO-4 abbreviations are style, and a text
reference list cut at the wrong full stop (title/journal boundary) is the parser's cut, not another journal."""

from __future__ import annotations

from typing import Any

import pytest

from citekit.check.codes import Code
from citekit.check.normalise import journal_cut, same_journal
from citekit.check.rules import Context, Style
from citekit.check.rules.journal import journal
from citekit.formats import loads
from citekit.model import Reference
from citekit.resolve.crossref import work_to_reference
from tests.check.conftest import recorded_message

PROCEEDINGS = "10.1109/icdcsw.2003.1203662"  # "23rd International ... Workshops, 2003. Proceedings."
CRUSTACEAN = "10.1163/1937240x-00002096"  # title ends "... on the Iberian Peninsula?"
#: recorded journal articles whose short title is an abbreviation (with full stops in Crossref's deposit)
DOTTED = ["10.1073/pnas.1414271111", "10.1098/rspb.2017.0132", "10.1103/physrevlett.120.117701"]
ABBREVIATED = ["10.1038/ng.3834", "10.1136/jclinpath-2020-206745", "10.1371/journal.ppat.1008184", "10.1038/srep16696",
               "10.3892/ijo_00000353", *DOTTED]


def _journal_findings(cited: Reference, doi: str) -> list[str]:
    ctx = Context(1, "c", cited, work_to_reference(recorded_message(doi)), "Crossref", None, Style())
    return [str(f.code) for f in journal(ctx)]


def _cited(doi: str, **fields: Any) -> Reference:
    msg = recorded_message(doi)
    item = {"id": "c", "type": "article-journal", "title": msg["title"][0], "container-title": msg["container-title"][0]}
    item.update(fields)
    return Reference.from_csl(item)


@pytest.mark.parametrize("doi", ABBREVIATED)
def test_abbreviations_with_and_without_full_stops_name_the_journal(doi: str) -> None:
    msg = recorded_message(doi)
    short = msg["short-container-title"][0]
    undotted = " ".join(short.replace(".", " ").split())
    dotted = " ".join(w if len(w) < 2 or w.isupper() else f"{w}." for w in undotted.split())  # "Nat. Genet."
    assert dotted != undotted
    for form in (short, undotted, dotted, msg["container-title"][0]):
        assert _journal_findings(_cited(doi, **{"container-title": form}), doi) == [], form


@pytest.mark.parametrize(("cited", "names"), [
    ("J. Clin. Oncol.", ["Journal of Clinical Oncology"]), ("J. Clin. Oncol.", ["J Clin Oncol"]),
    ("J Clin Oncol", ["Journal of Clinical Oncology", "J. Clin. Oncol."]), ("Proc. R. Soc. B", ["Proc R Soc B"]),
    ("Phys Rev Lett", ["Physical Review Letters", "Phys. Rev. Lett."]),
])
def test_iso4_abbreviations_of_the_container_words(cited: str, names: list[str]) -> None:
    assert same_journal(cited, names) is True


@pytest.mark.parametrize(("cited", "record"), [("Nat. Rev. Cancer", "10.1038/ng.3834"), ("Proc. Natl. Acad. Sci.", DOTTED[1]),
                                               ("J. Clin. Oncol.", "10.1136/jclinpath-2020-206745"),
                                               ("Peninsula? Nature", CRUSTACEAN), ("Phys. Rev. B", DOTTED[2])])
def test_another_journal_with_full_stops_is_still_a_mismatch(cited: str, record: str) -> None:
    assert _journal_findings(_cited(record, **{"container-title": cited}), record) == [Code.JOURNAL_MISMATCH.value]


def test_a_journal_name_with_a_full_stop_cut_by_the_parser() -> None:
    """The record's name is "<conference>, 2003. Proceedings.": the title took the first sentence."""
    msg = recorded_message(PROCEEDINGS)
    head = "23rd International Conference on Distributed Computing Systems Workshops, 2003"
    cut = _cited(PROCEEDINGS, title=f"{msg['title'][0]}. {head}", **{"container-title": "Proceedings"})
    assert _journal_findings(cut, PROCEEDINGS) == []
    other = _cited(PROCEEDINGS, title=f"{msg['title'][0]}. {head}", **{"container-title": "Nature"})
    assert _journal_findings(other, PROCEEDINGS) == [Code.JOURNAL_MISMATCH.value]
    short_head = _cited(PROCEEDINGS, title=msg["title"][0], **{"container-title": "Proceedings"})
    assert _journal_findings(short_head, PROCEEDINGS) == [Code.JOURNAL_MISMATCH.value]  # the words moved are not there


def test_a_title_with_a_sentence_end_cut_by_the_parser() -> None:
    """The record's title ends "... on the Iberian Peninsula?": its last word went to the journal."""
    title = recorded_message(CRUSTACEAN)["title"][0]
    before = title.rsplit(" ", 1)[0]
    assert _journal_findings(_cited(CRUSTACEAN, title=before, **{"container-title": "Peninsula? J. Crustac. Biol."}),
                             CRUSTACEAN) == []
    # the journal not found at all: the "journal" is the title's last words, the cited title the words before them
    tail = "an exotic invasive Ostracoda on the Iberian Peninsula"
    assert _journal_findings(_cited(CRUSTACEAN, title=title.split(": ")[0], **{"container-title": tail}), CRUSTACEAN) == []
    assert not journal_cut(tail, "Global distribution", title, ["Journal of Crustacean Biology"])  # title not contiguous


def test_text_lists_parsed_by_citekit_name_the_recorded_journal() -> None:
    """Vancouver lines as a reference list prints them, read by the text parser, against the recorded records."""
    lines = {PROCEEDINGS: "1. Arya V, Turletti T. Accurate and explicit differentiation of wireless and congestion "
                          "losses. 23rd International Conference on Distributed Computing Systems Workshops, 2003. "
                          "Proceedings. 2003:877-82.",
             CRUSTACEAN: "2. Escrivà A, Poquet JM, Mesquita-Joanes F. Global distribution of Fabaeformiscandona "
                         "subacuta: an exotic invasive Ostracoda on the Iberian Peninsula? J. Crustac. Biol. "
                         "2012;32(6):949-61."}
    for doi, line in lines.items():
        (cited,) = loads(line, "text").items
        assert _journal_findings(cited, doi) == [], (cited.title, cited.container_title)

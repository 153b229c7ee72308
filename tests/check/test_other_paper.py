"""``doi-mismatch`` decided from what the record has (citekit.check.rules.other_paper), on the recorded real records.

Citations are written from each recorded Crossref message's own fields (title, authors, year,
journal, volume, pages, as a reference list prints them); records are those messages as the
resolver maps them (:func:`citekit.resolve.crossref.work_to_reference`). A citation of work A
against the record of work B (a wrong DOI) must be another paper; against its own record, even
with one wrong number, it must not.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from citekit.check.rules.other_paper import comparisons, is_other_paper
from citekit.model import Reference
from citekit.resolve.crossref import work_to_reference
from tests.check.conftest import WORKS

#: the recorded journal issue: no title, no authors, no pages (container, year and volume only)
ISSUE = "10.6002/ect.2015.0371"


def _messages() -> dict[str, dict[str, Any]]:
    out = {}
    for doi, path in sorted(WORKS.items()):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            out[doi] = body["message"]
    return out


MESSAGES = _messages()


def citation(msg: dict[str, Any], **change: Any) -> Reference:
    """A citation of the work written from its message's fields (short journal title when it has one)."""
    data: dict[str, Any] = {"id": "c", "type": "article-journal"}
    if msg.get("title"):
        data["title"] = msg["title"][0]
    authors = [a for a in msg.get("author") or [] if isinstance(a, dict) and (a.get("family") or a.get("name"))]
    if authors:
        data["author"] = [{"family": a["family"], "given": a.get("given", "")} if a.get("family")
                          else {"literal": a["name"]} for a in authors]
    year = ((msg.get("issued") or {}).get("date-parts") or [[None]])[0][0]
    if year:
        data["issued"] = {"date-parts": [[year]]}
    journal = [t for t in (msg.get("short-container-title") or []) + (msg.get("container-title") or []) if t]
    if journal:
        data["container-title"] = journal[0]
    for key in ("volume", "page"):
        if msg.get(key):
            data[key] = msg[key]
    data.update(change)
    return Reference.from_csl(data)


def _cited_works() -> list[str]:
    """Works a citation can name: a title or a journal, and two of year, volume, pages."""
    out = []
    for doi, msg in MESSAGES.items():
        c = citation(msg)
        if (c.title or c.container_title) and sum(x is not None for x in (c.year, c.volume, c.page)) >= 2:
            out.append(doi)
    return out


CITED = _cited_works()


def test_the_recorded_issue_has_no_title_and_no_authors() -> None:
    record = work_to_reference(MESSAGES[ISSUE])
    assert not record.title and not record.author
    assert record.container_title and record.year and record.volume


def test_a_citation_is_its_own_record() -> None:
    assert len(CITED) >= 25
    for doi in CITED:
        assert is_other_paper(citation(MESSAGES[doi]), work_to_reference(MESSAGES[doi])) is None, doi


def test_a_citation_against_every_other_record_is_another_paper() -> None:
    """Every wrong pair is found unless fewer than two fields both have disagree (then no rule could tell)."""
    flagged, missed = 0, []
    for a in CITED:
        cited = citation(MESSAGES[a])
        for b, msg in MESSAGES.items():
            if b == a:
                continue
            record = work_to_reference(msg)
            if is_other_paper(cited, record) is not None:
                flagged += 1
                continue
            compared = comparisons(cited, record)
            missed.append((a, b))
            if (a, b) == ("10.1016/j.xgen.2025.100814", "10.1101/2024.04.01.587366"):
                assert all(compared.values())  # the paper's own preprint: the same work (``superseded``'s case)
            else:
                assert sum(not same for same in compared.values()) <= 1, (a, b, compared)
    assert flagged >= 0.98 * (flagged + len(missed)), (flagged, missed)


@pytest.mark.parametrize("doi", ["10.1038/ng.3834", "10.1016/j.pediatrneurol.2015.06.002", "10.1136/jclinpath-2020-206745",
                                 "10.5694/j.1326-5377.1943.tb44329.x"])
def test_a_wrong_doi_to_the_untitled_issue_is_decided_by_the_locator(doi: str) -> None:
    wrong = is_other_paper(citation(MESSAGES[doi]), work_to_reference(MESSAGES[ISSUE]))
    assert wrong is not None and "journal" in wrong and "volume" in wrong, wrong


def test_one_wrong_number_against_the_untitled_issue_is_not_another_paper() -> None:
    record = work_to_reference(MESSAGES[ISSUE])
    itself = citation(MESSAGES[ISSUE])
    assert itself.container_title == "Exp Clin Transplant" and is_other_paper(itself, record) is None
    assert is_other_paper(citation(MESSAGES[ISSUE], volume="17"), record) is None  # the volume's own mismatch
    assert is_other_paper(citation(MESSAGES[ISSUE], issued={"date-parts": [[2015]]}), record) is None
    assert is_other_paper(citation(MESSAGES[ISSUE], volume="17", issued={"date-parts": [[2015]]}), record) == \
        ["year", "volume"]


def test_a_record_with_a_title_but_no_authors_uses_title_and_locator() -> None:
    doi = "10.1007/s40278-023-41815-2"  # Reactions Weekly: a title, no authors
    record = work_to_reference(MESSAGES[doi])
    assert record.title and not record.author
    assert is_other_paper(citation(MESSAGES[doi], issued={"date-parts": [[2020]]}), record) is None
    other = citation(MESSAGES["10.1038/ng.3834"], issued={"date-parts": [[2023]]})  # same year, another paper
    assert is_other_paper(other, record) == ["title", "journal", "volume", "first page"]


@pytest.mark.parametrize("change", [{"issued": {"date-parts": [[1990]]}}, {"volume": "999"}, {"page": "1-2"},
                                    {"title": "An unrelated title about something else entirely"}])
def test_one_field_off_with_title_and_authors_is_not_another_paper(change: dict[str, Any]) -> None:
    for doi in ("10.1038/ng.3834", "10.1002/jor.1100150407", "10.1098/rspb.2017.0132"):
        assert is_other_paper(citation(MESSAGES[doi], **change), work_to_reference(MESSAGES[doi])) is None, (doi, change)

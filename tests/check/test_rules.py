"""The comparison rules on real records (recorded Crossref messages through citekit's mapping) against
citations written here; what a rule must say follows from the record's deposited values."""

from __future__ import annotations

from typing import Any

from citekit.check.codes import Code, Severity
from citekit.check.engine import Checker, bibliography_style
from citekit.check.rules import DEFAULT_RULES, Context, Style
from citekit.check.rules.duplicate import duplicates
from citekit.model import Reference
from citekit.resolve.crossref import work_to_reference
from tests.check.conftest import recorded_message

GTEX = "10.1038/ng.3834"


def _record(doi: str = GTEX) -> Reference:
    return work_to_reference(recorded_message(doi))


def _cited(doi: str = GTEX, **changes: Any) -> Reference:
    msg = recorded_message(doi)
    item: dict[str, Any] = {"id": "c", "type": "article-journal", "title": msg["title"][0],
                            "author": [{"family": a["family"], "given": a.get("given", "")[:1]} for a in msg["author"][:3]
                                       if a.get("family")],
                            "container-title": msg["container-title"][0], "volume": msg["volume"],
                            "issue": msg.get("issue"), "page": msg.get("page"),
                            "issued": {"date-parts": [[msg["issued"]["date-parts"][0][0]]]},
                            "custom": {"parse-et-al": True}}
    item.update(changes)
    return Reference.from_csl({k: v for k, v in item.items() if v is not None})


def _codes(cited: Reference, record: Reference, style: Style | None = None) -> dict[str, str]:
    ctx = Context(1, "c", cited, record, "Crossref", None, style or Style())
    return {str(f.code): str(f.severity) for rule in DEFAULT_RULES for f in rule(ctx)}


def test_a_faithful_citation_has_no_finding() -> None:
    assert _codes(_cited(), _record()) == {}


def test_nlm_abbreviation_initials_and_abbreviated_pages_are_not_findings() -> None:
    msg = recorded_message(GTEX)
    first, last = msg["page"].split("-")
    short_range = f"{first}-{last[-2:]}" if first[:-2] == last[:-2] else msg["page"]
    cited = _cited(**{"container-title": msg["short-container-title"][0], "page": short_range})
    assert _codes(cited, _record()) == {}


def test_online_year_is_info_and_a_wrong_year_an_error() -> None:
    assert _codes(_cited(issued={"date-parts": [[2016]]}), _record()) == {"year-mismatch": "error"}
    # an article online in December and in print (issued) the next January, cited by its online year
    msg = recorded_message(GTEX)
    msg["issued"] = msg["published-print"] = {"date-parts": [[2018, 1]]}
    msg["published-online"] = {"date-parts": [[2017, 12, 20]]}
    assert _codes(_cited(), work_to_reference(msg)) == {"year-mismatch": "info"}


def test_omitted_issue_is_style_only_when_consistent() -> None:
    cited = _cited(issue=None)
    assert _codes(cited, _record(), Style(issue_omitted=True)) == {"issue-missing": "info"}
    assert _codes(cited, _record(), Style(issue_omitted=False)) == {"issue-missing": "warning"}
    refs = [_cited(issue=None), _cited("10.1038/srep16696", issue=None)]
    assert bibliography_style(refs).issue_omitted
    assert not bibliography_style([_cited(), _cited("10.1038/srep16696", issue=None)]).issue_omitted


def test_diacritics_and_hyphens_in_author_names() -> None:
    record = _record()
    cited = _cited()
    name = record.author[0]  # type: ignore[index]
    cited.author[0].family = (name.family or "").upper()  # type: ignore[index]
    assert "author-mismatch" not in _codes(cited, record)
    cited.author[0].family = "Someoneelse"  # type: ignore[index]
    assert _codes(cited, record)["author-mismatch"] == "error"


def test_authors_without_et_al_against_a_longer_list() -> None:
    cited = _cited(custom={})
    assert _codes(cited, _record())["author-mismatch"] == "warning"


def test_real_correction_notice_is_reported() -> None:
    record = _record("10.1073/pnas.1414271111")
    notice = recorded_message("10.1073/pnas.1414271111")["updated-by"][0]["DOI"]
    found = [f for rule in DEFAULT_RULES for f in rule(Context(1, "c", _cited("10.1073/pnas.1414271111"), record, "Crossref"))
             if f.code == Code.CORRECTED]
    assert len(found) == 1 and found[0].record == notice and found[0].severity == Severity.WARNING


def test_real_preprint_relation_is_superseded() -> None:
    msg = recorded_message("10.1101/2024.04.01.587366")
    published = msg["relation"]["is-preprint-of"][0]["id"]
    record = work_to_reference(msg)
    cited = Reference(id="p", type="article", title=msg["title"][0])
    found = [f for rule in DEFAULT_RULES for f in rule(Context(1, "p", cited, record, "Crossref")) if f.code == Code.SUPERSEDED]
    assert [f.record for f in found] == [published]


def test_duplicates_by_doi_and_by_author_year_title() -> None:
    a, b = _cited(), _cited(DOI=GTEX)
    c = _cited()
    found = list(duplicates([a, _cited("10.1038/srep16696"), c], ["a", "s", "c"]))
    assert [(f.ref, f.code) for f in found] == [(3, Code.DUPLICATE)] and "reference 1" in found[0].message
    assert [f.ref for f in duplicates([b, Reference.from_csl({**b.to_csl(), "id": "d"})], ["b", "d"])] == [2]


def test_one_failing_reference_never_stops_the_others() -> None:
    good = _cited()
    broken = Reference(id="x", type="article-journal", DOI="not a doi at all")
    report = Checker().run([broken, good])
    assert [f.code for f in report.for_ref(1)][:1] == [Code.UNRESOLVABLE_DOI]
    assert len(report.references) == 2

"""JATS ref-lists: element-citation and mixed-citation read into references (the recorded records are the oracle)."""

from __future__ import annotations

from typing import Any

from citekit.bulk.jats import read_jats
from tests.bulk.conftest import BULK_DATA


def _record(works: list[dict[str, Any]], doi: str) -> dict[str, Any]:
    return next(w for w in works if w["DOI"].lower() == doi)


def test_element_and_mixed_citations_read_as_the_records_say(real_works: list[dict[str, Any]]) -> None:
    got = read_jats((BULK_DATA / "pmc-style.nxml").read_bytes())
    refs = {r.key: r for r in got.refs}
    assert sorted(refs) == ["B1", "B2", "B3", "B4", "B6"]
    for key, doi in (("B1", "10.1038/ng.3834"), ("B2", "10.1016/j.pediatrneurol.2015.06.002")):
        rec, ref = _record(real_works, doi), refs[key].reference
        assert ref.doi == rec["DOI"]
        assert str(ref.volume) == rec["volume"] and str(ref.issue) == rec["issue"]
        assert ref.page is not None and ref.page.replace("\u2013", "-") == rec["page"]
        assert ref.year == rec["issued"]["date-parts"][0][0]
        assert ref.title is not None and ref.title.lower() == rec["title"][0].lower()
        assert ref.first_author is not None and ref.first_author.family == rec["author"][0]["family"]
        assert ref.type == "article-journal"
    assert refs["B1"].reference.pmid == "28369037"
    assert refs["B1"].text is None and refs["B2"].text is not None  # mixed citations keep their text
    b3 = refs["B3"].reference  # untagged: parsed from its text
    assert b3.year == 2016 and str(b3.volume) == "284" and str(b3.page) == "20170132"
    assert b3.first_author is not None and b3.first_author.family == "Dougherty"
    assert str(refs["B4"].reference.page) == "e20476"  # elocation-id stands for the pages


def test_a_ref_without_citation_is_a_problem_naming_line_and_ref() -> None:
    got = read_jats((BULK_DATA / "pmc-style.nxml").read_bytes())
    assert len(got.failed) == 1
    assert got.failed[0].line == 51 and got.failed[0].item == "B5"


def test_not_well_formed_xml_is_one_problem_with_its_line() -> None:
    got = read_jats(b'<article>\n<back><ref-list>\n<ref id="a"><element-citation>\n</ref-list></back></article>')
    assert got.refs == [] and len(got.failed) == 1
    assert got.failed[0].line == 4 and "not well-formed" in got.failed[0].error


def test_namespaced_jats_and_collab_authors() -> None:
    xml = (b'<j:article xmlns:j="http://jats.nlm.nih.gov"><j:back><j:ref-list><j:ref j:id="x">'
           b'<j:element-citation publication-type="journal"><j:person-group><j:collab>WHO Study Group</j:collab>'
           b'</j:person-group><j:article-title>A report</j:article-title><j:source>Lancet</j:source>'
           b'<j:year>2001</j:year></j:element-citation></j:ref></j:ref-list></j:back></j:article>')
    got = read_jats(xml)
    assert len(got.refs) == 1
    ref = got.refs[0].reference
    assert ref.first_author is not None and ref.first_author.literal == "WHO Study Group"
    assert ref.container_title == "Lancet" and ref.year == 2001

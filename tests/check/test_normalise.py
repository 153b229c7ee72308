"""Normalisation: what counts as the same value. Oracles: the seed's NLM abbreviations, journal name
pairs as deposited in the recorded Crossref messages, and the conventions of AMA/Vancouver page ranges."""

from __future__ import annotations

import pytest

from citekit.check.normalise import (
    abbreviates,
    fold,
    given_compatible,
    page_range,
    same_journal,
    same_pages,
    spelling_differences,
    title_key,
)
from tests.check.conftest import recorded_message, seed_references


def test_seed_nlm_abbreviations_name_their_journals() -> None:
    pairs = [(r["journal_nlm_abbrev"], r["journal_full_title"]) for r in seed_references().values()
             if r.get("journal_nlm_abbrev") and r.get("journal_full_title")]
    assert len(pairs) >= 8
    for abbrev, full in pairs:
        assert same_journal(abbrev, [full]), (abbrev, full)


@pytest.mark.parametrize("doi", ["10.1038/ng.3834", "10.1038/srep16696", "10.1371/journal.ppat.1008184",
                                 "10.3892/ijo_00000353", "10.1136/jclinpath-2020-206745", "10.1073/pnas.1414271111",
                                 "10.1098/rspb.2017.0132", "10.7600/jspfsm.56.60"])
def test_recorded_short_titles_abbreviate_the_full_title(doi: str) -> None:
    msg = recorded_message(doi)
    full = msg["container-title"][0]
    shorts = [s for s in msg["short-container-title"] if not s.isupper() and " " in s or "." in s]
    assert shorts
    assert any(abbreviates(s, full) for s in shorts), (shorts, full)


@pytest.mark.parametrize(("cited", "record"), [
    ("JAMA", "JAMA Network Open"), ("Lancet", "The Lancet Oncology"), ("Ann Oncol", "Annals of Surgical Oncology"),
    ("BMJ", "BMJ Open"), ("Nature", "Nature Genetics"), ("PLoS ONE", "PLOS Pathogens"),
    ("J Clin Oncol", "Journal of Clinical Pathology"), ("Cancer", "BMC Cancer"),
])
def test_a_sibling_journal_is_not_the_same_journal(cited: str, record: str) -> None:
    assert same_journal(cited, [record]) is False


@pytest.mark.parametrize(("page", "expected"), [
    ("446-53", ("446", "453")), ("1036-41", ("1036", "1041")), ("294-305", ("294", "305")),
    ("S1217", ("s1217", None)), ("e2341165", ("e2341165", None)), ("R12-9", ("r12", "r19")), ("1107–11", ("1107", "1111")),
])
def test_abbreviated_page_ranges_expand(page: str, expected: tuple[str, str | None]) -> None:
    assert page_range(page) == expected


def test_same_pages() -> None:
    assert same_pages("446-53", "446-453") and same_pages("462", "462") and same_pages("e069499", "e069499")
    assert same_pages("446-55", "446-453") is False and same_pages("447-453", "446-453") is False


def test_spelling_and_title_case_and_punctuation() -> None:
    assert title_key("A multicentre, randomised Phase II trial") == title_key("A Multicenter Randomized phase 2 trial")
    assert spelling_differences("multicentre trial", "multicenter trial") == [("multicentre", "multicenter")]
    assert fold("André, Curigliano — &amp; <i>in vivo</i>") == "andre curigliano and in vivo"


@pytest.mark.parametrize(("a", "b", "ok"), [("T.", "Thierry", True), ("M. R.", "Michael R.", True), ("ALS", "Anne Lynn S.", True),
                                            ("J", "Thierry", False), ("VK", "Van K.", True)])
def test_initials_against_full_given_names(a: str, b: str, ok: bool) -> None:
    assert given_compatible(a, b) is ok

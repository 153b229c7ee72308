"""The shipped document's data checked against the independent seed (tests/data/seed), not against itself.

The seed holds the page's text and the per-reference record of what was verified where. Every CSL
value in references.json must equal the seed's verified value; nothing the seed marks as not
verified or inferred may sit in a CSL variable; citations.txt must be the page's citation lines
byte for byte; every drug on the page must have a claim; the file must pass the official schema.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from functools import cache
from typing import Any

import pytest

from citekit.model import SCHEMA_KEYS, Provenance
from tests.conftest import DATA, ROOT

FOLDER = ROOT / "references" / "anal-cancer-immunotherapy"
SEED = DATA / "seed"
NBSP = "\u00a0"

#: The keys the issue's brief lists for the eleven references (an independent specification).
BRIEF_KEYS = [
    "andre2023antitumor", "li2024tislelizumab", "migden2020cemiplimab", "morris2017nivolumab",
    "national2025nccn", "ott2017safety", "pang2023long", "rao2022phase", "rao2024pod1um",
    "xia2024randomized", "yang2022rationale",
]
STOPWORDS = {"a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "from", "at", "by"}
BOOKKEEPING = {"id", "type", "citation-key", "custom"}


# ---------------------------------------------------------------------- the seed
@cache
def page_text() -> str:
    return (SEED / "immunotherapy-for-anal-cancer.txt").read_text(encoding="utf-8")


@cache
def page_citation_lines() -> tuple[str, ...]:
    """The page's citations: the non-blank lines between the credit line and "Last Revised"."""
    lines = page_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Developed by the American Cancer Society"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Last Revised:"))
    return tuple(line for line in lines[start + 1 : end] if line.strip(" \t" + NBSP))


@cache
def seed_refs() -> dict[int, dict[str, Any]]:
    data = json.loads((SEED / "references-verified.json").read_text(encoding="utf-8"))
    return {r["ref_number"]: r for r in data}


@cache
def seed_drugs() -> dict[str, Any]:
    return dict(json.loads((SEED / "drugs-to-references.json").read_text(encoding="utf-8")))


@cache
def items() -> list[dict[str, Any]]:
    return list(json.loads((FOLDER / "references.json").read_text(encoding="utf-8")))


@cache
def document() -> dict[str, Any]:
    return dict(json.loads((FOLDER / "document.json").read_text(encoding="utf-8")))


def item(n: int) -> dict[str, Any]:
    return items()[n - 1]


NUMBERS = list(range(1, 12))


def author_list_is_page_only(seed: dict[str, Any]) -> bool:
    """The seed says its author names are only those printed on the page (not seen in a record)."""
    note = (seed.get("authors_note") or "").lower()
    return "as on the page" in note or "as given on the page" in note


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def publisher_inferred(seed: dict[str, Any]) -> bool:
    return "inferred" in (seed.get("publisher_note") or "").lower()


# ---------------------------------------------------------------------- citations.txt
def test_citations_txt_is_the_pages_citation_lines_byte_for_byte() -> None:
    expected = ("\n".join(page_citation_lines()) + "\n").encode("utf-8")
    assert (FOLDER / "citations.txt").read_bytes() == expected


def test_the_page_has_eleven_citations_matching_the_seeds_list() -> None:
    lines = page_citation_lines()
    assert len(lines) == 11 == len(seed_refs())
    # The seed normalises the page's no-break spaces; otherwise the two agree in order.
    assert [line.replace(NBSP, " ") for line in lines] == [seed_refs()[n]["page_citation"] for n in NUMBERS]


def test_citations_keep_the_pages_quirks() -> None:
    lines = (FOLDER / "citations.txt").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 12
    assert lines[2].startswith("Migden MR,Khushalani NI, ")
    assert lines[6].endswith("BMJ Open\u00a02023;13:e069499")  # no final period, no-break space
    assert lines[0].startswith("Andr\u00e9 T")  # precomposed é, as on the page


# ---------------------------------------------------------------------- references.json: shape
def test_references_json_validates_against_the_official_schema(schema_validator: Any) -> None:
    errors = sorted(schema_validator.iter_errors(items()), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_eleven_items_in_page_order_with_the_briefs_keys() -> None:
    assert [i["custom"]["ref-number"] for i in items()] == NUMBERS
    assert [i["id"] for i in items()] == BRIEF_KEYS
    assert [i["citation-key"] for i in items()] == BRIEF_KEYS
    assert [i["custom"]["as-printed"] for i in items()] == list(page_citation_lines())


@pytest.mark.parametrize("n", NUMBERS)
def test_key_follows_the_rule_on_the_seeds_data(n: int) -> None:
    seed = seed_refs()[n]
    first = seed["authors"][0]
    family = first.get("family") or first["literal"].split()[0]
    title = seed["title"]
    if seed.get("abstract_number"):  # OncologyPRO's "LBA2 - Title": the number is not part of the title
        title = title.removeprefix(f"{seed['abstract_number']} - ")
    words = [w for w in re.findall(r"[A-Za-z0-9]+", fold(title)) if w.lower() not in STOPWORDS]
    key = re.sub(r"[^a-z]", "", fold(family).lower()) + str(seed["year"]) + words[0].lower()
    assert item(n)["id"] == key


def test_types() -> None:
    types = {n: item(n)["type"] for n in NUMBERS}
    assert types.pop(5) == "report"
    assert set(types.values()) == {"article-journal"}
    assert item(5)["author"] == [{"literal": "National Comprehensive Cancer Network"}]
    assert "[abstract]" in seed_refs()[9]["page_citation"] and item(9)["genre"] == "Abstract"
    # the abstract number is not an article number: kept in note, never where styles print the page
    assert "number" not in item(9) and item(9)["note"] == f"Abstract no. {seed_refs()[9]['abstract_number']}"


# ---------------------------------------------------------------------- CSL values equal the seed
@pytest.mark.parametrize("n", NUMBERS)
def test_identifiers_equal_the_seed(n: int) -> None:
    seed, it = seed_refs()[n], item(n)
    doi_inferred = "INFERRED" in (seed.get("doi_status") or "")
    assert it.get("DOI") == (None if doi_inferred else seed["doi"])
    assert it.get("PMID") == seed["pmid"]
    assert it.get("PMCID") == seed["pmcid"]
    assert "ISSN" not in it and "ISBN" not in it  # the seed has none


@pytest.mark.parametrize("n", NUMBERS)
def test_title_equals_the_seed(n: int) -> None:
    seed, it = seed_refs()[n], item(n)
    if "not verified" in (seed.get("title_note") or ""):
        assert "title" not in it
        return
    shown = f"{it['note'].removeprefix('Abstract no. ')} - {it['title']}" if seed.get("abstract_number") else it["title"]
    assert shown == seed["title"]


@pytest.mark.parametrize("n", NUMBERS)
def test_authors_equal_the_seeds_verified_names(n: int) -> None:
    seed, it = seed_refs()[n], item(n)
    assert it["custom"]["authors-complete"] is (bool(seed["authors_complete"]) and not author_list_is_page_only(seed))
    if author_list_is_page_only(seed):
        assert "author" not in it
        assert it["custom"]["unverified"]["author"] == seed["authors"]
    else:
        assert it["author"] == seed["authors"]


def _seed_date(seed: dict[str, Any]) -> list[int]:
    raw = seed.get("publication_date")
    if not raw:
        return [seed["year"]]
    return [int(p) for p in raw.split()[0].split("-")]


@pytest.mark.parametrize("n", NUMBERS)
def test_container_volume_issue_page_and_date_equal_the_seed(n: int) -> None:
    seed, it = seed_refs()[n], item(n)
    pairs = {
        "container-title": seed["journal_full_title"],
        "container-title-short": seed["journal_nlm_abbrev"],
        "volume": seed["volume"],
        "issue": seed["issue"],
        "page": seed["pages_or_article_number"],
    }
    for variable, expected in pairs.items():
        if variable in it:
            assert it[variable] == expected, variable
    if "issued" in it:
        assert it["issued"]["date-parts"] == [_seed_date(seed)]
        assert it["issued"]["date-parts"][0][0] == seed["year"]


@pytest.mark.parametrize("n", NUMBERS)
def test_publisher_only_when_seen(n: int) -> None:
    seed, it = seed_refs()[n], item(n)
    if publisher_inferred(seed) or seed["publisher"] is None:
        assert "publisher" not in it
    if "publisher" in it:
        assert it["publisher"] == seed["publisher"].split(" (")[0]


@pytest.mark.parametrize("n", NUMBERS)
def test_every_verified_value_the_seed_has_is_present(n: int) -> None:
    """The other direction: a value the seed verified is not silently missing."""
    seed, it = seed_refs()[n], item(n)
    if seed["verification_status"].startswith("NOT verified") and n == 2:
        assert set(it) == BOOKKEEPING  # nothing of ref 2 was found
        return
    if seed["pmid"]:
        assert it["PMID"] == seed["pmid"]
    if seed["doi"] and "INFERRED" not in (seed.get("doi_status") or ""):
        assert it["DOI"] == seed["doi"]
    if seed["issue"]:
        assert it["issue"] == seed["issue"]


# ---------------------------------------------------------------------- nothing unverified leaks
#: (ref, CSL variable, seed key, words in that seed value showing it was NOT verified)
NOT_VERIFIED = [
    (1, "publisher", "publisher_note", "Inferred"),
    (2, "title", "title_note", "not verified"),
    (2, "container-title-short", "journal_note", "not confirmed"),
    (2, "volume", "bibliographic_note", "NOT independently confirmed"),
    (2, "page", "bibliographic_note", "NOT independently confirmed"),
    (2, "issued", "bibliographic_note", "NOT independently confirmed"),
    (2, "author", "authors_note", "not verified"),
    (4, "page", "pages_note", "not seen"),
    (5, "version", "version", "not verified"),
    (5, "accessed", "accessed", "as cited"),
    (6, "publisher", "publisher_note", "Inferred"),
    (6, "author", "authors_note", "as on the page"),
    (8, "DOI", "doi_status", "INFERRED"),
    (8, "publisher", "publisher_note", "Inferred"),
    (8, "container-title", "verification_status", "page's own data"),
    (8, "volume", "verification_status", "page's own data"),
    (8, "page", "verification_status", "page's own data"),
    (8, "issued", "verification_status", "page's own data"),
    (9, "page", "pages_or_article_number", "not verified"),
    (10, "publisher", "publisher_note", "Inferred"),
]


@pytest.mark.parametrize(("n", "variable", "seed_key", "evidence"), NOT_VERIFIED)
def test_unverified_values_are_not_csl_variables(n: int, variable: str, seed_key: str, evidence: str) -> None:
    seed, it = seed_refs()[n], item(n)
    assert evidence in str(seed[seed_key])  # the table is grounded in the seed
    assert variable not in it
    assert variable in it["custom"]["unverified"]
    assert it["custom"]["unverified-reasons"][variable]


def test_the_inferred_esmo_open_doi_is_nowhere_a_csl_doi() -> None:
    inferred = seed_refs()[8]["doi"]
    assert all(i.get("DOI") != inferred for i in items())
    assert item(8)["custom"]["unverified"]["DOI"] == inferred
    assert "DOI" in item(8)["custom"]["provenance"]["inferred"]


def _appears(value: Any, seed: dict[str, Any], printed: str) -> bool:
    """An unverified value comes from the page or the seed, never from nowhere."""
    seed_text = json.dumps(seed, ensure_ascii=False)
    if isinstance(value, str):
        return value in printed.replace(NBSP, " ") or value in seed_text or value.removeprefix("https://") in printed
    if isinstance(value, dict) and "date-parts" in value:
        return str(value["date-parts"][0][0]) in printed
    if isinstance(value, list):
        return all(isinstance(v, dict) and v.get("family", "") in printed for v in value)
    return False


@pytest.mark.parametrize("n", NUMBERS)
def test_unverified_block_is_consistent_and_sourced(n: int) -> None:
    it = item(n)
    custom = it["custom"]
    unverified = custom.get("unverified", {})
    assert set(unverified) == set(custom.get("unverified-reasons", {}))
    assert all(k in SCHEMA_KEYS for k in unverified)  # keyed by CSL variable names
    for variable, value in unverified.items():
        assert _appears(value, seed_refs()[n], custom["as-printed"]), (variable, value)
        # Only the author list may be both (its verified head in CSL, the page's names here).
        if variable in it:
            assert variable == "author" and custom["authors-complete"] is False
            assert value != it["author"]


# ---------------------------------------------------------------------- provenance
@pytest.mark.parametrize("n", NUMBERS)
def test_provenance_validates_and_matches_the_item(n: int) -> None:
    it = item(n)
    prov = Provenance.model_validate(it["custom"]["provenance"])
    present = [k for k in it if k not in BOOKKEEPING]
    assert prov.verified_fields == present
    assert prov.unverified_fields == list(it["custom"].get("unverified", {}))
    assert set(prov.inferred) <= set(prov.unverified_fields)
    expected = "verified" if not prov.unverified_fields else ("unverified" if not present else "partly-verified")
    assert prov.status == expected
    confirmed = {f for s in prov.sources for f in s.fields}
    assert set(present) <= confirmed, set(present) - confirmed  # every verified field has a source
    assert confirmed <= set(present)  # and no source confirms a value we do not hold
    assert (prov.model_extra or {}).get("confidence") == seed_refs()[n]["confidence"]


@pytest.mark.parametrize("n", NUMBERS)
def test_provenance_sources_are_the_seeds(n: int) -> None:
    seed = seed_refs()[n]
    prov = Provenance.model_validate(item(n)["custom"]["provenance"])
    seed_urls = [s.split(" ")[0] for s in seed["sources"]]
    ours = [s.url or (s.model_extra or {}).get("url_truncated") for s in prov.sources]
    assert [u for u in ours if u is not None] == seed_urls
    for s in prov.sources:
        if s.url is not None:
            assert not s.url.endswith("...") and s.url.startswith(("http://", "https://"))


def test_status_per_reference_against_the_seed_summary() -> None:
    status = {n: item(n)["custom"]["provenance"]["status"] for n in NUMBERS}
    assert status[2] == "unverified" and seed_refs()[2]["verification_status"].startswith("NOT verified")
    assert status[11] == "verified" and seed_refs()[11]["verification_status"] == "fully verified"
    assert status[8] == "partly-verified" and seed_refs()[8]["verification_status"].startswith("partially")


@pytest.mark.parametrize("n", NUMBERS)
def test_discrepancies_are_the_seeds(n: int) -> None:
    assert item(n)["custom"]["discrepancies"] == seed_refs()[n]["discrepancies"]


def test_ref9_points_to_its_full_publication() -> None:
    sup = item(9)["custom"]["superseded-by"]
    full = seed_refs()[9]["full_publication"]
    assert sup["DOI"] in full and sup["DOI"].startswith("10.")
    assert full.startswith(sup["citation"].removesuffix("."))
    assert f"{sup['volume']}:{sup['page']}" in full


# ---------------------------------------------------------------------- document.json
def test_document_metadata_matches_the_page() -> None:
    doc, text = document(), page_text()
    assert text.split("\n")[0] == doc["title"]
    revised = re.search(r"Last Revised: (.+)", text)
    assert revised is not None
    assert datetime.strptime(revised.group(1).strip(), "%B %d, %Y").date().isoformat() == doc["revised"]
    assert doc["credit"] in text
    assert f"Developed by the {doc['publisher']}" in doc["credit"]
    for c in doc["contributors"]:
        assert f"{c['name']} ({c['abbreviation']})" in doc["credit"]


def test_drugs_are_the_pages_list_in_order() -> None:
    bullets = re.findall(r"^\s*•\s*(.+?)\s*$", page_text(), flags=re.MULTILINE)
    assert document()["scope"] == "anal cancer"
    drugs = document()["subjects"]
    assert [d["as_printed"] for d in drugs] == bullets
    for d in drugs:
        (brand,) = d["aliases"]
        assert d["kind"] == "drug" and d["as_printed"] == f"{d['name']} ({brand})" and d["attributes"] == {"target": "PD-1"}


def test_every_drug_has_one_claim_citing_the_seeds_references() -> None:
    coverage = seed_drugs()["drug_coverage"]
    claims = [c for c in document()["claims"] if c["kind"] == "drug"]
    assert sorted(c["subject"].lower() for c in claims) == sorted(d["name"].lower() for d in document()["subjects"])
    assert set(coverage) == {d["name"].lower() for d in document()["subjects"]}
    for claim in claims:
        assert [s["ref"] for s in claim["supports"]] == coverage[claim["subject"].lower()]
        assert {s["basis"] for s in claim["supports"]} == {"seed"}


def test_claims_quote_the_page_verbatim() -> None:
    text = page_text()
    for claim in document()["claims"]:
        assert claim["quote"] in text, claim["id"]
        assert claim["section"] in text.split("\n"), claim["id"]


@pytest.mark.parametrize(
    "words",
    [
        "at least one type of chemotherapy",
        "with chemo as an initial treatment",
        "given alone to certain patients",
        "every 2 to 6 weeks",
        "fatigue, cough, nausea",
        "infusion reaction",
        "attacking other parts of the body",
        "corticosteroids",
        "shrink some tumors or slow their growth",
    ],
)
def test_the_pages_other_statements_are_claims(words: str) -> None:
    matches = [c for c in document()["claims"] if c["kind"] == "statement" and words in c["quote"]]
    assert len(matches) == 1


def test_statement_links_are_curated_with_a_rationale_and_gaps_are_explained() -> None:
    for claim in document()["claims"]:
        for s in claim["supports"]:
            assert 1 <= s["ref"] <= 11 and s["rationale"].strip()
            if claim["kind"] == "statement":
                assert s["basis"] == "curated"
        if not claim["supports"]:
            assert claim.get("note"), claim["id"]


def test_trial_links_match_the_seed() -> None:
    links = {t["ref"]: t for t in document()["trials"]}
    assert sorted(links) == NUMBERS
    not_anal = seed_drugs()["not_anal_cancer_studies"]
    for n in NUMBERS:
        seed, link = seed_refs()[n], links[n]
        expected_nct = seed["nct"].split()[0] if seed["nct"] else None
        assert link["nct"] == expected_nct
        assert link["nct_confirmed"] == (None if expected_nct is None else "inferred" not in seed["nct"])
        assert link["population"] == seed["population_note"]
        assert link["in_scope"] is (str(n) not in not_anal)
        if link["trial"] is not None:
            assert link["trial"] in seed["trial_name"]
        if "name not seen" in (seed["trial_name"] or ""):
            assert link["trial"] is None
    assert links[2]["nct_confirmed"] is False and links[5]["nct"] is None

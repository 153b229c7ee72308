"""Citation matching against the local server serving recorded Crossref search results.

The expected DOIs come from the recorded search responses (what Crossref returned), the citation
texts are written the way the cited works are printed in reference lists.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from citekit.resolve import crossref
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.match import Matcher, journal_agrees, parse_citation_text, title_similarity, verify

from .conftest import REAL, FixtureServer

RENEAR = "query=renear+-ontologies.json"
RENEAR_CITATION = ("Renear AH, Palmer CL. Strategic reading, ontologies, and the future of scientific publishing. "
                   "Science. 2009;325(5942):828-832.")


@pytest.fixture()
def matcher(config: ResolverConfig) -> Any:
    r = Resolver(config)
    yield Matcher(r)
    r.close()


def test_confident_match_with_reasons(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = RENEAR
    result = matcher.match(RENEAR_CITATION)
    assert result.best is not None and result.best.doi == "10.1126/science.1157784"
    assert result.best.confidence >= 0.95
    assert any("title similarity 1.00" in r for r in result.best.reasons)
    assert any("first page matches" in r for r in result.best.reasons)
    (search,) = [r for r in server.requests if r.path == "/works"]
    assert search.query["query.bibliographic"] == [RENEAR_CITATION] and search.query["rows"] == ["5"]


def test_rank_one_is_not_trusted_blindly(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = RENEAR  # Crossref still returns Renear's papers, the first with the top score
    result = matcher.match("Smith J, Jones K. Deep learning for protein folding at scale. Nature. 2010;464:1-10.")
    assert result.best is None and result.candidates
    top = json.loads((REAL / "crossref-search" / RENEAR).read_text())["message"]["items"][0]
    assert any(c.doi == top["DOI"] for c in result.candidates)
    assert all(c.confidence <= 0.5 for c in result.candidates)
    assert any("scored" in r for r in result.reasons)


def test_wrong_year_volume_and_pages_are_not_confident(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = RENEAR
    result = matcher.match("Renear AH, Palmer CL. Strategic reading, ontologies, and the future of scientific "
                           "publishing. Science. 2015;400(1):28-32.")
    assert result.best is None
    assert result.candidates[0].doi == "10.1126/science.1157784" and result.candidates[0].confidence <= 0.6
    assert any("year 2009 differs" in r for r in result.candidates[0].reasons)


def test_no_results(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = "query.title=askldjrq3rjaw938h_no-match.json"
    result = matcher.match("Askldjrq W. askldjrq3rjaw938h. J Nothing. 2020;1:1-2.")
    assert result.best is None and result.candidates == [] and "no candidates" in result.reasons


def test_llm_chemistry_record(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = "query.title=augmenting-llm-chemistry-tools_rows=1.json"
    # Crossref's record has family "M. Bran"; citations print "Bran AM"
    result = matcher.match("Bran AM, Cox S, Schilter O, Baldassari C, White AD, Schwaller P. Augmenting large "
                           "language models with chemistry tools. Nat Mach Intell. 2024;6(5):525-535.")
    assert result.best is not None and result.best.doi == "10.1038/s42256-024-00832-8"


def test_printed_doi_is_verified_not_trusted(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = "query.title=askldjrq3rjaw938h_no-match.json"
    # the printed DOI exists (a recorded work) but is a different paper: no confident match
    result = matcher.match(RENEAR_CITATION + " doi:10.1038/ng.3834")
    assert result.best is None
    assert result.candidates[0].doi == "10.1038/ng.3834" and result.candidates[0].confidence <= 0.5
    assert "DOI printed in the citation" in result.candidates[0].reasons[0]


def test_search_failure_is_reported_not_raised(server: FixtureServer, matcher: Matcher) -> None:
    server.faults["/works"] = ["500"] * 10
    result = matcher.match(RENEAR_CITATION)
    assert result.best is None and any("Crossref search failed" in r for r in result.reasons)


def test_ecitmatch_pmid_is_verified(server: FixtureServer, matcher: Matcher) -> None:
    server.search_body = "query.title=askldjrq3rjaw938h_no-match.json"
    # constructed ECitMatch answer (format from NCBI's documentation) pointing at the recorded ESummary PMID
    server.ecitmatch_body = b"plos one|2017|12|e0182390|nicholas se|1|28806736\n"
    citation = ("Nicholas SE, Rowsey TG, Priyadarsini S, Mandal NA, Karamichos D. Unravelling the interplay of "
                "sphingolipids and TGF-beta signaling in the human corneal stroma. PLoS One. 2017;12(8):e0182390.")
    result = matcher.match(citation)
    assert result.best is not None and result.best.doi == "10.1371/journal.pone.0182390"
    assert result.best.source == "pubmed"
    (ecit,) = [r for r in server.requests if r.path == "/eutils/ecitmatch.cgi"]
    assert ecit.query["bdata"][0].startswith("PLoS One|2017|12|e0182390|Nicholas SE|")
    # the same PMID for a citation with another first author is rejected
    server.requests.clear()
    wrong = citation.replace("Nicholas SE, ", "Miller QQ, ")
    result = matcher.match(wrong)
    assert result.best is None and any("rejected" in r for r in result.reasons)


# ------------------------------------------------------------------ pure pieces
def test_title_similarity_ignores_case_markup_and_punctuation() -> None:
    assert title_similarity("The <i>E. coli</i> genome.", "the e coli genome") == 1.0
    assert title_similarity("Completely different", "Strategic reading") < 0.5


@pytest.mark.parametrize(("cited", "ok"), [("Science", True), ("Nat Mach Intell", False), ("Sci", True)])
def test_journal_abbreviation(cited: str, ok: bool) -> None:
    body = json.loads((REAL / "crossref-search" / RENEAR).read_text())
    ref = crossref.work_list_to_references(body)[0]
    assert journal_agrees(cited, ref) is ok


def test_journal_nlm_abbreviation_of_full_title() -> None:
    body = json.loads((REAL / "crossref-search" / "query.title=augmenting-llm-chemistry-tools_rows=1.json").read_text())
    ref = crossref.work_list_to_references(body)[0]
    ref.container_title_short = None
    ref.journal_abbreviation = None
    assert journal_agrees("Nat Mach Intell", ref) is True


def test_title_only_is_capped() -> None:
    body = json.loads((REAL / "crossref-search" / RENEAR).read_text())
    ref = crossref.work_list_to_references(body)[0]
    conf, reasons = verify(parse_citation_text("Strategic Reading, Ontologies, and the Future of Scientific Publishing"),
                           ref, raw_text="Strategic Reading, Ontologies, and the Future of Scientific Publishing")
    assert conf <= 0.75 and any("capped" in r for r in reasons)


# ------------------------------------------------------------------ precision over every recorded work
def _ama(msg: dict[str, Any]) -> str | None:
    """An AMA-style citation written from the recorded Crossref message (test code, not citekit's writer)."""
    import re as _re

    title = " ".join(_re.sub(r"<[^>]+>", "", (msg.get("title") or [""])[0]).split())
    people = [a for a in msg.get("author", []) if a.get("family")]
    year = (msg.get("issued", {}).get("date-parts") or [[None]])[0][0]
    if not title or not people or not year or not msg.get("container-title"):
        return None
    names = ", ".join(f"{a['family']} {''.join(p[0] for p in a.get('given', '').replace('.', ' ').replace('-', ' ').split())}".strip()
                      for a in people[:3]) + (", et al" if len(people) > 3 else "")
    journal = msg.get("short-container-title", [None])[0] if msg.get("short-container-title") else msg["container-title"][0]
    tail = f"{year}"
    if msg.get("volume"):
        tail += f";{msg['volume']}"
        if msg.get("issue"):
            tail += f"({msg['issue']})"
    page = msg.get("page") or msg.get("article-number")
    if page:
        tail += f":{page}"
    return f"{names}. {title}. {journal}. {tail}."


def _recorded_messages() -> list[dict[str, Any]]:
    from .conftest import WORKS

    return [json.loads(p.read_text(encoding="utf-8"))["message"] for _, p in sorted(WORKS.items())]


CITABLE = [(m["DOI"], c) for m in _recorded_messages() if (c := _ama(m))]


@pytest.mark.parametrize(("doi", "citation"), CITABLE, ids=[d for d, _ in CITABLE])
def test_every_recorded_work_is_found_among_distractors_and_never_guessed_without_it(
    server: FixtureServer, matcher: Matcher, doi: str, citation: str
) -> None:
    everything = _recorded_messages()
    target = next(m for m in everything if m["DOI"] == doi)
    # Crossref would rank the cited work among others: here, every other recorded work is a candidate
    others = [m for m in everything if m["DOI"] != doi and m["title"] != target["title"]]
    matcher.rows = len(everything)
    matcher.use_pubmed = False
    server.search_items = [*others[:10], target, *others[10:]]
    result = matcher.match(citation)
    assert result.best is not None, (citation, result.reasons, [c.as_dict() for c in result.candidates[:2]])
    assert result.best.doi.lower() == doi.lower()
    # the same citation when Crossref does not return the cited work: no confident (wrong) DOI
    server.search_items = others
    matcher.resolver.client.cache.clear()  # the first search's answer is cached under the same URL
    result = matcher.match(citation)
    assert result.best is None, (citation, result.best.as_dict() if result.best else None)


def test_preprint_and_published_version_are_told_apart(server: FixtureServer, matcher: Matcher) -> None:
    msgs = {m["DOI"].lower(): m for m in _recorded_messages()}
    pre, pub = msgs["10.1101/2024.04.01.587366"], msgs["10.1016/j.xgen.2025.100814"]
    assert pre["relation"]["is-preprint-of"][0]["id"].lower() == pub["DOI"].lower()  # recorded link between them
    server.search_items = [pre, pub]
    matcher.use_pubmed = False
    cited_pub = _ama(pub)
    assert cited_pub is not None
    result = matcher.match(cited_pub)
    assert result.best is not None and result.best.doi.lower() == pub["DOI"].lower()
    server.search_items = [pub, pre]
    authors = cited_pub.split(". ")[0]
    for tail in ("bioRxiv. 2024. doi:10.1101/2024.04.01.587366", "bioRxiv. Preprint posted online 2024."):
        result = matcher.match(f"{authors}. {pre['title'][0]}. {tail}")
        assert result.best is not None and result.best.doi.lower() == pre["DOI"].lower(), result.reasons


def test_module_level_match(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.resolve.match import match

    server.search_body = RENEAR
    result = match(RENEAR_CITATION, config=config)
    assert result.confident and result.as_dict()["match"]["doi"] == "10.1126/science.1157784"

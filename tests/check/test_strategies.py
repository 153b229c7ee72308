"""The checker's identify and fetch steps are plain lists the caller can replace; failed lookups are data."""

from __future__ import annotations

from typing import Any

from citekit.check.codes import Code
from citekit.check.engine import Checker, bibliography_style
from citekit.check.strategies import IDENTIFY, Case, cited_doi, curated_record, identify_and_fetch
from citekit.document import load_document
from citekit.model import Reference
from citekit.resolve.api import Resolver
from tests.check.conftest import FixtureServer, recorded_message


def _cited(doi: str | None = None) -> Reference:
    msg = recorded_message("10.1038/ng.3834")
    data: dict[str, Any] = {"id": "c", "type": "article-journal", "title": msg["title"][0],
                            "author": [{"family": msg["author"][0]["family"], "given": msg["author"][0]["given"]}],
                            "issued": {"date-parts": [[2017]]}}
    if doi:
        data["DOI"] = doi
    return Reference.from_csl(data)


def test_the_default_order(config: Any) -> None:
    assert [f.__name__ for f in IDENTIFY] == ["cited_doi", "cited_pmid", "cited_arxiv_isbn", "curated_record",
                                            "citation_match"]


def test_a_replaced_identify_list_is_used(server: FixtureServer, config: Any) -> None:
    doc = load_document("anal-cancer-immunotherapy")
    ref = doc.references[3]
    checker = Checker(document=doc, resolver=Resolver(config.with_(offline=True)), offline=True, identify=[cited_doi])
    result = checker.check_one(1, "k", ref, checker.curated.find(ref) if checker.curated else None,
                               bibliography_style([ref]))
    assert result.record is None  # the curated record was not asked for
    with_curated = Checker(document=doc, resolver=Resolver(config.with_(offline=True)), offline=True,
                           identify=[cited_doi, curated_record])
    result = with_curated.check_one(1, "k", ref, with_curated.curated.find(ref) if with_curated.curated else None,
                                    bibliography_style([ref]))
    assert result.record is not None and result.source == "curated record"


def test_a_failed_lookup_is_kept_on_the_case(server: FixtureServer, config: Any) -> None:
    server.faults["/works/10.1038/ng.3834"] = ["503"] * 20
    checker = Checker(resolver=Resolver(config), identify=[cited_doi])
    case = Case(1, "k", _cited("10.1038/ng.3834"), None, None)
    identify_and_fetch(checker, case)
    assert case.record is None and len(case.lookups) == 1
    assert case.lookups[0].origin == "cited-doi" and type(case.lookups[0].error).__name__ == "ServiceError"
    report = checker.run([_cited("10.1038/ng.3834")])
    codes = [f.code for f in report.references[0].findings]
    assert Code.LOOKUP_FAILED in codes and Code.UNRESOLVABLE_DOI not in codes and Code.UNVERIFIED not in codes

"""Check rules read a record's typed relations and origin, whatever service (or file) they came from.

The records here are CSL-JSON text, as a user's file or an earlier ``citekit resolve -o`` holds
them: no Crossref message is involved, so a rule that parsed Crossref's layout would find nothing.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from citekit import formats
from citekit.check.codes import Code, Severity
from citekit.check.rules import DEFAULT_RULES, Context
from citekit.check.sources import CURATED, source_label
from citekit.model import Reference

RECORD: dict[str, Any] = {
    "id": "r", "type": "article-journal", "DOI": "10.5555/paper.1", "title": "A study of things",
    "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]},
    "container-title": "Journal of Things", "volume": "4", "page": "10-20",
}


def _record(custom: dict[str, Any]) -> Reference:
    text = json.dumps([{**RECORD, "custom": custom}])
    result = formats.loads(text, "csl-json")
    assert not result.warnings
    (ref,) = result.items
    return ref


def _findings(record: Reference) -> list[Any]:
    cited = Reference.from_csl({k: v for k, v in RECORD.items() if k != "id"} | {"id": "c"})
    ctx = Context(1, "c", cited, record, source_label(record))
    return [f for rule in DEFAULT_RULES for f in rule(ctx)]


def test_notices_from_a_csl_json_file_are_reported_with_who_and_when() -> None:
    record = _record({"source": "crossref", "relations": [
        {"type": "retraction", "deposited-as": "retraction", "DOI": "10.5555/notice.9", "source": "retraction-watch",
         "date": "2024-05-01"},
        {"type": "correction", "deposited-as": "erratum", "DOI": "10.5555/erratum.2", "source": "publisher",
         "date": "2021-02"},
        {"type": "expression-of-concern", "DOI": "10.5555/eoc.3"},
    ]})
    found = {(f.code, f.severity, f.record): f.message for f in _findings(record)}
    assert found[(Code.RETRACTED, Severity.ERROR, "10.5555/notice.9")] == \
        "retracted: retraction 10.5555/notice.9 (retraction-watch, 2024-05-01)"
    assert found[(Code.CORRECTED, Severity.WARNING, "10.5555/erratum.2")] == \
        "a correction was published: erratum 10.5555/erratum.2 (publisher, 2021-02)"
    assert found[(Code.RETRACTED, Severity.WARNING, "10.5555/eoc.3")] == \
        "expression of concern: expression of concern 10.5555/eoc.3 (publisher, undated)"
    assert len(found) == 3


def test_a_record_that_is_itself_the_notice_is_not_retracted() -> None:
    """``inverse``: this record *is* a retraction notice of another work (Crossref's ``update-to``)."""
    record = _record({"relations": [{"type": "retraction", "inverse": True, "DOI": "10.5555/other.1"}]})
    assert [f for f in _findings(record) if f.code in (Code.RETRACTED, Code.CORRECTED)] == []


def test_published_version_and_new_version_are_superseded() -> None:
    preprint = _record({"relations": [{"type": "published-version", "deposited-as": "is-preprint-of",
                                       "DOI": "10.5555/final.7", "id-type": "doi"}]})
    (f,) = [f for f in _findings(preprint) if f.code == Code.SUPERSEDED]
    assert f.record == "10.5555/final.7" and "published version is 10.5555/final.7" in f.message
    versioned = _record({"relations": [
        {"type": "new-version", "DOI": "10.5555/PAPER.1"},  # a re-deposit of the same DOI: no new work
        {"type": "new-version", "DOI": "10.5555/paper.2"}]})
    (g,) = [f for f in _findings(versioned) if f.code == Code.SUPERSEDED]
    assert g.record == "10.5555/paper.2"


def test_other_relations_say_nothing() -> None:
    record = _record({"relations": [{"type": "other", "deposited-as": "is-review-of", "DOI": "10.5555/r"},
                                    {"type": "preprint", "deposited-as": "has-preprint", "DOI": "10.1101/x"}]})
    assert [f for f in _findings(record) if f.code in (Code.SUPERSEDED, Code.RETRACTED, Code.CORRECTED)] == []


def test_source_labels_name_the_service_once() -> None:
    assert source_label(_record({"source": "doi.org"})) == "doi.org"
    assert source_label(_record({"source": "doi.org", "agency": "DataCite"})) == "doi.org (DataCite)"
    assert source_label(Reference.from_csl(RECORD)) == CURATED
    fetched = _record({"source": "crossref", "fetched-at": "2026-11-24T09:30:00+00:00"})
    assert source_label(fetched, today=date(2027, 1, 1)) == "Crossref 2026-11-24"
    assert source_label(fetched, offline=True) == "Crossref 2026-11-24 (cache)"
    assert source_label(_record({"source": "crossref"}), today=date(2027, 1, 1)) == "Crossref 2027-01-01"
    assert source_label(_record({"source": "pubmed"})) == "PubMed"
    assert source_label(_record({"source": "arxiv"})) == "arXiv"
    assert source_label(_record({"source": "google-books"})) == "Google Books"

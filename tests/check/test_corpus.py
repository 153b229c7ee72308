"""The planted-error corpus checked online against the local server serving the real recorded records.

Every planted error must be found with its code (and severity); no correct citation may get an
error-level finding. The two bibliographies are checked separately so that planted copies of a
record are not duplicates of its correct citation.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from citekit.check import check
from citekit.check.report import Report
from citekit.model import Reference
from tests.check.conftest import FixtureServer
from tests.check.corpus import PLANTED_SEVERITY, Case, build

CORRECT, PLANTED, EXTRA, SEARCH = build()


def _run(cases: list[Case], server: FixtureServer, config: Any) -> Report:
    server.extra_works.update(EXTRA)
    server.search_items = SEARCH
    return check([Reference.from_csl(c.item) for c in cases], config=config)


def test_corpus_size_and_kinds() -> None:
    assert len(CORRECT) >= 40
    planted = Counter(c.planted for c in PLANTED if c.planted)
    assert sum(planted.values()) >= 40
    assert set(planted) == set(PLANTED_SEVERITY) and min(planted.values()) >= 2


def test_no_error_on_a_correct_citation(server: FixtureServer, config: Any) -> None:
    report = _run(CORRECT, server, config)
    errors = [str(f) for f in report.all_findings if f.severity == "error"]
    assert errors == []
    assert all(r.source and r.source.startswith("Crossref") for r in report.references)




def test_every_planted_error_is_found(server: FixtureServer, config: Any) -> None:
    report = _run(PLANTED, server, config)
    missed = []
    for number, case in enumerate(PLANTED, start=1):
        found = {(str(f.code), str(f.severity)) for f in report.for_ref(number)}
        if case.planted is None:
            assert not [f for f in found if f[1] == "error"], (case.item["id"], found)
            continue
        want = PLANTED_SEVERITY[case.planted]
        if not any(code == case.planted and (want is None or sev == want) for code, sev in found):
            missed.append((case.item["id"], case.planted, sorted(found)))
        if case.planted == "missing-identifier":  # the DOI the report offers is the record's own
            offered = [f.record for f in report.for_ref(number) if f.code == "missing-identifier"]
            assert [o.lower() for o in offered if o] == [case.doi.lower()], case.item["id"]
    assert missed == []


def test_every_finding_names_reference_field_and_source(server: FixtureServer, config: Any) -> None:
    report = _run(PLANTED, server, config)
    for f in report.all_findings:
        assert f.ref is not None and f.key, f
        if f.code not in ("unverified", "missing-identifier", "unresolvable-doi"):
            assert f.source, f
    sources = {r.source for r in report.references if r.source}
    assert sources and all(s.startswith("Crossref ") for s in sources)


def test_offline_answers_from_the_cache_filled_online(server: FixtureServer, config: Any) -> None:
    cases = CORRECT[:8] + [c for c in PLANTED if c.planted in ("volume-mismatch", "corrected")]
    online = _run(cases, server, config)
    asked = len(server.requests)
    offline = check([Reference.from_csl(c.item) for c in cases], config=config.with_(offline=True))
    assert len(server.requests) == asked  # not one request more
    # offline, every record is the cached one, dated by the day its answer was received
    assert all(re.fullmatch(r"Crossref \d{4}-\d\d-\d\d \(cache\)", r.source or "") for r in offline.references)
    assert [r.source for r in offline.references] == [f"{r.source} (cache)" for r in online.references]
    key = [(f.ref, str(f.code), str(f.severity), f.cited, f.record) for f in online.all_findings]
    assert [(f.ref, str(f.code), str(f.severity), f.cited, f.record) for f in offline.all_findings] == key

"""Resolution end to end against the local server: Crossref, doi.org fallback, NCBI, batches, offline."""

from __future__ import annotations

import copy
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from citekit.errors import InvalidIdentifier, NotFound, ServiceError
from citekit.ids import DOI, PMCID, PMID
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.http import OfflineMiss

from .conftest import REAL, WORKS, FixtureServer
from .test_mapping import CONSTRUCTED_ESUMMARY

RECORDED = sorted(WORKS)  # the DOIs of every recorded work


@pytest.fixture()
def resolver(config: ResolverConfig) -> Any:
    r = Resolver(config)
    yield r
    r.close()


def test_resolve_doi_from_crossref(server: FixtureServer, resolver: Resolver, schema_validator: Any) -> None:
    ref = resolver.resolve("https://doi.org/10.1038/NG.3834")
    assert ref.doi == "10.1038/ng.3834" and ref.extensions.origin.service == "crossref"
    assert not list(schema_validator.iter_errors([ref.to_csl()]))
    assert server.paths() == ["/works/10.1038/ng.3834"]


def test_origin_dates_the_answer_and_a_cached_answer_keeps_its_date(server: FixtureServer, config: ResolverConfig) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    first = Resolver(config)
    live = first.resolve("10.1038/ng.3834").extensions.origin
    first.close()
    after = datetime.now(UTC)
    assert live.fetched is not None and before <= live.fetched <= after
    time.sleep(1.1)  # (fetched-at has whole seconds)
    second = Resolver(config)
    cached = second.resolve("10.1038/ng.3834").extensions.origin
    second.close()
    assert len(server.requests) == 1  # the second answer came from the cache ...
    assert cached.fetched_at == live.fetched_at  # ... and is dated by when it was received, not now


def test_datacite_doi_goes_through_doi_org(server: FixtureServer, resolver: Resolver, schema_validator: Any) -> None:
    ref = resolver.resolve("10.5281/zenodo.30799")
    assert ref.extensions.origin.service == "doi.org" and ref.type == "report"
    assert ref.title.startswith("D2.1: Artefact")
    assert not list(schema_validator.iter_errors([ref.to_csl()]))
    assert server.paths() == ["/works/10.5281/zenodo.30799", "/doi/10.5281/zenodo.30799",
                              "/v1/works/10.5281/zenodo.30799/transform"]
    assert server.requests[1].headers["accept"] == "application/vnd.citationstyles.csl+json"


def test_unknown_doi_is_not_found_naming_it(server: FixtureServer, resolver: Resolver) -> None:
    with pytest.raises(NotFound) as info:
        resolver.resolve("10.1126/foo")
    assert info.value.item == "10.1126/foo" and "doi.org" in str(info.value)


def test_invalid_identifier(resolver: Resolver) -> None:
    with pytest.raises(InvalidIdentifier, match="'nonsense'"):
        resolver.resolve("nonsense")


def test_resolve_pmid_and_pmcid(server: FixtureServer, resolver: Resolver) -> None:
    ref = resolver.resolve("PMID: 28806736")
    assert ref.pmid == "28806736" and ref.doi == "10.1371/journal.pone.0182390"
    q = server.requests[-1].query
    assert q["tool"] == ["citekit"] and q["email"] == ["tests@citekit.invalid"] and q["id"] == ["28806736"]
    # PMC2883744 → PMID 20495566 (recorded ID-converter body) → ESummary (constructed body, see test_mapping)
    constructed = copy.deepcopy(CONSTRUCTED_ESUMMARY)
    doc = constructed["result"].pop("31978945")
    doc["uid"] = "20495566"
    constructed["result"] = {"uids": ["20495566"], "20495566": doc}
    server.esummary_body = json.dumps(constructed).encode()
    ref = resolver.resolve("PMC2883744")
    assert ref.pmid == "20495566" and ref.pmcid == "PMC2883744"
    assert any(r.path == "/idconv/" and r.query["ids"] == ["PMC2883744"] for r in server.requests)


def test_ncbi_api_key_is_sent(server: FixtureServer, config: ResolverConfig) -> None:
    r = Resolver(config.with_(ncbi_api_key="k123"))
    r.resolve(PMID(28806736))
    assert server.requests[-1].query["api_key"] == ["k123"]


# ------------------------------------------------------------------ batches
def test_resolve_many_batches_and_maps_back(server: FixtureServer, resolver: Resolver) -> None:
    dois = RECORDED[:12]
    inputs = [d.upper() for d in dois] + ["10.5281/ZENODO.30799", "10.1126/foo", "garbage", dois[0], "28806736"]
    seen: list[tuple[int, int]] = []
    results = resolver.resolve_many(inputs, progress=lambda d, t: seen.append((d, t)))
    assert [r.query for r in results] == inputs
    for r, d in zip(results[:12], dois, strict=True):
        assert r.ok and r.reference.doi.lower() == d
    assert results[12].ok and results[12].reference.extensions.origin.service == "doi.org"
    assert isinstance(results[13].error, NotFound) and not results[13].ok
    assert isinstance(results[14].error, InvalidIdentifier)
    assert results[15].reference.doi.lower() == dois[0]
    assert results[16].reference.pmid == "28806736"
    lists = [r for r in server.requests if r.path == "/works"]
    assert len(lists) == 1
    assert set(lists[0].query["filter"][0].split(",")) == {f"doi:{d}" for d in dois} | {
        "doi:10.5281/zenodo.30799", "doi:10.1126/foo"}
    assert not any(r.path.startswith("/works/10.1") and r.path[7:].lower() in dois for r in server.requests)
    assert seen[-1] == (len(inputs), len(inputs))
    # warm: every record now answers from the cache, under its own /works/{doi} key
    before = len(server.requests)
    again = resolver.resolve_many(inputs[:12])
    assert all(r.ok for r in again) and len(server.requests) == before
    assert resolver.resolve(dois[3]).doi.lower() == dois[3] and len(server.requests) == before


def _renamed(n: int) -> dict[str, dict[str, Any]]:
    """Renamed copies of one recorded message (constructed: only the DOI differs), to batch many DOIs."""
    msg = json.loads((REAL / "crossref-works" / "10.1038_srep16696.json").read_text())["message"]
    out = {}
    for i in range(n):
        m = dict(msg, DOI=f"10.5555/batch.{i}")
        out[m["DOI"]] = m
    return out


def test_batches_of_fifty(server: FixtureServer, config: ResolverConfig) -> None:
    server.extra_works = _renamed(120)
    resolver = Resolver(config.with_(max_bytes=20_000_000))  # 50 full records are > 1 MB
    results = resolver.resolve_many(list(server.extra_works))
    assert all(r.ok for r in results)
    lists = [r for r in server.requests if r.path == "/works"]
    assert sorted(len(r.query["filter"][0].split(",")) for r in lists) == [20, 50, 50]
    assert len(server.requests) == 3


def test_list_over_the_size_cap_falls_back_to_singles(server: FixtureServer, resolver: Resolver) -> None:
    server.extra_works = _renamed(60)  # 50 records of ~25 kB exceed the 1 MB cap of the test config
    results = resolver.resolve_many(list(server.extra_works))
    assert all(r.ok for r in results)
    assert len([r for r in server.requests if r.path == "/works"]) == 2
    assert len([r for r in server.requests if r.path.startswith("/works/")]) == 50


def test_failed_list_falls_back_to_single_requests(server: FixtureServer, resolver: Resolver) -> None:
    server.faults["/works"] = ["500"] * 10
    dois = RECORDED[:3]
    results = resolver.resolve_many(dois)
    assert all(r.ok for r in results)
    assert sorted(r.path for r in server.requests if r.path != "/works") == sorted(f"/works/{d}" for d in dois)


def test_one_failure_does_not_abort_the_batch(server: FixtureServer, resolver: Resolver) -> None:
    server.faults["/works"] = ["500"] * 10
    server.faults[f"/works/{RECORDED[1]}"] = ["503"] * 10
    results = resolver.resolve_many(RECORDED[:3])
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, ServiceError) and results[1].error.item == RECORDED[1]


def test_offline_batch_answers_from_cache_only(server: FixtureServer, config: ResolverConfig) -> None:
    online = Resolver(config)
    online.resolve_many(RECORDED[:2])
    online.close()
    before = (server.connections, len(server.requests))
    offline = Resolver(config.with_(offline=True))
    results = offline.resolve_many(RECORDED[:3])
    assert [r.ok for r in results] == [True, True, False]
    assert isinstance(results[2].error, OfflineMiss)
    assert (server.connections, len(server.requests)) == before


def test_identifiers_accepted_as_objects(server: FixtureServer, resolver: Resolver) -> None:
    results = resolver.resolve_many([DOI("10.1038/ng.3834"), PMID(28806736), PMCID(2883744)])
    assert results[0].ok and results[1].ok
    assert results[2].identifier == PMCID(2883744)


def test_module_level_functions(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.resolve import resolve, resolve_many

    assert resolve("10.1038/ng.3834", config=config).doi == "10.1038/ng.3834"
    (res,) = resolve_many(["10.1038/srep16696"], config=config)
    assert res.ok


def test_progress_bar_only_for_terminals(capsys: Any) -> None:
    from citekit.cli.resolve import _Bar

    _Bar(False)(1, 2)
    _Bar(True)(1, 4)
    _Bar(True)(4, 4)
    err = capsys.readouterr().err
    assert "1/4" in err and "4/4" in err and err.endswith("\n") and "1/2" not in err


def test_citekit_resolve_is_the_function_even_after_the_package_was_imported(server: FixtureServer,
                                                                             config: ResolverConfig) -> None:
    import citekit
    import citekit.resolve.api  # would bind citekit.resolve to the package without citekit._lazy

    assert citekit.resolve is sys.modules["citekit.resolve.api"].resolve
    ref = citekit.resolve("10.1038/ng.3834", config=config)
    assert ref.doi == "10.1038/ng.3834"

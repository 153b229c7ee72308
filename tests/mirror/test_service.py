"""The ``mirror`` resolver service: DOIs and match candidates from the local mirror, before any request."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from citekit.errors import WrongRecord
from citekit.mirror import MirrorStore
from citekit.mirror.index import index_row
from citekit.mirror.store import encode
from citekit.resolve import crossref
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.match import Matcher
from tests.mirror.conftest import offline_env


def _resolver(base: str, mirror: Path | None) -> Resolver:
    return Resolver(ResolverConfig(crossref_url=base, doi_url=base, ncbi_url=base, idconv_url=base + "/idconv/",
                                   cache_dir=None, retries=0, mirror_dir=mirror))


def _dump(ref: Any) -> dict[str, Any]:
    """The record as CSL-JSON, without Crossref's search score (a property of a search, not of the work)
    or the time its answer was received (of the request, not of the work)."""
    out: dict[str, Any] = ref.model_dump(by_alias=True, exclude_none=True, mode="json")
    out.get("custom", {}).pop("score", None)
    out.get("custom", {}).pop("fetched-at", None)
    return out


def test_mirror_answers_equal_crossref_answers_with_no_request(built: Path, works: list[dict[str, Any]],
                                                               network: tuple[str, list[str]]) -> None:
    base, hits = network
    via_mirror = _resolver(base, built)
    via_network = _resolver(base, None)
    changed = {w["DOI"].lower() for w in works[:2]}  # part-1 replaced these with volume 999
    for w in works:
        got = via_mirror.resolve(w["DOI"])
        if w["DOI"].lower() in changed:
            assert got.volume == "999"
            continue
        assert hits == []
        assert _dump(got) == _dump(via_network.resolve(w["DOI"]))  # a real request to the recorded body
        hits.clear()
    batch = via_mirror.resolve_many([w["DOI"] for w in works])
    assert all(r.ok for r in batch) and hits == []
    assert via_mirror.outcome().requests == 0


def test_a_doi_the_mirror_lacks_goes_to_the_network(tmp_path: Path, works: list[dict[str, Any]],
                                                    network: tuple[str, list[str]]) -> None:
    from citekit.mirror import build
    from tests.mirror.conftest import MIRROR_DATA

    build([MIRROR_DATA / "part-1.json.gz"], tmp_path / "m")  # works[24:] and two changed ones
    base, hits = network
    r = _resolver(base, tmp_path / "m")
    lacking = works[5]["DOI"]
    assert r.resolve(lacking).title is not None and len(hits) == 1
    hits.clear()
    results = r.resolve_many([lacking, works[30]["DOI"]])
    assert all(x.ok for x in results) and hits
    # only the lacking DOI was asked for (a list request, then alone: the test server answers no lists)
    assert all(lacking.lower() in unquote(h).lower() for h in hits), hits
    assert not any(works[30]["DOI"].lower() in unquote(h).lower() for h in hits)


def test_a_stored_work_of_another_doi_is_rejected(tmp_path: Path, works: list[dict[str, Any]],
                                                  network: tuple[str, list[str]]) -> None:
    store = MirrorStore(tmp_path / "m", create=True)
    with store.transaction() as db:
        store.put(db, "10.9999/asked", encode(works[0]), index_row(works[0]))
    r = _resolver(network[0], tmp_path / "m")
    with pytest.raises(WrongRecord, match="local mirror answered with the record of another DOI"):
        r.resolve("10.9999/asked")
    [result] = r.resolve_many(["10.9999/asked"])
    assert isinstance(result.error, WrongRecord)


def _citation(w: dict[str, Any]) -> str:
    """A Vancouver-like citation written from the recorded work (independent of citekit's writers)."""
    ref = crossref.work_to_reference(w)
    names = ", ".join(f"{a.family} {''.join(p[0] for p in (a.given or '').split())}".strip()
                      for a in (ref.author or [])[:3] if a.family)
    return (f"{names}. {ref.title}. {ref.container_title or ''}. {ref.year or ''};{ref.volume or ''}"
            f"{'(' + str(ref.issue) + ')' if ref.issue else ''}:{ref.page or ''}.")


def test_matcher_finds_works_in_the_mirror_without_a_request(built: Path, works: list[dict[str, Any]],
                                                             network: tuple[str, list[str]]) -> None:
    base, hits = network
    matcher = Matcher(_resolver(base, built), use_pubmed=False)
    testable = [w for w in works if w.get("title") and w.get("author") and w["DOI"].lower()
                not in {x["DOI"].lower() for x in works[:2]}]
    found = 0
    for w in testable:
        result = matcher.match(_citation(w))
        if result.best is not None:
            assert result.best.doi.lower() == w["DOI"].lower() and result.best.source == "mirror"
            found += 1
    assert hits == [] or found < len(testable)  # a request only for a citation the mirror could not match
    assert found >= 0.9 * len(testable), f"{found}/{len(testable)}"


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], capture_output=True, text=True, env=env, check=False,
                          timeout=120)


def test_cli_resolve_and_check_from_the_mirror_with_no_request(built: Path, tmp_path: Path,
                                                               works: list[dict[str, Any]],
                                                               network: tuple[str, list[str]]) -> None:
    base, hits = network
    env = offline_env(base, built)
    w = works[10]
    done = _cli(["resolve", w["DOI"]], env)
    assert done.returncode == 0, done.stderr
    [record] = json.loads(done.stdout)
    assert record["DOI"].lower() == w["DOI"].lower() and record["title"] == w["title"][0]
    # check: two cited by DOI (one with a wrong year), one by text only (matched from the mirror)
    refs = []
    for i, x in enumerate(works[10:13]):
        ref = {k: v for k, v in _dump(crossref.work_to_reference(x)).items() if k != "custom"}
        ref["id"] = f"r{i}"
        refs.append(ref)
    refs[1]["issued"] = {"date-parts": [[int(refs[1]["issued"]["date-parts"][0][0]) + 3]]}
    for key in ("DOI", "URL"):
        refs[2].pop(key, None)
    (tmp_path / "refs.json").write_text(json.dumps(refs))
    done = _cli(["check", str(tmp_path / "refs.json"), "--to", "json"], env)
    assert hits == [], hits
    assert done.returncode == 1, done.stderr  # the planted wrong year is a finding; nothing unreachable
    report = json.loads(done.stdout)
    text = json.dumps(report)
    assert "r1" in text and "year" in text.lower()
    # without the mirror the same run must ask the network (the test can fail)
    done = _cli(["resolve", w["DOI"]], offline_env(base, None))
    assert done.returncode == 0 and hits != []

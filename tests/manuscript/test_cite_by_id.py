"""Cite by identifier through the pandoc filter: ``[@doi:...]``, ``[@pmid:...]``, ``[@pmcid:...]``.

The filter runs under the real pandoc binary, its resolver pointed (CITEKIT_*_URL) at the replay
server of tests/resolve/conftest.py serving the recorded responses of tests/data/fixtures/real.
Oracles: the recorded Crossref and ESummary bodies themselves (titles, authors), and ``pandoc
--citeproc`` rendering the records the filter wrote (``citekit-write-references``) under the stable
keys: same text as the filter's.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from citekit.manuscript.byid import citation_key, standardize
from tests.manuscript.conftest import style_path
from tests.resolve.conftest import REAL, FixtureServer, server  # noqa: F401  (the fixture)

PAPER = """---
title: Identifiers
csl: {csl}
citekit-write-references: resolved.json
---

Structural variation matters [@doi:10.1038/ng.3834], as do corneal signals
[@pmid:28806736; @doi:10.1371/journal.pone.0020476, p. 4]. @doi:10.1038/NG.3834 said so first.
An unknown DOI [@doi:10.9999/no.such.work] and an unrecorded preprint [@arxiv:1706.03762] stay unresolved.
"""
UNRESOLVED = ("An unknown DOI [@doi:10.9999/no.such.work] and an unrecorded preprint [@arxiv:1706.03762] stay "
              "unresolved.\n")
assert UNRESOLVED in PAPER


def _crossref(doi: str) -> dict[str, Any]:
    body = json.loads((REAL / "crossref-works" / (doi.replace("/", "_") + ".json")).read_text(encoding="utf-8"))
    return body["message"]  # type: ignore[no-any-return]


def _env(server: FixtureServer, cache: Path, **extra: str) -> dict[str, str]:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEKIT_")}
    env.update({"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
                "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
                "CITEKIT_ARXIV_URL": server.base + "/arxiv/query", "CITEKIT_ISBN_URL": server.base + "/books/volumes",
                "CITEKIT_MAILTO": "tests@citekit.invalid", "CITEKIT_CACHE_DIR": str(cache),
                "CITEKIT_RETRIES": "0", "CITEKIT_DEADLINE": "5", **extra})
    return env


def _run(pandoc: str, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([pandoc, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False)


def test_stable_keys() -> None:
    assert standardize("doi:10.1038/NG.3834") == standardize("DOI:https://doi.org/10.1038/ng.3834") == "doi:10.1038/ng.3834"
    assert standardize("pmid:28806736") == "pmid:28806736" and standardize("pmcid:pmc2883744") == "pmcid:PMC2883744"
    key = citation_key("doi:10.1038/ng.3834")
    assert re.fullmatch(r"ck[a-z2-7]{10}", key) and key == citation_key("doi:10.1038/ng.3834")
    assert key != citation_key("doi:10.1038/ng.3835")


def test_identifiers_resolve_render_and_are_written(tmp_path: Path, pandoc: str, citekit_filter: str,
                                                    server: FixtureServer) -> None:  # noqa: F811
    (tmp_path / "paper.md").write_text(PAPER.format(csl=style_path("apa")), encoding="utf-8")
    env = _env(server, tmp_path / "cache")
    done = _run(pandoc, ["paper.md", "--filter", citekit_filter, "-t", "plain", "--wrap=none"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    chiang, boulkedid = _crossref("10.1038/ng.3834"), _crossref("10.1371/journal.pone.0020476")
    esummary = json.loads((REAL / "ncbi-esummary" / "28806736.json").read_text(encoding="utf-8"))["result"]["28806736"]
    for title in (chiang["title"][0], boulkedid["title"][0], esummary["title"].rstrip(".")):
        assert title.split(":")[0].lower() in text.lower()
    assert f"({chiang['author'][0]['family']} et al., 2017)" in text
    assert f"{chiang['author'][0]['family']} et al. (2017) said so first" in text  # author-in-text, other case
    assert "p. 4" in text
    # the unresolvable ones are named on stderr and shown as missing keys
    assert "10.9999/no.such.work" in done.stderr and "arxiv" in done.stderr
    assert "doi:10.9999/no.such.work?" in text and "arxiv:1706.03762?" in text
    written = json.loads((tmp_path / "resolved.json").read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in written) == sorted(
        citation_key(s) for s in ("doi:10.1038/ng.3834", "doi:10.1371/journal.pone.0020476", "pmid:28806736"))
    assert {i.get("DOI", "").lower() for i in written} >= {"10.1038/ng.3834", "10.1371/journal.pone.0020476"}

    # pandoc --citeproc, given the written records under the stable keys, prints the same text (IEEE;
    # under APA and Chicago citeproc title-cases "PloS one" to "PloS One" and citekit does not, and under
    # Vancouver and AMA pandoc prints the record's editor as "Review, ed.Wright JM": CSL differences)
    for style in ("ieee",):
        cited = PAPER.format(csl=style_path(style)).replace("citekit-write-references: resolved.json",
                                                             "bibliography: resolved.json")
        for ident in ("doi:10.1038/ng.3834", "doi:10.1038/NG.3834", "doi:10.1371/journal.pone.0020476", "pmid:28806736"):
            cited = cited.replace("@" + ident, "@" + citation_key(standardize(ident)))
        cited = cited.replace(UNRESOLVED, "")
        (tmp_path / "oracle.md").write_text(cited, encoding="utf-8")
        ours = PAPER.format(csl=style_path(style)).replace(UNRESOLVED, "")
        (tmp_path / "ours.md").write_text(ours, encoding="utf-8")
        oracle = _run(pandoc, ["oracle.md", "--citeproc", "-t", "plain", "--wrap=none"], tmp_path, env)
        mine = _run(pandoc, ["ours.md", "--filter", citekit_filter, "-t", "plain", "--wrap=none"], tmp_path, env)
        assert oracle.returncode == 0 and mine.returncode == 0, oracle.stderr + mine.stderr
        assert mine.stdout == oracle.stdout


def test_pandoc_cuts_a_doi_at_its_parenthesis(tmp_path: Path, pandoc: str, citekit_filter: str,
                                              server: FixtureServer) -> None:  # noqa: F811
    # 10.1016/S1470-2045(17)30104-3 is not among the recordings: the key must reach the resolver whole
    (tmp_path / "p.md").write_text("See [@doi:10.1016/S1470-2045(17)30104-3, p. 2].\n", encoding="utf-8")
    done = _run(pandoc, ["p.md", "--filter", citekit_filter, "-t", "plain"], tmp_path, _env(server, tmp_path / "c"))
    assert "doi:10.1016/S1470-2045(17)30104-3" in done.stderr
    asked = [r.path for r in server.requests if r.path.startswith("/works/")]
    assert asked and all(p.lower() == "/works/10.1016/s1470-2045(17)30104-3" for p in asked)


def test_offline_with_a_warm_cache_needs_no_socket(tmp_path: Path, server: FixtureServer,  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from citekit.manuscript.pandoc import process

    md = "[@doi:10.1038/ng.3834; @pmid:28806736; @arxiv:1605.08386; @isbn:0918024560]\n"
    doc_json = subprocess.run([_pandoc_path(), "-f", "markdown", "-t", "json"], input=md, capture_output=True,
                              text=True, check=True).stdout
    for key, value in _env(server, tmp_path / "cache").items():
        if key.startswith("CITEKIT_"):
            monkeypatch.setenv(key, value)
    warm = process(json.loads(doc_json), tmp_path)
    assert not warm.warnings and len(warm.cited) == 4
    served = len(server.requests)
    monkeypatch.setenv("CITEKIT_OFFLINE", "1")

    def no_socket(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket was opened offline")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    again = process(json.loads(doc_json), tmp_path)
    assert not again.warnings and again.cited == warm.cited
    assert json.dumps(again.doc["blocks"]) == json.dumps(warm.doc["blocks"])
    assert len(server.requests) == served
    # and offline with a cold cache: a warning naming the identifier, not a crash
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path / "cold"))
    cold = process(json.loads(doc_json), tmp_path)
    assert any("10.1038/ng.3834" in w for w in cold.warnings)


def _pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def test_pmcid_goes_through_the_id_converter(tmp_path: Path, server: FixtureServer,  # noqa: F811
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from citekit.manuscript.byid import resolve_cites

    for key, value in _env(server, tmp_path / "cache").items():
        if key.startswith("CITEKIT_"):
            monkeypatch.setenv(key, value)
    doc: dict[str, Any] = {"meta": {}, "blocks": [{"t": "Cite", "c": [[{"citationId": "pmcid:PMC2883744"}], []]}]}
    got = resolve_cites(doc, set())
    # the recorded converter answer maps PMC2883744 to PMID 20495566; the replay server holds no ESummary of
    # that PMID (it answers with 28806736's), so the resolver refuses the other record, and the filter says so
    assert [r.path for r in server.requests] == ["/idconv/", "/eutils/esummary.fcgi"]
    assert server.requests[1].query.get("id") == ["20495566"]
    assert got.references == [] and "pmcid:PMC2883744" in got.warnings[0] and "another PMID" in got.warnings[0]
    assert doc["blocks"][0]["c"][0][0]["citationId"] == "pmcid:PMC2883744"  # left as written: renders as missing


def test_render_write_references_and_offline(tmp_path: Path, server: FixtureServer) -> None:  # noqa: F811
    import sys

    (tmp_path / "p.md").write_text("Cited [@doi:10.1038/ng.3834] and [@pmid:28806736].\n", encoding="utf-8")
    env = _env(server, tmp_path / "cache")

    def render(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "citekit", "render", "p.md", "--to", "plain", *extra], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=180, check=False)

    first = render("--write-references", "refs.json")
    assert first.returncode == 0, first.stderr
    assert {i["id"] for i in json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))} == {
        citation_key("doi:10.1038/ng.3834"), citation_key("pmid:28806736")}
    served = len(server.requests)
    offline = render("--offline")
    assert offline.returncode == 0 and offline.stdout == first.stdout and len(server.requests) == served
    env["CITEKIT_CACHE_DIR"] = str(tmp_path / "cold")
    cold = render("--offline")
    assert cold.returncode == 1 and "10.1038/ng.3834" in cold.stderr and len(server.requests) == served


def test_arxiv_and_isbn_cite_resolve_render_and_work_offline(tmp_path: Path, pandoc: str, citekit_filter: str,
                                                             server: FixtureServer) -> None:  # noqa: F811
    """``[@arxiv:...]`` and ``[@isbn:...]`` through the filter, against the recorded arXiv and Google Books
    answers; then offline with the warm cache, and pandoc --citeproc on the written records as the oracle."""
    from tests.resolve.conftest import ARXIV, GOOGLE_BOOKS

    md = ("---\ncsl: {csl}\ncitekit-write-references: resolved.json\n---\n\n"
          "Hot Jupiters [@arxiv:astro-ph/0601001, p. 3] and a novel [@isbn:0-09-956043-7]; "
          "@arxiv:1111.2011v2 found more.\n")
    (tmp_path / "paper.md").write_text(md.format(csl=style_path("apa")), encoding="utf-8")
    env = _env(server, tmp_path / "cache", CITEKIT_OFFLINE="0")
    done = _run(pandoc, ["paper.md", "--filter", citekit_filter, "-t", "plain", "--wrap=none"], tmp_path, env)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    book = json.loads(GOOGLE_BOOKS["isbn:9780099560432"].read_text(encoding="utf-8"))["items"][0]["volumeInfo"]
    assert "(Gould et al., 2006, p. 3)" in done.stdout and "(Cline, 2012)" in done.stdout
    assert "Murray et al. (2011) found more" in done.stdout
    assert book["title"] in done.stdout and book["publisher"] in done.stdout
    old = ARXIV["1111.2011v2"].read_text(encoding="utf-8")
    title = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert " ".join(old.split()).count(title) == 1 and f"{title} (1111.2011v2). arXiv." in done.stdout
    written = json.loads((tmp_path / "resolved.json").read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in written) == sorted(citation_key(s) for s in (
        "arxiv:astro-ph/0601001", "isbn:9780099560432", "arxiv:1111.2011v2"))
    served = len(server.requests)
    offline = _run(pandoc, ["paper.md", "--filter", citekit_filter, "-t", "plain", "--wrap=none"], tmp_path,
                   {**env, "CITEKIT_OFFLINE": "1"})
    assert offline.returncode == 0 and offline.stdout == done.stdout and len(server.requests) == served
    # the oracle: pandoc --citeproc on the records the filter wrote, under the stable keys
    cited = md.format(csl=style_path("apa")).replace("citekit-write-references", "bibliography")
    for ident, std in (("arxiv:astro-ph/0601001", "arxiv:astro-ph/0601001"), ("isbn:0-09-956043-7", "isbn:9780099560432"),
                       ("arxiv:1111.2011v2", "arxiv:1111.2011v2")):
        cited = cited.replace("@" + ident, "@" + citation_key(std))
    (tmp_path / "oracle.md").write_text(cited, encoding="utf-8")
    oracle = _run(pandoc, ["oracle.md", "--citeproc", "-t", "plain", "--wrap=none"], tmp_path, env)
    assert oracle.returncode == 0 and oracle.stdout == done.stdout

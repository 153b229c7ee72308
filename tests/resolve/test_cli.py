"""``citekit resolve`` and ``citekit match`` as commands, against the local server via CITEKIT_* variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import FixtureServer
from .test_match import RENEAR, RENEAR_CITATION


def env_for(server: FixtureServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("CITEKIT_"):
            del env[k]
    env.update({
        "CITEKIT_CROSSREF_URL": server.base,
        "CITEKIT_DOI_URL": server.base + "/doi",
        "CITEKIT_NCBI_URL": server.base + "/eutils",
        "CITEKIT_IDCONV_URL": server.base + "/idconv/",
        "CITEKIT_MAILTO": "cli@citekit.invalid",
        "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
        **extra,
    })
    return env


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=env, check=False)


def test_resolve_prints_csl_json(server: FixtureServer, tmp_path: Path, schema_validator: Any) -> None:
    proc = run(env_for(server, tmp_path), "resolve", "10.1038/ng.3834", "PMID:28806736", "10.5281/zenodo.30799")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i.get("DOI", "").lower() for i in items] == ["10.1038/ng.3834", "10.1371/journal.pone.0182390",
                                                         "10.5281/zenodo.30799"]
    assert not list(schema_validator.iter_errors(items))
    assert "mailto:cli@citekit.invalid" in server.requests[0].headers["user-agent"]


def test_resolve_partial_failure_exit_1_names_items(server: FixtureServer, tmp_path: Path) -> None:
    proc = run(env_for(server, tmp_path), "resolve", "10.1038/ng.3834", "10.1126/foo", "bogus")
    assert proc.returncode == 2  # "bogus" is invalid input (exit 2); the others are still resolved
    assert len(json.loads(proc.stdout)) == 1
    assert "10.1126/foo: NotFound" in proc.stderr and "bogus: InvalidIdentifier" in proc.stderr


def test_resolve_from_file_and_offline(server: FixtureServer, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# my list\n10.1038/ng.3834\n\n10.1038/srep16696\n", encoding="utf-8")
    env = env_for(server, tmp_path)
    assert run(env, "resolve", "--from", str(ids)).returncode == 0
    n = len(server.requests)
    proc = run(env, "resolve", "--offline", "--from", str(ids), "10.1155/2012/291294")
    assert proc.returncode == 1 and len(json.loads(proc.stdout)) == 2
    assert "OfflineMiss" in proc.stderr and len(server.requests) == n
    proc = run(env_for(server, tmp_path, CITEKIT_OFFLINE="1"), "resolve", "10.1038/ng.3834")
    assert proc.returncode == 0 and len(server.requests) == n


def test_resolve_to_other_formats(server: FixtureServer, tmp_path: Path) -> None:
    env = env_for(server, tmp_path)
    proc = run(env, "resolve", "--to", "ris", "10.1038/ng.3834")
    assert proc.returncode == 0, proc.stderr
    assert "TY  - JOUR" in proc.stdout and "10.1038/ng.3834" in proc.stdout
    proc = run(env, "resolve", "--to", "bibtex", "10.1038/ng.3834")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith("@article") and "10.1038/ng.3834" in proc.stdout


def test_resolve_usage_errors(server: FixtureServer, tmp_path: Path) -> None:
    env = env_for(server, tmp_path)
    assert run(env, "resolve").returncode == 2
    assert run(env, "resolve", "--to", "docx", "10.1038/ng.3834").returncode == 2


def test_match_command(server: FixtureServer, tmp_path: Path) -> None:
    server.search_body = RENEAR
    env = env_for(server, tmp_path)
    proc = run(env, "match", RENEAR_CITATION)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "10.1126/science.1157784"
    assert "confidence" in proc.stderr
    proc = run(env, "match", "--json", RENEAR_CITATION)
    out = json.loads(proc.stdout)
    assert out["match"]["doi"] == "10.1126/science.1157784" and out["confident"] and out["match"]["reasons"]
    proc = run(env, "match", "Smith J. Deep learning for protein folding at scale. Nature. 2010;464:1-10.")
    assert proc.returncode == 1 and proc.stdout == "" and "no confident match" in proc.stderr

"""The README's command examples run as written; ``resolve -o`` and ``match --to json -o`` write what
the recorded services answer (the local server of tests/resolve replays tests/data/fixtures/real)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from tests.conftest import ROOT
from tests.resolve.conftest import FixtureServer
from tests.resolve.test_cli import env_for
from tests.resolve.test_match import RENEAR, RENEAR_CITATION

ITEMS = [{"id": "morris2017", "type": "article-journal", "title": "Nivolumab for anal cancer", "volume": "18",
          "container-title": "Lancet Oncol", "author": [{"family": "Morris", "given": "Van K"}],
          "issued": {"date-parts": [[2017]]}, "page": "446-453"}]


def readme_commands() -> list[str]:
    """Every ``$ citekit ...`` line of the README's console blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # "Writing a paper" needs its manuscripts: tests/manuscript/test_readme_writing.py runs it
    text = re.sub(r"^## Writing a paper\n.*?(?=^## )", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"^\$ (citekit .+)$", text, flags=re.MULTILINE)


def test_the_readme_has_examples_of_every_writer() -> None:
    names = {shlex.split(c)[1] for c in readme_commands()}
    assert {"resolve", "match", "format", "convert", "styles", "show", "parse"} <= names


@pytest.mark.parametrize("command", readme_commands())
def test_readme_example_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline with an empty cache: resolve finds nothing (exit 1), match cannot search (exit 3: "no match"
    would be a guess), but every option parses."""
    (tmp_path / "refs.json").write_text(json.dumps(ITEMS), encoding="utf-8")
    (tmp_path / "refs.bib").write_text("@article{morris2017, author = {Morris, Van K}, title = {Nivolumab for anal "
                                       "cancer}, journal = {Lancet Oncol}, year = {2017}}\n", encoding="utf-8")
    (tmp_path / "dois.txt").write_text("10.1038/ng.3834\n", encoding="utf-8")
    (tmp_path / "references").symlink_to(ROOT / "references")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    redirect = argv.index(">") if ">" in argv else None
    target = argv[redirect + 1] if redirect is not None else None
    argv = argv[:redirect] if redirect is not None else argv
    env = {"CITEKIT_OFFLINE": "1", "CITEKIT_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exit_code in (0, 1, 3), result.output
    assert "Usage:" not in result.stderr and "No such option" not in result.stderr
    if argv[0] == "resolve":
        assert result.exit_code == 1 and "OfflineMiss" in result.stderr
    elif argv[0] == "match":
        assert result.exit_code == 3 and json.loads(result.stdout)["confident"] is False
        assert "could not ask" in result.stderr and "offline" in result.stderr
    else:
        assert result.exit_code == 0, result.output
    if "-o" in argv and result.exit_code == 0:
        assert (tmp_path / argv[argv.index("-o") + 1]).stat().st_size > 0
    if target:
        assert result.stdout


def test_resolve_from_file_to_output(server: FixtureServer, tmp_path: Path, schema_validator: Any) -> None:
    ids = tmp_path / "dois.txt"
    ids.write_text("10.1038/ng.3834\n10.1038/srep16696\n", encoding="utf-8")
    out = tmp_path / "records.json"
    result = CliRunner().invoke(cli, ["resolve", "--from", str(ids), "--to", "csl-json", "-o", str(out)],
                                env=env_for(server, tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [i["DOI"].lower() for i in items] == ["10.1038/ng.3834", "10.1038/srep16696"]
    assert not list(schema_validator.iter_errors(items))


def test_match_json_to_output_and_the_old_json_flag(server: FixtureServer, tmp_path: Path) -> None:
    server.search_body = RENEAR
    env = env_for(server, tmp_path)
    out = tmp_path / "match.json"
    result = CliRunner().invoke(cli, ["match", RENEAR_CITATION, "--to", "json", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["match"]["doi"] == "10.1126/science.1157784"
    old = CliRunner().invoke(cli, ["match", "--json", RENEAR_CITATION], env=env)
    assert old.exit_code == 0 and json.loads(old.stdout)["match"]["doi"] == "10.1126/science.1157784"
    assert "citekit: note: --json is deprecated; use --to json" in old.stderr


def test_resolve_from_an_html_file_exits_2(tmp_path: Path) -> None:
    page = tmp_path / "dois.html"
    page.write_text("<!DOCTYPE html>\n<html><body>10.1038/ng.3834</body></html>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["resolve", "--from", str(page)])
    assert result.exit_code == 2 and "HTML" in result.stderr and str(page) in result.stderr

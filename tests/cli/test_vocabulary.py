"""One vocabulary on every sub-command: ``--to``, ``-o/--output``, ``-q/--quiet``, ``-v/--verbose``;
the old spellings still work (hidden, with a deprecation note); one exit-code table, the same in
``citekit --help``, in ``citekit.cli.common`` and in the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import COMMANDS, cli
from citekit.cli.common import EXIT_CODES, EXIT_INTERNAL, EXIT_UNREACHABLE, EXIT_USAGE
from tests.conftest import ROOT

#: every sub-command writes something (data, a report, a table or a list), so every one takes all four
SHARED = ["--to", "-o, --output", "-q, --quiet", "-v, --verbose"]
#: the old spellings of --to, per command: hidden from --help, still accepted
DEPRECATED = {"format": ["--as"], "check": ["--format"], "show": ["--format"], "styles": ["--format"], "match": ["--json"]}
ITEMS = [{"id": "a", "type": "article-journal", "title": "Nivolumab for anal cancer", "container-title": "Lancet Oncol",
          "author": [{"family": "Morris", "given": "Van K"}], "issued": {"date-parts": [[2017]]}, "volume": "18",
          "page": "446-453", "custom": {"origin": "test"}}]


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_subcommand_has_the_shared_options(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    missing = [opt for opt in SHARED if opt not in result.stdout]
    assert missing == [], f"citekit {name} --help lacks {missing}"
    for old in DEPRECATED.get(name, []):
        assert not re.search(rf"(^|\s){re.escape(old)}\b", result.stdout), f"{old} should be hidden in {name} --help"


def test_the_group_takes_quiet_and_verbose_and_lists_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "-q, --quiet" in result.stdout and "-v, --verbose" in result.stdout
    flat = " ".join(result.stdout.split())
    for code, meaning in EXIT_CODES:
        assert f"{code} {' '.join(meaning.split())}" in flat


def test_the_readme_exit_code_table_is_the_one_in_common() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\d+)` \| (.+?) \|$", readme, flags=re.MULTILINE)
    assert [(int(code), meaning) for code, meaning in rows] == list(EXIT_CODES)
    assert (EXIT_USAGE, EXIT_UNREACHABLE, EXIT_INTERNAL) == (2, 3, 70)


@pytest.mark.parametrize(("args", "old", "new"), [
    (["format", "{src}", "--as", "html"], "--as", "--to html"),
    (["show", "--format", "json"], "--format", "--to json"),
    (["styles", "american-medical-association", "--format", "json"], "--format", "--to json"),
])
def test_old_spellings_still_work_with_a_note(tmp_path: Path, args: list[str], old: str, new: str) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    argv = [a.replace("{src}", str(src)) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    assert f"citekit: note: {old} is deprecated; use {new}" in result.stderr
    as_new = CliRunner().invoke(cli, [a for a in argv if a not in (old,)][: -1] + new.split())
    assert as_new.exit_code == 0 and as_new.stdout == result.stdout and "deprecated" not in as_new.stderr
    quiet = CliRunner().invoke(cli, ["-q", *argv])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == result.stdout


def test_an_old_spelling_disagreeing_with_to_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    result = CliRunner().invoke(cli, ["format", str(src), "--as", "html", "--to", "markdown"])
    assert result.exit_code == 2 and "--to markdown and --as html disagree" in result.stderr


def test_quiet_drops_warnings_and_verbose_adds_details(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    normal = CliRunner().invoke(cli, ["convert", str(src), "--to", "bibtex"])
    assert normal.exit_code == 0 and "warning" in normal.stderr  # custom data has no BibTeX field
    for argv in (["-q", "convert", str(src), "--to", "bibtex"], ["convert", str(src), "--to", "bibtex", "--quiet"]):
        quiet = CliRunner().invoke(cli, argv)
        assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == normal.stdout
    verbose = CliRunner().invoke(cli, ["convert", str(src), "--to", "bibtex", "-v", "-o", str(tmp_path / "o.bib")])
    assert verbose.exit_code == 0
    assert f"{src}: 1 reference(s) read as csl-json" in verbose.stderr and f"wrote {tmp_path / 'o.bib'}" in verbose.stderr


def test_quiet_still_shows_errors(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text('[\n{"id": "a", "type": "book", "title": "T"},\n{"id": "b", "type": "book", "volume": [1]}\n]',
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "convert", str(src), "--to", "ris"])
    assert result.exit_code == 1
    assert "error" in result.stderr and "'b'" in result.stderr and "volume" in result.stderr


@pytest.mark.parametrize(("command", "to"), [("format", "html"), ("show", "markdown"), ("styles", "json"),
                                             ("parse", "ris"), ("convert", "biblatex")])
def test_output_file_holds_what_stdout_would(tmp_path: Path, command: str, to: str) -> None:
    src = tmp_path / ("refs.txt" if command == "parse" else "refs.json")
    if command == "parse":
        src.write_text("1. Morris VK, Salem ME. Nivolumab for anal cancer. Lancet Oncol. 2017;18(4):446-453.\n",
                       encoding="utf-8")
    else:
        src.write_text(json.dumps(ITEMS), encoding="utf-8")
    args = {"format": [str(src)], "show": [], "styles": ["nature"], "parse": [str(src)], "convert": [str(src)]}[command]
    out = tmp_path / f"out.{to}"
    to_stdout = CliRunner().invoke(cli, [command, *args, "--to", to])
    to_file = CliRunner().invoke(cli, [command, *args, "--to", to, "-o", str(out)])
    assert to_stdout.exit_code == to_file.exit_code == 0, to_file.output
    assert to_stdout.stdout and to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_complete_writes_another_format_with_to(tmp_path: Path) -> None:
    """``complete --to ris`` writes the completed references as RIS; the added DOI and issue are the
    seed's verified values (tests/data/seed, an independent oracle)."""
    from tests.check.conftest import DOCUMENT, seed_references

    seed = seed_references()[4]
    item = next(r for r in json.loads((DOCUMENT / "references.json").read_text(encoding="utf-8"))
                if r.get("DOI", "").lower() == seed["doi"].lower())
    cited = {k: v for k, v in item.items() if k not in ("custom", "issue", "DOI")}
    src = tmp_path / "refs.json"
    src.write_text(json.dumps([cited]), encoding="utf-8")
    out = tmp_path / "done.ris"
    result = CliRunner().invoke(cli, ["complete", str(src), "--offline", "--document", "anal-cancer-immunotherapy",
                                      "--to", "ris", "-o", str(out)], env={"CITEKIT_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 0, result.output
    ris = out.read_text(encoding="utf-8")
    assert ris.startswith("TY  - JOUR") and f"DO  - {seed['doi']}" in ris and f"IS  - {seed['issue']}" in ris
    assert "2 field(s) added" in result.stderr


def test_a_bug_exits_70_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from citekit import formats
    from citekit.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    monkeypatch.setattr(formats, "dumps", broken)
    monkeypatch.delenv("CITEKIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", str(src), "--to", "ris"])
    assert exit_info.value.code == EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert err == "citekit: internal error: ZeroDivisionError: a bug (set CITEKIT_DEBUG=1 for a traceback)\n"

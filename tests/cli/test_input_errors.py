"""Unusable input and output exit 2 on every command with one message naming the file and what is
wrong; misspelt commands, formats and styles get a suggestion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from citekit.cli import cli
from citekit.formats.encoding import looks_like as unusable

ITEMS = [{"id": "a", "type": "article-journal", "title": "Nivolumab for anal cancer", "container-title": "Lancet Oncol",
          "author": [{"family": "Morris", "given": "Van K"}], "issued": {"date-parts": [[2017]]}}]
#: the commands that read an INPUT file, with what else they need
READERS = {"convert": ["--to", "bibtex"], "format": [], "parse": [], "check": ["--offline"], "complete": ["--offline"]}
PAGE = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Immunotherapy for Anal Cancer</title></head>\n<body>\n" \
       "<ol><li>Morris VK, et al. Nivolumab. Lancet Oncol. 2017;18:446-453.</li></ol></body></html>\n"


def invoke(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, env=env)


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_OFFLINE": "1"}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("name", ["page.html", "page.txt", "refs.bib"])
def test_html_is_refused_naming_html_and_the_file(tmp_path: Path, env: dict[str, str], command: str, name: str) -> None:
    page = tmp_path / name
    page.write_text(PAGE, encoding="utf-8")
    result = invoke(command, str(page), *READERS[command], env=env)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"citekit: error: {page}: an HTML page, not a reference list")
    assert result.stdout == ""


def test_html_on_stdin_and_a_formatted_bibliography_are_refused() -> None:
    result = invoke("convert", "-", "--to", "bibtex", stdin=PAGE)
    assert result.exit_code == 2 and "<stdin>: an HTML page" in result.stderr
    fragment = '<div class="csl-bib-body">\n  <div class="csl-entry">Morris VK. Nivolumab.</div>\n</div>\n'
    assert "HTML" in (unusable(fragment.encode()) or "")


def test_xml_and_text_starting_with_a_bracket_are_not_html() -> None:
    assert unusable(b'<?xml version="1.0"?>\n<xml><records><record></record></records></xml>') is None
    assert unusable(b"<Morris VK> Nivolumab. Lancet Oncol. 2017;18:446-453.\n") is None
    assert unusable(b"@article{k, title={<b>bold</b>}}") is None


@pytest.mark.parametrize(("data", "what"), [
    (bytes(range(256)) * 8, "binary data (it contains NUL bytes)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file (binary)"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
    (bytes(range(1, 9)) * 200, "binary data (mostly control characters)"),
])
@pytest.mark.parametrize("command", ["convert", "format", "check"])
def test_binary_is_refused_naming_the_file(tmp_path: Path, env: dict[str, str], data: bytes, what: str,
                                           command: str) -> None:
    src = tmp_path / "refs.txt"
    src.write_bytes(data)
    result = invoke(command, str(src), *READERS[command], env=env)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"citekit: error: {src}: {what}") and result.stdout == ""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_refused_as_binary(tmp_path: Path, encoding: str) -> None:
    """Windows tools write BibTeX as UTF-16, with or without a byte-order mark: NUL bytes, but text."""
    src = tmp_path / "refs.bib"
    src.write_bytes("@article{k, author = {Andr\u00e9, Thierry}, title = {Nivolumab \u2013 a study}, year = {2017}}\n"
                    .encode(encoding))
    assert unusable(src.read_bytes()) is None  # NUL bytes, but UTF-16 text: the sniffer decodes before judging
    result = invoke("convert", str(src), "--to", "csl-json")
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)[0]
    assert item["author"][0]["family"] == "Andr\u00e9" and item["title"] == "Nivolumab \u2013 a study"
    assert "UTF-16" in result.stderr


def test_latin1_text_is_read_not_refused(tmp_path: Path) -> None:
    src = tmp_path / "refs.bib"
    src.write_bytes("@article{k, author = {Andr\u00e9, Thierry}, title = {Nivolumab}, year = {2017}}\n".encode("latin-1"))
    result = invoke("convert", str(src), "--to", "csl-json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["author"][0]["family"] == "Andr\u00e9"
    assert "Latin-1" in result.stderr


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("content", ["", "this is not bibtex at all\n}}}\n"])
def test_a_bib_file_with_no_references_exits_2_naming_it(tmp_path: Path, env: dict[str, str], command: str,
                                                         content: str) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(content, encoding="utf-8")
    result = invoke(command, str(src), *READERS[command], env=env)
    if command == "parse" and content:  # parse reads any text as citations: one unparsed line, kept as a note
        assert result.exit_code == 1 and f"{src}" in result.stderr
        return
    assert result.exit_code == 2, result.output
    assert f"citekit: error: {src}: no references read" in result.stderr


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_missing_file_exits_2_naming_it(tmp_path: Path, env: dict[str, str], command: str) -> None:
    missing = tmp_path / "nowhere.json"
    result = invoke(command, str(missing), *READERS[command], env=env)
    assert result.exit_code == 2
    assert result.stderr == f"citekit: error: {missing}: cannot read: No such file or directory\n"


#: every command with -o, and the arguments it needs to get that far
WRITERS = {"convert": ["{src}", "--to", "ris"], "format": ["{src}"], "parse": ["{src}"], "show": [], "styles": [],
           "resolve": ["10.1038/ng.3834"], "match": ["Morris VK. Nivolumab. Lancet Oncol. 2017;18:446-453."],
           "check": ["{src}"], "complete": ["{src}"]}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_output_in_a_missing_folder_exits_2_before_any_work(tmp_path: Path, env: dict[str, str], command: str) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    target = tmp_path / "missing" / "dir" / "report.html"
    args = [a.replace("{src}", str(src)) for a in WRITERS[command]]
    result = invoke(command, *args, "-o", str(target), env=env)
    assert result.exit_code == 2, result.output
    assert f"cannot write '{target}': folder '{target.parent}' does not exist" in result.stderr
    assert not (tmp_path / "missing").exists() and not (tmp_path / "cache").exists()  # refused before any work


def test_an_output_that_is_a_folder_or_inside_a_file_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    result = invoke("convert", str(src), "--to", "ris", "-o", str(tmp_path))
    assert result.exit_code == 2 and f"'{tmp_path}' is a folder, not a file" in result.stderr
    result = invoke("convert", str(src), "--to", "ris", "-o", str(src / "out.ris"))
    assert result.exit_code == 2 and f"cannot write '{src / 'out.ris'}': '{src}' is a file, not a folder" in result.stderr


def test_a_misspelt_style_gets_the_closest_names(tmp_path: Path) -> None:
    src = tmp_path / "x.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    result = invoke("format", str(src), "--style", "amaa")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no CSL style named 'amaa'" in result.stderr
    assert "did you mean american-medical-association or" in result.stderr  # the family head first
    for typo, wanted in [("apa7", "apa"), ("vancover", "vancouver"), ("nature-journal", "nature"), ("ieee-x", "ieee")]:
        got = invoke("convert", str(src), "--to", "text", "--style", typo)
        assert got.exit_code == 2 and f"did you mean {wanted}" in got.stderr, (typo, got.stderr)


def test_a_misspelt_format_or_command_gets_a_suggestion(tmp_path: Path) -> None:
    src = tmp_path / "x.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    to = invoke("convert", str(src), "--to", "bibtx")
    assert to.exit_code == 2 and "'bibtx' is not one of" in to.stderr and "Did you mean 'bibtex'" in to.stderr
    frm = invoke("format", str(src), "--from", "csljson2")
    assert frm.exit_code == 2 and "unknown format 'csljson2'" in frm.stderr and "'csl-json'" in frm.stderr
    cmd = invoke("conver", str(src))
    assert cmd.exit_code == 2 and "No such command 'conver'. Did you mean 'convert'?" in cmd.stderr
    assert "Did you mean" not in invoke("zzzzzz").stderr


def test_styles_searches_words_of_names_and_titles() -> None:
    result = invoke("styles", "Modern Language", "--to", "json")
    assert result.exit_code == 0
    names = {r["name"]: r["title"] for r in json.loads(result.stdout)}
    assert "modern-language-association" in names and "MLA" in names["modern-language-association"]
    assert "pmla" in names  # "Publications of the Modern Language Association" (title words)
    mla = {r["name"] for r in json.loads(invoke("styles", "mla", "--to", "json").stdout)}
    assert "modern-language-association" in mla  # title "MLA Handbook ..."
    assert not [n for n in mla if n.startswith("istanbul")]  # "Programlar" holds "mla" but no word starts with it
    none = invoke("styles", "amaa")
    assert none.exit_code == 0 and "no style matches 'amaa'; did you mean american-medical-association" in none.stderr


def test_resolve_from_a_missing_or_binary_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "dois.txt"
    result = invoke("resolve", "--from", str(missing))
    assert result.exit_code == 2 and result.stderr == f"citekit: error: {missing}: cannot read: No such file or directory\n"
    missing.write_bytes(b"\x00\x01binary")
    result = invoke("resolve", "--from", str(missing))
    assert result.exit_code == 2 and f"{missing}: binary data" in result.stderr


@pytest.mark.parametrize("command", ["convert", "check"])
def test_a_write_that_fails_late_exits_2_naming_the_file(tmp_path: Path, env: dict[str, str], command: str) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    # /proc exists (the early check passes) but no file can be created in it (Linux, as CI runs)
    args = [str(src), "--to", "ris"] if command == "convert" else [str(src), "--offline"]
    result = invoke(command, *args, "-o", "/proc/report.out", env=env)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("citekit: error: /proc/report.out: cannot write")

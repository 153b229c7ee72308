"""Bad files (issue 13, items 13, 15, 16, 17): each input of the issue, with what the user must see.

13. CSL-JSON with a number of more than 4,300 digits, or arrays nested 1,500 deep: that item fails
    with a message naming its line and id, the good items around it load, exit 1 (not 70).
15. UTF-16 ``.bib`` files, with and without a byte-order mark (JabRef's own test files, copied into
    ``tests/data/bibtex-real/``), read as the same entries as their UTF-8 transcoding.
16. ``\\input{...}`` in a BibTeX value is kept as text with a warning; whitespace in a DOI/URL and
    NUL bytes in a field are removed with a warning; a DOI holding a TeX command is written
    percent-encoded, never raw.
17. ``-o`` keeps the mode of the file it replaces and gives a new file the umask's mode.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.formats import loads, read, write_atomic
from citekit.formats.encoding import decode as decode_bytes
from tests.conftest import ROOT

REAL = ROOT / "tests" / "data" / "bibtex-real"
GOOD = {"id": "good", "type": "book", "title": "Good"}
AFTER = {"id": "after", "type": "book", "title": "After"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False)


# ----------------------------------------------------------------- 13: CSL-JSON numbers and depth

def _with_bad_middle(bad_value: str) -> str:
    return "[\n" + json.dumps(GOOD) + ',\n{"id": "bad", "type": "book", "volume": ' + bad_value + "},\n" + json.dumps(AFTER) + "\n]\n"


@pytest.mark.parametrize(
    ("bad_value", "why"),
    [("9" * 4301, "more than 4,300 digits"), ("[" * 1500 + "]" * 1500, "nested too deeply")],
    ids=["4301-digit-number", "arrays-1500-deep"],
)
def test_csljson_refused_item_is_a_failed_entry_and_the_rest_load(bad_value: str, why: str) -> None:
    result = loads(_with_bad_middle(bad_value), "csl-json")
    assert [r.id for r in result.items] == ["good", "after"]
    [failed] = result.failed
    assert failed.line == 3 and failed.item == "bad" and why in failed.error


def test_csljson_refused_item_exits_1_not_70(tmp_path: Path) -> None:
    src = tmp_path / "items.json"
    src.write_text(_with_bad_middle("[" * 1500 + "]" * 1500), encoding="utf-8")
    proc = run("convert", str(src), "--to", "csl-json")
    assert proc.returncode == 1, proc.stderr
    assert [i["id"] for i in json.loads(proc.stdout)] == ["good", "after"]
    assert f"{src}: error: line 3, entry 'bad'" in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_csljson_single_object_too_deep_is_a_failed_entry() -> None:
    result = loads('{"id": "x", "type": "book", "note": ' + "[" * 1500 + "]" * 1500 + "}", "csl-json")
    assert result.items == [] and "nested too deeply" in result.failed[0].error


# ----------------------------------------------------------------- 15: UTF-16 BibTeX

UTF16 = sorted(REAL.glob("01*.bib"))


def test_the_six_jabref_utf16_files_are_here() -> None:
    assert len(UTF16) == 6


@pytest.mark.parametrize("path", UTF16, ids=[p.name for p in UTF16])
def test_utf16_bib_reads_like_its_utf8_transcoding(path: Path) -> None:
    data = path.read_bytes()
    # the oracle: Python's own codec, told the encoding (the file name says it; BE unless "LE")
    codec = "utf-16-le" if "LE" in path.name else "utf-16-be"
    expected = data.decode(codec).lstrip("\ufeff")
    result = read(path)
    assert result.items, "read as an empty list"
    assert [r.to_csl() for r in result.items] == [r.to_csl() for r in loads(expected, result.format).items]
    titles = {r.title for r in result.items}
    # read in sentence case (no langid: English, as pandoc reads it)
    assert titles & {"Ü ist ein umlaut", "Investigation of the best suture pattern to close a stuffed christmas turkey"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-32"])
@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("ris", "TY  - JOUR\nTI  - Über Ärzte\nAU  - Müller, J\nPY  - 2020\nER  - \n"),
        ("csl-json", '[{"id": "a", "type": "book", "title": "Über Ärzte", "author": [{"family": "Müller"}]}]'),
    ],
)
def test_utf16_and_utf32_files_of_other_formats_read(tmp_path: Path, codec: str, fmt: str, text: str) -> None:
    path = tmp_path / ("x.ris" if fmt == "ris" else "x.json")
    path.write_bytes(text.encode(codec))  # "utf-16"/"utf-32": with a BOM; -le/-be: without
    result = read(path)
    assert result.format == fmt and result.failed == []
    assert [r.title for r in result.items] == ["Über Ärzte"]


def test_utf8_latin1_and_odd_bytes_still_decode_as_before() -> None:
    assert decode_bytes("@book{a, title={é}}".encode())[0] == "@book{a, title={é}}"
    text, warnings = decode_bytes("@book{a, title={é}}".encode("latin-1"))
    assert text == "@book{a, title={é}}" and "Latin-1" in warnings[0].message
    assert decode_bytes(b"")[0] == ""


# ----------------------------------------------------------------- 16: \input, spaces, NUL, TeX in DOI

INJECTION = (
    "@article{a,\n"
    " title={Before \\input{/etc/passwd} after},\n"
    " doi={10.1000/a b\\input{/etc/passwd}},\n"
    " url={http://example.org/a b},\n"
    " note={a\x00b},\n"
    " year={2020}}\n"
)


def _warning(result: object, field: str) -> str:
    found = [w.message for w in result.warnings if w.field == field and w.item == "a"]  # type: ignore[attr-defined]
    assert found, (field, result.warnings)  # type: ignore[attr-defined]
    return found[0]


def test_input_in_a_title_is_kept_as_text_and_warned_about() -> None:
    result = loads(INJECTION, "bibtex")
    [ref] = result.items
    assert ref.title == "Before \\input{/etc/passwd} after"
    assert "\\input" in _warning(result, "title")


def test_spaces_in_doi_and_url_and_nul_in_a_field_are_removed_with_a_warning() -> None:
    result = loads(INJECTION, "bibtex")
    [ref] = result.items
    assert ref.url == "http://example.org/ab" and "whitespace" in _warning(result, "url")
    assert " " not in (ref.doi or "") and "whitespace" in _warning(result, "doi")
    assert ref.note == "ab" and "U+0000" in _warning(result, "note")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_a_doi_holding_a_tex_command_is_written_percent_encoded(fmt: str) -> None:
    from citekit.formats import dumps

    [ref] = loads(INJECTION, "bibtex").items
    dumped = dumps([ref], fmt)
    assert "\\input" not in dumped.text.replace("{\\textbackslash}input", "")
    assert "doi = {10.1000/ab%5Cinput%7B/etc/passwd%7D}" in dumped.text
    assert any(w.field == "DOI" and "percent-encoded" in w.message for w in dumped.warnings)
    # and the written file reads back with the title's command still plain text
    assert loads(dumped.text, fmt).items[0].title == ref.title


# ----------------------------------------------------------------- 17: file modes of -o

def test_write_atomic_keeps_the_mode_of_the_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_atomic_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.bib", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.bib").stat().st_mode) == 0o640


def test_convert_o_replacing_a_0644_file_keeps_0644(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps([GOOD]), encoding="utf-8")
    out = tmp_path / "out.bib"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    proc = run("convert", str(src), "--to", "bibtex", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    fresh = tmp_path / "fresh.ris"
    proc = run("convert", str(src), "--to", "ris", "-o", str(fresh))
    assert proc.returncode == 0, proc.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_writing_a_doi_or_url_with_spaces_nul_or_tex_warns_for_each(fmt: str) -> None:
    from citekit.formats import dumps
    from citekit.model import Reference

    ref = Reference.from_csl({"id": "a", "type": "book", "title": "T", "DOI": "10.1/a b\x00\\input{x}", "URL": "http://x.org/ y"})
    dumped = dumps([ref], fmt)
    assert "doi = {10.1/ab%5Cinput%7Bx%7D}" in dumped.text and "url = {http://x.org/y}" in dumped.text
    assert "\x00" not in dumped.text
    said = {(w.field, w.message.split(" (id ")[0]) for w in dumped.warnings}
    assert ("DOI", "whitespace inside removed") in said and ("DOI", "control characters removed") in said
    assert ("URL", "whitespace inside removed") in said
    assert any(f == "DOI" and "percent-encoded" in m for f, m in said)

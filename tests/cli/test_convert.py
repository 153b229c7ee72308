"""``citekit convert``: the real command in a subprocess; exit codes, stdout/stderr, atomic output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = [{"id": "a", "type": "article-journal", "title": "Nivolumab & friends: 50% of {PD-1}", "DOI": "10.1016/S1470-2045(17)30104-3"}]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], input=stdin, capture_output=True, text=True, timeout=60, check=False)


def test_convert_stdin_to_stdout() -> None:
    proc = run("convert", "-", "--to", "csl-json", stdin=json.dumps(GOOD))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == GOOD
    assert proc.stderr == ""


def test_convert_to_file_writes_it_and_prints_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(GOOD), encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run("convert", str(src), "--to", "csl-json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == GOOD


def test_bad_entries_are_reported_others_converted_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text('[\n{"id": "a", "type": "book"},\n{"id": "b", "type": "book", "volume": [1]}\n]', encoding="utf-8")
    proc = run("convert", str(src), "--to", "csl-json")
    assert proc.returncode == 1
    assert [i["id"] for i in json.loads(proc.stdout)] == ["a"]
    assert f"{src}: error: line 3, entry 'b', field 'volume'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_strict_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text('[{"id": "a", "type": "book"}, {"id": "b"}]', encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run("convert", str(src), "--to", "csl-json", "--strict", "-o", str(out))
    assert proc.returncode == 2
    assert not out.exists()
    assert "entry 'b', field 'type'" in proc.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["convert", "/no/such/file.json", "--to", "ris"], "/no/such/file.json"),
        (["convert", "-", "--to", "docx"], "--to"),
        (["convert", "-"], "--to"),
    ],
)
def test_usage_and_unreadable_input_exit_2(args: list[str], words: str) -> None:
    proc = run(*args, stdin="")
    assert proc.returncode == 2
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unrecognisable_input_exit_2(tmp_path: Path) -> None:
    # Any text may be a free-text reference list, so only non-text content is unrecognisable.
    src = tmp_path / "image.dat"
    src.write_bytes(bytes(range(256)) * 4)
    proc = run("convert", str(src), "--to", "ris")
    assert proc.returncode == 2
    assert "binary data" in proc.stderr and "image.dat" in proc.stderr


def test_help_lists_commands() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "convert" in proc.stdout and "show" in proc.stdout


def test_same_loss_in_many_entries_is_one_line_naming_them() -> None:
    items = [{"id": f"r{i}", "type": "book", "title": f"T{i}", "available-date": {"date-parts": [[2020]]}} for i in range(7)]
    proc = run("convert", "-", "--from", "csl-json", "--to", "bibtex", stdin=json.dumps(items))
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "available-date" in line]
    assert len(lines) == 1
    assert "7 entries (" in lines[0] and "(2 more)" in lines[0]
    assert all(f"[id r{i}]" in lines[0] for i in range(5))

"""``citekit parse``: the real command in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CITATIONS = ROOT / "references" / "anal-cancer-immunotherapy" / "citations.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], check=False, input=stdin, capture_output=True, text=True, timeout=60)


def test_parse_file_to_csl_json() -> None:
    proc = run("parse", str(CITATIONS))
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert len(items) == 11
    assert items[3]["container-title"] == "Lancet Oncol" and items[3]["page"] == "446-453"
    assert "11 of 11 citations parsed" in proc.stderr


def test_parse_stdin_to_bibtex_and_ris() -> None:
    text = CITATIONS.read_text(encoding="utf-8")
    bib = run("parse", "-", "--to", "bibtex", stdin=text)
    assert bib.returncode == 0, bib.stderr
    assert bib.stdout.count("@article{") == 10 and "@techreport{" in bib.stdout or bib.stdout.count("@") == 11
    assert "parse-confidence" not in bib.stderr
    ris = run("parse", "-", "--to", "ris", stdin=text)
    assert ris.returncode == 0, ris.stderr
    assert ris.stdout.count("ER  -") == 11


def test_unparseable_citation_reported_with_line_and_kept(tmp_path: Path) -> None:
    src = tmp_path / "refs.txt"
    lines = CITATIONS.read_text(encoding="utf-8").splitlines()
    src.write_text("\n".join([lines[0], "Developed by the medical and editorial content team.", lines[1]]) + "\n", encoding="utf-8")
    proc = run("parse", str(src))
    assert proc.returncode == 1
    assert f"{src}: error: line 2, entry 'ref-2'" in proc.stderr
    items = json.loads(proc.stdout)
    assert len(items) == 3 and items[1]["note"].startswith("Developed by")


def test_missing_file_is_a_usage_error() -> None:
    proc = run("parse", "/nonexistent/refs.txt")
    assert proc.returncode == 2
    assert "refs.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = run("parse", str(CITATIONS), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 11

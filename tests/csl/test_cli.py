"""``citekit format`` and ``citekit styles``: the real commands in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from citekit.csl import format_bibliography
from citekit.model import Reference

ITEMS = [{"id": "a", "type": "book", "title": "Gamma methods", "publisher": "Academic Press",
          "author": [{"family": "Zhou", "given": "Wei"}], "issued": {"date-parts": [[2018]]}},
         {"id": "b", "type": "article-journal", "title": "Alpha", "container-title": "Lancet",
          "author": [{"family": "Álvarez", "given": "Ana"}], "issued": {"date-parts": [[2020]]}, "volume": "3"}]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


def test_format_prints_the_bibliography_the_api_gives(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    proc = run("format", str(src), "--style", "apa", "--locale", "en-US")
    assert proc.returncode == 0, proc.stderr
    expected = format_bibliography([Reference.from_csl(i) for i in ITEMS], style="apa", locale="en-US")
    assert proc.stdout.splitlines() == expected.splitlines()
    # APA sorts Álvarez with the A's, before Zhou
    assert proc.stdout.startswith("Álvarez")


def test_format_html_from_stdin() -> None:
    proc = run("format", "-", "--from", "csl-json", "--style", "vancouver", "--as", "html", stdin=json.dumps(ITEMS))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('<div class="csl-bib-body">') and "csl-entry" in proc.stdout


def test_unknown_style_exits_2_with_a_message(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    proc = run("format", str(src), "--style", "no-such-style-xyz")
    assert proc.returncode == 2
    assert "no-such-style-xyz" in proc.stderr and proc.stdout == ""


def test_styles_searches_by_word() -> None:
    proc = run("styles", "nlm-citation")
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert "nlm-citation-sequence" in names


def test_styles_json() -> None:
    proc = run("styles", "american-medical-association", "--format", "json", "--independent")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {"name": "american-medical-association", "dependent": False} .items() <= next(
        r for r in rows if r["name"] == "american-medical-association").items()

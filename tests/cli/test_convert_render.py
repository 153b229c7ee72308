"""``citekit convert --to text|html|markdown --style``: a bibliography, checked against citeproc-js.

The oracle is the citeproc-js rendering recorded in tests/data/citations (made by render.js from
the same items), not citekit's own output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "citations"
STYLES = {"ama": "american-medical-association", "vancouver": "nlm-citation-sequence"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def items_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    items = [{k: v for k, v in item.items() if not k.startswith("_")} for item in json.loads((DATA / "items.json").read_text(encoding="utf-8"))]
    path = tmp_path_factory.mktemp("render") / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def citeproc_js(style: str) -> dict[str, str]:
    rows = [json.loads(line) for line in (DATA / f"corpus-{style}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["id"]: r["text"] for r in rows if r.get("engine") == "citeproc-js"}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_text_bibliography_matches_citeproc_js(items_file: Path, style: str) -> None:
    proc = run("convert", str(items_file), "--to", "text", "--style", STYLES[style])
    assert proc.returncode == 0, proc.stderr
    lines = [re.sub(r"^\d+\.\s*", "", line) for line in proc.stdout.splitlines() if line.strip()]
    ids = [item["id"] for item in json.loads(items_file.read_text(encoding="utf-8"))]
    assert len(lines) == len(ids)
    oracle = citeproc_js(style)
    compared = [(i, line) for i, line in zip(ids, lines, strict=True) if i in oracle]
    assert len(compared) >= 100
    mismatches = [(i, line, oracle[i]) for i, line in compared if line != oracle[i]]
    assert mismatches == []


def test_html_and_markdown_mark_up_the_journal(items_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "bib.html"
    proc = run("convert", str(items_file), "--to", "html", "--style", "american-medical-association", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith('<div class="csl-bib-body">') and html.count('<div class="csl-entry">') == 127
    assert "<i>" in html
    md = run("convert", str(items_file), "--to", "markdown", "--style", "apa").stdout
    assert re.search(r"\*[^*]+\*", md)


def test_unknown_style_is_a_usage_error(items_file: Path) -> None:
    proc = run("convert", str(items_file), "--to", "text", "--style", "no-such-style")
    assert proc.returncode == 2
    assert "no-such-style" in proc.stderr and "Traceback" not in proc.stderr

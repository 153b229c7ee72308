"""``citekit render``: pandoc with the citekit filter, through the CLI (real pandoc, real files)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pypandoc
import pytest

from tests.manuscript.conftest import MANUSCRIPTS


def citekit(*args: str, cwd: Path = MANUSCRIPTS, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "citekit", *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False, env={**os.environ, "CITEKIT_PANDOC": str(pypandoc.get_pandoc_path()), **(env or {})})


def test_render_html_is_a_whole_page_with_citations_and_references(tmp_path: Path) -> None:
    out = tmp_path / "paper.html"
    proc = citekit("render", "paper.md", "-o", str(out), "--style", "apa")
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8" />' in html
    assert "Morris et al. (2017)" in re.sub(r"<[^>]+>", "", html)  # author-in-text, rendered by the filter
    # every record of refs.json is cited in the text or by nocite, so each has its entry
    assert html.count('class="csl-entry"') == len(json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8")))
    assert 'id="ref-morris2017nivolumab"' in html
    assert not list(tmp_path.glob(".paper.html.*"))  # the temporary file was renamed, not left


def test_render_docx_keeps_the_journal_italics(tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    proc = citekit("render", "paper.md", "-o", str(out), "--style", "american-medical-association")
    assert proc.returncode == 0, proc.stderr
    back = subprocess.run([str(pypandoc.get_pandoc_path()), str(out), "-t", "markdown", "--wrap=none"],
                          capture_output=True, text=True, timeout=120, check=True).stdout
    assert "*Lancet Oncol*" in back  # AMA italicises the journal abbreviation


def test_missing_citation_exits_1_naming_the_key(tmp_path: Path) -> None:
    paper = tmp_path / "p.md"
    paper.write_text(f"---\nbibliography: {MANUSCRIPTS / 'refs.json'}\n---\n\nSee [@ott2017safety; @nosuch2019].\n",
                     encoding="utf-8")
    proc = citekit("render", str(paper), "--to", "plain", cwd=tmp_path)
    assert proc.returncode == 1
    assert "citation 'nosuch2019' not found" in proc.stderr
    assert "Safety and Antitumor Activity" in proc.stdout and "nosuch2019?" in proc.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["render", "nosuch.md"], "nosuch.md: no such file"),
    (["render", "paper.md", "--to", "docx"], "give -o FILE"),
    (["render", "paper.md", "-b", "nosuch.bib"], "nosuch.bib: bibliography file not found"),
    (["render", "paper.md", "--style", "nosuchstyle-xyz", "--to", "plain"], "citekit-pandoc: error: csl 'nosuchstyle-xyz'"),
])
def test_unusable_input_exits_2_with_one_clear_message(args: list[str], message: str) -> None:
    proc = citekit(*args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_pandoc_that_cannot_run_is_reported(tmp_path: Path) -> None:
    proc = citekit("render", "paper.md", "--to", "plain", env={"CITEKIT_PANDOC": str(tmp_path / "no-pandoc")})
    assert proc.returncode == 2
    assert "could not run" in proc.stderr

"""``citekit check paper.md``: a pandoc Markdown manuscript's citations against ``bibliography:`` and
``references:``, then the usual reference checks on the cited entries.

tests/data/manuscript/check/ holds a manuscript written for this test with exactly one cited key that
has no entry (``nobody2020review``, cited on lines 11 and 12), one entry never cited
(``tosatto2015single``), one entry cited only through ``nocite`` and one citation by identifier; its
.bib entries were typed from the recorded Crossref records of the same DOIs, one with a wrong year.
The usual checks run against the replay server (tests/resolve/conftest.py), so the oracle for them is
the recorded record (2017, not the .bib's 2016). The test manuscripts of the filter comparison
(paper.md: every entry cited, two through nocite; heldout.md: 20 of its 35 entries never cited) are
checked too, their counts taken from their own text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from citekit.manuscript.markdown import check_markdown, key_lines
from tests.manuscript.conftest import MANUSCRIPTS
from tests.resolve.conftest import FixtureServer, server  # noqa: F401  (the fixture)

CHECK = MANUSCRIPTS / "check"


def _run(path: Path, server: FixtureServer, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEKIT_")}
    env.update({"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
                "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
                "CITEKIT_ARXIV_URL": server.base + "/arxiv/query", "CITEKIT_ISBN_URL": server.base + "/books/volumes",
                "CITEKIT_MAILTO": "tests@citekit.invalid", "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
                "CITEKIT_RETRIES": "0", "CITEKIT_DEADLINE": "5"})
    return subprocess.run([sys.executable, "-m", "citekit", "check", str(path), *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)


def test_exactly_the_missing_and_the_uncited_then_the_usual_checks(server: FixtureServer,  # noqa: F811
                                                                     tmp_path: Path) -> None:
    done = _run(CHECK / "paper.md", server, tmp_path, "--to", "json")
    assert done.returncode == 1, done.stderr  # an error-level finding
    report: dict[str, Any] = json.loads(done.stdout)
    manuscript = [(f["code"], f["key"]) for f in report["findings"]]
    assert manuscript == [("citation-without-reference", "nobody2020review"), ("reference-not-cited", "tosatto2015single")]
    missing = report["findings"][0]
    assert missing["severity"] == "error" and "paper.md, lines 11, 12" in missing["message"]
    text = (CHECK / "paper.md").read_text(encoding="utf-8").splitlines()
    assert all("@nobody2020review" in text[n - 1] for n in (11, 12))
    # the usual checks ran on the cited entries only (nocite'd included), in order of first citation
    assert [r["key"] for r in report["references"]] == ["chiang2017impact", "boulkedid2011using"]
    recorded = json.loads((MANUSCRIPTS.parents[0] / "fixtures" / "real" / "crossref-works" / "10.1038_ng.3834.json")
                          .read_text(encoding="utf-8"))["message"]
    year = recorded["published-print"]["date-parts"][0][0]
    chiang = report["references"][0]["findings"]
    assert [f["code"] for f in chiang if f["code"] == "year-mismatch"] == ["year-mismatch"]
    assert any(str(year) in f["message"] and "2016" in f["message"] for f in chiang if f["code"] == "year-mismatch")
    assert not [f for f in report["references"][1]["findings"] if f["severity"] == "error"]
    asked = {r.path for r in server.requests}
    assert "/works/10.1038/srep16696" not in asked  # the uncited entry was not checked


def test_markdown_report_and_offline(server: FixtureServer, tmp_path: Path) -> None:  # noqa: F811
    table = _run(CHECK / "paper.md", server, tmp_path, "--to", "markdown")
    assert table.returncode == 1 and "citation-without-reference" in table.stdout and "nobody2020review" in table.stdout
    served = len(server.requests)
    offline = _run(CHECK / "paper.md", server, tmp_path, "--to", "json", "--offline")  # the cache is warm
    assert offline.returncode == 1 and len(server.requests) == served
    assert [f["key"] for f in json.loads(offline.stdout)["findings"]] == ["nobody2020review", "tosatto2015single"]


@pytest.mark.parametrize("paper", ["paper.md", "heldout.md"])
def test_the_filter_manuscripts(paper: str, pandoc: str) -> None:
    """Counts taken from the manuscripts' own text: every ``@key`` written, the bibliography's ids."""
    path = MANUSCRIPTS / paper
    text = path.read_text(encoding="utf-8")
    done = check_markdown(path, pandoc)
    ids = {i["id"] for i in json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8"))}
    front, body = text.split("\n---\n", 1)[0], text.split("\n---\n", 1)[1]
    written = set(re.findall(r"@([\w][\w:.#$%&\-+?<>~/]*\w)", body)) | set(re.findall(r"@(\w+)", front.split("nocite")[-1]))
    inline = set(re.findall(r"^- id: (\S+)", front, re.MULTILINE)) if "references:" in front else set()
    assert done.problems == []
    assert not [f for f in done.report.findings if f.code == "citation-without-reference"]
    uncited = sorted(f.key or "" for f in done.report.findings if f.code == "reference-not-cited")
    assert uncited == sorted((ids | inline) - written)
    assert {str(r.id) for r in done.cited} == written & (ids | inline)


def test_key_lines_respect_pandoc_key_boundaries() -> None:
    text = "see @smith2020.\n@smith2020a is another\n[@{smith2020}] and @smith2020:x\nmail@smith2020.org\n"
    assert key_lines(text, "smith2020") == [1, 3]


def test_no_bibliography_and_unreadable_input(tmp_path: Path, server: FixtureServer) -> None:  # noqa: F811
    (tmp_path / "bare.md").write_text("Cited [@nobody].\n", encoding="utf-8")
    done = _run(tmp_path / "bare.md", server, tmp_path)
    assert done.returncode == 2 and "bare.md" in done.stderr and "no bibliography" in done.stderr
    (tmp_path / "lost.md").write_text("---\nbibliography: gone.bib\n---\n\nCited [@x].\n", encoding="utf-8")
    lost = _run(tmp_path / "lost.md", server, tmp_path)
    assert lost.returncode == 2 and "gone.bib" in lost.stderr and "Traceback" not in lost.stderr

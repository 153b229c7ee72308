"""``citekit check paper.tex``: a LaTeX manuscript's citations against its .bib.

tests/data/manuscript/latex/ holds a manuscript over 15 real records with three planted defects,
described in paper.tex's header (the expected findings come from there, not from citekit):
a cited key with no entry (cited twice: paper.tex line 14, methods.tex line 6), an entry never
cited (saha2015physical) and a key defined twice (lin2015delay). paper.aux is what LaTeX writes for
it (with methods.aux, as for an ``\\include``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.manuscript.latex import check_manuscript, scan_bib, scan_tex
from tests.manuscript.conftest import MANUSCRIPTS

LATEX = MANUSCRIPTS / "latex"


def _planted() -> dict[str, str]:
    """The defects the manuscript's header declares: code → key."""
    head = (LATEX / "paper.tex").read_text(encoding="utf-8")
    missing = re.search(r"% (\w+) is cited but has no entry", head)
    unused = re.search(r"% .*?(\w+) is in refs.bib but never cited", head)
    dup = re.search(r"(\w+) is defined twice", head)
    assert missing and unused and dup
    return {"citation-without-reference": missing.group(1), "reference-not-cited": unused.group(1),
            "duplicate": dup.group(1)}


@pytest.mark.parametrize("name", ["paper.tex", "paper.aux"])
def test_exactly_the_planted_defects_are_found(name: str) -> None:
    done = check_manuscript(LATEX / name)
    assert done.problems == []
    found = {str(f.code): f.key for f in done.report.findings}
    assert found == _planted()
    assert len(done.report.findings) == 3
    assert done.entries == 16  # 15 records, one of them twice


def test_findings_name_the_lines() -> None:
    report = check_manuscript(LATEX / "paper.tex").report
    missing = report.by_code("citation-without-reference")[0]
    assert "paper.tex, line 14" in missing.message and "methods.tex, line 6" in missing.message
    tex = (LATEX / "paper.tex").read_text(encoding="utf-8").splitlines()
    assert "smith2019missing" in tex[13]  # line 14, counted independently
    bib = (LATEX / "refs.bib").read_text(encoding="utf-8").splitlines()
    unused = report.by_code("reference-not-cited")[0]
    line = int(re.search(r"line (\d+)", unused.message).group(1))  # type: ignore[union-attr]
    assert "saha2015physical" in bib[line - 1]
    dup_lines = [int(n) for n in re.findall(r"line (\d+)", report.by_code("duplicate")[0].message)]
    assert [("lin2015delay" in bib[n - 1]) for n in dup_lines] == [True, True]


def test_citation_commands_and_comments(tmp_path: Path) -> None:
    tex = tmp_path / "t.tex"
    lines = [
        r"\cite{a,b} \citep[see][p.~3]{c} \textcite{d} \parencite*{e}",
        r"% \cite{commented}",
        r"50\% sure \cite{f} % but not \cite{g}",
        r"\cites[12]{h}[p.~3]{i}{j} \citeauthor{k} \nocite{l} \citestyle{numeric}",
        r"\footcite[chap.~2]{m} \autocites(pre)(post){n}{o} \addbibresource{my.bib}",
    ]
    tex.write_text("\n".join(lines), encoding="utf-8")
    ms = scan_tex(tex)
    assert [c.key for c in ms.citations] == list("abcdefhijklmno")
    assert [c.line for c in ms.citations if c.key in "fh"] == [3, 4]
    assert [b.name for b in ms.bibliographies] == ["my.bib"]


def test_nocite_star_cites_everything(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text("@article{a, title={A}}\n@article{b, title={B}}\n@string{x = {y}}\n", encoding="utf-8")
    (tmp_path / "t.tex").write_text("\\cite{a}\\nocite{*}\n\\bibliography{refs}\n", encoding="utf-8")
    assert [e.key for e in scan_bib(tmp_path / "refs.bib")] == ["a", "b"]
    assert check_manuscript(tmp_path / "t.tex").report.findings == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", "check", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_cli_reports_in_json_valid_against_the_schema() -> None:
    import jsonschema

    proc = _cli(str(LATEX / "paper.tex"), "--to", "json")
    assert proc.returncode == 1  # errors found
    data = json.loads(proc.stdout)
    schema = json.loads((Path(__file__).resolve().parents[2] / "citekit/check/render/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert sorted(f["code"] for f in data["findings"]) == ["citation-without-reference", "duplicate", "reference-not-cited"]


def test_cli_without_a_bibliography_exits_2(tmp_path: Path) -> None:
    (tmp_path / "t.tex").write_text("\\cite{a}\n\\bibliography{nowhere}\n", encoding="utf-8")
    proc = _cli(str(tmp_path / "t.tex"))
    assert proc.returncode == 2
    assert "bibliography nowhere.bib not found" in proc.stderr
    assert "no bibliography entries read" in proc.stderr
    assert "Traceback" not in proc.stderr

"""``citekit show``: the real command in a subprocess; every row checked against the seed, not our output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, ROOT

NAME = "anal-cancer-immunotherapy"
FOLDER = ROOT / "references" / NAME
SEED = DATA / "seed"
MARK = "*"
NONE = "—"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "citekit", "show", *args], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )


@cache
def seed() -> dict[int, dict[str, Any]]:
    return {r["ref_number"]: r for r in json.loads((SEED / "references-verified.json").read_text(encoding="utf-8"))}


@cache
def drug_map() -> dict[int, list[str]]:
    coverage = json.loads((SEED / "drugs-to-references.json").read_text(encoding="utf-8"))["drug_coverage"]
    out: dict[int, list[str]] = {}
    for drug, refs in coverage.items():
        for n in refs:
            out.setdefault(n, []).append(drug)
    return out


def seed_unverified(n: int) -> set[str]:
    """Which shown columns the seed says are not verified for reference n."""
    r = seed()[n]
    out = set()
    if n == 2:  # "NOT verified": everything is the page's own
        out |= {"first_author", "year", "journal"}
    if "as on the page" in (r.get("authors_note") or ""):
        out.add("first_author")
    if "page's own data" in r["verification_status"]:  # ref 8: journal, year, volume, number
        out |= {"year", "journal"}
    if "version_date" in r["confidence"] and r["confidence"]["version_date"] == "unverified":
        out.add("year")
    if "INFERRED" in (r.get("doi_status") or ""):
        out.add("doi")
    if r["nct"] and "inferred" in r["nct"]:
        out.add("nct")
    return out


def expected_row(n: int) -> dict[str, Any]:
    """The row the seed implies: verified values plain, unverified ones marked."""
    r = seed()[n]
    first = r["authors"][0]
    nct = r["nct"].split()[0] if r["nct"] else None
    return {
        "number": n,
        "family": first.get("family") or first.get("literal"),
        "year": r["year"],
        "journal": r["journal_nlm_abbrev"],
        "doi": r["doi"],
        "drugs": sorted(drug_map().get(n, [])),
        "nct": nct,
        "unverified": seed_unverified(n),
    }


def split_mark(cell: str) -> tuple[str, bool]:
    return (cell[: -len(MARK)], True) if cell.endswith(MARK) else (cell, False)


def parse_table(stdout: str) -> list[list[str]]:
    lines = stdout.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("#"))
    assert set(lines[header + 1].replace(" ", "")) == {"-"}
    rows = []
    for line in lines[header + 2 :]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


@pytest.fixture(scope="module")
def table() -> subprocess.CompletedProcess[str]:
    return run()


def test_table_exits_0_and_writes_nothing_to_stderr(table: subprocess.CompletedProcess[str]) -> None:
    assert table.returncode == 0, table.stderr
    assert table.stderr == ""


def test_table_header_and_eleven_rows(table: subprocess.CompletedProcess[str]) -> None:
    header = next(line for line in table.stdout.split("\n") if line.startswith("#"))
    assert re.split(r"\s{2,}", header.strip()) == ["#", "First author", "Year", "Journal", "DOI", "Drug", "Trial"]
    rows = parse_table(table.stdout)
    assert [r[0] for r in rows] == [str(n) for n in range(1, 12)]
    assert all(len(r) == 7 for r in rows)


@pytest.mark.parametrize("n", range(1, 12))
def test_table_row_matches_the_seed(table: subprocess.CompletedProcess[str], n: int) -> None:
    row = parse_table(table.stdout)[n - 1]
    want = expected_row(n)
    author, author_marked = split_mark(row[1])
    assert author.split(" ")[0] == want["family"].split(" ")[0]
    assert author_marked is ("first_author" in want["unverified"])
    year, year_marked = split_mark(row[2])
    assert year == str(want["year"]) and year_marked is ("year" in want["unverified"])
    journal, journal_marked = split_mark(row[3])
    assert journal == (want["journal"] or NONE) and journal_marked is ("journal" in want["unverified"])
    doi, doi_marked = split_mark(row[4])
    assert doi == (want["doi"] or NONE) and doi_marked is ("doi" in want["unverified"])
    assert sorted(d.lower() for d in row[5].split(", ")) == (want["drugs"] or [NONE])
    if want["nct"]:
        marked = want["nct"] + (MARK if "nct" in want["unverified"] else "")
        assert re.search(rf"(^|\(){re.escape(marked)}(\)|$)", row[6]), row[6]
    else:
        assert row[6] == NONE


def test_legend_explains_the_mark(table: subprocess.CompletedProcess[str]) -> None:
    legend = [line for line in table.stdout.split("\n") if line.startswith(MARK + " ")]
    assert len(legend) == 1 and "not verified" in legend[0]


def test_json_format_matches_the_seed() -> None:
    proc = run("--to", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["document"]["id"] == NAME and data["document"]["revised"] == "2025-11-20"
    rows = data["references"]
    assert [r["number"] for r in rows] == list(range(1, 12))
    for row in rows:
        want = expected_row(row["number"])
        assert row["year"] == want["year"] and row["doi"] == want["doi"] and row["nct"] == want["nct"]
        assert row["journal"] == want["journal"]
        assert sorted(d.lower() for d in row["drugs"]) == want["drugs"]
        assert set(row["unverified"]) == want["unverified"], row["number"]
    assert data["legend"]


def test_markdown_format_is_a_pipe_table() -> None:
    proc = run("--to", "markdown")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.split("\n") if line.startswith("|")]
    assert len(lines) == 2 + 11
    assert lines[1].replace("|", "").replace("-", "") == ""
    for n, line in enumerate(lines[2:], start=1):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        want = expected_row(n)
        assert cells[0] == str(n)
        assert cells[4].removesuffix("\\*") == (want["doi"] or NONE)


@pytest.mark.parametrize("form", ["folder", "document.json"])
def test_document_given_as_a_path(form: str, tmp_path: Path) -> None:
    target = tmp_path / "copy"
    shutil.copytree(FOLDER, target)
    arg = str(target if form == "folder" else target / "document.json")
    proc = run(arg, "--to", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["references"]) == 11


def test_unknown_document_exits_2_with_one_message() -> None:
    proc = run("no-such-document")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().split("\n")
    assert len(lines) == 1 and "no-such-document" in lines[0] and "Traceback" not in proc.stderr


def test_broken_document_exits_2_naming_file_and_field(tmp_path: Path) -> None:
    target = tmp_path / "broken"
    shutil.copytree(FOLDER, target)
    data = json.loads((target / "document.json").read_text(encoding="utf-8"))
    data["claims"][0]["supports"][0]["ref"] = 99
    (target / "document.json").write_text(json.dumps(data), encoding="utf-8")
    proc = run(str(target))
    assert proc.returncode == 2
    assert "document.json" in proc.stderr and "claims.0.supports.0.ref" in proc.stderr


def test_bad_format_option_exits_2() -> None:
    proc = run("--to", "xml")
    assert proc.returncode == 2 and "--to" in proc.stderr


def test_help_is_listed_without_importing_pydantic() -> None:
    code = (
        "import sys; sys.argv=['citekit','show','--help']\nfrom citekit.cli import main\n"
        "try: main()\nexcept SystemExit: pass\nprint('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False).stdout
    assert "[DOCUMENT]" in out and out.strip().endswith("False")

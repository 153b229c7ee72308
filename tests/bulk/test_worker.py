"""One partition, checked in this process: the Parquet columns, the findings of `citekit check`, planted errors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from citekit.bulk import synth
from citekit.bulk.worker import check_partition, partition_name, schemas
from citekit.check.codes import Code, Severity
from tests.bulk.conftest import BULK_DATA

REFERENCE_COLUMNS = ["source", "reference", "number", "identified_by", "doi", "findings"]
FINDING_COLUMNS = ["source", "reference", "number", "code", "severity", "field", "cited", "record", "message"]


def _rows(out: Path, dataset: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(out / dataset, schema=schemas()[dataset]).to_pylist()
    return rows


def test_a_jats_file_checked_against_the_recorded_records(mirror: Path, tmp_path: Path) -> None:
    src = tmp_path / "pmc-style.nxml"
    shutil.copy(BULK_DATA / "pmc-style.nxml", src)
    got = check_partition(str(src), str(mirror), str(tmp_path / "out"))
    assert (got.references, got.problems) == (5, 1)
    name = partition_name(src)
    for dataset in ("references", "findings", "problems"):
        assert (tmp_path / "out" / dataset / name).is_file()
    refs = {r["reference"]: r for r in _rows(tmp_path / "out", "references")}
    assert list(pq.read_schema(tmp_path / "out" / "references" / name).names) == REFERENCE_COLUMNS
    assert list(pq.read_schema(tmp_path / "out" / "findings" / name).names) == FINDING_COLUMNS
    assert {k: r["doi"] for k, r in refs.items()} == {
        "B1": "10.1038/ng.3834", "B2": "10.1016/j.pediatrneurol.2015.06.002", "B3": "10.1098/rspb.2017.0132",
        "B4": "10.1371/journal.pone.0020476", "B6": "10.1007/s00120-007-1345-2"}
    assert refs["B3"]["identified_by"].startswith("mirror match") and refs["B6"]["identified_by"].startswith("mirror match")
    assert refs["B1"]["identified_by"].startswith("DOI 10.1038/ng.3834")
    errors: dict[str, set[str]] = {}
    for f in _rows(tmp_path / "out", "findings"):
        assert f["code"] in {c.value for c in Code} and f["severity"] in {s.value for s in Severity}
        if f["severity"] == "error":
            errors.setdefault(f["reference"], set()).add(f["code"])
    assert errors == {"B3": {"year-mismatch"}, "B4": {"volume-mismatch"}, "B6": {"doi-mismatch"}}
    (problem,) = _rows(tmp_path / "out", "problems")
    assert (problem["line"], problem["reference"], problem["source"]) == (51, "B5", str(src))
    assert got.problem_lines[0].startswith(f"{src}:51: entry 'B5'")


def test_an_unreadable_file_is_one_problem_and_an_empty_partition(mirror: Path, tmp_path: Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text('[{"id": "a", "type": "article-journal", "title": "x"}, {"id": ', encoding="utf-8")
    got = check_partition(str(src), str(mirror), str(tmp_path / "out"))
    assert got.problems >= 1
    assert _rows(tmp_path / "out", "problems")[0]["source"] == str(src)
    assert (tmp_path / "out" / "references" / partition_name(src)).is_file()  # committed: not tried again


def score(truth: list[tuple[str, int, str | None]], findings: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Precision and recall of each planted kind's finding code (a finding of any severity counts)."""
    flagged: dict[tuple[str, int], set[str]] = {}
    for f in findings:
        flagged.setdefault((f["source"], f["number"]), set()).add(f["code"])
    out = {}
    for kind, code in synth.KINDS.items():
        planted = {(s, n) for s, n, k in truth if k == kind}
        hits = {k for k, codes in flagged.items() if code in codes}
        tp = len(planted & hits)
        out[kind] = (tp / len(hits) if hits else 0.0, tp / len(planted) if planted else 0.0)
    return out


def test_planted_errors_are_found_in_every_input_format(mirror: Path, synth_works: list[dict[str, Any]],
                                                        tmp_path: Path) -> None:
    rates = {"doi": 0.08, "year": 0.08, "volume": 0.08, "pages": 0.08}
    truth = synth.corpus(synth_works, tmp_path / "corpus", 400, per_file=40, seed=11, rates=rates)
    for f in sorted((tmp_path / "corpus").iterdir()):
        check_partition(str(f), str(mirror), str(tmp_path / "out"))
    refs = _rows(tmp_path / "out", "references")
    assert sorted((r["source"], r["number"]) for r in refs) == sorted((s, n) for s, n, _ in truth)
    for kind, (precision, recall) in score(truth, _rows(tmp_path / "out", "findings")).items():
        assert precision >= 0.99 and recall >= 0.99, (kind, precision, recall)


@pytest.mark.parametrize("fmt", synth.FORMATS)
def test_each_format_names_the_cited_work(fmt: str, mirror: Path, synth_works: list[dict[str, Any]], tmp_path: Path) -> None:
    truth = synth.corpus(synth_works, tmp_path / "c", 12, per_file=12, seed=5, rates={}, formats=[fmt])
    check_partition(truth[0][0], str(mirror), str(tmp_path / "out"))
    refs = _rows(tmp_path / "out", "references")
    assert len(refs) == 12 and all(r["doi"] for r in refs)

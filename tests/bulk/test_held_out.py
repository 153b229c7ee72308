"""Held out: citations of the recorded real works only (not the generator's), each clean and with each planted error.

The same corpus as ``benchmarks/bench_bulk.py``'s held-out run (seed 9, 30 % without a DOI, every
input form): real titles with markup and subtitles, article numbers, real author lists, and wrong
DOIs that point at any recorded work, among them a journal issue with no title and no authors.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from citekit.bulk import synth
from citekit.bulk.worker import check_partition, schemas


def held_out(real: list[dict[str, Any]], folder: Path) -> list[tuple[str, int, str | None]]:
    """Each citable real work cited clean and with each planted kind, in every form (as the benchmark does)."""
    rng = random.Random(9)
    cited = [w for w in real if synth.citable(w)]
    truth: list[tuple[str, int, str | None]] = []
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in synth.FORMATS:
        cites = [synth.cite(w, f"h{i}-{kind}", rng, kind, real, no_doi=0.3)
                 for i, w in enumerate(cited) for kind in (None, *synth.KINDS)]
        path = folder / f"held-{fmt}{synth.SUFFIX[fmt]}"
        path.write_text(synth.render(cites, fmt), encoding="utf-8")
        truth += [(str(path), n, c.planted) for n, c in enumerate(cites, 1)]
    return truth


def test_planted_errors_in_citations_of_the_real_works(mirror: Path, real_works: list[dict[str, Any]],
                                                       tmp_path: Path) -> None:
    truth = held_out(real_works, tmp_path / "held-out")
    for source in sorted({s for s, _, _ in truth}):
        check_partition(source, str(mirror), str(tmp_path / "out"))
    flagged: dict[tuple[str, int], set[str]] = {}
    for f in pq.read_table(tmp_path / "out" / "findings", schema=schemas()["findings"]).to_pylist():
        flagged.setdefault((f["source"], f["number"]), set()).add(f["code"])
    got = {}
    for kind, code in synth.KINDS.items():
        planted = {(s, n) for s, n, k in truth if k == kind}
        hits = {k for k, codes in flagged.items() if code in codes}
        assert len(planted) == 60
        got[kind] = (round(len(planted & hits) / len(hits), 3), round(len(planted & hits) / len(planted), 3))
    print(got)
    # wrong DOIs: every one found, among them those pointing at the journal issue with no title and no authors
    assert got["doi"] == (1.0, 1.0), got
    for kind in ("year", "volume", "pages"):
        assert min(got[kind]) >= 0.95, (kind, got[kind])

"""The synthetic snapshot and corpus: seeded, varied, errors planted at the rates asked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from citekit.bulk import synth
from citekit.bulk.worker import peak_rss
from citekit.formats import read


def test_the_snapshot_is_seeded_and_varied(real_works: list[dict[str, Any]]) -> None:
    a = list(synth.snapshot(real_works, 500, seed=4))
    assert a == list(synth.snapshot(real_works, 500, seed=4))
    assert a != list(synth.snapshot(real_works, 500, seed=5))
    assert len({w["DOI"] for w in a}) == 500
    assert len({w["DOI"].split("/")[0] for w in a}) >= 10  # the real works' prefixes
    assert len({w["title"][0] for w in a}) == 500
    assert len({w["author"][0]["family"] for w in a}) >= 50
    assert len({w["container-title"][0] for w in a}) >= 10
    assert all(synth.citable(w) for w in a)


def test_the_corpus_plants_errors_at_the_rates_asked(synth_works: list[dict[str, Any]], tmp_path: Path) -> None:
    rates = {"doi": 0.05, "year": 0.1, "volume": 0.0, "pages": 0.2}
    truth = synth.corpus(synth_works, tmp_path, 3000, per_file=100, seed=1, rates=rates, formats=["csl-json"])
    counts = Counter(k for _, _, k in truth)
    for kind, rate in rates.items():
        assert abs(counts[kind] / 3000 - rate) < 0.02, (kind, counts[kind])
    by_doi = {w["DOI"]: w for w in synth_works}
    first = read(truth[0][0]).items
    for ref, (_, n, kind) in zip(first, truth[:100], strict=True):
        assert n == int(str(ref.id)[1:]) + 1
        if kind == "doi":
            assert ref.title != by_doi[str(ref.doi)]["title"][0]  # the DOI names another work
        elif ref.doi is not None and kind is None:
            work = by_doi[str(ref.doi)]
            assert (ref.title, ref.year, str(ref.volume)) == (work["title"][0], work["issued"]["date-parts"][0][0],
                                                               work["volume"])


def test_peak_memory_is_the_worker_process_not_its_parent() -> None:
    """A process spawned (fork + exec, as Dask's nanny does) by a big parent reports its own peak."""
    import multiprocessing
    import resource

    blob = b"x" * (300 * 2**20)  # the parent's peak passes 300 MiB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 >= 300 * 2**20
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child = pool.apply(peak_rss)
    assert 10 * 2**20 < child < 250 * 2**20, child
    assert peak_rss() >= 300 * 2**20 and len(blob) == 300 * 2**20

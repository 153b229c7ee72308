"""The local mirror at scale: build time, store size, DOI lookups/s and bibliographic matches/s.

    python benchmarks/bench_mirror.py               # a 10⁵-work synthetic snapshot
    python benchmarks/bench_mirror.py --million     # 10⁶ works
    python benchmarks/bench_mirror.py --works 2000 --lookups 2000 --matches 200   # tiny, for CI

The snapshot is SYNTHETIC: each work is a recorded real Crossref work
(tests/data/fixtures/real/crossref-works) varied by a seeded generator: a new DOI
(``10.5555/synth.N``), a title made of a real title's words shuffled plus words of other titles,
the author list of another real work with shuffled family names, another work's journal, and a
random year, volume and first page. The cited-reference lists (``reference``) are left out of
the generated works (they are not stored by the mirror anyway). Works are written as Crossref's
public data file (gzipped ``{"items": [...]}``, 10,000 a file) and loaded with
:func:`citekit.mirror.build`, as ``citekit mirror build`` does.

Measured, on one core (one thread), medians of ``--reps`` runs:

* DOI lookups/s: ``MirrorStore.get`` (SQLite probe + decompress + JSON) for random DOIs, and the
  resolver service's ``fetch`` (that plus the Crossref → Reference mapping and ``same_doi``);
* bibliographic matches/s: ``MirrorStore.search`` from a citation's fields (title, first author,
  year, journal, volume, first page), and the share whose first candidate is the cited work; then
  the full :class:`citekit.resolve.match.Matcher` (candidates + verification) on free-text citations;
* held out: the 36 recorded real works themselves (not generated) are loaded among the synthetic
  ones and matched from citations written from their records; the share matched confidently and
  correctly is printed separately.
Targets (issue 18): ≥ 20,000 DOI lookups/s and ≥ 500 bibliographic matches/s on one core.

Measured 2026-12-06 on the shared 2-core machine (other jobs running: wall rates are about half
the CPU rates), ``python benchmarks/bench_mirror.py`` (10⁵ synthetic works + the 36 real ones)::

    build (citekit.mirror.build)                     100,036  49.7 s (2,013 works/s)
    store size (data files)                          100,036  131.4 MB (83.9 MB gz)
    DOI lookups/s: store.get                          20,000  24,728 (wall 12,533)
    DOI lookups/s: service.fetch → Reference           5,000  4,310 (wall 2,145)
    bibliographic matches/s: store.search              2,000  2,381 (wall 1,207)
      first candidate is the cited work                2,000  100.0%
      the same citations with a wrong year             2,000  1,222 (wall 604)
      first candidate is the cited work                2,000  99.6%
    full matches/s: Matcher.match (verified)             200  666 (wall 122)
      confident and correct (synthetic)                  200  95.0%
      held out: real works, confident and correct         33  87.9%
    network requests during all of the above                  2

10⁶ (``--million``) was not run yet.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citekit.mirror import MirrorStore, build
from citekit.mirror.index import Cited, first_family, first_page

WORKS_DIR = ROOT / "tests" / "data" / "fixtures" / "real" / "crossref-works"
PER_FILE = 10_000


def real_works() -> list[dict[str, Any]]:
    out = []
    for f in sorted(WORKS_DIR.glob("*.json")):
        if not f.name.endswith(".meta.json"):
            body = json.loads(f.read_text(encoding="utf-8"))
            if body.get("message-type") == "work":
                out.append(body["message"])
    return out


def generate(n: int, seed: int, real: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``n`` synthetic works varied from the real ones (see the module docstring)."""
    rng = random.Random(seed)
    bases = [w for w in real if w.get("title")]
    vocab = sorted({t for w in bases for t in " ".join(w["title"]).split() if len(t) > 3})
    authors = [w["author"] for w in real if isinstance(w.get("author"), list) and w["author"]]
    families = [a.get("family") for lst in authors for a in lst if isinstance(a, dict) and a.get("family")]
    journals = [(w.get("container-title"), w.get("short-container-title")) for w in real if w.get("container-title")]
    out = []
    for i in range(n):
        base = rng.choice(bases)
        words = " ".join(base["title"]).split()
        rng.shuffle(words)
        title = " ".join(words[:12] + rng.sample(vocab, 3))
        people = [dict(a, family=rng.choice(families)) if isinstance(a, dict) and a.get("family") else a
                  for a in rng.choice(authors)[:8]]
        journal, short = rng.choice(journals)
        first = rng.randint(1, 3000)
        work = {k: v for k, v in base.items() if k not in ("reference", "DOI", "title", "author", "container-title",
                                                            "short-container-title", "volume", "page", "issued",
                                                            "published-print", "published-online", "published",
                                                            "article-number", "relation", "update-to", "updated-by")}
        work.update({"DOI": f"10.5555/synth.{i}", "title": [title], "author": people,
                     "container-title": journal, "short-container-title": short or [],
                     "volume": str(rng.randint(1, 200)), "page": f"{first}-{first + rng.randint(2, 20)}",
                     "issued": {"date-parts": [[rng.randint(1950, 2025), rng.randint(1, 12)]]}})
        out.append(work)
    return out


def write_files(works: list[dict[str, Any]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, len(works), PER_FILE):
        p = folder / f"{k // PER_FILE:04d}.json.gz"
        p.write_bytes(gzip.compress(json.dumps({"items": works[k:k + PER_FILE]}).encode("utf-8"), compresslevel=1,
                                    mtime=0))
        paths.append(p)
    return paths


def cited_of(work: dict[str, Any]) -> Cited:
    year = work.get("issued", {}).get("date-parts", [[None]])[0][0]
    return Cited(title=" ".join(work.get("title") or []), author=first_family(work), year=year,
                 journal=(work.get("container-title") or [None])[0], volume=work.get("volume"),
                 page=first_page(work.get("page")))


def citation_text(work: dict[str, Any]) -> str:
    """A Vancouver-like free-text citation of a work (how a reference list prints it)."""
    names = ", ".join(f"{a.get('family')} {''.join(p[0] for p in (a.get('given') or '').split())}".strip()
                      for a in (work.get("author") or [])[:3] if isinstance(a, dict) and a.get("family"))
    c = cited_of(work)
    return f"{names}. {c.title}. {c.journal or ''}. {c.year or ''};{c.volume or ''}:{work.get('page') or ''}."


def rate(fn: Any, items: list[Any], reps: int) -> str:
    """Items per second, median of ``reps`` runs after one warm-up call: by this process's CPU time (one
    core, what the machine's other users do not change) and by the wall clock (perf_counter)."""
    fn(items[0])
    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        for x in items:
            fn(x)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return f"{len(items) / statistics.median(cpu):,.0f} (wall {len(items) / statistics.median(wall):,.0f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--works", type=int, default=100_000)
    ap.add_argument("--million", action="store_true", help="10⁶ works")
    ap.add_argument("--lookups", type=int, default=20_000)
    ap.add_argument("--matches", type=int, default=2_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--keep", metavar="DIR", help="Build here and keep it (default: a temporary folder).")
    args = ap.parse_args(argv)
    n = 1_000_000 if args.million else args.works
    from citekit.resolve.api import Resolver
    from citekit.resolve.config import ResolverConfig
    from citekit.resolve.match import Matcher

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-mirror-"))
    real = real_works()
    rows: list[tuple[str, str, str]] = []
    try:
        t0 = time.perf_counter()
        works = generate(n, args.seed, real)
        files = write_files(works, tmp / "data")
        files.append(write_files(real, tmp / "real")[0])  # the held-out real works, among the synthetic ones
        rows.append(("generate + write data files", f"{n:,}", f"{time.perf_counter() - t0:.1f} s"))
        data_bytes = sum(p.stat().st_size for p in files)
        t0 = time.perf_counter()
        report = build(files, tmp / "mirror")
        took = time.perf_counter() - t0
        assert report.ok, report.problems[:3]
        rows.append(("build (citekit.mirror.build)", f"{n + len(real):,}", f"{took:.1f} s ({(n + len(real)) / took:,.0f} works/s)"))
        store = MirrorStore(tmp / "mirror")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = sum(p.stat().st_size for p in (tmp / "mirror").iterdir())
        rows.append(("store size (data files)", f"{n + len(real):,}", f"{size / 1e6:.1f} MB ({data_bytes / 1e6:.1f} MB gz)"))
        rng = random.Random(args.seed + 1)
        keys = [f"10.5555/synth.{rng.randrange(n)}" for _ in range(args.lookups)]
        rows.append(("DOI lookups/s: store.get", f"{len(keys):,}", rate(store.get, keys, args.reps)))
        resolver = Resolver(ResolverConfig(crossref_url="http://127.0.0.1:9", doi_url="http://127.0.0.1:9",
                                           cache_dir=None, mirror_dir=tmp / "mirror"))
        service = resolver.mirror()
        assert service is not None
        from citekit.ids import DOI

        dois = [DOI.parse(k) for k in keys[: max(1, len(keys) // 4)]]
        rows.append(("DOI lookups/s: service.fetch → Reference", f"{len(dois):,}",
                     rate(service.fetch, dois, args.reps)))
        sample = [works[rng.randrange(n)] for _ in range(args.matches)]
        cites = [cited_of(w) for w in sample]
        rows.append(("bibliographic matches/s: store.search", f"{len(cites):,}", rate(store.search, cites, args.reps)))
        top = sum(1 for w, c in zip(sample, cites, strict=True) if (store.search(c) or [{}])[0].get("DOI") == w["DOI"])
        rows.append(("  first candidate is the cited work", f"{len(cites):,}", f"{top / len(cites):.1%}"))
        wrong = [dataclasses.replace(c, year=(c.year or 2000) + 1) for c in cites]  # a planted wrong year
        rows.append(("  the same citations with a wrong year", f"{len(wrong):,}", rate(store.search, wrong, args.reps)))
        top = sum(1 for w, c in zip(sample, wrong, strict=True) if (store.search(c) or [{}])[0].get("DOI") == w["DOI"])
        rows.append(("  first candidate is the cited work", f"{len(wrong):,}", f"{top / len(wrong):.1%}"))
        matcher = Matcher(resolver, use_pubmed=False)
        few = sample[: max(1, args.matches // 10)]
        texts = [citation_text(w) for w in few]
        rows.append(("full matches/s: Matcher.match (verified)", f"{len(texts):,}",
                     rate(matcher.match, texts, 1)))
        right = sum(1 for w, t in zip(few, texts, strict=True) if (m := matcher.match(t).best) and m.doi == w["DOI"])
        rows.append(("  confident and correct (synthetic)", f"{len(texts):,}", f"{right / len(texts):.1%}"))
        held = [w for w in real if w.get("title") and w.get("author")]
        ok = sum(1 for w in held if (m := matcher.match(citation_text(w)).best) and m.doi.lower() == w["DOI"].lower())
        rows.append(("  held out: real works, confident and correct", f"{len(held)}", f"{ok / len(held):.1%}"))
        out = resolver.outcome()
        rows.append(("network requests during all of the above", "", f"{out.requests}"))
        store.close()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'job':<{width}}  {'size':>9}  citekit (rates: per CPU second on one core, and per wall second)")
    for job, size, fig in rows:
        print(f"{job:<{width}}  {size:>9}  {fig}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

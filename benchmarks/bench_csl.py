"""CSL rendering: bibliography items/s against citeproc-js and pandoc, growth, conformance, diff.

    python benchmarks/bench_csl.py            # full run: 1,000 items ×5 reps; growth 250…2,000 (APA to 10,000); diff on 1,000
    python benchmarks/bench_csl.py --quick    # the tiny version CI can run (200 items, 1 rep)

Items come from ``tests/csl/generated.py`` (deterministic). citekit renders with
``Processor(style, locale="en-US").bibliography(refs)`` (style compiled once, outside the timing,
as a long-running application would). citeproc-js (npm ``citeproc``, installed on first use by
``tests/csl/citeproc_js.py``) is timed inside node around ``updateItems`` + ``makeBibliography``
(node start-up excluded); pandoc (``pypandoc-binary``) is timed as the whole ``pandoc --citeproc``
process, the way it is used. Medians of the repetitions with ``time.perf_counter``.
Also printed: the share of byte-equal entries against citeproc-js per style, the CSL test-suite
pass rate, and how many independent styles render an article without an exception.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citekit.csl import Processor, Style
from citekit.csl.locale import _locales_dir
from citekit.csl.repository import find_style, independent_style_names
from citekit.model import Reference
from tests.csl.citeproc_js import ensure_citeproc_js, run_citeproc_js
from tests.csl.differential import STYLES as DIFF_STYLES
from tests.csl.differential import report
from tests.csl.generated import generate

SPEED_STYLES = {"AMA": "american-medical-association", "Vancouver": "nlm-citation-sequence", "APA": "apa"}


def locale_file() -> Path:
    folder = _locales_dir()
    assert folder is not None, "citeproc-py's locale files are needed"
    return folder / "locales-en-US.xml"


def time_citekit(style: str, refs: list[Reference], reps: int) -> float:
    compiled = Style.load(style)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        Processor(compiled, locale="en-US").bibliography(refs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_citeproc_js(style: str, items: list[dict[str, Any]], reps: int, modules: Path | None) -> float | None:
    if modules is None:
        return None
    return statistics.median(run_citeproc_js(items, find_style(style), locale_file(), modules=modules)["ms"] / 1000
                             for _ in range(reps))


def time_pandoc(style: str, items: list[dict[str, Any]], reps: int) -> float | None:
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.json"
        bib.write_text(json.dumps(items), encoding="utf-8")
        doc = Path(tmp) / "doc.md"
        doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
        cmd = [pandoc, str(doc), "--citeproc", "--csl", str(find_style(style)), "--bibliography", str(bib), "-t", "plain"]
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, timeout=3600)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed_table(n: int, reps: int, modules: Path | None) -> None:
    items = generate(n)
    refs = [Reference.from_csl(it) for it in items]
    print(f"\nBibliography of {n} items (median of {reps}): items/s")
    print(f"{'style':<10} {'citekit':>9} {'citeproc-js':>12} {'pandoc':>9} {'×js':>6} {'×pandoc':>8}")
    for label, style in SPEED_STYLES.items():
        ours = n / time_citekit(style, refs, reps)
        js = time_citeproc_js(style, items, reps, modules)
        pd = time_pandoc(style, items, max(1, reps // 2))
        js_rate = n / js if js else None
        pd_rate = n / pd if pd else None
        print(f"{label:<10} {ours:>9.0f} {js_rate or float('nan'):>12.0f} {pd_rate or float('nan'):>9.0f} "
              f"{ours / js_rate if js_rate else float('nan'):>6.1f} {ours / pd_rate if pd_rate else float('nan'):>8.1f}")


def growth_table(sizes: list[int], reps: int) -> None:
    print(f"\nGrowth (median of {reps}): seconds and µs per item")
    print(f"{'style':<10} " + " ".join(f"{n:>16}" for n in sizes))
    for label, style in SPEED_STYLES.items():
        cells = []
        for n in sizes:
            refs = [Reference.from_csl(it) for it in generate(n)]
            t = time_citekit(style, refs, reps)
            cells.append(f"{t:7.2f}s {t / n * 1e6:6.0f}µs")
        print(f"{label:<10} " + " ".join(f"{c:>16}" for c in cells))


def cite_by_cite_table(sizes: list[int]) -> None:
    """``Processor.cite`` called once per item, as a word processor plug-in does: the incremental
    path (issue 7) should keep the time per cite flat, not grow with the document."""
    from citekit.csl.processor import CiteItem

    print("\nCite by cite (one cluster per item, Processor.cite): seconds and µs per cite")
    print(f"{'style':<10} " + " ".join(f"{n:>16}" for n in sizes))
    for label, style in SPEED_STYLES.items():
        compiled = Style.load(style)
        cells = []
        for n in sizes:
            refs = [Reference.from_csl(it) for it in generate(n)]
            proc = Processor(compiled, locale="en-US", references=refs)
            start = time.perf_counter()
            for ref in refs:
                proc.cite([CiteItem(ref.id)])
            t = time.perf_counter() - start
            cells.append(f"{t:7.2f}s {t / n * 1e6:6.0f}µs")
        print(f"{label:<10} " + " ".join(f"{c:>16}" for c in cells))


def diff_table(n: int) -> None:
    """Per-style byte-equal shares against citeproc-js (tests/csl/differential.py)."""
    print()
    report(n, DIFF_STYLES, show=1)


def conformance_and_styles() -> None:
    from citekit.csl.testsuite import run_suite, summarize

    suite = ROOT / "tests" / "data" / "csl-test-suite"
    if suite.is_dir():
        s = summarize(run_suite(suite))
        print(f"\nCSL test-suite: {s.passed}/{s.total} = {s.rate:.1f}%")
    article = Reference.from_csl({"id": "a", "type": "article-journal", "title": "A title", "container-title": "J",
                                  "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]},
                                  "volume": "1", "page": "1-9"})
    names = independent_style_names()
    ok = 0
    start = time.perf_counter()
    for name in names:
        try:
            proc = Processor(Style.load(name), locale="en-US")
            proc.bibliography([article])
            proc.cite(["a"])
            ok += 1
        except Exception:  # noqa: BLE001, S110 - counted, not raised: this is a census
            pass
    print(f"Independent styles rendering an article: {ok}/{len(names)} ({time.perf_counter() - start:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny run for CI")
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if args.quick:
        speed_table(200, 1, modules)
        growth_table([100, 200], 1)
        cite_by_cite_table([100, 200])
        diff_table(100)
        return
    speed_table(1000, 5, modules)
    growth_table([250, 500, 1000, 2000], 3)
    print("\nAPA growth to 10,000 items (issue 7: µs/item at 10,000 within 1.5x of that at 1,000)")
    per_item = {}
    for n in (1000, 10000):
        refs = [Reference.from_csl(it) for it in generate(n)]
        t = time_citekit("apa", refs, 3 if n <= 1000 else 1)
        per_item[n] = t / n
        print(f"  {n:>6} items: {t:6.2f} s, {t / n * 1e6:6.0f} µs/item")
    print(f"  ratio µs/item 10,000 / 1,000: {per_item[10000] / per_item[1000]:.2f}")
    cite_by_cite_table([500, 1000, 2000])
    diff_table(1000)
    conformance_and_styles()


if __name__ == "__main__":
    main()

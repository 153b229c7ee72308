"""Whole commands against their peers, as a user runs them: start-up, reading, work and writing.

    python benchmarks/bench_cli.py                 # sizes 10², 10³, 10⁴ (add --max 100000 for 10⁵)
    python benchmarks/bench_cli.py --quick         # tiny run for CI (100 items, 1 repetition)
    python benchmarks/bench_cli.py --reps 5 --budget 120
    python benchmarks/bench_cli.py --min 1000 --max 100000 --peers-max 1000 --reps 1   # citekit at 10⁵

Every figure is one whole process (``subprocess.run``, wall clock with ``time.perf_counter``), the
median of ``--reps`` runs (default 5), all measured in this one run on this machine:

* ``citekit format items.json --style S`` vs ``pandoc --citeproc`` (pypandoc-binary's pandoc, plain
  text) vs citeproc-js (node, npm ``citeproc`` as ``tests/csl/citeproc_js.py`` installs it: node
  start, reading the items, ``updateItems`` + ``makeBibliography``, writing the result), for AMA
  and APA;
* ``citekit convert`` BibTeX → CSL-JSON and CSL-JSON → BibTeX vs ``pandoc -f bibtex -t csljson``
  and ``pandoc -f csljson -t bibtex``;
* ``citekit --help`` and ``citekit format`` on the document's references.

Items come from ``tests/csl/generated.py`` (deterministic, varied: 1-30 authors, particles,
diacritics, rich text, several types); the BibTeX input is citekit's export of the same items.
citekit's modules are byte-compiled first (``compileall``, as ``pip install`` does for a user):
with ``PYTHONDONTWRITEBYTECODE`` set, as on this machine, every run would otherwise compile
citekit's sources again (~80 ms of start-up that no installed copy pays).
A tool whose single run exceeds ``--budget`` seconds is not run again at that size or above, and
one whose time ×10 would exceed 4× the budget is not run at the next size (printed as
``skipped``), so a full run ends in reasonable time; the table says which.
Ratios are peer time / citekit time (above 1: citekit is faster). Each row is followed by the
same figures in CPU time (user + system, ``getrusage`` of the children): on a shared machine wall
times stretch with the load, CPU times much less; the targets are judged on wall time, as the
issue states them, with the CPU ratio beside.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.csl.citeproc_js import SCRIPT, ensure_citeproc_js
from tests.csl.generated import generate

STYLES = {"AMA": "american-medical-association", "APA": "apa"}
DOCUMENT = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"


def citekit_cmd() -> list[str]:
    """The installed console script next to this Python (what a user runs), else ``-m citekit``."""
    script = Path(sys.executable).with_name("citekit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "citekit"]


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None


class Timer:
    """Runs commands, keeps medians, and remembers which tools went over the budget."""

    def __init__(self, reps: int, budget: float) -> None:
        self.reps = reps
        self.budget = budget
        self.over: set[str] = set()
        #: tool -> median CPU seconds (user + system of the process and its children) of its last figure
        self.cpu: dict[str, float] = {}

    def median(self, tool: str, cmd: list[str], env: dict[str, str] | None = None) -> float | None:
        """The median wall time of ``cmd``; its median CPU time goes to ``self.cpu[tool]``."""
        if tool in self.over:
            return None
        times = []
        cpus = []
        for _ in range(self.reps):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            try:
                proc = subprocess.run(cmd, capture_output=True, env=env, check=False, timeout=self.budget * 4)
            except subprocess.TimeoutExpired:
                self.over.add(tool)
                return None
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if proc.returncode not in (0, 1):
                print(f"  ! {tool} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-300:]}", file=sys.stderr)
                return None
            times.append(elapsed)
            if elapsed > self.budget:
                self.over.add(tool)
                break
        if statistics.median(times) * 10 > self.budget * 4:
            self.over.add(tool)  # the next size (10x) would run into the timeout: not attempted
        self.cpu[tool] = statistics.median(cpus)
        return statistics.median(times)


def add_cpu(row: dict[str, float | None], timer: Timer, tools: dict[str, str]) -> None:
    """The CPU medians of the row's tools that ran (``citekit_cpu``, ...)."""
    for key, tool in tools.items():
        row[f"{key}_cpu"] = timer.cpu.get(tool) if row.get(key) is not None else None


def print_cpu(row: dict[str, float | None], n: int) -> None:
    """The same row in CPU time (user + system): steadier than wall time on a shared machine."""
    ck, pd, js = row.get("citekit_cpu"), row.get("pandoc_cpu"), row.get("js_cpu")
    print(f"{'  (CPU)':<22} {'':>7} {fmt_time(ck):>10} {fmt_time(pd) if pd is not None else '':>10} "
          f"{fmt_time(js) if js is not None else '':>11} {ratio(pd, ck) if pd is not None else '':>8} "
          f"{ratio(js, ck) if js is not None else '':>7}  {per_item(ck, n)}")


def fmt_time(t: float | None) -> str:
    return "skipped" if t is None else f"{t:8.3f}s"


def ratio(peer: float | None, ours: float | None) -> str:
    return "   —" if peer is None or ours is None else f"{peer / ours:5.2f}x"


def per_item(t: float | None, n: int) -> str:
    return "" if t is None else f"{t / n * 1e6:7.0f} µs/item"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", type=int, default=10_000, help="largest size (powers of ten from 100); 100000 for 10⁵")
    ap.add_argument("--min", type=int, default=100, help="smallest size")
    ap.add_argument("--reps", type=int, default=5, help="repetitions per figure (median)")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds: a tool slower than this on one run stops growing")
    ap.add_argument("--peers-max", type=int, default=None, help="run pandoc and citeproc-js only up to this size")
    ap.add_argument("--quick", action="store_true", help="100 items, 1 repetition (CI)")
    args = ap.parse_args()
    if args.quick:
        args.max, args.reps = 100, 1
    sizes = [n for n in (100, 1_000, 10_000, 100_000) if args.min <= n <= args.max]
    import compileall

    compileall.compile_dir(str(ROOT / "citekit"), quiet=1)
    ck = citekit_cmd()
    pandoc = pandoc_path()
    modules = ensure_citeproc_js()
    node = shutil.which("node")
    from citekit.csl.locale import _locales_dir
    from citekit.csl.repository import find_style
    from citekit.formats import dumps
    from citekit.model import Reference

    locales = _locales_dir()
    locale = str(locales / "locales-en-US.xml") if locales else ""
    timer = Timer(args.reps, args.budget)
    results: dict[tuple[str, int], dict[str, float | None]] = {}
    print(f"citekit: {' '.join(ck)}\npandoc: {pandoc or 'not found'}\nciteproc-js: {modules or 'not found'}")
    print(f"medians of {args.reps} whole-process runs; ratio = peer / citekit\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
        (folder / "run.js").write_text(SCRIPT, encoding="utf-8")
        (folder / "clusters.json").write_text("[]", encoding="utf-8")
        js_env = {**os.environ, "NODE_PATH": str(modules)} if modules else None

        print(f"{'job':<22} {'items':>7} {'citekit':>10} {'pandoc':>10} {'citeproc-js':>11} {'×pandoc':>8} {'×js':>7}  citekit per item")
        for n in sizes:
            if args.peers_max is not None and n > args.peers_max:
                pandoc, node = None, None
            items = generate(n)
            data = folder / f"items{n}.json"
            data.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            bib = folder / f"items{n}.bib"
            bib.write_text(dumps([Reference.from_csl(it) for it in items], "bibtex").text, encoding="utf-8")
            for label, style in STYLES.items():
                csl = str(find_style(style))
                row = {
                    "citekit": timer.median(f"citekit-{label}", [*ck, "format", str(data), "--style", style]),
                    "pandoc": timer.median(f"pandoc-{label}", [pandoc, str(folder / "doc.md"), "--citeproc", "--csl", csl,
                                                               "--bibliography", str(data), "-t", "plain"]) if pandoc else None,
                    "js": timer.median(f"js-{label}", [node, str(folder / "run.js"), str(data), csl, locale,
                                                       str(folder / "clusters.json"), "text"], env=js_env)
                    if node and modules and locale else None,
                }
                add_cpu(row, timer, {"citekit": f"citekit-{label}", "pandoc": f"pandoc-{label}", "js": f"js-{label}"})
                results[(f"format {label}", n)] = row
                print(f"{'format ' + label:<22} {n:>7} {fmt_time(row['citekit']):>10} {fmt_time(row['pandoc']):>10} "
                      f"{fmt_time(row['js']):>11} {ratio(row['pandoc'], row['citekit']):>8} {ratio(row['js'], row['citekit']):>7}  "
                      f"{per_item(row['citekit'], n)}")
                print_cpu(row, n)
            for label, src, to_ck, pd_from, pd_to in (
                ("convert bib→csl-json", bib, "csl-json", "bibtex", "csljson"),
                ("convert csl-json→bib", data, "bibtex", "csljson", "bibtex"),
            ):
                row = {
                    "citekit": timer.median(f"citekit-{label}", [*ck, "convert", str(src), "--to", to_ck]),
                    "pandoc": timer.median(f"pandoc-{label}", [pandoc, str(src), "-f", pd_from, "-t", pd_to]) if pandoc else None,
                    "js": None,
                }
                add_cpu(row, timer, {"citekit": f"citekit-{label}", "pandoc": f"pandoc-{label}"})
                results[(label, n)] = row
                print(f"{label:<22} {n:>7} {fmt_time(row['citekit']):>10} {fmt_time(row['pandoc']):>10} {'':>11} "
                      f"{ratio(row['pandoc'], row['citekit']):>8} {'':>7}  {per_item(row['citekit'], n)}")
                print_cpu(row, n)
        help_t = timer.median("citekit-help", [*ck, "--help"])
        help_cpu = timer.cpu.get("citekit-help")
        doc_t = timer.median("citekit-doc", [*ck, "format", str(DOCUMENT)])
        doc_cpu = timer.cpu.get("citekit-doc")
        print(f"\ncitekit --help: {fmt_time(help_t)} (CPU {fmt_time(help_cpu).strip()})    "
              f"citekit format <document, 11 refs>: {fmt_time(doc_t)} (CPU {fmt_time(doc_cpu).strip()})")
        print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if timer.over:
            print(f"over the {args.budget:.0f} s budget (larger sizes not run): {', '.join(sorted(timer.over))}")
    targets(results, sizes, help_t, doc_t)


def targets(results: dict[tuple[str, int], dict[str, float | None]], sizes: list[int],
            help_t: float | None, doc_t: float | None) -> None:
    """The issue's "done when", each measured in this run."""
    print("\nTargets (issue 14)")

    def get(job: str, n: int, tool: str) -> float | None:
        return results.get((job, n), {}).get(tool)

    def check(what: str, ok: Callable[[], bool | None], figure: str) -> None:
        try:
            verdict = ok()
        except TypeError:  # a figure is missing
            verdict = None
        print(f"  [{'ok  ' if verdict else 'MISS' if verdict is not None else 'n/a '}] {what}: {figure}")

    ama, apa = get("format AMA", 1000, "citekit"), get("format APA", 1000, "citekit")
    pd_ama, js_ama, pd_apa = get("format AMA", 1000, "pandoc"), get("format AMA", 1000, "js"), get("format APA", 1000, "pandoc")
    def cpu(job: str, n: int, peer: str) -> str:
        return f" (CPU time: {ratio(get(job, n, peer + '_cpu'), get(job, n, 'citekit_cpu')).strip()})"

    check("format AMA 10³ ≥ 2× faster than pandoc", lambda: pd_ama / ama >= 2,  # type: ignore[operator]
          ratio(pd_ama, ama) + cpu("format AMA", 1000, "pandoc"))
    check("format AMA 10³ ≥ 3× faster than citeproc-js", lambda: js_ama / ama >= 3,  # type: ignore[operator]
          ratio(js_ama, ama) + cpu("format AMA", 1000, "js"))
    check("format APA 10³ ≥ 3× faster than pandoc", lambda: pd_apa / apa >= 3,  # type: ignore[operator]
          ratio(pd_apa, apa) + cpu("format APA", 1000, "pandoc"))
    big = max(sizes)
    for job in ("format AMA", "format APA", "convert bib→csl-json", "convert csl-json→bib"):
        small, large = get(job, 1000, "citekit"), get(job, big, "citekit")
        if big > 1000:
            growth = (large / big) / (small / 1000) if small and large else None
            check(f"{job}: per item at {big} within 1.3× of 10³", lambda g=growth: g <= 1.3,  # type: ignore[misc]
                  f"{growth:.2f}×" if growth else "—")
    if 10_000 in sizes:
        ours, theirs = get("convert bib→csl-json", 10_000, "citekit"), get("convert bib→csl-json", 10_000, "pandoc")
        check("convert 10⁴ BibTeX → CSL-JSON faster than pandoc", lambda: theirs > ours, ratio(theirs, ours))  # type: ignore[operator]
    check("citekit --help < 100 ms", lambda: help_t < 0.1, fmt_time(help_t))  # type: ignore[operator]
    check("citekit format <document> < 250 ms", lambda: doc_t < 0.25, fmt_time(doc_t))  # type: ignore[operator]


if __name__ == "__main__":
    main()

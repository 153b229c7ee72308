"""Conformance runner for the CSL processor test-suite (citation-style-language/test-suite).

    python -m citekit.csl.testsuite tests/data/csl-test-suite [--json] [-k WORD] [--show NAME]

Each fixture (``name.txt``) holds MODE, RESULT, CSL, INPUT and optionally CITATION-ITEMS,
CITATIONS, BIBENTRIES, BIBSECTION. Fixtures run the way citeproc-js's runner runs them: a
citation without CITATION-ITEMS cites every input item in one cluster; CITATIONS are processed
in order and printed ``..[i]`` / ``>>[i]`` (``>>`` marks those the last citation changed).
Prints a per-category table and the pass rate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SECTION = re.compile(r">>=+ (?P<name>[A-Z-]+) =+>>\n?(?P<body>.*?)\n?<<=+ (?P=name) =+<<", re.DOTALL)


@dataclass(slots=True)
class Fixture:
    """One test-suite fixture, its sections parsed."""

    name: str
    mode: str
    result: str
    csl: str
    input: list[dict[str, Any]]
    citation_items: list[list[dict[str, Any]]] | None = None
    citations: list[Any] | None = None
    bibentries: list[list[str]] | None = None
    bibsection: dict[str, Any] | None = None

    @property
    def category(self) -> str:
        """The name's prefix (``name``, ``date``, ``sort``...)."""
        return self.name.split("_", 1)[0]

    @classmethod
    def read(cls, path: Path) -> Fixture:
        """Parse a fixture file."""
        sections = {m["name"]: m["body"] for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}

        def js(key: str) -> Any:
            return json.loads(sections[key]) if key in sections and sections[key].strip() else None

        return cls(
            name=path.stem,
            mode=sections.get("MODE", "").strip(),
            result=sections.get("RESULT", ""),
            csl=sections.get("CSL", ""),
            input=js("INPUT") or [],
            citation_items=js("CITATION-ITEMS"),
            citations=js("CITATIONS"),
            bibentries=js("BIBENTRIES"),
            bibsection=js("BIBSECTION"),
        )


@dataclass(slots=True)
class Outcome:
    """What one fixture produced."""

    name: str
    category: str
    passed: bool
    expected: str
    got: str
    error: str | None = None


def run_fixture(fx: Fixture) -> str:
    """Render a fixture with citekit and return the output to compare with RESULT."""
    from citekit.csl.processor import CiteItem, Cluster, Processor
    from citekit.csl.style import Style
    from citekit.model import Reference

    style = Style.from_string(fx.csl)
    proc = Processor(style, output="html")
    items = [item if "id" in item else {**item, "id": f"ITEM-{k + 1}"} for k, item in enumerate(fx.input)]
    for item in items:
        proc.add(Reference.from_csl(item))
    # an id given twice is one item (citeproc-js's registry): fixture number_PlainHyphenOrEnDashAlwaysPlural
    ids = list(dict.fromkeys(str(item.get("id")) for item in items))
    if fx.mode == "citation":
        if fx.citations:
            return _run_citations(proc, fx.citations)
        if fx.citation_items:
            clusters = [Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                        for k, cl in enumerate(fx.citation_items)]
            return "\n".join(proc.process_document(clusters))
        return proc.process_document([Cluster([CiteItem(i) for i in ids], note_index=1)])[0]
    # bibliography
    if fx.citations:
        _run_citations(proc, fx.citations)
    elif fx.citation_items:
        proc.process_document([Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                               for k, cl in enumerate(fx.citation_items)])
    if fx.bibentries:
        proc.register(fx.bibentries[-1])
        wanted = set(fx.bibentries[-1])
        entries = proc.render_bibliography([i for i in proc.bibliography_ids() if i in wanted]).entries
    else:
        proc.register(ids)
        selected = proc.bibliography_ids()
        if fx.bibsection:
            selected = [i for i in selected if _in_section(proc.items[i].ref.to_csl(), fx.bibsection)]
        entries = proc.render_bibliography(selected).entries
    markup: Any = proc.markup
    return str(markup.bibliography(entries))


def _in_section(item: dict[str, Any], section: dict[str, Any]) -> bool:
    def match(cond: dict[str, Any]) -> bool:
        value = item.get(cond["field"])
        if cond.get("value", "") == "":
            return not value
        if isinstance(value, list):
            return cond["value"] in value
        return str(value) == str(cond["value"])

    if "select" in section:
        return all(match(c) for c in section["select"])
    if "include" in section:
        return any(match(c) for c in section["include"])
    if "exclude" in section:
        return not any(match(c) for c in section["exclude"])
    return True


def _run_citations(proc: Any, citations: list[Any]) -> str:
    """citeproc-js's processCitationCluster sequence; prints the final state of every citation."""
    from citekit.csl.processor import CiteItem, Cluster

    doc: dict[str, Cluster] = {}
    order: list[str] = []
    previous: dict[str, str] = {}
    last_id = ""
    rendered: dict[str, str] = {}
    states: dict[str, object] = {}
    previous_states: dict[str, object] = {}
    for entry in citations:
        citation, pre, post = entry[0], entry[1], entry[2]
        cid = citation.get("citationID") or f"CITATION-{len(doc) + 1}"
        note = (citation.get("properties") or {}).get("noteIndex", 0)
        doc[cid] = Cluster([CiteItem.from_csl(c) for c in citation["citationItems"]], note_index=note, id=cid)
        notes = {c[0]: c[1] for c in [*pre, *post]}
        for other, nt in notes.items():
            if other in doc:
                doc[other].note_index = nt
        order = [c[0] for c in pre if c[0] in doc] + [cid] + [c[0] for c in post if c[0] in doc]
        previous, previous_states = rendered, states
        proc.reset_citations()
        texts = proc.process_document([doc[c] for c in order])
        rendered = dict(zip(order, texts))
        states = dict(zip(order, proc.cluster_states))
        last_id = cid
    lines = []
    for k, cid in enumerate(order):
        # ">>": re-rendered by the last call: new, changed text, or changed inputs (numbers, notes...)
        changed = previous.get(cid) != rendered[cid] or previous_states.get(cid) != states[cid]
        mark = ">>" if cid == last_id or changed else ".."
        lines.append(f"{mark}[{k}] {rendered[cid]}")
    return "\n".join(lines)


def run_suite(folder: Path, pattern: str | None = None) -> list[Outcome]:
    """Every fixture of ``folder`` (top level only), run and compared."""
    outcomes = []
    for path in sorted(folder.glob("*.txt")):
        if pattern and pattern not in path.stem:
            continue
        fx = Fixture.read(path)
        expected = fx.result.strip()
        try:
            got = run_fixture(fx).strip()
            outcomes.append(Outcome(fx.name, fx.category, got == expected, expected, got))
        except Exception as exc:  # noqa: BLE001 - a crash fails that fixture, reported, never fatal
            outcomes.append(Outcome(fx.name, fx.category, False, expected, "", f"{type(exc).__name__}: {exc}"))
    return outcomes


@dataclass(slots=True)
class Summary:
    """Pass counts overall and per category."""

    passed: int = 0
    total: int = 0
    categories: dict[str, list[int]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Share of fixtures passed, in percent."""
        return 100.0 * self.passed / self.total if self.total else 0.0


def summarize(outcomes: Sequence[Outcome]) -> Summary:
    """Count passes overall and per category."""
    s = Summary()
    for o in outcomes:
        cat = s.categories.setdefault(o.category, [0, 0])
        cat[1] += 1
        s.total += 1
        if o.passed:
            cat[0] += 1
            s.passed += 1
    return s


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m citekit.csl.testsuite", description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("-k", dest="pattern", help="only fixtures whose name contains this")
    ap.add_argument("--show", action="store_true", help="print expected and actual output of failures")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    outcomes = run_suite(args.folder, args.pattern)
    elapsed = time.perf_counter() - start
    s = summarize(outcomes)
    if args.json:
        print(json.dumps({
            "passed": s.passed, "total": s.total, "rate": round(s.rate, 2), "seconds": round(elapsed, 2),
            "categories": {k: {"passed": v[0], "total": v[1]} for k, v in sorted(s.categories.items())},
            "failures": [{"name": o.name, "error": o.error} for o in outcomes if not o.passed],
        }, indent=2))
        return 0
    if args.show:
        for o in outcomes:
            if not o.passed:
                print(f"=== {o.name}" + (f"  [{o.error}]" if o.error else ""))
                print(f"--- expected\n{o.expected}\n--- got\n{o.got}")
    width = max((len(k) for k in s.categories), default=8)
    print(f"{'category':<{width}}  passed  total   rate")
    for cat, (p, t) in sorted(s.categories.items()):
        print(f"{cat:<{width}}  {p:>6}  {t:>5}  {100.0 * p / t:5.1f}%")
    print(f"{'TOTAL':<{width}}  {s.passed:>6}  {s.total:>5}  {s.rate:5.1f}%   ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

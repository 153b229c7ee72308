"""A random sample of the repository's 10,844 styles (independent and dependent) rendered by
citekit and citeproc-js (issue 16: "no style raises or renders an empty entry where citeproc-js
renders one").

Each sampled style renders a few varied items (``varied.py``: a journal article, a book, a
chapter, a report, a webpage ...) as one citation per item and as a bibliography, in its default
language, with both engines; every citeproc-js job of the sample runs in one batch (one node
process per core). A dependent style is given to citeproc-js as its independent parent (citeproc-js
renders nothing from a dependent file) in the dependent's default language.

    python -m tests.csl.styles_sample -n 500 --seed 16     # figures, and the first failures
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.csl import Processor, Style
from citekit.csl.processor import CiteItem, Cluster
from citekit.csl.repository import list_styles
from citekit.model import Reference
from tests.csl.citeproc_js import Job, as_bib_entry, ensure_citeproc_js, prefetch, run_citeproc_js
from tests.csl.real_records import style_file, style_lang
from tests.csl.varied import generate_varied


def sample_styles(n: int, seed: int) -> list[str]:
    """``n`` style names drawn at random (``seed``) from every style of the repository."""
    names = [e.name for e in list_styles()]
    return sorted(random.Random(seed).sample(names, min(n, len(names))))


def sample_items(k: int, seed: int) -> list[dict[str, Any]]:
    """``k`` varied items, one of each type in turn."""
    return generate_varied(k, seed)


def job(style: str, items: list[dict[str, Any]]) -> Job:
    """The citeproc-js job of one style: one cluster per item, then the bibliography."""
    from citekit.csl.locale import locale_path
    from tests.csl.differential import locale_file

    lang = style_lang(style)
    path = locale_path(lang) if lang != "en-US" else None
    clusters = [[{"id": it["id"]}] for it in items]
    if path is None:
        return Job(items, style_file(style), locale_file(), clusters)
    return Job(items, style_file(style), path, clusters, lang=lang)


@dataclass
class Outcome:
    """What one sample run found."""

    styles: int = 0
    entries: int = 0
    entries_equal: int = 0
    cites: int = 0
    cites_equal: int = 0
    #: style: citekit raised
    raised: list[str] = field(default_factory=list)
    #: style: an entry or citation citekit left empty where citeproc-js rendered one
    empty: list[str] = field(default_factory=list)
    #: style: citeproc-js raised (not counted)
    reference_failed: list[str] = field(default_factory=list)
    diffs: list[tuple[str, str, str]] = field(default_factory=list)


def check(styles: list[str], items: list[dict[str, Any]], modules: Path | None = None) -> Outcome:
    """Render every style with both engines and compare."""
    jobs = {}
    out = Outcome()
    for style in styles:
        try:
            jobs[style] = job(style, items)
        except Exception as exc:  # noqa: BLE001 - a style citekit cannot even load is a failure, reported
            out.raised.append(f"{style}: {type(exc).__name__}: {exc}")
    prefetch(list(jobs.values()), modules)
    refs = [Reference.from_csl(it) for it in items]
    for style, spec in jobs.items():
        try:
            theirs = run_citeproc_js(spec.items, spec.style_path, spec.locale_path, spec.clusters, modules=modules,
                                     lang=spec.lang)
        except RuntimeError:
            out.reference_failed.append(style)
            continue
        out.styles += 1
        try:
            proc = Processor(Style.load(style), locale=style_lang(style), output="html")
            for ref in refs:
                proc.add(ref)
            cites = proc.process_document([Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                                           for k, cl in enumerate(spec.clusters or [])])
            bib = [as_bib_entry(e) for e in proc.bibliography()] if theirs["bibliography"] else []
        except Exception as exc:  # noqa: BLE001 - reported by style name
            out.raised.append(f"{style}: {type(exc).__name__}: {exc}")
            continue
        for kind, a_list, b_list in (("cite", theirs["citations"], cites), ("bib", theirs["bibliography"], bib)):
            if len(a_list) != len(b_list):
                out.empty.append(f"{style}: {len(b_list)} {kind} entries, citeproc-js {len(a_list)}")
                continue
            for a, b in zip(a_list, b_list):
                if kind == "cite":
                    out.cites += 1
                    out.cites_equal += a == b
                else:
                    out.entries += 1
                    out.entries_equal += a == b
                bare = b.replace('<div class="csl-entry">', "").replace("</div>", "").strip()
                if a.strip() and (not bare or bare == "[CSL STYLE ERROR: reference with no printed form.]"):
                    out.empty.append(f"{style}: empty {kind} where citeproc-js has {a.strip()[:120]!r}")
                elif a != b:
                    out.diffs.append((style, a, b))
    return out


def main() -> None:
    """``python -m tests.csl.styles_sample``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=500, help="styles sampled (default 500)")
    ap.add_argument("-k", type=int, default=4, help="items per style (default 4)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed")
    styles = sample_styles(args.n, args.seed)
    result = check(styles, sample_items(args.k, args.seed), modules)
    print(f"{result.styles} styles x {args.k} items (seed {args.seed}); citeproc-js failed on {len(result.reference_failed)}")
    print(f"  bibliography entries byte-equal: {result.entries_equal}/{result.entries}"
          f" {100 * result.entries_equal / max(result.entries, 1):.2f}%")
    print(f"  citations byte-equal:            {result.cites_equal}/{result.cites}"
          f" {100 * result.cites_equal / max(result.cites, 1):.2f}%")
    print(f"  citekit raised: {len(result.raised)}; empty where citeproc-js renders: {len(result.empty)}")
    for line in result.raised + result.empty:
        print("   ", line[:300])
    for style, a, b in result.diffs[:args.show]:
        print(f"  {style}\n    citeproc-js {a.strip()[:250]!r}\n    citekit     {b.strip()[:250]!r}")


if __name__ == "__main__":
    main()

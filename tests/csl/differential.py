"""citekit against citeproc-js on generated items: the comparison behind the differential test.

    python -m tests.csl.differential            # 1,000 items, every style, per-style shares
    python -m tests.csl.differential -n 300 --style modern-language-association --show 5

Both engines get the same items (``tests/csl/generated.py``), style file and locale file. For an
in-text style the bibliography is compared; for a note style (``class="note"``) the citations
of a generated document are compared too: clusters in footnotes 1..n with repeats (ibid,
subsequent, near-note), locators and labels, processed in order by citeproc-js's
``processCitationCluster`` and by our ``process_document``. The test
(``test_differential.py``) runs ~300 items; this entry runs the large sample.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.csl import Processor, Style
from citekit.csl.locale import _locales_dir
from citekit.csl.processor import CiteItem, Cluster
from citekit.csl.repository import find_style
from citekit.model import Reference
from tests.csl.citeproc_js import Job, as_bib_entry, ensure_citeproc_js, prefetch, run_citeproc_js
from tests.csl.generated import generate, generate_clusters

#: the styles compared (issue 6's six, issue 7's MLA and Chicago notes)
STYLES = ["american-medical-association", "nlm-citation-sequence", "apa", "chicago-author-date", "ieee", "nature",
          "modern-language-association", "chicago-notes-bibliography",
          # what the old name chicago-note-bibliography now resolves to (renamed-styles.json)
          "chicago-shortened-notes-bibliography"]


@dataclass
class Comparison:
    """Byte-equal shares of one style: pairs (citeproc-js, citekit) that differ, and the totals."""

    style: str
    bib_total: int = 0
    bib_diffs: list[tuple[str, str]] = field(default_factory=list)
    cite_total: int = 0
    cite_diffs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def bib_share(self) -> float:
        """Share of byte-equal bibliography entries (1.0 when there is no bibliography)."""
        return 1 - len(self.bib_diffs) / self.bib_total if self.bib_total else 1.0

    @property
    def cite_share(self) -> float:
        """Share of byte-equal citations (1.0 when citations were not compared)."""
        return 1 - len(self.cite_diffs) / self.cite_total if self.cite_total else 1.0

    def shown(self, k: int = 3) -> str:
        """The first ``k`` differences of each kind, for a failure message."""
        rows = [f"citeproc-js: {a!r}\ncitekit:     {b!r}" for a, b in self.cite_diffs[:k] + self.bib_diffs[:k]]
        return "\n".join(rows)


def locale_file() -> Path:
    """The en-US locale file both engines use."""
    folder = _locales_dir()
    if folder is None:
        raise FileNotFoundError("the shipped CSL locale files (citekit/csl/locales) are missing")
    return folder / "locales-en-US.xml"


def job(style: str, items: list[dict[str, Any]]) -> Job:
    """The citeproc-js job ``compare`` runs (for ``citeproc_js.prefetch``)."""
    clusters = generate_clusters(items) if Style.load(style).klass == "note" else []
    return Job(items, find_style(style), locale_file(), clusters)


def compare(style: str, items: list[dict[str, Any]], modules: Path | None = None) -> Comparison:
    """Render ``items`` in ``style`` with both engines and compare byte for byte."""
    compiled = Style.load(style)
    note = compiled.klass == "note"
    clusters = generate_clusters(items) if note else []
    theirs = run_citeproc_js(items, find_style(style), locale_file(), clusters=clusters, modules=modules)
    proc = Processor(compiled, locale="en-US", output="html")
    refs = [Reference.from_csl(it) for it in items]
    result = Comparison(style)
    if note:
        for ref in refs:
            proc.add(ref)
        ours_cites = proc.process_document([Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                                            for k, cl in enumerate(clusters)])
        if len(ours_cites) != len(theirs["citations"]):
            raise AssertionError(f"{style}: {len(ours_cites)} citations, citeproc-js {len(theirs['citations'])}")
        result.cite_total = len(ours_cites)
        result.cite_diffs = [(a, b) for a, b in zip(theirs["citations"], ours_cites) if a != b]
        ours_bib = [as_bib_entry(e) for e in proc.bibliography()]
    else:
        ours_bib = [as_bib_entry(e) for e in proc.bibliography(refs)]
    if len(ours_bib) != len(theirs["bibliography"]):
        raise AssertionError(f"{style}: {len(ours_bib)} entries, citeproc-js {len(theirs['bibliography'])}")
    result.bib_total = len(ours_bib)
    result.bib_diffs = [(a, b) for a, b in zip(theirs["bibliography"], ours_bib) if a != b]
    return result


def report(n: int, styles: list[str], show: int = 0, seed: int = 60) -> list[Comparison]:
    """Print the per-style shares over ``n`` items (and the first ``show`` differences)."""
    modules = ensure_citeproc_js()
    if modules is None:
        print("citekit vs citeproc-js: skipped (no node/npm)")
        return []
    items = generate(n, seed=seed)
    prefetch([job(style, items) for style in styles], modules)
    out = []
    print(f"Byte-equal with citeproc-js ({n} generated items, seed {seed})")
    print(f"  {'style':<36} {'bibliography':>20} {'citations':>20}")
    for style in styles:
        c = compare(style, items, modules)
        bib = f"{c.bib_total - len(c.bib_diffs)}/{c.bib_total} {100 * c.bib_share:6.2f}%"
        cites = f"{c.cite_total - len(c.cite_diffs)}/{c.cite_total} {100 * c.cite_share:6.2f}%" if c.cite_total else "-"
        print(f"  {style:<36} {bib:>20} {cites:>20}")
        if show:
            for a, b in c.cite_diffs[:show] + c.bib_diffs[:show]:
                print(f"    citeproc-js {a.strip()[:200]!r}\n    citekit     {b.strip()[:200]!r}")
        out.append(c)
    return out


def main() -> None:
    """``python -m tests.csl.differential``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="number of generated items (default 1,000)")
    ap.add_argument("--style", action="append", help="a style (repeatable; default: all compared styles)")
    ap.add_argument("--show", type=int, default=0, help="print the first N differences per style")
    ap.add_argument("--seed", type=int, default=60)
    args = ap.parse_args()
    report(args.n, args.style or STYLES, args.show, args.seed)


if __name__ == "__main__":
    main()

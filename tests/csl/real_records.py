"""Recorded Crossref records (tests/data/fixtures/real) rendered by citekit and citeproc-js (issue 16).

Every recorded work (``crossref-works``) and every search-result item (``crossref-search``) is
mapped by citekit's Crossref mapping (``work_to_reference``) and written back as CSL-JSON; both
engines render that same CSL-JSON with the same style and locale files, and the bibliography
entries are compared byte for byte.

    python -m tests.csl.real_records --show 3          # shares over every style below
    python -m tests.csl.real_records --style apa --show 10
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from citekit.csl import Processor, Style
from citekit.csl.repository import find_style
from citekit.model import Reference
from tests.csl.citeproc_js import Job, as_bib_entry, ensure_citeproc_js, prefetch, run_citeproc_js
from tests.csl.differential import locale_file

REAL = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "real"

#: 36 of the most used styles (issue 16's list): author-date, numeric and note styles
STYLES = ["apa", "chicago-author-date", "chicago-notes-bibliography", "modern-language-association",
          "harvard-cite-them-right", "elsevier-harvard", "nlm-citation-sequence", "vancouver-superscript",
          "ieee", "nature", "science", "cell", "the-lancet", "bmj", "new-england-journal-of-medicine",
          "american-medical-association", "plos-one", "elsevier-with-titles", "elsevier-vancouver",
          "springer-basic-author-date", "springer-lecture-notes-in-computer-science", "springer-basic-brackets",
          "american-chemical-society", "american-sociological-association",
          "american-political-science-association", "din-1505-2", "iso690-author-date-en", "iso690-numeric-en",
          "associacao-brasileira-de-normas-tecnicas", "china-national-standard-gb-t-7714-2015-author-date",
          "china-national-standard-gb-t-7714-2015-numeric", "taylor-and-francis-chicago-author-date",
          "apa-6th-edition", "american-institute-of-physics", "royal-society-of-chemistry", "vancouver"]


def _bodies(folder: str) -> list[Path]:
    return sorted(p for p in (REAL / folder).iterdir() if p.suffix == ".json" and not p.name.endswith(".meta.json"))


def records() -> list[dict[str, Any]]:
    """Every recorded Crossref work as citekit maps it, in CSL-JSON (ids ``r000``...)."""
    from citekit.resolve import crossref

    messages: list[dict[str, Any]] = []
    for path in _bodies("crossref-works"):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            messages.append(body["message"])
    for path in _bodies("crossref-search"):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("message-type") == "work-list":
            messages.extend(crossref.work_list_items(body))
    out = []
    for msg in messages:
        if not isinstance(msg.get("DOI"), str):
            continue
        item = crossref.work_to_reference(msg).to_csl()
        item["id"] = f"r{len(out):03d}"
        out.append(item)
    return out


def style_file(style: str) -> Path:
    """The style file citeproc-js is given: a dependent style's independent parent (citeproc-js
    renders nothing from a dependent file; citekit's ``Style.load`` resolves it the same way)."""
    path = find_style(style)
    text = path.read_text(encoding="utf-8")
    parent = re.search(r'<link[^>]*href="([^"]+)"[^>]*rel="independent-parent"', text)
    if parent and "<citation" not in text:
        return find_style(parent.group(1).rstrip("/").rsplit("/", 1)[-1])
    return path


def style_lang(style: str) -> str:
    """The language a style renders in by default (its ``default-locale``, else en-US)."""
    return Style.load(style).default_locale or "en-US"


def job(style: str, items: list[dict[str, Any]]) -> Job:
    """The citeproc-js job ``compare`` runs (for ``prefetch``): the style in its default
    language, as both engines render it when no language is asked for."""
    from citekit.csl.locale import locale_path

    lang = style_lang(style)
    path = locale_file() if lang == "en-US" else locale_path(lang)
    if path is None:
        raise FileNotFoundError(f"no locale file for {lang}")
    return Job(items, style_file(style), path, lang=None if lang == "en-US" else lang)


def compare(style: str, items: list[dict[str, Any]], modules: Path | None = None) -> tuple[int, list[tuple[str, str]], int]:
    """The number of entries, the (citeproc-js, citekit) pairs that differ, and the number of
    entries out of place. Entries are matched as a multiset, so one entry sorted elsewhere (a
    collation difference, counted in the third figure) does not count every entry it shifts;
    a differing pair is the citeproc-js entry and citekit's entry at the same position."""
    spec = job(style, items)
    theirs = run_citeproc_js(items, spec.style_path, spec.locale_path, modules=modules, lang=spec.lang)["bibliography"]
    proc = Processor(Style.load(style), locale=style_lang(style), output="html")
    ours = [as_bib_entry(e) for e in proc.bibliography([Reference.from_csl(it) for it in items])]
    if len(ours) != len(theirs):
        raise AssertionError(f"{style}: {len(ours)} entries, citeproc-js {len(theirs)}")
    missing = Counter(theirs) - Counter(ours)
    extra = Counter(ours) - Counter(theirs)
    lost = [a for a in theirs if missing[a] > 0]
    added = [b for b in ours if extra[b] > 0]
    misplaced = sum(1 for a, b in zip(theirs, ours) if a != b) - len(lost)
    return len(ours), list(zip(lost, added)), max(misplaced, 0)


def main() -> None:
    """``python -m tests.csl.real_records``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--style", action="append")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed")
    items = records()
    styles = args.style or STYLES
    prefetch([job(s, items) for s in styles], modules)
    same = total = 0
    for style in styles:
        n, diffs, misplaced = compare(style, items, modules)
        total, same = total + n, same + n - len(diffs)
        print(f"  {style:<52} {n - len(diffs)}/{n} {100 * (n - len(diffs)) / max(n, 1):6.2f}%  ({misplaced} out of place)")
        for a, b in diffs[:args.show]:
            print(f"    citeproc-js {a.strip()[:300]!r}\n    citekit     {b.strip()[:300]!r}")
    print(f"  {'all':<52} {same}/{total} {100 * same / max(total, 1):6.2f}% ({len(items)} records x {len(styles)} styles)")


if __name__ == "__main__":
    main()

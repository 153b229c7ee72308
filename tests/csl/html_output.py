"""HTML output against citeproc-js's (issue 16: "≥ 99 % for HTML output").

Varied items (``varied.py``) whose titles, container titles, publishers and names carry what HTML
output has to get right: rich text markup in field values (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<sc>``, ``<span class="nocase">``, small-caps spans), characters HTML escapes (``&``, ``<``,
``>``), straight and typographic quotes, URLs with query strings; rendered in styles whose layouts
use italics, bold, small caps, superscript, ``display`` blocks and margins. Both engines render the
same CSL-JSON with the same style and locale files; entries are compared byte for byte (as in
``real_records.compare``: matched as a multiset, entries out of place counted apart).

    python -m tests.csl.html_output -n 300 --show 3
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from tests.csl.citeproc_js import ensure_citeproc_js, prefetch
from tests.csl.real_records import compare, job
from tests.csl.varied import generate_varied

#: styles with the formatting and display HTML output has to write
STYLES = ["apa", "chicago-author-date", "american-chemical-society", "ieee", "nature", "modern-language-association",
          "vancouver-superscript", "elsevier-harvard", "iso690-author-date-en", "din-1505-2",
          "associacao-brasileira-de-normas-tecnicas", "american-institute-of-physics", "royal-society-of-chemistry",
          "chicago-notes-bibliography"]

MARKUP = ["<i>Escherichia coli</i>", "<b>bold</b> claims", "CO<sub>2</sub> uptake", "the 2<sup>nd</sup> wave",
          "<sc>Nasa</sc> data", "<span class=\"nocase\">iPhone</span> users", "<i>in vivo</i> and <i>in vitro</i>",
          "<span style=\"font-variant:small-caps;\">Unesco</span> report", "H<sub>2</sub>O & NaCl",
          "x < y > z", "\"quoted\" words", "'single' words", "AT&T's <i>network</i>", "R&D: <b>a</b> <i>review</i>",
          "Ca<sup>2+</sup> signalling", "the “smart” city", "5 &lt; 6", "Tom &amp; Jerry"]


def _decorate(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    at = rng.randint(0, len(words))
    return " ".join(words[:at] + [rng.choice(MARKUP)] + words[at:])


def generate_html_items(n: int, seed: int = 21) -> list[dict[str, Any]]:
    """``n`` varied items, most with markup or HTML-escaped characters in their text fields."""
    rng = random.Random(seed)
    items = generate_varied(n, seed)
    for item in items:
        if rng.random() < 0.8:
            item["title"] = _decorate(item["title"], rng)
        if "container-title" in item and rng.random() < 0.4:
            item["container-title"] = _decorate(item["container-title"], rng)
        if "publisher" in item and rng.random() < 0.2:
            item["publisher"] = rng.choice(["Taylor & Francis", "AT&T Labs", "Springer <Nature>"])
        if rng.random() < 0.15:
            item["URL"] = f"https://example.org/q?a=1&b=<{rng.randint(1, 99)}>"
        if "author" in item and rng.random() < 0.1:
            item["author"].append({"literal": rng.choice(["Johnson & Johnson", "R&D <Group>"])})
    return items


def main() -> None:
    """``python -m tests.csl.html_output``: byte-equal shares of HTML entries."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--style", action="append")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed")
    items = generate_html_items(args.n, args.seed)
    styles = args.style or STYLES
    prefetch([job(s, items) for s in styles], modules)
    same = total = 0
    for style in styles:
        n, diffs, misplaced = compare(style, items, modules)
        total, same = total + n, same + n - len(diffs)
        print(f"  {style:<44} {n - len(diffs)}/{n} {100 * (n - len(diffs)) / max(n, 1):6.2f}%  ({misplaced} out of place)")
        for a, b in diffs[:args.show]:
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), 0)
            print(f"    citeproc-js {a[max(0, i - 100):i + 80]!r}\n    citekit     {b[max(0, i - 100):i + 80]!r}")
    print(f"  {'all':<44} {same}/{total} {100 * same / max(total, 1):6.2f}% ({len(items)} items x {len(styles)} styles)")


if __name__ == "__main__":
    main()

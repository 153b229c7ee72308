"""Varied CSL-JSON items beyond journal articles (issue 16), for differential measurement.

Thirteen item types the common styles branch on (books, edited books, chapters, reports, theses,
manuscripts, webpages, datasets, conference papers, newspaper and magazine articles, software,
journal articles), every date shape (single, same-year and cross-year ranges, month and day
ranges, seasons, literal dates, missing dates), editors and translators, institutional and
literal names, editions, versions, genres and non-English titles with quotes inside.

    python -m tests.csl.varied -n 400 --style apa --style ieee   # byte-equal shares

Deterministic: the same seed gives the same items (use another seed for a held-out sample).
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from tests.csl.generated import JOURNALS, PUBLISHERS, _name, _title

TYPES = ["book", "book-edited", "chapter", "report", "thesis", "manuscript", "webpage", "dataset",
         "paper-conference", "article-newspaper", "article-magazine", "software", "article-journal"]
FOREIGN = [("fr", "Le « retour » du neo-hinduísme en Inde"), ("de", "Die \"Klimakrise\" und ihre Folgen"),
           ("es", "El 'neo-hinduísmo' contemporáneo"), ("pt", "Sobre o \"neo-hinduísmo\" no Brasil")]


def _date(rng: random.Random) -> dict[str, Any] | None:
    y = rng.randint(1990, 2024)
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.10:
        return {"literal": rng.choice(["forthcoming", "in press", "n.d."])}
    if roll < 0.16:
        return {"date-parts": [[y], [y]]}
    if roll < 0.22:
        return {"date-parts": [[y], [y + rng.randint(1, 3)]]}
    if roll < 0.28:
        m = rng.randint(1, 10)
        return {"date-parts": [[y, m], [y, m + rng.randint(1, 2)]]}
    if roll < 0.34:
        m, d = rng.randint(1, 12), rng.randint(1, 20)
        return {"date-parts": [[y, m, d], [y, m, d + rng.randint(1, 5)]]}
    if roll < 0.38:
        return {"date-parts": [[y]], "season": rng.randint(1, 4)}
    parts: list[int] = [y]
    if roll < 0.8:
        parts.append(rng.randint(1, 12))
        if roll < 0.6:
            parts.append(rng.randint(1, 28))
    return {"date-parts": [parts]}


def _names(rng: random.Random, lo: int, hi: int) -> list[dict[str, Any]]:
    return [_name(rng) for _ in range(rng.randint(lo, hi))]


def generate_varied(n: int, seed: int = 16) -> list[dict[str, Any]]:
    """``n`` items of varied types, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        item: dict[str, Any] = {"id": f"v{i:05d}", "type": kind, "title": _title(rng)}
        if rng.random() < 0.1:
            lang, title = rng.choice(FOREIGN)
            item["title"], item["language"] = title, lang
        if kind == "book-edited":
            item["type"] = "book"
            item["editor"] = _names(rng, 1, 3)
        elif rng.random() > 0.04:
            item["author"] = _names(rng, 1, 5)
        if rng.random() < 0.1:
            item["translator"] = _names(rng, 1, 2)
        date = _date(rng)
        if date is not None:
            item["issued"] = date
        pub, place = rng.choice(PUBLISHERS)
        if kind in ("book", "book-edited", "chapter", "report", "thesis", "paper-conference", "dataset",
                    "software", "manuscript"):
            item["publisher"] = pub
            if rng.random() < 0.6:
                item["publisher-place"] = place
        if kind in ("book", "book-edited") and rng.random() < 0.3:
            item["edition"] = str(rng.randint(2, 5))
        if kind == "chapter":
            item["container-title"] = _title(rng)
            item["editor"] = _names(rng, 1, 3)
            first = rng.randint(1, 400)
            item["page"] = f"{first}-{first + rng.randint(5, 40)}"
        elif kind == "report":
            item["number"] = str(rng.randint(1, 999))
            item["genre"] = rng.choice(["Technical report", "Working paper"])
        elif kind == "thesis":
            item["genre"] = rng.choice(["PhD thesis", "Master's thesis", "Doctoral dissertation"])
        elif kind == "manuscript":
            item["genre"] = "Unpublished manuscript"
        elif kind in ("webpage", "dataset", "software"):
            item["URL"] = f"https://example.org/{kind}/{i}"
            if rng.random() < 0.6:
                item["accessed"] = {"date-parts": [[2025, rng.randint(1, 12), rng.randint(1, 28)]]}
            if kind != "webpage" and rng.random() < 0.7:
                item["version"] = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
            if kind == "webpage":
                item["container-title"] = rng.choice(["BBC News", "Wikipedia", "The Conversation"])
        elif kind == "paper-conference":
            item["container-title"] = "Proceedings of the " + _title(rng)
            item["event-title"] = "International Conference on " + _title(rng)
            item["event-place"] = rng.choice(["Lisbon", "Kyoto", "Denver, CO"])
        elif kind in ("article-newspaper", "article-magazine", "article-journal"):
            item["container-title"] = rng.choice(JOURNALS)[0] if kind == "article-journal" else rng.choice(
                ["The Guardian", "New York Times", "The Economist", "Wired"])
            if kind == "article-journal":
                item["volume"], item["issue"] = str(rng.randint(1, 90)), str(rng.randint(1, 12))
            first = rng.randint(1, 90)
            item["page"] = f"{first}-{first + rng.randint(1, 9)}"
        if rng.random() < 0.3:
            item["DOI"] = f"10.{rng.randint(1000, 9999)}/x{rng.randint(100, 99999)}"
        out.append(item)
    return out


def bib_job(style: str, items: list[dict[str, Any]], lang: str = "en-US") -> Any:
    """The citeproc-js job ``compare_bib`` runs (for ``citeproc_js.prefetch``)."""
    from citekit.csl import locale as csl_locale
    from citekit.csl.repository import find_style
    from tests.csl.citeproc_js import Job

    if hasattr(csl_locale, "locale_path"):
        path = csl_locale.locale_path(lang)
    else:  # an older citekit (a before/after measurement): its locale folder
        path = csl_locale._locales_dir() / f"locales-{lang}.xml"
    if path is None:
        raise FileNotFoundError(f"no locale file for {lang}")
    return Job(items, find_style(style), path, lang=lang)


def compare_bib(style: str, items: list[dict[str, Any]], lang: str = "en-US",
                modules: Any = None) -> tuple[int, list[tuple[str, str]]]:
    """The number of bibliography entries and the (citeproc-js, citekit) pairs that differ."""
    from citekit.csl import Processor, Style
    from citekit.model import Reference
    from tests.csl.citeproc_js import as_bib_entry, run_citeproc_js

    job = bib_job(style, items, lang)
    theirs = run_citeproc_js(job.items, job.style_path, job.locale_path, modules=modules, lang=lang)["bibliography"]
    proc = Processor(Style.load(style), locale=lang, output="html")
    ours = [as_bib_entry(e) for e in proc.bibliography([Reference.from_csl(it) for it in items])]
    if len(ours) != len(theirs):
        raise AssertionError(f"{style} {lang}: {len(ours)} entries, citeproc-js {len(theirs)}")
    return len(ours), [(a, b) for a, b in zip(theirs, ours) if a != b]


def main() -> None:
    """``python -m tests.csl.varied``: byte-equal shares on varied items."""
    from tests.csl.citeproc_js import ensure_citeproc_js

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--style", action="append")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--lang", action="append", help="locale (repeatable; default en-US)")
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed")
    items = generate_varied(args.n, args.seed)
    total = same = 0
    styles = args.style or ["apa", "chicago-author-date", "harvard-cite-them-right", "ieee",
                            "modern-language-association", "nature", "american-medical-association"]
    from tests.csl.citeproc_js import prefetch

    prefetch([bib_job(style, items, lang) for lang in args.lang or ["en-US"] for style in styles], modules)
    for lang in args.lang or ["en-US"]:
        for style in styles:
            n, diffs = compare_bib(style, items, lang, modules)
            total += n
            same += n - len(diffs)
            print(f"  {style:<36} {lang:<6} {n - len(diffs)}/{n} {100 * (n - len(diffs)) / max(n, 1):6.2f}%")
            for a, b in diffs[:args.show]:
                print(f"    citeproc-js {a.strip()[:220]!r}\n    citekit     {b.strip()[:220]!r}")
    print(f"  {'all':<36} {same}/{total} {100 * same / max(total, 1):6.2f}%")


if __name__ == "__main__":
    main()

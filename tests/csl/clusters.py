"""Citation clusters with every cite option, against citeproc-js (issue 16).

    python -m tests.csl.clusters -n 200 --show 3       # byte-equal shares per style

Items: ``varied.py``'s types plus pairs by the same authors in the same year (year suffixes,
collapsing, given-name disambiguation). Clusters (one per footnote, processed in order): 1–4
cites, locators of every common label with single pages, ranges, lists and roman numerals,
prefixes and suffixes (rich text among them), ``suppress-author``, repeats right after (ibid)
and later (subsequent), so sorted clusters reorder cites whose years tie. Both engines get the
same items, style and locale file; each cluster's last rendering is compared byte for byte
(citeproc-js's ``processCitationCluster`` in note order, citekit's ``process_document``).
"""

from __future__ import annotations

import argparse
import copy
import random
from typing import Any

from tests.csl.citeproc_js import Job
from tests.csl.varied import generate_varied

#: four author-date and two note styles (issue 16's "citation clusters" figure)
AUTHOR_DATE = ["apa", "chicago-author-date", "harvard-cite-them-right", "elsevier-harvard"]
NOTE = ["chicago-notes-bibliography", "modern-humanities-research-association"]
STYLES = AUTHOR_DATE + NOTE
LABELS = ["page", "page", "page", "chapter", "figure", "section", "paragraph", "volume", "line", "note", "book",
          "verse", "column", "folio", "issue", "opus", "part", "sub verbo"]
PREFIXES = ["see ", "cf. ", "e.g., ", "see also ", "<i>contra</i> ", "compare "]
SUFFIXES = [", emphasis added", " (discussing the method)", "; quoted in the text", ", n. 4", " <b>[sic]</b>"]


def cluster_items(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` varied items, every fifth with a twin by the same authors in the same year."""
    items = generate_varied(n, seed)
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for k, item in enumerate(items):
        out.append(item)
        if k % 5 == 0 and item.get("author") and item.get("issued", {}).get("date-parts"):
            twin = copy.deepcopy(item)
            twin["id"] = item["id"] + "b"
            twin["title"] = "Another " + str(item["title"]).lower()
            if rng.random() < 0.3:  # same family, other given names: given-name disambiguation
                twin["author"] = [dict(a, given=rng.choice(["Anne-Marie", "Bo", "Carl"])) for a in twin["author"]]
            out.append(twin)
    return out


def _locator(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return str(rng.randint(1, 400))
    if roll < 0.7:
        a = rng.randint(1, 300)
        return f"{a}-{a + rng.randint(1, 30)}"
    if roll < 0.8:
        return f"{rng.randint(1, 50)}, {rng.randint(51, 99)}"
    if roll < 0.9:
        return rng.choice(["iv", "xii", "ii-iii", "A3", "12a"])
    return str(rng.randint(1, 9))


def generate_option_clusters(items: list[dict[str, Any]], seed: int = 3) -> list[list[dict[str, Any]]]:
    """A document's clusters over ``items`` with locators, labels, prefixes, suffixes,
    suppress-author and repeats. Deterministic per seed."""
    rng = random.Random(seed)
    ids = [str(it["id"]) for it in items]
    clusters: list[list[dict[str, Any]]] = []
    cited: list[str] = []
    fresh = iter(ids)
    for _ in range(len(ids) + len(ids) // 2):
        size = rng.choice([1, 1, 1, 2, 2, 3, 4])
        cluster: list[dict[str, Any]] = []
        for _ in range(size):
            roll = rng.random()
            if cited and clusters and roll < 0.12:
                cid = str(clusters[-1][-1]["id"])
            elif cited and roll < 0.35:
                cid = rng.choice(cited[-8:] if rng.random() < 0.5 else cited)
            else:
                cid = next(fresh, None) or rng.choice(ids)
            if any(c["id"] == cid for c in cluster):
                continue
            cite: dict[str, Any] = {"id": cid}
            if rng.random() < 0.5:
                cite["locator"] = _locator(rng)
                if rng.random() < 0.4:
                    cite["label"] = rng.choice(LABELS)
            if rng.random() < 0.15:
                cite["prefix"] = rng.choice(PREFIXES)
            if rng.random() < 0.12:
                cite["suffix"] = rng.choice(SUFFIXES)
            if rng.random() < 0.1:
                cite["suppress-author"] = True
            cluster.append(cite)
            cited.append(cid)
        if cluster:
            clusters.append(cluster)
    return clusters


def cluster_job(style: str, items: list[dict[str, Any]], clusters: list[list[dict[str, Any]]],
                lang: str = "en-US", fmt: str = "html") -> Job:
    """The citeproc-js job of one comparison (for ``citeproc_js.prefetch``)."""
    from citekit.csl.locale import locale_path
    from citekit.csl.repository import find_style

    path = locale_path(lang)
    if path is None:
        raise FileNotFoundError(f"no locale file for {lang}")
    return Job(items, find_style(style), path, clusters, fmt, lang)


def compare_clusters(style: str, items: list[dict[str, Any]], clusters: list[list[dict[str, Any]]],
                     lang: str = "en-US", modules: Any = None) -> tuple[int, list[tuple[str, str]]]:
    """The number of clusters and the (citeproc-js, citekit) renderings that differ."""
    from citekit.csl import Processor, Style
    from citekit.csl.processor import CiteItem, Cluster
    from citekit.model import Reference
    from tests.csl.citeproc_js import run_citeproc_js

    job = cluster_job(style, items, clusters, lang)
    theirs = run_citeproc_js(job.items, job.style_path, job.locale_path, clusters=clusters, modules=modules,
                             lang=lang)["citations"]
    proc = Processor(Style.load(style), locale=lang, output="html")
    for it in items:
        proc.add(Reference.from_csl(it))
    ours = proc.process_document([Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                                  for k, cl in enumerate(clusters)])
    if len(ours) != len(theirs):
        raise AssertionError(f"{style}: {len(ours)} clusters, citeproc-js {len(theirs)}")
    return len(ours), [(a, b) for a, b in zip(theirs, ours) if a != b]


def main() -> None:
    """``python -m tests.csl.clusters``."""
    from tests.csl.citeproc_js import ensure_citeproc_js, prefetch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--style", action="append")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed")
    items = cluster_items(args.n, args.seed)
    clusters = generate_option_clusters(items, args.seed)
    styles = args.style or STYLES
    prefetch([cluster_job(s, items, clusters) for s in styles], modules)
    total = same = 0
    for style in styles:
        n, diffs = compare_clusters(style, items, clusters, modules=modules)
        total, same = total + n, same + n - len(diffs)
        print(f"  {style:<40} {n - len(diffs)}/{n} {100 * (n - len(diffs)) / max(n, 1):6.2f}%")
        for a, b in diffs[:args.show]:
            print(f"    citeproc-js {a[:240]!r}\n    citekit     {b[:240]!r}")
    print(f"  {'all':<40} {same}/{total} {100 * same / max(total, 1):6.2f}%")


if __name__ == "__main__":
    main()

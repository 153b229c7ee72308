"""Scoring the parser on the held-out hand-labelled strings (AnyStyle's and GROBID's), shared by the
tests and ``benchmarks/bench_parse.py``.

The expected fields of a string are its hand-made segments (``citekit.formats.text.corpora``) put
through the same normaliser as the parser's own (``normalise.to_csl``): names split, year read,
pages and volume taken out of ``pp.``/``Vol.``. So a field is right when the parser found the same
segment with the same label; what a field "is" stays what the annotators marked.
A field counts only where the string's labels have it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citekit.formats.text import corpora
from citekit.formats.text.normalise import to_csl
from citekit.model import Reference

DATA = Path(__file__).resolve().parents[2] / "data" / "citation-strings"
FIELDS = ("first-author", "authors", "year", "title", "container", "volume", "issue", "pages", "doi")
GROUPS = {
    "anystyle": "AnyStyle (all disciplines, many styles)",
    "biomedical": "biomedical Vancouver (GROBID citations.xml)",
    "grobid-other": "physics, chemistry, preprints, non-English (GROBID)",
    "grobid-cs": "computer science (GROBID citations.xml)",
}

_cache: list[corpora.Labelled] | None = None


def load() -> list[corpora.Labelled]:
    global _cache
    if _cache is None:
        _cache = corpora.load_all(DATA)
    return _cache


def norm(value: Any) -> str:
    s = unicodedata.normalize("NFKC", str(value)).casefold()
    s = re.sub(r"[‘’`´]", "'", s)
    s = re.sub(r"[“”«»„\"]", "", s)
    s = re.sub(r"[‐‑‒–—−]+", "-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:'()[]")


def _family(n: dict[str, Any]) -> str:
    fam = " ".join(p for p in (n.get("non-dropping-particle"), n.get("family")) if p)
    return norm(fam or n.get("literal", ""))


def fields_of(csl: dict[str, Any]) -> dict[str, str | None]:
    """The scored fields of a CSL-JSON dict."""
    authors = csl.get("author") or []
    issued = csl.get("issued") or {}
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = str(parts[0][0]) if parts and parts[0] else None
    return {
        "first-author": _family(authors[0]) if authors else None,
        "authors": "|".join(_family(a) for a in authors) if authors else None,
        "year": year,
        "title": norm(csl["title"]) if csl.get("title") else None,
        "container": norm(csl["container-title"]) if csl.get("container-title") else None,
        "volume": norm(csl["volume"]) if csl.get("volume") else None,
        "issue": norm(csl["issue"]) if csl.get("issue") else None,
        "pages": norm(csl["page"]) if csl.get("page") else None,
        "doi": norm(csl["DOI"]) if csl.get("DOI") else None,
    }


def expected(item: corpora.Labelled) -> dict[str, str | None]:
    csl, _, _ = to_csl([(lab, text, 1.0) for lab, text in item.segments()])
    return fields_of(csl)


def reference_fields(ref: Reference | None) -> dict[str, str | None]:
    if ref is None:
        return dict.fromkeys(FIELDS)
    return fields_of(ref.to_csl())


def score(items: list[corpora.Labelled], parse: Callable[[str], Reference | None]) -> dict[str, Any]:
    """Per field (right, labelled), every-field-right count, and the misses."""
    per = {f: [0, 0] for f in FIELDS}
    all_right = 0
    misses: list[tuple[str, str, Any, Any]] = []
    for it in items:
        exp = expected(it)
        got = reference_fields(parse(it.text))
        ok_all = True
        for f in FIELDS:
            if exp[f] is None:
                continue
            per[f][1] += 1
            if got[f] == exp[f]:
                per[f][0] += 1
            else:
                ok_all = False
                misses.append((it.text, f, exp[f], got[f]))
        all_right += ok_all
    return {"n": len(items), "all": all_right, "per": per, "misses": misses}


def heldout_groups() -> dict[str, list[corpora.Labelled]]:
    out: dict[str, list[corpora.Labelled]] = {g: [] for g in GROUPS}
    for it in corpora.heldout(load()):
        out[it.group].append(it)
    return out


def dev_groups() -> dict[str, list[corpora.Labelled]]:
    """The dev part of the training strings (:func:`corpora.dev_split`), per group: for choosing
    features and settings with a model fitted on the other part (``train --dev``)."""
    from citekit.formats.text.train import RENDERED, rendered_items

    out: dict[str, list[corpora.Labelled]] = {g: [] for g in GROUPS}
    _, dev = corpora.dev_split([*corpora.training(load()), *rendered_items(RENDERED)])
    for it in dev:
        if it.group in out:
            out[it.group].append(it)
    return out


def token_accuracy(items: list[corpora.Labelled]) -> tuple[int, int]:
    """Tokens the model labels as the annotators did (``train.token_labels``), and all tokens:
    the labeller's own accuracy, before the normaliser turns labels into fields."""
    from citekit.formats.text import crf
    from citekit.formats.text.features import tokenize
    from citekit.formats.text.train import token_labels

    right = total = 0
    for it in items:
        tokens = tokenize(it.text)[: crf.MAX_TOKENS]
        gold = token_labels(it, tokens)
        got = crf.tag(it.text).labels
        right += sum(a == b for a, b in zip(gold, got, strict=True))
        total += len(gold)
    return right, total

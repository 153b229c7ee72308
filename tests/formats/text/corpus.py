"""The labelled citation corpus and field-level scoring, shared by the tests and ``benchmarks/bench_parse.py``.

Corpus files (``tests/data/citations/``): ``corpus-{ama,vancouver,apa}.jsonl`` rendered by
citeproc-js from real records (``make_corpus.py``), ``corpus-{style}-pandoc.jsonl`` the same
records rendered by pandoc, ``document.json`` (the document's eleven
citations, labelled by hand with what the page prints) and ``handlabelled.jsonl`` (real-world
variants labelled by hand). Labels never come from citekit.

A field is scored only where the label has a value; comparisons ignore case, spacing and the
punctuation around a value (a title's closing ``,”`` in Chicago and IEEE styles) for titles and journals, compare pages with any dash, and compare authors as ``(family, initials)``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "citations"
STYLES = ("ama", "vancouver", "apa")
FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")


ENGINES = ("citeproc-js", "pandoc")


def load(style: str, engine: str = "citeproc-js") -> list[dict[str, Any]]:
    """The rendered corpus of one style, by one CSL engine (citeproc-js, or pandoc's citeproc)."""
    path = DATA / (f"corpus-{style}.jsonl" if engine == "citeproc-js" else f"corpus-{style}-{engine}.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_heldout() -> list[dict[str, Any]]:
    """The same records in styles the parser was not written against (``family``: ama, vancouver, apa, other)."""
    path = DATA / "corpus-heldout.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_handlabelled() -> list[dict[str, Any]]:
    """Hand-labelled real-world variants (one JSON object per line)."""
    path = DATA / "handlabelled.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("//")]


WILD_FIELDS = ("first_author", "journal", "year", "volume", "first_page")


def load_wild() -> list[dict[str, Any]]:
    """Publishers' own printed citations (Crossref ``unstructured``), any style, with deposited labels."""
    path = DATA / "wild.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def wild_accuracy(rows: list[dict[str, Any]], parse: Any) -> dict[str, tuple[int, int]]:
    """Per field of the wild set: (right, labelled). The first author matches on the family name."""
    out: dict[str, list[int]] = {f: [0, 0] for f in WILD_FIELDS}
    for row in rows:
        ref = parse(row["text"])
        got: dict[str, Any] = {}
        if ref is not None:
            first = ref.author[0] if ref.author else None
            got = {
                "first_author": (first.family or first.literal) if first else None,
                "journal": ref.container_title,
                "year": ref.year,
                "volume": None if ref.volume is None else str(ref.volume),
                "first_page": None if ref.page is None else re.split(r"[-,]", str(ref.page))[0],
            }
        for field, exp in row["expected"].items():
            out[field][1] += 1
            value = got.get(field)
            if field == "first_author":
                out[field][0] += value is not None and _norm(exp) in _norm(value)
            else:
                out[field][0] += value is not None and _norm(exp) == _norm(value)
    return {f: (ok, n) for f, (ok, n) in out.items()}


def _norm(text: Any) -> str:
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = re.sub(r"[‘’]", "'", s)
    s = re.sub(r"[“”]", '"', s)
    s = re.sub(r"[‐‑‒–—−]", "-", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:\"")


def _initials(given: str | None) -> str:
    if not given:
        return ""
    return "".join(p[0] for p in re.split(r"[\s.\-‐]+", given) if p and p[0].isalpha() and not p.islower()).upper()


def actual(ref: Any) -> dict[str, Any]:
    """The scored fields of a parsed Reference, in the labels' shape."""
    authors = None
    if ref.author:
        authors = []
        for n in ref.author:
            if n.literal and not n.family:
                authors.append({"literal": n.literal})
            else:
                fam = " ".join(p for p in (n.non_dropping_particle, n.family) if p)
                authors.append([fam, _initials(n.given)])
    return {
        "authors": authors,
        "title": ref.title,
        "journal": ref.container_title,
        "year": ref.year,
        "volume": None if ref.volume is None else str(ref.volume),
        "issue": None if ref.issue is None else str(ref.issue),
        "pages": None if ref.page is None else str(ref.page),
        "doi": ref.doi,
    }


def same(field: str, expected: Any, got: Any) -> bool:
    """Whether a parsed value matches its label."""
    if got is None:
        return False
    if field == "authors":
        if len(expected) != len(got):
            return False
        for e, g in zip(expected, got, strict=True):
            # a family-only person and a literal name print the same ("Stravopodis.", "Beijing Zoo.")
            e = e if isinstance(e, dict) or e[1] else {"literal": e[0]}
            g = g if isinstance(g, dict) or g[1] else {"literal": g[0]}
            if isinstance(e, dict) or isinstance(g, dict):
                if not (isinstance(e, dict) and isinstance(g, dict) and _norm(e["literal"]) == _norm(g["literal"])):
                    return False
            elif _norm(e[0]) != _norm(g[0]) or e[1] != g[1]:
                return False
        return True
    if field == "year":
        return int(expected) == int(got)
    return _norm(expected) == _norm(got)


def score(rows: list[dict[str, Any]], parse: Any) -> Iterator[tuple[dict[str, Any], str, Any, Any, bool]]:
    """For each labelled field of each row: (row, field, expected, got, ok). ``parse(text)`` → Reference|None."""
    for row in rows:
        ref = parse(row["text"])
        got = actual(ref) if ref is not None else dict.fromkeys(FIELDS)
        for field in FIELDS:
            exp = row["expected"].get(field)
            if exp is None:
                continue
            yield row, field, exp, got[field], same(field, exp, got[field])


def accuracy(rows: list[dict[str, Any]], parse: Any) -> tuple[float, int, list[tuple[str, str, Any, Any]]]:
    """Share of labelled fields parsed right, the number scored, and the misses."""
    total = ok = 0
    misses = []
    for row, field, exp, got, good in score(rows, parse):
        total += 1
        ok += good
        if not good:
            misses.append((row["text"], field, exp, got))
    return (ok / total if total else 0.0), total, misses

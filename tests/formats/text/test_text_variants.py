"""Robustness: the labelled corpus, re-typed the ways real lists differ, must keep its labels.

Each transformation changes the layout or punctuation of the citeproc-js citations, never the
values, so the labels stay valid: numbered and wrapped lists, missing final periods, odd spaces,
dashes, ``et al`` without its period, no period between journal and year (the document's style).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from citekit.formats.text import TextFormat, parse_citation
from tests.formats.text import corpus

ROWS = corpus.load("ama") + corpus.load("vancouver")
APA = corpus.load("apa")


def _rate(rows: list[dict[str, Any]], refs: list[Any]) -> float:
    ok = total = 0
    for row, ref in zip(rows, refs, strict=True):
        got = corpus.actual(ref)
        for field in corpus.FIELDS:
            exp = row["expected"].get(field)
            if exp is not None:
                total += 1
                ok += corpus.same(field, exp, got[field])
    return ok / total


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "no final period": lambda t: t.rstrip("."),
    "double and non-breaking spaces": lambda t: t.replace(" ", "  ", 5).replace(". ", ".\u00a0", 2),
    "en dashes in pages": lambda t: re.sub(r"(\d)-(\d)", "\\1–\\2", t),
    "et al without period": lambda t: t.replace("et al.", "et al"),
    "no period before the year": lambda t: re.sub(r"\. ((?:19|20)\d\d[;\s])", r" \1", t, count=1),
    "spaces around ; and :": lambda t: re.sub(r"((?:19|20)\d\d);(\d+)(\(\w+\))?:", r"\1; \2\3: ", t, count=1),
}


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_ama_vancouver_variants(name: str) -> None:
    transform = TRANSFORMS[name]
    refs = [parse_citation(transform(row["text"])).reference for row in ROWS]
    assert _rate(ROWS, refs) >= 0.97, name


@pytest.mark.parametrize("style_rows", [ROWS, APA], ids=["ama+vancouver", "apa"])
@pytest.mark.parametrize("mark", ["{}.", "[{}]", "{})"])
def test_numbered_wrapped_list(style_rows: list[dict[str, Any]], mark: str) -> None:
    """The whole corpus as one numbered list wrapped at 70 columns, read by the format."""
    lines = []
    for n, row in enumerate(style_rows, start=1):
        wrapped = textwrap.wrap(row["text"], 70, break_long_words=False, break_on_hyphens=False)
        lines.append(f"{mark.format(n)} {wrapped[0]}")
        lines.extend(f"    {w}" for w in wrapped[1:])
    result = TextFormat().loads("References\n\n" + "\n".join(lines) + "\n")
    assert [r.citation_number for r in result.items] == list(range(1, len(style_rows) + 1))
    assert _rate(style_rows, result.items) >= 0.97


def test_unnumbered_list_one_per_line() -> None:
    result = TextFormat().loads("\n\n".join(row["text"] for row in APA) + "\n")
    assert len(result.items) == len(APA)
    assert _rate(APA, result.items) >= 0.97

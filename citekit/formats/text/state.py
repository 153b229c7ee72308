"""The state a citation's parse steps share, and the helpers every layout uses.

A step (``parse.py``, ``variants.py``) is a function of :class:`State`: it reads ``text`` and
sets CSL variables with a confidence. The helpers cut text into sentences, find where a journal
name starts, and set authors and titles the same way for every layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import ParseError
from citekit.formats.text import authors as au
from citekit.model.extensions import Extensions

#: a sentence boundary: ``.``/``?``/``!`` (maybe with a closing quote) then space
BOUNDARY = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"”’]))\s+(?=\S)")


def not_a_citation(message: str, field: str | None = None) -> ParseError:
    """The error a step raises when the text cannot be read as a citation.

    :func:`~citekit.formats.text.parse.parse_citation` catches it and returns it as ``Parsed.error``; it never leaves the parser.
    """
    return ParseError(message, field=field)


@dataclass
class State:
    """The citation being parsed: the text still unread, the CSL fields so far, their confidences."""

    raw: str
    text: str
    csl: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    problems: list[tuple[str, str | None]] = field(default_factory=list)
    style: str | None = None
    done: bool = False
    #: values found by one step for a later one, never output (the pages of an e-pub note)
    pending: dict[str, str] = field(default_factory=dict)

    def set(self, variable: str, value: Any, confidence: float) -> None:
        """Set a CSL variable (empty values are ignored) and its confidence."""
        if value is None or value == "" or value == []:
            return
        self.csl[variable] = value
        self.confidence[variable] = round(confidence, 2)


Step = Callable[[State], None]


def date_of(year: int, month: int | None = None, day: int | None = None, season: int | None = None) -> dict[str, Any]:
    """A CSL date object: ``{"date-parts": [[2017, 4]]}``, with ``season`` when there is no month."""
    parts: list[int] = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    out: dict[str, Any] = {"date-parts": [parts]}
    if season and not month:
        out["season"] = season
    return out


def sentences(text: str, brackets: bool = True) -> list[str]:
    """Split at ``. ``/``? ``/``! `` outside brackets; the punctuation stays with its sentence.

    With unbalanced brackets (``Title (unbalanced. Journal``) brackets are ignored, so an
    unclosed parenthesis cannot swallow the rest of the citation.
    """
    if brackets and (text.count("(") != text.count(")") or text.count("[") != text.count("]")):
        brackets = False
    if not brackets or ("(" not in text and "[" not in text):
        # no brackets to respect: one regex split does it (the character walk below is slower)
        return [p.strip() for p in BOUNDARY.split(text) if p.strip() and p.strip() not in (".", "?", "!")]
    out: list[str] = []
    depth = 0
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in "([" and brackets:
            depth += 1
        elif ch in ")]" and brackets:
            depth = max(0, depth - 1)
        elif ch in ".?!" and depth == 0 and i + 1 < n and text[i + 1] == " ":
            out.append(text[start : i + 1].strip())
            start = i + 2
        elif ch in ".?!" and depth == 0 and i + 2 < n and text[i + 1] in "\"”’'" and text[i + 2] == " ":
            out.append(text[start : i + 2].strip())  # 'polêmica do “neo-hinduísmo.” Voluntas'
            start = i + 3
        i += 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s and s not in (".", "?", "!")]


def is_abbrev_token(seg: str) -> bool:
    """``Proc.``, ``R.``, ``U.S.A.``: one short capitalised word, a piece of a dotted journal name."""
    s = seg.rstrip(".")
    return " " not in s and 0 < len(s) <= 6 and s[:1].isupper()


def journal_start(segments: list[str]) -> int:
    """Index of the first segment of the journal: the last one, plus dotted abbreviations before it."""
    j = len(segments) - 1
    if is_abbrev_token(segments[j]) or segments[j].count(". ") == 0:
        while j - 1 >= 1 and is_abbrev_token(segments[j - 1]) and segments[j - 1].endswith("."):
            j -= 1
    return j


_INVERTED = re.compile(r"^(?P<family>[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?),\s*(?P<given>(?:[A-ZÀ-ÖØ-Þ][^\W\d_]*\.?[\s-]?){1,3})$")


def inverted_name(name: dict[str, Any]) -> dict[str, Any]:
    """A literal ``Family, Given`` (``Durkheim, Émile``, ``Nelmes, E``) as family and given."""
    lit = name.get("literal")
    if len(name) == 1 and isinstance(lit, str) and "," in lit:
        m = _INVERTED.match(lit.strip())
        if m:
            return {"family": m.group("family"), "given": m.group("given").strip()}
    return name


def set_authors(st: State, names: au.Authors) -> None:
    """Store an author list (its doubts become warnings; ``et al`` is kept as ``parse-et-al``)."""
    if not names.names:
        return
    st.set("author", [inverted_name(n) for n in names.names], names.confidence * 0.97)
    for problem in names.problems:
        st.problems.append((problem, "author"))
    if names.et_al:
        with Extensions.editing(st.csl) as ext:
            ext.parse.et_al = True


def set_title(st: State, text: str, confidence: float) -> None:
    """Store a title without the full stop that ends it (``?`` and ``!`` are part of it)."""
    title = text.strip()
    if title.endswith(".") and not title.endswith(("...", "..")):
        title = title[:-1]
    st.set("title", title.strip(), confidence)

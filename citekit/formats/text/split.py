"""Cutting a reference list into citations: one per line, numbered blocks, wrapped lines joined.

The layout is decided for each blank-line-separated block on its own, never for the whole text
by one line of it:

* **numbered**: the block opens with ``1.``, ``[1]``, ``1)`` or ``(1)`` and its numbers run in
  order (or number most of its lines); a numbered line opens a citation, and the lines after it
  up to the next number are its wrapped continuation. One numbered line among unnumbered
  citations does not make a numbered list;
* **paragraph**: a block of several lines none of which looks like the start of another citation
  is one wrapped citation, its lines joined;
* **lines**: otherwise one citation per non-blank line, except that a line which cannot start a
  citation (it starts in lowercase, with a digit-led locator, ``doi:`` or ``http``) continues the
  line before it.

``split(text, lines=True)`` skips all of this: every non-blank line is one citation, in order.

Headings (``References``, ``Bibliography:``) are skipped. Each citation keeps the 1-based line it
starts on, for messages, and its printed number (``citation-number``) when it had one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

#: the longest citation we try to parse; longer "lines" are reported, not parsed (5 MB lines exist)
MAX_CITATION = 5000

#: ``[12]``, ``(12)``, ``12.``, ``12)``: up to three digits in parentheses or before a dot, so that
#: a year opening a name-year citation ("(2017) Title", "2017. Title") is not taken for a number
_NUMBER = re.compile(r"^\s*(?:\[(?P<a>\d{1,4})\]|\((?P<b>\d{1,3})\)|(?P<c>\d{1,3})[.)])\s+(?=\S)")
_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:references?|bibliography|works cited|literature cited|cited literature|sources|citations|notes|reference list)\s*:?\s*$",
    re.IGNORECASE,
)
#: the start of a citation: ``Family AB,`` / ``Family AB.`` (AMA, Vancouver) or ``Family, A.`` (APA)
_START = re.compile(r"^\s*[^\s,.]+(?:\s[^\s,.]+){0,3}\s[A-Z]{1,4}(?:\s(?:Jr|Sr|II|III))?[,.]|^\s*[^\s,.]+(?:\s[^\s,.]+){0,3},\s[A-Z]\.")
#: a line that can only continue the citation before it (identifiers and notes that end citations)
_CONTINUATION = re.compile(r"^\s*(?:doi\b|https?://|PMID|PMCID|Epub\b|Published online|Accessed\b|Available from|\[cited)", re.IGNORECASE)
#: a line that most likely continues an unfinished one (a lowercase word, a locator, punctuation)
_WRAPPED = re.compile(r"^\s*(?:[a-z]|\d+[;:(\-–]|[;:,)\]–-])")


@dataclass(frozen=True)
class Chunk:
    """One citation's text, the line it starts on, and the number it was printed with."""

    text: str
    line: int
    number: int | None = None


def _join(lines: list[str]) -> str:
    # built as a list: joining 300,000 wrapped lines one string at a time is quadratic
    parts: list[str] = []
    prev = ""
    for raw in lines:
        piece = raw.strip()
        if not piece:
            continue
        if parts and not (prev.endswith("-") and not prev.endswith(" -") and piece[:1].islower()) and not prev.endswith(("/", "doi:")):
            parts.append(" ")
        # else: a word broken at a hyphen ("multi-\ncentre" keeps its hyphen) or a URL or DOI
        # wrapped mid-way is joined without a space
        parts.append(piece)
        prev = piece
    return "".join(parts)


def is_heading(line: str) -> bool:
    """``References``, ``Bibliography:``, ``## Works cited``: a heading, not a citation."""
    return bool(_HEADING.match(line))


def split(text: str, *, lines: bool = False) -> Iterator[Chunk]:
    """The citations in ``text`` (see the module docstring for the layouts).

    ``lines``: every non-blank line is one citation, in order, whatever it looks like (no
    joining, no heading skipped), so that a caller gets exactly one record per line.
    """
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines:
        for i, ln in enumerate(all_lines):
            if ln.strip():
                yield Chunk(ln.strip(), i + 1)
        return
    # the layout is decided per blank-line-separated block, never by one line of the file
    for start, block in _blocks(all_lines):
        yield from _block(block, start)


def _block(block: list[str], offset: int) -> Iterator[Chunk]:
    numbered = [i for i, ln in enumerate(block) if _NUMBER.match(ln) and len(ln) < MAX_CITATION * 4]
    if numbered and _mostly_numbered(block, numbered):
        for c in _numbered(block, numbered):
            yield Chunk(c.text, c.line + offset, c.number)
        return
    if len(block) > 1 and _wrapped(block):
        if not (len(block) == 1 and is_heading(block[0])):
            body = [ln for ln in block if not is_heading(ln)]
            if body:
                yield Chunk(_join(body), offset + block.index(body[0]) + 1)
        return
    for c in _lines(block):
        yield Chunk(c.text, c.line + offset)


def _mostly_numbered(lines: list[str], numbered: list[int]) -> bool:
    """A block is a numbered list when it opens with a number and its numbers run in order
    (1, 2, 3 ...) or number most of its lines; one numbered line among unnumbered citations
    (a title that starts "3) ...", a page "185.") does not make a list."""
    body = [i for i, ln in enumerate(lines) if ln.strip() and not is_heading(ln)]
    if not body:
        return False
    if len(numbered) == 1:
        return len(body) == 1 or numbered[0] == body[0] and all(not _complete(lines[i - 1]) or not _START.match(lines[i]) for i in body[1:])
    if numbered[0] != body[0]:
        return False
    nums = [_number_of(lines[i]) for i in numbered]
    in_order = sum(1 for a, b in pairwise(nums) if a is not None and b is not None and 0 < b - a <= 5)
    return in_order * 2 >= len(nums) - 1 or len(numbered) * 2 >= len(body)


def _sequential(lines: list[str], numbered: list[int]) -> bool:
    nums = [_number_of(lines[i]) for i in numbered]
    return all(a is not None and b == a + 1 for a, b in pairwise(nums))


def _number_of(line: str) -> int | None:
    m = _NUMBER.match(line)
    if not m:
        return None
    return int(m.group("a") or m.group("b") or m.group("c"))


def _in_sequence(lines: list[str], numbered: list[int]) -> list[int]:
    """The numbered lines that continue the count (1, 2, 3 ...): a wrapped line that happens to
    start with ``185.`` (a page number) is not citation 185. When most numbered lines are out
    of order, the count means nothing and every numbered line counts."""
    kept: list[int] = []
    last: int | None = None
    for i in numbered:
        n = _number_of(lines[i])
        # the next number, or a small gap (a citation lost in copying): not a jump to "185"
        if n is not None and (last is None or 0 < n - last <= 5):
            kept.append(i)
            last = n
    return kept if len(kept) * 2 >= len(numbered) else numbered


def _numbered(lines: list[str], numbered: list[int]) -> Iterator[Chunk]:
    marks = set(_in_sequence(lines, numbered))
    current: list[str] = []
    start = 0
    number: int | None = None
    for i, ln in enumerate(lines):
        if i in marks:
            if current:
                yield Chunk(_join(current), start + 1, number)
            m = _NUMBER.match(ln)
            assert m is not None
            number = _number_of(ln)
            current = [ln[m.end() :]]
            start = i
        elif current and ln.strip() and not is_heading(ln):
            current.append(ln)
        elif not current and ln.strip() and not is_heading(ln):
            # text before the first number: its own (unnumbered) citation, if it is one at all
            yield Chunk(ln.strip(), i + 1)
    if current:
        yield Chunk(_join(current), start + 1, number)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for i, ln in enumerate(lines):
        if ln.strip():
            if not current:
                start = i
            current.append(ln)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _wrapped(block: list[str]) -> bool:
    # a block is one wrapped citation when no inner line looks like the start of another
    # citation (a complete citation ends with a period, digit or URL on the line before)
    for prev, ln in pairwise(block):
        if _CONTINUATION.match(ln) or _WRAPPED.match(ln) and not _START.match(ln):
            continue
        if _complete(prev) or _START.match(ln):
            return False
    return True


def _complete(line: str) -> bool:
    s = line.rstrip()
    return bool(re.search(r"(?:\.|\d|\w/\S*)$", s)) and bool(re.search(r"(?:1[5-9]|20)\d\d", s))


def _lines(lines: list[str]) -> Iterator[Chunk]:
    current: list[str] = []
    start = 0
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        if is_heading(ln) and not current:
            continue
        joins = _CONTINUATION.match(ln) or (current and not _complete(current[-1]) and not _START.match(ln))
        if current and joins and len(ln) < MAX_CITATION and len(current[-1]) < MAX_CITATION:
            current.append(ln)
            continue
        if current:
            yield Chunk(_join(current), start + 1)
        if is_heading(ln):
            current = []
            continue
        current = [ln]
        start = i
    if current:
        yield Chunk(_join(current), start + 1)

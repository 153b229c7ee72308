"""CSL-JSON rich text: the few HTML-like tags CSL allows in strings (citeproc-js's set).

``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span style="font-variant:small-caps;">`` and
``<span class="nocase">`` are parsed into :class:`Span` trees; anything else, including tags that
do not nest properly, stays literal text (CSL 1.0.2 appendix "Rich text markup").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: CSL-JSON's rich-text tags (citeproc-js's set) ⇄ LaTeX macros.
TAG_MACROS: dict[str, str] = {
    "i": "textit",
    "b": "textbf",
    "sc": "textsc",
    "sup": "textsuperscript",
    "sub": "textsubscript",
}
_OPEN_TAGS: dict[str, str] = {
    "<i>": "i",
    "<b>": "b",
    "<sup>": "sup",
    "<sub>": "sub",
    '<span class="nocase">': "nocase",
    '<span style="font-variant:small-caps;">': "sc",
    '<span style="font-variant: small-caps;">': "sc",
    '<span style="font-variant:small-caps">': "sc",
}
_CLOSE_TAGS: dict[str, str] = {"</i>": "i", "</b>": "b", "</sup>": "sup", "</sub>": "sub", "</span>": "span"}
_TAG_RE = re.compile("|".join(re.escape(t) for t in sorted([*_OPEN_TAGS, *_CLOSE_TAGS], key=len, reverse=True)))
_TAG_HTML: dict[str, tuple[str, str]] = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "nocase": ('<span class="nocase">', "</span>"),
}


@dataclass
class Span:
    """A run of rich text: plain ``text`` (tag ``None``) or a tag around ``children``."""

    tag: str | None = None
    text: str = ""
    children: list[Span] = field(default_factory=list)

    def plain(self) -> str:
        """The text without markup."""
        return self.text if self.tag is None else "".join(c.plain() for c in self.children)


def parse_rich(text: str) -> list[Span]:
    """CSL rich text → spans. Only well-nested known tags count; anything else stays literal text."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TAG_RE.finditer(text)]
    if not tokens:
        return [Span(text=text)] if text else []
    # pair tags with a stack; unmatched ones are text
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, (_, _, tok) in enumerate(tokens):
        if tok in _OPEN_TAGS:
            stack.append(i)
            continue
        want = _CLOSE_TAGS[tok]
        if stack:
            opener = _OPEN_TAGS[tokens[stack[-1]][2]]
            if want == opener or (want == "span" and opener in ("nocase", "sc")):
                pairs[stack.pop()] = i
    root: list[Span] = []
    path: list[list[Span]] = [root]
    closers: set[int] = set(pairs.values())
    pos = 0
    for i, (start, end, tok) in enumerate(tokens):
        if i not in pairs and i not in closers:
            continue
        if start > pos:
            path[-1].append(Span(text=text[pos:start]))
        if i in pairs:
            span = Span(tag=_OPEN_TAGS[tok])
            path[-1].append(span)
            path.append(span.children)
        else:
            path.pop()
        pos = end
    if pos < len(text):
        path[-1].append(Span(text=text[pos:]))
    return merge_text(root)


def merge_text(spans: list[Span]) -> list[Span]:
    if len(spans) == 1 and spans[0].tag is None:  # one text span, most groups' content (issue 14)
        return [spans[0]] if spans[0].text else []
    out: list[Span] = []
    for s in spans:
        if s.tag is None and out and out[-1].tag is None:
            out[-1] = Span(text=out[-1].text + s.text)
        elif s.tag is None and not s.text:
            continue
        else:
            if s.tag is not None:
                s.children = merge_text(s.children)
            out.append(s)
    return out


def render_rich(spans: list[Span], rich: bool = True) -> str:
    """Spans → CSL rich text (``rich=False``: plain text)."""
    out: list[str] = []
    for s in spans:
        if s.tag is None:
            out.append(s.text)
        elif rich:
            opening, closing = _TAG_HTML[s.tag]
            out.append(opening + render_rich(s.children, rich) + closing)
        else:
            out.append(render_rich(s.children, rich))
    return "".join(out)


def strip_tags(text: str) -> str:
    """CSL rich text without its tags."""
    return render_rich(parse_rich(text), rich=False)


def plain_masked(spans: list[Span], keep: frozenset[int] = frozenset()) -> str:
    """The plain text with the content of tagged spans blanked out (same length), so words are
    not joined across markup; spans whose ``id`` is in ``keep`` stay visible."""
    out: list[str] = []
    for s in spans:
        if s.tag is None:
            out.append(s.text)
        elif id(s) in keep:
            out.append(s.plain())
        else:
            out.append(" " * len(s.plain()))
    return "".join(out)

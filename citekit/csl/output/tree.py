"""The output tree: what evaluation produces and renderers turn into text, HTML or Markdown.

An :class:`Out` holds strings and other ``Out`` nodes with optional formatting, quotes and
display. Affixes and delimiters are already materialised as child strings; the renderer
(:mod:`citekit.csl.output.render`) flattens the tree into runs, fixes punctuation across run
boundaries (de-duplication, ``punctuation-in-quote``) and hands the runs to a format.
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.csl.nodes import Formatting

Child = "Out | str"


class Out:
    """One output node. ``kind`` tags nodes later passes look for (``nocase``, ``year-suffix``...)."""

    __slots__ = ("children", "display", "fmt", "kind", "quotes")

    def __init__(
        self,
        children: list[Out | str] | None = None,
        fmt: Formatting = (),
        quotes: bool = False,
        display: str | None = None,
        kind: str | None = None,
    ) -> None:
        self.children: list[Out | str] = children if children is not None else []
        self.fmt = fmt
        self.quotes = quotes
        self.display = display
        self.kind = kind

    def __repr__(self) -> str:
        attrs = "".join(f" {k}={getattr(self, k)!r}" for k in ("fmt", "quotes", "display", "kind") if getattr(self, k))
        return f"Out({self.children!r}{attrs})"

    def is_empty(self) -> bool:
        """True when no non-empty string is anywhere below."""
        for c in self.children:
            if c.__class__ is Out:  # (Out has no subclasses; the other children are strings)
                if not c.is_empty():
                    return False
            elif c:
                return False
        return True

    def plain(self) -> str:
        """The text without markup or quotes (for sorting and comparisons)."""
        return "".join(c if isinstance(c, str) else c.plain() for c in self.children)

    def walk(self) -> Iterator[Out]:
        """This node and every node below, depth first."""
        yield self
        for c in self.children:
            if isinstance(c, Out):
                yield from c.walk()

    def find(self, kind: str) -> Out | None:
        """The first node below (or this one) of ``kind``."""
        for node in self.walk():
            if node.kind == kind:
                return node
        return None


def wrap(content: Out | str | None, prefix: str = "", suffix: str = "", fmt: Formatting = (),
         quotes: bool = False, display: str | None = None, kind: str | None = None) -> Out | None:
    """Formatting and quotes inside, affixes outside, display around all (CSL 1.0.2 "Affixes")."""
    if content is None:
        return None
    if isinstance(content, str):
        if not content:
            return None
        content = Out([content])
    elif content.is_empty():
        return None
    if fmt or quotes:
        content = Out([content], fmt=fmt, quotes=quotes)
    if prefix or suffix:
        content = Out([prefix, content, suffix] if prefix and suffix else ([prefix, content] if prefix else [content, suffix]))
    if display:
        content = Out([content], display=display)
    if kind:
        content.kind = kind if content.kind is None else content.kind
        if content.kind != kind:
            content = Out([content], kind=kind)
    return content


def join(parts: list[Out], delimiter: str = "", kind: str | None = None) -> Out:
    """Non-empty parts joined by ``delimiter``."""
    children: list[Out | str] = []
    for p in parts:
        if children and delimiter:
            children.append(delimiter)
        children.append(p)
    return Out(children, kind=kind)

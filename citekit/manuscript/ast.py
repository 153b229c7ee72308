"""pandoc's JSON AST (pandoc-types 1.23): reading metadata, stringifying, building inlines.

The AST is walked as the JSON pandoc writes (``{"t": "Str", "c": "word"}``); no pandoc Python
package is needed. :func:`html_to_inlines` turns citekit's HTML rendering of a citation or a
bibliography entry into pandoc inlines (``<i>`` → ``Emph``, ``csl-left-margin`` → ``Span``, ...).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, ClassVar

#: one pandoc AST node or metadata value, as decoded JSON
Node = dict[str, Any]
Inlines = list[Node]

_SPACE = re.compile(r"([ \t\n]+)")
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def str_(text: str) -> Node:
    """A ``Str`` node."""
    return {"t": "Str", "c": text}


SPACE: Node = {"t": "Space"}


def text_to_inlines(text: str) -> Inlines:
    """Plain text as pandoc writes it: words as ``Str``, runs of spaces as one ``Space``."""
    out: Inlines = []
    for part in _SPACE.split(text):
        if not part:
            continue
        out.append(dict(SPACE) if part.isspace() else str_(part))
    return out


def stringify(node: Any) -> str:
    """The text of inlines, blocks or a metadata value (pandoc's ``stringify``)."""
    if isinstance(node, list):
        return "".join(stringify(x) for x in node)
    if not isinstance(node, dict):
        return ""
    t = node.get("t")
    c: Any = node.get("c")
    if t == "Str":
        return str(c)
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("MetaString",):
        return str(c)
    if t == "MetaBool":
        return "true" if c else "false"
    if t in ("Code", "Math", "RawInline"):
        return str(c[-1])
    if t == "Quoted":
        return ("“" if c[0]["t"] == "DoubleQuote" else "‘") + stringify(c[1]) + ("”" if c[0]["t"] == "DoubleQuote" else "’")
    if t in ("Link", "Image", "Span", "Div"):
        return stringify(c[1])
    if t == "Cite":
        return stringify(c[1])
    if t == "Note":
        return ""
    return stringify(c)


def truish(value: Node | None) -> bool:
    """pandoc's ``truish``: a MetaBool true, or the text ``t``/``true``/``yes``."""
    if value is None:
        return False
    if value.get("t") == "MetaBool":
        return bool(value.get("c"))
    return stringify(value).strip().lower() in ("t", "true", "yes")


def meta_text(value: Node | None) -> str | None:
    """A metadata value's text (``MetaString``, ``MetaInlines``, one-paragraph ``MetaBlocks``)."""
    if value is None:
        return None
    text = stringify(value).strip()
    return text or None


def meta_list(value: Node | None) -> list[Node]:
    """A metadata value as a list (a ``MetaList``'s items, or the value alone)."""
    if value is None:
        return []
    if value.get("t") == "MetaList":
        return list(value["c"])
    return [value]


def meta_to_plain(value: Node) -> Any:
    """A metadata value as plain JSON (maps → dicts, lists → lists, text → str), for CSL items."""
    t = value.get("t")
    c: Any = value.get("c")
    if t == "MetaMap":
        return {k: meta_to_plain(v) for k, v in c.items()}
    if t == "MetaList":
        return [meta_to_plain(v) for v in c]
    if t == "MetaBool":
        return bool(c)
    return stringify(value)


def walk_inlines(blocks: Any, fn: Any) -> Any:
    """Apply ``fn`` to every list of inlines in ``blocks`` (depth first, children before parents).

    ``fn(list) -> list`` may return a new list; every list that holds at least one inline node is
    offered, which is how pandoc's ``walk :: [Inline] -> [Inline]`` behaves.
    """
    if isinstance(blocks, list):
        new = [walk_inlines(x, fn) for x in blocks]
        if new and all(isinstance(x, dict) and "t" in x for x in new) and any(_is_inline(x) for x in new):
            return fn(new)
        return new
    if isinstance(blocks, dict):
        return {k: walk_inlines(v, fn) for k, v in blocks.items()}
    return blocks


_INLINE_TAGS = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link",
                "Image", "Note", "Span"}


def _is_inline(node: Node) -> bool:
    return node.get("t") in _INLINE_TAGS


def inlines_to_rich(inlines: Inlines) -> str:
    """Inlines as the rich-text markup a CSL processor reads in affixes (``<i>``, ``<b>``, ...)."""
    out: list[str] = []
    for node in inlines:
        t = node.get("t")
        c: Any = node.get("c")
        if t == "Str":
            out.append(str(c).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;"))
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t == "Emph":
            out.append(f"<i>{inlines_to_rich(c)}</i>")
        elif t == "Strong":
            out.append(f"<b>{inlines_to_rich(c)}</b>")
        elif t == "Superscript":
            out.append(f"<sup>{inlines_to_rich(c)}</sup>")
        elif t == "Subscript":
            out.append(f"<sub>{inlines_to_rich(c)}</sub>")
        elif t == "SmallCaps":
            out.append(f'<span style="font-variant:small-caps;">{inlines_to_rich(c)}</span>')
        else:
            out.append(stringify(node))
    return "".join(out)


class _InlineBuilder(HTMLParser):
    """citekit's HTML (citeproc-js markup) → pandoc inlines."""

    _TAGS: ClassVar[dict[str, str]] = {"i": "Emph", "em": "Emph", "b": "Strong", "strong": "Strong", "sup": "Superscript",
             "sub": "Subscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, Node | None, Inlines]] = [("", None, [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        style = (a.get("style") or "").replace(" ", "")
        node: Node | None
        if tag in self._TAGS:
            node = {"t": self._TAGS[tag]}
        elif tag == "span" and "font-variant:small-caps" in style:
            node = {"t": "SmallCaps"}
        elif tag in ("span", "div") and (a.get("class") or "").startswith("csl-"):
            node = {"t": "Span", "classes": [a.get("class") or ""]}
        elif tag == "a" and a.get("href"):
            node = {"t": "Link", "href": a.get("href")}
        else:  # a span we have no inline for (font-style:normal, nocase): its text only
            node = None
        self.stack.append((tag, node, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        _, node, children = self.stack.pop()
        parent = self.stack[-1][2]
        if node is None:
            parent.extend(children)
        elif node["t"] == "Span":
            parent.append({"t": "Span", "c": [["", node["classes"], []], children]})
        elif node["t"] == "Link":
            parent.append({"t": "Link", "c": [["", [], []], children, [node["href"], ""]]})
        else:
            parent.append({"t": node["t"], "c": children})

    def handle_data(self, data: str) -> None:
        if "\n" in data and not data.strip():
            return  # the line breaks and indentation around citeproc-js's display divs
        self.stack[-1][2].extend(text_to_inlines(data))

    def result(self) -> Inlines:
        while len(self.stack) > 1:
            self.handle_endtag(self.stack[-1][0])
        out = merge_spaces(self.stack[0][2])
        while out and out[0]["t"] == "Space":
            out.pop(0)
        while out and out[-1]["t"] == "Space":
            out.pop()
        return out


def html_to_inlines(html: str) -> Inlines:
    """citekit's HTML rendering of a citation or bibliography entry as pandoc inlines."""
    builder = _InlineBuilder()
    builder.feed(html)
    builder.close()
    return builder.result()


def merge_spaces(inlines: Inlines) -> Inlines:
    """Adjacent ``Str`` nodes joined and repeated ``Space`` nodes collapsed, as pandoc's builder does."""
    out: Inlines = []
    for node in inlines:
        if out and node["t"] == "Str" and out[-1]["t"] == "Str":
            out[-1] = str_(out[-1]["c"] + node["c"])
        elif out and node["t"] == "Space" and out[-1]["t"] == "Space":
            continue
        else:
            out.append(node)
    return out


def link_urls(inlines: Inlines) -> Inlines:
    """Bare ``http(s)://`` URLs in ``Str`` nodes as ``Link`` nodes (pandoc's link-bibliography)."""
    out: Inlines = []
    for node in inlines:
        if node["t"] == "Str" and "://" in node["c"]:
            text = node["c"]
            pos = 0
            for m in _URL.finditer(text):
                if m.start() > pos:
                    out.append(str_(text[pos:m.start()]))
                url = m.group(0)
                out.append({"t": "Link", "c": [["", [], []], [str_(url)], [url, ""]]})
                pos = m.end()
            if pos < len(text):
                out.append(str_(text[pos:]))
        elif node["t"] in ("Emph", "Strong", "Span", "SmallCaps", "Superscript", "Subscript"):
            if node["t"] == "Span":
                out.append({"t": "Span", "c": [node["c"][0], link_urls(node["c"][1])]})
            else:
                out.append({"t": node["t"], "c": link_urls(node["c"])})
        else:
            out.append(node)
    return out

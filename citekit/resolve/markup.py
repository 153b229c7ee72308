"""Deposited markup (JATS, HTML, MathML, entities) → CSL rich text.

CSL-JSON strings may carry a small HTML subset that processors understand: ``<i>``, ``<b>``,
``<sup>``, ``<sub>``, ``<span style="font-variant:small-caps;">`` and ``<span class="nocase">``
(citeproc-js "rich text" / CSL 1.0.2 appendix on formatting in input). Crossref titles carry
whatever the publisher deposited: ``<i>`` and ``<jats:italic>``, MathML, entities, and sometimes
double-escaped markup (``&amp;lt;sup&amp;gt;``, 10.5194/cp-2020-95). This keeps what CSL can express
and reduces everything else to its text.
"""

from __future__ import annotations

import html
import re

#: tag (without namespace prefix, lower-case) -> CSL rich-text tag
_RICH = {
    "i": "i", "em": "i", "italic": "i",
    "b": "b", "strong": "b", "bold": "b",
    "sup": "sup", "superscript": "sup",
    "sub": "sub", "subscript": "sub",
    "sc": "sc", "scp": "sc", "smallcaps": "sc",
}
_OPEN = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>", "sc": '<span style="font-variant:small-caps;">'}
_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)((?:\s[^<>]*)?)(/?)>")
_MATH = re.compile(r"<(?:[\w.-]+:)?math\b.*?</(?:[\w.-]+:)?math>", re.DOTALL | re.IGNORECASE)
_BLOCK = {"p", "title", "sec", "br", "div", "list-item"}
_WS = re.compile(r"\s+")


def _unescape(text: str) -> str:
    # twice at most: double-escaped markup is real in Crossref deposits, triple is not
    text = html.unescape(text)
    if re.search(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", text, re.IGNORECASE):
        text = html.unescape(text)
    return text


def _math_text(match: re.Match[str]) -> str:
    return re.sub(r"<[^<>]+>", "", match.group(0))


def to_rich_text(text: str | None, *, keep_markup: bool = True) -> str | None:
    """Deposited title/abstract markup as CSL rich text (or plain text with ``keep_markup=False``).

    Whitespace (including non-breaking spaces) is collapsed; an empty result is ``None``.
    """
    if text is None:
        return None
    s = _unescape(text)
    s = _MATH.sub(_math_text, s)
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(s):
        out.append(s[pos:m.start()])
        pos = m.end()
        closing, name, selfclose = bool(m.group(1)), m.group(3).lower(), bool(m.group(5))
        rich = _RICH.get(name)
        if rich is None:
            if name in _BLOCK:
                out.append(" ")
            continue
        if selfclose or not keep_markup:
            continue
        if closing:
            if rich in stack:
                while stack:
                    top = stack.pop()
                    out.append(_CLOSE[top])
                    if top == rich:
                        break
        else:
            stack.append(rich)
            out.append(_OPEN[rich])
    out.append(s[pos:])
    while stack:
        out.append(_CLOSE[stack.pop()])
    result = _WS.sub(" ", "".join(out)).strip()
    # drop empty formatting left behind (<i></i>, <i> </i>)
    result = re.sub(r"<(i|b|sup|sub)>\s*</\1>", "", result)
    return result or None


def plain_text(text: str | None) -> str | None:
    """The text without any markup."""
    return to_rich_text(text, keep_markup=False)

"""Rich text inside field values: the HTML-like tags CSL processors accept (citeproc-js's set).

``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``, ``<span style="font-variant:small-caps;">``,
``<span class="nocase">`` (text-case leaves it alone) and quotes: straight or curly double quotes,
and single quotes at word boundaries, become localized quotes that nest (fixtures flipflop_*);
any other straight apostrophe prints as ``’``. Unbalanced markup degrades to text, never raises.
"""

from __future__ import annotations

import re

from citekit.csl.output.tree import Out

_TAG = re.compile(
    r'<(/?)(i|b|sup|sub|sc|span)(\s+(?:style|class)="[^"]*")?\s*>|(["\'“”])', re.IGNORECASE
)

_FMT = {
    "i": (("font-style", "italic"),),
    "b": (("font-weight", "bold"),),
    "sup": (("vertical-align", "sup"),),
    "sub": (("vertical-align", "sub"),),
    "sc": (("font-variant", "small-caps"),),
}

# straight quotes and curly double quotes; curly single quotes in the data print as they are
# (citeproc-js: “Amazing” nests as ‘Amazing’ inside quotes, but ‘não lugar’ stays)
_OPENERS = {'"': '"', "'": "'", "“": "”"}
_BOUNDARY = " \t\n([{\u00a0-–—/"


def _span(attrs: str) -> Out:
    flat = attrs.replace(" ", "")
    if "nocase" in flat:
        return Out(kind="nocase")
    if "small-caps" in flat:
        return Out(fmt=_FMT["sc"], kind="nocase")
    if "font-style:italic" in flat:
        return Out(fmt=_FMT["i"])
    if "font-weight:bold" in flat:
        return Out(fmt=_FMT["b"])
    return Out()


def parse_rich(text: str) -> Out:
    """A field value as an output tree (fast path: plain text becomes one string child)."""
    if "<" not in text and '"' not in text and "'" not in text and "“" not in text:
        return Out([text])
    root = Out()
    stack: list[tuple[str, Out]] = [("", root)]
    pos = 0
    n = len(text)
    for m in _TAG.finditer(text):
        quote = m.group(4)
        if quote:
            i = m.start()
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < n else " "
            top = stack[-1][0]
            closes = top in _OPENERS and _OPENERS[top] == quote or (top == "'" and quote == "’") \
                or (top == "‘" and quote == "'")
            if closes and not before.isspace() and (not after.isalnum()):
                _text(stack, text[pos:i])
                stack.pop()
                pos = m.end()
                continue
            if quote in _OPENERS and (before in _BOUNDARY or before in "\"“‘'") and not after.isspace() \
                    and (quote in '"“' or _has_closer(text, m.end(), quote)):
                _text(stack, text[pos:i])
                node = Out(quotes=True)
                stack[-1][1].children.append(node)
                stack.append((quote, node))
                pos = m.end()
            continue
        _text(stack, text[pos:m.start()])
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
        if closing:
            if any(t == tag for t, _ in stack[1:]):
                while stack[-1][0] != tag:
                    stack.pop()
                stack.pop()
            else:
                _text(stack, m.group(0))
            continue
        # small caps, superscript and subscript are implicitly nocase (fixture textcase_ImplicitNocase)
        node = _span(attrs) if tag == "span" else Out(fmt=_FMT[tag], kind="nocase" if tag in ("sc", "sup", "sub") else None)
        stack[-1][1].children.append(node)
        stack.append((tag, node))
    _text(stack, text[pos:])
    # an unclosed quote is just a quote character
    for tag, node in stack[1:]:
        if tag in _OPENERS:
            node.quotes = False
            node.children.insert(0, "’" if tag == "'" else tag)
    return root


def _has_closer(text: str, start: int, quote: str) -> bool:
    closer = _OPENERS[quote]
    for m in re.finditer(re.escape(closer) + ("|’" if quote == "'" else "|'" if quote == "‘" else ""), text[start:]):
        j = start + m.start()
        after = text[j + 1] if j + 1 < len(text) else " "
        if not after.isalnum():
            return True
    return False


def _text(stack: list[tuple[str, Out]], chunk: str) -> None:
    if chunk:
        stack[-1][1].children.append(chunk.replace("'", "’"))

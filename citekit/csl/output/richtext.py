"""Rich text inside field values: the HTML-like tags CSL processors accept (citeproc-js's set).

``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``, ``<span style="font-variant:small-caps;">``,
``<span class="nocase">`` (text-case leaves it alone) and quotes: straight or curly double quotes,
and single quotes at word boundaries, become localized quotes that nest (fixtures flipflop_*);
any other straight apostrophe prints as ``’``. Unbalanced markup degrades to text, never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citekit.csl.output.tree import Out

_TAGS = r'<(/?)(i|b|sup|sub|sc|span)(\s+(?:style|class)="[^"]*")?\s*>'

_FMT = {
    "i": (("font-style", "italic"),),
    "b": (("font-weight", "bold"),),
    "sup": (("vertical-align", "sup"),),
    "sub": (("vertical-align", "sub"),),
    "sc": (("font-variant", "small-caps"),),
}

# straight quotes and the locale's quotation marks (en-US: curly double quotes, and curly single
# quotes, which at the top level print as they are: citeproc-js nests “Amazing” as ‘Amazing’
# inside quotes, but ‘não lugar’ stays); other marks are text (de-DE: “climate” stays as typed)
_BOUNDARY = " \t\n([{\u00a0-–—/"

#: en-US's quotation marks: (open, close, open-inner, close-inner)
EN_QUOTES = ("“", "”", "‘", "’")
#: citeproc-js's French spacing, applied to every string it appends: a space before ``:;?!»``
#: and after ``«`` becomes a narrow no-break space (fixture punctuation_FrenchOrthography)
_NARROW_BEFORE = re.compile(r" ([:;?!\u00bb])")


@lru_cache(maxsize=16)
def _plain_test(marks: tuple[str, str, str, str]) -> tuple[str, ...]:
    """What makes a value rich text: ``<`` or a quotation mark that can open (the fast path's test)."""
    return ("<", *_quote_syntax(marks)[1])


@lru_cache(maxsize=16)
def _quote_syntax(marks: tuple[str, str, str, str]) -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    """The tag pattern, the opener → closer table and the inner-quote openers for a locale."""
    open_q, close_q, open_in, close_in = marks
    openers = {'"': '"', "'": "'"}
    inner: set[str] = set()
    for o, c, is_inner in ((open_q, close_q, False), (open_in, close_in, True)):
        if o and c and o not in openers:
            openers[o] = c
            if is_inner:
                inner.add(o)
    tokens = sorted({*openers, *openers.values()}, key=len, reverse=True)
    pattern = re.compile(_TAGS + "|(" + "|".join(re.escape(t) for t in tokens) + ")", re.IGNORECASE)
    return pattern, openers, frozenset(inner)


def french_spacing(text: str) -> str:
    """citeproc-js's narrow no-break spaces around ``«»`` and before ``:;?!`` in appended text."""
    if " " not in text:
        return text
    return _NARROW_BEFORE.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")


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


def parse_rich(text: str, marks: tuple[str, str, str, str] = EN_QUOTES) -> Out:
    """A field value as an output tree (fast path: plain text becomes one string child).

    ``marks`` are the locale's quotation marks: a pair of them in the value is a quotation that
    prints with the quotes of its nesting level (an inner pair at the top level keeps its marks).
    """
    for special in _plain_test(marks):
        if special in text:
            break
    else:
        return Out([text])
    pattern, openers, inner = _quote_syntax(marks)
    root = Out()
    stack: list[tuple[str, Out]] = [("", root)]
    pos = 0
    n = len(text)
    straight_seen = False
    for m in pattern.finditer(text):
        quote = m.group(4)
        if quote:
            i = m.start()
            before = text[i - 1] if i > 0 else " "
            after = text[m.end()] if m.end() < n else " "
            top = stack[-1][0]
            closes = top in openers and openers[top] == quote or (top == "'" and quote == "’") \
                or (top == "‘" and quote == "'")
            if closes and not _loose(before) and (not after.isalnum()):
                _text(stack, text[pos:i])
                stack.pop()
                pos = m.end()
                continue
            if quote in openers and (before in _BOUNDARY or before in "\"“‘'") and not _loose(after) \
                    and (quote not in ("'", *inner) or _has_closer(text, m.end(), openers[quote])):
                _text(stack, text[pos:i])
                node = Out(quotes=True, kind="quote-inner" if quote in inner else None)
                if quote in ("'", '"') and (i == 0 or (quote == "'" and not straight_seen)):
                    # citeproc-js's title case leaves the word after such a straight quote as
                    # typed ("'single' words" -> ‘single’ Words; '"quoted" words' at the start)
                    node.kind = "quote-keepcase"
                if quote == "'":
                    straight_seen = True
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
        if tag in openers:
            node.quotes = False
            node.children.insert(0, "’" if tag == "'" else tag)
    _keep_field_marks(root)
    return root


def _keep_field_marks(node: Out) -> None:
    """A mark typed right after a quotation in the value stays where it is: citeproc-js moves
    only the style's punctuation into quotes (“End”, said he), never the field's own."""
    for k, c in enumerate(node.children):
        if isinstance(c, Out):
            _keep_field_marks(c)
            nxt = node.children[k + 1] if k + 1 < len(node.children) else None
            if c.quotes and isinstance(nxt, str) and nxt[:1] in (".", ",", "!", "?"):
                node.children[k + 1] = Out([nxt], kind="field-mark")


def _loose(char: str) -> bool:
    """A breaking space: a quote next to one does not open or close (no-break spaces do)."""
    return char.isspace() and char not in "\u00a0\u202f"


def _has_closer(text: str, start: int, closer: str) -> bool:
    for m in re.finditer(re.escape(closer) + ("|’" if closer == "'" else "|'" if closer == "’" else ""), text[start:]):
        j = start + m.start()
        after = text[j + 1] if j + 1 < len(text) else " "
        if not after.isalnum():
            return True
    return False


def _text(stack: list[tuple[str, Out]], chunk: str) -> None:
    if chunk:
        stack[-1][1].children.append(chunk.replace("'", "’"))

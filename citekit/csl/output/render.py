"""Output tree → string: flatten into runs, fix punctuation, emit with a :class:`Markup`.

Punctuation follows citeproc-js (the reference implementation): where two pieces meet, the
left-to-right table below merges or drops a second mark (``Title?`` + ``.`` → ``Title?``), a doubled
space collapses, and with the locale option ``punctuation-in-quote`` a comma or period after a
closing quote moves inside it (CSL 1.0.2 "Locale Options"; fixtures punctuation_*, quotes_*).
Nested formatting flips (italic inside italic renders upright: fixture decorations_SimpleFlipFlop).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from citekit.csl.output.tree import Out

#: citeproc-js ``CSL.Output.Queue.adjust`` LtoR_MAP: (left mark, right mark) → what remains.
MERGE: dict[str, dict[str, str]] = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;", "!": "!"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;", "?": "?"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;", ".": "."},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;", ":": ":"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;", ",": ","},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";", ";": ";"},
}

FLIP = {("font-style", "italic"): "normal", ("font-style", "oblique"): "normal",
        ("font-weight", "bold"): "normal", ("font-variant", "small-caps"): "normal"}


class Markup(Protocol):
    """What a format supplies: escaping and the open/close strings for formatting and display."""

    def escape(self, text: str) -> str: ...

    def open(self, attr: str, value: str) -> str: ...

    def close(self, attr: str, value: str) -> str: ...

    def open_display(self, display: str) -> str: ...

    def close_display(self, display: str) -> str: ...


@dataclass(slots=True)
class Quotes:
    """The locale's quotation marks and whether commas and periods go inside them."""

    open: str = "“"
    close: str = "”"
    open_inner: str = "‘"
    close_inner: str = "’"
    punctuation_in_quote: bool = False


class _Run:
    __slots__ = ("guard", "kind", "stack", "text")

    def __init__(self, text: str, stack: tuple[Out, ...], kind: str = "t") -> None:
        self.text = text
        self.stack = stack
        self.kind = kind
        self.guard = ""  # "s": a formatted sibling's suffix; "p": the next sibling's prefix


_PUNCT = frozenset(".,;:!?")


def _first_prefix(node: Out) -> Out | None:
    """The node whose first child is ``node``'s leading prefix string, if it starts with a mark."""
    while node.children and not node.fmt and not node.quotes and node.kind is None and not node.display:
        first = node.children[0]
        if isinstance(first, str):
            return node if first[:1] in _PUNCT and len(node.children) > 1 else None
        node = first
    return None


def _is_field(node: Out) -> bool:
    """Formatted text holding one variable's or term's text directly (citeproc-js: a blob whose
    ``blobs`` is a string), not a macro's or a group's output."""
    kids = node.children
    if all(isinstance(c, str) for c in kids):
        return True
    if len(kids) != 1 or not isinstance(kids[0], Out) or kids[0].fmt or kids[0].quotes:
        return False
    return all(isinstance(c, str) or c.fmt or c.quotes for c in kids[0].children)


def _guard_siblings(node: Out) -> None:
    """Mark the affixes citeproc-js's ``Queue.adjust`` leaves alone around formatted text: the
    suffix of formatted text keeps its mark after the text's own (``downward`` merges a field's
    last mark with its suffix only without decorations: ``<i>Title?</i>.``), and meets the next
    sibling's prefix unmerged (``leftward``/``downward`` skip a sibling pair whose left blob has
    decorations: ``<i>Title</i>.`` + ``. Online`` stays ``<i>Title</i>.. Online``)."""
    children = node.children
    if (len(children) >= 2 and isinstance(children[-1], str) and children[-1][:1] in _PUNCT
            and isinstance(children[-2], Out) and children[-2].fmt and _is_field(children[-2])
            and not node.fmt and not node.quotes
            and node.kind is None):
        children[-1] = Out([children[-1]], kind="guard-s")
    for k, child in enumerate(children):
        if not isinstance(child, Out):
            continue
        _guard_siblings(child)
        if k + 1 >= len(children) or not isinstance(children[k + 1], Out):
            continue
        while (len(child.children) == 1 and isinstance(child.children[0], Out) and child.kind is None
               and not child.fmt and not child.quotes and not child.display):
            child = child.children[0]  # wrappers of one node (choose, macro) are not blobs of their own
        inner = child.children
        if len(inner) >= 2 and isinstance(inner[-1], Out) and inner[-1].kind == "guard-s":
            nxt = _first_prefix(children[k + 1])  # type: ignore[arg-type]
            if nxt is not None:
                nxt.children[0] = Out([nxt.children[0]], kind="guard-p")


def _flatten(node: Out, stack: tuple[Out, ...], depth: int, quotes: Quotes, out: list[_Run], kind: str = "t") -> None:
    node_kind = node.kind
    if node_kind is not None:
        if node_kind == "citeaffix":
            kind = "a"
        elif node_kind == "field-mark":
            kind = "f"
        elif node_kind in ("guard-s", "guard-p"):
            for c in node.children:
                if isinstance(c, str) and c:
                    out.append(_Run(c, stack, kind))
                    out[-1].guard = node_kind[-1]
            return
        elif node_kind in ("delim", "delim-hard"):
            kind = "d" if node_kind == "delim" else "dh"
            out.extend(_Run(c, stack, kind) for c in node.children if isinstance(c, str) and c)
            return
    if node.fmt or node.display:
        stack = (*stack, node)
    if not node.quotes:  # (most nodes: the loop alone)
        for c in node.children:
            if c.__class__ is Out:  # (Out has no subclasses; the other children are strings)
                _flatten(c, stack, depth, quotes, out, kind)
            elif c:
                out.append(_Run(c, stack, kind))  # type: ignore[arg-type]
        return
    # a quotation typed with the locale's inner marks keeps them at the top level (citeproc-js)
    inner = node.quotes and (depth % 2 == 1 or (depth == 0 and node.kind == "quote-inner"))
    if node.quotes:
        out.append(_Run(quotes.open_inner if inner else quotes.open, stack, "qo"))
        depth = 2 if inner and depth == 0 else depth + 1
    for c in node.children:
        if isinstance(c, str):
            if c:
                out.append(_Run(c, stack, kind))
        else:
            _flatten(c, stack, depth, quotes, out, kind)
    if node.quotes:
        # a quote typed in a cite affix closes as "qca": punctuation-in-quote leaves it alone
        out.append(_Run(quotes.close_inner if inner else quotes.close, stack, "qca" if kind == "a" else "qc"))


def _merge_into(left: _Run, mark: str) -> None:
    """Append ``mark`` to ``left``, merging with a final mark of its own."""
    last = left.text[-1:]
    table = MERGE.get(last)
    if table is not None and mark in table:
        left.text = left.text[:-1] + table[mark]
    else:
        left.text += mark


def _after_quote(inner: _Run, run: _Run, punctuation_in_quote: bool, closing: _Run | None = None) -> None:
    """``run`` follows a closing quote whose text ends ``inner``: move or merge its first mark."""
    first = run.text[0]
    if punctuation_in_quote and first in ".,!?":
        # citeproc-js SWAP_IN: . , ! ? move inside the quote; ; and : stay out
        run.text = run.text[1:]
        if closing is not None and len(inner.stack) > len(closing.stack):
            # the quoted text ends inside its own formatting (<i>Homo sapiens</i>): the mark
            # goes inside the quote but outside that formatting (citeproc-js)
            table = MERGE.get(inner.text[-1:])
            if table is None or len(table.get(first, "xx")) != 1:
                closing.text = first + closing.text
            return
        _merge_into(inner, first)
    elif first in MERGE and inner.text[-1:] in MERGE:
        merged = MERGE[inner.text[-1]].get(first)
        if merged is not None and len(merged) == 1:
            run.text = run.text[1:]


def fix_punctuation(runs: list[_Run], punctuation_in_quote: bool) -> None:
    """De-duplicate punctuation and spaces where runs meet; move marks into quotes."""
    prev: _Run | None = None
    inner: _Run | None = None  # the last text run inside the most recently closed quote
    last_qc: _Run | None = None
    prev_after_qc = False
    before: _Run | None = None  # the run before prev
    # closing quotes whose quoted text has formatting inside
    rich: set[int] = set()
    opens: list[list[int]] = []  # [depth of the opening quote's stack, formatted inside]
    for r in runs:
        if r.kind == "qo":
            opens.append([len(r.stack), 0])
        elif r.kind in ("qc", "qca"):
            if opens and opens.pop()[1]:
                rich.add(id(r))
        elif opens and r.text and any(n.fmt for n in r.stack[opens[-1][0]:]):
            opens[-1][1] = 1
    for run in runs:
        if not run.text:
            continue
        if prev is not None and run.kind in ("t", "d", "dh", "a"):
            if prev.kind == "qca" or (prev.kind == "qc" and run.kind == "a" and run.text[0] == ","):
                pass  # a cite suffix's comma stays outside the quotes (citeproc-js; MLA ", fig. 2")
            elif (prev.kind == "qc" and run.kind == "a" and run.text[0] == ";" and punctuation_in_quote
                  and inner is not None and id(prev) not in rich):
                # a cite suffix's semicolon goes inside the quotes, unlike a style's, unless the
                # quoted text has formatting of its own (citeproc-js, measured on clusters:
                # “Title;” quoted in the text, “A <i>Life</i> On”; quoted in the text)
                run.text = run.text[1:]
                _merge_into(inner, ";")
            elif prev.kind == "qc" and inner is not None:
                _after_quote(inner, run, punctuation_in_quote, prev)
            elif run.kind == "dh" and prev.text[-1] != run.text[0]:
                pass  # citeproc-js: a group delimiter after "<i>Life!</i>" keeps its mark
            elif prev.guard == "s" and run.guard == "p":
                pass  # a formatted sibling's suffix meets the next sibling's prefix (_guard_siblings)
            elif (prev.text == ":" and run.text[0] == "." and before is not None
                  and before.text[-1:].isdigit()):
                pass  # "111:" then ". ": citeproc-js's downward does not migrate a mark into a
                # field ending in a number, so the ":" suffix and the "." stay ("111:. https://")
            elif run.guard == "s" and len(prev.stack) > len(run.stack) and prev.text[-1] != run.text[0]:
                pass  # formatted text's own last mark and its suffix's (_guard_siblings; a same mark
                # goes: citeproc-js's upward drops a suffix's first mark equal to the field's last)
            else:
                last = prev.text[-1]
                first = run.text[0]
                if last == "\u201d" and punctuation_in_quote and first in ".,":
                    # a closing quote typed in the data counts too (citeproc-js; “neo-hinduísmo.”)
                    prev.text = prev.text[:-1]
                    run.text = run.text[1:]
                    _merge_into(prev, first)
                    prev.text += "\u201d"
                elif last in MERGE and first in MERGE[last]:
                    merged = MERGE[last][first]
                    if len(merged) == 1:
                        prev.text = prev.text[:-1] + merged
                        run.text = run.text[1:]
                        if prev_after_qc and inner is not None and prev.text:
                            _after_quote(inner, prev, punctuation_in_quote, last_qc)
                            if not prev.text:
                                prev = last_qc
                                prev_after_qc = False
                elif last == " " and first == " ":
                    run.text = run.text[1:]
            if not run.text:
                continue
        if run.kind in ("qc", "qca"):
            if prev is not None and prev.kind not in ("qc", "qca"):
                inner = prev  # nested closing quotes keep the innermost text: ‘The One.’” (quotes_*)
            last_qc = run
        prev_after_qc = prev is not None and prev.kind == "qc" and run.kind in ("t", "d", "dh")
        before = prev
        prev = run


def render(node: Out | None, markup: Markup, quotes: Quotes | None = None) -> str:
    """The output tree as a string in ``markup``'s format."""
    if node is None:
        return ""
    quotes = quotes or Quotes()
    runs: list[_Run] = []
    _guard_siblings(node)
    _flatten(node, (), 0, quotes, runs)
    fix_punctuation(runs, quotes.punctuation_in_quote)
    parts: list[str] = []
    # open formatting: (node, [(attr, effective value)...]) in nesting order
    opened: list[tuple[Out, list[tuple[str, str]]]] = []
    state: dict[str, str] = {}
    escape = markup.escape
    current: tuple[Out, ...] = ()  # the stack whose formatting is open now
    for run in runs:
        if not run.text:
            continue
        if run.stack is current:
            # the same node's stack as the run before (the common case): nothing opens or closes
            parts.append(escape(run.text))
            continue
        current = run.stack
        common = 0
        while common < len(opened) and common < len(run.stack) and opened[common][0] is run.stack[common]:
            common += 1
        while len(opened) > common:
            node_, applied = opened.pop()
            _close(parts, applied, markup)
            state = _state(opened)
        for node_ in run.stack[common:]:
            applied = []
            if node_.display:
                applied.append(("display", node_.display))
            # outermost first: vertical-align, decoration, weight, variant, style (innermost)
            for attr, value in sorted(node_.fmt, key=lambda av: -_ORDER[av[0]]):
                if state.get(attr, "normal" if attr != "vertical-align" else "baseline") == value:
                    if (node_.kind == "repeat-fmt" and value != "normal") or attr == "vertical-align":
                        # citeproc-js writes vertical-align wherever it is set (<sup><sup>1</sup></sup>) and nests a name's own formatting
                        applied.append((attr, value))
                        continue
                    flipped = FLIP.get((attr, value))
                    if flipped is None:
                        continue
                    value = flipped
                applied.append((attr, value))
            for attr, value in applied:
                parts.append(markup.open(attr, value) if attr != "display" else markup.open_display(value))
            opened.append((node_, list(reversed(applied))))
            state = _state(opened)
        parts.append(escape(run.text))
    while opened:
        _, applied = opened.pop()
        _close(parts, applied, markup, final=True)
    return "".join(parts)


def _close(parts: list[str], applied: list[tuple[str, str]], markup: Markup, final: bool = False) -> None:
    for attr, value in applied:
        if attr != "display":
            parts.append(markup.close(attr, value))
            continue
        # citeproc-js moves the entry's trailing space out of the display block that ends it
        # (variables_ContainerTitleShort); a block followed by more output keeps its space
        trailing = final and bool(parts) and parts[-1].endswith(" ")
        if trailing:
            parts[-1] = parts[-1][:-1]
        parts.append(markup.close_display(value))
        if trailing:
            parts.append(" ")


_ORDER = {"font-style": 0, "font-variant": 1, "font-weight": 2, "text-decoration": 3, "vertical-align": 4}


def _state(opened: list[tuple[Out, list[tuple[str, str]]]]) -> dict[str, str]:
    state: dict[str, str] = {}
    for _, applied in opened:
        for attr, value in applied:
            state[attr] = value
    return state

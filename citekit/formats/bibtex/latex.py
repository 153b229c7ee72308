"""Text ⇄ LaTeX for BibTeX values: escaping, brace protection of titles, LaTeX → Unicode
(DOI, URL and date values, which are never decoded, are in :mod:`.verbatim`).

Writing (``encode_*``): LaTeX's special characters are escaped so that no value can end its field
early, unbalance the file or run a command (``\\input``, ``\\write18``): braces that pair up become
``\\{ … \\}``, a lone one ``{\\textbraceleft}`` (BibTeX and biber count ``\\{`` as a brace, pandoc
and bibtexparser do not, so only a pair, or no brace at all, is safe for both), and a backslash
``{\\textbackslash}``. TeX's ligatures (``--``, ``''``) are broken with ``{}`` so they read back as
typed. With ``ascii=True`` non-ASCII characters become LaTeX escapes through pylatexenc's encoder.
In titles, acronyms, words with an inner capital or a digit, and (in a sentence-case title) proper
nouns are brace-protected so BibTeX styles do not lowercase them; CSL's ``<span class="nocase">``
becomes braces and ``<i>``/``<b>``/``<sup>``/``<sub>``/small caps become ``\\textit`` and friends.

Reading (``decode_*``): pylatexenc's ``latex2text`` turns accents and symbols into Unicode; markup
macros become CSL rich-text tags; a title's protective braces are dropped when the writer would
put them back by itself, and otherwise kept as ``<span class="nocase">`` (CSL's way of saying
"do not change case"), so BibTeX → CSL → BibTeX keeps them. ``doi``/``url`` are never decoded.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
from typing import Any

from citekit.formats.bibtex.protection import RUN_RE, is_sentence_case, protected_ranges
from citekit.formats.bibtex.richtext import (
    TAG_MACROS,
    Span,
    merge_text,
    parse_rich,
    plain_masked,
    render_rich,
)
from citekit.formats.bibtex.sentencecase import unstable_words

# ---------------------------------------------------------------- escaping


_SPECIALS: dict[str, str] = {
    "\\": "{\\textbackslash}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
    "~": "{\\textasciitilde}",
    "^": "{\\textasciicircum}",
    "\u00a0": "~",
}
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AT_LINE_START = re.compile(r"(\n[ \t]*)@")
_WS = " \t\n\r\f\v"


@cache
def _ascii_encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


_SPECIAL_RE = re.compile("[\\\\&%$#_~^\u00a0]")


def escape(text: str, *, ascii: bool = False) -> str:
    """Plain text → LaTeX that reads back as ``text`` and cannot break a BibTeX value."""
    if "{" in text or "}" in text:
        # braces: pair them up; pairs become \{ \}, lone ones a macro with no brace character
        pair_of: dict[int, int] = {}
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == "{":
                stack.append(i)
            elif ch == "}" and stack:
                pair_of[stack.pop()] = i
        paired = set(pair_of) | set(pair_of.values())
        out: list[str] = []
        for i, ch in enumerate(text):
            if ch in "{}":
                if i in paired:
                    out.append("\\" + ch)
                else:
                    out.append("{\\textbraceleft}" if ch == "{" else "{\\textbraceright}")
            else:
                out.append(_SPECIALS.get(ch, ch))
        joined = "".join(out)
    else:
        joined = _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text)
    result = _LIGATURES.sub("{}", joined)
    if ascii and not result.isascii():
        result = _to_ascii(result)
    return result


# pylatexenc's spellings that BibTeX readers (pandoc, latexcodec) know less well than the classic
# ASCII ones: dashes and double quotes as TeX ligatures, \ldots, and an accented dotless \i as a
# plain i (T1 composes it)
_ASCII_PREFERRED = {
    "{\\textendash}": "--",
    "{\\textemdash}": "---",
    "{\\textellipsis}": "\\ldots{}",
    "{\\textquotedblleft}": "``",
    "{\\textquotedblright}": "''",
}
_DOTLESS_I = re.compile(r"(?<=\\[\^'`\"~=.uvHc])\\i(?![A-Za-z])|(?<=\\[\^'`\"~=.uvHc]\{)\\i(?=\})")
_LIGATURE_CHARS = "-`'"


@lru_cache(maxsize=4096)
def _ascii_char(ch: str) -> str:
    """One non-ASCII character as LaTeX (pylatexenc's encoder), or the character itself when
    pylatexenc has no LaTeX for it or its LaTeX would not read back as that character
    (pylatexenc spells some letters approximately, Ħ as a macron H)."""
    latex = str(_ascii_encoder().unicode_to_latex(ch))
    latex = _ASCII_PREFERRED.get(latex, latex)
    latex = _DOTLESS_I.sub(lambda m: "i" if m.string[m.start() - 1] == "{" else "{i}", latex)
    if not latex.isascii():
        return ch
    back, _ = decode(latex)
    return latex if unicodedata.normalize("NFC", back) == unicodedata.normalize("NFC", ch) else ch


def _to_ascii(text: str) -> str:
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(text):
        latex = ch if ch.isascii() else _ascii_char(ch)
        if latex != ch and (latex[0] in _LIGATURE_CHARS or latex[-1] in _LIGATURE_CHARS):
            nxt = text[i + 1 : i + 2]
            nxt = nxt if nxt.isascii() else _ascii_char(nxt)[:1]
            # "-" + "--" would read as an em dash, "'" + "''" as a closing quote: keep them apart
            if (prev and prev in _LIGATURE_CHARS + "!?" and latex[0] in _LIGATURE_CHARS) or (
                nxt and nxt in _LIGATURE_CHARS and latex[-1] in _LIGATURE_CHARS
            ):
                latex = "{" + latex + "}"
        out.append(latex)
        prev = latex[-1:]
    return "".join(out)


def non_ascii_left(value: str) -> str:
    """The characters of an encoded value that pylatexenc had no LaTeX for (kept as UTF-8)."""
    return "".join(sorted({c for c in value if ord(c) > 127}))


def normalise_space(text: str, multiline: bool) -> str:
    """Whitespace as BibTeX sees it: runs become one space (``multiline`` keeps line breaks)."""
    text = _CONTROL.sub("", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(re.sub(r"[ \t\f\v]+", " ", line).strip(" \t") for line in text.split("\n")).strip(_WS)
    # only ASCII whitespace: a no-break space (~ in LaTeX) is kept
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(_WS)


def encode_text(
    text: str, *, ascii: bool = False, protect: bool = False, multiline: bool = False, rich: bool = True,
    sentence_cased: bool = False,
) -> str:
    """A CSL string (rich text allowed) → a BibTeX value (without the outer braces).

    ``sentence_cased``: the value will be read in sentence case (an English title, as pandoc and
    citekit read it), so every word sentence case would change is braced too (``The {Title}``).
    """
    text = normalise_space(text, multiline)
    spans = parse_rich(text) if rich else [Span(text=text)]
    ranges = protected_ranges(plain_masked(spans), is_sentence_case(render_rich(spans, rich=False))) if protect else []
    if protect and sentence_cased:
        ranges = _sentence_ranges(spans, ranges)
    out = _encode_spans(spans, ascii, ranges, 0, top=True)[0]
    if multiline:
        out = _AT_LINE_START.sub(r"\1{@}", out)
    return out


def _sentence_ranges(spans: list[Span], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` plus every word a sentence-casing reader would change once they are braced.

    Braces change what sentence case does next to them (the last-word rule looks at the title's
    last plain text), so: brace, read again as the reader will, until nothing more changes."""
    ranges = _union(ranges, [])  # sorted and disjoint, as _with_nocase's search needs
    while True:
        known = set(ranges)
        extra = [r for r in unstable_words(_with_nocase(spans, ranges, [0])) if r not in known]
        if not extra:
            return ranges
        ranges = _union(ranges, extra)


def _with_nocase(spans: list[Span], ranges: list[tuple[int, int]], at: list[int]) -> str:
    """CSL rich text of ``spans`` with nocase spans over ``ranges`` (plain offsets): the title as
    a reader will see it once the writer has braced those ranges."""
    out: list[str] = []
    for s in spans:
        if s.tag is None:
            start, end = at[0], at[0] + len(s.text)
            pos = start
            # ranges are sorted and disjoint: only those from the first one ending after ``start``
            # to the last one beginning before ``end`` can meet this span (linear in all, not spans × ranges)
            for i in range(bisect_right(ranges, start, key=_range_end), len(ranges)):
                a, b = ranges[i]
                if a >= end:
                    break
                a, b = max(a, start), min(b, end)
                if a >= b:
                    continue
                out.append(s.text[pos - start : a - start])
                out.append(_NOCASE_TAG + s.text[a - start : b - start] + "</span>")
                pos = b
            out.append(s.text[pos - start :])
            at[0] = end
        elif s.tag == "nocase":
            out.append(render_rich([s]))
            at[0] += len(s.plain())
        else:
            opening = render_rich([Span(tag=s.tag)]).split("</", 1)[0]
            inner = _with_nocase(s.children, ranges, at)
            out.append(opening + inner + render_rich([Span(tag=s.tag)])[len(opening):])
    return "".join(out)


def _range_end(r: tuple[int, int]) -> int:
    return r[1]


def _union(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges covering both lists (touching ranges stay apart: ``{A}{B}``)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(a + b):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _encode_spans(
    spans: list[Span], ascii: bool, ranges: list[tuple[int, int]], offset: int, top: bool
) -> tuple[str, int]:
    # ``ranges`` reach into <i>, <b>, ... (a sentence-cased reader braces words there too), never
    # into a nocase span, which is braced as a whole
    out: list[str] = []
    for s in spans:
        if s.tag is None:
            if ranges:
                out.append(_encode_protected(s.text, ascii, ranges, offset))
            else:
                out.append(escape(s.text, ascii=ascii))
            offset += len(s.text)
            continue
        inner, offset = _encode_spans(s.children, ascii, [] if s.tag == "nocase" else ranges, offset, top=False)
        out.append("{" + inner + "}" if s.tag == "nocase" else f"\\{TAG_MACROS[s.tag]}{{{inner}}}")
    return "".join(out), offset


def _encode_protected(text: str, ascii: bool, ranges: list[tuple[int, int]], offset: int) -> str:
    out: list[str] = []
    pos = 0
    end_all = offset + len(text)
    for start, end in ranges:
        start, end = max(start, offset), min(end, end_all)
        if start >= end:
            continue
        out.append(escape(text[pos : start - offset], ascii=ascii))
        out.append("{" + escape(text[start - offset : end - offset], ascii=ascii) + "}")
        pos = end - offset
    out.append(escape(text[pos:], ascii=ascii))
    return "".join(out)


# ---------------------------------------------------------------- safety checks on written values

_DANGEROUS = re.compile(
    r"\\(?:input|include|includeonly|write|immediate|openout|openin|read|closeout|special|def|edef|gdef|xdef|let|"
    r"catcode|csname|usepackage|RequirePackage|newcommand|renewcommand|providecommand|directlua|luaexec|"
    r"ShellEscape|pdfshellescape|jobname|everyjob|loop|makeatletter|endinput|verbatiminput|lstinputlisting)(?![A-Za-z])"
)


_ALL_BRACES = re.compile(r"[{}]")
_UNESCAPED_BRACES = re.compile(r"(?<!\\)[{}]")


def is_balanced(value: str) -> bool:
    """True when braces balance both as BibTeX counts them (all) and as bibtexparser/pandoc do
    (ignoring ``\\{``), never going negative, and no trailing backslash escapes the closing brace."""
    if "{" in value or "}" in value:
        for pattern in (_ALL_BRACES, _UNESCAPED_BRACES):
            depth = 0
            for m in pattern.finditer(value):
                depth += 1 if m.group() == "{" else -1
                if depth < 0:
                    return False
            if depth:
                return False
    trailing = len(value) - len(value.rstrip("\\"))
    return trailing % 2 == 0


def _braces_balance(value: str) -> bool:
    depth = 0
    for m in _UNESCAPED_BRACES.finditer(value):
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def is_safe_raw(value: str) -> str | None:
    """Why a raw LaTeX value (kept from a read file) must not be written as is, or None if it may."""
    if not is_balanced(value):
        return "unbalanced braces"
    if _AT_LINE_START.search(value):
        return "'@' at the start of a line"
    m = _DANGEROUS.search(value)
    if m:
        return f"LaTeX command {m.group()!r}"
    return None


# ---------------------------------------------------------------- reading: LaTeX → Unicode

_NEEDS_LATEX = re.compile(r"[\\{}$~]|--|``|''|[!?]`")
_MARKUP_MACROS: dict[str, str] = {
    "textit": "i",
    "emph": "i",
    "textsl": "i",
    "mkbibemph": "i",
    "mkbibitalic": "i",
    "textbf": "b",
    "mkbibbold": "b",
    "textsc": "sc",
    "textsuperscript": "sup",
    "mkbibsuperscript": "sup",
    "textsubscript": "sub",
    "mkbibsubscript": "sub",
    "NoCaseChange": "nocase",
    "nocase": "nocase",
}
_SWITCH_MACROS: dict[str, str] = {
    "em": "i",
    "it": "i",
    "itshape": "i",
    "sl": "i",
    "bf": "b",
    "bfseries": "b",
    "sc": "sc",
    "scshape": "sc",
}
_PASS_MACROS = frozenset(
    {"mbox", "text", "textrm", "textnormal", "textup", "textmd", "textsf", "texttt", "enquote", "mkbibquote"}
)
_URL_RE = re.compile(r"\\(url|path)\s*\{([^{}]*)\}|\\href\s*\{([^{}]*)\}")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


@cache
def _walker_db() -> Any:
    from pylatexenc import latexwalker
    from pylatexenc.macrospec import MacroSpec

    db = latexwalker.get_default_latex_context_db()
    macros = [MacroSpec(name, "{") for name in (*_MARKUP_MACROS, *_PASS_MACROS, "noopsort") if name not in ("emph",)]
    db.add_context_category("citekit-bibtex", macros=macros, prepend=True)
    return db


def _args(node: Any) -> list[Any]:
    return [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]


def _arg_verbatim(node: Any) -> str:
    # a macro's argument may be missing in broken input: never fail (pylatexenc would log noise)
    args = _args(node)
    if not args:
        return ""
    verbatim = str(args[-1].latex_verbatim())
    return verbatim[1:-1] if verbatim.startswith("{") and verbatim.endswith("}") else verbatim


def _last_arg_text(node: Any, l2tobj: Any) -> str:
    args = _args(node)
    return str(l2tobj.nodelist_to_text([args[-1]])) if args else ""


@cache
def _l2t() -> Any:
    from pylatexenc import latex2text
    from pylatexenc.latex2text import MacroTextSpec, SpecialsTextSpec

    db = latex2text.get_default_latex_context_db()
    macros = [
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("textasciitilde", "~"),
        MacroTextSpec("textunderscore", "_"),
        MacroTextSpec("textbackslash", "\\"),
        MacroTextSpec("textdollar", "$"),
        MacroTextSpec("textpercent", "%"),
        MacroTextSpec("textampersand", "&"),
        MacroTextSpec("textquotedbl", '"'),
        MacroTextSpec("relax", ""),
        MacroTextSpec("TeX", "TeX"),
        MacroTextSpec("LaTeX", "LaTeX"),
        MacroTextSpec("LaTeXe", "LaTeX2e"),
        MacroTextSpec("BibTeX", "BibTeX"),
        MacroTextSpec("noopsort", ""),
        MacroTextSpec("textless", "<"),
        MacroTextSpec("textgreater", ">"),
        MacroTextSpec("textbar", "|"),
        MacroTextSpec("url", _arg_verbatim),
        MacroTextSpec("path", _arg_verbatim),
        MacroTextSpec("href", _last_arg_text),
        *(MacroTextSpec(name, _last_arg_text) for name in _PASS_MACROS),
    ]
    db.add_context_category("citekit-bibtex", macros=macros, specials=[SpecialsTextSpec("&", "&")], prepend=True)
    return latex2text.LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


def _walk(value: str) -> list[Any]:
    from pylatexenc.latexwalker import LatexWalker

    walker = LatexWalker(value, latex_context=_walker_db(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return list(nodes or [])


def _convert(
    nodes: list[Any], protect: bool, top: bool, groups: list[Span], unknown: set[str], kept: set[str] | None = None,
    deep: bool = False,
) -> list[Span]:
    # deep: groups inside \textit{...} are protective too (a title read in sentence case)
    from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode, LatexMacroNode, LatexMathNode

    l2t = _l2t()
    kept = set() if kept is None else kept
    out: list[Span] = []
    for node in nodes:
        if (
            isinstance(node, LatexMacroNode)
            and l2t.latex_context.get_macro_spec(node.macroname) is None
            and node.macroname not in _MARKUP_MACROS
            and node.macroname not in _SWITCH_MACROS
        ):
            unknown.add("\\" + node.macroname)
        if isinstance(node, LatexMacroNode) and _DANGEROUS.fullmatch("\\" + node.macroname):
            # \input{file}, \write18{...}: never run, never dropped unseen; kept as the text it is
            kept.add("\\" + node.macroname)
            out.append(Span(text=str(node.latex_verbatim())))
        elif isinstance(node, LatexCharsNode):
            out.append(Span(text=node.chars))
        elif isinstance(node, LatexMacroNode) and node.macroname in _MARKUP_MACROS:
            args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
            inner = _children_of(args[-1]) if args else []
            out.append(
                Span(tag=_MARKUP_MACROS[node.macroname], children=_convert(inner, protect, top and deep, groups, unknown, kept, deep))
            )
        elif isinstance(node, LatexMacroNode) and node.macroname in _PASS_MACROS:
            args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
            out.extend(_convert(_children_of(args[-1]) if args else [], protect, False, groups, unknown, kept, deep))
        elif isinstance(node, LatexGroupNode):
            inner = list(node.nodelist or [])
            first = next((n for n in inner if not (isinstance(n, LatexCharsNode) and not n.chars.strip())), None)
            if (
                isinstance(first, LatexMacroNode)
                and first.macroname in _SWITCH_MACROS
                and not (first.nodeargd and any(first.nodeargd.argnlist or []))
            ):
                rest = inner[inner.index(first) + 1 :]
                out.append(
                    Span(tag=_SWITCH_MACROS[first.macroname], children=_convert(rest, protect, top and deep, groups, unknown, kept, deep))
                )
            elif isinstance(first, LatexMacroNode) or not (protect and top):
                # {\'e}, {\o}: a BibTeX "special character", not a protective group (pandoc keeps
                # "{\~n}" as nocase; citekit does not, so that its own ASCII output, {\ss}, reads back
                # in sentence case exactly as the writer predicted)
                out.extend(_convert(inner, protect, False, groups, unknown, kept, deep))
            else:
                span = Span(tag="nocase", children=_convert(inner, protect, False, groups, unknown, kept, deep))
                groups.append(span)
                out.append(span)
        elif deep and protect and isinstance(node, LatexMathNode):
            # math is never case-changed (pandoc keeps it as Math): "$S$ states" stays "S states"
            span = Span(tag="nocase", children=[Span(text=l2t.nodelist_to_text([node]))])
            groups.append(span)
            out.append(span)
        else:
            out.append(Span(text=l2t.nodelist_to_text([node])))
    return out


def _children_of(node: Any) -> list[Any]:
    from pylatexenc.latexwalker import LatexGroupNode

    if isinstance(node, LatexGroupNode):
        return list(node.nodelist or [])
    return [node]


def decode(value: str, *, rich: bool = True, protect: bool = False, multiline: bool = False,
           keep_groups: bool = False) -> tuple[str, str | None]:
    """A BibTeX value (LaTeX) → CSL text, and a problem to report (or None).

    ``protect``: a title, whose braces that the writer would not add again become nocase spans;
    with ``keep_groups`` every protective group does (a title about to be sentence-cased).
    Never raises: LaTeX that pylatexenc cannot parse falls back to a plain reading, reported.
    """
    control = _CONTROL.search(value)
    if not _NEEDS_LATEX.search(value):
        text, problem = normalise_space(value, multiline), None
    else:
        # values repeat in a file (journals, publishers, names): decode each once
        text, problem = _decode_cached(value, rich, protect, multiline, keep_groups)
    if control is not None:
        removed = f"control character(s) such as U+{ord(control.group()):04X} removed"
        problem = removed if problem is None else f"{problem}; {removed}"
    return text, problem


@lru_cache(maxsize=16384)
def _decode_cached(value: str, rich: bool, protect: bool, multiline: bool, keep_groups: bool = False) -> tuple[str, str | None]:
    urls: list[str] = []

    def hide(m: re.Match[str]) -> str:
        urls.append(m.group(2) if m.group(2) is not None else m.group(3))
        # \href{url}{text} keeps its text: \mbox{text} reads as the text alone
        return f"\ue000{len(urls) - 1}\ue001" if m.group(2) is not None else "\\mbox"

    simple = _decode_simple(value, protect)
    if simple is not None:
        if simple[1] and not keep_groups:
            _drop_redundant_groups(*simple)
        return normalise_space(render_rich(simple[0], rich), multiline), None
    prepared = _URL_RE.sub(hide, value)
    # An unescaped % would start a LaTeX comment and swallow the rest of the line: in a
    # BibTeX value it is meant literally (and common in titles written by hand).
    prepared = _UNESCAPED_PERCENT.sub(lambda m: m.group(1) + "\\%", prepared)
    from pylatexenc.latexwalker import LatexWalkerError

    problem = None if _braces_balance(prepared) else "unbalanced braces in the value; the stray ones are ignored"
    groups: list[Span] = []
    spans: list[Span]
    try:
        unknown: set[str] = set()
        kept: set[str] = set()
        spans = merge_text(_convert(_walk(prepared), protect, True, groups, unknown, kept, keep_groups))
        if kept:
            problem = f"LaTeX command(s) {', '.join(sorted(kept))} (file or shell access) kept as text, not run"
        unknown -= kept
        if unknown and problem is None:
            problem = f"LaTeX command(s) {', '.join(sorted(unknown))} not known; left out of the text"
    except RecursionError:
        spans, problem = (
            [Span(text=re.sub(r"[{}\\]", "", prepared))],
            "braces nested too deeply; read without LaTeX decoding",
        )
    except (LatexWalkerError, IndexError, TypeError, AttributeError, ValueError, KeyError) as exc:
        # pylatexenc's tolerant parser still trips on some broken input (an unclosed \href{ ...)
        spans, problem = (
            [Span(text=re.sub(r"[{}\\]", "", prepared))],
            f"LaTeX not understood ({type(exc).__name__}); read as plain text",
        )
    if groups and not keep_groups:
        _drop_redundant_groups(spans, groups)
    text = render_rich(spans, rich)
    text = _PLACEHOLDER.sub(lambda m: urls[int(m.group(1))], text)
    return normalise_space(text, multiline), problem


_SIMPLE_OK = re.compile(r"(?:[^\\$`'!?]|\\[&%_#${}]|'(?!')|[!?](?!`))*")
_SIMPLE_TOKEN = re.compile(r"\\[&%_#${}]|---|--|~|[{}]")
_SIMPLE_MAP = {"---": "\u2014", "--": "\u2013", "~": "\u00a0"}


def _decode_simple(value: str, protect: bool) -> tuple[list[Span], list[Span]] | None:
    """A fast path for the LaTeX most values have (braces, ``--``, ``~``, ``\\&``), skipping
    pylatexenc's walker (10x slower); None when the value needs the full decoder.

    Only top-level groups matter (as protective groups of a title); deeper braces are dropped,
    iteratively, so any nesting depth is fine."""
    if not _SIMPLE_OK.fullmatch(value):
        return None
    root: list[Span] = []
    groups: list[Span] = []
    target = root
    depth = 0
    pos = 0
    for m in _SIMPLE_TOKEN.finditer(value):
        if m.start() > pos:
            target.append(Span(text=value[pos : m.start()]))
        tok = m.group()
        pos = m.end()
        if tok == "{":
            depth += 1
            if depth == 1 and protect:
                group = Span(tag="nocase")
                groups.append(group)
                root.append(group)
                target = group.children
        elif tok == "}":
            depth -= 1
            if depth < 0:
                return None  # unbalanced: let the tolerant walker deal with it
            if depth == 0:
                target = root
        else:
            target.append(Span(text=_SIMPLE_MAP.get(tok, tok[-1])))
    if depth != 0:
        return None
    if pos < len(value):
        root.append(Span(text=value[pos:]))
    for group in groups:
        group.children = merge_text(group.children)
    return merge_text(root), groups


_NOCASE_TAG = '<span class="nocase">'


def _unwrapped(spans: list[Span], wanted: frozenset[int]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if s.tag is not None and id(s) in wanted:
            out.extend(_unwrapped(s.children, wanted))
        elif s.tag is not None:
            out.append(Span(tag=s.tag, children=_unwrapped(s.children, wanted)))
        else:
            out.append(s)
    return out


def _drop_redundant_groups(spans: list[Span], groups: list[Span], sentence_cased: bool = False) -> None:
    """Turn a protective group back into plain text when the writer would brace exactly those words."""
    wanted = frozenset(id(g) for g in groups)
    plain = plain_masked(spans, keep=wanted)
    ranges = protected_ranges(plain, is_sentence_case(render_rich(spans, rich=False)))
    if sentence_cased:  # the writer also braces what sentence case would change (encode_text)
        ranges = _sentence_ranges(_unwrapped(spans, wanted), ranges)
    runs = [(r.start(), r.end()) for r in RUN_RE.finditer(plain)]
    run_ends = [e for _, e in runs]
    # ranges are sorted and disjoint: the one that could hold a run is the last starting at or
    # before it (bisect), so each group costs log n plus its own runs, never a rescan of the title
    range_starts = [a for a, _ in ranges]

    def covered(rs: int, re_: int) -> bool:
        i = bisect_right(range_starts, rs) - 1
        return i >= 0 and re_ <= ranges[i][1]

    def visit(items: list[Span], offset: int) -> int:
        for k, s in enumerate(items):
            length = len(s.plain())
            if s.tag == "nocase" and id(s) in wanted:
                start, end = offset, offset + length
                redundant = True
                i = bisect_right(run_ends, start)  # first run ending after start
                while i < len(runs) and runs[i][0] < end:
                    rs, re_ = runs[i]
                    if not (rs >= start and re_ <= end and covered(rs, re_)):
                        redundant = False
                        break
                    i += 1
                if redundant:
                    items[k] = Span(tag="flatten", children=s.children)
            elif s.tag is not None:
                visit(s.children, offset)
            offset += length
        return offset

    visit(spans, 0)
    _flatten(spans)


def _flatten(spans: list[Span]) -> None:
    out: list[Span] = []
    _flatten_into(spans, out)  # one new list: splicing in place moved the tail once per group
    spans[:] = merge_text(out)


def _flatten_into(items: list[Span], out: list[Span]) -> None:
    for s in items:
        if s.tag == "flatten":
            _flatten_into(s.children, out)
            continue
        if s.tag is not None:
            _flatten(s.children)
        out.append(s)

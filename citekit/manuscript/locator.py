"""The locator in a pandoc citation's suffix: ``[@doe99, pp. 33-35 and passim]`` → ("page", "33-35").

pandoc's Markdown reader leaves the locator inside the suffix; its citation processor takes it
out again. This module does the same, with the rules pandoc documents (manual, "Citation
syntax") and implements (``Text.Pandoc.Citeproc.Locator``):

* an optional comma and space, then a label that is a locale term of a locator type in any form,
  singular or plural (``p.``, ``pp.``, ``chap.``, ``sec.``, ``§``, ``figure``...; the longest wins),
  followed by locator words that contain digits or are roman numerals (``33-35``, ``xiv``,
  ``34(1)``, ``12, 14``);
* no label: the words must contain a digit and the label is ``page``;
* ``{...}`` delimits a locator explicitly (``[@doe99, {pp. iv, vi-xi, (xv)-(xvii)}]``); without a
  label inside the braces it has none: pandoc prints no label term for ``{ANAL-B 3 of 4}`` or
  ``{12-14}`` and writes their hyphens as en dashes (probed with tests/data/manuscript/locator-probe.csl:
  ``(k|ANAL–B 3 of 4|)``, ``(k|12–14|)``). Such a locator gets the label :data:`UNLABELLED`;
* anything else is suffix; a suffix that does not start with punctuation or a space gets ", ".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from citekit.manuscript.ast import Inlines, Node, merge_spaces, str_, stringify

#: the CSL locator types pandoc recognises in suffixes
LOCATOR_TERMS = ("book", "chapter", "column", "figure", "folio", "issue", "line", "note", "opus", "page",
                 "number-of-pages", "paragraph", "part", "section", "sub verbo", "verse", "volume")

#: the label of a braced locator written without one: no locale defines this term, so no label is
#: printed, and the engine formats the value as a non-page locator
UNLABELLED = "unlabelled"

_ROMAN = re.compile(r"^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_BRACES = (("(", ")"), ("[", "]"), ("{", "}"))
_BRACE_CHARS = {c for pair in _BRACES for c in pair}


@dataclass(slots=True)
class Token:
    """One piece of the suffix: a character run, a single punctuation mark, a space or another inline."""

    kind: str  # "str", "space" or "other"
    text: str
    node: Node | None = None


@dataclass(slots=True)
class Located:
    """A suffix split into its locator (label and value, or None) and the rest."""

    label: str | None
    locator: str | None
    suffix: Inlines


def locator_map(terms: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Label text (case-folded) → locator type, from ``(name, single, multiple)`` locale terms."""
    out: dict[str, str] = {}
    for name, single, multiple in terms:
        if name not in LOCATOR_TERMS:
            continue
        for text in (single, multiple):
            key = text.strip().casefold()
            if key:
                out.setdefault(key, name)
    return out


def _is_punct(c: str) -> bool:
    return unicodedata.category(c).startswith("P")


def tokens_of(inlines: Inlines) -> list[Token]:
    """Split ``Str`` nodes at spaces and at punctuation other than ``:`` (pandoc's ``splitInp``)."""
    out: list[Token] = []
    for node in inlines:
        t = node.get("t")
        if t == "Str":
            run = ""
            for c in str(node["c"]):
                if c.isspace() or (_is_punct(c) and c != ":"):
                    if run:
                        out.append(Token("str", run))
                        run = ""
                    out.append(Token("space" if c.isspace() else "str", c))
                else:
                    run += c
            if run:
                out.append(Token("str", run))
        elif t in ("Space", "SoftBreak"):
            out.append(Token("space", " ", node))
        else:
            out.append(Token("other", stringify(node), node))
    return out


def _to_inlines(tokens: list[Token]) -> Inlines:
    out: Inlines = []
    for tok in tokens:
        if tok.node is not None:
            out.append(tok.node)
        elif tok.kind == "space" and tok.text in " \t\n":
            out.append({"t": "Space"})
        else:
            out.append(str_(tok.text))
    return merge_spaces(out)


def _spacey(tok: Token) -> bool:
    return tok.kind == "space"


class _Parser:
    def __init__(self, tokens: list[Token], labels: dict[str, str]) -> None:
        self.toks = tokens
        self.labels = labels

    def _char(self, i: int, ok: str | set[str]) -> bool:
        return i < len(self.toks) and self.toks[i].kind == "str" and self.toks[i].text in ok

    def _unit(self, i: int) -> tuple[bool, str, int] | None:
        """pandoc's pPageUnit: a roman numeral, or a run with no space or locator punctuation."""
        if i < len(self.toks) and self.toks[i].kind == "str" and self.toks[i].text and \
                _ROMAN.match(self.toks[i].text.upper()):
            return True, self.toks[i].text, i + 1
        j, text = i, ""
        while j < len(self.toks):
            tok = self.toks[j]
            if _spacey(tok) or (tok.kind == "str" and len(tok.text) == 1 and _is_punct(tok.text)
                                and tok.text not in "-–:"):
                break
            text += tok.text
            j += 1
        if j == i:
            return None
        return any(c.isdigit() for c in text), text, j

    def _page_seq(self, i: int) -> tuple[bool, str, int] | None:
        """One unit and ``.unit`` continuations (``1.2.3``), or a ``.unit`` alone."""
        first = self._unit(i)
        if first is None:
            return self._with_period(i)
        digit, text, j = first
        while (nxt := self._with_period(j)) is not None:
            digit, text, j = digit or nxt[0], text + nxt[1], nxt[2]
        return digit, text, j

    def _with_period(self, i: int) -> tuple[bool, str, int] | None:
        if not self._char(i, "."):
            return None
        unit = self._unit(i + 1)
        if unit is None:
            return None
        return unit[0], "." + unit[1], unit[2]

    def _balanced(self, i: int) -> tuple[bool, str, int] | None:
        """``many1`` of: a bracketed (possibly empty) page sequence, or a page sequence."""
        parts: list[tuple[bool, str]] = []
        j = i
        while True:
            got = None
            for open_, close in _BRACES:
                if self._char(j, open_):
                    inner = self._page_seq(j + 1) if not self._char(j + 1, _BRACE_CHARS) else None
                    k, d, mid = (inner[2], inner[0], inner[1]) if inner else (j + 1, False, "")
                    if self._char(k, close):
                        got = (d, open_ + mid + close, k + 1)
                    break
            if got is None and not self._char(j, _BRACE_CHARS):
                seq = self._page_seq(j)
                got = seq if seq is not None else None
            if got is None:
                break
            parts.append((got[0], got[1]))
            j = got[2]
        if not parts:
            return None
        return any(d for d, _ in parts), "".join(t for _, t in parts), j

    def _word(self, i: int, first: bool) -> tuple[bool, str, int] | None:
        punct = ""
        if not first and self._char(i, ",;"):
            punct, i = self.toks[i].text, i + 1
        sp = ""
        if i < len(self.toks) and _spacey(self.toks[i]):
            sp, i = " ", i + 1
        got = self._balanced(i)
        if got is None:
            return None
        return got[0], punct + sp + got[1], got[2]

    @staticmethod
    def _digits(word: tuple[bool, str, int] | None) -> bool:
        return word is not None and any(c.isdigit() for c in word[1])

    def _label(self, i: int) -> tuple[str, int] | None:
        """The longest label ending where a locator word can start."""
        best: tuple[str, int] | None = None
        for j in range(i + 1, len(self.toks) + 1):
            w = self._word(j, True)
            if w is None or not w[0]:
                continue
            key = "".join(t.text for t in self.toks[i:j]).strip().casefold()
            if key in self.labels:
                best = (self.labels[key], j)
        return best

    def parse(self) -> tuple[str, str, int] | None:
        i = 0
        if self._char(i, ","):
            i += 1
        if i < len(self.toks) and _spacey(self.toks[i]):
            i += 1
        found = self._delimited(i)
        if found is None:
            found = self._integrated(i)
        return found

    def _delimited(self, i: int) -> tuple[str, str, int] | None:
        if not self._char(i, "{"):
            return None
        j = i + 1
        while j < len(self.toks) and _spacey(self.toks[j]):
            j += 1
        label = UNLABELLED
        for k in range(len(self.toks), j, -1):
            key = "".join(t.text for t in self.toks[j:k]).strip().casefold()
            if key in self.labels:
                label, j = self.labels[key], k
                break
        depth, text = 0, ""
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "str" and tok.text in "{[":
                depth += 1
            elif tok.kind == "str" and tok.text in "}]":
                if depth == 0:
                    return label, text.strip(), j + 1
                depth -= 1
            text += tok.text
            j += 1
        return None

    def _integrated(self, i: int) -> tuple[str, str, int] | None:
        lab = self._label(i)
        implicit = lab is None
        if lab is None:
            if not self._digits(self._word(i, True)):
                return None
            label, j = "page", i
        else:
            label, j = lab
        words: list[str] = []
        first = True
        while True:
            w = self._word(j, (not implicit) if first else False)
            ok = w is not None and (self._digits(w) if implicit else w[0])
            if not ok or w is None:
                break
            words.append(w[1])
            j = w[2]
            first = False
        if not words:
            return None
        return label, "".join(words), j


def _maybe_add_comma(inlines: Inlines) -> Inlines:
    if not inlines:
        return []
    head = inlines[0]
    if head.get("t") == "SoftBreak":
        return inlines
    if head.get("t") == "Str" and head["c"][:1] and (_is_punct(head["c"][0]) or head["c"][0] in " \t"):
        return inlines
    return [str_(", "), *inlines]


def parse_locator(suffix: Inlines, labels: dict[str, str]) -> Located:
    """Split a citation suffix into locator and remaining suffix, as pandoc does."""
    if not suffix:
        return Located(None, None, [])
    tokens = tokens_of(suffix)
    found = _Parser(tokens, labels).parse()
    if found is None:
        return Located(None, None, _maybe_add_comma(suffix))
    label, locator, end = found
    rest = _to_inlines(tokens[end:])
    if not locator.strip():
        return Located(None, None, _maybe_add_comma(rest))
    if label == UNLABELLED:  # pandoc (jgm/citeproc) writes a label-less locator's hyphens as en dashes
        locator = locator.replace("-", "\u2013")
    return Located(label, locator.strip(), rest)

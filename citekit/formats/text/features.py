"""Tokens and their features for the sequence labeller (``crf.py``).

A token is a word or a number with the punctuation glued to it (``"(2010).``, ``Smith,``,
``“Title``), a URL or DOI, or punctuation standing alone, with its character offsets, so that
labelled tokens map back to spans of the original string. (Punctuation used to be a token of its
own, labelled as no field: a first-order CRF then forgot, at every comma and full stop, which
field it was in.) Letters followed by digits are two tokens (``C71``: journal ``C``, volume ``71``).

Features (strings, as python-crfsuite takes them): the word and its suffix, its shape
(``Xxxx``, ``dddd``), the punctuation before and after it, capitalisation, digits, year-like,
page-range and volume(issue) context, whether a space precedes it, position in the string
(tenth), the sentence index (full stops seen so far), the sentences still to come and the
first word of the sentence (``In``, ``Ed.``), whether it sits inside quotes or brackets, the neighbours' words, shapes and
punctuation, the script and length of a CJK or Hangul word, and dictionary flags
(:class:`Lexicon`): which fields a word was seen in most often in the training split, and
journal, publisher, place and name words of recorded metadata, built by ``train.py`` from
training strings only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

_OPEN = "([{“‘«„\"'"
_TOKEN = re.compile(
    r"</?[a-zA-Z]{1,10}>"  # a markup tag left in the text (<italic>)
    r"|(?:https?://|www\.)\S+[^\s.,;)\]]"  # a URL, without its closing punctuation
    r"|10\.\d{4,9}/\S+[^\s.,;)\]]"  # a DOI
    # a word (O'Brien, l'Europe) or a number (3rd, 2010a; "C71" is "C" and "71") with the
    # opening brackets or quotes glued before it and the punctuation after it: "(2010).", "Smith,"
    r"|[(\[{“‘«„\"']*(?:[^\W\d_]+(?:['’][^\W\d_]+)?|\d+[^\W\d_]{0,2})[^\w\s(\[{“‘«„]*"
    r"|[^\w\s]+"  # punctuation on its own ("—", "&", "...")
)
#: a token's parts: opening punctuation, the word, the punctuation after it
_PARTS = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d$")
_ROMAN = re.compile(r"(?i)^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_VOCAB = frozenset(
    [
        "et",
        "al",
        "and",
        "in",
        "pp",
        "p",
        "vol",
        "vols",
        "no",
        "nr",
        "eds",
        "ed",
        "edn",
        "editor",
        "editors",
        "edited",
        "by",
        "doi",
        "http",
        "https",
        "accessed",
        "retrieved",
        "available",
        "from",
        "press",
        "university",
        "univ",
        "publ",
        "publishing",
        "publishers",
        "verlag",
        "proc",
        "proceedings",
        "conference",
        "conf",
        "symposium",
        "workshop",
        "journal",
        "j",
        "rev",
        "trans",
        "thesis",
        "dissertation",
        "phd",
        "report",
        "tech",
        "technical",
        "arxiv",
        "preprint",
        "pmid",
        "pmcid",
        "isbn",
        "issn",
        "chapter",
        "chap",
        "s",
        "n",
        "d",
        "th",
        "st",
        "nd",
        "rd",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "hrsg",
        "hg",
        "bd",
        "heft",
        "s",
        "band",
        "jg",
        "seite",
        "und",
        "dans",
        "in",
        "pág",
        "vol",
        "tome",
        "cf",
        "see",
        "de",
        "van",
        "von",
        "der",
        "la",
        "le",
        "du",
        "del",
        "da",
        "di",
    ]
)


class Token(NamedTuple):
    """One token: its text and character offsets in the string (a tuple: cheap to make)."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets (see the module docstring)."""
    make = Token._make
    return [make((m.group(), *m.span())) for m in _TOKEN.finditer(text)]


_ASCII_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)
_RUNS = re.compile(r"(.)\1+")


def shape(word: str) -> str:
    """Compressed shape: ``Smith`` → ``Xx``, ``ABC`` → ``X``, ``1998`` → ``d4``, ``e12`` → ``xd``."""
    if word.isdigit():
        return f"d{min(len(word), 5)}"
    if word.isascii():  # (most words: a table and one regex instead of a loop)
        return _RUNS.sub(r"\1", word.translate(_ASCII_SHAPE))[:6]
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


class Lexicon:
    """Word → field flags, learned from the training split (``train.py``), stored as JSON."""

    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table = table or {}

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        path.write_text(
            json.dumps(self.table, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8"
        )

    @classmethod
    def build(cls, words: Iterable[tuple[str, str]], *, min_count: int = 3) -> Lexicon:
        """From ``(word, label)`` pairs: each word's labels that hold at least a quarter of its uses."""
        counts: dict[str, dict[str, int]] = {}
        for word, label in words:
            w = word.casefold()
            if len(w) < 2 or w.isdigit():
                continue
            d = counts.setdefault(w, {})
            d[label] = d.get(label, 0) + 1
        table = {}
        for w, d in counts.items():
            total = sum(d.values())
            if total < min_count:
                continue
            flags = sorted(lab for lab, n in d.items() if n * 4 >= total and lab != "O")
            if flags:
                table[w] = " ".join(flags)
        return cls(table)

    def flags(self, word: str) -> str:
        return self.table.get(word.casefold(), "")


def _script(ch: str) -> str:
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff":
        return "hangul"
    if "\u3040" <= ch <= "\u30ff":
        return "kana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
        return "han"
    return "other"


def _word_features(core: str, lead: str, trail: str) -> list[str]:
    """A token's own features: its word (or number), shape and the punctuation around it."""
    low = core.casefold()
    f = [f"w={low}" if len(low) < 25 else "w=<long>", f"sh={shape(core)}"]
    if lead:
        f.append(f"lead={lead[-2:]}")
    if trail:
        f.append(f"trail={trail[:3]}")
    if core[:1] > "\u1000" and core[:1].isalpha():  # CJK, Hangul, Thai ...: the script and length
        f.append(f"script={_script(core[0])}")
        f.append(f"clen={min(len(core), 9)}")
    elif core[:1].isalpha():
        f.append(f"suf={low[-3:]}")
        if core.isupper():
            f.append("upper" if len(core) > 1 else "initial")
        elif core[:1].isupper():
            f.append("title")
        elif core.islower():
            f.append("lower")
        if len(core) <= 3 and _ROMAN.match(core):
            f.append("roman")
        if low in _VOCAB:
            f.append(f"v={low}")
    elif core.isdigit():
        n = len(core)
        f.append(f"len={min(n, 5)}")
        if n == 4 and _YEAR.match(core):
            f.append("year")
        if n <= 2:
            f.append("small")
    elif core[:1].isdigit():
        if _YEAR.match(core[:4]) and len(core) == 5:
            f.append("year")  # 2010a
    elif core.startswith(("http", "www.")):
        f.append("url")
    elif core.startswith("10.") and "/" in core:
        f.append("doi")
    elif not core:
        f.append("punct")
    return f


_UP = r"[A-ZÀ-ÖØ-Þ]"
_WORD = r"[^\W\d_][^\s,.;:()\d]*"
_FAM = rf"(?:[a-z]{{1,3}}\s)*{_UP}[^\s,.;:()\d]+(?:[\s-]{_UP}[^\s,.;:()\d]+)?"
_VANC = re.compile(rf"^(?:{_FAM}\s{_UP}{{1,4}}\b(?:\s(?:Jr|Sr|II|III))?,?\s*)+(?:et\s*al\b)?")
_APA = re.compile(rf"^(?:{_FAM},\s(?:{_UP}[a-z]?\.[\s-]?){{1,4}},?\s(?:&\s|and\s)?)+")
_GIVEN_FIRST = re.compile(rf"^(?:(?:{_UP}[a-z]?\.[\s-]?){{1,3}}\s?{_FAM}[,.:]?\s(?:and\s|&\s)?)+")
_FULL = re.compile(rf"^(?:{_UP}[a-z]+\s{_FAM}(?:,\s|\sand\s|\s&\s))*{_UP}[a-z]+\s{_FAM}[.,:]")


def name_lists(text: str) -> list[tuple[str, int]]:
    """Where an author list of a known shape, at the start of the string, ends (by regex)."""
    out = []
    for kind, rx in (("vanc", _VANC), ("apa", _APA), ("gf", _GIVEN_FIRST), ("full", _FULL)):
        m = rx.match(text)
        if m and m.end() > 3:
            out.append((kind, m.end()))
    return out


class _Word(NamedTuple):
    """What is computed once per distinct token text (:func:`_cached`)."""

    base: list[str]  # its own features
    near: dict[int, list[str]]  # the features it gives the token at that offset from it
    core: str  # the word without its punctuation
    lead: str
    trail: str


_CACHE: dict[tuple[int, str], _Word] = {}
_OFFSETS = (-2, -1, 1, 2)


def _cached(word: str, lexicon: Lexicon) -> _Word:
    """A token's own features and the features it gives its neighbours, computed once per text."""
    key = (id(lexicon), word)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if word.startswith(("http", "www.")) or word.startswith("10.") and "/" in word or word[:1] == "<" and word[-1:] == ">":
        lead, core, trail = "", word, ""
    else:
        m = _PARTS.match(word)
        lead, core, trail = m.groups() if m else ("", word, "")
        if not core:  # punctuation alone
            lead, core, trail = "", "", word
    base = _word_features(core, lead, trail)
    flags = lexicon.flags(core).split() if core else []
    base.extend(f"d={x}" for x in flags)
    sh = base[1][3:] + (trail[:1] if trail else "")
    low = (core.casefold() if len(core) < 25 else "<long>") if core else word[:3]
    near = {
        -1: [f"-1:sh={sh}", f"-1:w={low}", f"-1:t={trail[:2]}", *(f"-1:d={x}" for x in flags)],
        1: [f"1:sh={sh}", f"1:w={low}", f"1:l={lead[-1:]}", *(f"1:d={x}" for x in flags)],
        -2: [f"-2:sh={sh}"],
        2: [f"2:sh={sh}"],
    }
    if len(_CACHE) > 300_000:
        _CACHE.clear()
    hit = _CACHE[key] = _Word(base, near, core, lead, trail)
    return hit


_NONE = {k: [f"{k}:none"] for k in _OFFSETS}
_SENT = [f"sent={k}" for k in range(6)]
_COMMA = [f"comma={k}" for k in range(8)]
_DASHES = frozenset("-–—")
_POS = [f"pos={k}" for k in range(10)]
_EDGE = _Word(["", "sh=-"], _NONE, "", "", "")


_LEFT = [f"left={k}" for k in range(4)]


def _ends_sentence(c: _Word) -> bool:
    """A full stop (or ? !) after the word, but not after an initial."""
    t = c.trail
    return ("." in t or "?" in t or "!" in t) and not (len(c.core) == 1 and c.core.isupper())


def features(text: str, tokens: Sequence[Token], lexicon: Lexicon) -> list[list[str]]:
    """One feature list per token.

    Built for speed (it runs on every string parsed): a token's own features and what it gives
    its neighbours come from :func:`_cached`; the rest are prebuilt strings picked by index.
    """
    n = len(tokens)
    if not n:
        return []
    cached = [_cached(t.text, lexicon) for t in tokens]
    padded = [_EDGE, _EDGE, *cached, _EDGE, _EDGE]
    out: list[list[str]] = []
    period = comma = 0
    quote = paren = bracket = False
    first_year = next((i for i, c in enumerate(cached) if "year" in c.base), -1)
    prev_end = -1
    opener = ""
    breaks = sum(1 for c in cached if c.trail and _ends_sentence(c))
    base_off = tokens[0].start
    lists = name_lists(text[base_off:])
    for i, tok in enumerate(tokens):
        c = cached[i]
        f = list(c.base)
        f.append(_POS[i * 10 // n])
        if i == 0:
            f.append("first")
        elif i == n - 1:
            f.append("last")
        if i and prev_end == tok.start:
            f.append("glued")
        prev_end = tok.end
        lead, trail = c.lead, c.trail
        if lead:
            if "(" in lead:
                paren = True
            if "[" in lead:
                bracket = True
            if any(q in lead for q in '"“«'):
                quote = True
        f.append(_SENT[period] if period < 6 else "sent=6")
        left = breaks - period  # sentences still to come: the last ones hold publisher, pages, ids
        f.append(_LEFT[left] if left < 4 else "left=4")
        f.append(_COMMA[comma] if comma < 8 else "comma=8")
        if opener:
            f.append(opener)  # the sentence's first word: "In", "Ed.", "Retrieved", or its shape
        if quote:
            f.append("inquote")
        if paren:
            f.append("inparen")
        if bracket:
            f.append("inbracket")
        if first_year >= 0:
            f.append("beforeyear" if i < first_year else "afteryear" if i > first_year else "firstyear")
        f += padded[i][1][-2]  # (the padding gives "-2:none" etc. at the edges)
        f += padded[i + 1][1][-1]
        f += padded[i + 3][1][1]
        f += padded[i + 4][1][2]
        if lists:
            rel = tok.start - base_off
            for kind, end in lists:
                if rel < end:
                    f.append(f"list={kind}")
                elif i > 0 and tokens[i - 1].start - base_off < end:
                    f.append(f"after-list={kind}")
        core = c.core
        if core.isdigit() and i + 1 < n:
            nxt = cached[i + 1]
            if trail[-1:] in _DASHES and nxt.core.isdigit():
                f.append("range-start")
            elif nxt.lead[-1:] == "(" and nxt.core[:1].isdigit():
                f.append("vol-before-issue")
        if core.isdigit() and i and cached[i - 1].trail[-1:] in _DASHES and cached[i - 1].core.isdigit():
            f.append("range-end")
        out.append(f)
        # running context after the token
        if trail:
            if _ends_sentence(c):
                period += 1
                opener = ""
                if i + 1 < n:
                    first = cached[i + 1].core.casefold()
                    opener = f"sw={first}" if first in _VOCAB else f"sw={cached[i + 1].base[1][3:]}"
            if "," in trail:
                comma += 1
            if ")" in trail:
                paren = False
            if "]" in trail:
                bracket = False
            if any(q in trail for q in '"”»'):
                quote = False
    return out

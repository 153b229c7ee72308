"""Tokens and their features for the sequence labeller (``crf.py``).

A token is a run of letters, a run of digits, a URL or DOI, or one punctuation character, with
its character offsets, so that labelled tokens map back to spans of the original string.

Features (strings, as python-crfsuite takes them): the word and its suffix, its shape
(``Xxxx``, ``dddd``), capitalisation, digits, year-like, page-range and volume(issue) context,
whether a space precedes it, position in the string (tenth), the sentence index (periods seen
so far) and whether it sits inside quotes or parentheses, the neighbours' words and shapes, and
dictionary flags (:class:`Lexicon`): which fields a word was seen in most often in the training
split, built by ``train.py`` from training strings only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

_TOKEN = re.compile(
    r"</?[a-zA-Z]{1,10}>"  # a markup tag left in the text (<italic>)
    r"|(?:https?://|www\.)\S+[^\s.,;)\]]"  # a URL, without its closing punctuation
    r"|10\.\d{4,9}/\S+[^\s.,;)\]]"  # a DOI
    r"|[^\W\d_]+(?:['’][^\W\d_]+)?"  # letters (O'Brien, l'Europe)
    r"|\d+"
    r"|[^\w\s]"
)
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


def shape(word: str) -> str:
    """Compressed shape: ``Smith`` → ``Xx``, ``ABC`` → ``X``, ``1998`` → ``d4``, ``e12`` → ``xd``."""
    if word.isdigit():
        return f"d{min(len(word), 5)}"
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


def _word_features(tok: str) -> list[str]:
    low = tok.casefold()
    f = [f"w={low}" if len(low) < 25 else "w=<long>", f"sh={shape(tok)}"]
    if tok[:1].isalpha():
        f.append(f"suf={low[-3:]}")
        if tok.isupper():
            f.append("upper" if len(tok) > 1 else "initial")
        elif tok[:1].isupper():
            f.append("title")
        elif tok.islower():
            f.append("lower")
        if len(tok) <= 3 and _ROMAN.match(tok):
            f.append("roman")
        if low in _VOCAB:
            f.append(f"v={low}")
    elif tok.isdigit():
        n = len(tok)
        f.append(f"len={min(n, 5)}")
        if n == 4 and _YEAR.match(tok):
            f.append("year")
        if n <= 2:
            f.append("small")
    elif tok.startswith(("http", "www.")):
        f.append("url")
    elif tok.startswith("10.") and "/" in tok:
        f.append("doi")
    else:
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


_CACHE: dict[tuple[int, str], tuple[list[str], dict[int, list[str]]]] = {}
_OFFSETS = (-2, -1, 1, 2)


def _cached(word: str, lexicon: Lexicon) -> tuple[list[str], dict[int, list[str]]]:
    """A word's own features and the features it gives its neighbours, computed once per word."""
    key = (id(lexicon), word)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    base = _word_features(word)
    flags = lexicon.flags(word).split()
    base.extend(f"d={x}" for x in flags)
    sh = base[1][3:]
    low = word.casefold() if len(word) < 25 else "<long>"
    near: dict[int, list[str]] = {}
    for k in _OFFSETS:
        if k in (-1, 1):
            near[k] = [f"{k}:sh={sh}", f"{k}:w={low}", *(f"{k}:d={x}" for x in flags)]
        else:
            near[k] = [f"{k}:sh={sh}"]
    if len(_CACHE) > 300_000:
        _CACHE.clear()
    _CACHE[key] = (base, near)
    return base, near


_NONE = {k: [f"{k}:none"] for k in _OFFSETS}
_SENT = [f"sent={k}" for k in range(6)]
_COMMA = [f"comma={k}" for k in range(8)]
_DASHES = frozenset("-–—")


_POS = [f"pos={k}" for k in range(10)]
_EDGE: tuple[list[str], dict[int, list[str]]] = (["", "sh=-"], _NONE)
_PAIRS: dict[tuple[str, str, str], tuple[str, str]] = {}


def _pair(prev: str, sh: str, nxt: str) -> tuple[str, str]:
    """The shape-pair features of a token (``sh=Xx|1:d4``, ``-1:x|sh=Xx``), made once per triple."""
    key = (prev, sh, nxt)
    hit = _PAIRS.get(key)
    if hit is None:
        hit = _PAIRS[key] = (f"{sh}|1:{nxt}", f"-1:{prev}|{sh}")
    return hit


def features(text: str, tokens: Sequence[Token], lexicon: Lexicon) -> list[list[str]]:
    """One feature list per token.

    Built for speed (it runs on every string parsed): a word's own features and what it gives
    its neighbours come from :func:`_cached`; the rest are prebuilt strings picked by index.
    """
    n = len(tokens)
    if not n:
        return []
    words = [t.text for t in tokens]
    cached = [_cached(w, lexicon) for w in words]
    padded = [_EDGE, _EDGE, *cached, _EDGE, _EDGE]
    shapes = ["-", *(c[0][1][3:] for c in cached), "-"]
    out: list[list[str]] = []
    period = comma = 0
    quote = paren = bracket = False
    first_year = next((i for i, w in enumerate(words) if len(w) == 4 and w.isdigit() and _YEAR.match(w)), -1)
    prev_end = -1
    base_off = tokens[0].start
    lists = name_lists(text[base_off:])
    for i, tok in enumerate(tokens):
        w = words[i]
        f = list(cached[i][0])
        f.append(_POS[i * 10 // n])
        if i == 0:
            f.append("first")
        elif i == n - 1:
            f.append("last")
        space = i == 0 or prev_end < tok.start
        prev_end = tok.end
        if not space:
            f.append("glued")
        f.append(_SENT[period] if period < 6 else "sent=6")
        f.append(_COMMA[comma] if comma < 8 else "comma=8")
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
        f.extend(_pair(shapes[i], cached[i][0][1], shapes[i + 2]))
        if w.isdigit():
            if i + 2 < n and words[i + 1] in _DASHES and words[i + 2].isdigit():
                f.append("range-start")
            if i >= 2 and words[i - 1] in _DASHES and words[i - 2].isdigit():
                f.append("range-end")
            if i + 2 < n and words[i + 1] == "(" and words[i + 2][:1].isdigit():
                f.append("vol-before-issue")
        out.append(f)
        # running context after the token
        if len(w) == 1 and not w.isalnum():
            if w in ".?!" and not space and not (i > 0 and len(words[i - 1]) == 1 and words[i - 1].isupper()):
                period += 1
            elif w == ",":
                comma += 1
            elif w in '"“”«»':
                quote = not quote if w == '"' else w in "“«"
            elif w == "(":
                paren = True
            elif w == ")":
                paren = False
            elif w == "[":
                bracket = True
            elif w == "]":
                bracket = False
    return out

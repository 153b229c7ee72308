"""Citation keys: stable, unique, readable (``morris2017nivolumab``).

A reference's own ``citation-key`` is kept (made safe for BibTeX and biber if needed). Otherwise
the key is the first author's family name (ASCII-folded, lowercase, letters only; an
organisation's first word), the year, and the first significant word of the title (a maximal run
of letters/digits after folding, stop words skipped): ``andre2023antitumor`` for André 2023
"Antitumor activity…". Without an author the title word leads (``nccn2024``); without a year it
is left out. Keys generated alike get ``a``, ``b``, … (``smith2020cancera``, ``smith2020cancerb``),
so the same input always gives the same keys.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from citekit.formats.bibtex.richtext import strip_tags
from citekit.model import Reference

#: Letters NFKD does not split into a base letter and a mark.
_FOLD_EXTRA = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "for",
        "and",
        "to",
        "with",
        "from",
        "at",
        "by",
        "or",
        "as",
        "is",
        "are",
        "be",
        "into",
        "onto",
        "via",
        "vs",
        "versus",
        "its",
        "it",
        "about",
        "over",
        "under",
        "between",
        "among",
        "after",
        "before",
        "during",
        "without",
        "within",
        "upon",
        "toward",
        "towards",
        "than",
        "that",
        "this",
        "these",
        "those",
        "do",
        "does",
        "what",
        "which",
        "who",
        "how",
        "why",
        "when",
        "where",
        "not",
        "no",
    ]
)

#: Characters BibTeX or biber refuse (or misread) in a key.
_BAD_KEY_CHARS = re.compile(r"""[\s,{}()"#%'=\\~]""")


def ascii_fold(text: str) -> str:
    """``André Müller`` → ``Andre Muller``; letters with no ASCII form are dropped."""
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode("ascii")


def _author_part(ref: Reference) -> str:
    if not ref.author:
        return ""
    first = ref.author[0]
    if first.family:
        source = first.family
    elif first.literal:
        source = next(iter(first.literal.split()), "")
    else:
        source = first.given or ""
    return re.sub(r"[^a-z]", "", ascii_fold(source).lower())


def title_word(title: str | None, skip: int = 0) -> str:
    """The first significant word of a title (``skip`` more to take a later one), or ``""``."""
    if not title:
        return ""
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_fold(strip_tags(title)).lower()) if w not in STOPWORDS]
    return words[skip] if len(words) > skip else ""


def base_key(ref: Reference) -> str:
    """The key before collisions are resolved: ``<author><year><titleword>``."""
    year = ref.year
    year_part = str(year) if year is not None and year >= 0 else ""
    author = _author_part(ref)
    if author:
        return f"{author}{year_part}{title_word(ref.title)}"
    lead = title_word(ref.title)
    return f"{lead or 'ref'}{year_part}"


def sanitize_key(key: str) -> str:
    """A key BibTeX and biber accept: characters they refuse become ``_``."""
    return _BAD_KEY_CHARS.sub("_", key.strip()) or "ref"


def _suffixes() -> Iterator[str]:
    """a, b, …, z, aa, ab, …: as many as needed."""
    for size in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def assign_keys(refs: Sequence[Reference]) -> tuple[list[str], list[tuple[int, str]]]:
    """One unique key per reference, in order, and notes ``(index, message)`` about changed keys.

    Own keys come first and are kept (the first of two equal ones keeps it); generated keys that
    collide with each other or with an own key all get a suffix ``a``, ``b``, ….
    """
    notes: list[tuple[int, str]] = []
    keys: list[str | None] = [None] * len(refs)
    taken: set[str] = set()
    for i, ref in enumerate(refs):
        own = ref.citation_key
        if own is None or not own.strip():
            continue
        key = sanitize_key(own)
        if key != own:
            notes.append((i, f"citation key {own!r} has characters BibTeX does not allow; written as {key!r}"))
        if key in taken:
            new = next(key + s for s in _suffixes() if key + s not in taken)
            notes.append((i, f"citation key {key!r} is used by an earlier reference; written as {new!r}"))
            key = new
        keys[i] = key
        taken.add(key)
    bases = {i: base_key(ref) for i, ref in enumerate(refs) if keys[i] is None}
    counts = Counter(bases.values())
    for i, base in bases.items():
        if counts[base] == 1 and base not in taken:
            keys[i] = base
            taken.add(base)
            continue
        key = next(base + s for s in _suffixes() if base + s not in taken and base + s not in counts)
        keys[i] = key
        taken.add(key)
    return [k or "ref" for k in keys], notes

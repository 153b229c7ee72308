"""Locale-aware collation keys for CSL sorting, the way citeproc-js compares sort keys.

citeproc-js compares two sort keys with ``a.toLocaleLowerCase().localeCompare(b.toLocaleLowerCase(),
lang, {sensitivity: "base", ignorePunctuation: true, numeric: true})``: ICU's collation for the
processor's language (``default-locale-sort``, else the rendering locale), primary strength only.
PyICU has no wheels on PyPI, so the keys here are built from the Unicode Collation Algorithm's
default table (DUCET, through ``pyuca``) plus the CLDR tailorings of the languages whose alphabet
orders letters differently (Swedish ``å ä ö`` after ``z``, Czech ``č`` after ``c`` and ``ch`` after
``h``, Spanish ``ñ`` after ``n``, Turkish dotless ``ı`` before ``i``, ...), primary relations only.

A key is a tuple of primary weights (times 8, so a tailored letter fits between two DUCET
letters). Case and accents never break a tie (sensitivity "base": the next sort key, or input
order, does); punctuation is ignored; a run of digits compares by its value; a word break is a
weight below every letter (so ``J. R. R.`` sorts before ``J.-P.``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

#: CLDR's standard collation tailorings (``common/collation/*.xml``), the relations that change
#: the primary order: ``&X<y`` puts y right after X, ``&X<<y`` makes y equal to X at primary
#: strength, ``&[before1]X<y`` puts y right before X (``ǀ`` is the first letter after the Latin
#: script, so Nordic letters go after ``z`` and after every other Latin letter); a run of two
#: letters is a contraction (Czech ``ch``, Danish ``aa``), an anchor of two an expansion
#: (Icelandic thorn sorts as ``th`` in the Nordic languages). Checked letter by letter against
#: ICU in node (tests/csl/test_collation.py).
TAILORINGS: dict[str, str] = {
    "sv": "&th<<þ &y<<ü<<ű &[before1]ǀ<å<ä<<æ<<ę<ö<<ø<<ő<<œ<<ô",
    "fi": "&n<<ŋ &y<<ü &[before1]ǀ<å<ä<<æ<ö<<ø",
    "da": "&th<<þ &y<<ü<<ű &[before1]ǀ<æ<<ä<ø<<ö<<ő<å<<aa",
    "nb": "&th<<þ &y<<ü<<ű &[before1]ǀ<æ<<ä<<ę<ø<<ö<<ő<<œ<å<<aa",
    "cs": "&c<č &h<ch &r<ř &s<š &z<ž",
    "sk": "&a<ä &c<č &h<ch &o<ô &r<ř &s<š &z<ž",
    "pl": "&a<ą &c<ć &e<ę &l<ł &n<ń &o<ó &s<ś &z<ź<ż",
    "es": "&n<ñ",
    "tr": "&c<ç &g<ğ &[before1]i<ı &o<ö &s<ş &u<ü",
}
#: languages that share another's rules (CLDR's Norwegian: nb and nn both import ``no``)
ALIASES = {"no": "nb", "nn": "nb"}

#: DUCET (allkeys 10.0.0, pyuca's table) primary weights of the ASCII digits and letters: keys of
#: ASCII text need no table loaded (tests/csl/test_collation.py checks these against pyuca)
_ASCII_PRIMARY = dict(zip("0123456789", range(0x1C3D, 0x1C47))) | dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    (0x1C47, 0x1C60, 0x1C7A, 0x1C8F, 0x1CAA, 0x1CE5, 0x1CF4, 0x1D18, 0x1D32, 0x1D4C, 0x1D65, 0x1D77, 0x1DAA,
     0x1DB9, 0x1DDD, 0x1E0C, 0x1E21, 0x1E33, 0x1E71, 0x1E95, 0x1EB5, 0x1EE3, 0x1EF5, 0x1EFF, 0x1F0B, 0x1F21)))
_SCALE = 8
#: a word break: below every character that has a weight
_BREAK = 1
#: characters compared as absent besides Unicode punctuation (citeproc-js strips leading brackets
#: and quotes; ICU's ignorePunctuation ignores the rest)
_IGNORE = frozenset("[]()\u201c\u201d\u2018\u2019\"'¡¿")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
#: private-use characters standing for a tailoring's contractions
_PRIVATE = 0xE000


@cache
def _collator() -> Any:
    import pyuca  # type: ignore[import-untyped]  # loaded on the first non-ASCII character: ~0.3 s

    return pyuca.Collator()


@lru_cache(maxsize=8192)
def _root(ch: str) -> tuple[int, ...]:
    """DUCET primary weights of one (NFC) character, scaled; () for ignorables."""
    weight = _ASCII_PRIMARY.get(ch)
    if weight is not None:
        return (weight * _SCALE,)
    elements = _collator().collation_elements(unicodedata.normalize("NFD", ch))
    return tuple(e[0] * _SCALE for e in elements if e[0])


class Tailoring:
    """One language's primary reordering: per-character weights and contractions."""

    def __init__(self, rules: str) -> None:
        #: stand-in character → weights, for every tailored letter or contraction
        self.weights: dict[str, tuple[int, ...]] = {}
        tokens: dict[str, str] = {}
        for chain in rules.split():
            anchor, _, rest = chain[1:].partition("<")
            before = anchor.startswith("[before1]")
            anchor = anchor.removeprefix("[before1]")
            weight = [w for ch in anchor for w in _root(ch)]
            if before:
                weight[-1] -= _SCALE - 1
            for relation, token in re.findall(r"(<<|<)([^<]+)", "<" + rest):
                if relation == "<":
                    weight[-1] += 1
                stand_in = chr(_PRIVATE + len(tokens))
                tokens[unicodedata.normalize("NFD", token)] = stand_in
                self.weights[stand_in] = tuple(weight)
        self._stand_in = tokens
        # leftmost, longest first: ``aå`` (a, a, ring) is the contraction ``aa`` plus an accent,
        # as in ICU, not ``a`` and ``å``
        self._tokens = re.compile("|".join(map(re.escape, sorted(tokens, key=len, reverse=True)))) if tokens else None

    def key(self, text: str) -> tuple[int, ...]:
        """The primary weights of prepared (lowercase, NFC, punctuation-free) text."""
        if self._tokens is not None:
            # tailored letters and contractions are matched on the decomposed text (a
            # contraction takes unaccented letters, or accents after it: ``aà`` but not ``âa``);
            # the remaining accents are primary-ignorable
            text = self._tokens.sub(lambda m: self._stand_in[m.group(0)], unicodedata.normalize("NFD", text))
            if not text.isascii():
                text = "".join(ch for ch in text if not unicodedata.combining(ch))
        out: list[int] = []
        weights = self.weights
        for ch in text:
            if ch == "\x01":
                out.append(_BREAK)
            else:
                out.extend(weights.get(ch) or _root(ch))
        return tuple(out)


_ROOT = Tailoring("")


@cache
def tailoring(lang: str) -> Tailoring:
    """The tailoring for a language tag (``sv-SE`` → Swedish); the root order for the others."""
    base = lang.replace("_", "-").split("-")[0].lower()
    rules = TAILORINGS.get(ALIASES.get(base, base))
    return Tailoring(rules) if rules else _ROOT


def _lower(text: str, lang: str) -> str:
    # citeproc-js lowercases with the language's own rules: Turkish I is ı, İ is i
    if lang[:2].lower() in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


@lru_cache(maxsize=65536)
def collation_key(text: str, lang: str = "en-US") -> tuple[int, ...]:
    """The key that orders ``text`` as citeproc-js's comparison of sort keys does in ``lang``."""
    # a no-break space is ignorable (citeproc-js's French particle join), not a word break
    prepared = unicodedata.normalize("NFC", _lower(text.replace("\u00a0", ""), lang))
    # citeproc-js's keys join words with "|", which stays where the punctuation around it goes:
    # a family name "-" sorts its entry first ("-|sumaryadi|")
    prepared = _SPACE.sub("\x01", prepared.strip())
    prepared = "".join(ch for ch in prepared if ch not in _IGNORE and not unicodedata.category(ch).startswith("P"))
    # numeric: a run of digits compares by value
    prepared = _DIGITS.sub(lambda m: m.group(0).lstrip("0").zfill(12), prepared)
    return tailoring(lang).key(prepared)


__all__ = ["ALIASES", "TAILORINGS", "Tailoring", "collation_key", "tailoring"]

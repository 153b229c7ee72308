"""Normalisation before comparison, so that style is never reported as an error.

Each function answers one question about two spellings of the same field: are these the same
title once case, punctuation, hyphens, markup, diacritics, Roman numerals and British/American
spelling are set aside? Does this abbreviation name this journal (NLM/ISO abbreviations drop stop
words and shorten each remaining word to a prefix: "J Clin Oncol" = "Journal of Clinical
Oncology", but "JAMA" is not "JAMA Network Open")? Is "446-53" the range "446-453"? Is "T." a
form of "Thierry"?
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

#: Words an NLM/ISO journal abbreviation leaves out (ISO 4 drops articles, prepositions, conjunctions).
JOURNAL_STOP = frozenset({"the", "of", "and", "for", "in", "on", "a", "an", "de", "la", "le", "der", "die", "und",
                          "des", "du", "et", "y", "i", "to", "fur", "da", "do", "e", "em"})

#: British → American spellings common in medical titles. A title differing only in these is the
#: same title (info, not error). Suffix rules cover the families (-isation/-ization, -our/-or ...).
SPELLING: dict[str, str] = {
    "multicentre": "multicenter", "centre": "center", "centres": "centers", "randomised": "randomized",
    "randomisation": "randomization", "tumour": "tumor", "tumours": "tumors", "oesophageal": "esophageal",
    "oesophagus": "esophagus", "haematological": "hematological", "haemorrhage": "hemorrhage",
    "anaemia": "anemia", "oedema": "edema", "paediatric": "pediatric", "behaviour": "behavior",
    "colour": "color", "programme": "program", "analyse": "analyze", "analysed": "analyzed",
    "characterisation": "characterization", "organisation": "organization", "optimised": "optimized",
    "utilisation": "utilization", "immunisation": "immunization", "hospitalisation": "hospitalization",
    "leukaemia": "leukemia", "gynaecological": "gynecological", "foetal": "fetal", "ageing": "aging",
}
_SUFFIXES = (("isation", "ization"), ("ised", "ized"), ("ising", "izing"), ("ise", "ize"), ("yse", "yze"),
             ("ysed", "yzed"), ("our", "or"), ("tre", "ter"), ("aemia", "emia"), ("oea", "ea"))
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "ib": "1b", "iia": "2a", "iib": "2b", "i/ii": "1/2"}
_TAGS = re.compile(r"<[^>]+>")


def fold(text: str | None) -> str:
    """Lower case, no diacritics, no markup, punctuation and hyphens as spaces, spaces collapsed."""
    if not text:
        return ""
    return _fold(str(text))


#: folded strings kept: a bulk check folds the same titles, names and journals again and again
#: (each rule, each candidate); at most ~15 MB (titles of ~100 characters), one cache per process (Dask worker)
FOLD_CACHE = 1 << 15
_PUNCT = re.compile(r"[^\w\s]|_")


@functools.lru_cache(maxsize=FOLD_CACHE)
def _fold(text: str) -> str:
    if "&" in text:
        text = html.unescape(html.unescape(text))  # "&amp;amp;" is deposited too
    if "<" in text:
        text = _TAGS.sub("", text)
    if not text.isascii():  # ASCII has no diacritics to drop: NFKD and the per-character filter are skipped
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss")
    text = text.casefold()
    if "&" in text:
        text = text.replace("&", " and ")
    return " ".join(_PUNCT.sub(" ", text).split())


def american(word: str) -> str:
    """The American spelling of one folded word (``multicentre`` → ``multicenter``)."""
    if word in SPELLING:
        return SPELLING[word]
    return word


def title_key(text: str | None, *, spelling: bool = True) -> str:
    """A title reduced for comparison: folded, Roman phase numbers as digits, optionally American spelling."""
    words = []
    for w in fold(text).split():
        w = _ROMAN.get(w, w)
        words.append(american(w) if spelling else w)
    return " ".join(words)


def similarity(a: str | None, b: str | None) -> float:
    """Similarity of two already-normalised strings in [0, 1]."""
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0


def spelling_differences(a: str | None, b: str | None) -> list[tuple[str, str]]:
    """The word pairs where two titles differ only by British/American spelling (``multicentre``/``multicenter``)."""
    wa, wb = fold(a).split(), fold(b).split()
    out = []
    for x in set(wa) - set(wb):
        for y in set(wb) - set(wa):
            if american(x) == american(y) and x != y:
                out.append((x, y))
    return sorted(out)


# ---------------------------------------------------------------------------------------- journals
def _journal_words(name: str) -> list[str]:
    return [w for w in fold(name).split() if w not in JOURNAL_STOP]


def _word_abbreviates(short: str, word: str) -> bool:
    """``oncol`` → ``oncology``, ``natl`` → ``national``, ``pt`` → ``part``: same first letter, letters in order."""
    if word.startswith(short) or american(word).startswith(american(short)):
        return True
    if not short or short[0] != word[0]:
        return False
    it = iter(word)
    return all(c in it for c in short)


def _main_titles(full: str) -> list[str]:
    """The full title and its main part before a subtitle (``: Biological Sciences``, `` - REFilo``, ``. Revista``)."""
    out = [full]
    for sep in (":", " - ", ". "):
        if sep in full:
            out.append(full.split(sep, 1)[0])
    return out


def abbreviates(abbrev: str | None, full: str | None) -> bool:
    """True when ``abbrev`` is ``full`` or an NLM/ISO abbreviation of it (or its acronym), word for word.

    Every significant word of the full title (or of its main part, before a subtitle) must be
    matched, in order, by one word of the abbreviation that abbreviates it (a prefix, or its
    letters in order from the same first letter: "Natl" for "National"); so "Lancet Oncol"
    abbreviates "The Lancet Oncology" but "JAMA" does not abbreviate "JAMA Network Open" (two
    words of the title would be left over). A one-word acronym of three or more letters may stand
    for the initials of the significant words ("KEM", "Key Engineering Materials").
    """
    if not abbrev or not full:
        return False
    for short in [abbrev] + ([abbrev.split(": ", 1)[1]] if ": " in abbrev else []):
        text = re.sub(r"\s+u\s*s\s*a\s*$", "", fold(short))  # "Proc Natl Acad Sci U S A": not in the title
        a = _journal_words(text)
        for candidate in _main_titles(full):
            f = _journal_words(candidate)
            if not a or not f:
                continue
            if a == f:
                return True
            if len(a) == len(f) and all(_word_abbreviates(aw, fw) for aw, fw in zip(a, f, strict=True)):
                return True
            if len(a) == 1 and len(a[0]) >= 3 and len(f) >= 3 and a[0] == "".join(w[0] for w in f):
                return True
    return False


def same_journal(cited: str | None, names: Iterable[str | None]) -> bool | None:
    """Whether the cited journal is one of the record's names (full, short, abbreviation); None if unknown."""
    if not cited:
        return None
    known = [n for n in names if n]
    if not known:
        return None
    cf = " ".join(_journal_words(cited))
    for name in known:
        nf = " ".join(_journal_words(name))
        if cf == nf or abbreviates(cited, name) or abbreviates(name, cited):
            return True
        if len(cf) > 12 and fuzz.ratio(cf, nf) >= 94:  # a typo in a long title, not another journal
            return True
    return False


_SENTENCE_END = re.compile(r"[.?!]\s+")


def _ends_with(whole: str | None, part: str | None) -> bool:
    """True when ``part`` is the last whole words of ``whole`` (folded)."""
    w, p = fold(whole), fold(part)
    return bool(p) and (w == p or w.endswith(" " + p))


def _cuts(text: str) -> list[tuple[str, str]]:
    """``"A b. C d. E"`` → ``[("A b", "C d. E"), ("A b. C d", "E")]``: the text cut at each sentence end."""
    return [(text[:m.start()], text[m.end():]) for m in _SENTENCE_END.finditer(text) if text[m.end():].strip()]


def journal_cut(cited_journal: str | None, cited_title: str | None, record_title: str | None,
                names: Iterable[str | None]) -> bool:
    """True when the cited journal is the record's once the title/journal boundary is put at the right full stop.

    A text reference list prints ``Title. Journal. Year``; a title or a journal name that itself has
    a sentence end ("... Peninsula? FRET.", "Workshops, 2003. Proceedings.") lets a parser cut the two
    at the wrong full stop. The journal rule is about the journal, not the parser, so these count as
    the record's journal (each case needs the moved words to be the record's own text):

    * the end of the record's title, then a full stop, then a name of the record's journal
      (``"FRET. PLoS Pathog"``, the record's title ``"... Peninsula? FRET"``);
    * the record's title, then a full stop, then the first words of the journal's name as the cited
      title, the rest as the cited journal (``"... Peninsula? J. Crustac"`` and ``"Biol"``; ``"...
      losses. 23rd ... Workshops, 2003"`` and ``"Proceedings"``);
    * the cited "journal" is the last words of the record's title, the cited title the words before
      them (the journal itself not found): nothing is said about the journal.
    """
    if not cited_journal:
        return False
    known = [n for n in names if n]
    title = cited_title or ""
    if record_title and _ends_with(record_title, f"{title} {cited_journal}") and len(fold(title).split()) >= 2:
        return True
    for head, tail in _cuts(cited_journal):
        if _ends_with(record_title, head) and same_journal(tail, known):
            return True
    for head, moved in _cuts(title):
        if _ends_with(record_title, head) and same_journal(f"{moved}. {cited_journal}", known):
            return True
    return False


# ---------------------------------------------------------------------------------------- pages
_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)([A-Za-z]*)\s*(?:[-–—‐‑]+\s*([A-Za-z]*)(\d+)([A-Za-z]*))?\s*$")


def page_range(page: object) -> tuple[str, str | None] | None:
    """``"446-53"`` → ``("446", "453")``; ``"e2341165"`` → ``("e2341165", None)``; None when unreadable.

    Abbreviated last pages take the leading digits of the first page (Vancouver/AMA style ranges).
    """
    if page is None:
        return None
    text = str(page).strip()
    m = _RANGE.match(text)
    if not m:
        return None
    p1, first, s1, p2, last, s2 = m.groups()
    start = f"{p1}{first}{s1}".lower()
    if last is None:
        return start, None
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return start, f"{p2 or p1}{last}{s2}".lower()


def same_pages(cited: object, record: object) -> bool | None:
    """Whether two page fields agree once abbreviated ranges are expanded; None if either is unreadable."""
    a, b = page_range(cited), page_range(record)
    if a is None or b is None:
        if cited is None or record is None:
            return None
        return fold(str(cited)) == fold(str(record))
    if a[0] != b[0]:
        return False
    return a[1] is None or b[1] is None or a[1] == b[1]


# ---------------------------------------------------------------------------------------- names
def family_key(name: str | None) -> str:
    """A family name for comparison: folded, hyphens and particles' spacing ignored."""
    return fold(name).replace(" ", "")


def initials(given: str | None) -> str:
    """``"Van K."`` → ``"vk"``, ``"Thierry"`` → ``"t"``, ``"Anne Lynn S."`` → ``"als"``, ``"ALS"`` → ``"als"``."""
    if not given:
        return ""
    parts = [p for p in re.split(r"[\s.\-]+", given.strip()) if p]
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 4:
        return parts[0].lower()  # "MR" written without dots
    return "".join(fold(p)[:1] for p in parts if fold(p))


def given_compatible(a: str | None, b: str | None) -> bool:
    """True when two given names can be the same person: initials vs full names, middle names omitted."""
    ia, ib = initials(a), initials(b)
    if not ia or not ib:
        return True
    return ia.startswith(ib) or ib.startswith(ia)


__all__ = ["JOURNAL_STOP", "SPELLING", "abbreviates", "american", "family_key", "fold", "given_compatible",
           "initials", "journal_cut", "page_range", "same_journal", "same_pages", "similarity", "spelling_differences",
           "title_key"]

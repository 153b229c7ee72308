"""Which words of a title to brace-protect so BibTeX styles do not lowercase them.

BibTeX's ``change.case$`` (and biblatex's ``\\MakeSentenceCase``) lowercase every letter not in
braces: acronyms (``{PD-1}``, ``{TORCH}``), words with an inner capital or a digit
(``{iPhone}``, ``{NCI9673}``), roman numerals (``Phase {II}``) and, in a title already in sentence
case, proper nouns (``{Bayesian}``) need braces. The reader uses the same rules to tell which
braces it may drop (the writer puts them back) and which it must keep as CSL nocase spans.
"""

from __future__ import annotations

import re

RUN_RE = re.compile(r"[^\W_]+")
# a sentence ends at : ? ! or at a full stop that does not close an initial ("E. coli")
_SENTENCE_END = re.compile(r"(?:[:?!]|(?<![\s(][A-Z])\.)\s*$")


def _after_stop(text: str, pos: int) -> bool:
    # a short window keeps this linear on huge values; whitespace runs longer than it are rare
    window = text[max(0, pos - 16) : pos]
    if window.rstrip()[-1:] not in _STOPS:
        return False  # no mark before the spaces: the regex cannot match (most words; issue 14)
    return bool(_SENTENCE_END.search(window))


_STOPS = frozenset(":?!.")


_FUNCTION_WORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "among",
        "from",
        "into",
        "onto",
        "over",
        "than",
        "that",
        "this",
        "these",
        "those",
        "upon",
        "with",
        "within",
        "without",
        "versus",
        "via",
        "through",
        "toward",
        "towards",
        "under",
        "until",
        "when",
        "where",
        "which",
        "while",
    ]
)


def _needs_protection(run: str, first: bool, after_stop: bool, sentence_case: bool) -> bool:
    # (islower/isalpha first: C-speed answers for the common word, the same verdicts)
    tail = run[1:]
    if not tail.islower() and any(c.isupper() for c in tail):
        return True  # TORCH, PD, II, iPhone, McDonald, NCI9673
    has_digit = not run.isalpha() and any(c.isdigit() for c in run)
    if has_digit and any(c.isalpha() for c in run):
        return True  # p53, H2O, 3D, e2341165
    if first or after_stop or not run[0].isupper():
        return False
    if len(run) == 1:
        return run != "A"  # Phase I, vitamin D; "A" is most often the article
    return sentence_case  # a capitalised word inside a sentence-case title is a proper noun


def is_sentence_case(text: str) -> bool:
    """True when most longer words after the first are lowercase (so capitals are deliberate)."""
    lower = upper = 0
    runs = list(RUN_RE.finditer(text))
    for k, m in enumerate(runs):
        word = m.group()
        if k == 0 or len(word) < 4 or not word.isalpha() or word.lower() in _FUNCTION_WORDS:
            continue
        if word[0].islower():
            counts_lower = True
        elif word[1:].islower():
            counts_lower = False
        else:
            continue
        if _after_stop(text, m.start()):
            continue
        if counts_lower:
            lower += 1
        else:
            upper += 1
    # in Title Case every longer word is capitalised: one lowercase one is enough to tell
    return lower > 0 and lower >= upper


def protected_ranges(text: str, sentence_case: bool | None = None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` a title's brace protection covers, e.g. ``PD-1``, ``NCI9673``.

    Runs of letters/digits are judged one by one; a protected run takes in neighbouring runs joined
    to it by a single hyphen that are digits or protected themselves (``{PD-1}``, ``{POD1UM-303}``).
    """
    if sentence_case is None:
        sentence_case = is_sentence_case(text)
    runs = list(RUN_RE.finditer(text))
    marks: list[bool] = []
    for k, m in enumerate(runs):
        after_stop = k > 0 and _after_stop(text, m.start())
        marks.append(_needs_protection(m.group(), k == 0, after_stop, sentence_case))
    ranges: list[tuple[int, int]] = []
    k = 0
    while k < len(runs):
        if not marks[k]:
            k += 1
            continue
        start, end = runs[k].start(), runs[k].end()
        j = k
        while (
            j > 0
            and text[runs[j - 1].end() : runs[j].start()] == "-"
            and runs[j - 1].group().isdigit()
            and not marks[j - 1]
        ):
            j -= 1
            start = runs[j].start()
        j = k
        while (
            j + 1 < len(runs)
            and text[runs[j].end() : runs[j + 1].start()] == "-"
            and (marks[j + 1] or runs[j + 1].group().isdigit())
        ):
            j += 1
            end = runs[j].end()
        if ranges and ranges[-1][1] >= start:
            start = ranges.pop()[0]
        ranges.append((start, end))
        k = j + 1
    return ranges

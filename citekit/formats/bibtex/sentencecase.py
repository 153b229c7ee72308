"""Sentence case for English BibTeX/BibLaTeX titles, read the way pandoc reads them.

BibTeX titles are case-changeable: styles lowercase what is not braced. CSL expects titles in
sentence case and never lowercases them, so a Title Case ``.bib`` (Zotero, Better BibTeX, most
publishers) printed unchanged in AMA or APA. pandoc's BibTeX/BibLaTeX readers convert the titles
of English entries (``langid``, else ``hyphenation``, absent or English) to sentence case, keeping
every braced (``{Protected}``) word; this module does the same on the decoded CSL rich text,
where braced words are ``<span class="nocase">`` spans.

The word rule is citeproc's ``withSentenceCase`` (jgm/citeproc, used by pandoc): a Capitalised
word is lowercased unless it starts the title or a sentence (after ``.``, ``?``, ``!`` or ``:``
and a space), where an all-lowercase word is capitalised; words with other capitals (``DNA``,
``McDonald``, ``iPhone``) and words in ``nocase`` spans are kept.
"""

from __future__ import annotations

import re

#: BibTeX/BibLaTeX fields whose value pandoc sentence-cases (the journal's name is not one)
SENTENCE_CASE_FIELDS = frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle", "booktitleaddon",
    "maintitle", "mainsubtitle", "maintitleaddon", "series",
})
#: biblatex/babel language names that are English (``langid`` / ``hyphenation``), and ISO codes
_ENGLISH = frozenset({
    "english", "american", "british", "usenglish", "ukenglish", "canadian", "australian", "newzealand",
    "en",
})
_NOCASE_OPEN = '<span class="nocase">'
_TOKEN = re.compile(r"<[^>]*>|[^\W_]+|\s+|.", re.DOTALL)
_SENTENCE_END = frozenset(".?!:")



def is_english(langid: str | None) -> bool:
    """True when an entry's ``langid`` (else ``hyphenation``) is absent or names English."""
    if langid is None or not langid.strip():
        return True
    value = langid.strip().casefold().replace("_", "-")
    return value in _ENGLISH or value.startswith("en-")


def _word(word: str, start: bool) -> str:
    capitalised = word[0].isupper() and all(c.islower() for c in word[1:])
    if start:
        if capitalised or word.islower():
            return word[0].upper() + word[1:].lower()
        return word
    return word.lower() if capitalised else word


def _nocase_end(text: str, at: int) -> int:
    """The index just past the ``</span>`` closing the nocase span opened at ``at``."""
    depth, i = 0, at
    while i < len(text):
        if text.startswith("<span", i):
            depth += 1
        elif text.startswith("</span>", i):
            depth -= 1
            if depth == 0:
                return i + len("</span>")
        i += 1
    return len(text)  # unbalanced: keep the rest as it is


def _state_after(token: str, state: str, previous: str) -> str:
    """The state after a non-word token (citeproc's rule on the chunk's last character)."""
    last = token[-1]
    if last in _SENTENCE_END:
        # an initial ("John M. Riddle") or a number ("2009. Proceedings") ends no sentence (pandoc)
        if last == "." and (previous.isdigit() or (len(previous) == 1 and previous.isalpha())):
            return "other"
        return "punct"
    if last.isalnum():
        return "word"
    if last.isspace():
        return "sentence" if state == "punct" else "space"
    if last in "-/\u2013\u2014":
        return "space"  # a word break
    return "other"


def sentence_case(text: str) -> str:
    """``text`` (CSL rich text) in sentence case; ``nocase`` spans and tags are kept as they are."""
    out: list[str] = []
    state = "start"  # start | sentence | word | space | punct | other
    previous = ""  # the last word, for the full-stop rule
    i = 0
    while i < len(text):
        if text.startswith(_NOCASE_OPEN, i):
            end = _nocase_end(text, i)
            out.append(text[i:end])
            inner = re.sub(r"<[^>]*>", "", text[i:end])
            if inner:  # the span's last character moves the state ("{BPEL:} Choreographies")
                state = "word" if inner[-1].isalnum() else _state_after(inner, state, previous)
            previous, i = inner, end
            continue
        m = _TOKEN.match(text, i)
        assert m is not None  # the last alternative matches any character
        token = m.group()
        i = m.end()
        if token.startswith("<") and token.endswith(">") and len(token) > 1:
            out.append(token)  # <i>, </i>, <b>, ...: no change of state
        elif token[0].isalnum():
            out.append(_word(token, state in ("start", "sentence")))
            state, previous = "word", token
        elif state == "start":
            out.append(token)  # leading quotes, brackets and spaces: the title has not started
        else:
            out.append(token)
            state = _state_after(token, state, previous)
    return "".join(out)

"""Sentence case for English BibTeX/BibLaTeX titles, read the way pandoc reads them.

BibTeX titles are case-changeable: styles lowercase what is not braced. CSL expects titles in
sentence case and never lowercases them, so a Title Case ``.bib`` (Zotero, Better BibTeX, most
publishers) printed unchanged in AMA or APA. pandoc's BibTeX/BibLaTeX readers convert the titles
of English entries (``langid``, else ``hyphenation``, absent or English) to sentence case, keeping
every braced (``{Protected}``) word; this module does the same on the decoded CSL rich text,
where braced words are ``<span class="nocase">`` spans.

The word rule is citeproc's ``withSentenceCase`` as pandoc 3.9 applies it (``caseTransform``):
a Capitalised word is lowercased unless it starts the title or a sentence (after ``.``, ``?``,
``!`` or ``:`` and a space; no exception for initials: "John M. Riddle" → "john m. Riddle"),
where an all-lowercase word is capitalised; the title's last word is never capitalised
(``BeforeLastWord``); words with other capitals (``DNA``, ``McDonald``, ``iPhone``) and words in
``nocase``, small-caps, superscript and subscript spans are kept. :func:`unstable_words` tells a
writer which words to brace so that reading gives its title back.
"""

from __future__ import annotations

import re

from citekit.formats.bibtex.richtext import Span, parse_rich, render_rich

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
_UNCHANGED = frozenset({"nocase", "sc", "sup", "sub"})
_TOKEN = re.compile(r"[^\W_]+|\s+|.", re.DOTALL)
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


def _state_after(token: str, state: str) -> str:
    """The state after a non-word token (citeproc's rule on the chunk's last character)."""
    last = token[-1]
    if last in _SENTENCE_END:
        # pandoc 3.9 has no exception for initials or numbers: "John M. Riddle" → "john m. Riddle"
        return "punct"
    if last.isalnum():
        return "word"
    if last.isspace():
        return "sentence" if state == "punct" else "space"
    if last in "-/\u2013\u2014":
        return "space"  # a word break
    return "other"


class _Walker:
    """Sentence case over CSL rich-text spans, recording each word it changes (plain offsets).

    Like pandoc's ``caseTransform``: nocase, small caps, superscript and subscript spans are not
    changed (their text still moves the state); other tags (``<i>``, ``<b>``) are walked into.
    """

    def __init__(self, last_at: int) -> None:
        self.state = "start"  # start | sentence | word | space | punct | other | last
        self.plain = 0
        self.last_at = last_at
        self.changed: list[tuple[int, int]] = []

    def spans(self, items: list[Span]) -> None:
        for s in items:
            if s.tag is None:
                s.text = self.text(s.text)
            elif s.tag in _UNCHANGED:
                self.unit(s.plain())
            else:
                self.spans(s.children)

    def unit(self, inner: str) -> None:
        if inner and not (self.state == "start" and not any(c.isalnum() for c in inner)):
            # the span's last character moves the state ("{BPEL:} Choreographies"); leading
            # punctuation, braced or not, has not started the title
            self.state = "word" if inner[-1].isalnum() else _state_after(inner, self.state)
        self.plain += len(inner)

    def text(self, text: str) -> str:
        out: list[str] = []
        for m in _TOKEN.finditer(text):
            token = m.group()
            if self.plain == self.last_at and self.state in ("start", "sentence", "space"):
                self.state = "last"  # citeproc's BeforeLastWord: the title's last word is not capitalised
            if token[0].isalnum():
                new = _word(token, self.state in ("start", "sentence"))
                if new != token:
                    self.changed.append((self.plain, self.plain + len(token)))
                out.append(new)
                self.state = "word"
            else:
                out.append(token)
                if self.state != "start":  # leading quotes, brackets, spaces: the title has not started
                    self.state = _state_after(token, self.state)
            self.plain += len(token)
        return "".join(out)


def _last_at(spans: list[Span]) -> int:
    """The plain offset where the title's last word-group starts (pandoc's last ``Str``: the text
    after the last space, with no tag and no word break in it, and something before it), else -1."""
    if not spans or spans[-1].tag is not None:
        return -1
    m = re.search(r"[^\s/\-\u2013\u2014]+$", spans[-1].text)
    if m is None:
        return -1
    at = sum(len(s.plain()) for s in spans[:-1]) + m.start()
    return at if at > 0 else -1


def _walk(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans = parse_rich(text)
    walker = _Walker(_last_at(spans))
    walker.spans(spans)
    return render_rich(spans), walker.changed


def sentence_case(text: str) -> str:
    """``text`` (CSL rich text) in sentence case; ``nocase`` spans and tags are kept as they are."""
    return _walk(text)[0]


def unstable_words(text: str) -> list[tuple[int, int]]:
    """The plain-text ranges of the words of ``text`` (CSL rich text) that :func:`sentence_case`
    would change: a writer braces them so that a reader that sentence-cases gives ``text`` back."""
    return _walk(text)[1]

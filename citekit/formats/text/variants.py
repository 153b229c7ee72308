"""Two common non-target layouts met in real reference lists, read so they are not lost.

Issue 4's targets are AMA, Vancouver and APA. Publishers' deposited citations (Crossref
``unstructured``, see ``tests/data/citations/wild.jsonl``) show two more layouts so often that
reading them costs little:

* **Nature**: ``Ono, K., Ikeda, T. & Yamada, M. Title. Neurobiol. Dis. 43, 715–724 (2011).``
  (names as in APA, the year in parentheses at the end);
* **Springer name-year**: ``Rietkerk M, van de Koppel J (2008) Title. Trends Ecol Evol 23:169–175``
  (names as in AMA, the year after them, ``VOL:PAGES``). Its source is read here
  (:func:`parse_colon_source`); the APA step handles the ``(year)`` after the names.
"""

from __future__ import annotations

import re

from citekit.formats.text import authors as au
from citekit.formats.text.numbers import DASH, expand_pages
from citekit.formats.text.state import State, date_of, journal_start, sentences, set_authors, set_title

_PAGES = rf"[A-Za-z]{{0,3}}\d\w*(?:\s*[{DASH}]\s*[A-Za-z]{{0,3}}\d\w*)?"
#: ``Journal 23:169–175`` / ``Journal 23(4):169–175`` / ``J Urol 150: 1143``
COLON_SOURCE = re.compile(
    rf"^(?P<journal>[^\d:;]+?)\.?\s+(?P<volume>[\w-]*\d[\w-]*)\s*(?:\((?P<issue>[^()]{{1,30}})\))?\s*:\s*(?P<pages>{_PAGES})\.?$"
)
#: Nature's ending: ``Journal 95, 535–552 (2014).`` / ``Genome Biol. 7 (Suppl. 1), 1–9 (2006).``
NATURE_TAIL = re.compile(
    rf"\s(?P<volume>[\w-]*\d[\w-]*)(?:\s*\((?P<issue>[^()]{{1,30}})\))?,\s*(?P<pages>{_PAGES})\s*\((?P<year>(?:1[5-9]|20)\d\d)\)\.?$"
)
#: one "Family, I. I.," of a Nature name list (APA's pattern without its look-ahead: the last
#: name is followed by the title, not by a comma)
_NAME_RUN = re.compile(rf"[^,&…]+?,\s*(?:{au.APA_INITIALS})(?:,\s*(?:{au.SUFFIX_RE}))?(?:\s*(?:,\s*&|,|&)\s*)?")
_ET_AL = re.compile(r"\s*et\.?\s*al\.?\s*")


def parse_colon_source(text: str) -> tuple[str, str, str | None, str] | None:
    """``Trends Ecol Evol 23:169–175`` → (journal, volume, issue, pages), else None."""
    m = COLON_SOURCE.match(text.strip())
    if m is None:
        return None
    return m.group("journal").strip(), m.group("volume"), m.group("issue"), expand_pages(m.group("pages"))


def nature_core(st: State) -> None:
    """``Names. Title. Journal VOL, PAGES (YEAR).`` (Nature's layout)."""
    if st.done or not st.text.endswith((")", ").")):
        return
    m = NATURE_TAIL.search(st.text)
    if m is None:
        return
    head = st.text[: m.start()].strip()
    # the names: a run of "Family, I. I." joined by commas and "&", maybe "et al."
    pos = 0
    names = []
    while True:
        nm = _NAME_RUN.match(head, pos)
        if nm is None or nm.end() == pos:
            break
        names.append(nm)
        pos = nm.end()
    if not names:
        return
    etal = _ET_AL.match(head, pos)
    if etal:
        pos = etal.end()
    authors = au.parse_apa(head[:pos].strip().rstrip(",&").strip())
    rest = head[pos:].strip()
    segments = sentences(rest)
    if len(segments) < 2:
        return
    st.style = "nature"
    authors.et_al = authors.et_al or bool(etal)
    set_authors(st, authors)
    j = journal_start(segments)
    set_title(st, " ".join(segments[:j]), 0.85)
    st.set("container-title", " ".join(segments[j:]).strip(), 0.85)
    st.set("volume", m.group("volume"), 0.9)
    st.set("issue", m.group("issue"), 0.9)
    st.set("page", expand_pages(m.group("pages")), 0.9)
    st.set("issued", date_of(int(m.group("year"))), 0.95)
    st.set("type", "article-journal", 0.85)
    st.done = True

"""One printed citation → one :class:`~citekit.model.Reference`, with a confidence per field.

The steps are a plain list (:data:`STEPS`) run in order on a :class:`State`; each step reads the
text left over and fills fields. A caller can pass its own list::

    parse_citation(text, steps=[*STEPS, my_step])

1. :func:`check_text`: refuse what is not a citation (binary, control characters, too long);
2. :func:`strip_tails`: DOI, PMID, PMCID, URL, access date, e-pub notes (``tails.py``);
3. :func:`apa_core`: ``Authors (YEAR). Title. Journal, VOL(ISSUE), PAGES.`` (and Springer's
   name-year ``Authors (YEAR) Title. Journal VOL:PAGES``);
4. :func:`~citekit.formats.text.variants.nature_core`: ``Names. Title. Journal VOL, PAGES (YEAR).``;
5. :func:`ama_core`: ``Authors. Title. Journal YEAR;VOL(ISSUE):PAGES.`` (AMA, Vancouver, the
   document's variant, BioMed Central's ``YEAR, VOL (ISSUE): PAGES``), or, without numbers,
   ``Author. Title. Version.`` (reports, web pages) and ``Place: Publisher; YEAR.`` (books);
6. :func:`finish`: type, tags such as ``[abstract]`` (→ ``genre``); a text with no date, journal
   or identifier (or only a date and a few words) is refused here.

Each Reference says which layout was read in ``custom["parse-style"]`` (``ama`` for AMA and
Vancouver alike, ``apa``, ``name-year``, ``nature``).

Confidence is a number in [0, 1] per CSL variable, kept in ``custom["parse-confidence"]``:
0.95+ for values matched by an unambiguous pattern (numbers block, DOI), lower where a boundary
was guessed (an organisation author, a journal found without a numbers block).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from citekit.errors import ParseError
from citekit.formats.text import authors as au
from citekit.formats.text.numbers import APA_SOURCE_TRAILING, find_ama_numbers, month_number, parse_apa_source
from citekit.formats.text.split import MAX_CITATION
from citekit.formats.text.state import BOUNDARY as _BOUNDARY
from citekit.formats.text.state import State, Step, inverted_name, not_a_citation
from citekit.formats.text.state import date_of as _date
from citekit.formats.text.state import is_abbrev_token as _is_abbrev_token
from citekit.formats.text.state import journal_start as _journal_start
from citekit.formats.text.state import sentences as _sentences
from citekit.formats.text.state import set_authors as _set_authors
from citekit.formats.text.state import set_title as _set_title
from citekit.formats.text.tails import take_tails
from citekit.formats.text.variants import nature_core, parse_colon_source
from citekit.model import Reference
from citekit.model.extensions import Extensions

_LEADING_NUMBER = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}[.)])\s+(?=\D)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_MARKUP = re.compile(r"</?(?:i|b|u|em|strong|italic|bold|sup|sub|sc|span|font)\b[^<>]{0,60}>", re.IGNORECASE)
_TAG = re.compile(r"\s*\[(?P<tag>abstract|editorial|letter|comment|review|erratum|internet|news|meeting abstract)\]\s*", re.IGNORECASE)
_REGISTRY_ID = re.compile(r"NCT\d{8}|ISRCTN\d{8}|EudraCT\s*\d{4}-\d{6}-\d{2}|ChiCTR[\w-]+")
_VERSION = re.compile(r"^(?:V(?:ersion|er)?\.?\s*)(?P<v>\d+(?:\.\d+)*)\.?$", re.IGNORECASE)
_APA_YEAR = re.compile(r"\((?:(?:1[5-9]|20)\d\d[a-z]?(?:,[^)]*)?|n\.\s?d\.)\)")
_APA_HEAD = re.compile(
    r"^(?P<authors>.{0,3000}?)\s*\((?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z])?(?:,\s*(?P<md>[^)]{1,40}))?\)\.?\s+(?P<rest>.+)$|"
    r"^(?P<authors2>.{0,3000}?)\s*\((?P<nd>n\.\s?d\.)\)\.?\s+(?P<rest2>.+)$",
    re.DOTALL,
)


# ------------------------------------------------------------------ steps
def check_text(st: State) -> None:
    """Refuse binary or oversized input with a reason, before any pattern runs on it."""
    if len(st.text) > MAX_CITATION:
        raise not_a_citation(f"too long for a citation ({len(st.text):,} characters; the limit is {MAX_CITATION:,})")
    bad = len(_CONTROL.findall(st.text))
    if bad and bad * 20 > len(st.text):
        raise not_a_citation(f"not text: {bad} control or undecodable characters")
    st.text = _CONTROL.sub("", st.text)
    if "<" in st.text:  # HTML/JATS markup pasted with the citation ("<italic>Pediatrics</italic>")
        st.text = " ".join(_MARKUP.sub("", st.text).split())
    # a list number left on the citation ("1. ", "[1] "): split.py takes it off lists, but a
    # citation may be handed over alone
    st.text = _LEADING_NUMBER.sub("", st.text)
    letters = sum(map(str.isalpha, st.text))
    if letters < 8 or letters * 5 < len(st.text):
        raise not_a_citation("not a citation: too few letters")


def strip_tails(st: State) -> None:
    """DOI, PMID, PMCID, URL, access date and e-pub notes: take them off the text."""
    t = take_tails(st.text)
    st.text = t.core
    st.set("DOI", t.doi, 0.99)
    st.set("PMID", t.pmid, 0.99)
    st.set("PMCID", t.pmcid, 0.99)
    st.set("URL", t.url, 0.95)
    if t.accessed:
        st.set("accessed", _date(*t.accessed), 0.95)
    if t.epub:
        st.set("available-date", _date(*t.epub), 0.9)
        if t.epub_pages:
            st.pending["epub-pages"] = t.epub_pages
    if t.published:
        st.set("issued", _date(*t.published), 0.85)
    if t.notes:
        st.set("note", "; ".join(t.notes), 0.8)


def apa_core(st: State) -> None:
    """``Authors (YEAR[, Month D]). Title. Journal, VOL(ISSUE), PAGES.``"""
    if not _APA_YEAR.search(st.text):
        return  # no "(2017)" / "(n.d.)": not APA (cheap test first, the full pattern is slower)
    m = _APA_HEAD.match(st.text)
    if not m:
        return
    auth = m.group("authors") if m.group("authors") is not None else m.group("authors2")
    rest = m.group("rest") or m.group("rest2")
    auth = auth.strip().rstrip(",")
    if not auth and m.start("year" if m.group("year") else "nd") > 2:
        return
    st.style = "apa"
    title_first = False
    if not auth:
        pass  # "(2017) Title. Journal 28:1036–1041": no author printed at all
    elif au.APA_PERSON.search(auth):
        _set_authors(st, au.parse_apa(auth))
    else:
        ama = au.parse_ama(auth.rstrip("."))
        if ama.looks_like_authors and ama.parts > 0 and any("family" in n for n in ama.names):
            st.style = "name-year"  # Springer: "Rietkerk M, van de Koppel J (2008) Title. J 23:169–175"
            _set_authors(st, ama)
        elif _looks_like_title(auth):
            title_first = True
        else:
            _set_authors(st, au.parse_apa(auth))
    if m.group("year"):
        month = day = None
        season = None
        if m.group("md"):
            month, season = month_number(m.group("md"))
            dm = re.search(r"\b(\d{1,2})\b", m.group("md"))
            day = int(dm.group(1)) if dm and month else None
        date = _date(int(m.group("year")), month, day)
        if season:
            date["season"] = season
        if m.group("suffix"):
            st.set("year-suffix", m.group("suffix"), 0.9)
        st.set("issued", date, 0.97)
    rest = rest.strip()
    whole = None if title_first else parse_apa_source(rest)
    if title_first or (whole is not None and not _BOUNDARY.search(whole[0])):
        # APA without an author: the title takes the author's place, before the year
        _set_title(st, auth, 0.85)
        if "author" in st.csl and not title_first:
            del st.csl["author"], st.confidence["author"]
        _apa_source(st, rest, 0.9)
        st.done = True
        return
    cut = _source_start(rest, lambda s: parse_apa_source(s) is not None)
    trailing = False
    if cut is None:
        cut = _source_start(rest, lambda s: parse_apa_source(s, trailing=True) is not None, last=False)
        trailing = cut is not None
    colon = None
    if cut is None:
        colon = _source_start(rest, lambda s: parse_colon_source(s) is not None)
    if cut is not None:
        _set_title(st, rest[:cut], 0.95)
        _apa_source(st, rest[cut:], 0.97, trailing=trailing)
    elif colon is not None:
        source = parse_colon_source(rest[colon:])
        assert source is not None
        _set_title(st, rest[:colon], 0.85)
        st.set("container-title", source[0], 0.85)
        st.set("volume", source[1], 0.9)
        st.set("issue", source[2], 0.9)
        st.set("page", source[3], 0.9)
        st.set("type", "article-journal", 0.85)
    else:
        parts = _sentences(rest)
        _set_title(st, parts[0] if parts else rest, 0.8)
        if len(parts) > 1:
            last = " ".join(parts[1:]).rstrip(".")
            # a journal without volume (online first) names itself a journal; anything else
            # after an APA title is a publisher (doi.org's APA for a report: "... Archaeology Data Service.")
            online_first = st.style == "name-year" and "DOI" in st.csl  # Springer: "Lancet Oncol. https://doi.org/..."
            if (online_first or _JOURNAL_WORD.search(last)) and len(last.split()) <= 12:
                st.set("container-title", last, 0.6)
                st.set("type", "article-journal", 0.6)
            else:
                st.set("publisher", last, 0.6)
    st.done = True


_JOURNAL_WORD = re.compile(r"\b(?:Journal|Review|Reviews|News|Annals|Proceedings|Bulletin|Letters|Quarterly|Magazine|Acta|Archives)\b")


def _looks_like_title(text: str) -> bool:
    """A sentence in the author slot that is a title: long, or with lowercase running words."""
    words = text.rstrip(".").split()
    lower = sum(1 for w in words if w[:1].islower() and w.lower() not in _ORG_WORDS)
    return len(words) > 10 or lower >= 2


def _apa_source(st: State, text: str, confidence: float, *, trailing: bool = False) -> None:
    source = parse_apa_source(text, trailing=trailing)
    if source is None:
        return
    journal, volume, issue, pages = source
    st.set("container-title", journal, confidence - 0.04)
    st.set("volume", volume, confidence)
    st.set("issue", issue, confidence)
    st.set("page", pages, confidence)
    st.set("type", "article-journal", 0.9)
    if trailing:
        m = APA_SOURCE_TRAILING.match(text.strip())
        if m and m.group("after"):
            st.set("note", "; ".join(filter(None, [st.csl.get("note"), m.group("after").strip().rstrip(".")])), 0.6)
    if st.csl.get("issue") and "suppl" in str(issue).lower():
        st.set("supplement", re.sub(r"(?i)^suppl(?:ement)?\.?\s*", "", str(issue)) or "Suppl", 0.9)


def ama_core(st: State) -> None:
    """``Authors. Title. Journal YEAR;VOL(ISSUE):PAGES.``, or a report/web page without numbers."""
    if st.done:
        return
    text = st.text.strip()
    found = find_ama_numbers(text)
    if found is None and "available-date" in st.csl:
        _online_first(st, text)
        return
    # a numbers block is the journal's only when something precedes it on the same citation
    if found is not None and found[0].start() > 0:
        m, nums = found
        head = text[: m.start()].rstrip(" .,;")
        after = text[m.end() :].strip(" .;,")
        st.style = "ama"
        st.set("issued", _date(nums.year, nums.month, nums.day, nums.season), 0.95)
        if nums.year_suffix:
            st.set("year-suffix", nums.year_suffix, 0.8)
        st.set("volume", nums.volume, 0.95)
        st.set("issue", nums.issue, 0.95)
        st.set("page", nums.pages, 0.95)
        if nums.supplement:
            st.set("supplement", nums.supplement, 0.9)
        if after:
            st.set("note", "; ".join(filter(None, [st.csl.get("note"), after])), 0.6)
        if not (nums.volume or nums.issue or nums.pages) and _book(st, head):
            return
        _title_journal(st, head)
        return
    # no numbers block: "Author. Title. [Version.] [Publisher; Year.]"
    segments = _sentences(text.rstrip(" ."))
    rest = _take_authors(st, segments)
    if not rest and not st.csl.get("author"):
        raise not_a_citation("no author, title or date found", field="title")
    version = None
    kept = []
    for seg in rest:
        seg = _TAG.sub(" ", seg).strip()  # "Version 4.2025 [Internet]."
        if not seg or seg == ".":
            continue
        v = _VERSION.match(seg)
        if v:
            version = v.group("v")
        elif _REGISTRY_ID.fullmatch(seg.rstrip(".")):
            st.set("number", seg.rstrip("."), 0.9)  # a trial registration number (NCT04472429)
        else:
            kept.append(seg)
    if version:
        st.set("version", version, 0.9)
    if kept:
        _set_title(st, kept[0], 0.8)
        for seg in kept[1:]:
            ym = re.search(r"(?:^|[\s;,])((?:1[5-9]|20)\d\d)\.?$", seg)
            if ym and "issued" not in st.csl:
                st.set("issued", _date(int(ym.group(1))), 0.7)
                pub = seg[: ym.start()].strip(" ;,.")
                st.set("publisher", pub, 0.6)
            elif "publisher" not in st.csl:
                st.set("publisher", seg.rstrip("."), 0.5)
    elif "title" not in st.csl:
        raise not_a_citation("no title found", field="title")
    st.style = st.style or "ama"


def finish(st: State) -> None:
    """Decide the type, read tags in the title (``[abstract]`` → ``genre``)."""
    title = st.csl.get("title")
    if isinstance(title, str):
        m = _TAG.search(title)
        if m:
            tag = m.group("tag").lower()
            st.set("title", _TAG.sub(" ", title).strip(), st.confidence.get("title", 0.9))
            if tag != "internet":
                st.set("genre", tag, 0.9)
    # a publisher alone is no anchor: two sentences of prose read as "Title. Publisher."
    anchors = ("issued", "container-title", "DOI", "URL", "PMID", "PMCID", "version", "accessed", "number")
    if not any(k in st.csl for k in anchors):
        raise not_a_citation("no date, journal or identifier found", field="issued")
    bare = "author" not in st.csl and "publisher" not in st.csl and not any(k in st.csl for k in anchors[1:])
    if bare and len(st.raw.split()) <= 8:
        # "Last Revised: November 20, 2025": a date and some words, nothing else of a citation
        raise not_a_citation("no author, journal or identifier: a dated line, not a citation", field="author")
    if "type" not in st.csl:
        if st.csl.get("URL") or st.csl.get("accessed"):
            guideline = bool(st.csl.get("version")) or "guideline" in str(title).lower()
            st.set("type", "report" if guideline else "webpage", 0.7)
        elif st.csl.get("publisher"):
            st.set("type", "book", 0.5)
        else:
            st.set("type", "article", 0.4)


STEPS: tuple[Step, ...] = (check_text, strip_tails, apa_core, nature_core, ama_core, finish)


def _title_journal(st: State, head: str) -> None:
    """``Authors. Title. Journal`` (the part before the numbers) into author, title, journal."""
    segments = _sentences(head)
    rest = _take_authors(st, segments)
    if rest and len(rest) == 1 and st.pending.get("organisation-guessed") and "author" in st.csl:
        # "Table of Contents. Journal of X. 2003;..." : the "organisation" was the title
        del st.csl["author"], st.confidence["author"]
        rest = segments
    if not rest:
        raise not_a_citation("no title or journal before the date", field="title")
    if len(rest) == 1:
        # "Title. 2017;..." with no journal, or a journal with no title: call it the title
        _set_title(st, rest[0], 0.5)
        return
    jstart = _journal_start(rest)
    _set_title(st, " ".join(rest[:jstart]), 0.92)
    journal = " ".join(rest[jstart:]).rstrip(".")
    journal = _TAG.sub(" ", journal).strip()
    st.set("container-title", journal, 0.93 if jstart == len(rest) - 1 else 0.8)
    st.set("type", "article-journal", 0.9)


_PLACE_PUBLISHER = re.compile(r"^(?P<place>[A-Z][^:;.]{1,60}?)\s*:\s*(?P<publisher>[^:;]{2,120}?)\s*;?$")
_EDITION = re.compile(r"^(?P<ed>\d+(?:st|nd|rd|th)|[A-Z][a-z]+)\s+ed(?:ition)?\.?$")


def _book(st: State, head: str) -> bool:
    """``Authors. Title. 2nd ed. Place: Publisher; YEAR.``: a book. False if it is not one."""
    segments = _sentences(head)
    if len(segments) < 2:
        return False
    m = _PLACE_PUBLISHER.match(segments[-1].rstrip(" .;"))
    if not m:
        return False
    rest = _take_authors(st, segments[:-1])
    if not rest:
        return False
    edition = None
    if len(rest) > 1 and _EDITION.match(rest[-1].strip()):
        edition = _EDITION.match(rest[-1].strip()).group("ed")  # type: ignore[union-attr]
        rest = rest[:-1]
    _set_title(st, " ".join(rest), 0.85)
    st.set("edition", edition, 0.85)
    st.set("publisher-place", m.group("place").strip(), 0.85)
    st.set("publisher", m.group("publisher").strip(), 0.85)
    st.set("type", "book", 0.8)
    return True


def _online_first(st: State, text: str) -> None:
    """``Authors. Title. Journal. Published online June 26, 2009[:e36].``: the e-pub date is the date."""
    st.style = "ama"
    avail = st.csl["available-date"]
    st.set("issued", avail, 0.85)
    pages = st.pending.get("epub-pages")
    if pages:
        from citekit.formats.text.numbers import expand_pages

        st.set("page", expand_pages(pages), 0.85)
    _title_journal(st, text.strip().rstrip(" .,;:"))


# ------------------------------------------------------------------ helpers
def _source_start(rest: str, is_source: Callable[[str], bool], *, last: bool = True) -> int | None:
    """Where the APA source (``Journal, 18(4), 1–9.``) starts in ``rest``: after a title boundary.

    ``last``: the last boundary that works (the source ends the citation), else the first.
    """
    starts = [m.end() for m in _BOUNDARY.finditer(rest)]
    for s in reversed(starts) if last else starts:
        if is_source(rest[s:]):
            # extend left over dotted abbreviations ("Proc. Natl. Acad. Sci. U.S.A., 111(45)")
            idx = starts.index(s)
            while idx > 0:
                prev = rest[starts[idx - 1] : s].strip()
                if _is_abbrev_token(prev) and prev.endswith("."):
                    idx -= 1
                    s = starts[idx]
                else:
                    break
            return s
    return None


def _take_authors(st: State, segments: list[str]) -> list[str]:
    """Read the author segment off the front of ``segments`` (AMA/Vancouver); return the rest."""
    if not segments:
        return segments
    if len(segments) > 1 and len(segments[0]) == 2 and segments[0][0].isupper() and segments[0][1] == ".":
        segments = [f"{segments[0]} {segments[1]}", *segments[2:]]  # "M. Bran A, Cox S": a family name "M. Bran"
    m = _COLON_AUTHORS.match(segments[0])
    if m and au.parse_ama(m.group("authors")).looks_like_authors:
        # BioMed Central: "Lee SG, Hur JU, Kim YS: A graph-theoretic modeling ..."
        segments = [m.group("authors"), m.group("rest"), *segments[1:]]
    m = _ET_AL_OPEN.match(segments[0])
    if m and au.looks_like_ama_authors(m.group("authors")):
        # "Morris VK, Salem ME, et al Nivolumab for ...": "et al" without its period ends the list
        segments = [m.group("authors"), m.group("rest"), *segments[1:]]
    first = segments[0].rstrip(".")
    names = au.parse_ama(first)
    if names.looks_like_authors:
        _set_authors(st, names)
        return segments[1:]
    words = first.split()
    if len(segments) >= 2 and 1 <= len(words) <= 10 and all(w[:1].isupper() or w.lower() in _ORG_WORDS for w in words):
        org = au.organisation(first)
        person = inverted_name(org)  # "Nelmes, E": one person, not an organisation
        st.set("author", [person], 0.7)
        if person is org:
            st.pending["organisation-guessed"] = "1"
        return segments[1:]
    st.problems.append(("no author list found; the citation starts with its title", "author"))
    return segments


_COLON_AUTHORS = re.compile(r"^(?P<authors>[^:]{2,2000}?):\s+(?P<rest>\S.*)$")
_ET_AL_OPEN = re.compile(r"^(?P<authors>.+?,\s*et\s*al)(?!\.)\s+(?P<rest>\S.*)$")
_ORG_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "&", "de", "der", "des", "du", "la", "y"})


@dataclass
class Parsed:
    """A parsed citation: the reference (``None`` when it could not be read), style and problems."""

    reference: Reference | None
    style: str | None
    problems: list[tuple[str, str | None]]
    error: str | None = None
    error_field: str | None = None


def parse_citation(
    text: str,
    *,
    id: str | None = None,
    extra: dict[str, Any] | None = None,
    steps: Sequence[Step] = STEPS,
    learned: bool = True,
) -> Parsed:
    """Parse one citation. Never raises on bad text: ``Parsed.error`` says why it failed.

    The rule steps run first; when they read the citation with certainty (:func:`certain`: the
    document's AMA variant, an exact ``YEAR;VOL(ISSUE):PAGES`` or APA source block with a title
    and journal before it) their reading is kept. Otherwise the learned labeller (``crf.py``)
    segments the string and ``normalise.py`` turns its segments into CSL fields
    (``parse-style`` ``learned``). ``learned=False``: the rules alone, as before.

    ``extra``: CSL fields to add (``{"citation-number": 3}``), validated with the others.
    """
    st = State(raw=text, text=" ".join(text.split()))
    try:
        check_text(st)
    except ParseError as exc:
        return Parsed(None, None, st.problems, exc.message, exc.field)
    clean = st.text
    rule_error: ParseError | None = None
    try:
        for step in steps:
            if step is not check_text:
                step(st)
    except ParseError as exc:
        rule_error = exc
    if not learned or (rule_error is None and certain(st)):
        if rule_error is not None:
            return Parsed(None, st.style, st.problems, rule_error.message, rule_error.field)
        return _finish(st.csl, st.confidence, st.style, st.problems, id, extra)
    from citekit.formats.text.learned import parse_learned

    return parse_learned(clean, id=id, extra=extra, fallback=None if rule_error else st, rule_error=rule_error)


def certain(st: State) -> bool:
    """Whether the rules' reading is one they are sure of (kept over the model's)."""
    c = st.confidence
    if st.style == "ama" and "author" in st.csl and "title" in st.csl and "container-title" not in st.csl:
        # AMA/Vancouver web pages, reports and books, read whole by their own patterns:
        # an access date or URL with a version or registry number, or "Place: Publisher; YEAR"
        place = str(st.csl.get("publisher-place", ""))
        authors = st.csl["author"]
        persons = all(re.fullmatch(r"(?:[A-Z]\.[ -]?)+", str(a.get("given", ""))) for a in authors)
        if any(k in st.csl for k in ("accessed", "version", "number")) and (persons or len(authors) == 1):
            return True
        if place and not re.search(r"\d", place) and persons:
            return True
    if st.style not in ("ama", "apa", "name-year") or "author" not in st.csl or c.get("note", 1.0) < 0.7:
        return False  # (a note of low confidence holds text the rules could not place)
    if re.search(r"\d$", str(st.csl.get("container-title", ""))):
        return False  # "Nature 401, 547-548.": the volume left in the journal; the model decides
    return all(c.get(k, 0.0) >= 0.9 for k in ("title", "container-title", "issued")) and c.get("page", 0.0) >= 0.95


def _finish(
    csl: dict[str, Any],
    confidence: dict[str, float],
    style: str | None,
    problems: list[tuple[str, str | None]],
    id: str | None,
    extra: dict[str, Any] | None,
) -> Parsed:
    if id is not None:
        csl["id"] = id
    if extra:
        csl.update(extra)
    with Extensions.editing(csl) as ext:
        ext.parse.confidence = dict(confidence)
        if style:
            ext.parse.style = style
    return Parsed(Reference.model_validate(csl, by_alias=True, by_name=False), style, problems)

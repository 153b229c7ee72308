"""The numbers at the end of a journal citation: date, volume, issue and pages, in their printed variants.

AMA and Vancouver (NLM *Citing Medicine*) print ``2017;18(4):446-453`` after the journal, with
many variants seen in real lists::

    2017;18:446-453            the document's own style (no issue)
    2017 Apr;18(4):446-53      Vancouver: month, and pages with the shared digits dropped
    2015 Nov 19;5(1):16696     day of month; article number
    2024;35(Suppl 2):S1217     supplement in the issue slot
    2004, 20 (3): 381-388      BioMed Central: a comma after the year, spaces
    2014 Nov 11;111(45)        no pages
    2023;6:e2341165            e-locator

APA 7 prints ``Journal, 18(4), 446–453.`` or ``Journal, 6(11), Article e2341165.``

Pages are returned expanded (``1036-41`` → ``1036-1041``, CSL 1.0.2 "page-range-format"
minimal read backwards) with an ASCII hyphen, whatever dash was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: month names and abbreviations (English, as Citing Medicine and AMA print them) -> 1..12
MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"),
    start=1,
):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
    MONTHS[_name[:4]] = _i  # "Sept", "June", "July"
#: seasons as CSL's season numbers (1 spring .. 4 winter)
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

DASH = "\\-‐‑‒–—−"  # for use inside a character class
_DASH_RE = re.compile(rf"\s*[{DASH}]\s*")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|Spring|Summer|Autumn|Fall|Winter"
_YEAR = r"(?:1[5-9]|20)\d\d"

#: AMA / Vancouver: ``YEAR[ Mon[-Mon][ D[-D]]][;VOL][(ISSUE)][:PAGES]`` at a word boundary.
AMA_NUMBERS = re.compile(
    rf"""
    (?<![\w/.-])(?P<year>{_YEAR})(?P<suffix>[a-z])?
    (?:\s+(?P<month>(?:{_MONTH})(?:\s*[{DASH}/]\s*(?:{_MONTH}))?)
       (?:\s+(?P<day>\d{{1,2}})(?:\s*[{DASH}]\s*\d{{1,2}})?)?)?
    (?:
       \s*(?:;|,(?=\s*[\w-]+\s*(?:\([^()]*\))?\s*:))\s*(?P<volume>(?:n°\s*|[Nn]o\.\s*|[Vv]ol\.\s*)?[^\s;:()]+(?:\s+(?:Suppl|Pt|Spec)\b\.?\s*[\w.]*)?)?
       \s*(?:\((?P<issue>[^():]{{1,40}})\)?)?  # an unclosed "(4:446" still gives issue 4
       (?:\s*:\s*(?P<pages>[ivxlc]+[{DASH}][ivxlc]+|[A-Za-z]{{0,3}}\d[\w.]*(?:\s*[{DASH}]\s*[A-Za-z]{{0,3}}\d[\w.]*)?(?:\s*,\s*[A-Za-z]{{0,3}}\d+(?:\s*[{DASH}]\s*\d+)?)*))?
     | \s*:\s*(?P<pages_only>[A-Za-z]{{0,3}}\d[\w.]*(?:\s*[{DASH}]\s*[A-Za-z]{{0,3}}\d[\w.]*)?)
    )?
    (?![\w])
    """,
    re.VERBOSE,
)

#: APA: ``Journal, VOL(ISSUE), PAGES.`` (pages may be ``Article e2341165``); matched at the end.
APA_SOURCE = re.compile(
    rf"""
    ^(?P<journal>.+?),\s*
    (?P<volume>(?:n°\s*|[Nn]o\.\s*|[Vv]ol\.\s*)?[^\s,()]*[^\s,().](?:\s+(?:Suppl|Pt)\b\.?\s*\w*)?)?
    \s*(?:\((?P<issue>[^()]{{1,40}})\))?
    (?:,\s*(?:(?:Article|Art\.|Paper)\s+)?(?P<pages>(?:pp?\.\s*)?[ivxlc]+\s*[{DASH}]\s*[ivxlc]+|(?:pp?\.\s*)?[A-Za-z]{{0,3}}\d[\w.]*(?:\s*[{DASH}]\s*[A-Za-z]{{0,3}}\d[\w.]*)?))?
    \s*\.?\s*$
    """,
    re.VERBOSE,
)
#: the same, followed by more text after a full stop (``..., Article LBA2. ESMO Congress 2024``)
APA_SOURCE_TRAILING = re.compile(APA_SOURCE.pattern.replace(r"\s*\.?\s*$", r"\s*\.\s+(?P<after>.*)$"), re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Numbers:
    """The parsed numbers of a citation (strings as printed, pages expanded)."""

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    year_suffix: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    supplement: str | None = None


def expand_pages(text: str) -> str:
    """``1036-41`` → ``1036-1041``; ``S1217-8`` → ``S1217-S1218``; any dash → ``-``; lists kept."""
    parts = [p.strip() for p in text.split(",")]
    return ",".join(_expand_range(p) for p in parts if p)


def _expand_range(text: str) -> str:
    bits = _DASH_RE.split(text.strip(), maxsplit=1)
    if len(bits) != 2:
        return text.strip()
    first, last = bits[0].strip(), bits[1].strip()
    m1 = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    m2 = re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if m1 and m2 and (not m2.group(1) or m2.group(1) == m1.group(1)):
        prefix, a, b = m1.group(1), m1.group(2), m2.group(2)
        if len(b) < len(a):
            full = a[: len(a) - len(b)] + b
            if int(full) >= int(a):
                b = full
        return f"{first}-{prefix}{b}"
    return f"{first}-{last}"


def month_number(text: str | None) -> tuple[int | None, int | None]:
    """``Apr``/``April.``/``Nov-Dec`` → (month, None); ``Spring`` → (None, season); first of a range."""
    if not text:
        return None, None
    word = re.split(rf"[\s{DASH}/]", text.strip().lower().rstrip("."), maxsplit=1)[0].rstrip(".")
    if word in SEASONS:
        return None, SEASONS[word]
    return MONTHS.get(word) or MONTHS.get(word[:3]), None


def _supplement(issue: str | None, volume: str | None) -> str | None:
    for value in (issue, volume):
        if value:
            m = re.search(r"\bSuppl(?:ement)?\b\.?\s*(\w*)", value, re.IGNORECASE)
            if m:
                return m.group(1) or "Suppl"
    return None


def find_ama_numbers(text: str) -> tuple[re.Match[str], Numbers] | None:
    """The last ``year;volume(issue):pages`` group in ``text`` (a match and its values), else None.

    A group with a ``;`` (or ``:pages``) wins over a bare year, so a year inside the title
    ("... from 2010 to 2017. Lancet 2018;...") is not taken for the date.
    """
    best: re.Match[str] | None = None
    bare: re.Match[str] | None = None
    for cand in AMA_NUMBERS.finditer(text):
        if cand.group("volume") or cand.group("issue") or cand.group("pages") or cand.group("pages_only") or ";" in cand.group(0):
            best = cand
        else:
            bare = cand
    m = best or bare
    if m is None:
        return None
    month, season = month_number(m.group("month"))
    day = int(m.group("day")) if m.group("day") and month else None
    issue = m.group("issue")
    volume = m.group("volume")
    pages = m.group("pages") or m.group("pages_only")
    if pages:
        pages = pages.rstrip(".")  # the citation's full stop, not part of the locator
    if volume:
        volume = volume.strip().rstrip(".")
    if volume and not issue and not pages and _LOCATOR_ONLY.fullmatch(volume):
        volume, pages = None, volume  # "2019 Oct 17;e36." / "2000 Jul 20;107–26.": no volume, a locator
    return m, Numbers(
        year=int(m.group("year")),
        month=month,
        day=day,
        season=season,
        year_suffix=m.group("suffix"),
        volume=volume.strip() if volume else None,
        issue=issue.strip() if issue else None,
        pages=expand_pages(pages) if pages else None,
        supplement=_supplement(issue, volume),
    )


_LOCATOR_ONLY = re.compile(rf"[A-Za-z]{{1,2}}\d+|\d+\s*[{DASH}]\s*\d+")
_DATE_END = re.compile(rf"(?:{_MONTH})\s+\d{{1,2}}$")


def parse_apa_source(text: str, *, trailing: bool = False) -> tuple[str, str | None, str | None, str | None] | None:
    """``The Lancet Oncology, 18(4), 446–453.`` → (journal, volume, issue, pages), else None.

    With ``trailing``, text may follow the source after a full stop (a conference note).
    """
    m = (APA_SOURCE_TRAILING if trailing else APA_SOURCE).match(text.strip())
    if m is None or not (m.group("volume") or m.group("issue")):
        return None
    if _DATE_END.search(m.group("journal")):
        return None  # "ESMO Congress 2024, Barcelona, September 14, 2024": a date, not a volume
    volume, pages = m.group("volume"), m.group("pages")
    if volume and not m.group("issue") and not pages and _LOCATOR_ONLY.fullmatch(volume):
        # "Ciência e Natura, e36." / "Journal, 107–126.": a locator without a volume
        return m.group("journal").strip(), None, None, expand_pages(volume)
    if m.group("volume") and not re.search(r"\d", m.group("volume")):
        return None
    pages = m.group("pages")
    if pages:
        pages = re.sub(r"^pp?\.\s*", "", pages).rstrip(".")
    return (
        m.group("journal").strip(),
        m.group("volume"),
        m.group("issue"),
        expand_pages(pages) if pages else None,
    )

"""What follows the bibliographic core of a citation: DOI, PMID/PMCID, URL, access and e-pub notes.

These are taken off the citation first (wherever they sit after the title), so the core left
behind is ``Authors. Title. Journal YEAR;VOL(ISSUE):PAGES`` or its APA equivalent::

    doi:10.1016/S1470-2045(17)30104-3        https://doi.org/10.1016/...     DOI: 10.1016/...
    PMID: 28223062    PMCID: PMC5337201
    Accessed at www.nccn.org/...pdf on August 20, 2025.      (the document's own phrasing)
    Accessed August 20, 2025. https://www.nccn.org/...      (AMA 11)
    [cited 2025 Aug 20]. Available from: https://...         (Vancouver)
    Published online March 3, 2023.    Epub 2017 Feb 18.    Epub ahead of print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citekit.formats.text.numbers import MONTHS

_MONTHNAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: ``August 20, 2025`` / ``20 August 2025`` / ``2025 Aug 20`` / ``2025-08-20``
DATE = rf"(?:{_MONTHNAME}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHNAME}\s+\d{{4}}|\d{{4}}\s+{_MONTHNAME}(?:\s+\d{{1,2}})?|\d{{4}}-\d\d-\d\d|{_MONTHNAME}\s+\d{{4}})"

DOI_RE = re.compile(
    r"(?:\bdoi\s*:\s*|\bDOI\s+|(?:https?://)?(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
#: a DOI without "doi:" closing the citation (BioMed Central: "... 27-30. 10.1093/nar/28.1.27.")
BARE_DOI_END = re.compile(r"(?:^|(?<=\s))(?P<doi>10\.\d{4,9}/\S+?)\.?$")
PMID_RE = re.compile(r"\bPMID\s*:?\s*(?P<pmid>\d{1,9})\b\.?", re.IGNORECASE)
PMCID_RE = re.compile(r"\bPMCID\s*:?\s*(?P<pmcid>PMC\d+)\b\.?|\b(?P<bare>PMC\d{4,})\b\.?", re.IGNORECASE)
ACCESSED_AT = re.compile(rf"\bAccessed\s+(?:at|from)\s+(?P<url>\S+)\s+on\s+(?P<date>{DATE})\.?", re.IGNORECASE)
ACCESSED = re.compile(rf"\b(?:Accessed|Retrieved|Viewed)(?:\s+on)?\s+(?P<date>{DATE})\.?", re.IGNORECASE)
CITED = re.compile(
    rf"\[(?:(?:updated|modified)\s+(?P<updated>{DATE})\s*;\s*)?(?:cited|accessed)\s+(?P<date>{DATE})\]\.?",
    re.IGNORECASE,
)
#: AMA web pages: ``Published March 3, 2021.`` (the page's date) and ``Updated November 20, 2025.``
PUBLISHED = re.compile(rf"\b(?:Published|Posted)\s+(?P<date>{DATE})\.", re.IGNORECASE)
UPDATED = re.compile(rf"\b(?:Updated|Last updated|Revised|Modified|Reviewed)\s+(?:on\s+)?(?P<date>{DATE})\.?", re.IGNORECASE)
AVAILABLE = re.compile(r"\b(?:Available\s+(?:from|at)|Retrieved\s+from|URL)\s*:?\s*(?P<url>(?:https?://|www\.)\S+)", re.IGNORECASE)
URL_RE = re.compile(r"(?<![\w@])(?P<url>(?:https?://|www\.)[^\s<>\"]+)", re.IGNORECASE)
PUBLISHED_ONLINE = re.compile(
    rf"\b(?:Published\s+online|Epub|E-?pub\s+ahead\s+of\s+print)\s*(?P<date>{DATE}|(?:1[5-9]|20)\d\d)?(?::\s*(?P<pages>[A-Za-z]{{0,3}}\d[\w]*(?:\s*[-–]\s*[A-Za-z]{{0,3}}\d\w*)?))?\.?",
    re.IGNORECASE,
)
AHEAD = re.compile(r"\b(?:\[?Epub\s+ahead\s+of\s+print\]?|ahead\s+of\s+print|In\s+press)\.?", re.IGNORECASE)


@dataclass
class Tails:
    """Values found at the end of a citation, and the citation with them removed."""

    core: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    accessed: tuple[int, int | None, int | None] | None = None
    epub: tuple[int, int | None, int | None] | None = None
    epub_pages: str | None = None
    published: tuple[int, int | None, int | None] | None = None
    notes: list[str] = field(default_factory=list)


_SPACE_PUNCT = re.compile(r"\s+([.,;:])")


def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``August 20, 2025`` / ``20 Aug 2025`` / ``2025 Aug 20`` / ``2025-08-20`` → (2025, 8, 20)."""
    t = text.strip().rstrip(".").replace(",", " ")
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", t)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    year = month = day = None
    for tok in t.split():
        low = tok.lower().rstrip(".")
        if tok.isdigit() and len(tok) == 4:
            year = int(tok)
        elif tok.isdigit() and len(tok) <= 2:
            day = int(tok)
        elif low in MONTHS or low[:3] in MONTHS:
            month = MONTHS.get(low) or MONTHS[low[:3]]
    if year is None:
        return None
    return year, month, day if month else None


def _clean_doi(doi: str) -> str:
    doi = doi.rstrip(".,;]")
    # a closing parenthesis belongs to the DOI only when it closes one opened inside it
    while doi.endswith(")") and doi.count("(") < doi.count(")"):
        doi = doi[:-1]
    return doi.rstrip(".,;")


def _cut(text: str, m: re.Match[str]) -> str:
    return (text[: m.start()].rstrip() + " " + text[m.end() :].lstrip()).strip()


def take_tails(text: str) -> Tails:
    """Find and remove the identifier, URL, access-date and e-pub parts of ``text``."""
    out = Tails(core=text)
    t = text
    cut = False
    low = text.lower()
    # cheap substring tests first: most citations carry one or two of these tails, and the
    # regexes below are the parser's main cost (benchmarks/bench_parse.py)
    accessed = "accessed" in low or "retrieved" in low or "viewed" in low
    m = ACCESSED_AT.search(t) if accessed else None
    if m:
        out.url = m.group("url").rstrip(".,;")
        out.accessed = parse_date(m.group("date"))
        t = _cut(t, m)
        cut = True
    m = CITED.search(t) if "[" in t else None
    if m:
        out.accessed = out.accessed or parse_date(m.group("date"))
        if m.group("updated"):
            out.notes.append(f"Updated {m.group('updated')}")
        t = _cut(t, m)
        cut = True
    m = ACCESSED.search(t) if accessed else None
    if m:
        out.accessed = out.accessed or parse_date(m.group("date"))
        t = _cut(t, m)
        cut = True
    at = t.lower().find("doi") if "10." in t else -1
    # start the DOI search just before the first "doi": the pattern has no literal prefix, and
    # scanning the whole citation with it cost more than all the other tails together
    for m in list(DOI_RE.finditer(t, max(0, at - 12)))[::-1] if at >= 0 else ():
        out.doi = out.doi or _clean_doi(m.group("doi"))
        t = _cut(t, m)
        cut = True
    if out.doi is None and "10." in t:
        m = BARE_DOI_END.search(t)
        if m:
            out.doi = _clean_doi(m.group("doi"))
            t = _cut(t, m)
            cut = True
    m = PMID_RE.search(t) if "pmid" in low else None
    if m:
        out.pmid = m.group("pmid")
        t = _cut(t, m)
        cut = True
    m = PMCID_RE.search(t) if "pmc" in low else None
    if m:
        out.pmcid = (m.group("pmcid") or m.group("bare")).upper()
        t = _cut(t, m)
        cut = True
    web = "http" in low or "www." in low
    m = AVAILABLE.search(t) if web else None
    if m:
        out.url = out.url or m.group("url").rstrip(".,;")
        t = _cut(t, m)
        cut = True
    m = URL_RE.search(t) if web else None
    if m and (m.end() >= len(t.rstrip(". ")) - 1 or out.accessed):
        out.url = out.url or m.group("url").rstrip(".,;")
        t = _cut(t, m)
        cut = True
    m = PUBLISHED_ONLINE.search(t) if "pub" in low else None
    if m and m.group("date"):
        out.epub = parse_date(m.group("date"))
        out.epub_pages = m.group("pages")
        out.notes.append(m.group(0).strip().rstrip(".").split(":")[0])
        t = _cut(t, m)
        cut = True
    m = PUBLISHED.search(t) if "published" in low or "posted" in low else None
    if m:
        out.published = parse_date(m.group("date"))
        t = _cut(t, m)
        cut = True
    m = UPDATED.search(t) if "updated" in low or "revised" in low or "modified" in low or "reviewed" in low else None
    if m:
        out.notes.append(m.group(0).strip().rstrip("."))
        t = _cut(t, m)
        cut = True
    m = AHEAD.search(t) if "ahead" in low or "in press" in low else None
    if m:
        out.notes.append(m.group(0).strip(" .[]"))
        t = _cut(t, m)
        cut = True
    core = _SPACE_PUNCT.sub(r"\1", t).strip() if cut else t.strip()  # "Title . Journal" left by a cut
    bare = core.rstrip(" .;,")
    # "...:2. ; ." left by the cuts ends in one full stop
    out.core = bare + "." if len(bare) < len(core) and core[len(bare) :].strip(" ") else core
    return out

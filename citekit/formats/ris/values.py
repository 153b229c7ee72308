"""RIS value syntax ⇄ CSL values: names, dates, pages, ISSN/ISBN, DOIs, PMIDs, keywords.

Pure functions, no tables (those are in ``mapping.py``). Each ``parse_*`` turns one RIS value into
a CSL value; each ``format_*`` does the reverse, and the pair is built so that
``parse(format(x)) == x`` for everything RIS can hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# ------------------------------------------------------------------------------------------ names
#: CSL name keys a RIS name line can carry ("Family, Given, Suffix" / a literal).
NAME_KEYS_KEPT = frozenset({"family", "given", "suffix", "literal"})
#: CSL name keys folded into the text (RIS has no particle fields), reported as "info".
NAME_KEYS_FOLDED = frozenset({"non-dropping-particle", "dropping-particle"})


def parse_name(value: str) -> dict[str, str]:
    """A RIS name line as a CSL name.

    ``Family, Given, Suffix`` is the RIS form (the specification's, Zotero's, EndNote's). A value
    without a comma is a single-field name (an organisation, a consortium), kept whole as
    ``literal``, as Zotero does; MEDLINE's ``Morris VK`` is not split, because ``Cancer Research
    UK`` would be. Particles are not parsed out: ``van Gogh, Vincent`` keeps ``van Gogh`` as the
    family name, exactly as written.
    """
    value = " ".join(value.split())
    if "," not in value:
        return {"literal": value}
    family, _, rest = value.partition(",")
    given, _, suffix = rest.partition(",")
    name: dict[str, str] = {}
    if family.strip():
        name["family"] = family.strip()
    if given.strip():
        name["given"] = given.strip()
    if suffix.strip():
        name["suffix"] = suffix.strip()
    return name


def format_name(name: dict[str, Any]) -> tuple[str, list[str]]:
    """A CSL name as a RIS line, and the keys it could not carry (``"a, b"`` for a comma problem)."""
    lost = sorted(k for k in name if k not in NAME_KEYS_KEPT and k not in NAME_KEYS_FOLDED)
    family = str(name.get("family") or "").strip()
    ndp = str(name.get("non-dropping-particle") or "").strip()
    if ndp and family:
        family = ndp + ("" if ndp.endswith(("'", "’", "-")) else " ") + family
    elif ndp:
        family = ndp
    given = " ".join(
        p for p in (str(name.get("given") or "").strip(), str(name.get("dropping-particle") or "").strip()) if p
    )
    suffix = str(name.get("suffix") or "").strip()
    literal = str(name.get("literal") or "").strip()
    if not family and not given and literal:
        if "," in literal:
            lost.append("literal (contains a comma: will read back as family, given)")
        return " ".join(literal.split()), lost
    if literal:
        lost.append("literal")
    if "," in family or "," in given:
        lost.append("family/given (contains a comma: will not read back the same)")
    text = f"{family}, {given}" if given else f"{family},"
    if suffix:
        text = f"{family}, {given}, {suffix}"
    return " ".join(text.split()), lost


# ------------------------------------------------------------------------------------------ dates
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for m in names
}
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_SLASHED = re.compile(r"(-?\d{1,4})(?:/(\d{0,2})(?:/(\d{0,2})(?:/(.*))?)?)?/?\Z", re.DOTALL)
_ISO = re.compile(r"(-?\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ](.*))?\Z", re.DOTALL)
_WORDS = re.compile(r"(?:(\d{4})[ ,]+)?([A-Za-z]+)\.?(?:[ ,]+(\d{1,2}))?(?:(?:st|nd|rd|th)?[ ,]+(\d{4}))?\Z")


@dataclass
class ParsedDate:
    """A RIS date: year, month, day (each optional), season, and text that fitted nowhere."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    other: str = ""

    def date_parts(self) -> list[int]:
        """CSL date-parts for the known leading parts (``[]`` when there is no year)."""
        parts: list[int] = []
        for p in (self.year, self.month, self.day):
            if p is None:
                break
            parts.append(p)
        return parts


def _num(text: str | None) -> int | None:
    return int(text) if text else None


def parse_date(value: str) -> ParsedDate | None:
    """``YYYY``, ``YYYY/MM/DD/other`` (RIS), ``YYYY-MM-DD``, ``Apr 1``, ``2017 Apr 1``, ``Spring``.

    ``None`` when the value is none of these. The "other" part of a RIS date is a season when it
    names one; otherwise it is returned in ``other`` (Zotero writes a time of day there).
    """
    value = value.strip()
    m = _SLASHED.match(value)
    if m:
        d = ParsedDate(int(m[1]), _num(m[2]), _num(m[3]))
        other = (m[4] or "").strip()
        if other.lower() in SEASONS or other in ("1", "2", "3", "4"):
            d.season = other
        elif other:
            d.other = other
        return d if _valid(d) else None
    m = _ISO.match(value)
    if m:
        d = ParsedDate(int(m[1]), _num(m[2]), _num(m[3]), other=(m[4] or "").strip())
        return d if _valid(d) else None
    m = _WORDS.match(value)
    if m:
        word = m[2].lower()
        year = _num(m[1] or m[4])
        if word in SEASONS and not m[3]:
            return ParsedDate(year, season=m[2])
        if word in _MONTHS:
            d = ParsedDate(year, _MONTHS[word], _num(m[3]))
            return d if _valid(d, need_year=False) else None
    return None


def _valid(d: ParsedDate, need_year: bool = True) -> bool:
    if need_year and d.year is None:
        return False
    if d.day is not None and d.month is None:
        return False
    # CSL 1.0.2: months 21-24 in date-parts are the seasons (spring ... winter)
    month_ok = d.month is None or 1 <= d.month <= 12 or (21 <= d.month <= 24 and d.day is None)
    return month_ok and (d.day is None or 1 <= d.day <= 31)


def format_date(date: dict[str, Any]) -> tuple[str | None, str | None, list[str]]:
    """A CSL date as (PY value, DA value, what could not be written).

    PY holds the year alone (pandoc reads a bare number there, and the 2011 specification asks
    for four digits); DA holds ``YYYY/MM/DD/`` with the season in the last part, written only when
    it says more than PY. A ``literal`` (or an unparseable ``raw``) goes to PY as it is.
    """
    lost: list[str] = []
    parts_list = date.get("date-parts")
    season = date.get("season")
    if not parts_list and date.get("raw"):
        parsed = parse_date(str(date["raw"]))
        if parsed is None or parsed.year is None or parsed.other:
            return str(date["raw"]), None, lost
        parts_list = [parsed.date_parts()]
        season = season or parsed.season
    first = [str(p).strip() for p in parts_list[0]] if parts_list else []
    while first and first[-1] == "":
        first.pop()  # "date-parts": [["2000", "", ""]] says only the year
    if first:
        if parts_list and len(parts_list) > 1:
            lost.append("date range end (RIS holds one date)")
        if date.get("circa"):
            lost.append("circa")
        if date.get("literal"):
            lost.append("literal")
        for key in date:
            if key not in ("date-parts", "season", "circa", "literal", "raw"):
                lost.append(key)
        year = first[0]
        month = first[1] if len(first) > 1 else ""
        day = first[2] if len(first) > 2 else ""
        da = None
        if month or season:
            mm = month.zfill(2) if month.isdigit() else month
            dd = day.zfill(2) if day.isdigit() else day
            da = f"{year}/{mm}/{dd}/{season if season is not None else ''}"
        return year, da, lost
    if date.get("literal"):
        return str(date["literal"]), None, lost
    if season is not None:
        lost.append("season")
    return None, None, lost


def csl_date(parsed: ParsedDate) -> dict[str, Any]:
    """A :class:`ParsedDate` (with a year) as a CSL date object."""
    out: dict[str, Any] = {"date-parts": [parsed.date_parts()]}
    if parsed.season:
        out["season"] = parsed.season
    return out


# ------------------------------------------------------------------------------------------ pages
_RANGE = re.compile(r"\s*([^\s,;&–—-]+)\s*[-–—]+\s*([^\s,;&–—-]+)\s*\Z")


def split_pages(page: str) -> tuple[str, str | None]:
    """``"446-453"`` → (``"446"``, ``"453"``); a single page or article number → (it, None).

    Anything more complex (``"1-5, 7-9"``, ``"iii-xii, 1-30"``) stays whole in SP: RIS readers
    give it back as written.
    """
    m = _RANGE.match(page)
    if m:
        return m[1], m[2]
    return page.strip(), None


# ------------------------------------------------------------------------------------------ serials
_ISSN = re.compile(r"\d{4}-?\d{3}[\dXx]\Z")


def _isbn_like(token: str) -> bool:
    digits = re.sub(r"[\s-]", "", token)
    return bool(re.fullmatch(r"\d{9}[\dXx]", digits) or re.fullmatch(r"97[89]\d{10}", digits))


def _serial_kind(token: str) -> str | None:
    token = re.sub(r"^(?:[ep]-?)?(?:ISSN|ISBN)(?:-1[03])?[:\s]*", "", token.strip(), flags=re.IGNORECASE)
    if _ISSN.match(token):
        return "ISSN"
    if _isbn_like(token):
        return "ISBN"
    return None


def classify_serial(value: str) -> str | None:
    """``"ISSN"`` or ``"ISBN"`` when every number in ``value`` has that shape, else ``None``.

    Tolerates EndNote's annotations (``1527-7755 (Electronic)``, one per line) and lists
    (``0732-183X, 1527-7755``).
    """
    text = re.sub(r"\([^)]*\)", " ", value)
    kinds: set[str] = set()
    for chunk in re.split(r"[\n,;]", text):
        if not chunk.strip():
            continue
        kind = _serial_kind(chunk)
        if kind is None:
            parts = [_serial_kind(t) for t in chunk.split()]
            if not parts or None in parts:
                return None
            kinds.update(k for k in parts if k)
        else:
            kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


# ------------------------------------------------------------------------------------------ identifiers
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
PMID_SHAPE = re.compile(r"(?:PMID:?\s*)?(\d{1,9})\Z", re.IGNORECASE)
PMCID_SHAPE = re.compile(r"PMC\d+\Z")
#: DP/DB values that say a record's accession number (AN) is a PMID (EndNote writes "DP  - NLM").
PUBMED_SOURCES = frozenset({"nlm", "pubmed", "medline", "pubmed/medline", "medline/pubmed", "ncbi pubmed"})


def clean_doi(value: str) -> str:
    """A DOI without the ``https://doi.org/`` or ``doi:`` prefix some exporters add."""
    return _DOI_PREFIX.sub("", value.strip()).strip()


# ------------------------------------------------------------------------------------------ keywords
def split_keywords(keyword: str) -> list[str]:
    """CSL's one ``keyword`` string as RIS keywords: split on ``;`` if present, else on ``,``."""
    sep = ";" if ";" in keyword else ","
    return [k.strip() for k in keyword.replace("\n", sep).split(sep) if k.strip()]


def join_keywords(keywords: list[str]) -> str:
    """RIS keywords as CSL's one ``keyword`` string (``, `` unless a keyword holds a comma)."""
    sep = "; " if any("," in k for k in keywords) else ", "
    return sep.join(keywords)


__all__ = [
    "NAME_KEYS_FOLDED",
    "NAME_KEYS_KEPT",
    "PMCID_SHAPE",
    "PMID_SHAPE",
    "PUBMED_SOURCES",
    "SEASONS",
    "ParsedDate",
    "classify_serial",
    "clean_doi",
    "csl_date",
    "format_date",
    "format_name",
    "join_keywords",
    "parse_date",
    "parse_name",
    "split_keywords",
    "split_pages",
]

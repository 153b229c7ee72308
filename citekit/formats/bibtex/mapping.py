"""CSL ⇄ BibTeX / BibLaTeX: entry types and fields as tables, read in both directions.

The writer walks the tables from CSL to BibTeX; the reader walks the same rows back (citation-js's
translator idea, GUIDE convention 5). A row's ``bibtex`` or ``biblatex`` column is ``None`` where
that dialect has no field for the variable: the writer then reports the variable as inexpressible.

Sources: BibTeX's standard styles (Patashnik, *BibTeXing*, 1988), the biblatex manual §2.1-2.3
(entry types, fields, type aliases), and CSL 1.0.2's type and variable lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

Dialect = Literal["bibtex", "biblatex"]

#: How a field's value is encoded and decoded.
#: ``title``: text whose capitals are brace-protected; ``text``: escaped text; ``verbatim``: written
#: as is (DOI, URL: users' first complaint about exporters is ``\_`` in them); ``names``: a name
#: list; ``date``: an ISO / EDTF date; ``pages``: a page range (``-`` ⇄ ``--``); ``number``: a
#: number or short string; ``keywords``: a comma-separated list.
Kind = Literal["title", "text", "multiline", "verbatim", "names", "date", "pages", "number"]

ARTICLE_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "article", "review", "review-book", "periodical"}
)
PART_TYPES = frozenset({"chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia"})
BOOK_TYPES = frozenset(
    {
        "book",
        "chapter",
        "paper-conference",
        "thesis",
        "classic",
        "collection",
        "pamphlet",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "musical_score",
    }
)
REPORT_TYPES = frozenset(
    {
        "report",
        "standard",
        "patent",
        "legislation",
        "bill",
        "regulation",
        "legal_case",
        "treaty",
        "hearing",
        "dataset",
        "software",
    }
)


@dataclass(frozen=True)
class TypeRule:
    """One CSL type written as one BibTeX / BibLaTeX entry type.

    ``read`` names the columns the reader maps back to this CSL type (``@misc`` reads as
    ``document`` even though ``webpage`` is also written as ``@misc`` in BibTeX); ``subtype`` is a
    BibLaTeX ``entrysubtype`` that tells apart rows sharing an entry type; ``genre`` is the CSL
    ``genre`` the BibTeX entry type implies (``@phdthesis`` ⇒ ``PhD thesis``), and ``genre_match``
    picks this row over the next when the item's genre matches it.
    """

    csl: str
    bibtex: str
    biblatex: str
    read: tuple[Dialect, ...] = ("bibtex", "biblatex")
    subtype: str | None = None
    genre: str | None = None
    genre_match: str | None = None


_BLX: tuple[Dialect, ...] = ("biblatex",)
_NONE: tuple[Dialect, ...] = ()

#: CSL → entry type, in the writer's order of preference (the first matching row wins).
TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule("article-journal", "article", "article"),
    TypeRule("article-magazine", "article", "article", subtype="magazine"),
    TypeRule("article-newspaper", "article", "article", subtype="newspaper"),
    TypeRule("article", "misc", "misc", read=_NONE),
    TypeRule("review", "article", "review", read=_BLX),
    TypeRule("review-book", "article", "review", read=_NONE),
    TypeRule("paper-conference", "inproceedings", "inproceedings"),
    TypeRule("chapter", "incollection", "incollection"),
    TypeRule("book", "book", "book"),
    TypeRule("classic", "book", "book", read=_NONE),
    TypeRule("collection", "book", "collection", read=_NONE),
    TypeRule("pamphlet", "booklet", "booklet"),
    TypeRule("report", "techreport", "report"),
    TypeRule(
        "thesis",
        "mastersthesis",
        "thesis",
        read=("bibtex",),
        genre="Master's thesis",
        genre_match=r"(?i)\bmaster|\bM\.?\s?(?:A|Sc|S|Phil)\b",
    ),
    TypeRule("thesis", "phdthesis", "thesis", genre="PhD thesis"),
    TypeRule("manuscript", "unpublished", "unpublished"),
    TypeRule("webpage", "misc", "online", read=_BLX),
    TypeRule("post", "misc", "online", read=_NONE),
    TypeRule("post-weblog", "misc", "online", read=_NONE),
    TypeRule("dataset", "misc", "dataset", read=_BLX),
    TypeRule("software", "misc", "software", read=_BLX),
    TypeRule("patent", "misc", "patent", read=_BLX),
    TypeRule("periodical", "misc", "periodical", read=_BLX),
    TypeRule("entry-encyclopedia", "incollection", "inreference", read=_BLX),
    TypeRule("entry-dictionary", "incollection", "inreference", read=_NONE),
    TypeRule("entry", "incollection", "inreference", read=_NONE),
    TypeRule("standard", "misc", "standard", read=_BLX),
    TypeRule("personal_communication", "misc", "letter", read=_BLX),
    TypeRule("motion_picture", "misc", "movie", read=_BLX),
    TypeRule("broadcast", "misc", "video", read=_BLX),
    TypeRule("song", "misc", "audio", read=_BLX),
    TypeRule("musical_score", "misc", "music", read=_BLX),
    TypeRule("graphic", "misc", "artwork", read=_BLX),
    TypeRule("figure", "misc", "image", read=_BLX),
    TypeRule("performance", "misc", "performance", read=_BLX),
    TypeRule("legal_case", "misc", "jurisdiction", read=_BLX),
    TypeRule("legislation", "misc", "legislation", read=_BLX),
    TypeRule("bill", "misc", "legislation", read=_NONE),
    TypeRule("regulation", "misc", "legislation", read=_NONE),
    TypeRule("treaty", "misc", "legal", read=_BLX),
    TypeRule("document", "misc", "misc"),
    TypeRule("interview", "misc", "misc", read=_NONE),
    TypeRule("speech", "misc", "misc", read=_NONE),
    TypeRule("event", "misc", "misc", read=_NONE),
    TypeRule("hearing", "misc", "misc", read=_NONE),
    TypeRule("map", "misc", "misc", read=_NONE),
)

#: Entry types read but never written (aliases and BibLaTeX's less common types) → CSL type.
READ_ALIASES: dict[str, str] = {
    "conference": "paper-conference",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "suppperiodical": "article-journal",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "report",
    "electronic": "webpage",
    "www": "webpage",
    "commentary": "article-journal",
    "set": "document",
    "xdata": "document",
    "bibnote": "document",
}

#: BibLaTeX's localisation keys for the ``type`` field ⇄ the CSL genre they print as.
TYPE_KEYS: dict[str, str] = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software",
    "datacd": "CD-ROM",
    "audiocd": "Audio CD",
    "patent": "Patent",
}
GENRE_KEYS: dict[str, str] = {v.casefold(): k for k, v in TYPE_KEYS.items()}

#: BibLaTeX's ``pubstate`` keys ⇄ CSL ``status`` text.
PUBSTATE_KEYS: dict[str, str] = {
    "inpress": "in press",
    "forthcoming": "forthcoming",
    "submitted": "submitted",
    "inpreparation": "in preparation",
    "prepublished": "prepublished",
}
STATUS_KEYS: dict[str, str] = {v: k for k, v in PUBSTATE_KEYS.items()}

#: BibLaTeX ``eprinttype`` values read as a CSL identifier variable.
EPRINT_TYPES: dict[str, str] = {"pubmed": "PMID", "pmid": "PMID", "pmc": "PMCID", "pmcid": "PMCID"}


@cache
def type_for(csl_type: str | None, genre: str | None, dialect: Dialect) -> TypeRule:
    """The row the writer uses for a CSL type (and genre); ``document``'s row when unknown."""
    for rule in TYPE_RULES:
        if rule.csl != csl_type:
            continue
        if rule.genre_match and not (genre and re.search(rule.genre_match, genre)):
            continue
        return rule
    return next(r for r in TYPE_RULES if r.csl == "document")


@cache
def csl_type_of(entry_type: str, subtype: str | None = None) -> tuple[str, TypeRule | None] | None:
    """The CSL type (and its row) an entry type (and BibLaTeX ``entrysubtype``) reads as, else None.

    Both dialects' columns are read, so a "BibTeX" file using ``@online`` still reads well.
    """
    entry_type = entry_type.lower()
    wanted = (subtype or "").lower()
    fallback: tuple[str, TypeRule | None] | None = None
    for rule in TYPE_RULES:
        if not any(getattr(rule, col) == entry_type for col in rule.read):
            continue
        if rule.subtype is not None:
            if rule.subtype == wanted:
                return rule.csl, rule
        elif fallback is None:
            fallback = (rule.csl, rule)
    if fallback is not None:
        return fallback
    if entry_type in READ_ALIASES:
        return READ_ALIASES[entry_type], None
    return None


@dataclass(frozen=True)
class FieldRule:
    """One CSL variable ⇄ one BibTeX field and one BibLaTeX field (``None``: not expressible).

    ``types`` limits a row to some CSL types (``None``: any). ``read_only`` rows are aliases the
    reader accepts but the writer never produces; ``fallback_for`` rows write a non-CSL-1.0.2
    spelling (Zotero's ``journalAbbreviation``) only when the CSL variable itself is absent.
    """

    csl: str
    bibtex: str | None
    biblatex: str | None
    kind: Kind = "text"
    types: frozenset[str] | None = None
    read_only: bool = False
    fallback_for: str | None = None

    def field(self, dialect: Dialect) -> str | None:
        """This row's field name in ``dialect``."""
        return self.bibtex if dialect == "bibtex" else self.biblatex

    def applies(self, csl_type: str | None) -> bool:
        """True when the row is meant for items of ``csl_type``."""
        return self.types is None or (csl_type or "document") in self.types


def _r(
    csl: str,
    bibtex: str | None,
    biblatex: str | None = "",
    kind: Kind = "text",
    types: frozenset[str] | None = None,
    read_only: bool = False,
    fallback_for: str | None = None,
) -> FieldRule:
    # biblatex "" means "the same name as in BibTeX"
    return FieldRule(csl, bibtex, bibtex if biblatex == "" else biblatex, kind, types, read_only, fallback_for)


#: Every field row, in the order fields are written.
FIELD_RULES: tuple[FieldRule, ...] = (
    _r("author", "author", kind="names"),
    _r("editor", "editor", kind="names"),
    _r("translator", "translator", kind="names"),
    _r("container-author", None, "bookauthor", kind="names"),
    _r("title", "title", kind="title"),
    _r("title-short", "shorttitle", kind="title"),
    _r("shortTitle", "shorttitle", kind="title", fallback_for="title-short"),
    _r("container-title", "booktitle", kind="title", types=PART_TYPES),
    _r("container-title", "journal", "journaltitle"),
    _r("container-title", "booktitle", kind="title", read_only=True),
    _r("container-title", "journal", "journal", read_only=True),
    _r("container-title", "journaltitle", "journaltitle", read_only=True),
    _r("container-title-short", "shortjournal"),
    _r("journalAbbreviation", "shortjournal", fallback_for="container-title-short"),
    _r("collection-title", "series"),
    _r("event-title", None, "eventtitle", kind="title"),
    _r("event-place", None, "venue"),
    _r("event-date", None, "eventdate", kind="date"),
    _r("original-title", None, "origtitle", kind="title"),
    _r("original-date", None, "origdate", kind="date"),
    _r("original-publisher", None, "origpublisher"),
    _r("original-publisher-place", None, "origlocation"),
    _r("issued", "year", "date", kind="date"),
    _r("volume", "volume", kind="number"),
    _r("number-of-volumes", "volumes", kind="number"),
    _r("issue", "number", kind="number", types=ARTICLE_TYPES),
    _r("issue", "issue", kind="number", read_only=True),
    _r("number", "number", kind="number", types=REPORT_TYPES),
    _r("collection-number", "number", kind="number", types=BOOK_TYPES),
    _r("number", "number", kind="number"),
    _r("chapter-number", "chapter", kind="number"),
    _r("part", None, "part", kind="number"),
    _r("page", "pages", kind="pages"),
    _r("number-of-pages", "pagetotal", kind="number"),
    _r("edition", "edition", kind="number"),
    _r("version", "version", kind="number"),
    _r("genre", "type"),
    _r("publisher", "school", "institution", types=frozenset({"thesis"})),
    _r("publisher", "institution", types=frozenset({"report", "standard"})),
    _r("publisher", "publisher"),
    _r("publisher", "school", "school", read_only=True),
    _r("publisher", "institution", "institution", read_only=True),
    _r("publisher-place", "address", "location"),
    _r("publisher-place", "address", "address", read_only=True),
    _r("publisher-place", "location", "location", read_only=True),
    _r("status", None, "pubstate"),
    _r("DOI", "doi", kind="verbatim"),
    _r("URL", "url", kind="verbatim"),
    _r("accessed", "urldate", kind="date"),
    _r("ISBN", "isbn"),
    _r("ISSN", "issn"),
    _r("PMID", "pmid"),
    _r("PMCID", "pmcid"),
    _r("language", "language"),
    _r("keyword", "keywords"),
    _r("abstract", "abstract", kind="multiline"),
    _r("note", "note", kind="multiline"),
    _r("annote", "annote", "annotation", kind="multiline"),
    _r("annote", "annotation", "annotation", kind="multiline", read_only=True),
)

#: Fields read as part of another one (``month`` with ``year``) or as the entry's type.
STRUCTURAL_FIELDS = frozenset({"month", "entrysubtype"})

#: The CSL variables the writer handles outside the field table.
OUTSIDE_TABLE = frozenset({"id", "type", "citation-key", "custom"})


@cache
def write_rules(csl: str, csl_type: str | None, dialect: Dialect) -> tuple[FieldRule, ...]:
    """The rows that can write ``csl`` for an item of ``csl_type`` in ``dialect``, best first."""
    return tuple(
        rule
        for rule in FIELD_RULES
        if rule.csl == csl and not rule.read_only and rule.field(dialect) and rule.applies(csl_type)
    )


@cache
def read_rule(field: str, csl_type: str | None) -> FieldRule | None:
    """The row the reader uses for a BibTeX / BibLaTeX field of an item of ``csl_type``.

    Rows limited to the item's type win over generic rows; either dialect's name is accepted.
    """
    field = field.lower()
    generic: FieldRule | None = None
    for rule in FIELD_RULES:
        if rule.fallback_for or field not in (rule.bibtex, rule.biblatex):
            continue
        if rule.types is not None:
            if rule.applies(csl_type):
                return rule
            continue
        if generic is None:
            generic = rule
    return generic


#: Month macros (BibTeX's predefined strings) ⇄ month numbers.
MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def month_number(value: str) -> int | None:
    """``apr``, ``April``, ``Apr.``, ``4`` or ``04`` → 4; anything else → None."""
    text = value.strip().rstrip(".").lower()
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    if text in MONTHS:
        return MONTHS.index(text) + 1
    if text in MONTH_NAMES:
        return MONTH_NAMES.index(text) + 1
    if len(text) >= 3:
        for i, name in enumerate(MONTH_NAMES):
            if name.startswith(text):
                return i + 1
    return None

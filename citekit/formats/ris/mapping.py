"""RIS ⇄ CSL tables: reference types and fields, each one table read in both directions.

Sources: the RIS specification (Research Information Systems / RefMan, 2011 edition, and the tag
list on Wikipedia's "RIS (file format)" page), and the importers and exporters users meet in
practice: Zotero's ``RIS.js`` translator, EndNote's RIS export (PubMed-derived records carry the
PMID in ``AN`` with ``DP  - NLM``, the PMCID in ``C2``, the article number in ``C7``), Mendeley,
publishers' download buttons, and pandoc's RIS reader (``Text.Pandoc.Readers.RIS``).

**Types.** :data:`TYPES` lists ``(RIS type, CSL type)`` pairs. Reading uses every row; writing uses
the first row for each CSL type. CSL types with no RIS type of their own (``broadcast``,
``interview``, ``review``, ...) are written with the nearest RIS type in :data:`WRITE_ONLY_TYPES`
and the writer warns that the type will not read back.

**Fields.** :data:`RULES` is an ordered tuple of :class:`FieldRule`. Its order is the order in
which tags are written. For a tag and a RIS type, the rule that applies is the first rule for that
tag (or one of its read-only synonyms) whose ``types`` contain the RIS type, else the first whose
``types`` is ``None`` (see :func:`rule_for`). The same lookup decides, when writing, whether a rule
is the one that owns its tag for the record's type, so both directions always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

#: How a rule's values are read and written (see ``reader.py`` / ``writer.py``).
Kind = Literal[
    "text",  # one string; a repeated tag keeps its first value, the others are kept verbatim
    "names",  # one name per line: "Family, Given, Suffix", or an organisation as a single literal
    "year",  # PY / Y1: the publication year (older files put a whole YYYY/MM/DD/other date here)
    "date",  # DA / Y2: YYYY/MM/DD/other, or EndNote's free text ("Apr 1")
    "page-start",  # SP: the first page, a whole range, or an article number ("e2341165")
    "page-end",  # EP: the last page
    "serial",  # SN: ISSN or ISBN, told apart by shape (then by type)
    "doi",  # DO: a DOI, with any https://doi.org/ or doi: prefix removed
    "accession",  # AN: the PMID, when the record says it comes from PubMed (see reader.py)
    "pmcid",  # C2: a PMCID (PMC followed by digits); anything else is kept verbatim
    "keywords",  # KW: one keyword per line; joined into CSL's single "keyword" string
]


@dataclass(frozen=True)
class FieldRule:
    """One RIS tag ⇄ one CSL variable, optionally limited to some RIS types.

    ``synonyms`` are other tags read into the same variable (``T1`` for ``TI``); those in
    :data:`KEEP_SPELLING` are written back under the tag they were read from (remembered in
    ``custom["ris"]["tags"]``).
    """

    tag: str
    variable: str
    kind: Kind = "text"
    types: frozenset[str] | None = None
    synonyms: tuple[str, ...] = ()
    write: bool = True


def _t(*names: str) -> frozenset[str]:
    return frozenset(names)


#: RIS types whose SP holds the number of pages (EndNote's and Zotero's book and thesis layouts).
BOOKISH = _t("BOOK", "EBOOK", "EDBOOK", "CLSWK", "ANCIENT", "THES")
#: RIS types whose SN is an ISBN when its shape does not say.
ISBN_TYPES = BOOKISH | _t("CHAP", "ECHAP", "DICT", "ENCYC", "CONF", "CPAPER", "MUSIC", "SOUND", "RPRT")
#: RIS types where AU is the director (EndNote "Film or Broadcast", Zotero film).
FILM = _t("MPCT", "VIDEO")
#: RIS types where EndNote's Custom 7 is the article number.
JOURNALISH = _t("JOUR", "EJOUR", "ABST", "INPR")

#: (RIS type, CSL type); the first row for a CSL type is the one written.
TYPES: tuple[tuple[str, str], ...] = (
    ("JOUR", "article-journal"),
    ("ABST", "article-journal"),  # an abstract (meeting abstracts in a journal supplement)
    ("INPR", "article-journal"),  # in press
    ("EJOUR", "article"),  # electronic article: preprints, working papers (pandoc agrees)
    ("JFULL", "periodical"),  # a whole journal issue or volume
    ("SER", "periodical"),
    ("MGZN", "article-magazine"),
    ("NEWS", "article-newspaper"),
    ("BOOK", "book"),
    ("EBOOK", "book"),
    ("EDBOOK", "book"),
    ("CHAP", "chapter"),
    ("ECHAP", "chapter"),
    ("CLSWK", "classic"),
    ("ANCIENT", "classic"),
    ("CPAPER", "paper-conference"),  # Zotero writes CPAPER for conference papers
    ("CONF", "paper-conference"),  # conference proceeding
    ("RPRT", "report"),
    ("GOVDOC", "report"),
    ("GRANT", "report"),
    ("THES", "thesis"),
    ("ELEC", "webpage"),  # Zotero and EndNote write ELEC for web pages
    ("WEB", "webpage"),
    ("MULTI", "webpage"),
    ("BLOG", "post-weblog"),
    ("ICOMM", "post"),  # internet communication: forum and social-media posts
    ("PCOMM", "personal_communication"),
    ("DATA", "dataset"),
    ("DBASE", "dataset"),
    ("AGGR", "dataset"),
    ("COMP", "software"),
    ("PAT", "patent"),
    ("UNPB", "manuscript"),
    ("MANSCPT", "manuscript"),
    ("GEN", "document"),
    ("CTLG", "document"),
    ("DICT", "entry-dictionary"),  # EndNote's Dictionary: the title is the term
    ("ENCYC", "entry-encyclopedia"),
    ("FIGURE", "figure"),
    ("EQUA", "figure"),
    ("ART", "graphic"),
    ("CHART", "graphic"),
    ("MAP", "map"),
    ("MPCT", "motion_picture"),
    ("VIDEO", "motion_picture"),
    ("ADVS", "motion_picture"),  # audiovisual material
    ("MUSIC", "musical_score"),
    ("SOUND", "song"),  # sound recording
    ("SLIDE", "speech"),  # Zotero's "presentation"
    ("PAMP", "pamphlet"),
    ("HEAR", "hearing"),
    ("BILL", "bill"),
    ("UNBILL", "bill"),
    ("CASE", "legal_case"),
    ("STAT", "legislation"),  # statute
    ("LEGAL", "regulation"),  # legal rule or regulation
    ("STAND", "standard"),
)

#: CSL types RIS has no type for: written as the nearest RIS type, with a warning.
WRITE_ONLY_TYPES: dict[str, str] = {
    "broadcast": "MPCT",
    "collection": "GEN",
    "entry": "GEN",
    "event": "GEN",
    "interview": "PCOMM",
    "performance": "GEN",
    "review": "JOUR",
    "review-book": "JOUR",
    "treaty": "LEGAL",
}

#: The CSL type given to a record whose TY is not a RIS type.
UNKNOWN_TYPE_CSL = "document"
#: The RIS type written for a Reference whose type is missing or not a CSL type.
FALLBACK_RIS_TYPE = "GEN"

RIS_TO_CSL: dict[str, str] = {}
CSL_TO_RIS: dict[str, str] = {}
for _ris, _csl in TYPES:
    RIS_TO_CSL.setdefault(_ris, _csl)
    CSL_TO_RIS.setdefault(_csl, _ris)

#: The field table. Order = writing order (the conventional one: type, id, people, titles, date,
#: volume/issue/pages, publisher, identifiers, archive data, language, access date, keywords,
#: abstract, notes). T2 precedes J2 and SP precedes EP because pandoc keeps the first of tags it
#: reads into one variable and builds the page range from SP then EP.
RULES: tuple[FieldRule, ...] = (
    FieldRule("ID", "id"),
    FieldRule("AU", "director", "names", types=FILM, synonyms=("A1",)),
    FieldRule("AU", "author", "names", synonyms=("A1",)),
    FieldRule("A2", "editor", "names", synonyms=("ED",)),
    FieldRule("A3", "collection-editor", "names"),
    FieldRule("A4", "translator", "names"),
    FieldRule("BT", "title", types=BOOKISH, write=False),  # RefMan's BT is the title of a book
    FieldRule("TI", "title", synonyms=("T1", "CT")),
    FieldRule("ST", "title-short"),
    FieldRule("T2", "container-title", synonyms=("JF", "BT")),
    FieldRule("J2", "container-title-short", synonyms=("JO", "JA", "J1")),
    FieldRule("T3", "collection-title"),
    FieldRule("OP", "original-title"),
    FieldRule("PY", "issued", "year", synonyms=("Y1",)),
    FieldRule("DA", "issued", "date"),
    FieldRule("VL", "volume", synonyms=("VO",)),
    FieldRule("IS", "issue"),
    FieldRule("SP", "number-of-pages", types=BOOKISH),
    FieldRule("SP", "page", "page-start"),
    FieldRule("EP", "page", "page-end"),
    FieldRule("C7", "number", types=JOURNALISH),
    FieldRule("M1", "number"),
    FieldRule("SE", "section"),
    FieldRule("ET", "version", types=_t("COMP")),
    FieldRule("ET", "edition"),
    FieldRule("NV", "number-of-volumes"),
    FieldRule("M3", "genre"),
    FieldRule("PB", "publisher"),
    FieldRule("CY", "publisher-place", synonyms=("PP",)),
    FieldRule("SN", "ISSN", "serial"),  # ISSN or ISBN by shape; see values.classify_serial
    FieldRule("DO", "DOI", "doi"),
    FieldRule("UR", "URL"),
    FieldRule("AN", "PMID", "accession"),
    FieldRule("C2", "PMCID", "pmcid"),
    FieldRule("DB", "archive"),
    FieldRule("DP", "source"),
    FieldRule("AV", "archive_location"),
    FieldRule("CN", "call-number"),
    FieldRule("LA", "language"),
    FieldRule("Y2", "accessed", "date"),
    FieldRule("KW", "keyword", "keywords"),
    FieldRule("AB", "abstract", synonyms=("N2",)),
    FieldRule("N1", "note"),
    FieldRule("RN", "annote"),
)

#: Every tag of the RIS specification. Lines with these tags are recognised even when written
#: loosely ("ty - jour", "TY -JOUR"); other tags only in the canonical "XX  - " form.
KNOWN_TAGS: frozenset[str] = frozenset(
    (  # noqa: SIM905 - a table to read, not a list to scroll
        "TY ER ID A1 A2 A3 A4 AU ED AB N2 AD AN AV BT CA CN CP CT CY PP DA DB DO DP ET IS J1 J2 JA JF JO "
        "KW L1 L2 L3 L4 LA LB LK M1 M2 M3 N1 NV OP PB PY Y1 Y2 RI RN RP SE SN SP EP ST T1 T2 T3 TA TI TT "
        "UR VL VO U1 U2 U3 U4 U5 C1 C2 C3 C4 C5 C6 C7 C8"
    ).split()
)

#: Synonyms written back under the tag they were read from (exact RIS → RIS round trips). The
#: others (BT, N2, VO) are written under the canonical tag, because readers miss them: pandoc 3.9
#: ignores N2 and VO, and reads BT as container-title even in a BOOK record.
KEEP_SPELLING: frozenset[str] = frozenset({"T1", "CT", "A1", "ED", "Y1", "JF", "JO", "JA", "J1", "PP"})


@cache
def rule_for(tag: str, ris_type: str) -> FieldRule | None:
    """The rule that reads ``tag`` in a record of RIS type ``ris_type`` (``None``: an unmapped tag)."""
    general: FieldRule | None = None
    for rule in RULES:
        if tag != rule.tag and tag not in rule.synonyms:
            continue
        if rule.types is not None:
            if ris_type in rule.types:
                return rule
        elif general is None:
            general = rule
    return general


@cache
def write_rules(ris_type: str) -> tuple[FieldRule, ...]:
    """The rules the writer uses for a record of ``ris_type``: at most one per CSL variable.

    A rule is used only if it is the one :func:`rule_for` picks for its own tag and type, so what
    is written under a tag is read back into the same variable.
    """
    chosen: list[FieldRule] = []
    seen: set[tuple[str, str]] = set()
    for rule in RULES:
        if not rule.write or rule_for(rule.tag, ris_type) is not rule:
            continue
        key = (rule.variable, rule.kind if rule.kind in ("year", "date", "page-start", "page-end") else "")
        if key in seen:
            continue
        seen.add(key)
        chosen.append(rule)
    return tuple(chosen)


@cache
def canonical_tag(variable: str, kind: Kind, ris_type: str) -> str | None:
    """The tag the writer uses for ``variable`` (and ``kind``) in a record of ``ris_type``."""
    for rule in write_rules(ris_type):
        if rule.variable == variable and rule.kind == kind:
            return rule.tag
    return None


#: Tag order for writing: the table's order, then any other tag in order of first appearance.
TAG_ORDER: dict[str, int] = {}
for _rule in RULES:
    TAG_ORDER.setdefault(_rule.tag, len(TAG_ORDER))
    for _syn in _rule.synonyms:
        TAG_ORDER.setdefault(_syn, TAG_ORDER[_rule.tag])

__all__ = [
    "BOOKISH",
    "CSL_TO_RIS",
    "FALLBACK_RIS_TYPE",
    "FILM",
    "ISBN_TYPES",
    "JOURNALISH",
    "KEEP_SPELLING",
    "KNOWN_TAGS",
    "RIS_TO_CSL",
    "RULES",
    "TAG_ORDER",
    "TYPES",
    "UNKNOWN_TYPE_CSL",
    "WRITE_ONLY_TYPES",
    "FieldRule",
    "Kind",
    "canonical_tag",
    "rule_for",
    "write_rules",
]

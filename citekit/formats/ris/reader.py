"""One raw RIS record → one :class:`~citekit.model.Reference`, driven by ``mapping.RULES``.

Nothing in a record is dropped. A tag the table does not map (``AD``, ``L1``, ``M2``, a vendor's
own tag), a second value for a single-valued variable (a second ``UR``), and a value that says
less or other than the variable holds (an ``AN`` that is not a PMID, an ``EP`` without ``SP``)
are kept verbatim in ``custom["ris"]["fields"]`` (tag → list of values), which keeps the CSL-JSON
schema-valid and lets the writer put them back. ``custom["ris"]`` may also hold ``type`` (the TY
when it is not the one written for the CSL type, e.g. ``ABST`` or an unknown type), ``tags``
(CSL variable → the synonym tag it was read from, e.g. ``{"title": "T1"}``) and ``keywords``
(the exact KW list, when CSL's one keyword string cannot hold it unambiguously).

PMIDs: RIS has no PMID tag. EndNote, and the files made from its PubMed import, put the PMID in
``AN`` (accession number) with ``DP  - NLM``; other databases put their own numbers in ``AN``
(Web of Science ``WOS:…``, Scopus ``2-s2.0-…``, ProQuest's all-digit numbers). So ``AN`` becomes
``PMID`` only when it is ``PMID: 123`` or when it is a bare number and ``DP``/``DB`` name
PubMed/MEDLINE/NLM; otherwise it is kept as it is. A ``DP  - NLM`` that served only as that
evidence is not also stored as ``source`` (the writer adds it back next to the PMID).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from citekit.formats.base import Diagnostic, Severity
from citekit.formats.ris.lexer import RawField, RawRecord
from citekit.formats.ris.mapping import (
    BOOKISH,
    CSL_TO_RIS,
    ISBN_TYPES,
    KEEP_SPELLING,
    RIS_TO_CSL,
    UNKNOWN_TYPE_CSL,
    FieldRule,
    canonical_tag,
    rule_for,
)
from citekit.formats.ris.values import (
    PMCID_SHAPE,
    PMID_SHAPE,
    PUBMED_SOURCES,
    ParsedDate,
    classify_serial,
    clean_doi,
    csl_date,
    join_keywords,
    parse_date,
    parse_name,
    split_keywords,
    split_pages,
)
from citekit.model.extensions import Extensions, RisKept


class _Record:
    """The state of one record being read: the CSL item so far and what is kept verbatim."""

    def __init__(self, raw: RawRecord, ris_type: str) -> None:
        self.raw = raw
        self.ris_type = ris_type
        self.csl: dict[str, Any] = {}
        self.names: dict[str, list[dict[str, str]]] = {}
        self.kept: dict[str, list[str]] = {}
        self.tags: dict[str, str] = {}
        self.by_kind: dict[tuple[str, str], list[tuple[RawField, FieldRule]]] = {}
        self.warnings: list[Diagnostic] = []
        self.exact_keywords: list[str] | None = None
        self.label = raw.label()

    def keep(self, f: RawField) -> None:
        self.kept.setdefault(f.tag, []).append(f.value)

    def spelled(self, f: RawField, rule: FieldRule) -> None:
        if f.tag not in KEEP_SPELLING or rule.variable in self.tags:
            return
        if f.tag != canonical_tag(rule.variable, rule.kind, self.ris_type):
            self.tags[rule.variable] = f.tag

    def warn(self, message: str, f: RawField, severity: Severity = "warning") -> None:
        self.warnings.append(Diagnostic(message, item=self.label, field=f.tag, line=f.line, severity=severity))


def read_record(raw: RawRecord) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The CSL item for one record (without a generated id), and warnings about it.

    ``raw.type`` must not be ``None`` (the caller reports records without TY).
    """
    ris_type = (raw.type or "").strip().upper()
    csl_type = RIS_TO_CSL.get(ris_type)
    rec = _Record(raw, ris_type)
    if csl_type is None:
        csl_type = UNKNOWN_TYPE_CSL
        why = "empty" if not ris_type else f"{raw.type!r} is not a RIS type"
        rec.warnings.append(
            Diagnostic(
                f"TY {why}; read as CSL type {csl_type!r} (the TY is kept)",
                item=rec.label,
                field="TY",
                line=raw.type_line,
            )
        )
    rec.csl["type"] = csl_type
    # JO is the full journal name in the RIS specification and in Wiley's and ScienceDirect's files,
    # an abbreviation in others: it names the journal when no T2/JF does (pandoc reads it so too).
    full_title = rule_for("T2", ris_type)
    jo_is_full = any(f.tag == "JO" for f in raw.fields) and not any(
        f.value and rule_for(f.tag, ris_type) is full_title for f in raw.fields if f.tag != "JO"
    )
    for f in raw.fields:
        if not f.value:
            continue
        rule = full_title if f.tag == "JO" and jo_is_full else rule_for(f.tag, ris_type)
        if rule is None:
            rec.keep(f)
        elif rule.kind == "text":
            if rule.variable in rec.csl:
                rec.keep(f)
            else:
                rec.csl[rule.variable] = f.value
                rec.spelled(f, rule)
        elif rule.kind == "names":
            name = parse_name(f.value)
            if name:
                rec.names.setdefault(rule.variable, []).append(name)
                rec.spelled(f, rule)
            else:
                rec.keep(f)
                rec.warn("no name in this line; kept verbatim", f)
        else:
            rec.by_kind.setdefault((rule.kind, rule.variable), []).append((f, rule))
    rec.csl.update(rec.names)
    _dates(rec)
    _pages(rec)
    _serials(rec)
    _identifiers(rec)
    _keywords(rec)
    custom: dict[str, Any] = {}
    if ris_type != CSL_TO_RIS.get(csl_type):
        custom["type"] = ris_type if ris_type in RIS_TO_CSL else (raw.type or "").strip()
    if rec.tags:
        custom["tags"] = rec.tags
    if rec.kept:
        custom["fields"] = rec.kept
    if rec.exact_keywords is not None:
        custom["keywords"] = rec.exact_keywords
    if custom:
        with Extensions.editing(rec.csl) as ext:
            ext.flags.ris = RisKept.model_validate(custom)
    return rec.csl, rec.warnings


def _take(rec: _Record, kind: str, variable: str) -> list[tuple[RawField, FieldRule]]:
    return rec.by_kind.get((kind, variable), [])


# ------------------------------------------------------------------------------------------ dates
def _dates(rec: _Record) -> None:
    years = _take(rec, "year", "issued")
    fulls = _take(rec, "date", "issued")
    if years or fulls:
        date = read_issued(rec, years[0][0] if years else None, fulls[0][0] if fulls else None)
        if date is not None:
            rec.csl["issued"] = date
        for f, _ in years[1:] + fulls[1:]:
            rec.keep(f)
        if years:
            rec.spelled(years[0][0], years[0][1])
    for f, rule in _take(rec, "date", "accessed")[:1]:
        parsed = parse_date(f.value)
        if parsed is None or parsed.year is None:
            rec.csl["accessed"] = {"literal": f.value}
        else:
            _other_warning(rec, f, parsed)
            rec.csl["accessed"] = csl_date(parsed)
        rec.spelled(f, rule)
    for f, _ in _take(rec, "date", "accessed")[1:]:
        rec.keep(f)


def _other_warning(rec: _Record, f: RawField, parsed: ParsedDate) -> None:
    if parsed.other:
        rec.warn(f"{parsed.other!r} after the date (a time?) has no place in a CSL date; ignored", f, "info")


def read_issued(rec: _Record, py: RawField | None, da: RawField | None) -> dict[str, Any] | None:
    """The CSL ``issued`` from the PY (or Y1) and DA values.

    PY gives the year (older files: the whole date); DA the month, day and season (EndNote's free
    text "Apr 1" takes its year from PY). A DA that disagrees with PY, or adds nothing to it, is
    kept verbatim rather than merged. A PY that is not a date ("in press") is a CSL literal.
    """
    p = parse_date(py.value) if py else None
    d = parse_date(da.value) if da else None
    if py is not None and (p is None or p.year is None):
        if da is not None:
            rec.keep(da)
        return {"literal": py.value}
    if p is not None and py is not None:
        _other_warning(rec, py, p)
    if d is not None and da is not None:
        _other_warning(rec, da, d)
    if p is None:
        if d is None or d.year is None:
            if da is not None:
                rec.keep(da)
            return None
        return csl_date(d)
    if d is None:
        if da is not None:
            rec.keep(da)
        return csl_date(p)
    year = d.year if d.year is not None else p.year
    agrees = year == p.year and (p.month is None or p.month == d.month) and (p.day is None or p.day == d.day)
    if not agrees:
        assert da is not None
        rec.keep(da)
        return csl_date(p)
    merged = ParsedDate(year, d.month or p.month, d.day or p.day, d.season or p.season)
    if merged.month is None and merged.season is None:
        assert da is not None
        rec.keep(da)  # adds nothing to PY, so the writer will not write a DA: keep it as it was
    return csl_date(merged)


def reread_issued(tag: str, py: str | None, da: str | None) -> dict[str, Any] | None:
    """What :func:`read_issued` makes of a PY (or Y1) and a DA value: the writer's self-check."""
    rec = _Record(RawRecord(0, 0, "GEN"), "GEN")
    return read_issued(rec, RawField(tag, py, 0) if py else None, RawField("DA", da, 0) if da else None)


# ------------------------------------------------------------------------------------------ pages
def _pages(rec: _Record) -> None:
    starts = _take(rec, "page-start", "page")
    ends = _take(rec, "page-end", "page")
    sp = starts[0][0].value if starts else None
    if rec.ris_type in BOOKISH and ends and "number-of-pages" in rec.csl:
        sp = rec.csl.pop("number-of-pages")  # SP with EP in a book: a page range, not a page count
    ep = ends[0][0] if ends else None
    if sp is not None and ep is not None and split_pages(f"{sp}-{ep.value}") == (sp, ep.value):
        rec.csl["page"] = f"{sp}-{ep.value}"  # only when the writer will split it back the same
    elif sp is not None:
        rec.csl["page"] = sp
        if ep is not None:
            rec.keep(ep)
    elif ep is not None:
        rec.keep(ep)
        rec.warn("EP without SP: no page range; kept verbatim", ep)
    for f, _ in starts[1:] + ends[1:]:
        rec.keep(f)


# ------------------------------------------------------------------------------------------ SN
def serial_variable(value: str, ris_type: str) -> str:
    """``"ISSN"`` or ``"ISBN"`` for an SN value: by its shape, else by the record's type."""
    return classify_serial(value) or ("ISBN" if ris_type in ISBN_TYPES else "ISSN")


def _serials(rec: _Record) -> None:
    for f, _ in _take(rec, "serial", "ISSN"):
        variable = serial_variable(f.value, rec.ris_type)
        if variable in rec.csl:
            rec.keep(f)
        else:
            rec.csl[variable] = f.value


# ------------------------------------------------------------------------------------------ identifiers
def _identifiers(rec: _Record) -> None:
    for f, _ in _take(rec, "doi", "DOI"):
        if "DOI" in rec.csl:
            rec.keep(f)
        else:
            rec.csl["DOI"] = clean_doi(f.value)
    for f, _ in _take(rec, "pmcid", "PMCID"):
        value = f.value.strip()
        if "PMCID" not in rec.csl and PMCID_SHAPE.match(value):
            rec.csl["PMCID"] = value
        else:
            rec.keep(f)
    evidence = [f.value for f in rec.raw.fields if f.tag in ("DP", "DB") and f.value.strip().lower() in PUBMED_SOURCES]
    for f, _ in _take(rec, "accession", "PMID"):
        m = PMID_SHAPE.match(f.value.strip())
        explicit = f.value.strip().upper().startswith("PMID")
        if "PMID" not in rec.csl and m and (explicit or evidence):
            rec.csl["PMID"] = m[1]
        else:
            rec.keep(f)
    if "PMID" in rec.csl and evidence == ["NLM"]:
        # "DP  - NLM" beside a PMID is EndNote's (and the writer's) marker, not a CSL source
        if rec.csl.get("source") == "NLM":
            del rec.csl["source"]
        elif "NLM" in rec.kept.get("DP", []):
            rec.kept["DP"].remove("NLM")
            if not rec.kept["DP"]:
                del rec.kept["DP"]


# ------------------------------------------------------------------------------------------ keywords
def _keywords(rec: _Record) -> None:
    fields = _take(rec, "keywords", "keyword")
    kws = [k.strip() for f, _ in fields for k in f.value.split("\n") if k.strip()]
    if not kws:
        return
    joined = join_keywords(kws)
    rec.csl["keyword"] = joined
    if split_keywords(joined) != kws or any("\n" in f.value for f, _ in fields):
        rec.exact_keywords = [f.value for f, _ in fields]
    rec.spelled(fields[0][0], fields[0][1])


# ------------------------------------------------------------------------------------------ ids
_STOP = frozenset(
    ["a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "from", "by", "at", "as", "is", "are"]
)


def make_id(item: dict[str, Any], taken: set[str], number: int, counters: dict[str, int] | None = None) -> str:
    """A readable, stable id for a record without ``ID``: ``morris2017nivolumab`` (``a``/``b`` on collision).

    ``taken`` holds the ids in use (updated); ``counters`` (updated) remembers the next suffix
    per base so that thousands of records with the same base stay linear.
    """
    counters = {} if counters is None else counters

    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())

    who = ""
    for role in ("author", "editor", "director"):
        names = item.get(role)
        if names:
            first = names[0]
            who = ascii_word(first.get("family") or first.get("literal", "").split(" ")[0] or "")
            break
    year = ""
    issued = item.get("issued") or {}
    if issued.get("date-parts"):
        year = str(issued["date-parts"][0][0])
    word = ""
    for w in re.findall(r"[^\W_]+", str(item.get("title") or "")):
        if w.lower() not in _STOP:
            word = ascii_word(w)
            if word:
                break
    base = f"{who}{year}{word}" or f"ris{number}"
    key, n = base, counters.get(base, 0)
    while key in taken:
        key = base + _suffix(n)
        n += 1
    counters[base] = n
    taken.add(key)
    return key


def _suffix(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


__all__ = ["make_id", "read_issued", "read_record", "reread_issued", "serial_variable"]

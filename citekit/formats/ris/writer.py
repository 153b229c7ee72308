"""One :class:`~citekit.model.Reference` → one RIS record, driven by ``mapping.RULES``.

The writer works on the item's CSL-JSON dict and removes each key as a rule writes it; whatever
is left at the end has no place in RIS and becomes one warning per key (``DumpResult.warnings``),
so nothing is dropped silently. Changes of form that lose nothing a reader could use (particles
folded into the name, ``shortTitle`` written as ``ST``) are reported with severity ``"info"``.

Values are written as RIS readers give them back (:func:`~citekit.formats.ris.lexer.normalize_value`):
the ends of values and lines stripped. Line breaks inside a value (paragraphs of an abstract or a
note) are written, by default (``multiline="join"``), as spaces, one line per tag, with an
``"info"`` diagnostic: pandoc's RIS reader (3.9) rejects a whole file at the first line without a
tag. ``multiline="lines"`` writes them as continuation lines instead, as Zotero does, which Zotero
and citekit read back exactly; a continuation line that would look like a tag line (``AU  - x``
inside an abstract) is then indented by one space, which no RIS reader takes for a tag and
citekit's reader strips again.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from citekit.formats.base import Diagnostic, Severity
from citekit.formats.ris.lexer import normalize_value, parse_tag_line
from citekit.formats.ris.mapping import (
    BOOKISH,
    CSL_TO_RIS,
    FALLBACK_RIS_TYPE,
    FILM,
    ISBN_TYPES,
    RIS_TO_CSL,
    TAG_ORDER,
    UNKNOWN_TYPE_CSL,
    WRITE_ONLY_TYPES,
    FieldRule,
    rule_for,
    write_rules,
)
from citekit.formats.ris.reader import reread_issued, serial_variable
from citekit.formats.ris.values import (
    NAME_KEYS_FOLDED,
    PMCID_SHAPE,
    PUBMED_SOURCES,
    clean_doi,
    format_date,
    format_name,
    join_keywords,
    parse_date,
    split_keywords,
    split_pages,
)
from citekit.model import Reference

_TAG = re.compile(r"[A-Z][A-Z0-9]\Z")
_CSL_ALIASES = (("shortTitle", "title-short"), ("journalAbbreviation", "container-title-short"))


class _Out:
    """The tags of one record being written, and the warnings about it."""

    def __init__(self, label: str, multiline: Multiline) -> None:
        self.label = label
        self.multiline = multiline
        self.tags: dict[str, list[str]] = {}
        self.warnings: list[Diagnostic] = []
        self.joined: set[str] = set()

    def add(self, tag: str, value: Any, variable: str) -> None:
        """Write ``value`` under ``tag``; ``variable`` names the CSL variable in any diagnostic."""
        text = normalize_value(str(value))
        if "\n" in text and self.multiline == "join":
            text = " ".join(line for line in text.split("\n") if line)
            if variable not in self.joined:
                self.joined.add(variable)
                self.warn(
                    variable,
                    "line breaks written as spaces (multiline='lines' keeps them as continuation lines)",
                    "info",
                )
        if text:
            self.tags.setdefault(tag, []).append(text)
        else:
            self.warn(variable, "empty (only whitespace); not written", "info")

    def warn(self, variable: str, message: str, severity: Severity = "warning") -> None:
        """Report on ``variable``: one diagnostic per field, messages joined, the gravest severity kept."""
        for i, old in enumerate(self.warnings):
            if old.field == variable:
                worst: Severity = "warning" if "warning" in (old.severity, severity) else severity
                self.warnings[i] = Diagnostic(
                    f"{old.message}; {message}", item=self.label, field=variable, severity=worst
                )
                return
        self.warnings.append(Diagnostic(message, item=self.label, field=variable, severity=severity))


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


Multiline = Literal["join", "lines"]


def write_record(ref: Reference, multiline: Multiline = "join") -> tuple[list[str], list[Diagnostic]]:
    """The lines of one RIS record (``TY`` … ``ER``) and what could not be written."""
    csl = ref.to_csl()
    out = _Out(ref.label(), multiline)
    ris = _pop_custom(csl, out)
    ris_type = _type(csl, ris, out)
    for alias, variable in _CSL_ALIASES:
        if alias in csl:
            if variable not in csl:
                csl[variable] = csl.pop(alias)
                out.warn(alias, f"written as the RIS tag for {variable!r}; reads back as {variable!r}", "info")
            elif csl[alias] == csl[variable]:
                del csl[alias]
                out.warn(alias, f"same as {variable!r}; written once", "info")
    if ris_type in FILM and "author" in csl and "director" not in csl:
        # EndNote's and Zotero's films have one creator list, the director's; CSL 1.0.1 items put
        # the director under author. Better under AU, with a word, than not at all.
        csl["director"] = csl.pop("author")
        out.warn("author", f"written as AU, which in a {ris_type} record is the director: reads back as 'director'")
    found = ris.get("tags")
    spelling: dict[str, Any] = found if isinstance(found, dict) else {}
    pmid_written = False
    for rule in write_rules(ris_type):
        tag = _tag(rule, spelling, ris_type, csl)
        var = rule.variable
        if rule.kind == "text":
            if var in csl:
                value = _scalar(csl[var])
                if value is not None:
                    del csl[var]
                    out.add(tag, value, var)
        elif rule.kind == "names":
            _names(csl, var, tag, out)
        elif rule.kind == "year":
            _issued(csl, tag, out)
        elif rule.kind == "date" and var == "accessed":
            _accessed(csl, tag, out)
        elif rule.kind in ("page-start", "page-end") and ("page" in csl or "page-first" in csl):
            _pages(csl, ris_type, out)
        elif rule.kind == "serial":
            _serials(csl, ris_type, out)
        elif rule.kind == "doi" and isinstance(csl.get("DOI"), str):
            out.add(tag, clean_doi(csl.pop("DOI")), "DOI")
        elif rule.kind == "accession" and _scalar(csl.get("PMID")) is not None:
            pmid_written = _pmid(csl, tag, out)
        elif rule.kind == "pmcid" and isinstance(csl.get("PMCID"), str):
            value = csl.pop("PMCID")
            if not PMCID_SHAPE.match(value.strip()):
                out.warn("PMCID", f"{value!r} is not PMC followed by digits; reads back as a verbatim {tag}")
            out.add(tag, value, "PMCID")
        elif rule.kind == "keywords" and isinstance(csl.get("keyword"), str):
            _keywords(csl, ris, tag, out)
    if pmid_written:
        out.add("DP", "NLM", "PMID")  # after any source, so the reader takes it as evidence only
    for key in csl:
        out.warn(key, "no RIS tag for this variable; not written")
    generated = out.tags
    out.tags = {}
    _extras(ris, out)
    extras, out.tags = out.tags, generated
    return _lines(ris_type, out, extras), out.warnings


# ------------------------------------------------------------------------------------------ type, custom
def _pop_custom(csl: dict[str, Any], out: _Out) -> dict[str, Any]:
    custom = csl.pop("custom", None)
    if not isinstance(custom, dict):
        if custom is not None:
            out.warn("custom", "not an object; not written")
        return {}
    custom = dict(custom)
    ris = custom.pop("ris", None)
    if custom:
        out.warn("custom", f"no RIS tag for custom data ({', '.join(sorted(map(str, custom)))}); not written")
    return ris if isinstance(ris, dict) else {}


def _type(csl: dict[str, Any], ris: dict[str, Any], out: _Out) -> str:
    csl_type = csl.pop("type", None)
    stored = ris.get("type")
    readable = isinstance(stored, str) and re.fullmatch(r"[A-Za-z0-9]+", stored)
    if readable and RIS_TO_CSL.get(str(stored).upper(), UNKNOWN_TYPE_CSL) == csl_type:
        return str(stored)
    if isinstance(csl_type, str) and csl_type in CSL_TO_RIS:
        return CSL_TO_RIS[csl_type]
    if isinstance(csl_type, str) and csl_type in WRITE_ONLY_TYPES:
        ris_type = WRITE_ONLY_TYPES[csl_type]
        back = RIS_TO_CSL[ris_type]
        out.warn("type", f"RIS has no type for {csl_type!r}; written as {ris_type}, which reads back as {back!r}")
        return ris_type
    what = "missing" if csl_type is None else f"{csl_type!r} is not a CSL type"
    out.warn("type", f"type {what}; written as {FALLBACK_RIS_TYPE}")
    return FALLBACK_RIS_TYPE


def _tag(rule: FieldRule, spelling: dict[str, Any], ris_type: str, csl: dict[str, Any]) -> str:
    """The rule's tag, or the synonym the value was read from when that reads back the same."""
    spelled = spelling.get(rule.variable)
    if not isinstance(spelled, str) or spelled == rule.tag:
        return rule.tag
    back = rule_for(spelled, ris_type)
    if back is not None and back.variable == rule.variable and back.kind == rule.kind:
        return spelled
    if spelled == "JO" and rule.variable == "container-title":
        return spelled  # with no T2/JF beside it, the reader takes JO for the full journal name
    return rule.tag


def _extras(ris: dict[str, Any], out: _Out) -> None:
    fields = ris.get("fields")
    if not isinstance(fields, dict):
        return
    for tag, values in fields.items():
        if not isinstance(tag, str) or not _TAG.match(tag) or tag in ("TY", "ER"):
            out.warn("custom", f"custom['ris']['fields'] key {tag!r} is not a RIS tag; not written")
            continue
        for value in values if isinstance(values, list) else [values]:
            text = _scalar(value)
            if text is None:
                out.warn("custom", f"custom['ris']['fields'][{tag!r}] holds a non-text value; not written")
            else:
                out.add(tag, text, "custom")


# ------------------------------------------------------------------------------------------ names
def _names(csl: dict[str, Any], variable: str, tag: str, out: _Out) -> None:
    names = csl.get(variable)
    if not isinstance(names, list):
        return
    del csl[variable]
    lost: set[str] = set()
    folded = False
    for name in names:
        if not isinstance(name, dict):
            lost.add("a name that is not an object")
            continue
        text, why = format_name(name)
        lost.update(why)
        folded = folded or any(name.get(k) for k in NAME_KEYS_FOLDED)
        if text.strip(" ,"):
            out.add(tag, text, variable)
        else:
            lost.add("an empty name")
    if folded:
        out.warn(
            variable, "name particles written as part of the family/given name (RIS has no particle fields)", "info"
        )
    if lost:
        out.warn(variable, f"not expressible in RIS names: {', '.join(sorted(lost))}")


# ------------------------------------------------------------------------------------------ dates
def _date_key(date: Any) -> tuple[Any, ...]:
    """What a date says, in a form that compares equal across int/str parts."""
    if not isinstance(date, dict):
        return ()
    parts = date.get("date-parts") or []
    first = [int(p) if str(p).strip().lstrip("-").isdigit() else str(p).strip() for p in (parts[0] if parts else [])]
    while first and first[-1] == "":
        first.pop()
    season = date.get("season")
    return (tuple(first), None if season is None else str(season), date.get("literal"))


def _issued(csl: dict[str, Any], tag: str, out: _Out) -> None:
    date = csl.get("issued")
    if not isinstance(date, dict):
        return
    del csl["issued"]
    py, da, lost = format_date(date)
    if py is not None:
        out.add(tag, py, "issued")
    if da is not None:
        out.add("DA", da, "issued")
    if lost:
        out.warn("issued", f"not expressible in RIS dates: {', '.join(lost)}")
    # read it back as the reader will, and say so if it differs
    back = reread_issued(tag, py, da)
    expected = date if not date.get("raw") or date.get("date-parts") else None
    if expected is not None and _date_key(back) != _date_key(_single(expected)):
        out.warn("issued", f"written as {tag} {py!r} / DA {da!r}, which reads back as {back!r}")


def _single(date: dict[str, Any]) -> dict[str, Any]:
    parts = date.get("date-parts")
    out = {k: v for k, v in date.items() if k in ("season", "literal")}
    if parts:
        out["date-parts"] = parts[:1]
        out.pop("literal", None)
    return out


def _accessed(csl: dict[str, Any], tag: str, out: _Out) -> None:
    date = csl.get("accessed")
    if not isinstance(date, dict):
        return
    del csl["accessed"]
    py, da, lost = format_date(date)
    value = da or py
    if value is None:
        out.warn("accessed", "no date to write")
        return
    out.add(tag, value, "accessed")
    parsed = parse_date(value)
    if parsed is not None and parsed.other:
        lost.append(f"season {parsed.other!r} (a RIS reader takes it for a time of day and drops it)")
    if lost or parsed is None:
        out.warn("accessed", f"not expressible in RIS dates: {', '.join(lost) or 'literal ' + repr(value)}")


# ------------------------------------------------------------------------------------------ pages
def _pages(csl: dict[str, Any], ris_type: str, out: _Out) -> None:
    page = _scalar(csl.get("page"))
    first = _scalar(csl.get("page-first"))
    if page is None and first is None:
        return
    csl.pop("page", None)
    csl.pop("page-first", None)
    if page is None:
        page = first
    elif first is not None and first != split_pages(page)[0]:
        out.warn("page-first", f"{first!r} differs from the start of page {page!r}; not written")
    assert page is not None
    sp, ep = split_pages(page)
    if ris_type in BOOKISH and (ep is None or "SP" in out.tags):
        out.warn("page", f"in a {ris_type} record SP holds the number of pages; page {page!r} not written")
        return
    out.add("SP", sp, "page")
    if ep is not None:
        out.add("EP", ep, "page")


# ------------------------------------------------------------------------------------------ SN, PMID, KW
def _serials(csl: dict[str, Any], ris_type: str, out: _Out) -> None:
    order = ("ISBN", "ISSN") if ris_type in ISBN_TYPES else ("ISSN", "ISBN")
    for variable in order:
        value = _scalar(csl.get(variable))
        if value is None:
            continue
        del csl[variable]
        back = serial_variable(value, ris_type)
        if back != variable:
            out.warn(variable, f"{value!r} does not look like an {variable}; SN reads back as {back}")
        out.add("SN", value, variable)


def _pmid(csl: dict[str, Any], tag: str, out: _Out) -> bool:
    """Write the PMID in AN; True when a ``DP  - NLM`` must be added as the reader's evidence."""
    pmid = str(csl.pop("PMID")).strip()
    if not pmid.isdigit():
        out.warn("PMID", f"{pmid!r} is not a PMID (digits); written to AN, reads back as a verbatim AN")
    out.add(tag, pmid, "PMID")
    sources = [csl.get("source"), csl.get("archive")]
    evidence = [s for s in sources if isinstance(s, str) and s.strip().lower() in PUBMED_SOURCES]
    if evidence == ["NLM"] and csl.get("source") == "NLM":
        out.warn("source", "'NLM' beside a PMID is read as the PMID's marker, not as a source", "info")
    return not evidence


def _keywords(csl: dict[str, Any], ris: dict[str, Any], tag: str, out: _Out) -> None:
    keyword = csl.pop("keyword")
    found = ris.get("keywords")
    exact: list[str] = found if isinstance(found, list) and all(isinstance(k, str) for k in found) else []
    if exact and join_keywords([k.strip() for v in exact for k in v.split("\n") if k.strip()]) == keyword:
        for value in exact:
            out.add(tag, value, "keyword")
        return
    for kw in split_keywords(keyword):
        out.add(tag, kw, "keyword")


# ------------------------------------------------------------------------------------------ lines
def _lines(ris_type: str, out: _Out, extras: dict[str, list[str]]) -> list[str]:
    """The record's lines: TY, the mapped tags in table order, then the kept ones as they came.

    Kept values come last so that a reader that keeps the first value of a tag (citekit, pandoc)
    reads the mapped one first: a kept second T2 or BT must not displace the written T2.
    """
    lines = [f"TY  - {ris_type}"]
    ordered = [(tag, out.tags[tag]) for tag in sorted(out.tags, key=lambda t: TAG_ORDER.get(t, len(TAG_ORDER)))]
    for tag, values in [*ordered, *extras.items()]:
        for value in values:
            first, *rest = value.split("\n")
            lines.append(f"{tag}  - {first}")
            for line in rest:
                if parse_tag_line(line) is not None or parse_tag_line(line.lstrip("\ufeff")) is not None:
                    line = " " + line  # would read as a tag: indent it (readers strip it again)
                lines.append(line)
    lines.append("ER  - ")
    return lines


__all__ = ["Multiline", "write_record"]

"""References → BibTeX / BibLaTeX text, through bibtexparser v2's ``Library`` and writer.

Each entry's fields come from the table in :mod:`~citekit.formats.bibtex.mapping`, encoded by
kind (see :mod:`~citekit.formats.bibtex.latex`). Every CSL variable that the dialect cannot hold
is reported in ``DumpResult.warnings``, one :class:`Diagnostic` naming the entry and the
variable, never silently dropped. Fields kept from a read file (``custom["bibtex"]``) are written
back as they were, unless they could break the file or run a command, in which case they are
escaped like any other text and reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from citekit.formats.base import Diagnostic, DumpResult
from citekit.formats.batch import collector_paused
from citekit.formats.bibtex.dates import to_edtf, to_year_month
from citekit.formats.bibtex.keys import assign_keys
from citekit.formats.bibtex.langid import from_ietf, to_ietf
from citekit.formats.bibtex.latex import encode_text, escape, is_balanced, is_safe_raw, non_ascii_left
from citekit.formats.bibtex.mapping import (
    FIELD_RULES,
    GENRE_KEYS,
    MONTHS,
    OUTSIDE_TABLE,
    STATUS_KEYS,
    Dialect,
    FieldRule,
    csl_type_of,
    type_for,
    write_rules,
)
from citekit.formats.bibtex.names import encode_names
from citekit.formats.bibtex.sentencecase import SENTENCE_CASE_FIELDS, is_english
from citekit.formats.bibtex.verbatim import decode_verbatim, encode_verbatim, verbatim_changes
from citekit.model import CSLType, Date, Name, Reference

_CSL_TYPES = frozenset(t.value for t in CSLType)
_PAGE_RANGE = re.compile(r"\s*([^\s,;–—-]+)\s*(?:-{1,3}|–|—)\s*([^\s,;–—-]+)\s*")
_ORDER = {rule.csl: i for i, rule in reversed(list(enumerate(FIELD_RULES)))}


def encode_pages(value: str, ascii: bool = False) -> str:
    """``446-453`` / ``446–453`` → ``446--453``; article numbers (``e2341165``) stay as they are."""
    parts = [p for p in re.split(r"(,\s*|;\s*)", value)]
    out: list[str] = []
    for part in parts:
        m = _PAGE_RANGE.fullmatch(part)
        if m:
            out.append(f"{escape(m.group(1), ascii=ascii)}--{escape(m.group(2), ascii=ascii)}")
        else:
            out.append(escape(part, ascii=ascii))
    return "".join(out)


@dataclass
class _Entry:
    key: str
    ref: Reference
    dialect: Dialect
    ascii: bool
    protect: bool
    entry_type: str = "misc"
    fields: dict[str, str] = field(default_factory=dict)
    unbraced: set[str] = field(default_factory=set)
    #: titles will be read back in sentence case (the langid a reader sees is absent or English)
    english: bool = True
    warnings: list[Diagnostic] = field(default_factory=list)

    def warn(self, message: str, fld: str | None) -> None:
        ident = self.ref.id
        if ident is not None and str(ident) != self.key:
            message = f"{message} (id {str(ident)!r})"
        self.warnings.append(Diagnostic(message, item=self.key, field=fld))

    def put(self, name: str, value: str, csl: str, braced: bool = True) -> None:
        if name in self.fields:
            self.warn(f"BibTeX field {name!r} is already used by another variable; not written", csl)
            return
        if braced and not is_balanced(value):  # a last guard: cannot happen with the encoders above
            self.warn("value could not be encoded safely; written as escaped plain text", csl)
            value = escape(value, ascii=self.ascii)
        self.fields[name] = value
        if not braced:
            self.unbraced.add(name)


class Writer:
    """Writes one dialect; options: ``ascii`` (LaTeX escapes instead of UTF-8), ``protect``
    (brace-protect capitals in titles, default on)."""

    def __init__(self, dialect: Dialect = "bibtex", *, ascii: bool = False, protect: bool = True) -> None:
        self.dialect = dialect
        self.ascii = ascii
        self.protect = protect
        self._written: set[str] = set()

    @collector_paused()
    def write(self, refs: Sequence[Reference]) -> DumpResult:
        """The text of all entries and the warnings about what could not be written."""
        keys, notes = assign_keys(refs)
        warnings: list[Diagnostic] = [Diagnostic(msg, item=keys[i], field="citation-key") for i, msg in notes]
        library = Library()
        self._written = {str(k).casefold() for k in keys}
        for ref, key in zip(refs, keys, strict=True):
            entry = self._entry(ref, key)
            warnings.extend(entry.warnings)
            fields = [
                Field(name, value if name in entry.unbraced else "{" + value + "}")
                for name, value in entry.fields.items()
            ]
            library.add(Entry(entry.entry_type, key, fields))
        fmt = BibtexFormat()  # type: ignore[no-untyped-call]
        fmt.indent = "  "
        fmt.block_separator = "\n"
        text = write_string(library, unparse_stack=[], bibtex_format=fmt) if refs else ""
        return DumpResult(text=text, warnings=warnings, format=self.dialect)

    # ----------------------------------------------------------------- one entry

    def _entry(self, ref: Reference, key: str) -> _Entry:
        e = _Entry(key, ref, self.dialect, self.ascii, self.protect)
        data = ref.to_csl()
        custom: dict[str, Any] = data["custom"] if isinstance(data.get("custom"), dict) else {}
        bib: dict[str, Any] = custom["bibtex"] if isinstance(custom.get("bibtex"), dict) else {}
        rule = self._type(e, bib)
        if rule is not None and rule.subtype and self.dialect == "biblatex":
            e.put("entrysubtype", rule.subtype, "type")
        kept_fields: dict[str, Any] = bib["fields"] if isinstance(bib.get("fields"), dict) else {}
        kept_lang = next((str(v) for k, v in kept_fields.items() if str(k).lower() in ("langid", "hyphenation")), None)
        language = data.get("language") if isinstance(data.get("language"), str) else None
        langid = kept_lang or (from_ietf(language) if language else None)
        # the reader (and pandoc) sentence-case English titles: brace what must keep its case
        e.english = is_english(decode_verbatim(langid) if langid else None)
        others = set(bib.get("others") or [])
        if custom.get("authors-complete") is False and data.get("author"):
            # citekit's curated records mark a truncated author list this way; BibTeX says "and others"
            others.add("author")
        parent = str(kept_fields.get("crossref", "")).strip().casefold()
        # what the entry inherits from a crossref parent written alongside it stays in the parent
        inherited = set(bib.get("inherited") or []) if parent and parent in self._written else set()
        for var in sorted(data, key=lambda v: _ORDER.get(v, len(_ORDER))):
            if var in OUTSIDE_TABLE or var in inherited:
                continue
            value = data[var]
            if (
                var == "genre"
                and rule is not None
                and self.dialect == "bibtex"
                and rule.genre
                and str(value).casefold() == rule.genre.casefold()
            ):
                continue  # implied by @phdthesis / @mastersthesis
            if var == "language" and isinstance(value, str) and self._language(e, value, kept_lang):
                continue
            if var == "PMID" and isinstance(value, (str, int)) and not any(k.lower() == "eprint" for k in kept_fields):
                # BibLaTeX's own spelling (manual §3.13.7), which pandoc and biber read: no "pmid" field
                e.put("eprinttype", "pubmed", var)
                e.put("eprint", encode_verbatim(str(value)), var)
                continue
            self._variable(e, var, value, others, data)
        self._custom(e, custom, bib)
        return e

    def _type(self, e: _Entry, bib: dict[str, Any]) -> Any:
        csl_type = e.ref.type
        genre = e.ref.genre
        rule = type_for(csl_type, genre, self.dialect)
        entry_type = rule.bibtex if self.dialect == "bibtex" else rule.biblatex
        kept = bib.get("type")
        if isinstance(kept, str) and kept and re.fullmatch(r"[A-Za-z]+", kept):
            back = csl_type_of(kept)
            if (back[0] if back else "document") == (csl_type or "document"):
                e.entry_type = kept.lower()
                return None if back is None else back[1]
        e.entry_type = entry_type
        if csl_type is None:
            e.warn(f"reference has no type; written as @{entry_type}", "type")
        elif csl_type not in _CSL_TYPES:
            e.warn(f"type {csl_type!r} is not a CSL type; written as @{entry_type}", "type")
        else:
            back = csl_type_of(entry_type, rule.subtype if self.dialect == "biblatex" else None)
            if back is None or back[0] != csl_type:
                reads = back[0] if back else "document"
                e.warn(
                    f"CSL type {csl_type!r} has no {self._name()} entry type of its own; written as @{entry_type} (reads back as {reads!r})",
                    "type",
                )
        return rule

    def _language(self, e: _Entry, value: str, kept_lang: str | None) -> bool:
        """CSL ``language`` as BibLaTeX's ``langid`` (as pandoc reads it); False: write it as ``language``."""
        if kept_lang is not None:
            return to_ietf(decode_verbatim(kept_lang)) == value.strip()  # the kept langid says it
        name = from_ietf(value)
        if name is None:
            return False
        e.put("langid", name, "language")
        return True

    def _name(self) -> str:
        return "BibTeX" if self.dialect == "bibtex" else "BibLaTeX"

    def _variable(self, e: _Entry, var: str, value: Any, others: set[str], data: dict[str, Any]) -> None:
        rules = list(write_rules(var, e.ref.type, self.dialect))
        if not rules:
            other: Dialect = "biblatex" if self.dialect == "bibtex" else "bibtex"
            hint = next((r.field(other) for r in write_rules(var, e.ref.type, other)), None)
            more = f" (BibLaTeX has {hint!r})" if hint and other == "biblatex" else ""
            e.warn(f"{var!r} cannot be expressed in {self._name()}; not written{more}", var)
            return
        rule = rules[0]
        if rule.fallback_for is not None:
            if rule.fallback_for in data:
                e.warn(
                    f"{var!r} cannot be expressed in {self._name()} alongside {rule.fallback_for!r}; not written", var
                )
                return
            e.warn(f"{var!r} written as {rule.field(self.dialect)!r}; it reads back as {rule.fallback_for!r}", var)
        self._encode(e, rule, var, value, others)

    def _encode(self, e: _Entry, rule: FieldRule, var: str, value: Any, others: set[str]) -> None:
        name = rule.field(self.dialect)
        assert name is not None
        kind = rule.kind
        if kind == "names":
            names = [Name.model_validate(n) if isinstance(n, dict) else n for n in (value or [])]
            text, problems = encode_names(names, self.ascii, others=name in others)
            for p in problems:
                e.warn(p, var)
            if text:
                e.put(name, text, var)
            return
        if kind == "date":
            self._date(e, name, var, Date.model_validate(value) if isinstance(value, dict) else value)
            return
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            e.warn(f"{var!r} has a {type(value).__name__} value; not written", var)
            return
        text = str(value)
        if kind == "verbatim":
            encoded = encode_verbatim(text)
            for problem in verbatim_changes(text, encoded):
                e.warn(problem, var)
        elif kind == "pages":
            encoded = encode_pages(text, self.ascii)
        elif var == "genre" and self.dialect == "biblatex" and text.casefold() in GENRE_KEYS:
            encoded = GENRE_KEYS[text.casefold()]
        elif var == "status" and text.casefold() in STATUS_KEYS:
            encoded = STATUS_KEYS[text.casefold()]
        else:
            cased = e.english and name in SENTENCE_CASE_FIELDS
            protect = (kind == "title" or cased) and self.protect
            encoded = encode_text(text, ascii=self.ascii, protect=protect, multiline=kind == "multiline",
                                  sentence_cased=cased)
        if self.ascii and not encoded.isascii():
            e.warn(f"no LaTeX for {non_ascii_left(encoded)!r}; kept as UTF-8", var)
        if encoded:
            e.put(name, encoded, var)
        else:
            e.warn(f"{var!r} is blank; not written", var)

    def _date(self, e: _Entry, name: str, var: str, date: Date) -> None:
        if var == "issued" and self.dialect == "bibtex":
            year, month, literal, problems = to_year_month(date)
            for p in problems:
                e.warn(p, var)
            if literal is not None:
                e.put("year", encode_text(literal, ascii=self.ascii), var)
            elif year is not None:
                e.put("year", year, var)
                if month is not None:
                    e.put("month", MONTHS[month - 1], var, braced=False)
            else:
                e.warn("date has nothing BibTeX can hold; not written", var)
            return
        edtf, problems = to_edtf(date)
        for p in problems:
            e.warn(p, var)
        if edtf is not None:
            e.put(name, edtf, var)
        elif var == "issued" and (date.literal or date.raw):
            e.put("year", encode_text(date.literal or date.raw or "", ascii=self.ascii), var)
        else:
            e.warn("a literal date cannot be written in this field; not written", var)

    def _custom(self, e: _Entry, custom: dict[str, Any], bib: dict[str, Any]) -> None:
        expressed = {"bibtex", "authors-complete"} if custom.get("authors-complete") is False else {"bibtex"}
        others = [key for key in custom if key not in expressed]
        if others:  # one diagnostic for the one CSL variable, naming its keys
            listed = ", ".join(repr(k) for k in others)
            e.warn(
                f"custom {listed} {'has' if len(others) == 1 else 'have'} no {self._name()} field; not written",
                "custom",
            )
        kept = bib.get("fields")
        if not isinstance(kept, dict):
            return
        for name, raw in kept.items():
            label = f"custom.bibtex.fields.{name}"
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][\w:.+-]*", name):
                e.warn(f"{name!r} is not a valid BibTeX field name; not written", label)
                continue
            if name.lower() in e.fields:
                e.warn(
                    f"kept field {name!r} is also produced from the reference's data; the kept value is not written",
                    label,
                )
                continue
            text = str(raw)
            why = is_safe_raw(text)
            if why is not None:
                e.warn(f"kept field has {why}; written as escaped plain text", label)
                text = encode_text(text, ascii=self.ascii, multiline=True, rich=False)
            e.put(name.lower(), text, label)

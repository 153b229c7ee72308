"""BibTeX / BibLaTeX text → :class:`~citekit.model.Reference` objects, through bibtexparser v2.

bibtexparser splits the file into blocks; a plain list of its middlewares then runs
(:func:`default_steps`, replaceable or extensible, GUIDE convention 6), by default just
:class:`ExpandMacros`, which expands ``@string`` macros, ``#`` concatenations and month macros. Each entry is then mapped through the tables of
:mod:`~citekit.formats.bibtex.mapping`. Nothing raises on bad input (GUIDE convention 7):
syntax errors, duplicate keys, unknown entry types, undefined macros, unparseable names or dates
become :class:`FailedEntry` rows or warnings naming line, entry key and field.

Fields with no CSL variable are kept verbatim under ``custom["bibtex"]["fields"]`` (and written
back), so BibTeX → Reference → BibTeX loses nothing and the CSL-JSON stays schema-valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)
from pydantic import ValidationError

from citekit.formats.base import Diagnostic, FailedEntry, ParseResult
from citekit.formats.batch import collector_paused
from citekit.formats.bibtex.crossref import Inheritance, RawEntry
from citekit.formats.bibtex.dates import from_edtf, from_year_month
from citekit.formats.bibtex.keys import base_key
from citekit.formats.bibtex.langid import to_ietf
from citekit.formats.bibtex.latex import decode
from citekit.formats.bibtex.mapping import (
    EPRINT_TYPES,
    MONTH_NAMES,
    MONTHS,
    PUBSTATE_KEYS,
    TYPE_KEYS,
    Dialect,
    csl_type_of,
    read_rule,
    type_for,
)
from citekit.formats.bibtex.names import decode_name_props
from citekit.formats.bibtex.nocase import drop_redundant_nocase
from citekit.formats.bibtex.sentencecase import SENTENCE_CASE_FIELDS, is_english, sentence_case
from citekit.formats.bibtex.verbatim import decode_verbatim, verbatim_problem
from citekit.model import Reference
from citekit.model.extensions import BibtexKept, Extensions

_META = "citekit"
_PREDEFINED = {abbr: name.capitalize() for abbr, name in zip(MONTHS, MONTH_NAMES, strict=True)}


_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _expand(expr: str, macros: dict[str, str]) -> tuple[str, list[str]]:
    """A BibTeX value expression (``{a} # "b" # macro # 12``) → its text, and problems."""
    out: list[str] = []
    problems: list[str] = []
    i, n = 0, len(expr)
    while i < n:
        while i < n and expr[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        ch = expr[i]
        if ch == "{":
            # jump from brace to brace (a regex finds them), never character by character
            depth, j = 0, n
            for m in _BRACE_OR_ESCAPE.finditer(expr, i):
                c = m.group()
                if c[0] == "\\":
                    continue
                depth += 1 if c == "{" else -1
                if depth == 0:
                    j = m.start()
                    break
            out.append(expr[i + 1 : j])
            i = j + 1
        elif ch == '"':
            depth, j = 0, i + 1
            while j < n and not (expr[j] == '"' and depth == 0 and expr[j - 1] != "\\"):
                depth += expr[j] == "{"
                depth -= expr[j] == "}"
                j += 1
            out.append(expr[i + 1 : j])
            i = j + 1
        else:
            j = expr.find("#", i)
            j = n if j < 0 else j
            token = expr[i:j].strip()
            i = j
            if token.isdigit():
                out.append(token)
            elif token.lower() in macros:
                out.append(macros[token.lower()])
            elif token:
                problems.append(f"undefined macro {token!r}; kept as text")
                out.append(token)
        while i < n and expr[i] in " \t\r\n":
            i += 1
        if i < n and expr[i] == "#":
            i += 1
        elif i < n:
            problems.append(f"unexpected text {expr[i : i + 20]!r} after a value")
            out.append(expr[i:])
            break
    return "".join(out), problems


class ExpandMacros(LibraryMiddleware):
    """A bibtexparser middleware: expand ``@string`` macros (case-insensitive, in file order), ``#``
    concatenations and the predefined month macros, and strip the value delimiters.

    Problems (an undefined macro) go to the block's ``parser_metadata["citekit"]`` as
    ``(field, line, message)``; the reader turns them into warnings.
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform(self, library: Library) -> Library:
        """Expand every value of every entry (and @string) in place."""
        macros = dict(_PREDEFINED)
        for block in library.blocks:
            if isinstance(block, String):
                value, problems = _expand(block.value, macros)
                macros[block.key.lower()] = value
                block.value = value
                if problems:
                    block.parser_metadata[_META] = [(block.key, block.start_line, p) for p in problems]
                continue
            entry = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else block
            if not isinstance(entry, Entry):
                continue
            notes: list[tuple[str, int | None, str]] = []
            for fld in entry.fields:
                value, problems = _expand(fld.value, macros) if isinstance(fld.value, str) else (str(fld.value), [])
                fld.value = value
                notes.extend((fld.key, fld.start_line, p) for p in problems)
            if notes:
                entry.parser_metadata[_META] = notes
        return library


@lru_cache(maxsize=8192)
def _sentence_cased(text: str) -> str:
    """A decoded English title in sentence case, the braces the writer re-creates dropped
    (cached: booktitles, series and journal-like titles repeat in a file)."""
    return drop_redundant_nocase(sentence_case(text))


def default_steps() -> list[Any]:
    """The bibtexparser middlewares run after splitting: just macro expansion. Append your own."""
    return [ExpandMacros()]


def _line(zero_based: int | None) -> int | None:
    return None if zero_based is None else zero_based + 1


_KEY_RE = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")
_FIELD_START = re.compile(r",\s*([A-Za-z][\w:.+-]*)\s*=")
_LOOKS_LIKE_FIELDS = re.compile(r"^\s*,?\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")


def _failed_field(raw: str) -> str | None:
    """The field of a failed entry whose value never closed: the last field started at depth 1."""
    depth = 0
    last: str | None = None
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 1:
            m = _FIELD_START.match(raw, i)
            if m:
                last = m.group(1).lower()
        i += 1
    return last


@dataclass
class _Ctx:
    result: ParseResult
    dialect: Dialect
    sentence_case: bool = True


class Reader:
    """Reads BibTeX or BibLaTeX (both dialects' fields are understood either way).

    ``dialect`` only decides which entry type counts as the usual one for a CSL type (an
    unusual one, ``@inbook`` say, is kept to be written back); ``steps`` replaces
    :func:`default_steps`, the bibtexparser middlewares run after splitting. With
    ``sentence_case`` the titles of English entries are read in sentence case, braced words
    kept, as pandoc reads them (see :mod:`citekit.formats.bibtex.sentencecase`); on by default,
    since the writer braces every word whose case sentence case would change (``The {Title}``),
    so CSL → BibTeX → CSL keeps a Title Case title as it was.
    """

    def __init__(self, dialect: Dialect = "bibtex", steps: Sequence[Any] | None = None,
                 sentence_case: bool = True) -> None:
        self.dialect = dialect
        self.steps = list(steps) if steps is not None else None
        self.sentence_case = sentence_case

    @collector_paused()
    def read(self, text: str) -> ParseResult:
        """Parse ``text``; see the module docstring for what becomes a failure or a warning."""
        ctx = _Ctx(ParseResult(format=self.dialect), self.dialect, self.sentence_case)
        steps = self.steps if self.steps is not None else default_steps()
        library = parse_string(text, parse_stack=steps)
        previous_key: str | None = None
        pending: list[tuple[Entry, RawEntry]] = []  # built once crossref/xdata are resolved
        for block in library.blocks:
            line = _line(block.start_line)
            if isinstance(block, String):
                self._notes(ctx, block, block.key)
            elif isinstance(block, Entry):
                pending.append((block, self._raw(ctx, block)))
                previous_key = block.key
            elif isinstance(block, DuplicateBlockKeyBlock):
                prev = block.previous_block
                if isinstance(prev, String):
                    ctx.result.warnings.append(
                        Diagnostic(
                            f"@string {block.key!r} defined again (first at line {_line(prev.start_line)}); the later value is used from here on",
                            item=block.key,
                            line=line,
                        )
                    )
                    continue
                ctx.result.failed.append(
                    FailedEntry(
                        f"duplicate entry key {block.key!r} (first defined at line {_line(prev.start_line)}); this entry was skipped",
                        line=line,
                        item=block.key,
                        raw=block.raw or "",
                    )
                )
            elif isinstance(block, DuplicateFieldKeyBlock):
                entry = block.ignore_error_block
                if isinstance(entry, Entry):
                    pending.append((entry, self._raw(ctx, entry)))  # duplicate fields: reported there
                    previous_key = entry.key
            elif isinstance(block, ParsingFailedBlock):
                raw = block.raw or ""
                m = _KEY_RE.match(raw.lstrip())
                reason = getattr(block.error, "abort_reason", None) or str(block.error)
                ctx.result.failed.append(
                    FailedEntry(
                        f"syntax error: {reason.strip()}",
                        line=line,
                        item=(m.group(2) or None) if m else None,
                        field=_failed_field(raw),
                        raw=raw[:2000],
                    )
                )
            elif isinstance(block, Preamble):
                ctx.result.warnings.append(
                    Diagnostic("@preamble is not part of any reference; ignored", line=line, severity="info")
                )
            elif isinstance(block, ImplicitComment) and _LOOKS_LIKE_FIELDS.match(block.comment):
                ctx.result.warnings.append(
                    Diagnostic(
                        "text after the end of the entry looks like fields (an extra closing brace?); ignored",
                        item=previous_key,
                        line=line,
                    )
                )
        self._inherit(ctx, pending)
        for entry, fields in pending:
            if fields.entry_type == "xdata":
                continue  # data for other entries (biber and pandoc make no reference of it)
            self._entry(ctx, entry, fields)
        ctx.result.failed.sort(key=lambda f: f.line or 0)
        return ctx.result

    def _inherit(self, ctx: _Ctx, pending: list[tuple[Entry, RawEntry]]) -> None:
        """Resolve crossref and xdata (:mod:`.crossref`); BibLaTeX's table, or BibTeX's plain copy."""
        if not any(r.get("crossref") or r.get("xdata") or r.entry_type == "xdata" for _, r in pending):
            return

        def warn(message: str, key: str, fld: str | None, line: int | None) -> None:
            ctx.result.warnings.append(Diagnostic(message, item=key or None, field=fld, line=line))

        inheritance = Inheritance([r for _, r in pending], ctx.dialect, warn)
        for _, raw in pending:
            inheritance.resolve(raw)
        for _, raw in pending:
            xdata = raw.get("xdata")
            if xdata is not None and all(inheritance.by_key.get(k.casefold()) for k in xdata[0].strip("{} ").split(",") if k.strip()):
                # its fields are now this entry's own; the @xdata entries are not references to write back
                raw.fields = [f for f in raw.fields if f[0] != "xdata"]
            if raw.entry_type == "xdata":
                ctx.result.warnings.append(Diagnostic(
                    "@xdata entry: data for the entries that name it in their xdata field, not a reference",
                    item=raw.key, line=raw.line, severity="info"))

    def _notes(self, ctx: _Ctx, block: Any, item: str | None) -> None:
        for fld, line, message in block.parser_metadata.get(_META, []):
            ctx.result.warnings.append(Diagnostic(message, item=item, field=fld.lower(), line=_line(line)))

    def _raw(self, ctx: _Ctx, entry: Entry) -> RawEntry:
        """The entry's fields, the first value of each name (a repeated one is reported)."""
        key = entry.key.strip()
        self._notes(ctx, entry, key or None)
        warn = ctx.result.warnings
        fields: list[tuple[str, str, int | None]] = []
        seen: dict[str, int | None] = {}
        for fld in entry.fields:
            name = fld.key.strip().lower()
            if name in seen:
                warn.append(
                    Diagnostic(
                        f"field given twice (first at line {seen[name]}); the first value is kept",
                        item=key,
                        field=name,
                        line=_line(fld.start_line),
                    )
                )
                continue
            seen[name] = _line(fld.start_line)
            fields.append((name, fld.value if isinstance(fld.value, str) else str(fld.value), _line(fld.start_line)))
        return RawEntry(entry.entry_type.lower(), key, _line(entry.start_line), fields)

    def _entry(self, ctx: _Ctx, entry: Entry, raw: RawEntry) -> None:
        key, line, warn = raw.key, raw.line, ctx.result.warnings
        builder = _EntryBuilder(raw.entry_type, key, line, raw.fields, ctx.dialect, warn, ctx.sentence_case,
                                raw.inherited)
        data = builder.build()
        try:
            ref = Reference.from_csl(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            ctx.result.failed.append(
                FailedEntry(
                    err["msg"],
                    line=line,
                    item=key,
                    field=".".join(str(p) for p in err["loc"]),
                    raw=(entry.raw or "")[:2000],
                )
            )
            return
        if not key:
            generated = base_key(ref)
            warn.append(Diagnostic(f"entry has no key; using {generated!r}", line=line, field="key"))
            ref = ref.model_copy(update={"id": generated, "citation_key": generated})
        ctx.result.items.append(ref)


class _EntryBuilder:
    """One entry's fields → a CSL-JSON dict, through the field table."""

    def __init__(
        self,
        entry_type: str,
        key: str,
        line: int | None,
        fields: list[tuple[str, str, int | None]],
        dialect: Dialect,
        warnings: list[Diagnostic],
        sentence_case: bool = False,
        inherited: set[str] | None = None,
    ) -> None:
        self.entry_type = entry_type
        #: fields from a crossref parent or an @xdata entry, and the CSL variables they became
        self.inherited = inherited or set()
        self.inherited_vars: set[str] = set()
        self.sentence_case = sentence_case
        self.key = key
        self.line = line
        self.fields = fields
        self.dialect = dialect
        self.warnings = warnings
        self.data: dict[str, Any] = {"id": key, "citation-key": key}
        self.kept: dict[str, str] = {}
        self.others: list[str] = []

    def warn(self, message: str, field: str | None, line: int | None) -> None:
        self.warnings.append(Diagnostic(message, item=self.key or None, field=field, line=line or self.line))

    def build(self) -> dict[str, Any]:
        values = {name: (value, line) for name, value, line in self.fields}
        subtype = values.get("entrysubtype", ("", None))[0].strip() or None
        found = csl_type_of(self.entry_type, subtype)
        if found is None:
            csl_type, type_rule = "document", None
            self.warn(
                f"unknown entry type @{self.entry_type}; read as CSL 'document' (the type is kept for writing back)",
                "type",
                None,
            )
        else:
            csl_type, type_rule = found
        self.data["type"] = csl_type
        if self.sentence_case:
            # pandoc: langid, else hyphenation, absent or English (decoded as written: {english})
            lang = values.get("langid") or values.get("hyphenation")
            self.sentence_case = is_english(decode_verbatim(lang[0]) if lang else None)
        for name, value, line in self.fields:
            if name in ("year", "month", "date") or (
                name == "entrysubtype" and type_rule is not None and type_rule.subtype
            ):
                continue
            self._field(name, value, line, csl_type)
        self._dates(values)
        self._extras(values)
        for name in self.inherited & self.kept.keys():
            del self.kept[name]  # no CSL variable: it stays in the crossref parent
        if (
            type_rule is not None
            and type_rule.genre
            and self.entry_type == type_rule.bibtex
            and "genre" not in self.data
        ):
            self.data["genre"] = type_rule.genre
        bib: dict[str, Any] = {}
        chosen = type_for(csl_type, self.data.get("genre"), self.dialect)
        if self.entry_type != (chosen.bibtex if self.dialect == "bibtex" else chosen.biblatex):
            bib["type"] = self.entry_type
        if self.kept:
            bib["fields"] = self.kept
        if self.others:
            bib["others"] = self.others
        if self.inherited_vars:
            bib["inherited"] = sorted(self.inherited_vars)
        with Extensions.editing(self.data) as ext:
            if bib:
                ext.flags.bibtex = BibtexKept.model_validate(bib)
            if "author" in self.others:
                # "and others": the author list is truncated (citekit's flag, read by checkers and writers)
                ext.authors_complete = False
        return self.data

    def _field(self, name: str, value: str, line: int | None, csl_type: str) -> None:
        rule = read_rule(name, csl_type)
        if rule is None or rule.csl in self.data or not value.strip():
            self.kept[name] = value  # (an inherited one is dropped after _extras: it stays in its parent)
            return
        if name in self.inherited:
            self.inherited_vars.add(rule.csl)
        problem: str | None = None
        decoded: Any
        if rule.kind == "names":
            names, others, name_problems = decode_name_props(value)
            for p in name_problems:
                self.warn(p, name, line)
            if others:
                self.others.append(name)
            if not names:
                self.kept[name] = value
                return
            decoded = names
        elif rule.kind == "verbatim":
            decoded = decode_verbatim(value)
            problem = verbatim_problem(value, decoded)
        elif rule.kind == "date":
            text = decode_verbatim(value)
            date = from_edtf(text)
            if date is None:
                self.warn(f"{text!r} is not a date; kept as an unknown field", name, line)
                self.kept[name] = value
                return
            decoded = date.to_csl()
        elif rule.kind == "pages":
            text, problem = decode(value, rich=False)
            decoded = re.sub(r"\s*(?:–|—|--+)\s*", "-", text)
        else:
            to_sentence = self.sentence_case and name in SENTENCE_CASE_FIELDS
            decoded, problem = decode(
                value, rich=rule.kind != "number", protect=rule.kind == "title" or to_sentence,
                multiline=rule.kind == "multiline", keep_groups=to_sentence,
            )
            if to_sentence:
                decoded = _sentence_cased(decoded)
            if rule.csl == "genre" and decoded.lower() in TYPE_KEYS:
                decoded = TYPE_KEYS[decoded.lower()]
            elif rule.csl == "status" and decoded.lower() in PUBSTATE_KEYS:
                decoded = PUBSTATE_KEYS[decoded.lower()]
        if problem:
            self.warn(problem, name, line)
        if decoded in ("", []):
            self.kept[name] = value
            return
        self.data[rule.csl] = decoded

    def _extras(self, values: dict[str, tuple[str, int | None]]) -> None:
        """Fields CSL holds elsewhere: a BibLaTeX subtitle joins the title (as CSL and pandoc have
        it); ``eprint`` with ``eprinttype = pubmed`` is the PMID; ``howpublished = {\\url{…}}``
        is the URL. Each is taken only when the CSL variable is still free."""
        kept = self.kept
        if "subtitle" in kept and isinstance(self.data.get("title"), str):
            sub, problem = decode(kept.pop("subtitle"), protect=True, keep_groups=self.sentence_case)
            if self.sentence_case:
                sub = _sentence_cased(sub)
            title = self.data["title"]
            self.data["title"] = f"{title} {sub}" if title.endswith((":", "?", "!", ".")) else f"{title}: {sub}"
            if problem:
                self.warn(problem, "subtitle", values["subtitle"][1])
        for sub_field, var in (("booksubtitle", "container-title"), ("journalsubtitle", "container-title")):
            if sub_field in kept and isinstance(self.data.get(var), str):
                cased = self.sentence_case and sub_field in SENTENCE_CASE_FIELDS
                sub, problem = decode(kept.pop(sub_field), protect=cased, keep_groups=cased)
                if cased:
                    sub = _sentence_cased(sub)
                head = self.data[var]
                self.data[var] = f"{head} {sub}" if head.endswith((":", "?", "!", ".")) else f"{head}: {sub}"
                if problem:
                    self.warn(problem, sub_field, values[sub_field][1])
        eprint_type = decode_verbatim(kept.get("eprinttype", "")).lower()
        target = EPRINT_TYPES.get(eprint_type)
        if target and "eprint" in kept and target not in self.data:
            self.data[target] = decode_verbatim(kept.pop("eprint"))
            kept.pop("eprinttype")
        lang = kept.get("langid") or kept.get("hyphenation")
        if lang and "language" not in self.data:
            # pandoc reads langid = {ngerman} as language de-DE; the field itself is kept as written
            self.data["language"] = to_ietf(decode_verbatim(lang))
        how = kept.get("howpublished", "")
        m = re.fullmatch(r"\s*\\url\s*\{([^{}]*)\}\s*", how)
        if m and "URL" not in self.data:
            self.data["URL"] = decode_verbatim(m.group(1))
            kept.pop("howpublished")

    def _dates(self, values: dict[str, tuple[str, int | None]]) -> None:
        year = values.get("year")
        month = values.get("month")
        date = values.get("date")
        if (date is not None and "date" in self.inherited) or (date is None and "year" in self.inherited):
            self.inherited_vars.add("issued")
        if date is not None:
            text = decode_verbatim(date[0])
            parsed = from_edtf(text)
            if parsed is not None:
                self.data["issued"] = parsed.to_csl()
                for name, item in (("year", year), ("month", month)):
                    if item is not None:
                        self.kept[name] = item[0]
                return
            self.warn(f"{text!r} is not an ISO / EDTF date; kept as an unknown field", "date", date[1])
            self.kept["date"] = date[0]
        if year is None and month is None:
            return
        year_text = decode(year[0], rich=False)[0] if year else None
        month_text = decode(month[0], rich=False)[0] if month else None
        issued, month_used, problems = from_year_month(year_text, month_text)
        for p in problems:
            self.warn(p, "month" if "month" in p else "year", (month or year or ("", None))[1])
        if issued is not None:
            self.data["issued"] = issued.to_csl()
        elif year is not None:
            self.kept["year"] = year[0]
        if month is not None and not month_used:
            self.kept["month"] = month[0]


__all__ = ["ExpandMacros", "Reader", "default_steps"]

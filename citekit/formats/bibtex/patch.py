"""Adding fields to BibTeX / BibLaTeX entries in place, every other byte of the file kept.

The file is never re-serialised, so a diff of it shows only the added lines. Entries are located
by the same parser that reads them (bibtexparser's blocks: their start line and raw text), not by
a second scanner; the new ``field = {value},`` lines go after the entry's last field's comma,
else right after the ``@type{key,`` line when the fields start on the next line, else after the
last value with a comma added; in the entry's own indent and line ending; a one-line entry stays
on one line. Nothing is ever removed or changed: the patched file differs
from the original only by insertions (tests/formats/test_bibtex_inplace.py checks this on 400
real files). Keys, field order, comments, ``@comment``/``@string``/``@preamble`` blocks and
formatting are untouched; a field the entry already has is never overwritten, and an entry the
parser could not read is left alone. In BibLaTeX, a PMID is ``eprinttype = {pubmed}`` with
``eprint`` (biblatex manual §3.13.7), unless the entry already has an ``eprint``.

Callers speak CSL (:func:`add_variables`: ``{"gtex2017": {"DOI": "10.1038/…", "page": "204-213"}}``);
the field names and value encodings come from this package's tables (:mod:`.mapping`,
:mod:`.names`, :func:`.writer.encode_pages`), so no BibTeX knowledge lives outside
``citekit.formats.bibtex``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry

from citekit.formats.bibtex.latex import escape
from citekit.formats.bibtex.mapping import Dialect, write_rules
from citekit.formats.bibtex.names import encode_names
from citekit.formats.bibtex.verbatim import encode_verbatim
from citekit.formats.bibtex.writer import encode_pages
from citekit.model import Name


@dataclass
class Patched:
    """The patched text, and what could not be added (``(key, CSL variable, reason)``)."""

    text: str
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


def field_name(variable: str, csl_type: str | None, dialect: Dialect = "bibtex") -> str | None:
    """The field that holds CSL ``variable`` for an item of ``csl_type`` (``issue`` → ``number``)."""
    rules = write_rules(variable, csl_type, dialect)
    return rules[0].field(dialect) if rules else None


def encode_value(variable: str, value: Any, csl_type: str | None = None, dialect: Dialect = "bibtex") -> str:
    """A CSL value as the text between a field's braces (names ``and``-joined, page ranges ``--``)."""
    rules = write_rules(variable, csl_type, dialect)
    kind = rules[0].kind if rules else "text"
    if kind == "names":
        names = [v if isinstance(v, Name) else Name.model_validate(v) for v in value]
        return encode_names(names)[0]
    if kind == "pages":
        return encode_pages(str(value))
    if kind == "verbatim":
        return encode_verbatim(str(value))
    return escape(str(value))


def _entries(text: str) -> dict[str, tuple[int, int]]:
    """Entry key → (start, end) offsets of its raw text (``@`` to the closing brace) in ``text``."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    spans: dict[str, tuple[int, int]] = {}
    for block in parse_string(text).blocks:
        line, raw = block.start_line, block.raw
        if not isinstance(block, Entry) or line is None or raw is None or line >= len(starts) or block.key in spans:
            continue
        at = text.find(raw, starts[line])
        if at != -1:
            spans[block.key] = (at, at + len(raw))
    return spans


_HEAD = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*[^,\s]+\s*,")
_BARE = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*[^,\s{}()]+\s*(?=[})]$)")  # @article{key} with no field


def _has_field(body: str, name: str) -> bool:
    return re.search(rf"(^|[,\s]){re.escape(name)}\s*=", body, re.IGNORECASE | re.MULTILINE) is not None


def _indent(body: str) -> str:
    m = re.search(r"\n([ \t]+)\w+\s*=", body)
    return m.group(1) if m else "  "


def _insertion(raw: str, fields: Sequence[tuple[str, str]]) -> tuple[int, str] | None:
    """Where (offset in ``raw``) and what to insert so the entry gets ``fields``; only insertions,
    never a changed byte: after the last field's comma, else after the last value (with a comma).
    A one-line entry stays on one line; the file's own line ending and indent are used."""
    head = _HEAD.match(raw)
    if head is None:
        bare = _BARE.match(raw)
        if bare is None:
            return None
        return bare.end(), "," + "".join(f" {f} = {{{v}}}," for f, v in fields).rstrip(",")
    body = raw[head.end():-1]
    new = [(f, v) for f, v in fields if not _has_field(body, f)]
    if not new:
        return None
    nl = "\r\n" if "\r\n" in raw else "\n"
    multiline = "\n" in raw
    stripped = body.rstrip()
    end = head.end() + len(stripped)  # just after the last value (or its comma)
    if not multiline:
        text = "".join(f" {f} = {{{v}}}," for f, v in new).rstrip(",")
        return end, text if stripped.endswith(",") or not stripped else "," + text
    ind = _indent(body)
    lines = nl.join(f"{ind}{f} = {{{v}}}," for f, v in new)
    if stripped.endswith(",") or not stripped:
        after = body[len(stripped):]
        if after.startswith(nl):  # after the newline that follows the last comma: whole new lines
            return end + len(nl), lines + nl
        return end, nl + lines
    first_nl = raw.find(nl, head.end())
    if first_nl != -1 and not raw[head.end():first_nl].strip():
        # fields start on the next line: whole new lines after "@type{key," change no existing line
        return first_nl + len(nl), lines + nl
    return end, "," + nl + lines.rstrip(",")


def insert_fields(text: str, additions: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """``text`` with ``additions[key] = [(field, encoded value), ...]`` added to those entries.

    Values are written in braces as given; fields the entry already has are skipped. Every byte
    of ``text`` is kept: the result differs from it only by insertions.
    """
    spans = _entries(text)
    edits: list[tuple[int, str]] = []  # (offset, text to insert there)
    for key, fields in additions.items():
        if key not in spans or not fields:
            continue
        start, end = spans[key]
        found = _insertion(text[start:end], fields)
        if found is not None:
            edits.append((start + found[0], found[1]))
    out: list[str] = []
    pos = 0
    for offset, insert in sorted(edits):
        out.append(text[pos:offset])
        out.append(insert)
        pos = offset
    out.append(text[pos:])
    return "".join(out)


def add_variables(text: str, additions: Mapping[str, Mapping[str, Any]], *, types: Mapping[str, str | None] | None = None,
                  dialect: Dialect = "bibtex") -> Patched:
    """Add CSL variables to the entries of a BibTeX / BibLaTeX file, in place (see the module docstring).

    ``additions`` maps an entry key to ``{CSL variable: value}``; ``types`` gives each key's CSL
    type (a field may depend on it: ``issue`` is ``number`` for articles). A variable with no
    field in ``dialect`` is returned in ``Patched.skipped``.
    """
    fields: dict[str, list[tuple[str, str]]] = {}
    skipped: list[tuple[str, str, str]] = []
    raws = {key: text[a:b] for key, (a, b) in _entries(text).items()} if dialect == "biblatex" else {}
    for key, variables in additions.items():
        csl_type = (types or {}).get(key)
        for variable, value in variables.items():
            name = field_name(variable, csl_type, dialect)
            if name is None:
                skipped.append((key, variable, f"no {dialect} field for {variable!r}"))
                continue
            if variable == "PMID" and dialect == "biblatex" and not _has_field(raws.get(key, ""), "eprint"):
                fields.setdefault(key, []).extend([("eprinttype", "pubmed"), ("eprint", encode_verbatim(str(value)))])
                continue
            fields.setdefault(key, []).append((name, encode_value(variable, value, csl_type, dialect)))
    return Patched(insert_fields(text, fields), skipped)


__all__ = ["Patched", "add_variables", "encode_value", "field_name", "insert_fields"]

"""RIS text → raw records (tag, value, line), tolerant of the files people actually have.

A tag line is two characters, spaces, a hyphen and the value: ``TY  - JOUR``. The canonical form
(upper-case tag, exactly two spaces, hyphen, one space) is always a tag line, whatever the tag.
Looser spellings (``ty - jour``, ``TY -JOUR``, ``TY- JOUR``) count only for tags the RIS
specification defines, so a wrapped abstract line such as ``UK -based trials`` stays text.

Everything else is tolerated and reported rather than fatal: a byte-order mark (also at the start
of a concatenated file's later part), CRLF/CR/LF line ends, trailing spaces, blank lines, lines
without a tag (they continue the previous value, joined with a newline; blank lines inside a value
are kept), text between records (skipped with a warning), a record that is not closed by ``ER``
before the next ``TY`` (closed there, with a warning), and a record that never ends (returned with
``ended_by="EOF"``; the format decides what to do with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from citekit.formats.base import Diagnostic
from citekit.formats.ris.mapping import KNOWN_TAGS

_TAG_LINE = re.compile(r"(?P<tag>[A-Za-z][A-Za-z0-9])(?P<before>[ \t]*)-(?P<after>[ \t]*)(?P<value>.*)\Z", re.DOTALL)
_CANONICAL = re.compile(r"[A-Z][A-Z0-9]  -(?: .*)?\Z", re.DOTALL)


def split_lines(text: str) -> list[str]:
    """The lines of ``text``: CRLF, CR and LF all end a line; nothing else does (not VT, FF, U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_tag_line(line: str) -> tuple[str, str] | None:
    """``(TAG, value)`` if ``line`` is a RIS tag line, else ``None``. The value is stripped."""
    m = _TAG_LINE.match(line)
    if m is None:
        return None
    tag = m["tag"]
    if not _CANONICAL.match(line) and (tag.upper() not in KNOWN_TAGS or not (m["before"] or m["after"])):
        return None
    return tag.upper(), m["value"].strip()


def normalize_value(value: str) -> str:
    """A value as a RIS reader gives it back: line ends as ``\\n``, each line and the whole stripped.

    Whitespace at the ends of a value and of its lines is not data in RIS (readers strip it), so
    the writer writes, and the tests compare, this form.
    """
    lines = [line.strip() for line in split_lines(value)]
    return "\n".join(lines).strip()


@dataclass
class RawField:
    """One tag line (and its continuation lines) of a record."""

    tag: str
    value: str
    line: int


@dataclass
class RawRecord:
    """One record as it stands in the file, before any mapping."""

    number: int
    line: int
    type: str | None
    type_line: int | None = None
    fields: list[RawField] = field(default_factory=list)
    end_line: int | None = None
    ended_by: Literal["ER", "TY", "EOF"] = "EOF"
    notes: list[tuple[str, str | None, int]] = field(default_factory=list)

    def first(self, *tags: str) -> str | None:
        """The first non-empty value of any of ``tags``."""
        for f in self.fields:
            if f.tag in tags and f.value:
                return f.value
        return None

    def label(self) -> str:
        """How messages name this record: its ID, else its number and the start of its title."""
        rid = self.first("ID")
        if rid:
            return rid
        title = self.first("TI", "T1", "CT", "BT")
        if title:
            short = title.splitlines()[0]
            short = short if len(short) <= 60 else short[:57] + "..."
            return f"record {self.number}: {short}"
        return f"record {self.number}"


@dataclass
class Lexed:
    """The records of a file and what the lexer noticed on the way."""

    records: list[RawRecord]
    warnings: list[Diagnostic]
    lines: list[str]

    def raw_text(self, record: RawRecord, limit: int = 2000) -> str:
        """The record's source lines (at most ``limit`` characters), for FailedEntry.raw."""
        end = record.end_line if record.end_line is not None else len(self.lines)
        text = "\n".join(self.lines[record.line - 1 : end])
        return text if len(text) <= limit else text[:limit] + "..."


def _snippet(text: str, width: int = 50) -> str:
    text = text.strip()
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def lex(text: str) -> Lexed:
    """Split RIS text into :class:`RawRecord` objects (see the module docstring for the rules)."""
    lines = split_lines(text)
    records: list[RawRecord] = []
    warnings: list[Diagnostic] = []
    current: RawRecord | None = None
    pending_blank = 0
    junk_start: int | None = None
    junk_count = 0
    junk_first = ""
    continued: tuple[RawField, list[str]] | None = None

    def where() -> str:
        return f"after record {records[-1].label()!r}" if records else "before the first record"

    def flush_junk() -> None:
        nonlocal junk_start, junk_count, junk_first
        if junk_start is not None:
            what = "line" if junk_count == 1 else f"{junk_count} lines"
            warnings.append(
                Diagnostic(
                    f"{what} outside any record ignored (not 'XX  - value' tag lines), starting {_snippet(junk_first)}",
                    item=where(),
                    line=junk_start,
                )
            )
        junk_start, junk_count, junk_first = None, 0, ""

    def settle() -> None:
        nonlocal continued
        if continued is not None:
            continued[0].value = "".join(continued[1])
            continued = None

    def close(how: Literal["ER", "TY", "EOF"], end_line: int | None) -> None:
        nonlocal current
        assert current is not None
        settle()
        current.ended_by = how
        current.end_line = end_line
        label = current.label()
        warnings.extend(Diagnostic(message, item=label, field=tag, line=line) for message, tag, line in current.notes)
        records.append(current)
        current = None

    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip()
        parsed = parse_tag_line(line)
        if parsed is None and line.startswith("\ufeff"):
            # a byte-order mark: at the start of the file, or where two files were concatenated
            bare = line.lstrip("\ufeff")
            parsed = parse_tag_line(bare)
            if parsed is not None or lineno == 1:
                line = bare
        if parsed is None:
            if current is None:
                if line.strip():
                    if junk_start is None:
                        junk_start, junk_first = lineno, line
                    junk_count += 1
                continue
            if not line.strip():
                pending_blank += 1
                continue
            if not current.fields:
                # named once the record is complete (its title may come later)
                current.notes.append(
                    (f"line is not a tag line and follows TY; ignored: {_snippet(line)}", "TY", lineno)
                )
                pending_blank = 0
                continue
            last = current.fields[-1]
            # continuation lines are gathered and joined once (adding to the value line by line
            # copied it each time: 20,000 continuation lines took 65x the time of 2,000)
            if continued is None or continued[0] is not last:
                settle()
                continued = (last, [last.value] if last.value else [])
            parts = continued[1]
            parts.append("\n" * (pending_blank + 1) + line.strip() if parts else line.strip())
            pending_blank = 0
            continue
        settle()
        pending_blank = 0
        tag, value = parsed
        if tag == "TY":
            flush_junk()
            if current is not None:
                warnings.append(
                    Diagnostic(
                        f"record has no 'ER  - ' end line; ended at the next TY (line {lineno})",
                        item=current.label(),
                        field="ER",
                        line=current.line,
                    )
                )
                close("TY", lineno - 1)
            current = RawRecord(number=len(records) + 1, line=lineno, type=value, type_line=lineno)
        elif tag == "ER":
            if current is None:
                flush_junk()
                warnings.append(
                    Diagnostic("'ER' line outside any record ignored", item=where(), field="ER", line=lineno)
                )
            else:
                close("ER", lineno)
        else:
            if current is None:
                flush_junk()
                current = RawRecord(number=len(records) + 1, line=lineno, type=None)
            current.fields.append(RawField(tag, value, lineno))
    flush_junk()
    settle()
    if current is not None:
        close("EOF", None)
    return Lexed(records, warnings, lines)


__all__ = ["Lexed", "RawField", "RawRecord", "lex", "normalize_value", "parse_tag_line", "split_lines"]

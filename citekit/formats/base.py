"""The Format protocol and the results every format returns.

A format is one module with one class: a ``name``, its file ``suffixes``, a ``sniff(text)`` that
recognises its content, ``loads(text) -> ParseResult`` and ``dumps(refs) -> DumpResult``.
Bad entries never abort a read: they become :class:`FailedEntry` rows (line, item, raw text,
field, reason) and the rest of the file still loads (bibtexparser v2's ``failed_blocks`` idea).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from citekit.errors import locate

if TYPE_CHECKING:
    from citekit.model import Bibliography, Reference

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """A message about one item (and field) of an input or output: never printed, always returned."""

    message: str
    item: str | None = None
    field: str | None = None
    line: int | None = None
    severity: Severity = "warning"

    def __str__(self) -> str:
        return locate(self.message, item=self.item, field=self.field, line=self.line)


@dataclass(frozen=True)
class FailedEntry:
    """An entry that could not be read: where it was, its raw text, and why."""

    error: str
    line: int | None = None
    item: str | None = None
    field: str | None = None
    raw: str = ""

    def __str__(self) -> str:
        return str(Diagnostic(self.error, self.item, self.field, self.line, "error"))


@dataclass
class ParseResult:
    """What a read produced: the good references, the failed entries, and warnings."""

    items: list[Reference] = field(default_factory=list)
    failed: list[FailedEntry] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    format: str = ""
    source: str | None = None

    @property
    def ok(self) -> bool:
        """True when every entry was read."""
        return not self.failed

    def bibliography(self) -> Bibliography:
        """The references as a :class:`~citekit.model.Bibliography` (lookup by id)."""
        from citekit.model import Bibliography

        return Bibliography(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class DumpResult:
    """What a write produced: the text, and what could not be expressed in the format."""

    text: str
    warnings: list[Diagnostic] = field(default_factory=list)
    format: str = ""


@runtime_checkable
class Format(Protocol):
    """One bibliographic file format."""

    name: str
    suffixes: Sequence[str]
    description: str

    def sniff(self, text: str) -> bool:
        """True when ``text`` looks like this format."""

    def loads(self, text: str, **options: Any) -> ParseResult:
        """Parse ``text``; bad entries go to ``ParseResult.failed``, never raise."""

    def dumps(self, refs: Iterable[Reference], **options: Any) -> DumpResult:
        """Serialise references; what the format cannot express goes to ``DumpResult.warnings``."""

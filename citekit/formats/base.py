"""The Format protocol and the results every format returns.

A format is one module with one class. Its :class:`FormatInfo` (name, suffixes, aliases,
description, the class's dotted path) is the one declaration of what the format is called and
which files are its own: the registry and the CLI read it, nothing else lists suffixes. The
class has ``info``, typed option sets ``ReadOptions`` / ``WriteOptions`` (``TypedDict`` classes whose
keys are exactly the keyword parameters of ``loads`` / ``dumps``; an unknown option raises a
``TypeError`` naming it and the valid ones), ``sniff(text)``, ``read(data: bytes)`` (the format
decides the decoding; the text formats share :func:`citekit.formats.encoding.decode` through
:class:`TextFormatBase`), ``loads(text) -> ParseResult`` and ``dumps(refs) -> DumpResult``.
Bad entries never abort a read: they become :class:`FailedEntry` rows (line, item, raw text,
field, reason) and the rest of the file still loads (bibtexparser v2's ``failed_blocks`` idea).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypedDict, runtime_checkable

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

    def __repr__(self) -> str:
        where = f" {self.source!r}" if self.source else ""
        return (f"<ParseResult {self.format or '?'}{where}: {len(self.items)} items, {len(self.failed)} failed, "
                f"{len(self.warnings)} warnings>")


@dataclass
class DumpResult:
    """What a write produced: the text, and what could not be expressed in the format."""

    text: str
    warnings: list[Diagnostic] = field(default_factory=list)
    format: str = ""

    def __repr__(self) -> str:
        return f"<DumpResult {self.format or '?'}: {len(self.text)} characters, {len(self.warnings)} warnings>"


@dataclass(frozen=True)
class FormatInfo:
    """What a format is called and which files are its own: declared once, read by the registry and the CLI.

    ``target`` is the class's dotted path (``"package.module:Class"``), so the registry lists a
    format without importing it. ``suffixes`` may be compound (``.csl.json``); the longest match
    wins. ``writes`` is False for a format that reads only; ``structured`` is False for a format
    whose records are prose (free-text citations) rather than fields. ``media`` is ``"text"`` for formats
    that decode bytes as text (HTML and binary input is refused before they see it), ``"xml"`` or
    ``"binary"`` for formats that read markup or bytes themselves.
    """

    name: str
    suffixes: tuple[str, ...]
    description: str
    target: str
    aliases: tuple[str, ...] = ()
    writes: bool = True
    structured: bool = True
    media: Literal["text", "xml", "binary"] = "text"

    def __post_init__(self) -> None:
        bad = [s for s in self.suffixes if not s.startswith(".") or s != s.lower()]
        if bad or not self.suffixes:
            raise ValueError(f"format {self.name!r}: suffixes must be lower-case and start with '.': {bad}")
        if ":" not in self.target:
            raise ValueError(f"format {self.name!r}: target must be 'package.module:Class', not {self.target!r}")


class NoOptions(TypedDict, total=False):
    """The option set of a format direction that takes none."""


def option_names(options_type: type) -> frozenset[str]:
    """The keys of an options ``TypedDict``."""
    keys: frozenset[str] = getattr(options_type, "__optional_keys__", frozenset())
    return keys | getattr(options_type, "__required_keys__", frozenset())


def check_options(format_name: str, direction: str, options_type: type, options: Mapping[str, Any]) -> None:
    """Raise ``TypeError`` for an option ``options_type`` does not declare, naming it and the valid ones."""
    valid = option_names(options_type)
    unknown = sorted(set(options) - valid)
    if not unknown:
        return
    name = unknown[0]
    close = difflib.get_close_matches(name, sorted(valid), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(sorted(valid)) if valid else "none"
    raise TypeError(f"{format_name}: unknown {direction} option {name!r}{hint} (valid: {listed})")


@runtime_checkable
class Format(Protocol):
    """One bibliographic file format."""

    info: ClassVar[FormatInfo]
    ReadOptions: ClassVar[type]
    WriteOptions: ClassVar[type]

    @property
    def name(self) -> str:
        """The format's registered name (``info.name``)."""

    @property
    def suffixes(self) -> Sequence[str]:
        """The format's file suffixes (``info.suffixes``)."""

    def sniff(self, text: str) -> bool:
        """True when ``text`` (the decoded start of the input) looks like this format."""

    def read(self, data: bytes, *, source: str | None = None, **options: Any) -> ParseResult:
        """Parse raw bytes, choosing the decoding; bad entries go to ``ParseResult.failed``."""

    def loads(self, text: str, **options: Any) -> ParseResult:
        """Parse ``text``; bad entries go to ``ParseResult.failed``, never raise."""

    def dumps(self, refs: Iterable[Reference], **options: Any) -> DumpResult:
        """Serialise references; what the format cannot express goes to ``DumpResult.warnings``."""


class TextFormatBase:
    """What every text format shares: ``name``/``suffixes`` from ``info``, and ``read(bytes)``
    through the one decoder (:func:`citekit.formats.encoding.decode`), its warnings kept."""

    info: ClassVar[FormatInfo]
    ReadOptions: ClassVar[type] = NoOptions
    WriteOptions: ClassVar[type] = NoOptions

    @property
    def name(self) -> str:
        """The format's registered name."""
        return self.info.name

    @property
    def suffixes(self) -> Sequence[str]:
        """The format's file suffixes."""
        return self.info.suffixes

    @property
    def description(self) -> str:
        """One line saying what the format is."""
        return self.info.description

    #: each format defines ``loads(text, **its read options)``
    loads: Callable[..., ParseResult]

    def read(self, data: bytes, *, source: str | None = None, **options: Any) -> ParseResult:
        """Decode ``data`` (BOM, UTF-16, UTF-8, else Latin-1 with a warning) and parse it."""
        from citekit.formats.encoding import decode

        check_options(self.info.name, "read", self.ReadOptions, options)
        text, warnings = decode(data, source)
        result = self.loads(text, **options)
        result.warnings[:0] = warnings
        return result

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.info.name!r} {' '.join(self.info.suffixes)}>"

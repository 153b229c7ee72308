"""The format registry: ``read``/``write`` any supported format, chosen by name, suffix or content.

Formats are listed by dotted path and imported only when first used, so ``import citekit`` stays
light and a broken optional format cannot break the others (citation-js plug-ins, pybtex's table).
"""

from __future__ import annotations

import importlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.errors import InputError, OutputError, ParseError, UnknownFormat
from citekit.formats.base import Diagnostic, DumpResult, FailedEntry, Format, ParseResult

if TYPE_CHECKING:
    from citekit.model import Reference

#: name -> "module:Class"; order matters for sniffing (most specific first).
BUILTIN: dict[str, str] = {
    "csl-json": "citekit.formats.csljson:CslJsonFormat",
    "ris": "citekit.formats.ris:RisFormat",
    "biblatex": "citekit.formats.bibtex:BibLaTeXFormat",
    "bibtex": "citekit.formats.bibtex:BibTeXFormat",
    "text": "citekit.formats.text:TextFormat",
}

#: name -> file suffixes, so a suffix picks a format without importing every format module.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "csl-json": (".json", ".csljson"),
    "ris": (".ris",),
    "biblatex": (".bib", ".biblatex"),
    "bibtex": (".bib", ".bibtex"),
    "text": (".txt",),
}

#: Other spellings users type for a format.
ALIASES: dict[str, str] = {
    "csljson": "csl-json",
    "json": "csl-json",
    "csl": "csl-json",
    "bib": "bibtex",
}

_loaded: dict[str, Format] = {}


def format_names() -> list[str]:
    """The registered format names."""
    return list(BUILTIN)


def register(name: str, target: str, suffixes: tuple[str, ...] = ()) -> None:
    """Register a format class by dotted path (``"package.module:Class"``) and its file suffixes."""
    BUILTIN[name] = target
    if suffixes:
        SUFFIXES[name] = suffixes
    _loaded.pop(name, None)


def _load(name: str) -> Format:
    if name not in _loaded:
        module_name, _, cls_name = BUILTIN[name].partition(":")
        cls = getattr(importlib.import_module(module_name), cls_name)
        _loaded[name] = cls()
    return _loaded[name]


def get_format(name: str | None = None, *, path: str | os.PathLike[str] | None = None, text: str | None = None) -> Format:
    """The format named ``name``, else the one whose suffix ``path`` has, else the one that sniffs ``text``.

    Raises :class:`~citekit.errors.UnknownFormat` naming what was tried.
    """
    if name:
        key = ALIASES.get(name.lower(), name.lower())
        if key not in BUILTIN:
            raise UnknownFormat(f"unknown format {name!r}; known: {', '.join(BUILTIN)}", field="format")
        return _load(key)
    if path is not None:
        suffix = Path(path).suffix.lower()
        matches = [n for n in BUILTIN if suffix in SUFFIXES.get(n, ()) or (n not in SUFFIXES and suffix in _load(n).suffixes)]
        if len(matches) == 1:
            return _load(matches[0])
        if matches and text is not None:
            for n in matches:
                if _load(n).sniff(text):
                    return _load(n)
            return _load(matches[-1])
        if matches:
            return _load(matches[-1])
    if text is not None:
        for n in BUILTIN:
            if _load(n).sniff(text):
                return _load(n)
    what = f"file {str(path)!r}" if path is not None else "the input"
    raise UnknownFormat(f"cannot tell the format of {what}; give it with --from / format=", source=str(path) if path else None)


def decode(data: bytes, source: str | None = None) -> tuple[str, list[Diagnostic]]:
    """Bytes to text: a BOM's encoding, BOM-less UTF-16, UTF-8; otherwise Latin-1, with a warning
    (:mod:`citekit.formats.encoding`)."""
    from citekit.formats.encoding import decode_bytes

    return decode_bytes(data, source)


def loads(text: str, format: str | None = None, *, strict: bool = False, **options: Any) -> ParseResult:
    """Parse text in the given (or sniffed) format. ``strict=True`` raises on the first bad entry."""
    fmt = get_format(format, text=text)
    result = fmt.loads(text, **options)
    result.format = fmt.name
    if strict and result.failed:
        first = result.failed[0]
        raise ParseError(first.error, item=first.item, field=first.field, line=first.line)
    return result


def read(path: str | os.PathLike[str], format: str | None = None, *, strict: bool = False, **options: Any) -> ParseResult:
    """Read a file (``"-"`` is not accepted here; pass text to :func:`loads`).

    Raises :class:`~citekit.errors.InputError` if the file cannot be opened, UnknownFormat if its
    format cannot be told; bad entries are in ``result.failed`` (or raise with ``strict=True``).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source=str(p)) from exc
    text, warnings = decode(data, str(p))
    fmt = get_format(format, path=p, text=text)
    result = fmt.loads(text, **options)
    result.format = fmt.name
    result.source = str(p)
    result.warnings[:0] = warnings
    if strict and result.failed:
        first = result.failed[0]
        raise ParseError(first.error, item=first.item, field=first.field, line=first.line, source=str(p))
    return result


def dumps(refs: Iterable[Reference], format: str, **options: Any) -> DumpResult:
    """Serialise references in the named format."""
    fmt = get_format(format)
    result = fmt.dumps(list(refs), **options)
    result.format = fmt.name
    return result


def _mode_for(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what the umask
    gives a new file (0644 typically); mkstemp's own 0600 would hide it from everyone else."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` all at once: a temporary file in the same folder, then a rename.

    A crash or error midway leaves the old file (or no file), never half a file.
    """
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=str(p)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(p))
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=str(p)) from exc
        raise


def write(refs: Iterable[Reference], path: str | os.PathLike[str], format: str | None = None, **options: Any) -> DumpResult:
    """Write references to ``path`` (format from ``format`` or the suffix), atomically."""
    fmt = get_format(format, path=path)
    result = fmt.dumps(list(refs), **options)
    result.format = fmt.name
    write_atomic(path, result.text)
    return result


__all__ = [
    "ALIASES",
    "BUILTIN",
    "Diagnostic",
    "DumpResult",
    "FailedEntry",
    "Format",
    "ParseResult",
    "SUFFIXES",
    "decode",
    "dumps",
    "format_names",
    "get_format",
    "loads",
    "read",
    "register",
    "write",
    "write_atomic",
]

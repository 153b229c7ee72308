"""The format registry: ``read``/``write`` any supported format, chosen by name, suffix or content.

Each format is declared once, by a :class:`FormatInfo` (name, suffixes, aliases, class path) in
:data:`BUILTIN`; its class carries that same entry as ``info``, the CLI reads names from
:func:`format_names`, and suffix lookup from :func:`suffix_table`. Classes are imported only when
first used, so ``import citekit`` stays light and a broken optional format cannot break the others
(citation-js plug-ins, pybtex's table). Input reaches a format as bytes: it decides the decoding
(:mod:`citekit.formats.encoding` for the text formats), and HTML pages and binary files are
refused with an :class:`~citekit.errors.InputError` before any text format sees them.
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
from citekit.formats.base import (
    Diagnostic,
    DumpResult,
    FailedEntry,
    Format,
    FormatInfo,
    ParseResult,
    check_options,
)
from citekit.formats.encoding import HTML, decode, looks_like, refuse_non_text

if TYPE_CHECKING:
    from citekit.model import Reference

#: The built-in formats, each declared once: name, suffixes, aliases, description, class.
#: Order matters for sniffing (most specific first). Each format class's ``info`` is its entry here.
BUILTIN: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo("csl-json", (".json", ".csljson", ".csl.json"), "CSL-JSON (Citation Style Language data)",
                   "citekit.formats.csljson:CslJsonFormat", aliases=("csljson", "json", "csl")),
        FormatInfo("ris", (".ris",), "RIS (EndNote, Zotero, Mendeley, PubMed and publishers' exports)",
                   "citekit.formats.ris:RisFormat"),
        FormatInfo("biblatex", (".bib", ".biblatex"), "BibLaTeX (biber)", "citekit.formats.bibtex:BibLaTeXFormat"),
        FormatInfo("bibtex", (".bib", ".bibtex"), "BibTeX", "citekit.formats.bibtex:BibTeXFormat", aliases=("bib",)),
        FormatInfo("text", (".txt",), "Free-text reference list (AMA, Vancouver, APA citations)",
                   "citekit.formats.text:TextFormat", structured=False),
    )
}

_loaded: dict[str, Format] = {}


def format_names(*, writes: bool | None = None, structured: bool | None = None) -> list[str]:
    """The registered format names, in sniffing order; ``writes=True``: those that can be written,
    ``structured=True``: those whose records are fields (not free-text citations)."""
    return [name for name, info in BUILTIN.items()
            if (writes is None or info.writes == writes) and (structured is None or info.structured == structured)]


def format_aliases() -> dict[str, str]:
    """Every other spelling of a format name → the name (``json`` → ``csl-json``, ``bib`` → ``bibtex``)."""
    return {alias: info.name for info in BUILTIN.values() for alias in info.aliases}


def format_info(name: str) -> FormatInfo:
    """The declaration of the format called ``name`` (or one of its aliases)."""
    return BUILTIN[_key(name)]


def suffix_table() -> dict[str, list[str]]:
    """Every registered suffix → the formats that claim it (``.bib`` → biblatex, bibtex)."""
    table: dict[str, list[str]] = {}
    for info in BUILTIN.values():
        for suffix in info.suffixes:
            table.setdefault(suffix, []).append(info.name)
    return table


def register(info: FormatInfo) -> None:
    """Register a format by its :class:`FormatInfo` (its class is imported when first used)."""
    BUILTIN[info.name] = info
    _loaded.pop(info.name, None)


def _key(name: str) -> str:
    lowered = name.lower()
    if lowered in BUILTIN:
        return lowered
    for info in BUILTIN.values():
        if lowered in info.aliases:
            return info.name
    import difflib

    known = [*BUILTIN, *(a for i in BUILTIN.values() for a in i.aliases)]
    close = difflib.get_close_matches(lowered, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownFormat(f"unknown format {name!r}{hint} (known: {', '.join(BUILTIN)})", field="format")


def _load(name: str) -> Format:
    if name not in _loaded:
        info = BUILTIN[name]
        module_name, _, cls_name = info.target.partition(":")
        cls = getattr(importlib.import_module(module_name), cls_name)
        if getattr(cls, "info", None) != info:
            raise TypeError(f"format class {info.target} does not carry its registry entry (info) for {name!r}")
        _loaded[name] = cls()
    return _loaded[name]


def _by_suffix(path: str | os.PathLike[str]) -> list[str]:
    """The formats whose longest matching suffix fits ``path`` (``refs.csl.json`` → csl-json)."""
    filename = Path(path).name.lower()
    best: list[str] = []
    best_len = 0
    for info in BUILTIN.values():
        length = max((len(s) for s in info.suffixes if filename.endswith(s) and len(filename) > len(s)), default=0)
        if length > best_len:
            best, best_len = [info.name], length
        elif length and length == best_len:
            best.append(info.name)
    return best


def get_format(name: str | None = None, *, path: str | os.PathLike[str] | None = None, text: str | None = None) -> Format:
    """The format named ``name``, else the one whose suffix ``path`` has, else the one that sniffs ``text``.

    Raises :class:`~citekit.errors.UnknownFormat` naming what was tried (and the closest name).
    """
    if name:
        return _load(_key(name))
    if path is not None:
        matches = _by_suffix(path)
        if len(matches) == 1:
            return _load(matches[0])
        if matches and text is not None:
            for n in matches:
                if _load(n).sniff(text):
                    return _load(n)
        if matches:
            return _load(matches[-1])
    if text is not None:
        for n in BUILTIN:
            if _load(n).sniff(text):
                return _load(n)
    what = f"file {str(path)!r}" if path is not None else "the input"
    raise UnknownFormat(f"cannot tell the format of {what}; give it with --from / format=", source=str(path) if path else None)


def _choose(data: bytes, format: str | None, path: str | os.PathLike[str] | None, source: str | None) -> Format:
    """The format for ``data``: named, by suffix, else sniffed; HTML and binary refused for text formats."""
    info = format_info(format) if format else None
    if info is None or info.media == "text":
        refuse_non_text(data, source)
    if format:
        return _load(_key(format))
    if path is not None and len(_by_suffix(path)) == 1:
        return get_format(path=path)
    head, _ = decode(data[:65536], source)
    return get_format(path=path, text=head)


def _finish(result: ParseResult, fmt: Format, strict: bool, source: str | None) -> ParseResult:
    result.format = fmt.name
    if source is not None:
        result.source = source
    if strict and result.failed:
        first = result.failed[0]
        raise ParseError(first.error, item=first.item, field=first.field, line=first.line, source=source)
    return result


def loads(data: str | bytes, format: str | None = None, *, strict: bool = False, source: str | None = None,
          **options: Any) -> ParseResult:
    """Parse text (or bytes, decoded by the format) in the given or sniffed format.

    Bytes that are an HTML page or a binary file, and text that is an HTML page, raise
    :class:`~citekit.errors.InputError` (unless ``format`` names an XML or binary format).
    ``source`` names the input in messages (``"<stdin>"``). ``options`` are the format's read
    options (``ReadOptions``); an unknown one raises ``TypeError`` naming it. ``strict=True``
    raises on the first bad entry.
    """
    if isinstance(data, bytes):
        fmt = _choose(data, format, None, source)
        check_options(fmt.name, "read", fmt.ReadOptions, options)
        return _finish(fmt.read(data, source=source, **options), fmt, strict, source)
    head = data[:4096].encode("utf-8", "replace")
    if (format_info(format).media if format else "text") == "text" and looks_like(head) == HTML:
        refuse_non_text(head, source)
    fmt = get_format(format, text=data)
    check_options(fmt.name, "read", fmt.ReadOptions, options)
    return _finish(fmt.loads(data, **options), fmt, strict, source)


def read(path: str | os.PathLike[str], format: str | None = None, *, strict: bool = False, **options: Any) -> ParseResult:
    """Read a file (``"-"`` is not accepted here; pass text or bytes to :func:`loads`).

    The format comes from ``format``, else the suffix, else the content; the format receives the
    bytes and decodes them. Raises :class:`~citekit.errors.InputError` if the file cannot be
    opened or is an HTML page or a binary file, :class:`~citekit.errors.UnknownFormat` if its
    format cannot be told, ``TypeError`` for an option the format does not have; bad entries are
    in ``result.failed`` (or raise with ``strict=True``).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(p)) from exc
    fmt = _choose(data, format, p, str(p))
    check_options(fmt.name, "read", fmt.ReadOptions, options)
    return _finish(fmt.read(data, source=str(p), **options), fmt, strict, str(p))


def dumps(refs: Iterable[Reference], format: str, **options: Any) -> DumpResult:
    """Serialise references in the named format; ``options`` are its ``WriteOptions`` (checked)."""
    fmt = get_format(format)
    check_options(fmt.name, "write", fmt.WriteOptions, options)
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
    check_options(fmt.name, "write", fmt.WriteOptions, options)
    result = fmt.dumps(list(refs), **options)
    result.format = fmt.name
    write_atomic(path, result.text)
    return result


__all__ = [
    "BUILTIN",
    "Diagnostic",
    "DumpResult",
    "FailedEntry",
    "Format",
    "FormatInfo",
    "ParseResult",
    "decode",
    "dumps",
    "format_aliases",
    "format_info",
    "format_names",
    "get_format",
    "loads",
    "read",
    "refuse_non_text",
    "register",
    "suffix_table",
    "write",
    "write_atomic",
]

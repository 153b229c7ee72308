"""Bytes → text for the text formats, and what is not a reference file at all.

The registry never decodes a file before its format sees it: a format receives bytes
(:meth:`~citekit.formats.base.Format.read`) and decides. The text formats (CSL-JSON, BibTeX,
RIS, free text) all call :func:`decode`, so the rules live here once:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) and is dropped;
2. UTF-16 without a BOM is recognised by its NUL bytes on every other position (Windows tools);
3. otherwise UTF-8;
4. otherwise Latin-1, with a warning naming the first line that is not UTF-8.

UTF-16 and UTF-32 come with an ``info`` diagnostic saying so.

An XML format (EndNote XML, JATS) would read the ``encoding=`` of its XML declaration instead.
:func:`refuse_non_text` turns away what no text format should try to parse: an HTML page (saved
instead of the file it links to) and binary files (PDF, Word, ZIP, images), each with a message
that says what the input looks like.
"""

from __future__ import annotations

import codecs
import re

from citekit.errors import InputError
from citekit.formats.base import Diagnostic

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: magic numbers of the binary files people pick by mistake
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

#: the first tag of an HTML page or fragment (a saved page, or a formatted bibliography's <div>);
#: XML that is not HTML passes (EndNote XML, JATS). On the 1,883 .bib/.ris/.json/.txt/.xml/.html
#: files of the project's shared data: the 3 HTML error bodies refused, no reference file refused.
_HTML = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|ul|ol|span|a|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HEAD = 4096
#: what :func:`looks_like` calls an HTML page
HTML = "an HTML page"


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on every other byte of the head (ASCII text in UTF-16)."""
    head = data[:_HEAD]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def encoding_of(data: bytes) -> tuple[str | None, int]:
    """The encoding a BOM or UTF-16 shape declares, and the BOM's length (``None, 0``: neither)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return _utf16_without_bom(data), 0


def decode(data: bytes, source: str | None = None) -> tuple[str, list[Diagnostic]]:
    """Bytes to text by the rules above; a warning (with its line) when Latin-1 was the fallback."""
    encoding, skip = encoding_of(data)
    if encoding is not None:
        # UTF-16/32 is said (as info): a user who expected UTF-8 learns why their file reads fine
        said = [] if encoding == "utf-8" else [Diagnostic(f"{encoding.upper()[:6]} text, read as such", item=source,
                                                             severity="info")]
        try:
            return data[skip:].decode(encoding), said
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding.upper()} (byte {exc.start + skip})", source=source) from exc
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); read as Latin-1"
        return data.decode("latin-1"), [Diagnostic(msg, line=line, item=source, severity="warning")]


def looks_like(data: bytes) -> str | None:
    """What ``data`` is when it is not a text reference file (``"an HTML page"``, ``"a PDF file (binary)"``)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"{what} (binary)"
    head = data[:_HEAD]
    encoding, skip = encoding_of(head)
    if encoding is not None and encoding != "utf-8":
        head = head[skip:].decode(encoding, "ignore").encode("utf-8")
    elif encoding == "utf-8":
        head = head[skip:]
    if _HTML.match(head):
        return HTML
    # a binary file shows NULs in its first line; a text file with junk further on is read, and
    # the junk reported per entry by the format (tests/formats/*bad_input*)
    first_line = head[:1024].split(b"\n", 1)[0]
    if b"\x00" in first_line:
        return "binary data (it contains NUL bytes)"
    start = head[:1024]
    controls = sum(1 for b in start if b < 32 and b not in (9, 10, 11, 12, 13, 26, 27))
    if start and controls > 0.3 * len(start):
        return "binary data (mostly control characters)"
    return None


def refuse_non_text(data: bytes, source: str | None = None) -> None:
    """Raise :class:`InputError` when ``data`` is an HTML page or a binary file, saying which."""
    what = looks_like(data)
    if what is None:
        return
    hint = (": export the references as BibTeX, RIS, CSL-JSON or plain text (one citation per line) and give that file"
            if what == HTML else "")
    raise InputError(f"{what}, not a reference list{hint}", source=source)


__all__ = ["HTML", "decode", "encoding_of", "looks_like", "refuse_non_text"]

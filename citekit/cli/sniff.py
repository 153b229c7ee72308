"""Input the commands refuse before any format sees it: HTML pages and binary files; and UTF-16.

A web page saved instead of its reference list, a PDF or a Word file would otherwise be read as
free text (every line a "citation" that fails) or be refused with "cannot tell the format".
:func:`unusable` names what the bytes are instead, so the message can say so. XML is not refused
(EndNote XML and Zotero RDF are reference formats); only HTML is. UTF-16 text (with a byte-order
mark, or without one but with the telltale NUL byte in every other place, as Windows tools write
BibTeX) is not binary: :func:`utf16` decodes it.
"""

from __future__ import annotations

import re

#: how much of the input is looked at
HEAD = 8192
#: share of control characters (other than tab, newlines, form feed, escape) above which input is binary
CONTROL_SHARE = 0.1

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file?)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
)
#: the first tag of an HTML page or fragment (a saved page, or a formatted bibliography's <div>)
_HTML = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|ul|ol|span|a|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))


def utf16_encoding(head: bytes) -> str | None:
    """``"utf-16"`` (byte-order mark), ``"utf-16-le"`` / ``"utf-16-be"`` (no mark, but a NUL in every
    other byte and nowhere else, as in ASCII-range text), or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= 0.9 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd == 0:
        return "utf-16-be"
    return None


def utf16(data: bytes) -> str | None:
    """``data`` decoded when it is UTF-16 text (see :func:`utf16_encoding`), else None."""
    encoding = utf16_encoding(data[:HEAD])
    if encoding is None:
        return None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def unusable(data: bytes) -> str | None:
    """Why ``data`` is not a reference list ("an HTML page, not ...", "binary data ..."), or None.

    Call :func:`utf16` first: UTF-16 text has NUL bytes but is not binary.
    """
    head = data[:HEAD]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"{what} (binary), not a reference list"
    if b"\x00" in head:
        return "binary data (it contains NUL bytes), not a reference list"
    if head and sum(head.count(c) for c in _CONTROL) > CONTROL_SHARE * len(head):
        return "binary data (mostly control characters), not a reference list"
    if _HTML.match(head):
        return ("an HTML page, not a reference list: export the references as BibTeX, RIS, CSL-JSON or "
                "plain text (one citation per line) and give that file")
    return None


__all__ = ["CONTROL_SHARE", "HEAD", "unusable", "utf16", "utf16_encoding"]

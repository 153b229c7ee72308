"""Input the commands refuse before any format sees it: HTML pages and binary files.

A web page saved instead of its reference list, a PDF or a Word file would otherwise be read as
free text (every line a "citation" that fails) or be refused with "cannot tell the format".
:func:`unusable` names what the bytes are instead, so the message can say so. XML is not refused
(EndNote XML and Zotero RDF are reference formats); only HTML is.
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


def unusable(data: bytes) -> str | None:
    """Why ``data`` is not a reference list ("an HTML page, not ...", "binary data ..."), or None."""
    head = data[:HEAD]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text; citekit reads UTF-8 (or Latin-1): save it as UTF-8 (iconv -f UTF-16 -t UTF-8)"
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


__all__ = ["CONTROL_SHARE", "HEAD", "unusable"]

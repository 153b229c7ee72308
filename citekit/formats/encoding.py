"""Bytes → text for every reader: UTF-8 (BOM or not), UTF-16 and UTF-32 (BOM or not), else Latin-1.

JabRef and Windows tools save ``.bib`` files as UTF-16, often without a byte-order mark. Read as
UTF-8 such a file is a string of letters and NUL characters in which no ``@article{`` can be
found, so it read as an empty list (issue 13, item 15). A byte-order mark names the encoding;
without one, UTF-16 shows itself by NUL bytes in every other position (the high byte of each
ASCII character), which UTF-8 text never has.
"""

from __future__ import annotations

from citekit.formats.base import Diagnostic

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_PROBE = 4096


def sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for BOM-less UTF-16 text (NUL in most odd / even bytes)."""
    head = data[:_PROBE]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nul = head[0 : pairs * 2 : 2].count(0)
    odd_nul = head[1 : pairs * 2 : 2].count(0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, list[Diagnostic]]:
    """The text of ``data`` and warnings: a BOM's encoding, BOM-less UTF-16, UTF-8, else Latin-1
    (with a warning naming the first byte that is not UTF-8)."""
    warnings: list[Diagnostic] = []
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    if encoding is None:
        encoding = sniff_utf16(data)
    if encoding is not None and encoding != "utf-8":
        if len(data) % (4 if "32" in encoding else 2):
            warnings.append(Diagnostic(f"{encoding.upper()} file ends in the middle of a character", item=source))
        text = data.decode(encoding, errors="replace")
        if "\ufffd" in text:
            line = text.count("\n", 0, text.index("\ufffd")) + 1
            warnings.append(Diagnostic(f"invalid {encoding.upper()} at line {line}; replaced by \ufffd", line=line, item=source))
        return text, warnings
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); read as Latin-1"
        return data.decode("latin-1"), [Diagnostic(msg, line=line, item=source, severity="warning")]

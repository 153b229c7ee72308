"""Adding fields to BibTeX entries in place, so that a diff of the file shows only the added lines.

The file is never re-serialised: each entry is located by its key, and new ``field = {value},``
lines are inserted before its closing brace (when its last field ends with a comma) or right after
its ``@type{key,`` line (so no existing line changes). Keys, field order, comments, unknown fields
and formatting are untouched. A field that already exists is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s]+)\s*,", re.DOTALL)


def _entry_span(text: str, start: int) -> int | None:
    """The index of the brace closing the entry whose ``@`` is at ``start`` (None when unbalanced)."""
    depth = 0
    i = text.index("{", start) if "{" in text[start:start + 200] else text.index("(", start)
    opener = text[i]
    closer = "}" if opener == "{" else ")"
    for j in range(i, len(text)):
        c = text[j]
        if c == "\\":
            continue
        if c == "{" or (c == opener and opener == "("):
            depth += 1
        elif c == "}" or (c == closer and closer == ")"):
            depth -= 1
            if depth == 0:
                return j
    return None


def _has_field(body: str, name: str) -> bool:
    return re.search(rf"(^|[,\s]){re.escape(name)}\s*=", body, re.IGNORECASE | re.MULTILINE) is not None


def _indent(body: str) -> str:
    m = re.search(r"\n([ \t]+)\w+\s*=", body)
    return m.group(1) if m else "  "


def patch(text: str, additions: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """``text`` with ``additions[key] = [(field, value), ...]`` added to the entries with those keys.

    Values are written in braces as given (the caller formats names and page ranges). Fields the
    entry already has are skipped.
    """
    out: list[str] = []
    pos = 0
    for m in _ENTRY.finditer(text):
        if m.start() < pos:
            continue
        key = m.group(2)
        fields = additions.get(key)
        end = _entry_span(text, m.start())
        if not fields or end is None:
            continue
        body = text[m.end():end]
        new = [(f, v) for f, v in fields if not _has_field(body, f)]
        if not new:
            continue
        ind = _indent(body)
        lines = "".join(f"{ind}{f} = {{{v}}},\n" for f, v in new)
        stripped = body.rstrip()
        if stripped.endswith(",") and body[len(stripped):].startswith("\n"):
            cut = m.end() + len(stripped) + 1  # after the newline that follows the last field's comma
            out.append(text[pos:cut])
            out.append(lines)
            pos = cut
        else:
            nl = text.find("\n", m.end())
            if nl == -1 or nl > end:  # a one-line entry: add after the key
                out.append(text[pos:m.end()])
                out.append("\n" + lines.rstrip("\n").rstrip(",") + ",")
                pos = m.end()
            else:
                out.append(text[pos:nl + 1])
                out.append(lines)
                pos = nl + 1
    out.append(text[pos:])
    return "".join(out)


__all__ = ["patch"]

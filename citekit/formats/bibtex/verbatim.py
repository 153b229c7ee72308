"""DOI, URL and date values of BibTeX: never LaTeX-decoded, written as they are.

Reading (:func:`decode_verbatim`) undoes what exporters wrap around them (``\\url{}``, outer
braces, ``\\_``) and drops whitespace; :func:`verbatim_problem` says what the user should know
about it (whitespace or control characters removed, a TeX command inside). Writing
(:func:`encode_verbatim`) changes only what could break the file or run as TeX: braces and
backslashes are percent-encoded, as in a URL (issue 13, item 16).
"""

from __future__ import annotations

import re

from citekit.formats.bibtex.latex import _ALL_BRACES, _CONTROL, _DANGEROUS, _UNESCAPED_BRACES, is_balanced

_TEX_COMMAND = re.compile(r"\\[A-Za-z@]|\\[^A-Za-z\s]")


def encode_verbatim(value: str) -> str:
    """DOI / URL written as they are (no ``\\_``, no ``\\%``); only what would break the file changes:
    whitespace is dropped and braces or backslashes that would unbalance it are percent-encoded."""
    value = _CONTROL.sub("", re.sub(r"\s+", "", value))
    if not is_balanced(value) or _TEX_COMMAND.search(value):
        # a DOI or URL never holds a TeX command; a style printing it outside \url would run one
        # (\input{/etc/passwd}): backslashes and braces are percent-encoded, as in a URL
        value = value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    return value


def _depths(value: str, pattern: re.Pattern[str]) -> list[int]:
    """Brace depth before each position and at the end (``len(value) + 1`` numbers)."""
    depth = [0] * (len(value) + 1)
    d = 0
    last = 0
    for m in pattern.finditer(value):
        i = m.start()
        for k in range(last + 1, i + 1):
            depth[k] = d
        d += 1 if m.group() == "{" else -1
        last = i
    for k in range(last + 1, len(value) + 1):
        depth[k] = d
    return depth


def _peel_braces(value: str) -> str:
    """Strip outer brace pairs while what is inside is balanced (:func:`is_balanced`), in one pass:
    each candidate inner ``value[k:n-k]`` is checked against depth prefix sums and a running
    minimum from the inside out, not rescanned (a DOI of 2,000 nested braces took seconds)."""
    n = len(value)
    most = 0
    while most < n - 1 - most and value[most] == "{" and value[n - 1 - most] == "}":
        most += 1
    if most == 0:
        return value
    schemes = [_depths(value, _ALL_BRACES), _depths(value, _UNESCAPED_BRACES)]
    # backslashes ending at each position (for the trailing-backslash rule)
    run = [0] * (n + 1)
    for i, ch in enumerate(value):
        run[i + 1] = run[i] + 1 if ch == "\\" else 0
    # inner value[k+1 : n-1-k] is balanced in a scheme when its end depth equals its start depth
    # and no depth inside goes below it: lowest[k] = min(depth[k+2 .. n-1-k]), built inside out
    lows: list[list[float]] = []
    for depth in schemes:
        lowest: list[float] = [0.0] * most
        cur = float(min(depth[most + 1 : n - most + 1], default=float("inf")))
        for k in range(most - 1, -1, -1):
            lowest[k] = cur = min(cur, depth[k + 2] if k + 2 <= n - 1 - k else cur, depth[n - 1 - k])
        lows.append(lowest)
    k = 0
    while k < most:
        a, b = k + 1, n - 1 - k
        if not all(d[b] == d[a] and low[k] >= d[a] for d, low in zip(schemes, lows, strict=True)):
            break
        if min(run[b], b - a) % 2:
            break
        k += 1
    return value[k : n - k]


_VERBATIM_ESCAPES = re.compile(r"\{?\\([_%&#$~])\}?")


def verbatim_changes(value: str, encoded: str) -> list[str]:
    """What :func:`encode_verbatim` changed in ``value`` that the user should be told."""
    changes = []
    if re.search(r"\S\s+\S", value):
        changes.append("whitespace inside removed")
    if _CONTROL.search(value):
        changes.append("control characters removed")
    if encoded != _CONTROL.sub("", re.sub(r"\s+", "", value)):
        changes.append("braces, backslashes or TeX commands that could break the file or run were percent-encoded")
    return changes


def decode_verbatim(value: str) -> str:
    """DOI / URL as read: no LaTeX decoding; undo ``\\url{}`` and the ``\\_``-style escapes some
    exporters wrongly add; drop whitespace (long URLs are sometimes wrapped)."""
    value = value.strip()
    m = re.fullmatch(r"\\(?:url|path)\s*\{(.*)\}", value, re.DOTALL)
    if m:
        value = m.group(1)
    value = _peel_braces(value)
    value = _VERBATIM_ESCAPES.sub(r"\1", value)
    return _CONTROL.sub("", re.sub(r"\s+", "", value))


def verbatim_problem(raw: str, decoded: str) -> str | None:
    """What reading a DOI / URL changed that the user should know: whitespace or control
    characters removed inside it, TeX commands in it (kept, and percent-encoded when written)."""
    inner = raw.strip()
    problems = []
    if _CONTROL.search(inner):
        problems.append("control characters removed")
    if re.search(r"\S\s+\S", inner):
        problems.append("whitespace inside removed")
    command = _DANGEROUS.search(decoded)
    if command:
        problems.append(f"LaTeX command {command.group()!r} in it (written percent-encoded)")
    return "; ".join(problems) or None

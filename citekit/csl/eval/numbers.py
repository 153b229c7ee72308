"""Numbers: ``is-numeric``, ``cs:number`` forms, label plurality and ``page-range-format``.

CSL 1.0.2 "Number": a value is numeric when it is one or more numbers (optionally with letter
affixes like ``12a``) separated by ``-``, ``,`` or ``&``. Ranges render with an en dash; ``&``
and ``,`` are spaced (fixtures number_*).
"""

from __future__ import annotations

import re

from citekit.csl.locale import Locale

_TOKEN = re.compile(r"\s*([,&\-–]|\band\b)\s*")
_NUM = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*$|^[IVXLCDMivxlcdm]+$")
_DIGITS = re.compile(r"\d+")


def split_numbers(value: str) -> list[str]:
    """``"2-4, 7 & 9"`` → ``["2", "-", "4", ",", "7", "&", "9"]`` (numbers and separators)."""
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(value):
        out.append(value[pos:m.start()].strip())
        out.append(m.group(1))
        pos = m.end()
    out.append(value[pos:].strip())
    return out


def is_numeric(value: str | None) -> bool:
    """CSL ``is-numeric``: numbers with optional letter affixes, joined by ``-``, ``,``, ``&``."""
    if not value:
        return False
    parts = split_numbers(value)
    return all(_NUM.match(p) and any(ch.isdigit() for ch in p) or p in ("-", ",", "&", "and", "–")
               for p in parts if p != "")  and parts[0] != "" and parts[-1] != ""


_ROMAN = re.compile(r"^(?:[ivxlcdm]+|[IVXLCDM]+)$")


def is_plural(value: str, and_term: str | None = None) -> bool:
    """A "contextual" label is plural when the value lists more than one number: joined by a range
    or list mark, "and", or the locale's "and" ("213 et 235": label_PluralWithLocalizedAnd).
    An escaped hyphen joins nothing (``327\\-30``); ``5 Suppl 3`` is one issue."""
    if "\\-" in value:
        return False
    words = "and" if not and_term or and_term == "and" else f"and|{re.escape(and_term)}"
    parts = [p for p in re.split(rf"\s*(?:[-–,&]|\b(?:{words})\b)\s*", value.strip()) if p]
    if len(parts) > 1 and re.fullmatch(r"\d+[.]\d+", parts[0]):
        return False  # citeproc-js: a first number that is not a whole number joins no range ("604.4-604")
    return len(parts) > 1 and sum(1 for p in parts if any(ch.isdigit() for ch in p) or _ROMAN.match(p)) > 1


def roman(number: int) -> str:
    """Lowercase roman numerals (CSL renders ``form="roman"`` lowercase)."""
    if number <= 0 or number >= 4000:
        return str(number)
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def format_number(token: str, form: str, locale: Locale, gender: str | None = None) -> str:
    """One number in a CSL form; tokens with letters keep them (``12a``)."""
    m = _DIGITS.search(token)
    if not m or form == "numeric":
        return token
    num = int(m.group(0))
    if token != m.group(0):
        return token
    if form == "ordinal":
        return f"{num}{locale.ordinal_suffix(num, gender)}"
    if form == "long-ordinal":
        long = locale.long_ordinal(num, gender)
        return long if long is not None else f"{num}{locale.ordinal_suffix(num, gender)}"
    if form == "roman":
        return roman(num)
    return token


def render_number(value: str, form: str, locale: Locale, gender: str | None = None) -> str:
    """A numeric variable in a form: each number formatted, ranges with an en dash."""
    parts = split_numbers(value)
    out: list[str] = []
    for p in parts:
        if p in ("-", "–"):
            out.append("–")
        elif p == ",":
            out.append(", ")
        elif p == "&":
            out.append(" & ")
        elif p == "and":
            out.append(" and ")
        else:
            out.append(format_number(p, form, locale, gender))
    return "".join(out)


# ------------------------------------------------------------------------------ page ranges
_RANGE = re.compile(r"(?<![\w.])([A-Za-z]*)(\d+)\s*(?:-|–|—|‐)+\s*([A-Za-z]*)(\d+)(?![\w])")


def _expand(first: str, last: str) -> str:
    if len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


def _minimal(first: str, last: str, keep: int = 1) -> str:
    if len(first) != len(last):
        return last
    i = 0
    while i < len(first) - keep and first[i] == last[i]:
        i += 1
    return last[i:]


def _chicago(first: str, last: str, edition: int = 15) -> str:
    """CMOS page ranges: under 100 all digits; x00 all; x01-x09 changed part only; otherwise two or
    more digits; CMOS 15 also keeps all four digits when three of them change (1496–1504)."""
    f = int(first)
    if f < 100 or f % 100 == 0:
        return last
    if f % 100 < 10:
        return _minimal(first, last, 1)
    short = _minimal(first, last, 2)
    if edition == 15 and len(first) == 4 and len(short) >= 3:
        return last
    return short


_SPACED_HYPHEN = re.compile(r"\s+-\s+")
_ROMAN_RANGE = re.compile(r"(?<![\w])([ivxlcdm]+|[IVXLCDM]+)\s*[-–]\s*([ivxlcdm]+|[IVXLCDM]+)(?![\w])")


def page_range(value: str, fmt: str | None, delimiter: str = "–") -> str:
    """Apply ``page-range-format`` (expanded, minimal, minimal-two, chicago, chicago-15/16)."""
    def repl(m: re.Match[str]) -> str:
        p1, first, p2, last = m.group(1), m.group(2), m.group(3), m.group(4)
        if p1 != p2:
            return f"{p1}{first}-{p2}{last}"  # R583-6: citeproc-js leaves mixed ranges alone
        if not fmt:
            return f"{p1}{first}{delimiter}{p2}{last}"
        full = _expand(first, last)
        if int(full) <= int(first) and fmt != "expanded":
            return f"{p1}{first}{delimiter}{p2}{last}"
        if fmt == "expanded":
            out = full
        elif fmt == "minimal":
            out = _minimal(first, full, 1)
        elif fmt == "minimal-two":
            out = _minimal(first, full, 2) if len(first) > 1 else _minimal(first, full, 1)
        elif fmt in ("chicago", "chicago-15"):
            out = _chicago(first, full, 15)
        elif fmt == "chicago-16":
            out = _chicago(first, full, 16)
        else:
            out = last
        if fmt != "expanded":
            p2 = ""  # a repeated prefix goes with the shortened end: n11564–8 (fixture page_Minimal)
        return f"{p1}{first}{delimiter}{p2}{out}"

    value = _RANGE.sub(repl, value)
    if " - " in value:
        value = _SPACED_HYPHEN.sub("-", value)  # 123N110 - N5 → 123N110-N5 (fixture page_Expand)
    if "-" in value:
        value = _ROMAN_RANGE.sub(lambda m: f"{m.group(1)}{delimiter}{m.group(2)}", value)
    return value

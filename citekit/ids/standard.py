"""ISSN (ISO 3297, mod-11 check digit) and ISBN (ISO 2108: ISBN-10 mod 11, ISBN-13 mod 10)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.errors import InvalidIdentifier

_ISSN = re.compile(r"^(?:e?issn\s*:?\s*)?(\d{4})[-‐‑–\s]?(\d{3}[\dX])$", re.IGNORECASE)
_ISBN_LABEL = re.compile(r"^isbn(?:-1[03])?\s*:?\s*", re.IGNORECASE)


def issn_check_digit(first7: str) -> str:
    """The ISSN check character for seven digits: weights 8..2, mod 11, 10 written ``X``."""
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1), strict=True))
    c = (11 - total % 11) % 11
    return "X" if c == 10 else str(c)


def isbn10_check_digit(first9: str) -> str:
    """The ISBN-10 check character: weights 10..2, mod 11, 10 written ``X``."""
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True))
    c = (11 - total % 11) % 11
    return "X" if c == 10 else str(c)


def isbn13_check_digit(first12: str) -> str:
    """The ISBN-13 (EAN-13) check digit: weights 1,3,1,3..., mod 10."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class ISSN:
    """An ISSN, ``ISSN.parse("0028-4793")``; ``str()`` is ``NNNN-NNNC`` with an upper-case ``X``."""

    value: str

    @classmethod
    def parse(cls, text: str) -> ISSN:
        """Parse ``0028-4793``, ``00284793`` or ``ISSN 0028-4793`` and verify the check digit."""
        m = _ISSN.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise InvalidIdentifier(f"not a valid ISSN: {text!r}", item=str(text), field="ISSN")
        digits = (m.group(1) + m.group(2)).upper()
        if issn_check_digit(digits[:7]) != digits[7]:
            raise InvalidIdentifier(
                f"not a valid ISSN: {text!r} (check digit should be {issn_check_digit(digits[:7])})",
                item=text, field="ISSN",
            )
        return cls(f"{digits[:4]}-{digits[4:]}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ISBN:
    """An ISBN, stored as its 13 digits: ``ISBN.parse("0-306-40615-2").isbn13 == "9780306406157"``.

    ISBN-10s are converted (prefix 978). Hyphenation needs the ISBN range tables, so ``str()`` is compact.
    """

    isbn13: str

    @classmethod
    def parse(cls, text: str) -> ISBN:
        """Parse an ISBN-10 or ISBN-13 with or without hyphens/spaces and verify its check digit."""
        if not isinstance(text, str):
            raise InvalidIdentifier(f"not a valid ISBN: {text!r}", item=str(text), field="ISBN")
        s = _ISBN_LABEL.sub("", text.strip())
        compact = re.sub(r"[-‐‑–\s]", "", s).upper()
        if re.fullmatch(r"\d{9}[\dX]", compact):
            if isbn10_check_digit(compact[:9]) != compact[9]:
                raise InvalidIdentifier(f"not a valid ISBN: {text!r} (ISBN-10 check digit should be "
                                        f"{isbn10_check_digit(compact[:9])}, not {compact[9]})", item=text, field="ISBN")
            body = "978" + compact[:9]
            return cls(body + isbn13_check_digit(body))
        if re.fullmatch(r"97[89]\d{10}", compact):
            if isbn13_check_digit(compact[:12]) != compact[12]:
                raise InvalidIdentifier(f"not a valid ISBN: {text!r} (ISBN-13 check digit should be "
                                        f"{isbn13_check_digit(compact[:12])}, not {compact[12]})", item=text, field="ISBN")
            return cls(compact)
        raise InvalidIdentifier(f"not a valid ISBN: {text!r} (an ISBN-10, or an ISBN-13 starting 978 or 979)", item=text,
                                field="ISBN")

    @property
    def isbn10(self) -> str | None:
        """The ISBN-10 form, for 978- ISBNs only."""
        if not self.isbn13.startswith("978"):
            return None
        body = self.isbn13[3:12]
        return body + isbn10_check_digit(body)

    def __str__(self) -> str:
        return self.isbn13

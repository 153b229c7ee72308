"""CSL date variables: ``date-parts`` (one date or a range), ``season``, ``circa``, ``literal``, ``raw``.

Parts keep the type they arrived with (``2017`` or ``"2017"``) so that a round trip is identical;
the accessors below read both.
"""

from __future__ import annotations

import datetime as _dt

from pydantic import BaseModel, ConfigDict, Field

DatePart = int | str


def _as_int(value: DatePart | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None


class Date(BaseModel):
    """A CSL date: ``{"date-parts": [[2017, 4]]}``, a range of two such lists, or a literal/raw string."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    date_parts: list[list[DatePart]] | None = Field(None, alias="date-parts")
    season: str | int | None = None
    circa: str | int | bool | None = None
    literal: str | None = None
    raw: str | None = None

    @classmethod
    def from_parts(cls, year: int, month: int | None = None, day: int | None = None) -> Date:
        """A single date from integer parts (month and day optional)."""
        parts: list[DatePart] = [year]
        if month is not None:
            parts.append(month)
            if day is not None:
                parts.append(day)
        return cls.model_validate({"date-parts": [parts]})

    @classmethod
    def from_iso(cls, text: str) -> Date:
        """``2023``, ``2023-11`` or ``2023-11-01`` as a date; anything else is kept as ``raw``."""
        bits = text.strip().split("-")
        if 1 <= len(bits) <= 3 and all(b.isdigit() for b in bits) and len(bits[0]) == 4:
            nums = [int(b) for b in bits]
            return cls.from_parts(*nums)
        return cls(raw=text)

    def _part(self, index: int, which: int = 0) -> int | None:
        if not self.date_parts or len(self.date_parts) <= which:
            return None
        parts = self.date_parts[which]
        return _as_int(parts[index]) if len(parts) > index else None

    @property
    def year(self) -> int | None:
        """The (first) year, whether given as a number or a string; ``None`` for literal-only dates."""
        y = self._part(0)
        if y is None and self.raw:
            head = self.raw.strip()[:4]
            if head.isdigit():
                return int(head)
        return y

    @property
    def month(self) -> int | None:
        """The month (1-12) of the first date, if present."""
        m = self._part(1)
        return m if m is not None and 1 <= m <= 12 else None

    @property
    def day(self) -> int | None:
        """The day of the first date, if present."""
        return self._part(2)

    @property
    def is_range(self) -> bool:
        """True when ``date-parts`` holds a start and an end."""
        return bool(self.date_parts and len(self.date_parts) == 2)

    def iso(self) -> str | None:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` for the first date, else ``None``."""
        if self.year is None:
            return None
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def as_date(self) -> _dt.date | None:
        """A ``datetime.date`` when year, month and day are all known and valid."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return _dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def __repr__(self) -> str:
        if self.date_parts:
            shown = "/".join("-".join(f"{p:02d}" if isinstance(p, int) and i else str(p) for i, p in enumerate(parts))
                             for parts in self.date_parts)
            return f"Date({shown}{', circa' if self.circa else ''})"
        return f"Date({self.literal or self.raw or ''!r})"

    def to_csl(self) -> dict[str, object]:
        """This date as a CSL-JSON object (only the keys that were set)."""
        return self.model_dump(by_alias=True, exclude_unset=True)

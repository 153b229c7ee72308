"""CSL dates ⇄ BibTeX ``year``/``month`` and BibLaTeX ``date`` (ISO 8601 / EDTF level 1 subset).

BibLaTeX (manual §2.3.8) reads ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ranges ``start/end`` (open:
``start/``), circa ``~``, uncertain ``?`` and seasons as months 21-24. BibTeX has only ``year``
and ``month`` (a macro ``jan``…``dec``): a day, a season or circa cannot be written there and
is reported; a range of years is written ``2017--2018`` (read back as a range).
"""

from __future__ import annotations

import re

from citekit.formats.bibtex.mapping import month_number
from citekit.model import Date

_EDTF_ONE = re.compile(
    r"(?P<y>[+-]?\d{1,5})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?P<q>[~?%]?)"
)
_YEAR_RANGE = re.compile(r"(\d{1,4})\s*(?:--|–|—|-|/)\s*(\d{1,4})")
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _season_number(season: object) -> int | None:
    n = _int(season)
    if n is not None:
        return n if 1 <= n <= 4 else None
    return _SEASONS.get(str(season).strip().lower())


def _one(parts: list[int | str]) -> tuple[str | None, list[str]]:
    nums = [_int(p) for p in parts]
    if not nums or nums[0] is None:
        return None, [f"date part {parts!r} is not a number"]
    year = nums[0]
    out = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    if len(nums) > 1 and nums[1] is not None:
        if not 1 <= nums[1] <= 12:
            return out, [f"month {nums[1]} is not 1-12; left out"]
        out += f"-{nums[1]:02d}"
        if len(nums) > 2 and nums[2] is not None and nums[2] != 0:
            out += f"-{nums[2]:02d}"
    return out, []


def to_edtf(date: Date) -> tuple[str | None, list[str]]:
    """A CSL date → a BibLaTeX date string (``None``: only a literal, written elsewhere), problems."""
    problems: list[str] = []
    parts = date.date_parts
    if not parts or not parts[0]:
        if date.raw:
            parsed = from_edtf(date.raw)
            if parsed is not None and parsed.date_parts:
                return to_edtf(parsed)
        return None, problems
    if len(parts) > 1 and _int(parts[0][0]) == 0 and parts[1] and _int(parts[1][0]):
        end, issues = _one(parts[1])  # an open start: /2015
        return (None if end is None else f"/{end}"), problems + issues
    start, issues = _one(parts[0])
    problems += issues
    if start is None:
        return None, problems
    if date.season is not None:
        season = _season_number(date.season)
        if season is not None and len(parts[0]) == 1:
            start += f"-{20 + season}"
        else:
            problems.append(f"season {date.season!r} cannot be written with a month; left out")
    if date.circa:
        start += "~"
    if len(parts) > 1:
        open_end = not parts[1] or _int(parts[1][0]) == 0
        end, issues = ("", []) if open_end else _one(parts[1])
        problems += issues
        return f"{start}/{end or ''}", problems
    return start, problems


_UNSPECIFIED = re.compile(r"(?P<y>[+-]?[\dX]{4})(?:-(?P<m>\d\d|XX)(?:-(?P<d>\d\d|XX))?)?(?P<q>[~?%]?)")
_OPEN = ("", "..")


def _edtf_piece(piece: str, first: bool) -> tuple[list[int | str], int | None, bool, list[int] | None] | None:
    """One side of a range → (parts, season, circa, end of an unspecified year's range), or None."""
    m = _EDTF_ONE.fullmatch(piece)
    if m is None:
        # EDTF unspecified digits (biblatex manual §2.3.8; biber expands them): 199X → 1990/1999,
        # 19XX → 1900/1999; an unspecified month or day (2015-XX, 2015-03-XX) lowers the precision
        u = _UNSPECIFIED.fullmatch(piece)
        if u is None or "X" not in piece:
            return None
        year, circa = u["y"], u["q"] in ("~", "%")
        if "X" in year:
            if not re.fullmatch(r"\d+X+", year) or u["m"]:
                return None  # X only as the trailing digits of a bare year
            return [int(year.replace("X", "0"))], None, circa, [int(year.replace("X", "9"))]
        parts: list[int | str] = [int(year)]
        if u["m"] and u["m"] != "XX":
            if not 1 <= int(u["m"]) <= 12:
                return None
            parts.append(int(u["m"]))
        return parts, None, circa, None
    nums: list[int | str] = [int(m["y"])]
    season: int | None = None
    if m["m"]:
        month = int(m["m"])
        if 21 <= month <= 24 and first:
            season = month - 20
        elif 1 <= month <= 12:
            nums.append(month)
            if m["d"]:
                day = int(m["d"])
                if not 1 <= day <= 31:
                    return None
                nums.append(day)
        else:
            return None
    return nums, season, m["q"] in ("~", "%"), None


def from_edtf(text: str) -> Date | None:
    """A BibLaTeX / ISO / EDTF date string → a CSL date, or None when it is not one.

    Open ranges are written as pandoc and citeproc-js write them, with year 0 on the open side:
    ``2015/`` and ``2015/..`` → ``[[2015], [0]]``; ``/2015`` and ``../2015`` → ``[[0], [2015]]``.
    ``~`` and ``%`` (approximate) set ``circa``; ``?`` (uncertain) has no CSL form and is dropped,
    as pandoc drops it; unspecified digits: see :func:`_edtf_piece`.
    """
    text = text.strip()
    if not text:
        return None
    pieces = [p.strip() for p in text.split("/")]
    if len(pieces) > 2 or all(p in _OPEN for p in pieces):
        return None
    parsed: list[list[int | str]] = []
    circa = False
    season: int | None = None
    for k, piece in enumerate(pieces):
        if len(pieces) == 2 and piece in _OPEN:
            parsed.append([0])  # an open start or end
            continue
        one = _edtf_piece(piece, k == 0)
        if one is None:
            return None
        nums, piece_season, piece_circa, unspecified_end = one
        season = season if piece_season is None else piece_season
        circa = circa or piece_circa
        parsed.append(nums)
        if unspecified_end is not None and len(pieces) == 1:
            parsed.append(list(unspecified_end))  # 199X: the decade 1990/1999
    data: dict[str, object] = {"date-parts": parsed}
    if season is not None:
        data["season"] = season
    if circa:
        data["circa"] = True
    return Date.model_validate(data)


def to_year_month(date: Date) -> tuple[str | None, int | None, str | None, list[str]]:
    """A CSL date → BibTeX ``(year, month, literal_year, problems)``.

    ``year`` is digits (or ``2017--2018`` for a range of years); ``literal_year`` is free text
    for a literal date, to be written (escaped) in ``year``.
    """
    problems: list[str] = []
    parts = date.date_parts
    if not parts or not parts[0]:
        if date.raw:
            parsed = from_edtf(date.raw)
            if parsed is None:
                m = _YEAR_RANGE.fullmatch(date.raw.strip())
                if m:
                    return f"{m[1]}--{m[2]}", None, None, problems
            if parsed is not None and parsed.date_parts:
                return to_year_month(parsed)
            return None, None, date.raw, problems
        return None, None, date.literal, problems
    if len(parts) > 1 and parts[1] and (_int(parts[0][0]) == 0 or _int(parts[1][0]) == 0):
        known = parts[1] if _int(parts[0][0]) == 0 else parts[0]
        side = "start" if known is parts[1] else "end"
        year_only = Date.model_validate({"date-parts": [known]})
        year, month, literal, problems = to_year_month(year_only)
        return year, month, literal, [*problems, f"an open {side} of a date range cannot be written in BibTeX (BibLaTeX's date can); left out"]
    nums = [_int(p) for p in parts[0]]
    if nums[0] is None:
        return None, None, str(parts[0][0]), [f"year {parts[0][0]!r} is not a number; written as text"]
    year = str(nums[0])
    month = nums[1] if len(nums) > 1 and nums[1] is not None and 1 <= nums[1] <= 12 else None
    if len(nums) > 1 and nums[1] is not None and month is None:
        problems.append(f"month {nums[1]} is not 1-12; left out")
    if len(nums) > 2 and nums[2]:
        problems.append(f"day {nums[2]} cannot be written in BibTeX (year and month only; BibLaTeX's date can)")
    if len(parts) > 1 and parts[1]:
        end = [_int(p) for p in parts[1]]
        if end and end[0] is not None and end[0] != nums[0]:
            year = f"{year}--{end[0]}"
            if month is not None:
                problems.append("the months of a range of years cannot be written in BibTeX; left out")
                month = None
        if len(end) > 1 and year.isdigit():
            problems.append("the end of a date range cannot be written in BibTeX beyond its year")
    if date.season is not None:
        problems.append(f"season {date.season!r} cannot be written in BibTeX")
    if date.circa:
        problems.append("'circa' cannot be written in BibTeX")
    return year, month, None, problems


def from_year_month(year: str | None, month: str | None) -> tuple[Date | None, bool, list[str]]:
    """BibTeX ``year`` and ``month`` values (already decoded) → a CSL date, whether the month was
    used (if not, the caller keeps it as an unknown field), and problems."""
    problems: list[str] = []
    if year is None or not year.strip():
        if month:
            problems.append("month without a year; kept as an unknown field")
        return None, False, problems
    y = year.strip()
    m_num: int | None = None
    if month is not None and month.strip():
        m_num = month_number(month)
        if m_num is None:
            problems.append(f"month {month!r} is not a month; kept as an unknown field")
    if re.fullmatch(r"-?\d{1,5}", y):
        return Date.from_parts(int(y), m_num), m_num is not None, problems
    if m_num is not None:
        problems.append(f"month given with a year {y!r} that is not a single year; kept as an unknown field")
    rng = _YEAR_RANGE.fullmatch(y)
    if rng:
        return Date.model_validate({"date-parts": [[int(rng[1])], [int(rng[2])]]}), False, problems
    parsed = from_edtf(y)
    if parsed is not None:
        return parsed, False, problems
    return Date(literal=y), False, problems

"""``cs:date`` (CSL 1.0.2 "Date"): localized and non-localized forms, parts, ranges, seasons,
BC/AD years, literal and raw dates, and the sort-key form of a date.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.output.tree import Out, wrap
from citekit.model import Date as ModelDate

if TYPE_CHECKING:
    from citekit.csl.eval.context import Ctx

DateTuple = tuple[int | None, int | None, int | None]
_LEVEL = {"year": 0, "month": 1, "day": 2}
_RAW = re.compile(r"^\s*(-?\d{1,4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?\s*$")


def _num(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def date_tuples(date: ModelDate, collapse: bool = True) -> list[DateTuple]:
    """The start (and end) of a date as (year, month, day); empty for literal-only dates.

    A range whose ends are equal is one date unless ``collapse`` is false (sort keys keep it a
    range, as citeproc-js does: ``[[2021], [2021]]`` sorts with the 2021 ranges, after ``[[2021]]``).
    """
    out: list[DateTuple] = []
    if date.date_parts:
        for k, parts in enumerate(date.date_parts[:2]):
            vals = [_num(p) for p in parts[:3]] + [None, None, None]
            y, m, d = vals[0], vals[1], vals[2]
            if y is None and m is None:
                if k == 1 and out:
                    out.append((None, None, None))
                continue
            # months 13-24 are seasons (CSL-JSON convention); others outside 1-12 are dropped
            if m is not None and 17 <= m <= 24:
                m = 13 + (m - 13) % 4  # 13-24 cycle through the seasons (date_VariousInvalidDates)
            if m is not None and not 1 <= m <= 16:
                m, d = None, None
            if d is not None and not 1 <= d <= 31:
                d = None
            if y == 0 and out:
                out.append((None, None, None))  # an open range: [[1987], [0]]
                continue
            if y == 0 and k == 0 and len(date.date_parts) > 1:
                continue  # an open start, [[0], [2015]]: the end alone, as pandoc's citeproc shows it
            out.append((y, m, d))
    elif date.raw:
        for piece in re.split(r"\s*/\s*(?=\d{4})|(?<=\d)\s+-\s+", date.raw.strip())[:2]:
            found = _RAW.match(piece)
            if found:
                out.append((int(found.group(1)), _num(found.group(2)), _num(found.group(3))))
    if collapse and len(out) == 2 and out[0] == out[1] and out[0][0] is not None:
        out = out[:1]
    return out


def sort_value(date: ModelDate | None, month: bool = True, day: bool = True) -> str | None:
    """A string that sorts dates chronologically (ranges after their start)."""
    if date is None:
        return None
    tuples = date_tuples(date, collapse=False)
    if not tuples:
        return date.literal or None
    keys = []
    for y, m, d in tuples:
        if y is None:
            continue
        keys.append(f"{(y or 0) + 50000:06d}{(m or 0) if month else 0:02d}{(d or 0) if day else 0:02d}")
    # a space, not "-": collation drops punctuation and reads digit runs as numbers, so
    # "1991...-1991..." would become one huge number and sort after 1998 (a word break keeps two)
    return " ".join(keys)


def _season(date: ModelDate) -> str | int | None:
    return date.season if date.season not in (None, "") else None


def _render_part(part: n.DatePart, value: DateTuple, date: ModelDate, ctx: Ctx, is_start: bool = True) -> Out | None:
    y, m, d = value
    loc = ctx.locale
    text: str | None = None
    if part.name == "year":
        if y is None:
            return None
        if part.form == "short":
            text = f"{abs(y) % 100:02d}"
        else:
            text = str(abs(y))
        if y < 0:
            text += loc.term("bc") or "BC"
        elif y < 1000:
            text += loc.term("ad") or "AD"
    elif part.name == "month":
        season: int | str | None = None
        if m is not None and 13 <= m <= 16:
            season, m = m - 12, None
        elif m is None and is_start:
            s = _season(date)
            if s is not None:
                season = _num(s) if _num(s) is not None else s
        if m is not None:
            form = part.form or "long"
            if form == "numeric":
                text = str(m)
            elif form == "numeric-leading-zeros":
                text = f"{m:02d}"
            else:
                text = loc.term(f"month-{m:02d}", "short" if form == "short" else "long") or str(m)
        elif season is not None:
            if isinstance(season, int) and 1 <= season <= 4:
                text = loc.term(f"season-{season:02d}") or str(season)
            elif isinstance(season, str):
                text = season
        if text is None:
            return None
    elif part.name == "day":
        if d is None or m is None:
            return None
        form = part.form or "numeric"
        if form == "numeric-leading-zeros":
            text = f"{d:02d}"
        elif form == "ordinal" and (d == 1 or not loc.option("limit-day-ordinals-to-day-1")):
            gender = loc.gender(f"month-{m:02d}") if m else None
            text = f"{d}{loc.ordinal_suffix(d, gender)}"
        else:
            text = str(d)
    if not text:
        return None
    out = Out([text], kind="year" if part.name == "year" else None)
    if part.strip_periods:
        from citekit.csl.eval.textcase import strip_periods

        strip_periods(out)
    if part.text_case:
        from citekit.csl.eval.textcase import apply_text_case

        apply_text_case(out, part.text_case, ctx.lang.startswith("en"))
    return wrap(out, part.prefix, part.suffix, part.formatting)


def _effective_parts(node: n.Date, ctx: Ctx) -> tuple[list[n.DatePart], str]:
    if not node.form:
        return node.parts, node.delimiter or ""
    fmt = ctx.locale.date_format(node.form)
    if fmt is None:
        return node.parts, node.delimiter or ""
    wanted = {"year-month-day": ("year", "month", "day"), "year-month": ("year", "month"), "year": ("year",)}.get(
        node.date_parts, ("year", "month", "day"))
    overrides = {p.name: p for p in node.parts}
    parts = []
    for p in fmt.parts:
        if p.name not in wanted:
            continue
        o = overrides.get(p.name)
        if o is not None:
            p = n.DatePart(
                name=p.name,
                form=o.form if "form" in o.explicit else p.form,
                prefix=o.prefix if "prefix" in o.explicit else p.prefix,
                suffix=o.suffix if "suffix" in o.explicit else p.suffix,
                formatting=(*p.formatting, *o.formatting) if o.formatting else p.formatting,
                text_case=o.text_case if "text-case" in o.explicit else p.text_case,
                strip_periods=o.strip_periods or p.strip_periods,
                range_delimiter=o.range_delimiter if "range-delimiter" in o.explicit else p.range_delimiter,
                explicit=p.explicit,
            )
        parts.append(p)
    return parts, fmt.delimiter or ""


def _join(items: list[Out], delimiter: str) -> list[Out | str]:
    children: list[Out | str] = []
    for o in items:
        if children and delimiter:
            children.append(delimiter)
        children.append(o)
    return children


def _strip_affix(out: Out | None, side: str) -> Out | None:
    """Drop the outer prefix or suffix a part added (range ends join on the range delimiter)."""
    if out is None or len(out.children) < 2:
        return out
    kids = list(out.children)
    if side == "suffix" and isinstance(kids[-1], str):
        kids = kids[:-1]
    elif side == "prefix" and isinstance(kids[0], str):
        kids = kids[1:]
    return Out(kids, out.fmt, out.quotes, out.display, out.kind)


def render_date(node: n.Date, ctx: Ctx) -> Out | None:
    """A date variable as the element describes it (empty when the item lacks it)."""
    ctx.called += 1
    if node.variable in ctx.suppressed:
        return None
    date = ctx.item.date(node.variable)
    if date is None:
        return None
    tuples = date_tuples(date)
    if ctx.sort_key:
        # in a macro sort key a date sorts by the parts it shows (a year-only date by its year)
        shown = {p.name for p in _effective_parts(node, ctx)[0]}
        key = sort_value(date, "month" in shown, "day" in shown)
        if key is None:
            return None
        ctx.rendered += 1
        return Out([key])
    if not tuples:
        text = date.literal or date.raw
        year = next((p for p in _effective_parts(node, ctx)[0] if p.name == "year"), None)
        if not text or year is None:
            # citeproc-js renders a literal date only where the year part is shown, so a
            # month-day date beside a year date does not repeat it (``(n.d.)``, not ``(n.d., n.d.)``)
            return None
        ctx.rendered += 1
        ctx.rendered_vars.append(node.variable)
        literal: Out | str = text
        if year.prefix or year.suffix:
            # ... in the year part's place, with its affixes (ja-JP's localized year "年": "n.d.年")
            literal = wrap(text, year.prefix, year.suffix) or text
        return wrap(literal, node.prefix, node.suffix, node.formatting, display=node.display)
    parts, delimiter = _effective_parts(node, ctx)
    start = tuples[0]
    if len(tuples) == 1 or tuples[1][0] is None:
        rendered = [o for p in parts if (o := _render_part(p, start, date, ctx)) is not None]
        children = _join(rendered, delimiter)
        if len(tuples) == 2 and tuples[1][0] is None:
            pass
    else:
        end = tuples[1]
        names = [p.name for p in parts]
        # a range whose ends differ only in parts not shown renders as one date (a year-only
        # form of 2021-03/2021-05 is ``2021``, as in citeproc-js), not ``2021–2021``
        levels = {_LEVEL[nm] for nm in names if nm in _LEVEL}
        diff = next((lvl for lvl in range(3) if lvl in levels and start[lvl] != end[lvl]), None)
        if diff is None:
            rendered = [o for p in parts if (o := _render_part(p, start, date, ctx)) is not None]
            children = _join(rendered, delimiter)
        else:
            diff_name = ("year", "month", "day")[diff]
            span = [i for i, nm in enumerate(names) if _LEVEL.get(nm, 0) >= diff]
            if diff == 0 or not span:
                span = list(range(len(parts)))
            if not span:  # no date-part to show (the loader rejects the styles that cause this)
                return None
            lo, hi = min(span), max(span)
            range_part = next((p for p in parts if p.name == diff_name), None)
            range_delim = (range_part.range_delimiter if range_part and range_part.range_delimiter is not None else "–")
            first = [o for p in parts[lo:hi + 1] if (o := _render_part(p, start, date, ctx)) is not None]
            second = [o for p in parts[lo:hi + 1] if (o := _render_part(p, end, date, ctx, False)) is not None]
            if first:
                first[-1] = _strip_affix(first[-1], "suffix") or first[-1]
            if second:
                second[0] = _strip_affix(second[0], "prefix") or second[0]
            middle = Out([Out(_join(first, delimiter)), range_delim, Out(_join(second, delimiter))])
            before = [o for p in parts[:lo] if (o := _render_part(p, start, date, ctx)) is not None]
            after = [o for p in parts[hi + 1:] if (o := _render_part(p, start, date, ctx)) is not None]
            children = _join([*before, middle, *after], delimiter)
    out = Out(children)
    if out.is_empty():
        return None
    if len(tuples) == 2 and tuples[1][0] is None:
        out.children.append("–")  # an open range: 1987– (fixture date_TextFormYeardateYearRangeOpen)
    ctx.rendered += 1
    ctx.rendered_vars.append(node.variable)
    cite = ctx.cite
    if (cite is not None and cite.year_suffix and not ctx.style.explicit_year_suffix and node.variable == "issued"
            and "year-suffix" not in ctx.rendered_vars and any(p.name == "year" for p in parts)):
        # citeproc-js: without an explicit cs:text variable="year-suffix", the suffix follows the
        # first rendered issued year (fixtures sort_ChicagoYearSuffix*, disambiguate_*)
        _append_suffix(out, cite.year_suffix)
        ctx.rendered_vars.append("year-suffix")
    if node.text_case:
        from citekit.csl.eval.textcase import apply_text_case

        apply_text_case(out, node.text_case, ctx.lang.startswith("en"))
    return wrap(out, node.prefix, node.suffix, node.formatting, display=node.display)


def _append_suffix(out: Out, suffix: str) -> None:
    """Put the year-suffix right after the year, after a range's last year (citeproc-js:
    ``2013–2015a``)."""
    years = [node for node in out.walk() if node.kind == "year"]
    year = years[-1] if years else out
    year.children.append(Out([suffix], kind="year-suffix"))

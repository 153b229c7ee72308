"""Sorting cites and bibliography entries (CSL 1.0.2 "Sorting").

Each ``cs:key`` yields a value per item: a name variable renders its names in sort order, a date
as a chronological string, a number zero-padded, a macro in "sort mode" (names inverted, numbers
padded, dates chronological). Empty values sort last in either direction. Strings compare by the
rendering language's collation key (``collation.py``): diacritics and case are secondary, so
Álvarez sorts with A in English (fixture sort_*) and Åberg after Zetterström in Swedish.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.eval.collation import collation_key
from citekit.csl.eval.context import Ctx
from citekit.csl.eval.dates import sort_value
from citekit.csl.eval.names import render_name_list
from citekit.csl.eval.render import render_children, variable_text
from citekit.csl.output.richtext import parse_rich
from citekit.model.vocab import DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES

if TYPE_CHECKING:
    from citekit.csl.data import ItemData

SortValue = tuple[tuple[str, ...], str] | None


def key_value(key: n.SortKey, ctx: Ctx) -> str | None:
    """One item's value for one sort key (``None`` when empty)."""
    item = ctx.item
    # each key is rendered afresh: a substitution in one key must not suppress another's
    # variables (fixture sort_NumberOfAuthorsAsKey)
    ctx.suppressed = set()
    ctx.rendered_vars = []
    if key.variable is not None:
        var = key.variable
        if var in NAME_VARIABLES:
            names = item.names(var)
            if not names:
                return None
            opts = dict(ctx.name_opts)
            opts["name-as-sort-order"] = "all"
            _apply_name_overrides(key, opts)
            from citekit.csl.nodes import Names

            ctx.sort_key = True
            try:
                out, _ = render_name_list(names, Names(variables=[var]), ctx, None, opts)
            finally:
                ctx.sort_key = False
            return out.plain() if out is not None else None
        if var in DATE_VARIABLES:
            return sort_value(item.date(var))
        if var == "citation-number":
            num = ctx.cite.citation_number if ctx.cite else None
            return f"{num:08d}" if num is not None else None
        value = item.text(var) if var != "citation-label" else variable_text(var, "long", ctx)
        if value is None:
            return None
        if "<" in value:
            value = parse_rich(value).plain()  # markup never sorts (fixture sort_StripMarkup)
        if var in NUMBER_VARIABLES and value.strip().isdigit():
            return f"{int(value):08d}"
        return value
    if key.macro is not None:
        overrides: dict[str, str] = {}
        _apply_name_overrides(key, overrides)
        ctx.name_overrides = overrides
        ctx.sort_key = True
        try:
            out = render_children(ctx.macro(key.macro), ctx)
        finally:
            ctx.sort_key = False
            ctx.name_overrides = {}
        if out is None:
            return None
        text = out.plain()
        return text or None
    return None


def _apply_name_overrides(key: n.SortKey, opts: dict[str, str]) -> None:
    if key.names_min is not None:
        opts["et-al-min"] = str(key.names_min)
    if key.names_use_first is not None:
        opts["et-al-use-first"] = str(key.names_use_first)
    if key.names_use_last is not None:
        opts["et-al-use-last"] = "true" if key.names_use_last else "false"


def sort_items(keys: list[n.SortKey], entries: list[tuple[ItemData, Ctx]],
               authorstrings: list[str | None] | None = None) -> list[int]:
    """Indices of ``entries`` in sorted order (stable: ties keep their input order).

    With ``authorstrings`` (a citation that collapses or groups cites), the sort is citeproc-js's
    grouped sort: cites are first ordered by their names as the citation renders them (whether or
    not a cite suppresses them), then by the keys; each run of the same names then takes the
    first key of its first cite, so a group stays together where its earliest cite stands.
    """
    values = [[key_value(k, ctx) for k in keys] for _, ctx in entries]
    # citeproc-js collates in the processor's language (its default-locale-sort)
    lang = entries[0][1].locale.lang if entries else "en-US"
    collated = [[collation_key(v, lang) if v is not None else None for v in row] for row in values]

    def compare(va: tuple[int, ...] | None, vb: tuple[int, ...] | None, ascending: bool) -> int:
        if va == vb:
            return 0
        if va is None:
            return 1
        if vb is None:
            return -1
        c = (va > vb) - (va < vb)
        return c if ascending else -c

    def cmp(a: int, b: int) -> int:
        for i, k in enumerate(keys):
            c = compare(collated[a][i], collated[b][i], k.ascending)
            if c:
                return c
        return a - b

    order = sorted(range(len(entries)), key=cmp_to_key(cmp))
    if authorstrings is None or not keys:
        return order
    names = [collation_key(v, lang) if v is not None else None for v in authorstrings]
    ascending = keys[0].ascending

    def by_names_cmp(a: int, b: int) -> int:
        return compare(names[a], names[b], ascending) or cmp(a, b)

    by_names = sorted(order, key=cmp_to_key(by_names_cmp))
    lead: dict[int, tuple[int, ...] | None] = {}
    rank: dict[int, int] = {}
    last: object = object()
    head: tuple[int, ...] | None = None
    for i, k in enumerate(by_names):
        if authorstrings[k] != last:
            last, head = authorstrings[k], collated[k][0]
        lead[k], rank[k] = head, i

    def grouped_cmp(a: int, b: int) -> int:
        return compare(lead[a], lead[b], ascending) or (rank[a] - rank[b] if ascending else rank[b] - rank[a])

    return sorted(range(len(entries)), key=cmp_to_key(grouped_cmp))


__all__: list[str] = ["collation_key", "key_value", "sort_items"]

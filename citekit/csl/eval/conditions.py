"""``cs:choose`` tests (CSL 1.0.2 "Choose"): type, variable, is-numeric, is-uncertain-date,
locator, position, disambiguate; ``match`` all / any / none over every value of every test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.eval.numbers import is_numeric

if TYPE_CHECKING:
    from citekit.csl.eval.context import Ctx

#: CSL 1.0.2 locator terms that `locator="..."` tests compare against (sub-verbo is "sub verbo").
_LOCATOR_ALIASES = {"sub verbo": "sub-verbo"}


def _has_variable(var: str, ctx: Ctx) -> bool:
    # a variable suppressed after substitution still tests as present (citeproc-js; Chicago's
    # bibliography tests "author" after substituting it for "composer")
    cite = ctx.cite
    if var == "locator":
        return bool(cite and cite.locator)
    if var == "citation-number":
        return bool(cite and cite.citation_number is not None)
    if var == "first-reference-note-number":
        return bool(cite and cite.first_note is not None and ctx.mode == "citation")
    if var == "year-suffix":
        return bool(cite and cite.year_suffix)
    if var == "citation-label":
        from citekit.csl.eval.render import variable_text

        return bool(variable_text(var, "long", ctx))
    value = ctx.item.get(var)
    return value is not None


def _position(value: str, ctx: Ctx) -> bool:
    cite = ctx.cite
    if cite is None or cite.position is None or ctx.mode != "citation":
        return False
    pos = cite.position
    if value == "first":
        return pos == "first"
    if value == "subsequent":
        return pos != "first"
    if value == "ibid":
        return pos in ("ibid", "ibid-with-locator")
    if value == "ibid-with-locator":
        return pos == "ibid-with-locator"
    if value == "near-note":
        return pos != "first" and cite.near_note
    return False


def _test(test: str, value: str, ctx: Ctx) -> bool:
    if test == "type":
        return ctx.item.type == value
    if test == "variable":
        return _has_variable(value, ctx)
    if test == "is-numeric":
        if value == "locator":
            # citeproc-js reads a roman-numeral locator as a number ("Verse iv", "Chapter xii")
            return bool(ctx.cite and (is_numeric(ctx.cite.locator) or _roman_locator(ctx.cite.locator)))
        text = ctx.item.text(value)
        return is_numeric(text)
    if test == "is-uncertain-date":
        date = ctx.item.date(value)
        return bool(date is not None and date.circa not in (None, False, 0, "", "false"))
    if test == "locator":
        label = (ctx.cite.label or "page") if ctx.cite and ctx.cite.locator else None
        return label is not None and _LOCATOR_ALIASES.get(value, value) == _LOCATOR_ALIASES.get(label, label)
    if test == "position":
        return _position(value, ctx)
    if test == "disambiguate":
        return (value == "true") == _disambiguate(ctx)
    return False


def _disambiguate(ctx: Ctx) -> bool:
    """citeproc-js: the first ``disamb.disambiguate`` such conditions of a rendering hold (the
    disambiguation raises the count one at a time); a citation counts the conditions it meets."""
    if ctx.sort_key:
        return False  # sort keys render with no disambiguation (citeproc-js getSortKeys)
    if ctx.mode != "bibliography":
        ctx.disamb_max += 1
    if ctx.disamb_count < ctx.disamb.disambiguate:
        ctx.disamb_count += 1
        return True
    return False


def _results(cond: n.Condition, ctx: Ctx) -> Iterator[bool]:
    """Each test's outcome, lazily (a ``disambiguate`` test counts only when it is reached)."""
    for test, values in cond.tests:
        if test == "type":
            yield ctx.item.type in values
        else:
            yield from (_test(test, value, ctx) for value in values)


def evaluate(cond: n.Condition, ctx: Ctx) -> bool:
    """Whether a branch's condition holds for the current item and cite.

    A ``type`` attribute's values are one test that holds when the item has any of them, whatever
    ``match`` says (citeproc-js's ``@type``: "ALWAYS composed as an any match"; 186 of the
    independent styles write ``type="thesis manuscript"`` under the default ``match="all"``, which
    read literally could never hold). Every other attribute's values are separate tests.
    """
    results = _results(cond, ctx)
    if cond.match == "any":
        return any(results)
    if cond.match == "none":
        return not any(results)
    return all(results)


_ROMAN_LOCATOR = re.compile(r"^[ivxlcdm]+(?:\s*[-–,&]\s*[ivxlcdm]+)*$", re.IGNORECASE)


def _roman_locator(value: str | None) -> bool:
    return bool(value and _ROMAN_LOCATOR.match(value.strip()))

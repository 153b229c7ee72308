"""The evaluator: one function per rendering element, dispatched on the compiled node's class.

Group suppression (CSL 1.0.2 "Group"): a ``cs:group`` is suppressed when it calls at least one
variable and every variable it calls is empty. ``Ctx.called`` / ``Ctx.rendered`` count variable
calls and non-empty renderings, so a group compares the counters before and after its children.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from citekit.csl import nodes as n
from citekit.csl.data import ItemData
from citekit.csl.eval.conditions import evaluate
from citekit.csl.eval.context import Ctx
from citekit.csl.eval.dates import render_date
from citekit.csl.eval.initials import ROMANESQUE
from citekit.csl.eval.names import render_names
from citekit.csl.eval.numbers import is_numeric, is_plural, page_range, render_number
from citekit.csl.eval.textcase import apply_text_case, strip_periods
from citekit.csl.output.richtext import french_spacing, parse_rich
from citekit.csl.output.tree import Out, wrap
from citekit.model.vocab import NUMBER_VARIABLES

#: Variables whose short form falls back on another variable (CSL 1.0.2 "Appendix IV", citeproc-js).
SHORT_FORMS = {"title": "title-short", "container-title": "container-title-short"}

_NUMERIC_TEXT_VARS = NUMBER_VARIABLES - {"page", "page-first", "locator"}
_HYPHEN_RANGE = re.compile(r"(?<=\d)\s*-\s*(?=\d)")
#: a range of roman numerals in a locator (folios ii-iii): citeproc-js reads it as numeric
_ROMAN_RANGE = re.compile(r"(?<![\w-])([ivxlcdm]+)\s*-\s*(?=[ivxlcdm]+(?![\w-]))", re.IGNORECASE)

_NUMBER_VARS_PLURAL = {"number-of-pages", "number-of-volumes"}


def _finish(content: Out | None, node: n.Element, ctx: Ctx, kind: str | None = None,
            locale_text: bool = False) -> Out | None:
    """Periods, text case, then affixes and formatting. ``locale_text`` (a term, label or value)
    is title-cased whatever the item's language: citeproc-js keeps non-English items' title case
    off only for variables (fr-FR ``(Éds.)``, ``Trad.``; ru-RU ``(Ред.)``)."""
    if content is None or content.is_empty():
        return None
    if not (node.prefix or node.suffix or node.formatting or node.quotes or node.display or kind
            or node.strip_periods or node.text_case):
        return content  # nothing to apply: what wrap() would return, without testing emptiness again
    if node.text_case:
        apply_text_case(content, node.text_case, locale_text or _english(ctx), ctx.item.language)
    if node.strip_periods:  # after the text case, as citeproc-js (``Isrctn.Com`` -> ``IsrctnCom``)
        strip_periods(content)
    formatting = node.formatting
    if formatting and getattr(node, "macro", None) is None and not isinstance(node, n.Group) \
            and any(k == "font-style" for k, _ in formatting) and not ROMANESQUE.search(content.plain()):
        # citeproc-js drops an element's own font-style from text with no Latin, Greek, Cyrillic,
        # Hebrew or Arabic letter or digit: a Chinese title is not italicised
        formatting = tuple((k, v) for k, v in formatting if k != "font-style")
    return wrap(content, node.prefix, node.suffix, formatting, node.quotes, node.display, kind)


#: id(locale) -> (locale, its marks): read for every rich-text value, looked up once per locale
_MARKS: dict[int, tuple[object, tuple[str, str, str, str]]] = {}


def _marks(ctx: Ctx) -> tuple[str, str, str, str]:
    """The locale's quotation marks, which field values' quotations are read with."""
    loc = ctx.locale
    hit = _MARKS.get(id(loc))
    if hit is not None and hit[0] is loc:
        return hit[1]
    marks = (loc.term("open-quote") or "“", loc.term("close-quote") or "”",
             loc.term("open-inner-quote") or "‘", loc.term("close-inner-quote") or "’")
    if len(_MARKS) > 64:
        _MARKS.clear()
    _MARKS[id(loc)] = (loc, marks)
    return marks


def _english(ctx: Ctx) -> bool:
    lang = ctx.item.language or ""
    if lang:
        return lang.lower().startswith("en")
    return ctx.locale.lang.lower().startswith("en")


def variable_text(var: str, form: str, ctx: Ctx) -> str | None:
    """The text of a string/number variable (cite variables included), honouring short forms."""
    cite = ctx.cite
    if var in ctx.suppressed:
        return None
    if var == "citation-number":
        return str(cite.citation_number) if cite and cite.citation_number is not None else None
    if var == "locator":
        return cite.locator if cite and cite.locator else None
    if var == "year-suffix":
        # citeproc-js computes sort keys before disambiguation: a suffix never orders cites
        return cite.year_suffix if cite and cite.year_suffix and not ctx.sort_key else None
    if var == "first-reference-note-number":
        return str(cite.first_note) if cite and cite.first_note is not None and ctx.mode == "citation" else None
    if var == "citation-label":
        label = ctx.item.text("citation-label") or trigraph(ctx.item)
        if label and cite and cite.year_suffix and not ctx.style.explicit_year_suffix:
            # the year-suffix of an ambiguous label follows it: RoNo78a (magic_CitationLabel*)
            ctx.rendered_vars.append("year-suffix")
            return label + cite.year_suffix
        return label
    if form == "short":
        short = SHORT_FORMS.get(var)
        if short:
            value = ctx.item.text(short)
            if value is None and var == "container-title":
                value = ctx.item.text("journalAbbreviation")
            if value:
                return value
    return ctx.item.text(var)


def trigraph(item: ItemData) -> str | None:
    """citeproc-js's default citation-label: ``Aaaa00`` (one author), ``AaAa00`` (two),
    ``AaAA00`` (three), ``AAAA00`` (four or more): letters of the family names and a 2-digit year."""
    from citekit.csl.eval.nameparts import name_parts

    names = item.names("author") or item.names("editor") or []
    # family names without their particles: "van Dijk" gives D (disambiguate_CitationLabelInData)
    parts = [name_parts(nm) for nm in names]
    families = ["".join(ch for ch in (p.family or p.literal or "") if ch.isalpha()) for p in parts]
    families = [f for f in families if f]
    if not families:
        return None
    if len(families) == 1:
        letters = families[0][:4]
    elif len(families) == 2:
        letters = families[0][:2] + families[1][:2]
    elif len(families) == 3:
        letters = families[0][:2] + families[1][:1] + families[2][:1]
    else:
        letters = "".join(f[:1] for f in families[:4])
    date = item.date("issued")
    year = f"{date.year % 100:02d}" if date is not None and date.year is not None else ""
    return letters + year


def render_text(node: n.Text, ctx: Ctx) -> Out | None:
    """``cs:text``."""
    if node.variable is not None:
        var = node.variable
        value = variable_text(var, node.form, ctx)
        if var != "year-suffix" or value:
            # an empty year-suffix never suppresses a group: disambiguation may fill it later
            # (citeproc-js; fixtures group_ComplexNesting, date_YearSuffixImplicitWithNoDate)
            ctx.called += 1
        if not value:
            return None
        kind = None
        if "\\-" in value:
            value = value.replace("\\-", "-")  # an escaped hyphen is a literal one (label_Collapsed...)
        elif var == "page" and not ctx.sort_key or var == "locator" and ctx.cite and (ctx.cite.label or "page") == "page" and not ctx.sort_key:
            value = page_range(value, ctx.style.options.get("page-range-format"),
                               ctx.locale.term("page-range-delimiter") or "–")
        elif var == "locator" and "-" in value and not ctx.sort_key:
            # chapters 3-5 print 3–5, with the page-range delimiter (citeproc-js)
            value = _HYPHEN_RANGE.sub(ctx.locale.term("page-range-delimiter") or "–", value)
        if var == "locator" and "-" in value and not ctx.sort_key:
            value = _ROMAN_RANGE.sub(lambda m: m.group(1) + (ctx.locale.term("page-range-delimiter") or "–"), value)
        elif var in _NUMERIC_TEXT_VARS and "-" in value and not ctx.sort_key:
            # citeproc-js: issue 4-6 prints with the page-range delimiter, 4–6 (AMA sets "-")
            value = _HYPHEN_RANGE.sub(ctx.locale.term("page-range-delimiter") or "–", value)
        if "&" in value and (var == "locator" or var in NUMBER_VARIABLES) and not ctx.sort_key and is_numeric(value):
            # "213 & 235" joins with the locale's "and" symbol (label_PluralWithLocalizedAmpersand)
            symbol = ctx.locale.term("and", "symbol")
            if symbol and symbol != "&":
                value = re.sub(r"\s*&\s*", f" {symbol} ", value)
        if var == "citation-number":
            kind = "citation-number"
        elif var == "year-suffix":
            kind = "year-suffix"
        if ctx.sort_key and var == "citation-number":
            value = f"{int(value):08d}" if value.isdigit() else value
        ctx.rendered += 1
        ctx.rendered_vars.append(var)
        if ctx.substituting:
            ctx.suppressed.add(var)
        content = parse_rich(french_spacing(value), _marks(ctx)) if var not in ("URL", "DOI") else Out([value])
        return _finish(content, node, ctx, kind)
    if node.macro is not None:
        ctx.depth += 1
        if ctx.depth > 50:
            from citekit.errors import StyleError

            raise StyleError(f"macro {node.macro!r} recurses")
        called, rendered = ctx.called, ctx.rendered
        out = render_children(ctx.macro(node.macro), ctx)
        ctx.depth -= 1
        if ctx.called > called and ctx.rendered == rendered:
            return None  # a macro is suppressed like a group (citeproc-js; group_SuppressTermInMacro)
        if out is not None and not out.is_empty() and ctx.called == called:
            # ... and like a nested group, one rendering with no variable called counts as content
            # for the group around it (fixture bugreports_SingleQuoteXml: "Cite with a composer")
            ctx.rendered += 1
        return _finish(out, node, ctx)
    if node.term is not None:
        text = ctx.locale.term(node.term, node.form, node.plural)
        if not text:
            return None
        if node.term == "no date":
            # citeproc-js counts "no date" as a rendered date, so its group is not suppressed
            # (fixtures bugreports_UndefinedStr, bugreports_DoubleEncodedAngleBraces)
            ctx.called += 1
            ctx.rendered += 1
        return _finish(Out([parse_rich(french_spacing(text), _marks(ctx))], kind="term"), node, ctx,
                       locale_text=True)
    if node.value is not None:
        return _finish(parse_rich(french_spacing(node.value), _marks(ctx)), node, ctx, locale_text=True)
    return None


def render_number_node(node: n.Number, ctx: Ctx) -> Out | None:
    """``cs:number``: numeric values in the form asked for, other values as text."""
    ctx.called += 1
    value = variable_text(node.variable, "long", ctx)
    if not value:
        return None
    ctx.rendered += 1
    ctx.rendered_vars.append(node.variable)
    if ctx.sort_key and value.strip().isdigit():
        return Out([f"{int(value):08d}"])
    if "\\-" in value:
        return _finish(Out([value.replace("\\-", "-")]), node, ctx)
    if is_numeric(value):
        gender = ctx.locale.gender(node.variable) if node.form in ("ordinal", "long-ordinal") else None
        text = render_number(value, node.form, ctx.locale, gender)
        return _finish(Out([text]), node, ctx, "citation-number" if node.variable == "citation-number" else None)
    # a number variable's text is not rich text: markup prints as typed (flipflop_NumericField)
    return _finish(Out([value]), node, ctx)


def render_label(node: n.Label, ctx: Ctx) -> Out | None:
    """``cs:label``: the term for a number variable, singular or plural."""
    var = node.variable
    if var == "locator":
        if not ctx.cite or not ctx.cite.locator:
            return None
        # CSL 1.0.2 spells the locator term "sub-verbo"; cite data often has "sub verbo"
        term_name = (ctx.cite.label or "page").replace(" ", "-")
        value = ctx.cite.locator
        first = re.split(r"[\s,.]", value.strip(), maxsplit=1)[0]
        if not ctx.cite.label and first.isalpha() and not re.fullmatch(r"[ivxlcdmIVXLCDM]+", first):
            return None  # no implicit "page" label on a locator like "vol. 1, fol. 186" (citeproc-js)
    else:
        value_ = variable_text(var, "long", ctx)
        if not value_:
            return None
        term_name, value = var, value_
    if node.plural == "always":
        plural = True
    elif node.plural == "never":
        plural = False
    elif var in _NUMBER_VARS_PLURAL:
        plural = value.strip().isdigit() and int(value) > 1 or is_plural(value, ctx.locale.term("and"))
    else:
        plural = is_plural(value, ctx.locale.term("and"))
    text = ctx.locale.term(term_name, node.form, plural)
    if not text:
        return None
    return _finish(Out([text]), node, ctx, locale_text=True)


def render_group(node: n.Group, ctx: Ctx) -> Out | None:
    """``cs:group``: suppressed when it calls variables and all are empty."""
    called, rendered = ctx.called, ctx.rendered
    parts = render_parts(node.children, ctx)
    if ctx.called > called and ctx.rendered == rendered:
        return None
    if not parts:
        return None
    # a nested group that renders counts as content for its parent group (citeproc-js;
    # fixture variables_TitleShortOnShortTitleNoTitleCondition)
    ctx.rendered += 1
    children: list[Out | str] = []
    prev: Out | None = None
    for p in parts:
        if prev is not None and node.delimiter:
            # citeproc-js does not merge a delimiter into a sibling with its own formatting:
            # "<i>Life!</i>. " stays, while a macro ending in "<i>Life?</i>" merges (AMA)
            children.append(Out([node.delimiter], kind="delim-hard" if prev.fmt else "delim"))
        children.append(p)
        prev = p
    return _finish(Out(children), node, ctx)


def render_choose(node: n.Choose, ctx: Ctx) -> Out | None:
    """``cs:choose``: the first branch whose condition holds."""
    for cond, children in node.branches:
        if cond is None or evaluate(cond, ctx):
            return render_children(children, ctx)
    return None


def render_parts(children: list[n.Node], ctx: Ctx) -> list[Out]:
    """Non-empty outputs of ``children``; a ``cs:choose`` contributes its branch's elements one by
    one, so a group's delimiter goes between them (citeproc-js; AMA's journal line needs it)."""
    parts: list[Out] = []
    for child in children:
        if type(child) is n.Choose:
            for cond, branch in child.branches:
                if cond is None or evaluate(cond, ctx):
                    parts.extend(render_parts(branch, ctx))
                    break
            continue
        out = render_node(child, ctx)
        if out is not None and (child.__class__ in _FINISHED or not out.is_empty()):
            parts.append(out)
    return parts


def render_children(children: list[n.Node], ctx: Ctx, delimiter: str = "") -> Out | None:
    """Children rendered in order and joined (a macro body or a branch)."""
    parts: list[Out | str] = []
    for child in children:
        out = render_node(child, ctx)
        if out is not None and (child.__class__ in _FINISHED or not out.is_empty()):
            if parts and delimiter:
                parts.append(delimiter)
            parts.append(out)
    return Out(parts) if parts else None


def _names(node: n.Names, ctx: Ctx) -> Out | None:
    return render_names(node, ctx)


#: nodes whose renderer returns None or a non-empty node (each ends in _finish, or builds a
#: non-empty sort key): their output needs no second emptiness test (issue 14)
_FINISHED = frozenset({n.Text, n.Number, n.Label, n.Group})

_DISPATCH: dict[type, Callable[[Any, Ctx], Out | None]] = {
    n.Text: render_text,
    n.Number: render_number_node,
    n.Label: render_label,
    n.Names: _names,
    n.Date: render_date,
    n.Group: render_group,
    n.Choose: render_choose,
}


def render_node(node: n.Node, ctx: Ctx) -> Out | None:
    """Render one compiled node."""
    return _DISPATCH[type(node)](node, ctx)

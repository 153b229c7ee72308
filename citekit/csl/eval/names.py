"""``cs:names`` and ``cs:name`` (CSL 1.0.2 "Names"): et-al, "and", delimiters, sort order,
initials, particles, name-part formatting, labels and ``cs:substitute``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.eval.disambiguate import initials_key
from citekit.csl.eval.initials import initialize_with
from citekit.csl.eval.nameparts import name_parts
from citekit.csl.output.richtext import parse_rich
from citekit.csl.output.tree import Out, join, wrap
from citekit.model import Name as ModelName

if TYPE_CHECKING:
    from citekit.csl.eval.context import Ctx, Disamb

_ROMANESQUE = re.compile(r"^[\u0000-\u036F\u0370-\u03FF\u0400-\u052F\u1E00-\u1FFF\u2000-\u206F\u0590-\u06FF'’\-\s.,]*$")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def name_options(node: n.Names, ctx: Ctx, name: n.Name | None) -> dict[str, str]:
    """Inherited options (style, citation/bibliography) overlaid by the ``cs:name`` ones."""
    opts = dict(ctx.name_opts)
    if name is not None:
        opts.update(name.options)
    if ctx.name_overrides:
        opts.update(ctx.name_overrides)
    return opts


def _part(text: str, part: n.NamePart | None, ctx: Ctx, affixes: bool = True) -> Out | None:
    if not text:
        return None
    node = parse_rich(text)
    if part is None:
        return node
    if part.text_case:
        from citekit.csl.eval.textcase import apply_text_case

        apply_text_case(node, part.text_case, ctx.lang.startswith("en"))
    if not affixes:
        return wrap(node, fmt=part.formatting)
    return wrap(node, part.prefix, part.suffix, part.formatting)


def _seq(items: Sequence[tuple[str, n.NamePart | None]], ctx: Ctx, group: n.NamePart | None = None,
         space: str = " ") -> list[Out | str]:
    """Pieces joined by ``space`` (none after a particle ending in an apostrophe or hyphen), each
    with its own part's formatting; ``group``'s affixes around them all (fixtures name_namepart*)."""
    out: list[Out | str] = []
    prev = ""
    for text, part in items:
        if not text:
            continue
        node = _part(text, part, ctx, False)
        if node is None:
            continue
        if out and (ctx.sort_key or not (prev.endswith(("'", "\u2019", "-")) or prev[-1:].isspace())):
            out.append(" " if ctx.sort_key else space)  # sort keys always separate a particle: "d|Wright"
        out.append(node)
        prev = text
    if out and group is not None and (group.prefix or group.suffix):
        return [group.prefix, Out(out), group.suffix]
    return out


def _particle_space(ctx: Ctx) -> str:
    """citeproc-js joins particles to the family name with a no-break space in French, Russian
    and Czech (``van der\u00a0Berg``), with a space elsewhere."""
    return "\u00a0" if ctx.locale.lang[:2].lower() in ("fr", "ru", "cs") else " "


def render_name(name: ModelName, opts: dict[str, str], inverted: bool, parts: dict[str, n.NamePart],
                ctx: Ctx, level: int = 0) -> Out | None:
    """One name as an output node (``level``: givenname disambiguation, 1 initials, 2 full)."""
    np = name_parts(name)
    fam_part, giv_part = parts.get("family"), parts.get("given")
    if np.literal is not None and not np.family:
        return _part(np.literal, fam_part, ctx)
    family, given, ndp, dp, suffix = np.family, np.given, np.ndp, np.dp, np.suffix
    if not family:
        return _part(given, fam_part, ctx) if given else None
    form = opts.get("form", "long")
    with_ = opts.get("initialize-with")
    # citeproc-js _givenName: the default level is 0 for short, 1 with initialize-with, else 2
    default = 0 if form != "long" else (1 if with_ is not None else 2)
    use = max(level, default)
    if use >= 1:
        form = "long"
    if use == 1 and given and with_ is not None:
        hyphen = ctx.style.options.get("initialize-with-hyphen", "true") != "false"
        given = initialize_with(given, with_, opts.get("initialize", "true") == "false", hyphen)
    if suffix and with_ is not None:
        suffix = initialize_with(suffix, with_, True)
    romanesque = bool(_ROMANESQUE.match(family + given))
    if form == "short":
        if not romanesque:
            return _part(family, fam_part, ctx)
        return Out(_seq([(ndp, fam_part), (family, fam_part)], ctx, fam_part))
    if not romanesque:
        # CJK names: family then given, no space (CSL 1.0.2 "Name-part order", non-Latin)
        return join([x for x in (_part(family, fam_part, ctx), _part(given, giv_part, ctx)) if x])
    if not inverted:
        # display order: the family part's affixes hold the particles and the suffix too
        # ("[Jean] (de La Fontaine III)": fixtures name_namepartAffixes, name_ParsedDroppingParticle*)
        pieces = _seq([(given, giv_part)], ctx, giv_part)
        fam_items: list[tuple[str, n.NamePart | None]] = [(dp, giv_part), (ndp, fam_part), (family, fam_part)]
        fam = _seq(fam_items, ctx, space=_particle_space(ctx))
        if fam and suffix:
            fam += [", " if np.comma_suffix else " ", suffix]
        if fam and fam_part is not None and (fam_part.prefix or fam_part.suffix):
            fam = [fam_part.prefix, Out(fam), fam_part.suffix]
        if pieces and fam:
            # no space after a given-name suffix ending in a space (name-part suffix "&#160;":
            # fixture name_WithNonBreakingSpace)
            glue = bool(giv_part and giv_part.suffix[-1:].isspace())
            pieces.append("" if glue else " ")
        pieces += fam
        return Out(pieces)
    sep = opts.get("sort-separator", ", ")
    demote = ctx.style.options.get("demote-non-dropping-particle", "display-and-sort")
    if ctx.sort_key:
        # citeproc-js sort keys (observed): "never" keeps particles before the given name
        # ("van|der|Jones|S.", "Yamamoto|von|M.|A." in APA); demoting styles put them after it
        # ("Álvarez|John|van", "Ångström|Ana|von" in Chicago)
        if demote == "never":
            # fr, ru, cs join the particle with a no-break space, which collation ignores
            # ("de la\u00a0Álvarez" sorts as "de la|álvarez" → before "d’|Li" there; after it in English)
            space = _particle_space(ctx)
            lead: list[tuple[str, n.NamePart | None]] = (
                [(f"{ndp}{space}{family}", None)] if ndp and space != " " else [(ndp, None), (family, None)])
            key = [*lead, (dp, None), (given, None), (suffix, None)]
        else:
            key = [(family, None), (given, None), (dp, None), (ndp, None), (suffix, None)]
        return Out(_seq(key, ctx))
    if demote == "display-and-sort" or (demote == "sort-only" and ctx.sort_key):
        head = _seq([(family, fam_part)], ctx, fam_part)
        tail = _seq([(given, giv_part), (dp, giv_part), (ndp, fam_part)], ctx, giv_part)
    else:
        head = _seq([(ndp, fam_part), (family, fam_part)], ctx, fam_part, space=_particle_space(ctx))
        tail = _seq([(given, giv_part), (dp, giv_part)], ctx, giv_part)
    pieces = list(head)
    if tail:
        pieces += [sep, *tail]
    if suffix and not ctx.sort_key:  # citeproc-js sort keys leave the suffix out
        pieces += [sep, suffix]
    return Out(pieces)


def _and_term(opts: dict[str, str], ctx: Ctx) -> str | None:
    mode = opts.get("and", "")
    if mode == "text":
        return ctx.locale.term("and") or "and"
    if mode == "symbol":
        return "&"
    return None


def _shown(total: int, et_al_min: int | None, use_first: int | None, use_last: bool, pos: int, ctx: Ctx) -> int:
    """How many names list ``pos`` shows (citeproc-js _imposeNameConstraints), and records it in
    the disambiguation settings: the style's et-al, or the request's count (an ambiguity probe
    takes it as it is; a real rendering only when it adds names beyond et-al-use-first)."""
    if et_al_min is None or use_first is None:
        shown = total
    else:
        req = ctx.disamb if ctx.disamb_request and not ctx.sort_key else None
        want = req.names[pos] if req is not None and pos < len(req.names) else 0
        if ctx.probe:
            wanted = want if want else (use_first if total >= et_al_min else total)
        else:
            if want > use_first:
                wanted = total if total < et_al_min else want
                if use_last and wanted > et_al_min - 2:
                    wanted = et_al_min - 2
            else:
                wanted = use_first if total >= et_al_min else total
        # citeproc-js truncates only when et-al-min >= et-al-use-first ("sane")
        shown = min(total, max(wanted, 0)) if et_al_min >= use_first else total
    if not ctx.sort_key and ctx.mode == "citation":
        ctx.names_max.append(total)
        ctx.disamb.set_names(pos, shown + 1 if use_last and shown + 1 < total else shown)
    return shown


def _given_level(nm: ModelName, names: list[ModelName], i: int, pos: int, opts: dict[str, str], settings: Disamb,
                 ctx: Ctx) -> int:
    """The given-name level of name ``i`` of list ``pos`` under the ``by-cite`` rule (citeproc-js
    _runDisambigNames and NameReg.evalname), recorded in the settings: the request's level when
    it exceeds the style's (0 short form, 1 initials, 2 full), else the style's, raised when
    two persons of the item share a family name."""
    with_ = opts.get("initialize-with")
    base = 0 if opts.get("form", "long") != "long" else (1 if with_ is not None else 2)
    while len(settings.givens) <= pos:
        settings.givens.append([])
    row = settings.givens[pos]
    while len(row) <= i:
        row.append(0)
    add_given = ctx.style.citation_option("disambiguate-add-givenname") == "true"
    request = 0
    if ctx.disamb_request:
        request = row[i]
        if request == 1 and with_ is None:
            # (citeproc-js also tests for a missing given name, but its names always carry one, "")
            request = 2
        if not (add_given and nm.given):
            row[i] = request
            return request
    level = base
    if base > request and add_given:
        # evalname's all-names test within the item (by-cite keys names by item)
        hy = ctx.style.options.get("initialize-with-hyphen", "true") != "false"
        same = {initials_key(o.given or "", hy) for o in names if o.family == nm.family}
        if len(same) > 1:
            level = 1
            givens = {(o.given or "").replace(".", " ").strip() for o in names if o.family == nm.family
                      and initials_key(o.given or "", hy) == initials_key(nm.given or "", hy)}
            if len(givens) > 1 or with_ is None:
                level = 2
    elif base <= request:
        level = request
    row[i] = level
    return level


def render_name_list(names: list[ModelName], node: n.Names, ctx: Ctx, name: n.Name | None,
                     opts: dict[str, str]) -> tuple[Out | None, int]:
    """A list of names with et-al and "and"; returns the output and how many names show.

    A list ending with the et-al marker (``{"literal": "others"}``, BibTeX's ``and others``) is
    incomplete: the marker counts toward et-al-min, is never shown as a name, and when the style's
    et-al does not truncate the list the names are followed by the style's et-al term, as pandoc's
    citeproc does (its ``finalNameIsOthers``; citeproc-js 2.4.63 prints the word instead).
    """
    total = len(names)
    incomplete = bool(names) and names[-1].is_others
    if incomplete:
        names = names[:-1]
    sub = ctx.cite is not None and ctx.cite.position not in (None, "first")
    et_al_min = _int(opts.get("et-al-subsequent-min") if sub and opts.get("et-al-subsequent-min") else opts.get("et-al-min"))
    use_first = _int(opts.get("et-al-subsequent-use-first") if sub and opts.get("et-al-subsequent-use-first")
                     else opts.get("et-al-use-first"))
    pos = ctx.name_lists
    ctx.name_lists += 1
    use_last_opt = opts.get("et-al-use-last") == "true"
    shown = _shown(total, et_al_min, use_first, use_last_opt, pos, ctx)
    if incomplete:
        shown = min(shown, len(names))
        total = len(names) + 1  # an unknown rest: truncated whenever any name shows
    truncated = shown < total
    if opts.get("form") == "count":
        return Out([str(shown)]), shown
    if shown == 0:
        return None, 0
    delimiter = name.delimiter if name is not None and name.delimiter is not None else opts.get("name-delimiter", ", ")
    order = opts.get("name-as-sort-order", "")
    parts = name.parts if name is not None else {}
    settings = ctx.disamb if not ctx.sort_key and ctx.mode in ("citation", "bibliography") else None
    by_cite = settings is not None and ctx.style.citation_option("givenname-disambiguation-rule", "by-cite") == "by-cite"
    demote = ctx.style.options.get("demote-non-dropping-particle", "display-and-sort")
    rendered: list[Out] = []
    inverted_flags: list[bool] = []
    literal_flags: list[bool] = []
    for i, nm in enumerate(names[:shown]):
        # sort keys invert every name (citeproc-js: "Müller|Ana|María")
        inverted = order == "all" or (order == "first" and i == 0) or ctx.sort_key
        if nm.literal is not None and not nm.family:
            inverted = False
        if ctx.seen_names is not None:
            ctx.seen_names.append((i, nm))
        lvl = 0
        if by_cite and settings is not None and (nm.family or nm.given):
            lvl = _given_level(nm, names, i, pos, opts, settings, ctx)
        if ctx.name_levels and nm.family and (i == 0 or not ctx.name_levels_primary):
            # document-wide name expansion shows in the bibliography too (citeproc-js; elsevier-harvard)
            # keyed as the registry keys persons: the particle counts when it is never demoted
            particle = (nm.non_dropping_particle or "") if demote == "never" else ""
            lvl = max(lvl, ctx.name_levels.get((particle, nm.family, nm.given or ""), 0))
        out = render_name(nm, opts, inverted, parts, ctx, lvl)
        if out is not None and name is not None and (name.formatting or name.prefix or name.suffix):
            # citeproc-js applies cs:name's formatting and affixes to each name (a literal name:
            # formatting only), and to the whole list again only when an et-al term ends it
            literal = nm.literal is not None and not nm.family
            out = wrap(out, "" if literal else name.prefix, "" if literal else name.suffix, name.formatting) or out
            for node_ in out.walk() if name.formatting else ():
                if node_.fmt is name.formatting:
                    node_.kind = "repeat-fmt"  # inside the list's own wrap: repeated, not flipped
                    break
        if out is not None:
            rendered.append(Out([out], kind="name"))
            inverted_flags.append(inverted)
            literal_flags.append(nm.literal is not None and not nm.family)
    if not rendered:
        return None, 0
    children: list[Out | str] = []
    et_al_shown = False
    # sort keys list the names only: no "and", no et-al term (citeproc-js sort keys)
    and_term = _and_term(opts, ctx) if not ctx.sort_key else None
    count = len(rendered)
    # the last author of an incomplete list is unknown: et-al-use-last cannot apply
    use_last = opts.get("et-al-use-last") == "true" and truncated and shown + 1 < total and not incomplete
    for i, out in enumerate(rendered):
        if i > 0:
            last = i == count - 1 and not truncated
            if last and and_term is not None:
                dpl = opts.get("delimiter-precedes-last", "contextual")
                if literal_flags[i]:
                    dpl = "contextual"  # citeproc-js: before an institution, the contextual rule
                use_delim = (dpl == "always" or (dpl == "contextual" and count >= 3)
                             or (dpl == "after-inverted-name" and inverted_flags[i - 1]))
                if not _ROMANESQUE.match(and_term[:1]):
                    # a CJK "and" (和, と) joins without spaces; only two names with
                    # delimiter-precedes-last="always" keep the delimiter (citeproc-js and_prefix_single)
                    children.append((delimiter if count == 2 and dpl == "always" else "") + and_term)
                    children.append(out)
                    continue
                children.append((delimiter if use_delim else " ") + and_term + " ")
            else:
                children.append(delimiter)
        children.append(out)
    if truncated and use_last:
        last_name = render_name(names[-1], opts, order == "all", parts, ctx, 0)
        if last_name is not None and name is not None and (name.formatting or name.prefix or name.suffix):
            last_name = wrap(last_name, name.prefix, name.suffix, name.formatting) or last_name
        if last_name is not None:
            children += [delimiter + "… ", last_name]
    elif truncated and not ctx.sort_key:
        et = node.et_al
        term_name = et.term if et else "et-al"
        term = ctx.locale.term(term_name)
        if term:
            dpe = opts.get("delimiter-precedes-et-al", "contextual")
            use_delim = (dpe == "always" or (dpe == "contextual" and count >= 2)
                         or (dpe == "after-inverted-name" and inverted_flags[-1]))
            # no space before a CJK et-al term ("Ziggy Zither等": fixture name_EtAlWithCombined)
            children.append(delimiter if use_delim else ("" if not _ROMANESQUE.match(term[:1]) else " "))
            term_out = wrap(term, et.prefix if et else "", et.suffix if et else "", et.formatting if et else ())
            if term_out is not None:
                children.append(term_out)
                et_al_shown = True
    result = Out(children, kind="namelist")
    if name is not None and (name.formatting or name.prefix or name.suffix) and et_al_shown:
        result = wrap(result, name.prefix, name.suffix, name.formatting) or result
    return result, shown


def _label(node: n.Names, var: str, plural: bool, ctx: Ctx) -> Out | None:
    lab = node.label
    if lab is None:
        return None
    if lab.plural == "always":
        plural = True
    elif lab.plural == "never":
        plural = False
    term = ctx.locale.term(var, lab.form, plural)
    if not term:
        return None
    out = Out([term])
    if lab.strip_periods:
        from citekit.csl.eval.textcase import strip_periods

        strip_periods(out)
    if lab.text_case:
        from citekit.csl.eval.textcase import apply_text_case

        apply_text_case(out, lab.text_case)  # a term: title case whatever the language (render._finish)
    if term[-1:] == " " and lab.suffix[:1] == " " and not lab.formatting:
        # citeproc-js keeps a term's own trailing space before the suffix's (ja-JP "編集者: " +
        # " "): one text, so the output's merging of adjacent spaces leaves both
        return wrap(Out([out.plain() + lab.suffix]), lab.prefix)
    return wrap(out, lab.prefix, lab.suffix, lab.formatting)


def render_names(node: n.Names, ctx: Ctx, inherit: n.Names | None = None) -> Out | None:
    """A ``cs:names`` element, with ``cs:substitute`` when every variable is empty."""
    if ctx.suppress_author and inherit is None and not ctx.sort_key:
        # suppress-author: the first names element that renders is dropped, substitutes included
        rendered = ctx.rendered
        ctx.suppress_author = False
        out = _render_names(node, ctx, inherit)
        if out is None:
            ctx.suppress_author = True
            return None
        ctx.rendered = rendered
        return None
    return _render_names(node, ctx, inherit)


def _render_names(node: n.Names, ctx: Ctx, inherit: n.Names | None = None) -> Out | None:
    if inherit is None and node.bare:
        inherit = ctx.substitute_parent  # a bare cs:names inside a cs:choose of cs:substitute

    base = inherit if node.bare and inherit is not None else node
    name = base.name
    opts = name_options(base, ctx, name)
    ctx.called += 1
    variables = [v for v in node.variables if v not in ctx.suppressed]
    found = [(v, ctx.item.names(v)) for v in variables]
    lists = [(v, ns) for v, ns in found if ns]
    if not lists:
        if node.substitute:
            parent = inherit or node
            saved_parent = ctx.substitute_parent
            ctx.substitute_parent = parent
            try:
                return _substitute(node, parent, ctx)
            finally:
                ctx.substitute_parent = saved_parent
        return None
    return _render_lists(node, base, name, opts, lists, ctx)


def _candidates(children: Sequence[n.Node], ctx: Ctx) -> Iterator[n.Node]:
    """The substitutes in order; a ``cs:choose`` offers its chosen branch's elements one by one
    (citeproc-js: Chicago's ``<choose><names editor-translator/><names editor/><names translator/>``
    substitutes the editors only, and the translators print later as "Translated by")."""
    from citekit.csl.eval.conditions import evaluate

    for child in children:
        if type(child) is n.Choose:
            for cond, branch in child.branches:
                if cond is None or evaluate(cond, ctx):
                    yield from _candidates(branch, ctx)
                    break
        else:
            yield child


def _substitute(node: n.Names, parent: n.Names, ctx: Ctx) -> Out | None:
    """CSL 1.0.2 "Substitute": the first substitute that renders; what it used is suppressed after."""
    from citekit.csl.eval.render import render_children

    for sub in _candidates(node.substitute or [], ctx):
        before = set(ctx.suppressed)
        r0 = ctx.rendered
        mark = len(ctx.rendered_vars)
        was = ctx.substituting
        ctx.substituting = True
        try:
            out = render_names(sub, ctx, inherit=parent) if isinstance(sub, n.Names) else render_children([sub], ctx)
        finally:
            ctx.substituting = was
        if (out is None or out.is_empty()) and isinstance(sub, n.Text) and sub.term is not None \
                and ctx.locale.term(sub.term, sub.form, sub.plural) is not None:
            return None  # a defined but empty term still is the substitute (SubstituteOnlyOnceTermEmpty)
        if out is not None and not out.is_empty():
            ctx.rendered = max(ctx.rendered, r0 + 1)
            ctx.suppressed.update(ctx.rendered_vars[mark:])
            if isinstance(sub, n.Text) and sub.macro is not None:
                # a macro substitute keeps its own affixes only (citeproc-js: harvard-anglia-ruskin's
                # "Anon." without the names' suffix ",")
                return wrap(out, fmt=node.formatting, display=node.display, kind="names")
            return wrap(out, node.prefix, node.suffix, node.formatting, display=node.display, kind="names")
        ctx.suppressed = before
    return None


def _render_lists(node: n.Names, base: n.Names, name: n.Name | None, opts: dict[str, str],
                  lists: list[tuple[str, list[ModelName]]], ctx: Ctx) -> Out | None:
    """The name lists of a cs:names, each with its label, joined by the names delimiter."""
    # editor and translator, the same people: one list with the "editortranslator" term
    if "editor" in dict(lists) and "translator" in dict(lists) and len(lists) >= 2:
        ed, tr = dict(lists)["editor"], dict(lists)["translator"]
        if [x.model_dump() for x in ed] == [x.model_dump() for x in tr]:
            lists = [(v if v != "editor" else "editortranslator", ns) for v, ns in lists if v != "translator"]
    outputs: list[Out] = []
    if opts.get("form") == "count":
        total = 0
        for var, ns in lists:
            _, shown = render_name_list(ns, base, ctx, name, opts)
            total += shown
        ctx.rendered += 1
        if ctx.sort_key:
            return Out([f"{total:08d}"]) if total else None
        return wrap(str(total), node.prefix, node.suffix, node.formatting, kind="names") if total else None
    for var, ns in lists:
        out, _ = render_name_list(ns, base, ctx, name, opts)
        if out is None:
            continue
        # sort keys leave labels out (fixture sort_DropNameLabelInSort)
        label = _label(base, var, len(ns) > 1, ctx) if base.label is not None and not ctx.sort_key else None
        if label is not None:
            out = Out([label, out]) if base.label_before_name else Out([out, label])
        outputs.append(out)
    if not outputs:
        return None
    ctx.rendered += 1
    for var, _ in lists:
        used = ("editor", "translator") if var == "editortranslator" else (var,)
        ctx.rendered_vars.extend(used)
        if ctx.substituting:
            ctx.suppressed.update(used)  # suppressed at once, even later in the same substitute
    delim = node.delimiter if node.delimiter is not None else base.delimiter
    if delim is None:
        delim = ctx.opts.get("names-delimiter", "")
    return wrap(join(outputs, delim), node.prefix, node.suffix, node.formatting, display=node.display,
                kind="names")

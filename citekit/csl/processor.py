"""The CSL processor: a compiled style, a locale and an output format applied to references.

    proc = Processor(Style.load("apa"), locale="en-US", output="html")
    proc.bibliography(refs)                  # -> list of formatted entries
    proc.cite([CiteItem("doe2000", locator="12")], refs)

Citations are processed in document order (``process_document``) so positions (``first``,
``ibid``, ``subsequent``, ``near-note``), first-reference note numbers and citation numbers are
known; ``cite`` is ``process_document`` for one cluster, and stays linear when called cluster by
cluster: disambiguation redoes only the ambiguity groups new items join, and citation numbers
are re-sorted only when the style shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from citekit.csl import nodes as n
from citekit.csl.data import ItemData
from citekit.csl.eval.collapse import RenderedCite, collapse_numbers, collapse_years, group_by_names
from citekit.csl.eval.context import CiteFields, CiteInfo, Ctx, Disamb
from citekit.csl.eval.disambiguate import Disambiguator, add_person, family_levels
from citekit.csl.eval.render import render_children, render_node
from citekit.csl.eval.sort import key_value, sort_items
from citekit.csl.locale import Locale
from citekit.csl.output import get_markup
from citekit.csl.output.render import Quotes, render
from citekit.csl.output.richtext import parse_rich
from citekit.csl.output.tree import Out, wrap
from citekit.csl.style import Style, style_uses
from citekit.errors import StyleError
from citekit.model import Name, Reference

#: citeproc-js's position codes (CSL.POSITION_FIRST ... POSITION_IBID_WITH_LOCATOR)
_POSITION_CODES = {"0": "first", "1": "subsequent", "2": "ibid", "3": "ibid-with-locator"}

#: What citeproc-js prints for an item whose layout renders nothing (fixture date_DateNoDateNoTest).
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


@dataclass(slots=True)
class CiteItem(CiteFields):
    """One cite in a cluster: the item's id, an optional locator and label, affixes and flags.

    ``position``, when given, is the caller's (citeproc-js's cite ``position`` code: 0 first,
    1 subsequent, 2 ibid, 3 ibid-with-locator) instead of the one the document implies.
    """

    @classmethod
    def from_csl(cls, data: dict[str, object]) -> CiteItem:
        """From a citeproc-js cite object (``{"id": ..., "locator": ..., "suppress-author": true}``)."""
        def s(key: str) -> str | None:
            v = data.get(key)
            return None if v is None or v == "" else str(v)

        locator = s("locator")
        return cls(id=str(data.get("id")), locator=locator.strip() if locator else None, label=s("label"), prefix=s("prefix") or "",
                   suffix=s("suffix") or "", suppress_author=bool(data.get("suppress-author")),
                   author_only=bool(data.get("author-only")), position=_POSITION_CODES.get(str(data.get("position"))))


@dataclass(slots=True)
class Cluster:
    """A citation: cites and the note it sits in (0 or None for in-text)."""

    items: list[CiteItem]
    note_index: int | None = None
    id: str | None = None


@dataclass(slots=True)
class Rendered:
    """Formatted output with the warnings met on the way."""

    entries: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Processor:
    """Formats references with one style, locale and output format."""

    def __init__(self, style: Style | str, locale: str | None = None, output: str = "text",
                 references: Iterable[Reference] = (), *, verified_only: bool = False) -> None:
        #: render only verified values (a curated record as stored); by default the best known
        #: value of each field: verified, else as printed, else inferred (Reference.best_known)
        self.verified_only = verified_only
        self.style = style if isinstance(style, Style) else Style.load(style)
        self.lang = locale or self.style.default_locale or "en-US"
        self.locale = Locale.build(self.lang, self.style.locale_overrides)
        self.markup = get_markup(output)
        self.output = output
        self.quotes = Quotes(
            self.locale.term("open-quote") or "“", self.locale.term("close-quote") or "”",
            self.locale.term("open-inner-quote") or "‘", self.locale.term("close-inner-quote") or "’",
            self.locale.option("punctuation-in-quote"),
        )
        self.items: dict[str, ItemData] = {}
        self.order: list[str] = []       # ids in order of first citation (registration)
        self.numbers: dict[str, int] = {}
        self.warnings: list[str] = []
        self._history: list[tuple[int | None, list[CiteInfo]]] = []
        self._first_note: dict[str, int] = {}
        self._last_note: dict[str, int | None] = {}
        self._year_suffix: dict[str, str] = {}
        #: the cited items' disambiguation (None until a style that disambiguates cites something)
        self._ambiguity: Disambiguator | None = None
        self._name_levels: dict[tuple[str, str, str], int] = {}
        #: all-names / primary-name rules: cited persons by family, each family's levels
        self._persons: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._family_levels: dict[tuple[str, str], dict[tuple[str, str, str], int]] = {}
        self._name_items: dict[tuple[str, str, str], list[str]] = {}
        self._name_levels_primary = False
        self._collapsing = False
        #: the cluster's authorstrings by id, while it renders (grouped sort and collapsing)
        self._authorstrings: dict[str, str | None] = {}
        self.cluster_states: list[tuple[object, ...]] = []
        self._uses = style_uses(self.style)
        self._uses_condition = "disambiguate" in self._uses
        for ref in references:
            self.add(ref)

    def __repr__(self) -> str:
        name = self.style.info.id.rsplit("/", 1)[-1] or self.style.info.title or "inline style"
        return (f"<Processor {name!r} locale={self.lang!r} output={self.output!r}: "
                f"{len(self.items)} items, {len(self.order)} cited>")

    # ----------------------------------------------------------------- items
    def add(self, ref: Reference) -> ItemData:
        """Make a reference known (does not cite it)."""
        data = ItemData(ref.best_known(verified_only=self.verified_only))
        self.items[data.id] = data
        return data

    def register(self, ids: Iterable[str]) -> None:
        """Cite these ids (in order) for the bibliography and citation numbers."""
        new: list[str] = []
        for i in ids:
            if i not in self.items:
                self.warnings.append(f"no reference with id {i!r}")
                continue
            if i not in self.numbers:
                self.order.append(i)
                self.numbers[i] = len(self.order)
                new.append(i)
        if new:
            self._renumber()
            self._disambiguate(new)

    def _disambiguate(self, new: list[str]) -> None:
        """Disambiguate cites (names, given names, condition, year-suffixes: eval/disambiguate.py).

        Incremental: only the ambiguity groups the ``new`` ids join are run again, so citing item
        by item (``cite``) costs what one batch does, not n² renderings. Styles whose cites show
        citation numbers start over (a new item renumbers the others)."""
        citation = self.style.citation
        opts = citation.options if citation is not None else {}
        if citation is None or not any(opts.get(f"disambiguate-add-{k}") == "true"
                                       for k in ("names", "givenname", "year-suffix")) and not self._uses_condition:
            return
        rule = opts.get("givenname-disambiguation-rule", "by-cite")
        global_rule = opts.get("disambiguate-add-givenname") == "true" and rule != "by-cite"
        if self._ambiguity is None or "citation-number" in self._uses:
            self._ambiguity = Disambiguator(opts, self._probe, self._bib_order, self._uses_condition)
            self._persons, self._family_levels, self._name_items, self._name_levels = {}, {}, {}, {}
            self._name_levels_primary = rule.startswith("primary-name")
            new = list(self.order)
        redo = list(new)
        if global_rule:
            # the document-wide name levels may change with the new names: items whose names
            # changed level get new ambiguity keys (fixtures disambiguate_AllNames*)
            redo += self._update_name_levels(new, rule)
        amb = self._ambiguity
        amb.touched = {}
        amb.insert(redo)
        for i in amb.touched:
            letters = amb.year_suffix(i)
            if letters is None:
                self._year_suffix.pop(i, None)
            else:
                self._year_suffix[i] = letters

    def _probe_ctx(self, i: str, config: Disamb, request: bool) -> Ctx:
        """The context of an ambiguity cite (citeproc-js getAmbiguousCite): the subsequent form,
        rendered with ``config`` (its counts drive the rendering when ``request``)."""
        cite = CiteInfo(id=i, position="subsequent", near_note=True, citation_number=self.numbers.get(i))
        ctx = Ctx(self.style, self.locale, self.items[i], "citation", cite, disamb=config)
        ctx.disamb_request = request
        ctx.probe = True
        ctx.name_levels = self._name_levels
        ctx.name_levels_primary = self._name_levels_primary
        return ctx

    def _probe(self, i: str, config: Disamb, request: bool) -> tuple[str, list[int], int, int]:
        """An ambiguity cite as plain text, with what the rendering recorded (see
        :data:`citekit.csl.eval.disambiguate.Probe`)."""
        assert self.style.citation is not None
        ctx = self._probe_ctx(i, config, request)
        out = render_children(self.style.citation.layout.children, ctx)
        return (out.plain() if out is not None else ""), ctx.names_max, ctx.disamb_count, ctx.disamb_max

    def _probe_names(self, i: str) -> list[tuple[int, Name]]:
        """The names item ``i``'s ambiguity cite and sort keys render, with their place in
        their list."""
        citation = self.style.citation
        assert citation is not None
        ctx = self._probe_ctx(i, Disamb(), False)
        seen: list[tuple[int, Name]] = []
        ctx.seen_names = seen
        render_children(citation.layout.children, ctx)
        # sort keys render names too (citeproc-js registers them: Chicago's bibliography sort
        # key "source-bib" shows the editors of a chapter's book)
        for node in (citation, self.style.bibliography):
            if node is not None and node.sort:
                kctx = Ctx(self.style, self.locale, self.items[i], node.kind, CiteInfo(id=i))
                kctx.seen_names = seen
                for key in node.sort:
                    key_value(key, kctx)
        return seen

    def _bib_order(self, ids: list[str]) -> list[str]:
        bib = self.style.bibliography
        return self._sorted_ids(bib, ids) if bib is not None and bib.sort else ids

    def _update_name_levels(self, new: Sequence[str], rule: str) -> list[str]:
        """Add the names of ``new`` items to the document-wide given-name levels of the
        ``all-names``/``primary-name`` rules; returns the earlier items whose levels changed."""
        touched: dict[tuple[str, str], None] = {}
        never_demote = self.style.options.get("demote-non-dropping-particle", "display-and-sort") == "never"
        for i in new:
            # the names the item's cite shows (citeproc-js's NameReg registers names as cites
            # render them: not the et-al-truncated ones, not an editor beside an author)
            shown = self._probe_names(i) if rule.startswith("primary-name") else []
            if rule.startswith("primary-name"):
                people = [p for k, p in shown if k == 0]
            else:
                # all-names: names added for disambiguation count too (citeproc-js registers them
                # as the disambiguation renders them): every name of the item
                people = [p for v in self.items[i].vars.values() if isinstance(v, list) for p in v]
            for p in people:
                # a name with no given name has no initials: citeproc-js's NameReg does not count
                # it among a family's persons; the particle is part of the family only when it
                # is never demoted
                if p.family and p.given:
                    particle = (p.non_dropping_particle or "") if never_demote else ""
                    fk = add_person(self._persons, p.family, p.given, particle)
                    touched[fk] = None
                    self._name_items.setdefault((particle, p.family, p.given), []).append(i)
        # only the families the new names belong to are worked out again (linear cite by cite)
        changed: set[tuple[str, str, str]] = set()
        hyphen = self.style.options.get("initialize-with-hyphen", "true") != "false"
        for fk in touched:
            before = self._family_levels.get(fk, {})
            after = family_levels(fk, self._persons[fk], rule, hyphen)
            for k in before:
                self._name_levels.pop(k, None)
            self._name_levels.update(after)
            self._family_levels[fk] = after
            changed.update(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        fresh = set(new)
        return list(dict.fromkeys(i for k in changed for i in self._name_items.get(k, ()) if i not in fresh))

    def _ctx(self, item: ItemData, mode: str, cite: CiteInfo | None = None) -> Ctx:
        registered = self._ambiguity.registry.get(item.id) if self._ambiguity is not None else None
        if registered is None:
            ctx = Ctx(self.style, self.locale, item, mode, cite)
        elif mode == "citation":
            ctx = Ctx(self.style, self.locale, item, mode, cite, disamb=registered.clone())
        else:
            ctx = self._bib_ctx(item, mode, cite, registered)
        ctx.name_levels = self._name_levels
        ctx.name_levels_primary = self._name_levels_primary
        return ctx

    def _renumber(self) -> None:
        """Citation numbers follow the bibliography's sort, unless it sorts by citation-number."""
        bib = self.style.bibliography
        if bib is None or not bib.sort or any(k.variable == "citation-number" for k in bib.sort) \
                or "citation-number" not in self._uses:
            # register() numbered new ids in citation order; nothing to redo per newly cited item
            # (and when nothing shows the numbers, no sort either: cite() stays linear)
            return
        ordered = self._sorted_ids(bib, self.order)
        self.numbers = {i: k + 1 for k, i in enumerate(ordered)}

    def _sorted_ids(self, ctx_node: n.Context, ids: Sequence[str]) -> list[str]:
        entries = []
        for i in ids:
            item = self.items[i]
            cite = CiteInfo(id=i, citation_number=self.numbers.get(i), year_suffix=self._year_suffix.get(i))
            entries.append((item, self._ctx(item, ctx_node.kind, cite)))
        return [ids[k] for k in sort_items(ctx_node.sort, entries)]

    # ----------------------------------------------------------------- bibliography
    def bibliography(self, references: Iterable[Reference] | None = None) -> list[str]:
        """The formatted bibliography: given references (all cited), else those cited so far."""
        if references is not None:
            ids = [self.add(r).id for r in references]
            self.register(ids)
        return self.render_bibliography().entries

    def bibliography_ids(self) -> list[str]:
        """The cited ids in bibliography order."""
        bib = self.style.bibliography
        if bib is None:
            return []
        ids = list(self.order)
        if bib.sort:
            ids = self._sorted_ids(bib, ids)
        return ids

    def render_bibliography(self, ids: Sequence[str] | None = None) -> Rendered:
        """The bibliography as :class:`Rendered` entries (empty when the style has none)."""
        bib = self.style.bibliography
        result = Rendered(warnings=list(self.warnings))
        if bib is None:
            return result
        ordered = self.bibliography_ids() if ids is None else list(ids)
        layout = bib.layout
        sub = bib.options.get("subsequent-author-substitute")
        sub_rule = bib.options.get("subsequent-author-substitute-rule", "complete-all")
        prev_names: list[str] | None = None
        for i in ordered:
            item = self.items[i]
            cite = CiteInfo(id=i, citation_number=self.numbers.get(i), year_suffix=self._year_suffix.get(i))
            ctx = self._ctx(item, "bibliography", cite)
            out = self._bib_entry(layout, ctx, bib.options.get("second-field-align"))
            if out is None or out.is_empty():
                # citeproc-js drops an entry with no printed form (fixture sort_OmittedBibRefNonNumericStyle)
                continue
            # a term rendered before anything else starts with a capital (citeproc-js: "N.d.")
            _capitalize_leading_term(out)
            if sub is not None:
                # compare the names (or what substituted for them), never their label
                block = out.find("names")
                names = (block.find("namelist") or block) if block is not None else None
                if names is not None:
                    prev_names = _substitute_author(names, prev_names, sub, sub_rule)
                else:
                    prev_names = None
            _capitalize_leading_bib_term(out)
            if bib.options.get("second-field-align") not in ("flush", "margin"):
                out = _layout_wrap(out, layout)
            result.entries.append(render(out, self.markup, self.quotes))
        return result

    def _bib_ctx(self, item: ItemData, mode: str, cite: CiteInfo | None, registered: Disamb) -> Ctx:
        """A bibliography entry sees its citation's disambiguation as citeproc-js's does: the
        ``disambiguate`` count; with add-givenname, the given-name levels, and with add-names
        too, the names the citation added beyond the bibliography's et-al-use-first."""
        config = Disamb(disambiguate=registered.disambiguate, year_suffix=registered.year_suffix)
        carries = self.style.citation_option("disambiguate-add-givenname") == "true"
        if carries:
            if self.style.citation_option("disambiguate-add-names") == "true":
                config.names = list(registered.names)
            config.givens = [list(g) for g in registered.givens]
        ctx = Ctx(self.style, self.locale, item, mode, cite, disamb=config)
        ctx.disamb_request = carries
        return ctx

    @staticmethod
    def _bib_entry(layout: n.Layout, ctx: Ctx, second_field_align: str | None) -> Out | None:
        if second_field_align not in ("flush", "margin"):
            return render_children(layout.children, ctx)
        # CSL 1.0.2 "second-field-align": the first field in a left margin, the rest beside it
        parts = [o for child in layout.children if (o := render_node(child, ctx)) is not None and not o.is_empty()]
        if not parts:
            return None
        # the layout's affixes go inside the two blocks (display_SecondFieldAlignMigratePunctuation)
        first = Out([layout.prefix, parts[0]], display="left-margin")
        lead = _leading_string(parts[1]) if len(parts) > 1 and not layout.delimiter else None
        if lead is not None:
            # citeproc-js's leftward: a mark leading the second field joins the first field's
            # suffix, in the margin ("35. ," + " <i>Journal</i>"; science, entries with neither
            # author nor title)
            text = lead.children[0]
            assert isinstance(text, str)
            first.children.append(text[0])
            lead.children[0] = text[1:]
        if len(parts) == 1:
            first.children.append(layout.suffix)
            return wrap(first, fmt=layout.formatting)
        return wrap(Out([first, Out([*parts[1:], layout.suffix], display="right-inline")]), fmt=layout.formatting)

    def format_bibliography(self) -> str:
        """The whole bibliography in the output format (HTML wrapped in ``csl-bib-body``)."""
        return self.markup.bibliography(self.render_bibliography().entries)  # type: ignore[attr-defined,no-any-return]

    # ----------------------------------------------------------------- citations
    def reset_citations(self) -> None:
        """Forget the citation history (positions, note numbers, citation order); items stay known."""
        self._history = []
        self._first_note = {}
        self._last_note = {}
        self.order = []
        self.numbers = {}
        self._ambiguity = None

    def cite(self, cluster: Sequence[CiteItem | str] | Cluster, references: Iterable[Reference] = ()) -> str:
        """One citation cluster, processed after the clusters cited before it."""
        for ref in references:
            self.add(ref)
        if not isinstance(cluster, Cluster):
            cluster = Cluster([c if isinstance(c, CiteItem) else CiteItem(c) for c in cluster])
        return self.process_document([cluster])[0]

    def process_document(self, clusters: Sequence[Cluster]) -> list[str]:
        """Clusters in document order → each one's rendering (positions tracked across clusters)."""
        infos_list = []
        # one registration for the whole batch: renumbering and disambiguation run once
        self.register([c.id for cl in clusters for c in cl.items])
        for cl in clusters:
            infos_list.append(self._positions(cl))
        #: what each cluster's rendering depends on (a word processor re-renders when it changes)
        uses = self._uses
        self.cluster_states = [tuple((i.id, i.position if "position" in uses else None,
                                      i.near_note if "position" in uses else None,
                                      i.citation_number if "citation-number" in uses else None,
                                      (i.first_note or i.note_number) if "first-reference-note-number" in uses else None,
                                      i.year_suffix, repr(self._ambiguity.registry.get(i.id) if self._ambiguity else None))
                                     for i in infos)
                               for infos in infos_list]
        return [self._render_cluster(infos) for infos in infos_list]

    def _previous_cites(self, note: int | None) -> list[CiteInfo]:
        """The cites an ibid may refer back to: those of the preceding footnote (all its clusters),
        or of the preceding in-text citation; in-text citations (note 0) and footnotes are two
        streams (citeproc-js; fixtures position_IbidInText, position_IbidWithMultipleSoloCitesInBackref)."""
        in_text = not note
        for k in range(len(self._history) - 1, -1, -1):
            other_note, cites = self._history[k]
            if (not other_note) != in_text:
                continue
            if in_text or other_note == note:
                return cites  # the previous citation in the same note (position_IbidSeparateCiteSameNote)
            group: list[CiteInfo] = []
            for m in range(k, -1, -1):
                if self._history[m][0] == other_note:
                    group[:0] = self._history[m][1]
                elif self._history[m][0]:
                    break
            return group
        return []

    def _positions(self, cluster: Cluster) -> list[CiteInfo]:
        """Positions of a cluster's cites from the document so far (CSL 1.0.2 "Position")."""
        note = cluster.note_index
        infos: list[CiteInfo] = []
        distance = int(self.style.citation.options.get("near-note-distance", "5")) if self.style.citation else 5
        before = self._previous_cites(note)
        for k, c in enumerate(cluster.items):
            if c.id not in self.items:
                continue
            info = CiteInfo(id=c.id, locator=c.locator, label=c.label, prefix=c.prefix, suffix=c.suffix,
                            suppress_author=c.suppress_author, author_only=c.author_only, note_number=note)
            prev: CiteInfo | None = infos[-1] if k > 0 and infos else (before[0] if k == 0 and len(before) == 1 else None)
            seen = c.id in self._last_note
            if not seen:
                info.position = "first"
            elif prev is not None and prev.id == c.id:
                if not prev.locator and not c.locator:
                    info.position = "ibid"
                elif not c.locator:
                    info.position = "subsequent"
                elif prev.locator == c.locator and (prev.label or "page") == (c.label or "page"):
                    info.position = "ibid"
                else:
                    info.position = "ibid-with-locator"
            else:
                info.position = "subsequent"
            if seen:
                last = self._last_note[c.id]
                info.near_note = note is not None and last is not None and (note - last) <= distance
                info.first_note = self._first_note.get(c.id)
            elif note:
                self._first_note[c.id] = note
            self._last_note[c.id] = note
            if c.position is not None:
                info.position = c.position  # fixture bugreports_DemoPageFullCiteCruftOnSubsequent
            info.citation_number = self.numbers.get(c.id)
            info.year_suffix = self._year_suffix.get(c.id)
            infos.append(info)
        self._history.append((note, infos))
        return infos

    def _authorstring(self, info: CiteInfo, layout: n.Layout, disambiguated: bool = True) -> str | None:
        """The cite's names as the citation renders them, suppressed or not (citeproc-js's
        authorstring: grouped sorting and collapsing go by it)."""
        item = self.items[info.id]
        ctx = self._ctx(item, "citation", info)
        if not disambiguated and ctx.disamb is not None:
            # for the grouped sort: given names added for disambiguation count, names added
            # beyond et-al do not (fixture disambiguate_ByCiteIncremental2)
            ctx.disamb.names = [0] * len(ctx.disamb.names)
        out = render_children(layout.children, ctx)
        names = out.find("names") if out is not None else None
        return names.plain() if names is not None else None

    def _render_cite(self, info: CiteInfo, layout: n.Layout, first_in_cluster: bool = True) -> RenderedCite | None:
        item = self.items[info.id]
        ctx = self._ctx(item, "citation", info)
        ctx.suppress_author = info.suppress_author
        out = render_children(layout.children, ctx)
        if out is None:
            if not first_in_cluster:
                # citeproc-js prints the error only for a cluster's first cite; a later cite
                # with no printed form is left out (CSL.getCitationCluster)
                return None
            out = Out([NO_PRINTED_FORM])
        names = out.find("names")
        names_key = names.plain() if names is not None else None
        if info.suppress_author and self._collapsing:
            # a cite without its names still groups with its names' other cites (citeproc-js)
            names_key = self._authorstring(info, layout)
        if info.author_only:
            out = names if names is not None else Out()
        without = None
        if names is not None and not info.author_only and not info.suppress_author and self._collapsing:
            # the cite again without its first names (CSL 1.0.2 "suppress-author"), for collapsing
            ctx2 = self._ctx(item, "citation", info)
            ctx2.suppress_author = True
            without = render_children(layout.children, ctx2) or Out()
        plain = not (info.prefix or info.suffix or info.locator)
        ys = (without or out).find("year-suffix")
        if (self.style.klass == "note" and not info.prefix and first_in_cluster) or _capitalizing_prefix(info.prefix):
            _capitalize_leading_term(out)

        if info.prefix or info.suffix:
            # the user's affixes: never moved into the style's quotes (citeproc-js; MLA ", fig. 2")
            pre, post = Out([parse_rich(info.prefix)], kind="citeaffix"), Out([parse_rich(info.suffix)], kind="citeaffix")
            out = Out([pre, out, post])
            if without is not None:
                without = Out([pre, without, post])
        return RenderedCite(out=out, number=info.citation_number, names_key=names_key,
                            year_key=_year_key(item), plain_affixes=plain,
                            suffix_only=_clone(ys) if ys is not None else None, without_names=without,
                            letter=info.year_suffix, prefix=info.prefix, suffix=info.suffix)

    def _render_cluster(self, infos: list[CiteInfo]) -> str:
        citation = self.style.citation
        if citation is None:
            raise StyleError("style has no citation layout")
        layout = citation.layout
        collapse = citation.options.get("collapse")
        self._collapsing = collapse in ("year", "year-suffix", "year-suffix-ranged") or \
            "cite-group-delimiter" in citation.options
        # citeproc-js's grouped sort: an in-text citation that collapses or groups cites
        grouped = collapse != "citation-number" and (
            bool(collapse) and self.style.klass != "note" or "cite-group-delimiter" in citation.options)
        self._authorstrings = {i.id: self._authorstring(i, layout, False) for i in infos} if grouped and len(infos) > 1 else {}
        if citation.sort:
            entries = [(self.items[i.id], self._ctx(self.items[i.id], "citation", i)) for i in infos]
            authors = [self._authorstrings[i.id] for i in infos] if self._authorstrings else None
            infos = [infos[k] for k in sort_items(citation.sort, entries, authors)]
        cites = [rc for k, i in enumerate(infos) if (rc := self._render_cite(i, layout, k == 0)) is not None]
        delimiter = layout.delimiter
        after = citation.options.get("after-collapse-delimiter", delimiter)
        if collapse == "citation-number":
            children = collapse_numbers(cites, delimiter, after)
        elif collapse in ("year", "year-suffix", "year-suffix-ranged"):
            group_delim = citation.options.get("cite-group-delimiter", ", ")
            ysd = citation.options.get("year-suffix-delimiter", citation.options.get("cite-group-delimiter", delimiter))
            children = collapse_years(group_by_names(cites, bool(citation.sort)), collapse, delimiter, group_delim,
                                      after, ysd, "after-collapse-delimiter" in citation.options)
        elif "cite-group-delimiter" in citation.options:
            children = collapse_years(group_by_names(cites, bool(citation.sort)), "group", delimiter,
                                      citation.options["cite-group-delimiter"], after, delimiter)
        else:
            children = []
            prev: RenderedCite | None = None
            for c in cites:
                if c.out.is_empty():
                    continue
                if children:
                    children.append(_cite_delimiter(prev, c, delimiter))
                children.append(c.out)
                prev = c
        body = Out(children)
        if body.is_empty():
            return ""
        return render(_layout_wrap(body, layout), self.markup, self.quotes)


def _year_key(item: ItemData) -> str | None:
    date = item.date("issued")
    if date is None:
        return None
    return str(date.year) if date.year is not None else (date.literal or None)


def _clone(node: Out) -> Out:
    return Out([c if isinstance(c, str) else _clone(c) for c in node.children], node.fmt, node.quotes,
               node.display, node.kind)


def _layout_wrap(body: Out, layout: n.Layout) -> Out | None:
    """citeproc-js puts a layout's formatting around its affixes: ``<b>([1]–[3])</b>``."""
    return wrap(wrap(body, layout.prefix, layout.suffix), fmt=layout.formatting)


def _cite_delimiter(prev: RenderedCite | None, cite: RenderedCite, delimiter: str) -> str:
    """citeproc-js: a cite prefix starting with punctuation, or a previous suffix ending in it,
    replaces the layout delimiter (fixture affix_WithCommas)."""
    if cite.prefix and cite.prefix.lstrip()[:1] in (",", ";", ":", "."):  # position_IbidWithPrefixFullStop
        return ""
    if prev is not None and prev.suffix and prev.suffix.rstrip()[-1:] in (",", ";", ":", "."):
        # the delimiter loses its punctuation, keeping its space: "; " → " ", and "" stays ""
        # (fixtures affix_WithCommas, bugreports_MissingItemInJoin)
        return delimiter.lstrip(",;:.")
    return delimiter


def _capitalizing_prefix(prefix: str) -> bool:
    """A prefix ending a sentence (``See also.``) capitalizes what follows (bugreports_CapsAfterOneWordPrefix)."""
    # a closing quote after the full stop still ends the sentence ('He said "Please work." Ibid.':
    # fixture position_IbidWithPrefixFullStop)
    text = prefix.strip().rstrip("\"'”’")
    return bool(text) and text[-1] in ".!?" and " " in text


def _capitalize_leading_term(out: Out) -> None:
    """In note styles a term opening a cite starts with a capital (magic_CapitalizeFirstOccurringTerm)."""
    node: Out | str = out
    while isinstance(node, Out):
        if node.kind == "term":
            break
        kids = [c for c in node.children if not (isinstance(c, str) and not c)]
        if not kids:
            return
        node = kids[0]
    if not isinstance(node, Out):
        return
    for leaf_parent in node.walk():
        for i, c in enumerate(leaf_parent.children):
            if isinstance(c, str) and c:
                leaf_parent.children[i] = c[0].upper() + c[1:]
                return


def _substitute_author(names: Out, previous: list[str] | None, sub: str, rule: str) -> list[str]:
    """CSL 1.0.2 "subsequent-author-substitute" with its rules; returns this entry's names."""
    people = [node for node in names.walk() if node.kind == "name"]
    current = [p.plain() for p in people] or [names.plain()]
    if previous is None:
        return current
    whole = current == previous
    if rule == "complete-all" and whole:
        names.children = [sub] if sub else []
    elif rule == "complete-each" and whole:
        for p in people:
            p.children = [sub]
    elif rule in ("partial-each", "partial-first"):
        for k, p in enumerate(people):
            if k >= len(previous) or previous[k] != current[k] or (rule == "partial-first" and k > 0):
                break
            p.children = [sub]
        if not people and whole:
            names.children = [sub] if sub else []
    return current


def _capitalize_leading_bib_term(out: Out) -> None:
    """citeproc-js capitalises a term that is the first text of a bibliography entry (``In
    <i>Book</i>`` for a chapter without authors; a citation number before it does not count)."""
    def first(node: Out, in_term: bool) -> tuple[Out, int, bool] | None:
        in_term = in_term or node.kind == "term"
        for i, c in enumerate(node.children):
            if isinstance(c, str):
                if any(ch.isalpha() for ch in c):
                    return node, i, in_term
            else:
                found = first(c, in_term)
                if found is not None:
                    return found
        return None

    found = first(out, False)
    if found is None or not found[2]:
        return
    node, i, _ = found
    text = node.children[i]
    assert isinstance(text, str)
    k = next(j for j, ch in enumerate(text) if ch.isalpha())
    word = text[k:].split(" ", 1)[0]
    if word == word.lower():
        node.children[i] = text[:k] + text[k].upper() + text[k + 1:]


def _leading_string(node: Out) -> Out | None:
    """The unformatted node whose first child is the string ``node`` starts with, when that
    string starts with a punctuation mark."""
    while node.children and not node.fmt and not node.quotes and not node.display:
        head = node.children[0]
        if isinstance(head, str):
            return node if head[:1] in ",.;:" and len(head) > 0 else None
        node = head
    return None

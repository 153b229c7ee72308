"""Evaluation state: the item, the cite, the mode, and the bookkeeping groups and substitutes need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.data import ItemData
from citekit.csl.locale import Locale
from citekit.model import Name as ModelName

if TYPE_CHECKING:
    from citekit.csl.style import Style

#: Name options inherited from cs:style, cs:citation and cs:bibliography (CSL 1.0.2
#: "Inheritable Name Options"), with their defaults.
NAME_DEFAULTS: dict[str, str] = {
    "and": "",
    "delimiter-precedes-et-al": "contextual",
    "delimiter-precedes-last": "contextual",
    "et-al-min": "",
    "et-al-use-first": "",
    "et-al-subsequent-min": "",
    "et-al-subsequent-use-first": "",
    "et-al-use-last": "false",
    "form": "long",
    "initialize": "true",
    "name-as-sort-order": "",
    "sort-separator": ", ",
    "name-delimiter": ", ",
    "names-delimiter": "",
}


@dataclass(slots=True)
class CiteFields:
    """What the caller says about one cite: the item's id, locator and label, affixes and flags."""

    id: str
    locator: str | None = None
    label: str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: str | None = None  # first | subsequent | ibid | ibid-with-locator


@dataclass(slots=True)
class CiteInfo(CiteFields):
    """What a cite adds to an item while rendering: the caller's fields, position, numbers."""

    near_note: bool = False
    note_number: int | None = None
    first_note: int | None = None
    citation_number: int | None = None
    year_suffix: str | None = None


@dataclass(slots=True)
class Disamb:
    """One item's disambiguation settings: citeproc-js's AmbigConfig, which both drives a
    rendering (the request) and records what the rendering showed (the settings).

    ``names[k]``: how many names the k-th name list of the cite shows (0: the style's et-al);
    ``givens[k][j]``: the given-name level of its j-th name (0 family only, 1 initials, 2 full);
    ``disambiguate``: how many ``disambiguate="true"`` conditions hold; ``year_suffix``: the
    index of the item's year-suffix (0 → "a"), None for none. Filled by eval/disambiguate.py.
    """

    names: list[int] = field(default_factory=list)
    givens: list[list[int]] = field(default_factory=list)
    disambiguate: int = 0
    year_suffix: int | None = None

    def clone(self) -> Disamb:
        """A deep copy (citeproc-js cloneAmbigConfig)."""
        return Disamb(list(self.names), [list(g) for g in self.givens], self.disambiguate, self.year_suffix)

    def set_names(self, pos: int, count: int) -> None:
        """Record that list ``pos`` shows ``count`` names (and pad its given-name levels)."""
        while len(self.names) <= pos:
            self.names.append(0)
        self.names[pos] = count
        self.pad()

    def pad(self) -> None:
        """Given-name levels for every shown name (citeproc-js padBase)."""
        while len(self.givens) < len(self.names):
            self.givens.append([])
        for k, count in enumerate(self.names):
            row = self.givens[k]
            while len(row) < count:
                row.append(0)


class Ctx:
    """Evaluation of one item in one mode (citation, bibliography or a sort key)."""

    __slots__ = (
        "called",
        "cite",
        "depth",
        "disamb",
        "disamb_count",
        "disamb_max",
        "disamb_request",
        "item",
        "locale",
        "mode",
        "name_levels",
        "name_levels_primary",
        "name_lists",
        "name_opts",
        "name_overrides",
        "names_max",
        "opts",
        "probe",
        "rendered",
        "rendered_vars",
        "seen_names",
        "sort_key",
        "style",
        "substitute_parent",
        "substituting",
        "suppress_author",
        "suppressed",
    )

    def __init__(self, style: Style, locale: Locale, item: ItemData, mode: str,
                 cite: CiteInfo | None = None, sort_key: bool = False, disamb: Disamb | None = None) -> None:
        self.style = style
        self.locale = locale
        self.item = item
        self.mode = mode
        self.cite = cite
        self.sort_key = sort_key
        self.called = 0
        self.rendered = 0
        self.suppressed: set[str] = set()
        ctx_node = style.citation if mode == "citation" else style.bibliography
        self.opts: dict[str, str] = {**style.options, **(ctx_node.options if ctx_node else {})}
        self.name_opts: dict[str, str] = {k: self.opts.get(k, d) for k, d in NAME_DEFAULTS.items()}
        # CSL 1.0.2 "Inheritable Name Options": on cs:style/citation/bibliography the cs:name
        # attributes "form" and "delimiter" are spelled "name-form" and "name-delimiter"
        self.name_opts["form"] = self.opts.get("name-form", "long")
        if "initialize-with" in self.opts:
            self.name_opts["initialize-with"] = self.opts["initialize-with"]
        #: the disambiguation settings the rendering reads and records into (see :class:`Disamb`)
        self.disamb = disamb or Disamb()
        #: whether ``disamb`` is also the request (citeproc-js disambig_request): its name counts
        #: and given-name levels decide what shows
        self.disamb_request = disamb is not None
        #: an ambiguity probe (citeproc-js getAmbiguousCite): plain, subsequent form, request's
        #: name counts taken as they are
        self.probe = False
        #: the length of every name list rendered (citeproc-js names_max)
        self.names_max: list[int] = []
        #: when a list: every name rendered, with its place in its list (the name registry of the
        #: document-wide given-name rules is fed from it)
        self.seen_names: list[tuple[int, ModelName]] | None = None
        #: ``disambiguate="true"`` conditions met, and evaluated (citeproc-js disambiguate_count/maxMax)
        self.disamb_count = 0
        self.disamb_max = 0
        self.depth = 0
        self.substituting = False
        self.rendered_vars: list[str] = []
        #: suppress the first cs:names that renders (cite-level suppress-author, collapsing)
        self.suppress_author = False
        #: the cs:names whose cs:substitute is rendering (bare cs:names inherit from it)
        self.substitute_parent: n.Names | None = None
        #: document-wide given-name levels of the all-names / primary-name rules
        self.name_levels: dict[tuple[str, str, str], int] = {}
        #: primary-name rules: those levels apply to first names only (PrimaryNameWithInitialsLimitedToPrimary)
        self.name_levels_primary = False
        #: how many name lists this evaluation has rendered (citeproc-js's nameset position)
        self.name_lists = 0
        #: sort-key overrides (names-min, names-use-first, names-use-last) above cs:name's own
        self.name_overrides: dict[str, str] = {}

    def macro(self, name: str) -> list[n.Node]:
        """The children of a macro (an unknown macro renders nothing)."""
        return self.style.macros.get(name, [])

    @property
    def lang(self) -> str:
        """The item's language, else the locale's."""
        return self.item.language or self.locale.lang

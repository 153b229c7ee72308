"""Evaluation state: the item, the cite, the mode, and the bookkeeping groups and substitutes need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citekit.csl import nodes as n
from citekit.csl.data import ItemData
from citekit.csl.locale import Locale

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
    """Per-item disambiguation settings (CSL 1.0.2 "Disambiguation"), filled by disambiguate.py."""

    add_names: int = 0            # extra names shown beyond et-al-use-first
    givenname_level: int = 0      # 0 none, 1 initials, 2 full given names
    condition: bool = False       # the `disambiguate="true"` test
    primary_only: bool = False    # givenname expansion for the first name only (primary-name rules)
    given_levels: dict[int, int] = field(default_factory=dict)  # by-cite: level per name position


class Ctx:
    """Evaluation of one item in one mode (citation, bibliography or a sort key)."""

    __slots__ = (
        "called",
        "cite",
        "cite_name_counts",
        "depth",
        "disamb",
        "item",
        "locale",
        "mode",
        "name_levels",
        "name_levels_primary",
        "name_lists",
        "name_opts",
        "name_overrides",
        "opts",
        "rendered",
        "rendered_vars",
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
        self.disamb = disamb or Disamb()
        self.depth = 0
        self.substituting = False
        self.rendered_vars: list[str] = []
        #: suppress the first cs:names that renders (cite-level suppress-author, collapsing)
        self.suppress_author = False
        #: the cs:names whose cs:substitute is rendering (bare cs:names inherit from it)
        self.substitute_parent: n.Names | None = None
        #: document-wide given-name levels of the all-names / primary-name rules
        self.name_levels: dict[tuple[str, str], int] = {}
        #: primary-name rules: those levels apply to first names only (PrimaryNameWithInitialsLimitedToPrimary)
        self.name_levels_primary = False
        #: how many name lists this evaluation has rendered (citeproc-js's nameset position)
        self.name_lists = 0
        #: citation mode: records how many names each list shows; bibliography mode: the counts
        #: the item's (disambiguated) citation showed, which citeproc-js carries over
        self.cite_name_counts: list[int] | None = None
        #: sort-key overrides (names-min, names-use-first, names-use-last) above cs:name's own
        self.name_overrides: dict[str, str] = {}

    def macro(self, name: str) -> list[n.Node]:
        """The children of a macro (an unknown macro renders nothing)."""
        return self.style.macros.get(name, [])

    @property
    def lang(self) -> str:
        """The item's language, else the locale's."""
        return self.item.language or self.locale.lang

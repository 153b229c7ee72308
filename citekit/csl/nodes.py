"""The compiled form of a CSL style: typed nodes built once by :mod:`citekit.csl.style`.

Every rendering element of CSL 1.0.2 (``text``, ``number``, ``label``, ``names``, ``date``,
``group``, ``choose``) is one class here. Attributes are parsed and validated once, so the
evaluator (:mod:`citekit.csl.eval`) never touches XML. Nodes are plain slotted objects: cheap to
walk, and safe to share between processors (they are never mutated after compilation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: (font-style, font-variant, font-weight, text-decoration, vertical-align) as given, or None.
Formatting = tuple[tuple[str, str], ...]

FORMAT_ATTRS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


@dataclass(slots=True)
class Element:
    """Attributes shared by the rendering elements (CSL 1.0.2 "Formatting", "Affixes", "Display")."""

    prefix: str = ""
    suffix: str = ""
    formatting: Formatting = ()
    display: str | None = None
    quotes: bool = False
    strip_periods: bool = False
    text_case: str | None = None


@dataclass(slots=True)
class Text(Element):
    """``cs:text``: one of variable, macro, term or value."""

    variable: str | None = None
    form: str = "long"
    macro: str | None = None
    term: str | None = None
    plural: bool = False
    value: str | None = None


@dataclass(slots=True)
class Number(Element):
    """``cs:number``: a number variable as numeric, ordinal, long-ordinal or roman."""

    variable: str = ""
    form: str = "numeric"


@dataclass(slots=True)
class Label(Element):
    """``cs:label``: the term for a number variable (or, inside names, a name role)."""

    variable: str = ""
    form: str = "long"
    plural: str = "contextual"


@dataclass(slots=True)
class NamePart:
    """``cs:name-part``: formatting and text-case for ``given`` or ``family``."""

    name: str
    prefix: str = ""
    suffix: str = ""
    formatting: Formatting = ()
    text_case: str | None = None


@dataclass(slots=True)
class Name(Element):
    """``cs:name``: the options given on the element itself (inherited ones merge at evaluation)."""

    options: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    parts: dict[str, NamePart] = field(default_factory=dict)


@dataclass(slots=True)
class EtAl:
    """``cs:et-al``: the term (``et-al`` or ``and others``) and its formatting."""

    term: str = "et-al"
    prefix: str = ""
    suffix: str = ""
    formatting: Formatting = ()


@dataclass(slots=True)
class Names(Element):
    """``cs:names``: name variables with their ``name``, ``et-al``, ``label`` and ``substitute``."""

    variables: list[str] = field(default_factory=list)
    delimiter: str | None = None
    name: Name | None = None
    et_al: EtAl | None = None
    label: Label | None = None
    label_before_name: bool = False
    substitute: list[Node] | None = None
    #: True for a ``cs:names`` with no children of its own inside ``cs:substitute`` (inherits).
    bare: bool = False


@dataclass(slots=True)
class DatePart:
    """``cs:date-part``: ``day``, ``month`` or ``year`` with its form and formatting."""

    name: str
    form: str | None = None
    prefix: str = ""
    suffix: str = ""
    formatting: Formatting = ()
    text_case: str | None = None
    strip_periods: bool = False
    range_delimiter: str | None = None
    #: which attributes were set on the element (style date-parts override locale ones).
    explicit: frozenset[str] = frozenset()


@dataclass(slots=True)
class Date(Element):
    """``cs:date``: localized (``form``) or non-localized (own ``date-part`` children)."""

    variable: str = ""
    form: str | None = None
    date_parts: str = "year-month-day"
    parts: list[DatePart] = field(default_factory=list)
    delimiter: str | None = None


@dataclass(slots=True)
class Group(Element):
    """``cs:group``: children joined by ``delimiter``, suppressed when its variables are all empty."""

    children: list[Node] = field(default_factory=list)
    delimiter: str = ""


@dataclass(slots=True)
class Condition:
    """One ``cs:if`` / ``cs:else-if`` test set: ``match`` over (test, values) pairs."""

    match: Literal["all", "any", "none"] = "all"
    tests: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


@dataclass(slots=True)
class Choose:
    """``cs:choose``: branches in order; a ``None`` condition is ``cs:else``."""

    branches: list[tuple[Condition | None, list[Node]]] = field(default_factory=list)


Node = Text | Number | Label | Names | Date | Group | Choose


@dataclass(slots=True)
class SortKey:
    """``cs:key``: a variable or macro, ascending or descending, with name overrides for macros."""

    variable: str | None = None
    macro: str | None = None
    ascending: bool = True
    names_min: int | None = None
    names_use_first: int | None = None
    names_use_last: bool | None = None


@dataclass(slots=True)
class Layout:
    """``cs:layout``: the children, affixes, formatting and the delimiter between cites."""

    children: list[Node] = field(default_factory=list)
    prefix: str = ""
    suffix: str = ""
    formatting: Formatting = ()
    delimiter: str = ""
    locale: tuple[str, ...] = ()


@dataclass(slots=True)
class Context:
    """``cs:citation`` or ``cs:bibliography``: layout(s), sort keys and inheritable options."""

    kind: Literal["citation", "bibliography"]
    layouts: list[Layout] = field(default_factory=list)
    sort: list[SortKey] = field(default_factory=list)
    #: every attribute of the element (name options, collapse, disambiguation, hanging-indent...).
    options: dict[str, str] = field(default_factory=dict)

    @property
    def layout(self) -> Layout:
        """The default layout (the one without ``locale``)."""
        for lay in self.layouts:
            if not lay.locale:
                return lay
        return self.layouts[0]

"""Typed record extensions: what CSL has no variable for, read and written through one model.

On the wire these live under a CSL-JSON item's ``custom`` object (the schema's place for
extensions), so every file stays schema-valid and round-trips: ``Extensions.from_custom(c)
.to_custom() == c`` for any ``custom`` object, keys citekit does not know (and values of the wrong
shape) kept as they were read. In Python they are typed groups, reached through
:attr:`citekit.model.Reference.extensions`; nothing outside this module spells a ``custom`` key.

=====================  ===========================================  ==================================
group (attribute)      wire keys under ``custom``                   written by
=====================  ===========================================  ==================================
``origin``             ``source``, ``agency``, ``fetched-at``,      resolve (Crossref, doi.org, PubMed)
                       ``crossref-type``, ``pubtype``, ``score``
``relations``          ``relations`` (citekit's own shape),         resolve (from Crossref's
                       ``superseded-by`` (curated),                 ``updated-by``/``update-to``/
                       ``update-policy``                            ``relation``), the curator
``deposit``            ``article-number``, ``published-print``,     resolve
                       ``published-online``, ``ISSN``, ``ISBN``,
                       ``orcid``, ``clinical-trial-number``
``parse``              ``parse-confidence``, ``parse-style``,       formats.text
                       ``parse-error``, ``parse-et-al``
``curation``           ``ref-number``, ``as-printed``,              the curator (references.json),
                       ``discrepancies``, ``provenance``,           :func:`citekit.model.best_known`
                       ``unverified``, ``unverified-reasons``,
                       ``best-known``
``authors_complete``   ``authors-complete``                         the curator, formats.bibtex
``bibtex``, ``ris``    ``bibtex``, ``ris``                          each format's reader (its own data)
=====================  ===========================================  ==================================

A relation says what another work is *to this record* (:class:`RelationType`): a retraction
notice, a correction, a new version, the published version of this preprint or abstract. Check
rules read :attr:`Extensions.all_relations`, never a service's JSON: the service's module maps its
own layout (Crossref's ``updated-by``, ``relation``) to :class:`Relation` when it reads it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast, overload

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from citekit.model.provenance import Basis, Provenance, SourceRecord
from citekit.model.reference import Reference

G = TypeVar("G", bound="Group")
# Strict scalars: a value is taken as it is or not at all ("3" is no integer, 1 no boolean), so what
# is written back is what was read, byte for byte.
Str = StrictStr
Int = StrictInt
Bool = StrictBool
Num = StrictFloat | StrictInt


# --------------------------------------------------------------------------------------- relations
class RelationType(StrEnum):
    """What the other work is to this record."""

    #: a retraction, withdrawal or removal notice of this record (partial retractions included)
    RETRACTION = "retraction"
    #: an expression of concern about this record
    EXPRESSION_OF_CONCERN = "expression-of-concern"
    #: a correction, erratum, corrigendum, addendum or clarification of this record
    CORRECTION = "correction"
    #: a new version of this work (another DOI)
    NEW_VERSION = "new-version"
    #: the peer-reviewed publication of this preprint or conference abstract
    PUBLISHED_VERSION = "published-version"
    #: a preprint of this work
    PREPRINT = "preprint"
    #: any other deposited relation (review of, comment on, supplement to, ...), named in ``deposited_as``
    OTHER = "other"


class Relation(BaseModel):
    """One link from this record to another work, with who asserts it and when."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    type: RelationType
    #: the source's own word for it (Crossref's ``partial_retraction``, ``is-preprint-of`` ...)
    deposited_as: Str | None = Field(None, alias="deposited-as")
    #: True when *this record* is that to the other work (a retraction notice of it, its preprint ...)
    inverse: Bool = False
    doi: Str | None = Field(None, alias="DOI")
    #: the other work's identifier when it is not a DOI (``id_type`` says which kind)
    id: Str | None = None
    id_type: Str | None = Field(None, alias="id-type")
    #: who asserts it: ``publisher``, ``retraction-watch``, ``subject``, ``object``, ``curator``
    source: Str | None = None
    #: ISO date of the notice
    date: Str | None = None
    label: Str | None = None
    #: the other work as a citation (curated records)
    citation: Str | None = None
    note: Str | None = None

    @property
    def target(self) -> str | None:
        """The other work: its DOI, else its identifier, else its citation."""
        return self.doi or self.id or self.citation

    @property
    def name(self) -> str:
        """How a message names the relation: the deposited word, readable (``partial retraction``)."""
        return (self.deposited_as or self.type.value).replace("_", " ").replace("-", " ")


#: ``Relation.source`` of a relation the document's curator asserted (a superseded-by note)
CURATOR = "curator"


class SupersededBy(BaseModel):
    """A curated record's note that a later, fuller publication exists (``custom["superseded-by"]``)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    doi: Str | None = Field(None, alias="DOI")
    citation: Str | None = None
    #: what the later work is to this one, in words
    relation: Str | None = None
    source: SourceRecord | None = None
    note: Str | None = None

    def as_relation(self) -> Relation:
        """The note as a :class:`Relation` of type ``published-version`` asserted by the curator."""
        return Relation(type=RelationType.PUBLISHED_VERSION, doi=self.doi, citation=self.citation,
                        source=CURATOR, note=self.relation)


# ------------------------------------------------------------------------------------------- groups
class Group(BaseModel):
    """A set of extension keys stored flat under ``custom`` (each field's alias is its wire key)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    @classmethod
    def wire_keys(cls) -> dict[str, str]:
        """Wire key → attribute name."""
        return {(f.alias or name): name for name, f in cls.model_fields.items()}

    def to_wire(self) -> dict[str, Any]:
        """The group's keys as JSON values: every one that is not ``None``."""
        if all(v is None for v in self.__dict__.values()):
            return {}
        return {(info.alias or name): _json(getattr(self, name)) for name, info in type(self).model_fields.items()
                if getattr(self, name) is not None}


def _json(value: Any) -> Any:
    """A JSON value: models dumped with their wire names and only the keys they were given."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


class Origin(Group):
    """Where a resolved record comes from: the service, the agency behind it, when it was fetched."""

    #: the service that answered: ``crossref``, ``doi.org``, ``pubmed`` (``None``: not fetched)
    service: Str | None = Field(None, alias="source")
    #: the registration agency behind doi.org (``datacite``, ``medra`` ...), when known
    agency: Str | None = None
    #: when the service's answer was received, ISO 8601 in UTC (for a cached answer: when it was first received)
    fetched_at: Str | None = Field(None, alias="fetched-at")
    #: the service's own type name (Crossref's ``posted-content``, ``peer-review`` ...)
    crossref_type: Str | None = Field(None, alias="crossref-type")
    #: PubMed's publication types
    publication_types: list[Str] | None = Field(None, alias="pubtype")
    #: a search result's relevance score
    score: Num | None = None

    LABELS: ClassVar[dict[str, str]] = {"crossref": "Crossref", "pubmed": "PubMed", "doi.org": "doi.org",
                                         "arxiv": "arXiv", "google-books": "Google Books"}

    @property
    def fetched(self) -> datetime | None:
        """``fetched_at`` as a datetime (None when absent or not ISO 8601)."""
        try:
            return datetime.fromisoformat(self.fetched_at) if self.fetched_at else None
        except ValueError:
            return None

    @property
    def label(self) -> str | None:
        """The service as a reader names it: ``Crossref``, ``PubMed``, ``doi.org``, ``doi.org (DataCite)``."""
        if not self.service:
            return None
        name = self.LABELS.get(self.service, self.service)
        if self.agency and self.agency.lower() != self.service.lower():
            return f"{name} ({self.agency})"
        return name


class Relations(Group):
    """Links to other works: deposited relations, a curator's superseded-by note, CrossMark's policy page."""

    items: list[Relation] | None = Field(None, alias="relations")
    superseded_by: SupersededBy | None = Field(None, alias="superseded-by")
    #: the publisher's CrossMark update policy page
    update_policy: Str | None = Field(None, alias="update-policy")


class TypedValue(BaseModel):
    """An ISSN or ISBN with its kind (``print``, ``electronic``), as deposited."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    value: Str
    type: Str | None = None


class Orcid(BaseModel):
    """The ORCID iD of one contributor (``role`` and ``index`` into that name list)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    role: Str
    index: Int
    orcid: Str = Field(alias="ORCID")
    authenticated: Bool = False


class TrialRegistration(BaseModel):
    """A clinical-trial registration deposited with the record."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    number: Str = Field(alias="clinical-trial-number")
    registry: Str | None = None
    type: Str | None = None


class Deposit(Group):
    """What the publisher deposited that CSL has no variable for."""

    #: the e-only article number (CSL's ``page`` holds it too when there are no pages)
    article_number: Str | None = Field(None, alias="article-number")
    #: ISO dates of the print and online issues
    published_print: Str | None = Field(None, alias="published-print")
    published_online: Str | None = Field(None, alias="published-online")
    #: every ISSN / ISBN with its kind (CSL's ``ISSN``/``ISBN`` hold one)
    issns: list[TypedValue] | None = Field(None, alias="ISSN")
    isbns: list[TypedValue] | None = Field(None, alias="ISBN")
    orcids: list[Orcid] | None = Field(None, alias="orcid")
    trials: list[TrialRegistration] | None = Field(None, alias="clinical-trial-number")

    def years(self) -> set[int]:
        """The years of the print and online issues."""
        return {int(d[:4]) for d in (self.published_print, self.published_online) if d and d[:4].isdigit()}

    def trial_numbers(self) -> list[str]:
        """The registered trial numbers, upper-cased (``NCT03797326``)."""
        return [t.number.strip().upper() for t in self.trials or [] if t.number.strip()]


class Parse(Group):
    """What the free-text parser says about how it read a citation."""

    #: a number in [0, 1] per CSL variable
    confidence: dict[Str, Num] | None = Field(None, alias="parse-confidence")
    #: the layout read (``ama``, ``apa``, ``vancouver`` ...)
    style: Str | None = Field(None, alias="parse-style")
    #: why the citation could not be parsed
    error: Str | None = Field(None, alias="parse-error")
    #: the citation's author list ended with "et al."
    et_al: Bool | None = Field(None, alias="parse-et-al")


class Curation(Group):
    """A curated record's bookkeeping: its place in the document, the printed text, what is verified."""

    ref_number: Int | None = Field(None, alias="ref-number")
    as_printed: Str | None = Field(None, alias="as-printed")
    discrepancies: list[Str] | None = None
    provenance: Provenance | None = None
    #: values not seen in an authoritative record (as printed, or inferred), as CSL-JSON
    unverified: dict[Str, Any] | None = None
    unverified_reasons: dict[Str, Str] | None = Field(None, alias="unverified-reasons")
    #: on a best-known record: the basis of each field merged from ``unverified``
    best_known: dict[Str, Basis] | None = Field(None, alias="best-known")

    def unverified_values(self) -> Reference:
        """The unverified values as a partial :class:`Reference` (typed names, dates, strings)."""
        return Reference.from_csl(dict(self.unverified or {}))


class BibtexKept(BaseModel):
    """What the BibTeX reader keeps for the writer (owned by :mod:`citekit.formats.bibtex`)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    type: Str | None = None
    fields: dict[Str, Any] | None = None
    #: name fields that ended in ``and others``
    others: list[Str] | None = None
    #: CSL variables inherited through ``crossref``/``xdata`` (the writer leaves them to the parent)
    inherited: list[Str] | None = None


class RisKept(BaseModel):
    """What the RIS reader keeps for the writer (owned by :mod:`citekit.formats.ris`)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    type: Str | None = None
    #: the tag each variable was read from, when it was not the one written by default
    tags: dict[Str, Str] | None = None
    fields: dict[Str, list[Str]] | None = None
    keywords: list[Str] | None = None


class Flags(Group):
    """Single keys that belong to no group."""

    bibtex: BibtexKept | None = None
    ris: RisKept | None = None
    #: False: the author list is known to be incomplete (BibTeX ``and others``, a curated partial list)
    authors_complete: Bool | None = Field(None, alias="authors-complete")


# --------------------------------------------------------------------------------------- the model
#: the names of the groups (:meth:`Extensions.without`)
ExtensionGroup = Literal["origin", "relations", "deposit", "parse", "curation", "flags"]
_GROUPS: tuple[tuple[str, type[Group]], ...] = (
    ("origin", Origin), ("relations", Relations), ("deposit", Deposit), ("parse", Parse),
    ("curation", Curation), ("flags", Flags),
)
_WIRE_KEYS: dict[str, frozenset[str]] = {attr: frozenset(group.wire_keys()) for attr, group in _GROUPS}


class _Slot(Generic[G]):
    """An :class:`Extensions` group, built (empty, without validation) when first read."""

    def __init__(self, kind: type[G]) -> None:
        self.kind = kind
        self.name = ""
        self._empty: G | None = None  # copied for each record: cheaper than building one (all defaults are None)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Slot[G]: ...
    @overload
    def __get__(self, obj: Extensions, owner: type) -> G: ...

    def __get__(self, obj: Extensions | None, owner: type) -> G | _Slot[G]:
        if obj is None:
            return self
        group = obj._groups.get(self.name)
        if group is None:
            empty = self._empty
            if empty is None:
                empty = self._empty = cast("G", self.kind.model_construct())
            group = obj._groups[self.name] = empty.__copy__()
        return group  # type: ignore[return-value]

    def __set__(self, obj: Extensions, value: G) -> None:
        obj._groups[self.name] = value


class Extensions:
    """A record's extensions, typed; :meth:`from_custom` / :meth:`to_custom` are the only wire codec.

    ``other`` keeps, as read, every key citekit does not define (a CSL-JSON file's own extensions,
    keys folded there by the CSL-JSON writer) and every known key whose value has the wrong shape
    (with the reason in ``problems``), so that writing back loses nothing.
    """

    __slots__ = ("_groups", "_order", "other", "problems")

    origin: _Slot[Origin] = _Slot(Origin)
    relations: _Slot[Relations] = _Slot(Relations)
    deposit: _Slot[Deposit] = _Slot(Deposit)
    parse: _Slot[Parse] = _Slot(Parse)
    curation: _Slot[Curation] = _Slot(Curation)
    flags: _Slot[Flags] = _Slot(Flags)

    def __init__(self, *, origin: Origin | None = None, relations: Relations | None = None,
                 deposit: Deposit | None = None, parse: Parse | None = None, curation: Curation | None = None,
                 flags: Flags | None = None, other: dict[str, Any] | None = None) -> None:
        given = {"origin": origin, "relations": relations, "deposit": deposit, "parse": parse, "curation": curation,
                 "flags": flags}
        # (a group is built when first used: every record has six, most of them empty)
        self._groups: dict[str, Group] = {k: v for k, v in given.items() if v is not None}
        self.other: dict[str, Any] = dict(other or {})
        #: known keys whose value has the wrong shape (kept as read in ``other``): key → why
        self.problems: dict[str, str] = {}
        self._order: list[str] = []

    # ----------------------------------------------------------------- the wire codec
    @classmethod
    def from_custom(cls, custom: Mapping[str, Any] | None) -> Extensions:
        """The typed view of a ``custom`` object (``None`` or not an object: no extensions)."""
        ext = cls()
        if not isinstance(custom, Mapping) or not custom:
            return ext
        ext._order = list(custom)
        claimed: set[str] = set()
        for attr, group in _GROUPS:
            keys = _WIRE_KEYS[attr]
            subset = {k: v for k, v in custom.items() if k in keys}
            if subset:
                claimed |= subset.keys()
                ext._groups[attr] = _validate(group, subset, ext)
        for key, value in custom.items():
            if key not in claimed:
                ext.other[key] = value
        return ext

    def to_custom(self) -> dict[str, Any]:
        """The ``custom`` object: the keys read, in their order, then new ones; ``{}`` when empty."""
        out: dict[str, Any] = {}
        for attr, _ in _GROUPS:
            group = self._groups.get(attr)
            if group is not None:
                out.update(group.to_wire())
        out.update({k: v for k, v in self.other.items() if k not in out})
        if not self._order:
            return out
        ordered = {k: out[k] for k in self._order if k in out}
        ordered.update(out)
        return ordered

    @classmethod
    @contextmanager
    def editing(cls, item: dict[str, Any]) -> Iterator[Extensions]:
        """Change the extensions of a CSL-JSON item still being built as a ``dict`` (readers do)::

            with Extensions.editing(csl) as ext:
                ext.parse.et_al = True
        """
        ext = cls.from_custom(item.get("custom"))
        yield ext
        custom = ext.to_custom()
        if custom:
            item["custom"] = custom
        else:
            item.pop("custom", None)

    def copy(self) -> Extensions:
        """A deep copy (through the wire form)."""
        return Extensions.from_custom(self.to_custom())

    # ----------------------------------------------------------------- views
    @property
    def all_relations(self) -> list[Relation]:
        """Every link to another work: the deposited ones, then the curator's superseded-by note."""
        out = list(self.relations.items or [])
        if self.relations.superseded_by is not None:
            out.append(self.relations.superseded_by.as_relation())
        return out

    def relations_of(self, *types: RelationType, inverse: bool = False) -> Iterator[Relation]:
        """The relations of these types (by default those the other work holds *to this record*)."""
        for rel in self.all_relations:
            if rel.type in types and rel.inverse is inverse:
                yield rel

    def add_relation(self, relation: Relation) -> None:
        """Append one relation."""
        self.relations.items = [*(self.relations.items or []), relation]

    @property
    def authors_complete(self) -> bool | None:
        """False when the author list is known to be incomplete; None when nothing is said."""
        return self.flags.authors_complete

    @authors_complete.setter
    def authors_complete(self, value: bool | None) -> None:
        self.flags.authors_complete = value

    @property
    def authors_truncated(self) -> bool:
        """True when any reader says the author list stops short: ``authors-complete: false``, the text
        parser's "et al.", BibTeX's ``and others``."""
        bib = self.flags.bibtex
        return (self.flags.authors_complete is False or bool(self.parse.et_al)
                or (bib is not None and "author" in (bib.others or [])))

    def mark_authors_complete(self) -> None:
        """Say the author list is now complete (every reader's "incomplete" mark removed)."""
        self.flags.authors_complete = None
        self.parse.et_al = None
        bib = self.flags.bibtex
        if bib is not None and bib.others and "author" in bib.others:
            bib.others = [o for o in bib.others if o != "author"]

    def without(self, group: ExtensionGroup) -> Extensions:
        """A copy without one group (``"parse"`` drops the parser's bookkeeping)."""
        out = self.copy()
        out._groups.pop(group, None)
        return out

    def __bool__(self) -> bool:
        return bool(self.to_custom())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Extensions) and self.to_custom() == other.to_custom()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Extensions({self.to_custom()!r})"


def _validate(group: type[G], subset: dict[str, Any], ext: Extensions) -> G:
    """The group from its keys; a key whose value has the wrong shape stays raw in ``ext.other``.

    The scalars are strict (``"3"`` is no integer, ``1`` no boolean), so a value the model takes
    is written back as it was read. A ``null`` is kept as read too (its typed view is ``None``).
    """
    for key in [k for k, v in subset.items() if v is None]:
        ext.other[key] = subset.pop(key)
    while True:
        try:
            model = group.model_validate(subset, by_alias=True, by_name=False)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            bad &= subset.keys()
            if not bad:  # (cannot happen: every error of a flat model names a key) keep everything raw
                bad = set(subset)
            messages = {str(e["loc"][0]): e["msg"] for e in reversed(exc.errors()) if e["loc"]}
            for key in sorted(bad):
                ext.problems[key] = messages.get(key, "not understood")
                ext.other[key] = subset.pop(key)
            continue
        return model

__all__ = [
    "CURATOR",
    "BibtexKept",
    "Curation",
    "Deposit",
    "ExtensionGroup",
    "Extensions",
    "Flags",
    "Group",
    "Orcid",
    "Origin",
    "Parse",
    "Relation",
    "RelationType",
    "Relations",
    "RisKept",
    "SupersededBy",
    "TrialRegistration",
    "TypedValue",
]

"""``Reference``: one bibliographic item, shaped exactly like a CSL-JSON item.

Every CSL 1.0.2 variable is a typed attribute with a snake_case Python name and its CSL name as the
alias (``container_title`` ⇄ ``container-title``, ``doi`` ⇄ ``DOI``). Keys CSL does not define are
kept as pydantic extras, and values keep the JSON type they arrived with (``"12"`` stays a string,
``12`` an integer), so ``Reference.from_csl(item).to_csl() == item`` for any item.

Deliberately lenient: ``id`` and ``type`` may be missing or unknown here, because a record being
built, or one read from a messy file, must still be representable. The CSL-JSON reader, not the
model, decides what counts as invalid input (see ``citekit.formats.csljson``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from citekit.model.dates import Date
from citekit.model.names import Name
from citekit.model.vocab import CSLType

if TYPE_CHECKING:
    from citekit.model.extensions import Extensions

StrOrInt = str | int


class Reference(BaseModel):
    """One bibliographic item (a CSL-JSON item as a typed object)."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        validate_assignment=True,
    )

    id: StrOrInt | None = None
    type: str | None = None
    citation_key: str | None = Field(None, alias="citation-key")
    categories: list[str] | None = None
    language: str | None = None
    journal_abbreviation: str | None = Field(None, alias="journalAbbreviation")
    short_title: str | None = Field(None, alias="shortTitle")
    author: list[Name] | None = None
    chair: list[Name] | None = None
    collection_editor: list[Name] | None = Field(None, alias="collection-editor")
    compiler: list[Name] | None = None
    composer: list[Name] | None = None
    container_author: list[Name] | None = Field(None, alias="container-author")
    contributor: list[Name] | None = None
    curator: list[Name] | None = None
    director: list[Name] | None = None
    editor: list[Name] | None = None
    editorial_director: list[Name] | None = Field(None, alias="editorial-director")
    executive_producer: list[Name] | None = Field(None, alias="executive-producer")
    guest: list[Name] | None = None
    host: list[Name] | None = None
    interviewer: list[Name] | None = None
    illustrator: list[Name] | None = None
    narrator: list[Name] | None = None
    organizer: list[Name] | None = None
    original_author: list[Name] | None = Field(None, alias="original-author")
    performer: list[Name] | None = None
    producer: list[Name] | None = None
    recipient: list[Name] | None = None
    reviewed_author: list[Name] | None = Field(None, alias="reviewed-author")
    script_writer: list[Name] | None = Field(None, alias="script-writer")
    series_creator: list[Name] | None = Field(None, alias="series-creator")
    translator: list[Name] | None = None
    accessed: Date | None = None
    available_date: Date | None = Field(None, alias="available-date")
    event_date: Date | None = Field(None, alias="event-date")
    issued: Date | None = None
    original_date: Date | None = Field(None, alias="original-date")
    submitted: Date | None = None
    abstract: str | None = None
    annote: str | None = None
    archive: str | None = None
    archive_collection: str | None = None
    archive_location: str | None = None
    archive_place: str | None = Field(None, alias="archive-place")
    authority: str | None = None
    call_number: str | None = Field(None, alias="call-number")
    chapter_number: StrOrInt | None = Field(None, alias="chapter-number")
    citation_number: StrOrInt | None = Field(None, alias="citation-number")
    citation_label: str | None = Field(None, alias="citation-label")
    collection_number: StrOrInt | None = Field(None, alias="collection-number")
    collection_title: str | None = Field(None, alias="collection-title")
    container_title: str | None = Field(None, alias="container-title")
    container_title_short: str | None = Field(None, alias="container-title-short")
    dimensions: str | None = None
    division: str | None = None
    doi: str | None = Field(None, alias="DOI")
    edition: StrOrInt | None = None
    event: str | None = None  # deprecated in CSL 1.0.2: use event-title
    event_title: str | None = Field(None, alias="event-title")
    event_place: str | None = Field(None, alias="event-place")
    first_reference_note_number: StrOrInt | None = Field(None, alias="first-reference-note-number")
    genre: str | None = None
    isbn: str | None = Field(None, alias="ISBN")
    issn: str | None = Field(None, alias="ISSN")
    issue: StrOrInt | None = None
    jurisdiction: str | None = None
    keyword: str | None = None
    locator: StrOrInt | None = None
    medium: str | None = None
    note: str | None = None
    number: StrOrInt | None = None
    number_of_pages: StrOrInt | None = Field(None, alias="number-of-pages")
    number_of_volumes: StrOrInt | None = Field(None, alias="number-of-volumes")
    original_publisher: str | None = Field(None, alias="original-publisher")
    original_publisher_place: str | None = Field(None, alias="original-publisher-place")
    original_title: str | None = Field(None, alias="original-title")
    page: StrOrInt | None = None
    page_first: StrOrInt | None = Field(None, alias="page-first")
    part: StrOrInt | None = None
    part_title: str | None = Field(None, alias="part-title")
    pmcid: str | None = Field(None, alias="PMCID")
    pmid: str | None = Field(None, alias="PMID")
    printing: StrOrInt | None = None
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    references: str | None = None
    reviewed_genre: str | None = Field(None, alias="reviewed-genre")
    reviewed_title: str | None = Field(None, alias="reviewed-title")
    scale: str | None = None
    section: str | None = None
    source: str | None = None
    status: str | None = None
    supplement: StrOrInt | None = None
    title: str | None = None
    title_short: str | None = Field(None, alias="title-short")
    url: str | None = Field(None, alias="URL")
    version: str | None = None
    volume: StrOrInt | None = None
    volume_title: str | None = Field(None, alias="volume-title")
    volume_title_short: str | None = Field(None, alias="volume-title-short")
    year_suffix: str | None = Field(None, alias="year-suffix")
    custom: dict[str, Any] | None = None

    # ----------------------------------------------------------------- construction / output
    @classmethod
    def from_csl(cls, item: dict[str, Any]) -> Reference:
        """Build a Reference from a CSL-JSON item (a ``dict``); raises pydantic's ValidationError."""
        # by_name=False: on the wire only CSL names count, so a stray lowercase "url" key is an
        # unknown field kept as-is, not a second spelling of "URL" (test-suite fullstyles_ABdNT).
        return cls.model_validate(item, by_alias=True, by_name=False)

    def to_csl(self) -> dict[str, Any]:
        """This reference as a CSL-JSON item: CSL names, only the keys that are set, types as given."""
        return self.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)

    # ----------------------------------------------------------------- convenient views
    @property
    def csl_type(self) -> CSLType | None:
        """``type`` as a :class:`CSLType`, or ``None`` when missing or not a CSL type."""
        try:
            return CSLType(self.type) if self.type is not None else None
        except ValueError:
            return None

    @property
    def year(self) -> int | None:
        """The year of ``issued``, if known."""
        return self.issued.year if self.issued is not None else None

    @property
    def first_author(self) -> Name | None:
        """The first author (or, failing that, the first editor)."""
        for names in (self.author, self.editor):
            if names:
                return names[0]
        return None

    @property
    def authors_truncated(self) -> bool:
        """True when the author list ends with the et-al marker (:meth:`Name.others`): incomplete."""
        return self.author is not None and len(self.author) > 0 and self.author[-1].is_others

    def best_known(self, *, verified_only: bool = False) -> Reference:
        """The best value known for each field: verified, else as printed, else inferred.

        See :func:`citekit.model.provenance.best_known`; ``verified_only=True`` returns ``self``.
        """
        if verified_only or not self.custom:
            return self  # (no extensions: nothing to load, most users' records)
        ext = self.extensions
        if not ext.curation.unverified and ext.authors_complete is not False:
            return self  # nothing but verified values to give (most records): no provenance to apply
        from citekit.model.provenance import best_known

        return best_known(self, verified_only=verified_only, extensions=ext)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Keys that CSL does not define, kept as they were read."""
        return dict(self.model_extra or {})

    @property
    def extensions(self) -> Extensions:
        """citekit's typed extensions (origin, relations, provenance, parse confidence ...), read from ``custom``.

        A fresh copy each time: change it and assign it back (``ref.extensions = ext``) to store it.
        """
        from citekit.model.extensions import Extensions

        return Extensions.from_custom(self.custom)

    @extensions.setter
    def extensions(self, ext: Extensions) -> None:
        self.custom = ext.to_custom() or None

    def with_extensions(self, ext: Extensions) -> Reference:
        """A copy of this record carrying ``ext``."""
        out = self.model_copy(deep=True)
        out.extensions = ext
        return out

    def get_custom(self, key: str, default: Any = None) -> Any:
        """The raw value of one ``custom`` key, or ``default``: for a format's own round-trip data only.

        citekit's extensions are read through :attr:`extensions`, never by key.
        """
        return (self.custom or {}).get(key, default)

    def __repr__(self) -> str:
        from citekit.model.display import reference_repr

        return reference_repr(self)

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        """The notebook view: id, type, authors, year, title, journal, DOI."""
        from citekit.model.display import reference_html

        return reference_html(self)

    def label(self) -> str:
        """A short human label for messages: the id, else the DOI, else the start of the title."""
        if self.id is not None:
            return str(self.id)
        if self.doi:
            return self.doi
        return (self.title or "untitled")[:40]

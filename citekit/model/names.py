"""CSL name variables: persons (family/given with particles and suffix) and organisations (literal).

CSL-JSON spells the fields with hyphens (``non-dropping-particle``); Python uses snake_case.
Unknown keys on a name (Zotero's ``isInstitution``, say) are kept so that round trips lose nothing.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

StrIntBool = str | int | bool
#: the literal of the et-al marker name (BibTeX ``and others``, pandoc's CSL-JSON)
OTHERS = "others"


class Name(BaseModel):
    """One CSL name: a person (``family``, ``given``, particles, ``suffix``) or an organisation (``literal``)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, validate_assignment=True)

    family: str | None = None
    given: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")
    suffix: str | None = None
    comma_suffix: StrIntBool | None = Field(None, alias="comma-suffix")
    static_ordering: StrIntBool | None = Field(None, alias="static-ordering")
    literal: str | None = None
    parse_names: StrIntBool | None = Field(None, alias="parse-names")

    @classmethod
    def others(cls) -> Name:
        """The et-al marker that ends an incomplete name list: ``{"literal": "others"}``.

        The form pandoc writes for BibTeX's ``and others`` and which its citeproc renders with
        the style's et-al term; citekit's CSL processor does the same (citeproc-js 2.4.63 prints
        the word "others" instead).
        """
        return cls(literal=OTHERS)

    @property
    def is_others(self) -> bool:
        """True for the et-al marker (:meth:`others`): the list it ends is incomplete."""
        return self.literal == OTHERS and self.family is None and self.given is None

    @property
    def is_literal(self) -> bool:
        """True for an organisation or any name given only as one literal string."""
        return self.literal is not None and self.family is None

    @property
    def family_full(self) -> str:
        """The family name with its non-dropping particle (``van Gogh``, ``de la Fontaine``)."""
        if self.literal is not None and self.family is None:
            return self.literal
        parts = [p for p in (self.non_dropping_particle, self.family) if p]
        sep = "" if self.non_dropping_particle and self.non_dropping_particle.endswith(("'", "’", "-")) else " "
        return sep.join(parts)

    @property
    def given_full(self) -> str:
        """The given name with its dropping particle (``Ludwig van``)."""
        return " ".join(p for p in (self.given, self.dropping_particle) if p)

    def __repr__(self) -> str:
        return f"Name({self.display()!r})"

    def display(self) -> str:
        """A plain, inverted-order rendering: ``van Gogh, Vincent, Jr.`` or the literal."""
        if self.is_literal:
            return self.literal or ""
        out = self.family_full
        if self.given_full:
            out = f"{out}, {self.given_full}" if out else self.given_full
        if self.suffix:
            out = f"{out}, {self.suffix}"
        return out

    def to_csl(self) -> dict[str, object]:
        """This name as a CSL-JSON object (only the keys that were set)."""
        return self.model_dump(by_alias=True, exclude_unset=True)

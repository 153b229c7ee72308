"""PubMed and PubMed Central identifiers: PMID (a positive integer) and PMCID (``PMC`` + digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.errors import InvalidIdentifier

_PMID = re.compile(
    r"^(?:pmid\s*:?\s*|(?:https?://)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)?"
    r"0*([1-9]\d{0,8})/?$",
    re.IGNORECASE,
)
_PMCID = re.compile(
    r"^(?:pmcid\s*:?\s*|(?:https?://)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles|pmc\.ncbi\.nlm\.nih\.gov/articles)/)?"
    r"PMC0*([1-9]\d{0,9})/?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class PMID:
    """A PubMed identifier: ``PMID.parse("PMID: 28806736")``; ``str()`` is the bare number."""

    value: int

    def __post_init__(self) -> None:
        if not isinstance(self.value, int) or isinstance(self.value, bool) or not 0 < self.value < 10**9:
            raise InvalidIdentifier(f"not a valid PMID: {self.value!r}", item=str(self.value), field="PMID")

    @classmethod
    def parse(cls, text: str | int) -> PMID:
        """Parse ``28806736``, ``PMID: 28806736`` or a PubMed URL; raise :class:`InvalidIdentifier` quoting ``text``."""
        if isinstance(text, int) and not isinstance(text, bool):
            return cls(text)
        m = _PMID.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise InvalidIdentifier(f"not a valid PMID: {text!r}", item=str(text), field="PMID")
        return cls(int(m.group(1)))

    @property
    def url(self) -> str:
        """The PubMed page."""
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.value}/"

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True, order=True)
class PMCID:
    """A PubMed Central identifier: ``PMCID.parse("pmc5334499")``; ``str()`` is ``PMC5334499``."""

    number: int

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or isinstance(self.number, bool) or self.number <= 0:
            raise InvalidIdentifier(f"not a valid PMCID: {self.number!r}", item=str(self.number), field="PMCID")

    @classmethod
    def parse(cls, text: str) -> PMCID:
        """Parse ``PMC5334499`` (any case) or a PMC article URL; raise :class:`InvalidIdentifier` quoting ``text``."""
        m = _PMCID.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise InvalidIdentifier(f"not a valid PMCID: {text!r}", item=str(text), field="PMCID")
        return cls(int(m.group(1)))

    @property
    def value(self) -> str:
        """The canonical form, ``PMC5334499``."""
        return f"PMC{self.number}"

    @property
    def url(self) -> str:
        """The PMC article page."""
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.value}/"

    def __str__(self) -> str:
        return self.value

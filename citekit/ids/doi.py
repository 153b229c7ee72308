"""DOIs as value objects: parsed once at the boundary, compared case-insensitively.

A DOI is ``10.<registrant>/<suffix>`` (DOI Handbook §2.2). The suffix may hold any printable
character; old Wiley SICI-style DOIs carry ``<>;()#`` (``10.1002/(SICI)1097-4636(199711)37:2<...>3.0.CO;2-#``)
and stay valid here. DOIs are case-insensitive (Handbook §2.4), so equality and hashing use the
lower-cased form, while :attr:`DOI.value` keeps the case it was given in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from citekit.errors import InvalidIdentifier

# doi:, info:doi/, urn:doi:, and the resolver URLs (http or https, doi.org or dx.doi.org, www.)
_PREFIXES = re.compile(
    r"^(?:doi\s*:\s*|info:doi/|urn:doi:|(?:https?://)?(?:dx\.|www\.)?doi\.org/)",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
#: punctuation that ends a sentence or a list, never the end of a real DOI taken from prose
_TRAILING = ".,;:!?'\"”’»"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}


def strip_trailing(text: str) -> str:
    """Remove prose punctuation after a DOI: ``.``/``,``/``;`` and brackets that are not balanced inside it."""
    while text:
        last = text[-1]
        if last in _TRAILING or last in _PAIRS and text.count(_PAIRS[last]) < text.count(last):
            text = text[:-1]
        else:
            break
    return text


@dataclass(frozen=True, eq=False)
class DOI:
    """A Digital Object Identifier: ``DOI.parse("https://doi.org/10.1001/JAMA.2023.1")``."""

    value: str
    key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not _DOI.match(self.value):
            raise InvalidIdentifier(f"not a valid DOI: {self.value!r}", item=self.value, field="DOI")
        object.__setattr__(self, "key", self.value.lower())

    @classmethod
    def parse(cls, text: str, *, prose: bool = True) -> DOI:
        """Parse a DOI written in any usual form; raise :class:`InvalidIdentifier` quoting ``text``.

        Accepts ``doi:``, ``https://doi.org/``, ``http://dx.doi.org/``, percent-encoded DOIs and, when
        ``prose`` is true (the default), trailing punctuation picked up from a sentence.
        """
        if not isinstance(text, str):
            raise InvalidIdentifier(f"not a valid DOI: {text!r}", item=repr(text), field="DOI")
        s = text.strip()
        prev = None
        while prev != s:  # "doi: https://doi.org/10..." happens
            prev = s
            s = _PREFIXES.sub("", s, count=1).strip()
        if _PCT.search(s):
            s = unquote(s)
        if prose:
            s = strip_trailing(s)
        try:
            return cls(s)
        except InvalidIdentifier:
            raise InvalidIdentifier(f"not a valid DOI: {text!r}", item=text, field="DOI") from None

    @property
    def prefix(self) -> str:
        """The registrant prefix, ``10.1001``."""
        return self.value.split("/", 1)[0]

    @property
    def suffix(self) -> str:
        """Everything after the first ``/``."""
        return self.value.split("/", 1)[1]

    @property
    def url(self) -> str:
        """``https://doi.org/...`` with the characters a URL cannot hold percent-encoded."""
        return "https://doi.org/" + quote(self.value, safe="/:;()[]._-+=~!$&',*@")

    def path_segment(self) -> str:
        """The DOI as one URL path segment: every reserved character (``/``, ``?``, ``#``, ``..``) encoded."""
        return quote(self.value, safe="")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DOI):
            return self.key == other.key
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("doi", self.key))

    def __str__(self) -> str:
        return self.value

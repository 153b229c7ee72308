"""arXiv identifiers: ``2104.12255``, ``1111.2011v2`` (since 2007) and ``astro-ph/0601001`` (before).

The forms are arXiv's own ("Understanding the arXiv identifier"): ``YYMM.NNNN`` (2007-2014) or
``YYMM.NNNNN`` (since 2015), and ``archive(.SUBJECT)/YYMMNNN`` before April 2007, each with an
optional ``vN`` version. A prefix ``arXiv:`` and an ``https://arxiv.org/abs/`` address are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.errors import InvalidIdentifier

_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v(\d+))?$")
_OLD = re.compile(r"^([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?$")
_PREFIX = re.compile(r"^(?:arxiv:|https?://(?:export\.|www\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivId:
    """An arXiv identifier: its ``base`` (no version) and ``version`` (None: the latest)."""

    base: str
    version: int | None = None

    @classmethod
    def parse(cls, text: str) -> ArxivId:
        """Parse ``arXiv:1111.2011v2``, ``astro-ph/0601001`` or ``https://arxiv.org/abs/1605.08386``."""
        raw = _PREFIX.sub("", text.strip()) if isinstance(text, str) else ""
        raw = raw.removesuffix(".pdf")
        m = _NEW.match(raw) or _OLD.match(raw)
        if not m:
            raise InvalidIdentifier(f"not an arXiv identifier: {text!r} (expected 2104.12255, 1111.2011v2 or "
                                    "astro-ph/0601001)", item=str(text), field="arxiv")
        if _NEW.match(raw) and not 1 <= int(raw[2:4]) <= 12:
            raise InvalidIdentifier(f"not an arXiv identifier: {text!r} (month {raw[2:4]} in YYMM)", item=str(text),
                                    field="arxiv")
        return cls(m.group(1), int(m.group(2)) if m.group(2) else None)

    @property
    def url(self) -> str:
        """``https://arxiv.org/abs/{id}``."""
        return f"https://arxiv.org/abs/{self}"

    def __str__(self) -> str:
        return self.base if self.version is None else f"{self.base}v{self.version}"


__all__ = ["ArxivId"]

"""Finding identifiers in running text, and telling which kind a lone string is.

A lone string (:func:`parse_identifier`, what ``citekit resolve`` and ``Resolver.resolve`` take) is
read by its shape: ``arXiv:``/``arxiv.org/abs/`` or an arXiv-shaped id (``2101.00001v2``,
``hep-th/9901001``) is an :class:`ArxivId`; ``ISBN ...``, ten digits (an ISBN-10, possibly ending
``X``), thirteen starting 978/979, or digit groups split by hyphens/spaces are an :class:`ISBN`
(check digit verified, ISBN-10 → ISBN-13); bare digits up to nine are a PMID; ``PMC...`` a PMCID;
anything else must be a DOI. A string that has the shape of one kind but fails its check is an
:class:`InvalidIdentifier` naming that kind and the input, never a guess at another kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from citekit.errors import InvalidIdentifier
from citekit.ids.arxiv import ArxivId
from citekit.ids.doi import DOI, strip_trailing
from citekit.ids.pubmed import PMCID, PMID
from citekit.ids.standard import ISBN, ISSN

Identifier = DOI | PMID | PMCID | ISSN | ISBN | ArxivId
#: what :func:`parse_identifier` returns: the identifiers a resolver service handles
Resolvable = DOI | PMID | PMCID | ArxivId | ISBN

# A DOI in prose: no whitespace or quotes; <...> allowed only as a tight group (SICI DOIs).
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}(?:\.\d+)*/(?:[^\s\"<>{}|\\^`]|<[^\s<>]*>)+")
_PMID_IN_TEXT = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b|pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})\b", re.IGNORECASE)
_PMCID_IN_TEXT = re.compile(r"\bPMC\d{1,10}\b", re.IGNORECASE)
_ISSN_IN_TEXT = re.compile(r"\be?ISSN\s*:?\s*(\d{4}-?\d{3}[\dXx])\b", re.IGNORECASE)
_ISBN_IN_TEXT = re.compile(r"\bISBN(?:-1[03])?\s*:?\s*((?:97[89][-\s]?)?\d[\d\s-]{7,15}[\dXx])\b", re.IGNORECASE)
# arXiv ids in prose only with their label or address (a bare 1605.08386 may be a page or a number)
_ARXIV_IN_TEXT = re.compile(
    r"(?:\barXiv\s*:\s*|\barxiv\.org/(?:abs|pdf)/)((?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)",
    re.IGNORECASE)
# a lone string shaped like an arXiv id (arXiv's "Understanding the arXiv identifier")
_ARXIV_SHAPE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ISBN_SEPARATORS = re.compile(r"[-‐‑–\s]")


@dataclass(frozen=True)
class Found:
    """An identifier found in text: the parsed value and where it was (``text[start:end]``)."""

    identifier: Identifier
    start: int
    end: int
    text: str

    @property
    def kind(self) -> str:
        """``DOI``, ``PMID``, ``PMCID``, ``ISSN``, ``ISBN`` or ``ArxivId``."""
        return type(self.identifier).__name__


def find_identifiers(text: str) -> list[Found]:
    """Every valid DOI, PMID, PMCID, ISSN, ISBN and arXiv id in ``text``, in order of appearance.

    PMIDs, ISSNs, ISBNs and arXiv ids are only taken with their label (``PMID: 123``, ``arXiv:1605.08386``)
    or address (``arxiv.org/abs/...``), since bare numbers in prose are mostly pages and years;
    candidates that fail their check digit are skipped.
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(ident: Identifier, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Found(ident, start, end, text[start:end]))

    for m in _ARXIV_IN_TEXT.finditer(text):
        try:
            add(ArxivId.parse(m.group(1)), m.start(1), m.end(1))
        except InvalidIdentifier:
            pass
    for m in _DOI_IN_TEXT.finditer(text):
        raw = strip_trailing(m.group(0))
        try:
            add(DOI.parse(unquote(raw)), m.start(), m.start() + len(raw))
        except InvalidIdentifier:
            pass
    for m in _PMCID_IN_TEXT.finditer(text):
        add(PMCID.parse(m.group(0)), m.start(), m.end())
    for m in _PMID_IN_TEXT.finditer(text):
        num = m.group(1) or m.group(2)
        g = 1 if m.group(1) else 2
        if int(num) > 0:
            add(PMID.parse(num), m.start(g), m.end(g))
    for m in _ISSN_IN_TEXT.finditer(text):
        try:
            add(ISSN.parse(m.group(1)), m.start(1), m.end(1))
        except InvalidIdentifier:
            pass
    for m in _ISBN_IN_TEXT.finditer(text):
        raw = m.group(1).strip(" -")
        try:
            add(ISBN.parse(raw), m.start(1), m.start(1) + len(raw))
        except InvalidIdentifier:
            pass
    found.sort(key=lambda f: f.start)
    return found


def identifier_in_fields(fields: Mapping[str, Any]) -> ArxivId | ISBN | None:
    """The arXiv id or ISBN a reference's CSL-JSON fields give, for looking it up (None: neither).

    An arXiv id is read from ``URL`` (``arxiv.org/abs/...``), ``note`` or ``archive_location``
    (``arXiv:...``), or ``number`` when ``publisher``/``container-title``/``archive`` is arXiv (citekit's
    and Zotero's preprint records); an ISBN from ``ISBN`` (the first valid one of a list such as
    ``978-... ; 0-...``), only when the reference is a book (``type`` book, or none): the ISBN of a
    chapter or a conference paper is its container's, another work. An arXiv id wins over an ISBN.
    Values that fail their check are skipped: the reference is then identified another way.
    """
    def text(key: str) -> str:
        value = fields.get(key)
        return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""

    from_arxiv = any("arxiv" in text(k).lower() for k in ("publisher", "container-title", "archive"))
    if from_arxiv and text("number"):
        try:
            return ArxivId.parse(text("number"))
        except InvalidIdentifier:
            pass
    for key in ("URL", "note", "archive_location"):
        for found in find_identifiers(text(key)):
            if isinstance(found.identifier, ArxivId):
                return found.identifier
    if text("type") not in ("", "book"):
        return None
    isbns = text("ISBN")  # one ISBN (maybe spaced), else a list split by punctuation, else by spaces
    for piece in [isbns, *re.split(r"[;,/|]", isbns), *isbns.split()]:
        try:
            return ISBN.parse(piece.strip())
        except InvalidIdentifier:
            continue
    return None


def parse_identifier(text: str) -> Resolvable:
    """A lone DOI, PMID, PMCID, arXiv id or ISBN in any usual spelling (what ``citekit resolve`` accepts).

    ``arXiv:2101.00001v2``, ``hep-th/9901001``, ``https://arxiv.org/abs/...`` are arXiv ids;
    ``ISBN 0-306-40615-2``, ``978-0-306-40615-7``, ``0306406152`` ISBNs (the check digit verified);
    bare digits (up to nine) a PMID; ``PMC...`` a PMCID; anything else must be a DOI. Raises
    :class:`InvalidIdentifier` quoting the input when it is none of them, or when it has the shape
    of one kind and fails that kind's check (``978-0-306-40615-8``: "not a valid ISBN ... check digit").
    """
    s = text.strip() if isinstance(text, str) else ""
    low = s.lower()
    if low.startswith("arxiv:") or re.match(r"^(?:https?://)?(?:export\.|www\.)?arxiv\.org/", low) or _ARXIV_SHAPE.match(s):
        return ArxivId.parse(re.sub(r"^(?=(?:export\.|www\.)?arxiv\.org/)", "https://", s, flags=re.IGNORECASE))
    compact = _ISBN_SEPARATORS.sub("", s)
    if re.match(r"^isbn(?:-1[03])?\b", low) or (re.fullmatch(r"\d{9}[\dXx]|\d{13}", compact)
                                                and re.fullmatch(r"[\dXx][\dXx‐‑–\s-]*", s)):
        return ISBN.parse(s)
    if re.fullmatch(r"\d+", s) or low.startswith("pmid") or "pubmed.ncbi" in low or "ncbi.nlm.nih.gov/pubmed" in low:
        try:
            return PMID.parse(s)
        except InvalidIdentifier:
            pass
    elif low.startswith(("pmc", "pmcid")) or "/pmc" in low or "pmc.ncbi" in low:
        try:
            return PMCID.parse(s)
        except InvalidIdentifier:
            pass
    else:
        try:
            return DOI.parse(s)
        except InvalidIdentifier:
            pass
    raise InvalidIdentifier(f"not a DOI, PMID, PMCID, arXiv id or ISBN: {text!r}", item=str(text))

"""Cite by identifier in a pandoc manuscript, as manubot does: ``[@doi:10.1016/S1470-2045(17)30104-3]``,
``[@pmid:28223062]``, ``[@pmcid:PMC2883744]``, ``[@arxiv:1605.08386]``, ``[@isbn:9780099560432]``.

:func:`resolve_cites` finds every ``Cite`` of the document (text and metadata, ``nocite`` included)
whose key is ``doi:``, ``pmid:``, ``pmcid:``, ``arxiv:`` or ``isbn:`` followed by an identifier, resolves each identifier
once through :class:`citekit.resolve.Resolver` (its SQLite cache; ``CITEKIT_OFFLINE=1`` answers
from the cache only, without opening a socket; the services' addresses from ``CITEKIT_*_URL``),
and rewrites the citation's key, in place, to a stable citation key: ``ck`` and 10 characters of
the base-32 SHA-256 of the standardised identifier (``doi:`` + the lower-cased DOI, ``pmid:`` +
the number, ``pmcid:`` + ``PMC`` + the number, ``arxiv:`` + the identifier with its version if
written, ``isbn:`` + the ISBN-13), so ``doi:10.1038/NG.3834`` and
``doi:10.1038/ng.3834`` are one work and the key never changes between runs. The resolved
records carry that key as their id, and go into the bibliography with the document's own.

pandoc ends a citation key at ``(``: ``@doi:10.1016/S1470-2045(17)30104-3`` reaches the filter as the
key ``doi:10.1016/S1470-2045`` with the suffix ``(17)30104-3``; a ``doi:`` key whose suffix starts
with text attached to it gets that text back (``@{doi:...}`` with braces also works).

arXiv identifiers go to arXiv's API, ISBNs (10 or 13 digits, hyphens allowed) to Google Books.
``url:`` keys are recognised and reported as not resolvable (citekit does not scrape web pages); an identifier that is invalid, not found, or cannot be fetched is
a warning naming it, and its citation renders as a missing key (``**key?**``), as pandoc does.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citekit.ids import DOI, ISBN, PMCID, PMID
    from citekit.ids.arxiv import ArxivId
    from citekit.model import Reference
    from citekit.resolve.config import ResolverConfig

from citekit.manuscript.ast import Node

RESOLVABLE = ("doi", "pmid", "pmcid", "arxiv", "isbn")
#: identifier prefixes recognised but not resolvable (no resolver in citekit.resolve)
NOT_YET = ("url",)


@dataclass(slots=True)
class Resolved:
    """The resolved records (id = the stable key), the written key → stable key, and the warnings."""

    references: list[Reference] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the standardised identifier of each stable key
    standard: dict[str, str] = field(default_factory=dict)


def prefix_of(cid: str) -> str | None:
    """``doi`` for ``doi:10.1/x`` (any case), else None."""
    head, sep, rest = cid.partition(":")
    return head.lower() if sep and rest and head.lower() in RESOLVABLE + NOT_YET else None


def standardize(cid: str) -> str:
    """``doi:10.1038/ng.3834``, ``pmid:28806736``, ``pmcid:PMC2883744``, ``arxiv:1111.2011v2``,
    ``isbn:9780099560432`` (raises InvalidIdentifier)."""
    from citekit.ids import DOI

    head, _, rest = cid.partition(":")
    kind = head.lower()
    ident = _parse(kind, rest)
    return f"{kind}:{ident.key if isinstance(ident, DOI) else ident}"


def _parse(kind: str, rest: str) -> DOI | PMID | PMCID | ArxivId | ISBN:
    from citekit.ids import DOI, ISBN, PMCID, PMID
    from citekit.ids.arxiv import ArxivId

    parsers: dict[str, Any] = {"doi": DOI.parse, "pmid": PMID.parse, "pmcid": PMCID.parse, "arxiv": ArxivId.parse,
                               "isbn": ISBN.parse}
    ident: DOI | PMID | PMCID | ArxivId | ISBN = parsers[kind](rest)
    return ident


def parse_standard(standard: str) -> DOI | PMID | PMCID | ArxivId | ISBN:
    """The identifier object of a standardised identifier."""
    kind, _, rest = standard.partition(":")
    return _parse(kind, rest)


def citation_key(standard: str) -> str:
    """The stable key of a standardised identifier: ``ck`` + 10 base-32 characters of its SHA-256."""
    digest = hashlib.sha256(standard.encode("utf-8")).digest()
    return "ck" + base64.b32encode(digest).decode("ascii")[:10].lower()


def _cites(node: Any, out: list[Node]) -> None:
    if isinstance(node, list):
        for x in node:
            _cites(x, out)
    elif isinstance(node, dict):
        if node.get("t") == "Cite":
            out.extend(node["c"][0])
        for key, value in node.items():
            if key != "t":
                _cites(value, out)


def _glue_doi(citation: Node) -> None:
    """Give a ``doi:`` key back the part pandoc cut at ``(`` (it is the start of the suffix)."""
    suffix = citation.get("citationSuffix") or []
    if not suffix or suffix[0].get("t") != "Str" or str(suffix[0]["c"]).startswith((",", ";")):
        return
    taken = 0
    text = ""
    for node in suffix:
        if node.get("t") != "Str":
            break
        text += str(node["c"])
        taken += 1
    citation["citationId"] = str(citation["citationId"]) + text
    citation["citationSuffix"] = suffix[taken:]


def resolve_cites(doc: Node, known: set[str], config: ResolverConfig | None = None) -> Resolved:
    """Resolve the identifier citations of ``doc`` (not those ``known`` as reference ids) and rewrite their keys."""
    from citekit.errors import CitekitError

    citations: list[Node] = []
    _cites(doc.get("meta", {}), citations)
    _cites(doc.get("blocks", []), citations)
    out = Resolved()
    wanted: dict[str, list[Node]] = {}
    for c in citations:
        cid = str(c.get("citationId", ""))
        kind = prefix_of(cid)
        if kind is None or cid in known:
            continue
        if kind in NOT_YET:
            out.warnings.append(f"citation {cid!r}: {kind}: identifiers are not resolved (citekit does not fetch web pages)")
            continue
        if kind == "doi":
            _glue_doi(c)
            cid = str(c["citationId"])
        try:
            standard = standardize(cid)
        except CitekitError as exc:
            out.warnings.append(f"citation {cid!r}: {exc}")
            continue
        wanted.setdefault(standard, []).append(c)
        out.keys[cid] = citation_key(standard)
    if not wanted:
        return out
    from citekit.resolve.api import Resolver
    from citekit.resolve.config import ResolverConfig

    resolver = Resolver(config or ResolverConfig.from_env())
    try:
        for standard, cites in wanted.items():
            key = citation_key(standard)
            try:
                ref = resolver.resolve(parse_standard(standard))
            except CitekitError as exc:
                out.warnings.append(f"citation {cites[0]['citationId']!r} could not be resolved: {exc}")
                continue
            out.references.append(ref.model_copy(update={"id": key}))
            out.standard[key] = standard
            for c in cites:
                c["citationId"] = key
    finally:
        resolver.close()
    return out


def write_references(refs: list[Reference], path: str) -> None:
    """The resolved records as CSL-JSON (atomically), for ``citekit-write-references`` / ``--write-references``."""
    from citekit.formats import dumps, write_atomic

    write_atomic(path, dumps(refs, "csl-json").text)

"""Resolution over HTTP: the only package that touches the network.

``resolve(identifier)`` → :class:`~citekit.model.Reference`; ``resolve_many(ids)`` → per-item
:class:`Result`; ``Resolver.outcome()`` → the run's :class:`Outcome` (resolved, failed by kind,
services that could not be asked); ``citekit.match(text)`` → the verified best DOI
for a free-text citation. Modules: ``http`` (etiquette, deadlines, limits), ``cache`` (SQLite,
degrades instead of failing), ``services/`` (the registered services: which identifiers each
handles, how it fetches and checks an answer), ``crossref`` / ``doiorg`` / ``ncbi`` (pure payload
mappings), ``api`` (resolution and batching), ``outcome``, ``match`` (citation matching). Nothing
here opens a session at import time, and offline runs never import ``requests``.

``citekit.resolve`` (the attribute of ``citekit``) is always the function; this package is
reached by import (``from citekit.resolve import Resolver``, ``from citekit.resolve.api import resolve``).
"""

from __future__ import annotations

from citekit._lazy import lazy_exports

_EXPORTS = {
    "Resolver": "citekit.resolve.api",
    "Result": "citekit.resolve.api",
    "resolve": "citekit.resolve.api",
    "resolve_many": "citekit.resolve.api",
    "ResolverConfig": "citekit.resolve.config",
    "HttpClient": "citekit.resolve.http",
    "OfflineMiss": "citekit.errors",
    "Match": "citekit.resolve.match",
    "Outcome": "citekit.resolve.outcome",
    "MatchResult": "citekit.resolve.match",
}

# ``match`` (the function) is not re-exported here: ``citekit.resolve.match`` is its module's name.
__all__ = ["HttpClient", "Match", "MatchResult", "OfflineMiss", "Outcome", "Resolver", "ResolverConfig", "Result",
           "resolve", "resolve_many"]


lazy_exports(__name__, _EXPORTS)

"""Resolution over HTTP: the only package that touches the network.

``resolve(identifier)`` → :class:`~citekit.model.Reference`; ``resolve_many(ids)`` → per-item
:class:`Result`; ``Resolver.outcome()`` → the run's :class:`Outcome` (resolved, failed by kind,
services that could not be asked); ``citekit.resolve.match.match(text)`` → the verified best DOI
for a free-text citation. Modules: ``http`` (etiquette, deadlines, limits), ``cache`` (SQLite,
degrades instead of failing), ``services/`` (the registered services: which identifiers each
handles, how it fetches and checks an answer), ``crossref`` / ``doiorg`` / ``ncbi`` (pure payload
mappings), ``api`` (resolution and batching), ``outcome``, ``match`` (citation matching). Nothing
here opens a session at import time, and offline runs never import ``requests``.

This package is itself callable, so that ``citekit.resolve("10.1038/ng.3834")`` works whether
``citekit.resolve`` names this package (once any ``citekit.resolve.*`` module has been imported,
Python binds the package there) or the function re-exported by ``citekit``.
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


lazy_exports(__name__, _EXPORTS, cache=False, call="citekit.resolve.api:resolve")

"""Resolution over HTTP: the only package that touches the network.

``resolve(identifier)`` → :class:`~citekit.model.Reference`; ``resolve_many(ids)`` → per-item
:class:`Result`; ``citekit.resolve.match.match(text)`` → the verified best DOI for a free-text citation. Modules:
``http`` (etiquette, cache, limits), ``crossref`` / ``doiorg`` / ``ncbi`` (pure payload mappings),
``api`` (resolution and batching), ``match`` (citation matching). Nothing here opens a session at
import time.

This package is itself callable, so that ``citekit.resolve("10.1038/ng.3834")`` works whether
``citekit.resolve`` names this package (once any ``citekit.resolve.*`` module has been imported,
Python binds the package there) or the function re-exported by ``citekit``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_EXPORTS = {
    "Resolver": "citekit.resolve.api",
    "Result": "citekit.resolve.api",
    "resolve": "citekit.resolve.api",
    "resolve_many": "citekit.resolve.api",
    "ResolverConfig": "citekit.resolve.config",
    "HttpClient": "citekit.resolve.http",
    "OfflineMiss": "citekit.errors",
    "Match": "citekit.resolve.match",
    "MatchResult": "citekit.resolve.match",
}

# ``match`` (the function) is not re-exported here: ``citekit.resolve.match`` is its module's name.
__all__ = ["HttpClient", "Match", "MatchResult", "OfflineMiss", "Resolver", "ResolverConfig", "Result", "resolve",
           "resolve_many"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'citekit.resolve' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


class _CallablePackage(types.ModuleType):
    """The package, callable as :func:`citekit.resolve.api.resolve`."""

    def __call__(self, identifier: Any, **options: Any) -> Any:
        from citekit.resolve.api import resolve

        return resolve(identifier, **options)


sys.modules[__name__].__class__ = _CallablePackage

"""Checking references: completeness and correctness against the published record, and claim coverage.

``citekit.check.check(path_or_refs, document=..., offline=...)`` → :class:`Report`. Modules:
``codes`` (finding codes, severities), ``report`` (findings and the report), ``normalise`` (what
counts as the same value), ``rules/`` (one comparison per file), ``required`` (fields per type),
``sources`` (curated records and the resolver), ``coverage`` (claims), ``engine`` (the run),
``complete`` (filling what is missing), ``render/`` (table, JSON, Markdown, HTML).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_EXPORTS = {
    "Code": "citekit.check.codes",
    "Severity": "citekit.check.codes",
    "Finding": "citekit.check.report",
    "Report": "citekit.check.report",
    "ReferenceResult": "citekit.check.report",
    "ClaimCoverage": "citekit.check.report",
    "SCHEMA_VERSION": "citekit.check.report",
    "Checker": "citekit.check.engine",
    "check": "citekit.check.engine",
    "render_report": "citekit.check.render",
    "complete": "citekit.check.complete",
}

__all__ = [
    "SCHEMA_VERSION",
    "Checker",
    "ClaimCoverage",
    "Code",
    "Finding",
    "ReferenceResult",
    "Report",
    "Severity",
    "check",
    "complete",
    "render_report",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'citekit.check' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


class _CallablePackage(types.ModuleType):
    """The package, callable as :func:`citekit.check.engine.check` (``citekit.check(path)`` works either way)."""

    def __call__(self, source: Any, **options: Any) -> Any:
        from citekit.check.engine import check

        return check(source, **options)


sys.modules[__name__].__class__ = _CallablePackage

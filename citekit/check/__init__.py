"""Checking references: completeness and correctness against the published record, and claim coverage.

``citekit.check.check(path_or_refs, document=..., offline=...)`` → :class:`Report`. Modules:
``codes`` (finding codes, severities), ``report`` (findings and the report), ``normalise`` (what
counts as the same value), ``rules/`` (one comparison per file), ``required`` (fields per type),
``sources`` (curated records and the resolver), ``coverage`` (claims), ``engine`` (the run),
``complete`` (filling what is missing), ``render/`` (table, JSON, Markdown, HTML).
"""

from __future__ import annotations

from citekit._lazy import lazy_exports

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


lazy_exports(__name__, _EXPORTS)

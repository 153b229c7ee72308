"""The JSON report: :meth:`Report.to_dict` serialised; its shape is ``report.schema.json`` (``schema_version``)."""

from __future__ import annotations

import json

from citekit.check.report import Report


def render(report: Report) -> str:
    """Pretty-printed JSON, UTF-8 characters kept, with a final newline."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


__all__ = ["render"]

"""Report renderers, one per file: ``table`` (terminal), ``json`` (versioned schema), ``markdown``, ``html``.

``render_report(report, "table", color=True)`` → text. The JSON report's schema is
``report.schema.json`` beside this file (:func:`schema`).
"""

from __future__ import annotations

import importlib
import json as _json  # the stdlib; "json" in this package is the renderer module
from pathlib import Path
from typing import Any

from citekit.check.report import Report

#: format name -> module:function
RENDERERS: dict[str, str] = {
    "table": "citekit.check.render.table:render",
    "json": "citekit.check.render.json:render",
    "markdown": "citekit.check.render.markdown:render",
    "html": "citekit.check.render.html:render",
}
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def render_report(report: Report, fmt: str = "table", *, color: bool = False) -> str:
    """The report as text in ``fmt`` (``table``, ``json``, ``markdown``, ``html``); colour only for ``table``."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(RENDERERS)})")
    module, _, attr = RENDERERS[fmt].partition(":")
    fn = getattr(importlib.import_module(module), attr)
    return str(fn(report, color=color) if fmt == "table" else fn(report))


def schema() -> dict[str, Any]:
    """The JSON Schema of the JSON report (draft 2020-12)."""
    return dict(_json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


__all__ = ["RENDERERS", "SCHEMA_PATH", "render_report", "schema"]

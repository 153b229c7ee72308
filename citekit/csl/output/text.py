"""Plain-text output: no markup, quotes as characters."""

from __future__ import annotations


class TextMarkup:
    """Markup for plain text: formatting dropped, a block display on its own line."""

    name = "text"

    def escape(self, text: str) -> str:
        """Text needs no escaping."""
        return text

    def open(self, attr: str, value: str) -> str:
        """Formatting has no plain-text form."""
        return ""

    def close(self, attr: str, value: str) -> str:
        """Formatting has no plain-text form."""
        return ""

    def open_display(self, display: str) -> str:
        """A block starts a new line; an indent is indented (citeproc-js's text format)."""
        return {"block": "\n", "indent": "\n    "}.get(display, "")

    def close_display(self, display: str) -> str:
        """A left margin is followed by a space."""
        return " " if display == "left-margin" else ""

    def bibliography(self, entries: list[str]) -> str:
        """Entries one per line."""
        return "\n".join(entries)

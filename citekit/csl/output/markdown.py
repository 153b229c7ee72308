"""Markdown output (pandoc flavour): ``*italic*``, ``**bold**``, ``^sup^``, ``~sub~``."""

from __future__ import annotations

_MARKS = {("font-style", "italic"): "*", ("font-style", "oblique"): "*", ("font-weight", "bold"): "**",
          ("vertical-align", "sup"): "^", ("vertical-align", "sub"): "~"}
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*_`[]^~<>"})


class MarkdownMarkup:
    """Pandoc Markdown: emphasis, strong, super/subscript; small caps as a bracketed span."""

    name = "markdown"

    def escape(self, text: str) -> str:
        """Backslash-escape Markdown's special characters."""
        return text.translate(_SPECIAL)

    def open(self, attr: str, value: str) -> str:
        """The opening mark for one formatting attribute."""
        if (attr, value) == ("font-variant", "small-caps"):
            return "["
        return _MARKS.get((attr, value), "")

    def close(self, attr: str, value: str) -> str:
        """The closing mark matching :meth:`open`."""
        if (attr, value) == ("font-variant", "small-caps"):
            return "]{.smallcaps}"
        return _MARKS.get((attr, value), "")

    def open_display(self, display: str) -> str:
        """Displays render inline."""
        return ""

    def close_display(self, display: str) -> str:
        """Displays render inline."""
        return ""

    def bibliography(self, entries: list[str]) -> str:
        """Entries as paragraphs."""
        return "\n\n".join(entries)

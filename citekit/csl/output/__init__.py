"""Output: the tree evaluation builds (:mod:`.tree`), its rendering (:mod:`.render`), the formats."""

from __future__ import annotations

from citekit.csl.output.html import HtmlMarkup
from citekit.csl.output.markdown import MarkdownMarkup
from citekit.csl.output.render import Markup
from citekit.csl.output.text import TextMarkup

#: output name -> markup
FORMATS: dict[str, type[HtmlMarkup | TextMarkup | MarkdownMarkup]] = {
    "html": HtmlMarkup,
    "text": TextMarkup,
    "markdown": MarkdownMarkup,
}


def get_markup(name: str) -> Markup:
    """The markup for ``text``, ``html`` or ``markdown``."""
    try:
        return FORMATS[name]()
    except KeyError:
        from citekit.errors import StyleError

        raise StyleError(f"unknown output format {name!r} (choose from {', '.join(sorted(FORMATS))})") from None


__all__ = ["FORMATS", "get_markup"]

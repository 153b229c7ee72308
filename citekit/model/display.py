"""Short views of references for people: ``repr`` in a console, ``_repr_html_`` in a notebook.

A :class:`~citekit.model.Reference` has some eighty fields, nearly all empty; its pydantic repr
ran to ~2,700 characters of ``None``. These views show what identifies a reference: id, type,
first author (``et al.`` when there are more), year, title cut at :data:`TITLE_CHARS`, and the
DOI. Everything that goes into HTML is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citekit.model.reference import Reference

TITLE_CHARS = 60
#: CSL-JSON's rich-text tags (CSL 1.0.2, "HTML-like formatting tags"), dropped from these views
_RICH = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", re.IGNORECASE)


def plain(text: str) -> str:
    """``text`` without CSL's rich-text tags, whitespace collapsed."""
    return " ".join(_RICH.sub("", text).split())
#: rows shown by a bibliography's HTML table before "… N more"
HTML_ROWS = 50


def shorten(text: str | None, limit: int = TITLE_CHARS) -> str | None:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if text is None:
        return None
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def authors_short(ref: Reference) -> str | None:
    """``Watson`` / ``Watson & Crick`` / ``Watson et al.`` (the editors when there is no author)."""
    names = ref.author or ref.editor or []
    families = [n.literal if n.is_literal else (n.family_full or n.given_full) for n in names]
    families = [f for f in families if f]
    if not families:
        return None
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} & {families[1]}"
    return f"{families[0]} et al."


def reference_repr(ref: Reference) -> str:
    """``Reference('watson1953', article-journal, Watson & Crick 1953, 'Molecular Structure…', DOI 10.1038/171737a0)``."""
    parts = [repr(str(ref.id)) if ref.id is not None else "no id", ref.type or "no type"]
    who = " ".join(p for p in (authors_short(ref), str(ref.year) if ref.year else None) if p)
    if who:
        parts.append(who)
    title = shorten(ref.title)
    if title:
        parts.append(repr(title))
    if ref.doi:
        parts.append(f"DOI {ref.doi}")
    return f"Reference({', '.join(parts)})"


def reference_html(ref: Reference) -> str:
    """One reference as an HTML fragment: id and type, then author, year, title, container, DOI."""
    head = f"<b>{escape(str(ref.id) if ref.id is not None else '(no id)')}</b> <small>{escape(ref.type or '')}</small>"
    who = " ".join(p for p in (authors_short(ref), f"({ref.year})" if ref.year else None) if p)
    bits = [escape(who)] if who else []
    if ref.title:
        bits.append(escape(plain(ref.title)))
    where = ref.container_title_short or ref.container_title
    if where:
        detail = "".join(x for x in (
            f" {ref.volume}" if ref.volume is not None else "",
            f"({ref.issue})" if ref.issue is not None else "",
            f":{ref.page}" if ref.page else "",
        ))
        bits.append(f"<i>{escape(plain(str(where)))}</i>{escape(detail)}")
    if ref.doi:
        doi = escape(ref.doi)
        bits.append(f'<a href="https://doi.org/{doi}">doi:{doi}</a>')
    return f'<div class="citekit-reference">{head}<br>{". ".join(bits)}</div>'


def bibliography_html(refs: Sequence[Reference]) -> str:
    """A table of references: #, id, type, first author, year, title (the first :data:`HTML_ROWS`)."""
    rows = []
    for number, ref in enumerate(refs[:HTML_ROWS], start=1):
        cells = [str(number), str(ref.id) if ref.id is not None else "", ref.type or "", authors_short(ref) or "",
                 str(ref.year or ""), shorten(ref.title) or ""]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    more = f"<p>… {len(refs) - HTML_ROWS} more</p>" if len(refs) > HTML_ROWS else ""
    head = "".join(f"<th>{h}</th>" for h in ("#", "id", "type", "author", "year", "title"))
    return (f'<div class="citekit-bibliography"><p>{len(refs)} references</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}</div>")


__all__ = ["HTML_ROWS", "TITLE_CHARS", "authors_short", "bibliography_html", "plain", "reference_html", "reference_repr",
           "shorten"]

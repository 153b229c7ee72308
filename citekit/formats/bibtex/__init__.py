"""BibTeX and BibLaTeX: read and write through bibtexparser v2, mapped to CSL by tables.

* :mod:`.mapping`: CSL ⇄ BibTeX / BibLaTeX entry types and fields (one table, both directions);
* :mod:`.latex`: escaping, brace protection of titles, LaTeX → Unicode (pylatexenc);
* :mod:`.names`, :mod:`.dates`: name lists and dates;
* :mod:`.keys`: citation keys (``morris2017nivolumab``, ``a``/``b`` on collision);
* :mod:`.reader`, :mod:`.writer`: the two directions.

Options of ``dumps``: ``ascii=True`` writes LaTeX escapes instead of UTF-8 (CLI ``--ascii``);
``protect=False`` turns off the brace protection of capitals in titles. ``loads`` takes
``steps=[...]``, the bibtexparser middlewares run after splitting (default: :func:`default_steps`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from citekit.formats import BUILTIN
from citekit.formats.base import DumpResult, ParseResult, TextFormatBase
from citekit.formats.bibtex.mapping import Dialect
from citekit.formats.bibtex.reader import ExpandMacros, Reader, default_steps
from citekit.formats.bibtex.writer import Writer
from citekit.model import Reference

_ENTRY_START = re.compile(r"(?m)^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]")
_BIBLATEX_MARKS = re.compile(
    r"(?im)[,{\s](?:journaltitle|date|location|eventtitle|eprinttype|langid|entrysubtype|maintitle|bookauthor)\s*=|"
    r"^[ \t]*@[ \t]*(?:online|report|thesis|dataset|software|mvbook|mvcollection|inreference|reference|collection|bookinbook|patent)[ \t]*[{(]"
)
_SNIFF_CHARS = 65536


def _sniff_bibtex(text: str) -> bool:
    head = text[:_SNIFF_CHARS]
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{", "TY  -")):
        return False
    return _ENTRY_START.search(head) is not None


class BibReadOptions(TypedDict, total=False):
    """Options of reading BibTeX / BibLaTeX."""

    #: the bibtexparser middlewares run after splitting (default :func:`default_steps`)
    steps: Sequence[Any] | None
    #: titles of English entries (langid/hyphenation absent or English) in sentence case, braced
    #: words kept, as pandoc reads them (default True; the writer braces what must keep its case)
    sentence_case: bool


class BibWriteOptions(TypedDict, total=False):
    """Options of writing BibTeX / BibLaTeX."""

    #: LaTeX escapes (``{\'e}``) instead of UTF-8 (CLI ``--ascii``)
    ascii: bool
    #: brace-protect capitals in titles (default True)
    protect: bool
    #: only verified values (a curated record as stored); default: each field's best known value
    #: (verified, else as printed, else inferred: ``Reference.best_known``)
    verified_only: bool


class _BibFormat(TextFormatBase):
    dialect: Dialect = "bibtex"
    ReadOptions = BibReadOptions
    WriteOptions = BibWriteOptions

    def loads(self, text: str, *, steps: Sequence[Any] | None = None, sentence_case: bool = True) -> ParseResult:
        """Parse ``text``: entries to References (key → ``id`` and ``citation-key``); bad entries
        to ``failed``, oddities to ``warnings``, each naming line, entry key and field.
        ``sentence_case``: English titles in sentence case, as pandoc reads them."""
        result = Reader(self.dialect, steps, sentence_case=sentence_case).read(text)
        result.format = self.name
        return result

    def dumps(
        self, refs: Iterable[Reference], *, ascii: bool = False, protect: bool = True, verified_only: bool = False
    ) -> DumpResult:
        """Write the references; what cannot be expressed is in ``warnings`` (entry and field).

        Each field has its best known value unless ``verified_only`` (``Reference.best_known``).
        """
        result = Writer(self.dialect, ascii=ascii, protect=protect).write(
            [ref.best_known(verified_only=verified_only) for ref in refs]
        )
        result.format = self.name
        return result


class BibTeXFormat(_BibFormat):
    """BibTeX (``.bib``): classic BibTeX entry types and fields, ``year``/``month`` dates."""

    dialect: Dialect = "bibtex"
    info = BUILTIN["bibtex"]

    def sniff(self, text: str) -> bool:
        """True when the text has a BibTeX block (``@article{`` …) at the start of a line."""
        return _sniff_bibtex(text)


class BibLaTeXFormat(_BibFormat):
    """BibLaTeX (``.bib``): biblatex's entry types and fields (``journaltitle``, ``date``, …)."""

    dialect: Dialect = "biblatex"
    info = BUILTIN["biblatex"]

    def sniff(self, text: str) -> bool:
        """True for BibTeX-shaped text that uses BibLaTeX's own fields or entry types."""
        return _sniff_bibtex(text) and _BIBLATEX_MARKS.search(text[:_SNIFF_CHARS]) is not None


__all__ = ["BibLaTeXFormat", "BibTeXFormat", "ExpandMacros", "Reader", "Writer", "default_steps"]

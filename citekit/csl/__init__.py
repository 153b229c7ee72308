"""citekit's CSL 1.0.2 processor: style → evaluation → output tree → text, HTML or Markdown.

    from citekit.csl import Style, Processor, format_bibliography
    format_bibliography(refs, style="american-medical-association", output="text")  # -> str

Layout: :mod:`.style` (compile a style), :mod:`.locale`, :mod:`.eval` (the evaluator),
:mod:`.output` (tree and formats), :mod:`.processor` (citations and bibliography),
:mod:`.testsuite` (the conformance runner). Names load lazily (PEP 562).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from citekit._lazy import lazy_exports

if TYPE_CHECKING:
    from citekit.csl.locale import Locale as Locale
    from citekit.csl.processor import CiteItem as CiteItem
    from citekit.csl.processor import Cluster as Cluster
    from citekit.csl.processor import Processor as Processor
    from citekit.csl.processor import Rendered as Rendered
    from citekit.csl.style import Style as Style
    from citekit.model import Reference

_EXPORTS = {
    "CiteItem": "citekit.csl.processor",
    "Cluster": "citekit.csl.processor",
    "Locale": "citekit.csl.locale",
    "Processor": "citekit.csl.processor",
    "Rendered": "citekit.csl.processor",
    "Style": "citekit.csl.style",
}

__all__ = ["CiteItem", "Cluster", "Locale", "Processor", "Rendered", "Style", "format_bibliography"]


def format_bibliography(references: Iterable[Reference], style: str = "american-medical-association",
                        output: str = "text", locale: str | None = None, *, verified_only: bool = False) -> str:
    """The bibliography of ``references`` in ``style``, as one string in the output format.

    The same as ``Processor(style, locale=locale, output=output)`` given the references, then
    :meth:`Processor.format_bibliography`: text one entry per line, Markdown one paragraph per
    entry, HTML in a ``csl-bib-body`` div. The entries one by one: :meth:`Processor.bibliography`.
    Each field has its best known value (``Reference.best_known``); ``verified_only=True``
    renders only the verified ones.
    """
    from citekit.csl.processor import Processor

    proc = Processor(style, locale=locale, output=output, verified_only=verified_only)
    proc.bibliography(list(references))
    return proc.format_bibliography()


lazy_exports(__name__, _EXPORTS)

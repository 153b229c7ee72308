"""Manuscripts: citations in context.

:mod:`.pandoc` is citekit as pandoc's citation processor (the ``citekit-pandoc`` JSON filter);
:mod:`.locator` reads the locator out of a pandoc citation's suffix; :mod:`.ast` walks and builds
pandoc's JSON AST; :mod:`.byid` resolves ``[@doi:...]``, ``[@pmid:...]``, ``[@pmcid:...]``, ``[@arxiv:...]``,
``[@isbn:...]`` citations for the filter; :mod:`.markdown` checks a pandoc Markdown manuscript's
citations against its bibliography for ``citekit check paper.md``; :mod:`.latex` finds the citations of a LaTeX manuscript (``\\cite{...}``, ``.aux``)
for ``citekit check paper.tex``; :mod:`.word` reads a Word manuscript's citations and reference list
for ``citekit check|parse paper.docx``; :mod:`.cited` lists what a manuscript cites, in order, for
``citekit format --cited-in``; :mod:`.paste` makes a bibliography a file that pastes into Word.
"""

from __future__ import annotations

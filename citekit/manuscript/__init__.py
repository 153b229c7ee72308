"""Manuscripts: citations in context.

:mod:`.pandoc` is citekit as pandoc's citation processor (the ``citekit-pandoc`` JSON filter);
:mod:`.locator` reads the locator out of a pandoc citation's suffix; :mod:`.ast` walks and builds
pandoc's JSON AST; :mod:`.latex` finds the citations of a LaTeX manuscript (``\\cite{...}``,
``.aux``) for ``citekit check paper.tex``.
"""

from __future__ import annotations

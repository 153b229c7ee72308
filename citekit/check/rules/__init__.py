"""The comparison rules, one per file; :data:`DEFAULT_RULES` is the list :func:`citekit.check.check` runs.

Each rule is ``rule(ctx: Context) -> Iterable[Finding]``; replace or extend the list to change
what is checked (``check(..., rules=[*DEFAULT_RULES, my_rule])``).
"""

from __future__ import annotations

from citekit.check.rules.authors import authors
from citekit.check.rules.base import Context, Rule, Style
from citekit.check.rules.issue import issue
from citekit.check.rules.journal import journal
from citekit.check.rules.pages import pages
from citekit.check.rules.superseded import superseded
from citekit.check.rules.title import title
from citekit.check.rules.unverified import unverified
from citekit.check.rules.updates import updates
from citekit.check.rules.volume import volume
from citekit.check.rules.year import year

DEFAULT_RULES: list[Rule] = [updates, superseded, authors, title, journal, year, volume, issue, pages, unverified]

__all__ = ["DEFAULT_RULES", "Context", "Rule", "Style", "authors", "issue", "journal", "pages", "superseded", "title",
           "unverified", "updates", "volume", "year"]

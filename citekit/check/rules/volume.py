"""``volume-mismatch``: the cited volume is not the record's."""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code
from citekit.check.normalise import fold
from citekit.check.report import Finding
from citekit.check.rules.base import Context


def volume(ctx: Context) -> Iterator[Finding]:
    """Compare volumes as folded text (``"18"`` = ``18``; ``"Suppl 2"`` = ``"suppl. 2"``)."""
    cited, rec = ctx.cited.volume, ctx.record.volume
    if cited is None or rec is None:
        return
    if fold(str(cited)) != fold(str(rec)):
        yield ctx.finding(Code.VOLUME_MISMATCH, f"the citation says volume {cited}; the record says {rec}",
                          field="volume", cited=cited, record=rec)

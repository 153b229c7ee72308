"""A cite whose layout renders nothing (citeproc-js ``getCitationCluster``): the cluster's first
cite prints citeproc-js's error text, a later one is left out."""

from __future__ import annotations

from citekit.csl import Processor, Style
from citekit.model import Reference

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>empty-cite</id><title>empty cite</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")" delimiter="; "><text variable="title"/></layout></citation>
</style>"""


def _proc() -> tuple[Processor, list[Reference]]:
    refs = [Reference.from_csl({"id": "a", "type": "book", "title": "Alpha"}),
            Reference.from_csl({"id": "x", "type": "book"}),
            Reference.from_csl({"id": "b", "type": "book", "title": "Beta"})]
    return Processor(Style.from_string(STYLE)), refs


def test_later_empty_cite_is_left_out() -> None:
    proc, refs = _proc()
    assert proc.cite(["a", "x", "b"], refs) == "(Alpha; Beta)"


def test_first_empty_cite_prints_the_error() -> None:
    proc, refs = _proc()
    assert proc.cite(["x", "a"], refs) == "([CSL STYLE ERROR: reference with no printed form.]; Alpha)"

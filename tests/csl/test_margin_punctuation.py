"""second-field-align: a mark leading the second field joins the margin (citeproc-js's
``leftward``; seen in science on records with neither author nor title). The expected HTML
is citeproc-js 2.4's output for this style and these items."""

from __future__ import annotations

from citekit.csl import Processor, Style
from citekit.model import Reference

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>margin</id><title>margin</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography second-field-align="flush"><layout suffix=".">
    <text variable="citation-number" suffix=". "/>
    <text variable="title"/>
    <text variable="container-title" prefix=", "/>
  </layout></bibliography>
</style>"""


def test_leading_comma_moves_into_the_margin() -> None:
    proc = Processor(Style.from_string(STYLE), output="html")
    refs = [Reference.from_csl({"id": "a", "type": "article-journal", "container-title": "Journal"})]
    html = str(proc.bibliography(refs)[0])
    assert '<div class="csl-left-margin">1. ,</div><div class="csl-right-inline"> Journal.</div>' in html


def test_no_mark_no_move() -> None:
    proc = Processor(Style.from_string(STYLE), output="html")
    refs = [Reference.from_csl({"id": "a", "type": "article-journal", "title": "T", "container-title": "J"})]
    html = str(proc.bibliography(refs)[0])
    assert '<div class="csl-left-margin">1. </div><div class="csl-right-inline">T, J.</div>' in html

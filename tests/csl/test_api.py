"""The public API: Style, Processor (bibliography, cite, process_document), format_bibliography.

Citation and bibliography outputs are compared with citeproc-js's, recorded once in
data/citeproc_js_clusters.json (five items, six clusters: collapsing, locators with labels,
prefix/suffix, suppress-author, year-suffixes, in seven styles), never with our own output.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from citekit.csl import CiteItem, Cluster, Processor, Style, format_bibliography
from citekit.errors import StyleError
from citekit.model import Reference

RECORDED: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "citeproc_js_clusters.json").read_text("utf-8"))
REFS = [Reference.from_csl(it) for it in RECORDED["items"]]


def _processor(style: str, output: str = "html") -> Processor:
    return Processor(Style.load(style), locale="en-US", output=output, references=REFS)


@pytest.mark.parametrize("style", sorted(RECORDED["styles"]))
def test_citations_match_citeproc_js(style: str) -> None:
    proc = _processor(style)
    clusters = [Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1) for k, cl in enumerate(RECORDED["clusters"])]
    assert proc.process_document(clusters) == RECORDED["styles"][style]["citations"]


@pytest.mark.parametrize("style", sorted(RECORDED["styles"]))
def test_bibliography_of_cited_items_matches_citeproc_js(style: str) -> None:
    proc = _processor(style)
    proc.process_document([Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)
                           for k, cl in enumerate(RECORDED["clusters"])])
    ours = [f'  <div class="csl-entry">{e}</div>\n' for e in proc.bibliography()]
    assert ours == RECORDED["styles"][style]["bibliography"]


def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("style", ["apa", "chicago-author-date"])
def test_text_output_is_the_html_without_markup(style: str) -> None:
    as_html = _processor(style).bibliography(REFS)
    as_text = _processor(style, "text").bibliography(REFS)
    assert [_strip(e) for e in as_html] == as_text


def test_markdown_marks_italics_and_escapes() -> None:
    entry = format_bibliography([REFS[2]], style="apa", output="markdown", locale="en-US")
    assert "*Gamma methods*" in entry
    assert "<i>" not in entry


def test_format_bibliography_is_the_processor_shortcut() -> None:
    proc = _processor("apa")
    proc.bibliography(REFS)
    assert format_bibliography(REFS, style="apa", output="html", locale="en-US") == proc.format_bibliography()


def test_cite_accepts_ids_and_cite_items() -> None:
    proc = _processor("american-medical-association")
    assert proc.cite(["a", "b", "c"]) == RECORDED["styles"]["american-medical-association"]["citations"][0].replace("–4", "–3")


def test_author_only_renders_just_the_names() -> None:
    proc = _processor("apa")
    assert proc.cite([CiteItem("c", author_only=True)]) == "(Zhou)"


def test_unknown_cite_id_becomes_a_warning_not_an_exception() -> None:
    proc = _processor("apa")
    proc.cite(["a", "nope"])
    assert any("nope" in w for w in proc.warnings)


def test_unknown_output_format_is_a_style_error() -> None:
    with pytest.raises(StyleError, match="output format"):
        Processor(Style.load("apa"), output="rtf")


def test_csl_package_does_not_import_resolve_or_requests() -> None:
    import subprocess
    import sys

    code = ("import sys, citekit.csl as c; c.format_bibliography([], style='apa'); "
            "print(any(m.startswith(('citekit.resolve', 'requests')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"

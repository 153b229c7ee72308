"""Report renderers: the JSON schema covers every code, colour only on request, HTML self-contained and escaped."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import jsonschema

from citekit.check.codes import DESCRIPTIONS, Code, Severity
from citekit.check.render import render_report, schema
from citekit.check.report import ClaimCoverage, Finding, ReferenceResult, Report

EVIL = '<script>alert("x")</script> | pipe'


def _report() -> Report:
    f = Finding(Code.JOURNAL_MISMATCH, Severity.ERROR, "the citation names 'JAMA'", ref=1, key="k1",
                field="container-title", cited=EVIL, record="JAMA Network Open", source="curated record")
    g = Finding(Code.CLAIM_UNSUPPORTED, Severity.WARNING, "no reference", claim="c1", field="claim")
    return Report(input="refs.txt", document="doc", references=[ReferenceResult(1, "k1", EVIL, findings=[f])],
                  findings=[g], coverage=[ClaimCoverage("c1", "statement", "A claim", None, [], [])])


def test_schema_documents_every_code_and_severity() -> None:
    s = schema()
    codes = s["$defs"]["finding"]["properties"]["code"]["enum"]
    assert sorted(codes) == sorted(c.value for c in Code) == sorted(s["$defs"]["codes"]["properties"])
    assert set(DESCRIPTIONS) == set(Code)
    assert {k: v["description"] for k, v in s["$defs"]["codes"]["properties"].items()} == {
        c.value: d for c, d in DESCRIPTIONS.items()}
    jsonschema.Draft202012Validator.check_schema(s)
    jsonschema.Draft202012Validator(s).validate(json.loads(render_report(_report(), "json")))


def test_table_colour_only_when_asked() -> None:
    plain, coloured = render_report(_report(), "table"), render_report(_report(), "table", color=True)
    assert "\x1b[" not in plain and "\x1b[31m" in coloured
    assert "journal-mismatch" in plain and "1 error" in plain


def test_markdown_escapes_table_cells() -> None:
    md = render_report(_report(), "markdown")
    row = next(line for line in md.splitlines() if "journal-mismatch" in line and line.startswith("| error"))
    assert "\\|" in row and row.count(" | ") == 6


def test_html_is_self_contained_and_escaped() -> None:
    page = render_report(_report(), "html")
    assert "<script>" not in page and "&lt;script&gt;" in page

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.external: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name in ("src", "href") and value and not value.startswith("#"):
                    self.external.append(value)
            if tag in ("script", "link", "img", "iframe"):
                self.external.append(tag)

    parser = Tags()
    parser.feed(page)
    assert parser.external == []


def test_exit_threshold() -> None:
    r = _report()
    assert r.fails("error") and r.fails("warning")
    r.references[0].findings.clear()
    assert not r.fails("error") and r.fails("warning")
    r.findings.clear()
    assert not r.fails("warning") and r.worst() is None

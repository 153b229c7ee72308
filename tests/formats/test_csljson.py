"""CSL-JSON: per-item validation with line and id, schema-valid output, nothing lost."""

from __future__ import annotations

import json
from typing import Any

import pytest

import citekit
from citekit.formats.csljson import CslJsonFormat
from tests.conftest import suite_inputs

FMT = CslJsonFormat()


def test_whole_suite_reads_and_writes_schema_valid(schema_validator: Any) -> None:
    """Every suite item with an id and a CSL type loads; what we write validates; nothing is lost."""
    items = [item for _, _, item in suite_inputs()]
    result = FMT.loads(json.dumps(items))
    valid = [i for i in items if "id" in i and i.get("type") in {t.value for t in citekit.CSLType}]
    assert len(result.items) == len(valid)
    assert len(result.failed) == len(items) - len(valid)
    text = FMT.dumps(result.items).text
    errors = list(schema_validator.iter_errors(json.loads(text)))
    assert errors == []
    # Folded extras are all under custom: read back, every original value is still there.
    for original, written in zip(valid, json.loads(text)):
        for key, value in original.items():
            if key in written:
                continue
            assert written["custom"][key] == value


def test_verbatim_mode_writes_the_items_exactly() -> None:
    items = [item for _, _, item in suite_inputs() if "id" in item and item.get("type")][:300]
    result = FMT.loads(json.dumps(items))
    assert json.loads(FMT.dumps(result.items, schema_valid=False).text) == items


def test_name_extras_are_folded_with_a_warning(schema_validator: Any) -> None:
    text = json.dumps([{"id": "a", "type": "book", "author": [{"family": "X"}, {"literal": "ACME", "isInstitution": "true"}]}])
    dumped = FMT.dumps(FMT.loads(text).items)
    out = json.loads(dumped.text)
    assert out[0]["author"][1] == {"literal": "ACME"}
    assert out[0]["custom"]["author[1]"] == {"isInstitution": "true"}
    assert [(w.item, w.field) for w in dumped.warnings] == [("a", "author[1]")]
    assert not list(schema_validator.iter_errors(out))


BAD = """[
  {"id": "ok1", "type": "article-journal", "title": "Fine"},
  {"type": "book", "title": "No id"},
  {"id": "noType", "title": "x"},
  {"id": "badType", "type": "journal-article"},
  {"id": "wrongTitle", "type": "book", "title": ["a", "list"]},
  {"id": "wrongDate", "type": "book", "issued": {"date-parts": "2017"}},
  "a string",
  {"id": "ok2", "type": "book", "title": "Also fine"}
]"""


@pytest.mark.parametrize(
    ("line", "item", "field", "words"),
    [
        (3, None, "id", "missing required 'id'"),
        (4, "noType", "type", "missing required 'type'"),
        (5, "badType", "type", "'journal-article' is not a CSL item type"),
        (6, "wrongTitle", "title", "string"),
        (7, "wrongDate", "issued.date-parts", "list"),
        (8, None, None, "not an object"),
    ],
)
def test_bad_items_are_reported_with_line_id_and_field(line: int, item: str | None, field: str | None, words: str) -> None:
    result = FMT.loads(BAD)
    assert [r.id for r in result.items] == ["ok1", "ok2"]
    failed = {f.line: f for f in result.failed}
    assert line in failed
    got = failed[line]
    assert (got.item, got.field) == (item, field)
    assert words in got.error
    assert got.raw  # the raw text is kept: nothing is lost


def test_truncated_file_keeps_the_items_before_the_break() -> None:
    text = '[{"id": "a", "type": "book"},\n {"id": "b", "type": "book"},\n {"id": "c", "typ'
    result = FMT.loads(text)
    assert [r.id for r in result.items] == ["a", "b"]
    assert len(result.failed) == 1 and result.failed[0].line == 3
    assert "invalid JSON" in result.failed[0].error


def test_single_object_and_items_wrapper() -> None:
    assert [r.id for r in FMT.loads('{"id": "x", "type": "book"}').items] == ["x"]
    assert [r.id for r in FMT.loads('{"items": [{"id": "y", "type": "book"}]}').items] == ["y"]


@pytest.mark.parametrize("text", ["", "   ", "<html><body>502 Bad Gateway</body></html>", "null", "[1, 2", "\x00\x01binary"])
def test_garbage_is_a_failed_entry_not_a_crash(text: str) -> None:
    result = FMT.loads(text)
    assert result.items == []
    assert result.failed and result.failed[0].error


def test_duplicate_ids_warn_with_both_lines() -> None:
    text = '[\n{"id": "a", "type": "book"},\n{"id": "a", "type": "report"}\n]'
    result = FMT.loads(text)
    assert len(result.items) == 2
    assert [(w.item, w.field, w.line) for w in result.warnings] == [("a", "id", 3)]
    assert "line 2" in result.warnings[0].message
    assert result.bibliography().duplicate_ids() == ["a"]


def test_unicode_survives() -> None:
    item = {"id": "é", "type": "book", "title": "Ünïcödé — “quotes” 中文 \u00a0nbsp", "author": [{"family": "André", "given": "Thierry"}]}
    result = FMT.loads(FMT.dumps([citekit.Reference.from_csl(item)]).text)
    assert result.items[0].to_csl() == item

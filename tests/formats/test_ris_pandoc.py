"""Pandoc, an independent RIS reader, reads citekit's RIS back with the same data.

Every INPUT item of the CSL test-suite, the doi.org CSL bodies in tests/data/fixtures/real/doi-csl/
and the document's curated references.json are written as RIS by citekit and read by
``pandoc -f ris -t csljson`` (pandoc 3.9 from pypandoc-binary): titles, DOIs, volumes, issues,
pages, years and the people in author/editor must come back as they were.

Where pandoc's reader differs by design it is allowed for, and said here: it has no DA/CY/AN/C2/J2
(not compared), it reads SP as a page in book records where RIS means the number of pages (pages
not compared there), and it parses names the BibTeX way (particles split off, "Family, Given,
Suffix" read as "Family, Suffix, Given"), so names are compared by their characters.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from citekit.formats.ris import RisFormat
from citekit.formats.ris.lexer import normalize_value
from citekit.formats.ris.mapping import BOOKISH, CSL_TO_RIS, FALLBACK_RIS_TYPE, WRITE_ONLY_TYPES
from citekit.formats.ris.values import clean_doi
from citekit.model import Reference
from tests.conftest import suite_inputs
from tests.formats.test_ris_support import document_items, doi_csl_items

RIS = RisFormat()
DATA = Path(__file__).resolve().parents[1] / "data" / "ris"


@cache
def pandoc_reads(items_json: str) -> dict[str, dict[str, Any]]:
    """citekit writes the items as RIS, pandoc reads that RIS: pandoc's CSL items by id."""
    refs = [Reference.from_csl(item) for item in json.loads(items_json)]
    text = RIS.dumps(refs).text
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "ris", "-t", "csljson"],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return {str(item["id"]): item for item in json.loads(proc.stdout)}


def _one_line(value: Any) -> str:
    return " ".join(line for line in normalize_value(str(value)).split("\n") if line)


def _name_chars(name: dict[str, Any]) -> str:
    parts = (
        name.get(k) for k in ("family", "given", "suffix", "literal", "non-dropping-particle", "dropping-particle")
    )
    return "".join(sorted("".join(str(p) for p in parts if p).replace(",", "").replace(" ", "")))


def check_pandoc_agrees(item: dict[str, Any], theirs: dict[str, Any] | None) -> None:
    """The values pandoc read from citekit's RIS are the item's own."""
    assert theirs is not None, f"pandoc did not read {item['id']!r}"
    ref = Reference.from_csl(item)
    lost = {d.field for d in RIS.dumps([ref]).warnings if d.severity == "warning"}
    csl_type = item.get("type")
    ris_type = CSL_TO_RIS.get(str(csl_type)) or WRITE_ONLY_TYPES.get(str(csl_type), FALLBACK_RIS_TYPE)
    for key in ("title", "volume", "issue"):
        if _one_line(item.get(key, "")) and key not in lost:
            assert theirs.get(key) == _one_line(item[key]), key
    if isinstance(item.get("DOI"), str) and item["DOI"].strip():
        assert theirs.get("DOI") == clean_doi(item["DOI"])
    if "page" in item and ris_type not in BOOKISH and "page" not in lost and str(item["page"]).strip():
        assert theirs.get("page") == re.sub(r"\s*[–—-]+\s*", "-", _one_line(item["page"]))
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts[0] and str(parts[0][0]).strip().lstrip("-").isdigit():
        assert theirs["issued"]["date-parts"][0][0] == int(parts[0][0])
    for role in ("author", "editor"):
        if role in item and role not in lost and not (ris_type in ("MPCT", "VIDEO") and role == "author"):
            mine = [_name_chars(n) for n in item[role] if _name_chars(n)]
            assert [_name_chars(n) for n in theirs.get(role, [])] == mine, role


def _with_unique_ids(rows: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    # the suite reuses ids (ITEM-1 ...); pandoc would rename duplicates, so give each its own
    return [(name, {**item, "id": name}) for name, item in rows]


SUITE_ITEMS = _with_unique_ids([(f"{f}[{i}]", item) for f, i, item in suite_inputs()])
DOI_ITEMS = _with_unique_ids(doi_csl_items())


@pytest.mark.parametrize(("name", "item"), SUITE_ITEMS, ids=[n for n, _ in SUITE_ITEMS])
def test_pandoc_reads_suite_item(name: str, item: dict[str, Any]) -> None:
    check_pandoc_agrees(item, pandoc_reads(json.dumps([it for _, it in SUITE_ITEMS])).get(name))


@pytest.mark.parametrize(("name", "item"), DOI_ITEMS, ids=[n for n, _ in DOI_ITEMS])
def test_pandoc_reads_doi_org_item(name: str, item: dict[str, Any]) -> None:
    check_pandoc_agrees(item, pandoc_reads(json.dumps([it for _, it in DOI_ITEMS])).get(name))


@pytest.mark.parametrize("item", document_items(), ids=lambda it: str(it.get("id", "missing")))
def test_document_reference_read_back_by_pandoc(item: dict[str, Any]) -> None:
    """The issue's "Done when": the document's references in RIS are read back by pandoc."""
    assert "__missing__" not in item, f"{item.get('__missing__')} does not exist yet"
    items = [it for it in document_items() if "__missing__" not in it]
    check_pandoc_agrees(item, pandoc_reads(json.dumps(items)).get(str(item["id"])))


def _pandoc(text: str) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "ris", "-t", "csljson"],
        input=text.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return list(json.loads(proc.stdout))


def test_pandoc_reads_crlf() -> None:
    refs = [Reference.from_csl(it) for _, it in DOI_ITEMS]
    theirs = _pandoc(RIS.dumps(refs, newline="\r\n").text)
    assert [t.get("title") for t in theirs] == [_one_line(r.title) if r.title else None for r in refs]


@pytest.mark.parametrize("name", ["zotero.ris", "endnote-pubmed.ris", "wiley.ris", "refman.ris", "messy.ris"])
def test_pandoc_reads_what_citekit_makes_of_the_hand_made_samples(name: str) -> None:
    items = RIS.loads((DATA / name).read_text(encoding="utf-8")).items
    theirs = _pandoc(RIS.dumps(items).text)  # one line per tag: even multi-line notes stay readable
    assert [t.get("title") for t in theirs] == [_one_line(r.title) for r in items]
    assert [t.get("DOI") for t in theirs] == [r.doi for r in items]


def test_the_oracle_can_fail() -> None:
    item = {
        "id": "x",
        "type": "article-journal",
        "title": "Right",
        "volume": "1",
        "author": [{"family": "A", "given": "B"}],
    }
    with pytest.raises(AssertionError):
        check_pandoc_agrees(
            item, {"id": "x", "title": "Wrong", "volume": "1", "author": [{"family": "A", "given": "B"}]}
        )
    with pytest.raises(AssertionError):
        check_pandoc_agrees(
            item, {"id": "x", "title": "Right", "volume": "1", "author": [{"family": "A", "given": "C"}]}
        )

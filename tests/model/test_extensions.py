"""Typed record extensions (``citekit.model.extensions``): one codec for everything citekit keeps under
``custom``; the files of the repository round-trip through it, and every reader's extensions survive
a CSL-JSON round trip as the same typed values."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit import formats
from citekit.model import Extensions, Reference, RelationType
from citekit.model.extensions import Origin, Parse, Relation
from citekit.resolve import crossref, doiorg, ncbi

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"
REAL = ROOT / "tests" / "data" / "fixtures" / "real"


def _items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(REFERENCES.read_text(encoding="utf-8"))
    return items


# ------------------------------------------------------------------ the repository's files round-trip
@pytest.mark.parametrize("item", _items(), ids=lambda i: str(i["id"]))
def test_curated_custom_round_trips_exactly_with_no_problem(item: dict[str, Any]) -> None:
    ext = Extensions.from_custom(item["custom"])
    assert ext.problems == {} and ext.other == {}  # every key of the curated data is a typed one
    out = ext.to_custom()
    assert out == item["custom"] and list(out) == list(item["custom"])  # same values, same key order


def test_curated_file_reads_and_writes_back_the_same_json() -> None:
    result = formats.read(REFERENCES)
    assert not result.warnings and not result.failed
    for ref in result.items:  # written through the typed model, not copied
        ref.extensions = ref.extensions
    back = json.loads(formats.dumps(result.items, "csl-json", verified_only=True).text)
    assert back == _items()
    # the best-known export says, typed, where each merged field comes from
    best = formats.loads(formats.dumps(result.items, "csl-json").text, "csl-json").items
    bases = best[0].extensions.curation.best_known
    assert bases is not None and set(bases.values()) <= {"as-printed", "inferred"}


def test_curated_values_typed_as_the_file_says() -> None:
    """Read independently from the JSON: the typed view says the same, with the right types."""
    refs = formats.read(REFERENCES).items
    for raw, ref in zip(_items(), refs, strict=True):
        ext = ref.extensions
        assert ext.curation.ref_number == raw["custom"]["ref-number"]
        assert ext.curation.as_printed == raw["custom"]["as-printed"]
        assert ext.authors_complete is raw["custom"]["authors-complete"]
        prov = ext.curation.provenance
        assert prov is not None and prov.status == raw["custom"]["provenance"]["status"]
        assert ext.curation.unverified == raw["custom"].get("unverified")
        assert ext.origin.label is None  # curated, not fetched
    (nine,) = [r for r in refs if r.extensions.relations.superseded_by is not None]
    raw_nine = next(i for i in _items() if "superseded-by" in i["custom"])
    (later,) = nine.extensions.relations_of(RelationType.PUBLISHED_VERSION)
    assert later.doi == raw_nine["custom"]["superseded-by"]["DOI"]
    assert later.citation == raw_nine["custom"]["superseded-by"]["citation"]


def _reader_files() -> list[Path]:
    data = ROOT / "tests" / "data"
    return sorted([*data.glob("bibtex/*.bib"), *data.glob("ris/*.ris"), REFERENCES,
                   data / "citations" / "items.json"])


@pytest.mark.parametrize("path", _reader_files(), ids=lambda p: p.name)
def test_every_readers_extensions_survive_csl_json(path: Path) -> None:
    """BibTeX, RIS and CSL-JSON files as read, written to CSL-JSON and read back: the same typed extensions."""
    items = formats.read(path).items
    assert items
    # (schema_valid=False: keys that are not CSL, like items.json's "_source", stay where they are)
    back = formats.loads(formats.dumps(items, "csl-json", verified_only=True, schema_valid=False).text, "csl-json")
    assert not [w for w in back.warnings if (w.field or "").startswith("custom")]
    for a, b in zip(items, back.items, strict=True):
        assert a.extensions == b.extensions and not b.extensions.problems


def _resolved() -> list[Reference]:
    bodies = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REAL / "crossref-works").glob("*.json"))
              if not p.name.endswith(".meta.json")]
    out = [crossref.work_response_to_reference(b) for b in bodies if b.get("message-type") == "work"]
    for p in sorted((REAL / "doi-csl").glob("*.json")):
        if p.name.endswith(".meta.json"):
            continue
        body = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(body, list) and len(body) != 1 or not isinstance(body, (dict, list)):
            continue  # (a list of several items: not one answer; tested in tests/resolve)
        out.append(doiorg.response_to_reference(body))
    for p in sorted((REAL / "ncbi-esummary").glob("*.json")):
        if p.name.endswith(".meta.json"):
            continue
        body = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(body, dict) and "result" in body:
            out.extend(r for r in ncbi.esummary_to_references(body).values() if isinstance(r, Reference))
    return out


def test_resolved_records_extensions_survive_csl_json() -> None:
    refs = _resolved()
    assert len(refs) >= 40
    text = formats.dumps(refs, "csl-json").text
    back = formats.loads(text, "csl-json")
    assert not back.warnings or all(not (w.field or "").startswith("custom") for w in back.warnings)
    services = set()
    for a, b in zip(refs, back.items, strict=True):
        assert a.extensions == b.extensions
        services.add(b.extensions.origin.service)
        # relations read back typed: the same objects, none raw
        assert b.extensions.relations.items == a.extensions.relations.items
    assert {"crossref", "doi.org", "pubmed"} <= services


# ------------------------------------------------------------------ leniency: kept as read, and said
def test_a_known_key_of_the_wrong_shape_is_kept_raw_and_named() -> None:
    custom = {"ref-number": "three", "source": "crossref", "relations": [{"type": "not-a-type"}], "mine": [1, 2]}
    ext = Extensions.from_custom(custom)
    assert set(ext.problems) == {"ref-number", "relations"}
    assert ext.curation.ref_number is None and ext.relations.items is None and ext.origin.service == "crossref"
    assert ext.to_custom() == custom and list(ext.to_custom()) == list(custom)


def test_csl_json_reader_warns_on_a_bad_extension_naming_item_and_field() -> None:
    text = json.dumps([{"id": "a1", "type": "book", "title": "T", "custom": {"parse-confidence": "high"}}])
    result = formats.loads(text, "csl-json")
    (warning,) = result.warnings
    assert warning.item == "a1" and warning.field == "custom.parse-confidence" and warning.line == 1
    assert result.items[0].custom == {"parse-confidence": "high"}  # nothing lost


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=8)
_keys = st.sampled_from(["source", "agency", "fetched-at", "crossref-type", "pubtype", "score", "relations",
                         "superseded-by", "update-policy", "article-number", "published-print", "ISSN", "orcid",
                         "clinical-trial-number", "parse-confidence", "parse-et-al", "ref-number", "provenance",
                         "unverified", "best-known", "authors-complete", "bibtex", "ris"]) | st.text(max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=6))
def test_any_custom_object_round_trips(custom: dict[str, Any]) -> None:
    ext = Extensions.from_custom(custom)
    assert json.loads(json.dumps(ext.to_custom())) == json.loads(json.dumps(custom))
    assert set(ext.problems) <= set(custom)


# ------------------------------------------------------------------ writing through the model
def test_editing_a_dict_being_built_and_assigning_to_a_reference() -> None:
    item: dict[str, Any] = {"id": "x", "type": "book"}
    with Extensions.editing(item) as ext:
        ext.parse.et_al = True
    assert item["custom"] == {"parse-et-al": True}
    with Extensions.editing(item) as ext:
        ext.parse.et_al = None
    assert "custom" not in item  # nothing left: no empty custom object
    ref = Reference.from_csl(item)
    ext = ref.extensions
    ext.origin = Origin(service="doi.org", agency="DataCite")
    ext.add_relation(Relation(type=RelationType.RETRACTION, doi="10.1/x", source="retraction-watch", date="2024-05-01"))
    ref.extensions = ext
    assert ref.custom == {"source": "doi.org", "agency": "DataCite", "relations": [
        {"type": "retraction", "DOI": "10.1/x", "source": "retraction-watch", "date": "2024-05-01"}]}
    assert ref.extensions.origin.label == "doi.org (DataCite)"
    assert Origin(service="doi.org").label == "doi.org"  # the service once, never "doi.org (doi.org)"


def test_authors_truncated_from_every_reader_and_cleared_once() -> None:
    for custom in ({"parse-et-al": True}, {"authors-complete": False}, {"bibtex": {"others": ["author"]}}):
        ext = Extensions.from_custom(custom)
        assert ext.authors_truncated, custom
        ext.mark_authors_complete()
        assert not ext.authors_truncated, custom
    assert not Extensions.from_custom({"bibtex": {"others": ["editor"]}}).authors_truncated


def test_without_parse_keeps_the_rest() -> None:
    ext = Extensions.from_custom({"parse-confidence": {"title": 0.9}, "parse-style": "ama", "mine": 1, "ref-number": 2})
    assert ext.without("parse").to_custom() == {"mine": 1, "ref-number": 2}
    assert set(Parse.wire_keys()) == {"parse-confidence", "parse-style", "parse-error", "parse-et-al"}


# ------------------------------------------------------------------ check/ and cli/ spell no custom key
def test_check_and_cli_read_no_raw_custom_key() -> None:
    raw = re.compile(r"custom\[|get_custom\(|\.custom\b|\"custom\"")
    offenders = []
    for folder in ("check", "cli"):
        for path in sorted((ROOT / "citekit" / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                code = line.split("#", 1)[0]
                if raw.search(code) and not code.strip().startswith(('"', "``")):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# ------------------------------------------------------------------ provenance per field, every kind of record
def test_field_provenance_of_a_resolved_a_parsed_and_a_curated_record() -> None:
    from citekit.model import field_provenance

    body = json.loads((REAL / "crossref-works" / "10.1038_ng.3834.json").read_text(encoding="utf-8"))
    resolved = field_provenance(crossref.work_response_to_reference(body))
    assert {p.basis for p in resolved.values()} == {"verified"}
    assert {p.source for p in resolved.values()} == {"Crossref"} and "title" in resolved

    line = "Morris VK, Salem ME, Nimeiri H, et al. Nivolumab for previously treated unresectable metastatic anal " \
           "cancer (NCI9673): a multicentre, single-arm, phase 2 study. Lancet Oncol. 2017;18(4):446-453.\n"
    (parsed,) = formats.loads(line, "text").items
    fields = field_provenance(parsed)
    conf = parsed.extensions.parse.confidence or {}
    assert fields and {p.basis for p in fields.values()} == {"as-printed"}
    assert all(fields[k].confidence == conf.get(k) for k in fields) and fields["volume"].confidence is not None

    first = formats.read(REFERENCES).items[0]  # ref 1: the author list only partly verified
    raw = _items()[0]["custom"]["provenance"]
    curated = field_provenance(first)
    assert curated["title"].basis == "verified"
    assert curated["title"].source == next(s["source"] for s in raw["sources"] if "title" in s["fields"])
    assert curated["author"].basis == "as-printed" and curated["author"].partly_verified
    reasons = _items()[0]["custom"]["unverified-reasons"]
    assert curated["publisher"].basis == "inferred" and curated["publisher"].reason == reasons["publisher"]
    assert "publisher" in raw["inferred"]

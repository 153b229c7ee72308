"""The document's eleven citations: every field as the page prints it (hand labels in document.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from citekit.formats.text import TextFormat
from tests.conftest import DATA, ROOT
from tests.formats.text import corpus

CITATIONS = ROOT / "references" / "anal-cancer-immunotherapy" / "citations.txt"
LABELS = json.loads((corpus.DATA / "document.json").read_text(encoding="utf-8"))["citations"]


@pytest.fixture(scope="module")
def parsed() -> Any:
    return TextFormat().loads(CITATIONS.read_text(encoding="utf-8"))


def test_eleven_read_none_failed(parsed: Any) -> None:
    assert len(parsed.items) == 11
    assert parsed.failed == []
    assert [r.id for r in parsed.items] == [f"ref-{n}" for n in range(1, 12)]


@pytest.mark.parametrize("label", LABELS, ids=lambda lab: f"ref{lab['n']}")
def test_every_field_as_printed(parsed: Any, label: dict[str, Any]) -> None:
    ref = parsed.items[label["n"] - 1]
    got = corpus.actual(ref)
    for field in corpus.FIELDS:
        exp = label.get(field)
        if exp is None:
            assert got[field] is None, f"ref {label['n']}: {field} should be absent, got {got[field]!r}"
        else:
            assert corpus.same(field, exp, got[field]), f"ref {label['n']}: {field} {got[field]!r} != {exp!r}"
    assert ref.type == label["type"]
    assert bool(ref.get_custom("parse-et-al")) == label["et_al"]
    assert ref.genre == label.get("genre")
    assert ref.version == label.get("version")
    assert ref.url == label.get("URL")
    if label.get("accessed"):
        assert ref.accessed is not None and ref.accessed.date_parts == [label["accessed"]]
    else:
        assert ref.accessed is None
    assert ref.doi is None  # the page prints no DOI


def test_agrees_with_the_verified_records_where_the_page_prints_the_same(parsed: Any) -> None:
    """Independent check against tests/data/seed/references-verified.json (not written by hand here)."""
    verified = json.loads((DATA / "seed" / "references-verified.json").read_text(encoding="utf-8"))
    for rec in verified:
        ref = parsed.items[rec["ref_number"] - 1]
        first = ref.author[0]
        vfirst = rec["authors"][0]
        assert (first.literal or first.family) == (vfirst.get("literal") or vfirst["family"])
        if rec["volume"]:
            assert str(ref.volume) == str(rec["volume"]), rec["ref_number"]
        if rec["year"] and rec["ref_number"] != 5:  # ref 5 prints no date
            assert ref.year == rec["year"]
        if rec["pages_or_article_number"]:
            assert ref.page == rec["pages_or_article_number"].split(" ")[0], rec["ref_number"]
        else:
            assert ref.page is None


def test_typo_in_reference_3_still_gives_two_authors(parsed: Any) -> None:
    names = parsed.items[2].author
    assert [(n.family, n.given) for n in names[:2]] == [("Migden", "M. R."), ("Khushalani", "N. I.")]


def test_confidence_per_field_is_stored_and_in_range(parsed: Any) -> None:
    for ref in parsed.items:
        conf = ref.get_custom("parse-confidence")
        assert conf, ref.id
        set_fields = set(ref.to_csl()) - {"id", "custom", "citation-number"}
        assert set_fields <= set(conf), (ref.id, set_fields - set(conf))
        assert all(0.0 <= v <= 1.0 for v in conf.values())


def test_csl_json_output_is_schema_valid(parsed: Any, schema_validator: Any) -> None:
    from citekit import formats

    items = json.loads(formats.dumps(parsed.items, "csl-json").text)
    errors = list(schema_validator.iter_errors(items))
    assert not errors, errors[0].message


def test_guessed_values_carry_lower_confidence(parsed: Any) -> None:
    """An organisation author is a guess (no initials to go by); a numbers block is not."""
    nccn = parsed.items[4].get_custom("parse-confidence")
    morris = parsed.items[3].get_custom("parse-confidence")
    assert nccn["author"] < morris["author"]
    assert morris["volume"] >= 0.9 and morris["page"] >= 0.9


def test_the_whole_web_page_gives_exactly_the_eleven() -> None:
    """The page as saved (prose, headings, blank lines, the eleven citations, footer): prose
    paragraphs and dated lines are reported as not citations, the eleven are read."""
    page = (DATA / "seed" / "immunotherapy-for-anal-cancer.txt").read_text(encoding="utf-8")
    result = TextFormat().loads(page)
    good = [r for r in result.items if r.title]
    assert len(good) == 11
    expected = [lab["title"] for lab in LABELS]
    assert [r.title for r in good] == expected
    assert len(result.failed) == len(result.items) - 11
    assert all(f.line is not None and f.item for f in result.failed)

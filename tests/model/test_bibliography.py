"""Bibliography: lookup by id and duplicate-id detection."""

from __future__ import annotations

import pytest

from citekit.errors import DuplicateIdError
from citekit.model import Bibliography, Reference


def _refs(*ids: str | int) -> list[Reference]:
    return [Reference(id=i, type="book", title=f"T{n}") for n, i in enumerate(ids)]


def test_lookup_by_id_compares_as_strings() -> None:
    bib = Bibliography(_refs("a", 2, "c"))
    assert len(bib) == 3
    assert bib.by_id("a").title == "T0"
    assert bib.get("2") is bib[1] and bib.get(2) is bib[1]
    assert "c" in bib and "zz" not in bib
    with pytest.raises(KeyError, match="'zz'"):
        bib.by_id("zz")


def test_duplicates_are_detected_and_first_wins() -> None:
    bib = Bibliography(_refs("a", "b", "a", "c", "b", "a"))
    assert bib.duplicate_ids() == ["a", "b"]
    assert len(bib) == 6
    assert bib.by_id("a").title == "T0"


def test_strict_refuses_duplicates_naming_the_id() -> None:
    with pytest.raises(DuplicateIdError) as info:
        Bibliography(_refs("a", "a"), strict=True)
    assert info.value.item == "a" and info.value.field == "id"
    assert "'a'" in str(info.value)


def test_to_csl() -> None:
    assert Bibliography(_refs("a")).to_csl() == [{"id": "a", "type": "book", "title": "T0"}]

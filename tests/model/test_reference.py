"""The Reference model: CSL-JSON in, the same CSL-JSON out; typed access; leniency where it belongs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from citekit.model import SCHEMA_KEYS, CSLType, Date, Name, Reference
from tests.conftest import csl_schema, suite_inputs

SUITE = suite_inputs()


def test_suite_is_present_and_large() -> None:
    # The round trip below is only meaningful over the whole suite (1,757 items at the pinned commit).
    assert len(SUITE) > 1500


@pytest.mark.parametrize(("fixture", "index", "item"), SUITE, ids=[f"{f}[{i}]" for f, i, _ in SUITE])
def test_round_trip_is_identical(fixture: str, index: int, item: dict[str, Any]) -> None:
    out = Reference.from_csl(item).to_csl()
    assert out == item
    # JSON types survive too (2017 stays a number, "2017" a string): compare serialised forms.
    assert json.dumps(out, sort_keys=True) == json.dumps(item, sort_keys=True)


def test_every_schema_variable_is_a_typed_attribute() -> None:
    props = csl_schema()["items"]["properties"]
    aliases = {f.alias or name for name, f in Reference.model_fields.items()}
    assert set(props) <= aliases
    assert {t.value for t in CSLType} == set(props["type"]["enum"])
    assert SCHEMA_KEYS == set(props)


def test_snake_case_attributes_and_csl_aliases() -> None:
    ref = Reference(id="x", type="article-journal", container_title="Lancet Oncol", doi="10.1/x", page="446-453")
    assert ref.to_csl() == {
        "id": "x",
        "type": "article-journal",
        "container-title": "Lancet Oncol",
        "DOI": "10.1/x",
        "page": "446-453",
    }
    back = Reference.from_csl(ref.to_csl())
    assert back.container_title == "Lancet Oncol" and back.doi == "10.1/x"


def test_numbers_keep_their_json_type() -> None:
    ref = Reference.from_csl({"id": 1, "type": "article-journal", "volume": 12, "issue": "S1", "page": "e2341165"})
    assert ref.volume == 12 and isinstance(ref.volume, int)
    assert ref.issue == "S1"
    assert ref.page == "e2341165"
    assert ref.id == 1


def test_unknown_fields_are_kept_not_dropped() -> None:
    item = {"id": "a", "type": "book", "key": "k1", "url": "lower-case is not URL", "multi": {"_keys": {}}}
    ref = Reference.from_csl(item)
    assert ref.url is None  # "url" is not CSL's "URL": it stays an unknown field
    assert ref.extra_fields == {"key": "k1", "url": "lower-case is not URL", "multi": {"_keys": {}}}
    assert ref.to_csl() == item


def test_wrong_value_types_are_rejected_with_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        Reference.from_csl({"id": "a", "type": "book", "title": 12})
    assert info.value.errors()[0]["loc"] == ("title",)
    with pytest.raises(ValidationError) as info:
        Reference.from_csl({"id": "a", "type": "book", "author": "Smith"})
    assert info.value.errors()[0]["loc"][0] == "author"


def test_names_with_particles_suffix_and_literal() -> None:
    van = Name.model_validate({"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"})
    assert van.family_full == "van Gogh" and van.display() == "van Gogh, Vincent"
    jr = Name(family="King", given="Martin Luther", suffix="Jr.")
    assert jr.display() == "King, Martin Luther, Jr."
    beethoven = Name.model_validate({"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"})
    assert beethoven.given_full == "Ludwig van"
    org = Name(literal="National Comprehensive Cancer Network")
    assert org.is_literal and org.display() == "National Comprehensive Cancer Network"
    assert org.to_csl() == {"literal": "National Comprehensive Cancer Network"}
    apostrophe = Name.model_validate({"family": "Alembert", "non-dropping-particle": "d'"})
    assert apostrophe.family_full == "d'Alembert"


@pytest.mark.parametrize(
    ("csl", "year", "month", "day", "iso"),
    [
        ({"date-parts": [[2017, 4]]}, 2017, 4, None, "2017-04"),
        ({"date-parts": [["2023", "11", "1"]]}, 2023, 11, 1, "2023-11-01"),
        ({"date-parts": [[2000], [2001]]}, 2000, None, None, "2000"),
        ({"date-parts": [[2024, 13]]}, 2024, None, None, "2024"),  # season-as-month 13..16 is not a month
        ({"raw": "2020-02-15"}, 2020, None, None, "2020"),
        ({"literal": "n.d."}, None, None, None, None),
    ],
)
def test_dates(csl: dict[str, Any], year: int | None, month: int | None, day: int | None, iso: str | None) -> None:
    d = Date.model_validate(csl)
    assert (d.year, d.month, d.day, d.iso()) == (year, month, day, iso)
    assert d.to_csl() == csl


def test_date_constructors() -> None:
    assert Date.from_parts(2017, 4).to_csl() == {"date-parts": [[2017, 4]]}
    assert Date.from_iso("2022-04-27").to_csl() == {"date-parts": [[2022, 4, 27]]}
    assert Date.from_iso("Spring 2020").to_csl() == {"raw": "Spring 2020"}
    assert Date.from_parts(2022, 4, 27).as_date() is not None
    assert Date.from_parts(2022, 2, 30).as_date() is None


def test_convenience_views() -> None:
    ref = Reference.from_csl(
        {
            "id": "m",
            "type": "article-journal",
            "author": [{"family": "Morris", "given": "Van K."}],
            "issued": {"date-parts": [[2017, 4]]},
            "custom": {"ref-number": 4},
        }
    )
    assert ref.year == 2017
    assert ref.first_author is not None and ref.first_author.family == "Morris"
    assert ref.csl_type is CSLType.ARTICLE_JOURNAL
    assert ref.get_custom("ref-number") == 4
    assert Reference(type="not-a-type").csl_type is None


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_number = st.one_of(st.integers(min_value=-10**6, max_value=10**6), _text)
_name = st.fixed_dictionaries({}, optional={"family": _text, "given": _text, "suffix": _text, "literal": _text})
_item = st.fixed_dictionaries(
    {"id": st.one_of(_text, st.integers(0, 10**6)), "type": st.sampled_from([t.value for t in CSLType])},
    optional={
        "title": _text,
        "volume": _number,
        "page": _number,
        "author": st.lists(_name, max_size=4),
        "issued": st.fixed_dictionaries({"date-parts": st.lists(st.lists(_number, min_size=1, max_size=3), min_size=1, max_size=2)}),
        "custom": st.dictionaries(_text, _text, max_size=3),
        "x-unknown": _text,
    },
)


@given(_item)
def test_round_trip_property(item: dict[str, Any]) -> None:
    assert Reference.from_csl(item).to_csl() == item

"""Short views of the model: ``repr`` for consoles, ``_repr_html_`` for notebooks."""

from __future__ import annotations

import json

from citekit.model import Bibliography, Date, Name, Reference
from citekit.model.display import TITLE_CHARS, shorten
from tests.conftest import ROOT

SHIPPED = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"


def test_every_shipped_reference_has_a_short_repr_naming_it() -> None:
    items = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for item in items:
        ref = Reference.from_csl(item)
        text = repr(ref)
        assert len(text) <= 60 + TITLE_CHARS + len(item["id"]) + len(item.get("DOI", "")), text
        assert item["id"] in text and item["type"] in text and "None" not in text
        if item.get("DOI"):
            assert item["DOI"] in text
        if item.get("author"):
            assert item["author"][0].get("family", item["author"][0].get("literal")) in text
    # the default pydantic repr was ~2,700 characters; every field is still one attribute away
    assert max(len(repr(Reference.from_csl(i))) for i in items) < 250


def test_shorten_cuts_at_a_word_and_drops_rich_text() -> None:
    assert shorten("short") == "short"
    long = "The <i>quick</i> brown fox jumps over the lazy dog again and again, and then once more"
    cut = shorten(long, 30)
    assert cut is not None and len(cut) <= 30 and cut.endswith("…") and "<i>" not in cut and "quick" in cut


def test_name_date_and_empty_reference_reprs() -> None:
    assert repr(Name(family="Gogh", non_dropping_particle="van", given="Vincent")) == "Name('van Gogh, Vincent')"
    assert repr(Name(literal="World Health Organization")) == "Name('World Health Organization')"
    assert repr(Date.from_parts(2017, 4, 3)) == "Date(2017-04-03)"
    assert repr(Date(literal="Spring 2020")) == "Date('Spring 2020')"
    assert repr(Reference()) == "Reference(no id, no type)"


def test_bibliography_repr_and_html_list_their_references() -> None:
    refs = [Reference(id=f"r{i}", type="book", title=f"Book {i}") for i in range(3)]
    bib = Bibliography(refs)
    assert repr(bib).splitlines()[1:] == [f"  {r!r}" for r in refs[:2]] + [f"  {refs[2]!r})"]
    html = bib._repr_html_()
    assert html.count("<tr>") == 4 and "3 references" in html
    assert repr(Bibliography()) == "Bibliography(0 references)"

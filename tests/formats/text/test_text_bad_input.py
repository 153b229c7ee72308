"""Bad input is reported (line, entry, field) and kept as a note-only record; nothing crashes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit import formats
from citekit.errors import ParseError
from citekit.formats.text import TextFormat, parse_citation

GOOD = "Morris VK, Salem ME, Nimeiri H, et al. Nivolumab for anal cancer (NCI9673): a study. Lancet Oncol 2017;18:446-453."


def _load(text: str) -> formats.ParseResult:
    return TextFormat().loads(text)


def test_binary_bytes_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_bytes(GOOD.encode() + b"\n" + bytes(range(256)) * 4 + b"\n" + GOOD.encode() + b"\n")
    result = formats.read(path, "text")
    good = [r for r in result.items if r.title]
    assert len(good) == 2
    assert result.failed, "the binary line must be reported"
    bad = result.failed[0]
    assert bad.line == 2 and bad.item is not None
    assert "not text" in bad.error or "letters" in bad.error
    note_only = [r for r in result.items if not r.title]
    assert note_only and note_only[0].id == bad.item
    assert all(ch >= " " or ch in "\t" for ch in note_only[0].note or "")


def test_a_5_mb_line_is_reported_quickly() -> None:
    huge = "Morris VK. " + "a (b " * 1_000_000 + " Lancet 2017;18:1-2."
    assert len(huge) > 5_000_000
    start = time.perf_counter()
    result = _load(GOOD + "\n" + huge + "\n" + GOOD + "\n")
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed  # a guard against catastrophic regex backtracking, not a benchmark
    assert [bool(r.title) for r in result.items] == [True, False, True]
    (bad,) = result.failed
    assert bad.line == 2 and "too long" in bad.error and bad.item == "ref-2"
    assert len(bad.raw) <= 1001


def test_unbalanced_parentheses_still_parse() -> None:
    text = "Morris VK, Salem ME. Nivolumab (NCI9673: a [multicentre study. Lancet Oncol 2017;18(4:446-453."
    result = _load(text)
    assert not result.failed
    ref = result.items[0]
    assert ref.author and ref.author[0].family == "Morris"
    assert ref.year == 2017
    assert ref.title and ref.title.startswith("Nivolumab")


def test_unbalanced_closing_parentheses() -> None:
    ref = parse_citation("Smith J)). Title)) here. J Foo 2019;1:2-3.").reference
    assert ref is not None and ref.year == 2019


@pytest.mark.parametrize("text", ["", "   \n\n", "References\n"])
def test_empty_input_gives_nothing_and_no_error(text: str) -> None:
    result = _load(text)
    assert result.items == []
    if text.strip() and text.strip() != "References":
        assert result.failed


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Developed by the medical and editorial content team.", "no date, journal or identifier"),
        ("1234567890 ;;;; ::: ))) (((", "letters"),
        ("\x00\x01\x02 \x03\x04 \x05", "not text"),
    ],
)
def test_a_line_that_is_not_a_citation_is_reported_with_its_line(line: str, reason: str) -> None:
    result = _load(GOOD + "\n" + line + "\n")
    assert len(result.items) == 2
    (bad,) = result.failed
    assert bad.line == 2 and bad.item == "ref-2"
    assert reason in bad.error
    assert result.items[1].note is not None and result.items[1].type == "article"


def test_strict_mode_raises_a_parse_error_naming_line_and_entry() -> None:
    with pytest.raises(ParseError) as info:
        formats.loads(GOOD + "\n\x00\x01\x02\x03\x04\x05\x06\n", "text", strict=True)
    assert info.value.line == 2 and info.value.item == "ref-2"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_never_raises(text: str) -> None:
    result = _load(text)
    assert len(result.failed) <= len(result.items) + 1
    for ref in result.items:
        assert ref.id is not None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab1 .,;:()[]-–&…'\"?")), max_size=300))
def test_punctuation_soup_never_raises(text: str) -> None:
    _load(text)
    parse_citation(text)


@pytest.mark.parametrize(
    "text",
    ["foo bar baz qux\n" * 300_000, "1. a\n" + "  continued line of words\n" * 200_000],
    ids=["5 MB of unfinished lines", "one numbered citation wrapped over 200,000 lines"],
)
def test_megabytes_of_continuation_lines_are_reported_quickly(text: str) -> None:
    start = time.perf_counter()
    result = _load(text)
    assert time.perf_counter() - start < 5  # joining must stay linear (it was quadratic once)
    assert len(result.items) == 1
    assert "too long" in result.failed[0].error and result.failed[0].line == 1

"""A style is checked when loaded (issue 13, item 14): a ``cs:date`` with a ``form`` CSL does not
define used to load, then fail mid-render on a date range with ``ValueError: min() arg is an empty
sequence``. Now the loader names the element and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.csl.processor import Processor
from citekit.csl.repository import find_style
from citekit.csl.style import Style
from citekit.errors import StyleError
from citekit.model import Reference

AMA = find_style("american-medical-association").read_text(encoding="utf-8")
RANGE = Reference.from_csl({"id": "r", "type": "book", "title": "T", "issued": {"date-parts": [[2001], [2003]]}})


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "element", "words"),
    [
        ('<date form="text"', '<date form="txet"', "<date>", "form 'txet'"),
        ('<date date-parts="year" form="text"', '<date date-parts="yaer" form="text"', "<date>", "date-parts 'yaer'"),
    ],
)
def test_invalid_date_attribute_is_rejected_at_load_naming_element_and_line(
    tmp_path: Path, old: str, new: str, element: str, words: str
) -> None:
    broken = AMA.replace(old, new, 1)
    path = tmp_path / "broken.csl"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(StyleError) as info:
        Style.load(str(path))
    message = str(info.value)
    assert element in message and words in message
    assert info.value.line == _line_of(broken, new)
    assert message.startswith(f"{path}:{_line_of(broken, new)}: <date>")


def test_invalid_date_part_form_is_rejected() -> None:
    xml = AMA.replace('<date form="text" variable="accessed"/>',
                      '<date variable="accessed"><date-part name="month" form="ordinal"/></date>', 1)
    with pytest.raises(StyleError, match=r"<date-part>: form of the month 'ordinal'"):
        Style.from_string(xml)


def test_every_date_form_of_the_spec_still_loads_and_renders_a_range() -> None:
    for form in ("numeric", "text"):
        style = Style.from_string(AMA.replace('<date form="text"', f'<date form="{form}"'))
        assert Processor(style, locale="en-US").bibliography([RANGE])

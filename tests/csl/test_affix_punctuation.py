"""Punctuation where an affix meets formatted text (citeproc-js ``CSL.Output.Queue.adjust``).
The whole-entry comparisons are in test_varied_differential (iso690-author-date-en)."""

from __future__ import annotations

from citekit.csl.output.html import HtmlMarkup
from citekit.csl.output.render import render
from citekit.csl.output.tree import Out

ITALIC = (("font-style", "italic"),)


def _html(node: Out) -> str:
    return render(node, HtmlMarkup())


def test_suffix_of_italic_field_and_next_prefix_stay_apart() -> None:
    title = Out([Out([Out(["Title"])], fmt=ITALIC), "."])
    online = Out([". ", Out(["Online"])])
    assert _html(Out([title, online])) == "<i>Title</i>.. Online"


def test_plain_field_suffix_and_next_prefix_merge() -> None:
    title = Out([Out(["Title"]), "."])
    online = Out([". ", Out(["Online"])])
    assert _html(Out([title, online])) == "Title. Online"


def test_italic_field_keeps_its_question_mark_and_the_suffix() -> None:
    title = Out([Out([Out(["Why?"])], fmt=ITALIC), ". "])
    assert _html(Out([title, Out(["Next"])])) == "<i>Why?</i>. Next"


def test_same_mark_after_italic_field_goes() -> None:
    label = Out([Out([Out(["ed."])], fmt=ITALIC), "."])
    assert _html(label) == "<i>ed.</i>"


def test_colon_after_a_number_keeps_the_next_period() -> None:
    # springer-basic: <text variable="volume" suffix=":"/> in a group joined by ". "
    volume = Out([Out([Out(["111"]), ":"])])
    node = Out([Out([Out(["J"]), " ", volume]), ". ", Out(["https://doi.org/x"])])
    assert _html(node) == "J 111:. https://doi.org/x"


def test_colon_after_a_word_merges_the_next_period() -> None:
    node = Out([Out([Out(["Vol"]), ":"]), ". ", Out(["x"])])
    assert _html(node) == "Vol: x"


def test_cite_suffix_semicolon_goes_inside_quotes() -> None:
    from citekit.csl.output.render import Quotes

    title = Out([Out(["Title"])], quotes=True)
    suffix = Out(["; quoted in the text"], kind="citeaffix")
    q = Quotes(punctuation_in_quote=True)
    assert render(Out([title, suffix]), HtmlMarkup(), q) == "“Title;” quoted in the text"
    assert render(Out([title, suffix]), HtmlMarkup(), Quotes()) == "“Title”; quoted in the text"


def test_cite_suffix_semicolon_stays_out_of_quotes_with_formatting_inside() -> None:
    from citekit.csl.output.render import Quotes

    title = Out([Out(["A ", Out(["Life"], fmt=ITALIC), " On"])], quotes=True)
    suffix = Out(["; quoted in the text"], kind="citeaffix")
    q = Quotes(punctuation_in_quote=True)
    assert render(Out([title, suffix]), HtmlMarkup(), q) == "“A <i>Life</i> On”; quoted in the text"

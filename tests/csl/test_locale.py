"""Locales: the spec's fallback chain, style overrides, term forms, ordinals, genders."""

from __future__ import annotations

from lxml import etree

from citekit.csl.locale import Locale, load_locale_file

OVERRIDE = """<locale xmlns="http://purl.org/net/xbiblio/csl" xml:lang="{lang}">
  <terms><term name="editor" form="short">{text}</term></terms>
</locale>"""


def test_fallback_dialect_then_primary_dialect_then_en_us() -> None:
    loc = Locale.build("de-AT")
    langs = [layer.lang for layer in loc.layers]
    assert langs[:3] == ["de-AT", "de-DE", "en-US"]
    # a term the shipped de-AT file defines comes from it, not from de-DE or en-US
    de_at = load_locale_file("de-AT")
    assert de_at is not None
    assert loc.term("month-01") == de_at.terms[("month-01", "long")][0].single


def test_unknown_language_falls_back_to_en_us() -> None:
    loc = Locale.build("xx-YY")
    assert loc.term("and") == "and"


def test_style_overrides_outrank_files_exact_language_first() -> None:
    overrides = [("", etree.fromstring(OVERRIDE.format(lang="", text="NOLANG"))),
                 ("de", etree.fromstring(OVERRIDE.format(lang="de", text="DE"))),
                 ("de-AT", etree.fromstring(OVERRIDE.format(lang="de-AT", text="DEAT")))]
    assert Locale.build("de-AT", overrides).term("editor", "short") == "DEAT"
    assert Locale.build("de-CH", overrides).term("editor", "short") == "DE"
    assert Locale.build("fr-FR", overrides).term("editor", "short") == "NOLANG"


def test_term_form_fallback_verb_short_to_verb_to_long() -> None:
    loc = Locale.build("en-US")
    assert loc.term("editor", "verb-short") is not None
    assert loc.term("no-such-term") is None
    # "symbol" falls back to "short" then "long" (CSL 1.0.2 "Terms")
    assert loc.term("edition", "symbol") == loc.term("edition", "short")


def test_english_ordinals_follow_the_match_rules() -> None:
    loc = Locale.build("en-US")
    got = {k: f"{k}{loc.ordinal_suffix(k)}" for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112)}
    assert got == {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st",
                   22: "22nd", 101: "101st", 111: "111th", 112: "112th"}
    assert loc.long_ordinal(2) == "second"


def test_localized_date_formats_exist() -> None:
    for lang in ("en-US", "de-DE", "fr-FR"):
        loc = Locale.build(lang)
        assert loc.date_format("text") is not None and loc.date_format("numeric") is not None

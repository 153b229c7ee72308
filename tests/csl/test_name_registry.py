"""citeproc-js's name registry keys (``NameReg.set_keys``): the initials that decide whether two
persons of one family clash, so that both show their full given names."""

from __future__ import annotations

from citekit.csl.eval.disambiguate import family_levels, initials_key


def test_hyphen_kept_by_default() -> None:
    assert initials_key("Anne-Marie") == "A-M"
    assert initials_key("Ana María") == "AM"
    assert initials_key("J. R. R.") == "JRR"


def test_hyphen_dropped_under_initialize_with_hyphen_false() -> None:
    # citeproc-js's initializeWith turns hyphens into spaces when the style says
    # initialize-with-hyphen="false": "Anne-Marie" is then "AM", like "Ana María"
    assert initials_key("Anne-Marie", hyphen=False) == "AM"


def test_family_levels_follow_the_hyphen_option() -> None:
    persons = {"AnaMaría": ["Ana María"], "Anne-Marie": ["Anne-Marie"]}
    kept = family_levels(("", "Álvarez"), persons, "primary-name")
    dropped = family_levels(("", "Álvarez"), persons, "primary-name", hyphen=False)
    assert set(kept.values()) == {1}      # initials tell them apart
    assert set(dropped.values()) == {2}   # initials clash: full given names

"""The shipped CSL locales (issue 16): the official citation-style-language/locales files,
unchanged, with their licence note, loaded without citeproc-py."""

from __future__ import annotations

import json
import subprocess
import sys

from lxml import etree

from citekit.csl.locale import LOCALES_DIR, Locale, load_locale_file, locale_path, primary_dialects

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_every_shipped_file_parses_and_names_its_language() -> None:
    files = sorted(LOCALES_DIR.glob("locales-*.xml"))
    assert len(files) == 62  # (the README says 61; the folder holds 62)
    for path in files:
        root = etree.parse(str(path)).getroot()
        assert root.get(XML_LANG) == path.stem.removeprefix("locales-"), path.name


def test_licence_note_ships_with_the_files() -> None:
    readme = (LOCALES_DIR / "README.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution-ShareAlike 3.0" in readme and "citationstyles.org" in readme


def test_primary_dialects_come_from_locales_json() -> None:
    data = json.loads((LOCALES_DIR / "locales.json").read_text(encoding="utf-8"))
    assert primary_dialects() == data["primary-dialects"]
    assert primary_dialects()["de"] == "de-DE" and primary_dialects()["pt"] == "pt-PT"


def test_locale_path_falls_back_to_primary_dialect_then_en_us() -> None:
    assert locale_path("fr-FR") == LOCALES_DIR / "locales-fr-FR.xml"
    assert locale_path("fr") == LOCALES_DIR / "locales-fr-FR.xml"
    assert locale_path("xx-YY") == LOCALES_DIR / "locales-en-US.xml"


def test_official_terms_are_the_ones_used() -> None:
    # the official files differ from citeproc-py's older copies here
    layer = load_locale_file("en-US")
    assert layer is not None
    assert layer.terms[("month-06", "short")][0].single == "June"
    assert Locale.build("de-DE").term("version", "short") == "Version"  # de-DE has only a long form


def test_locales_load_without_citeproc_py() -> None:
    code = ("import sys; from citekit.csl.locale import Locale; Locale.build('fr-FR').term('editor'); "
            "print('citeproc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"

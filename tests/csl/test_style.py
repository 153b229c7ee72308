"""Loading and compiling styles: by name (independent, dependent → parent, renamed), path, string."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.csl import Style
from citekit.csl import nodes as n
from citekit.csl.repository import find_style, list_styles, styles_dir
from citekit.errors import StyleError

MINIMAL = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>x</id><title>Minimal</title></info>
  <macro name="m"><text variable="title" font-style="italic" prefix="[" suffix="]"/></macro>
  <citation et-al-min="3" et-al-use-first="1"><layout delimiter="; "><text macro="m"/></layout></citation>
</style>"""


def test_independent_style_by_name() -> None:
    style = Style.load("apa")
    assert style.info.id.endswith("/apa")
    assert style.citation is not None and style.bibliography is not None


def test_renamed_style_resolves_through_renamed_styles_json() -> None:
    # renamed-styles.json maps "vancouver" to "nlm-citation-sequence"
    assert find_style("vancouver").stem == "nlm-citation-sequence"
    assert Style.load("vancouver") is Style.load("nlm-citation-sequence")


def test_dependent_style_resolves_to_its_parent() -> None:
    dependent = styles_dir() / "dependent" / "nature-digest.csl"
    assert dependent.is_file()
    parent_link = next(line for line in dependent.read_text(encoding="utf-8").splitlines() if "independent-parent" in line)
    parent_name = parent_link.split('href="')[1].split('"')[0].rstrip("/").rsplit("/", 1)[-1]
    assert Style.load("nature-digest").info.id == Style.load(parent_name).info.id


def test_by_path_and_from_string(tmp_path: Path) -> None:
    path = tmp_path / "minimal.csl"
    path.write_text(MINIMAL, encoding="utf-8")
    for style in (Style.load(path), Style.load(str(path)), Style.from_string(MINIMAL), Style.load(MINIMAL)):
        assert style.info.title == "Minimal"
        assert style.citation is not None and style.citation.options["et-al-min"] == "3"
        [text] = style.macros["m"]
        assert isinstance(text, n.Text)
        assert (text.variable, text.prefix, text.suffix, text.formatting) == ("title", "[", "]", (("font-style", "italic"),))


def test_compiled_once_per_path() -> None:
    assert Style.load("apa") is Style.load("apa")


@pytest.mark.parametrize("bad", ["no-such-style-anywhere", "missing/file.csl"])
def test_unknown_style_is_a_style_error_naming_it(bad: str) -> None:
    with pytest.raises(StyleError) as exc:
        Style.load(bad)
    assert bad.split("/")[-1].removesuffix(".csl") in str(exc.value)


def test_invalid_xml_is_a_style_error() -> None:
    with pytest.raises(StyleError, match="invalid style XML"):
        Style.from_string("<style><citation></style>")


def test_style_without_citation_is_a_style_error() -> None:
    with pytest.raises(StyleError, match="no cs:citation"):
        Style.from_string('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info/></style>')


def test_list_styles_searches_names_and_titles() -> None:
    found = {e.name for e in list_styles("vancouver")}
    assert "elsevier-vancouver" in found
    assert all("vancouver" in e.name or "vancouver" in e.title.lower() for e in list_styles("vancouver"))

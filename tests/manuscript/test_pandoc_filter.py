"""The filter's pieces, each compared with ``pandoc --citeproc`` on the same small document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.manuscript.conftest import MANUSCRIPTS, run_pandoc, style_path

# Suffixes as authors write them (pandoc manual, "Citation syntax", and variants): the locator
# label and value pandoc's citeproc takes out of each, compared with ours through a probe style.
SUFFIXES = [
    "p. 33", "pp. 33-35", "pp. 33–35 and passim", "33", "33-35, 40", "chap. 3", "chapter 4", "sec. 2.3",
    "§ 4", "fig. 2", "figs. 2-3", "para. 4", "vol. 2", "p. xii", "pp. iv, vi-xi", "table 2", "and references therein",
    "{ANAL-B 3 of 4}", "{p. iv, vi-xi, (xv)-(xvii)}", "p. 33, emphasis added", "line 12", "note 3", "col. 2",
    "pp. 12, 14", "33(1)", "book 2", "verse 7", "ch. 3", "Table 2", "p.\u00a033",
]


def _doc(body: str, meta: str = "") -> str:
    return f"---\nbibliography: refs.json\n{meta}---\n\n{body}\n"


def _both(pandoc: str, citekit_filter: str, text: str, *args: str) -> tuple[str, str]:
    theirs = run_pandoc(pandoc, ["-f", "markdown", "-t", "plain", "--wrap=none", "--citeproc", *args], stdin=text)
    ours = run_pandoc(pandoc, ["-f", "markdown", "-t", "plain", "--wrap=none", "--filter", citekit_filter, *args],
                      stdin=text)
    assert theirs.returncode == 0, theirs.stderr
    assert ours.returncode == 0, ours.stderr
    return theirs.stdout, ours.stdout


def test_locators_are_read_from_suffixes_as_pandoc_does(pandoc: str, citekit_filter: str) -> None:
    body = "\n\n".join(f"[@lieber1997growth, {s}]" for s in SUFFIXES)
    theirs, ours = _both(pandoc, citekit_filter, _doc(body, "suppress-bibliography: true\n"),
                         "--csl", str(MANUSCRIPTS / "locator-probe.csl"))
    pairs = list(zip(SUFFIXES, theirs.split("\n\n"), ours.split("\n\n")))
    wrong = [(s, t.strip(), o.strip()) for s, t, o in pairs if t.strip() != o.strip()]
    # a braced locator without a label has none, its hyphens as en dashes ("{ANAL-B 3 of 4}" agrees);
    # jgm/citeproc also turns the hyphen of a labelled page range "(xv)-(xvii)" into a dash, citeproc-js
    # and citekit do not (an engine difference, not the filter's)
    assert [w[0] for w in wrong] == ["{p. iv, vi-xi, (xv)-(xvii)}"], wrong
    assert len(pairs) == len(SUFFIXES)


@pytest.mark.parametrize("style", ["apa", "american-medical-association"])
def test_suppress_bibliography_reference_section_title_and_refs_div(pandoc: str, citekit_filter: str, style: str) -> None:
    csl = ["-M", f"csl={style_path(style)}"]
    text = _doc("A claim [@morris2017nivolumab; @ott2017safety].\n\n::: {#refs}\n:::\n\nAfter the list.",
                "reference-section-title: Works cited\n")
    theirs, ours = _both(pandoc, citekit_filter, text, *csl)
    assert theirs == ours
    assert ours.index("Morris") < ours.index("After the list")  # the list went into the refs div
    theirs, ours = _both(pandoc, citekit_filter, _doc("A claim [@morris2017nivolumab].", "reference-section-title: Works cited\n"), *csl)
    assert theirs == ours and "Works cited" in ours
    theirs, ours = _both(pandoc, citekit_filter, _doc("A claim [@morris2017nivolumab].", "suppress-bibliography: true\n"), *csl)
    assert theirs == ours and "Nivolumab" not in ours


def test_nocite_star_lists_every_reference(pandoc: str, citekit_filter: str) -> None:
    text = _doc("Only one [@ott2017safety].", "nocite: '@*'\n")
    theirs, ours = _both(pandoc, citekit_filter, text, "-M", f"csl={style_path('apa')}")
    assert theirs == ours
    assert ours.count("https://doi.org/") >= 30


def test_lang_chooses_the_locale(pandoc: str, citekit_filter: str) -> None:
    text = _doc("Ein Satz [@rao2022phase, S. 4; @morris2017nivolumab, Kap. 2].", "lang: de-DE\n")
    theirs, ours = _both(pandoc, citekit_filter, text, "-M", f"csl={style_path('chicago-author-date')}")
    assert theirs.split("\n\n")[0] == ours.split("\n\n")[0]
    assert "o.\u00a0J." in ours  # German "no date", and the German locator labels were read


def test_csl_yaml_and_ris_bibliographies(pandoc: str, citekit_filter: str, tmp_path: Path) -> None:
    refs = json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8"))[:3]
    import yaml

    (tmp_path / "refs.yaml").write_text(yaml.safe_dump({"references": refs}, allow_unicode=True), encoding="utf-8")
    text = f"---\nbibliography: {tmp_path / 'refs.yaml'}\n---\n\n[@{refs[0]['id']}; @{refs[2]['id']}] and @{refs[1]['id']}.\n"
    theirs, ours = _both(pandoc, citekit_filter, text, "-M", f"csl={style_path('apa')}")
    assert theirs == ours


def test_missing_key_is_reported_and_marked(pandoc: str, citekit_filter: str) -> None:
    text = _doc("A claim [@nosuchkey2020].")
    proc = run_pandoc(pandoc, ["-f", "markdown", "-t", "plain", "--filter", citekit_filter], stdin=text)
    theirs = run_pandoc(pandoc, ["-f", "markdown", "-t", "plain", "--citeproc"], stdin=text)
    assert proc.returncode == 0
    assert "citation 'nosuchkey2020' not found" in proc.stderr
    assert proc.stdout == theirs.stdout  # "(nosuchkey2020?)", as pandoc marks it


def test_unreadable_bibliography_stops_pandoc_with_one_line(pandoc: str, citekit_filter: str) -> None:
    text = "---\nbibliography: missing.bib\n---\n\n[@a].\n"
    proc = run_pandoc(pandoc, ["-f", "markdown", "-t", "plain", "--filter", citekit_filter], stdin=text)
    assert proc.returncode != 0
    assert "citekit-pandoc: error: missing.bib: bibliography file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_not_json_on_stdin_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "citekit.manuscript.pandoc"], input="# not json", capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("citekit-pandoc: error: stdin is not pandoc's JSON AST")


def test_docx_output_carries_the_rendered_citations(pandoc: str, citekit_filter: str, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    proc = run_pandoc(pandoc, ["paper.md", "--filter", citekit_filter, "-M", f"csl={style_path('apa')}", "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    back = run_pandoc(pandoc, [str(out), "-t", "plain", "--wrap=none"])
    assert "Morris et al. (2017)" in back.stdout and "Nivolumab for previously treated" in back.stdout


def test_a_cite_that_renders_nothing_is_left_out(pandoc: str, citekit_filter: str) -> None:
    """MLA prints author and page: ``[-@key]`` without a locator is empty in pandoc, and ``@key`` is
    the names alone (citeproc-js would print a "no printed form" marker)."""
    text = _doc("As @morris2017nivolumab found [-@morris2017nivolumab], and [-@ott2017safety, p. 4].",
                "suppress-bibliography: true\n")
    theirs, ours = _both(pandoc, citekit_filter, text, "-M", f"csl={style_path('modern-language-association')}")
    assert theirs == ours
    assert "STYLE ERROR" not in ours and "Morris et al. found" in ours

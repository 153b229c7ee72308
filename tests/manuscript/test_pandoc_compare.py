"""citekit's pandoc filter against ``pandoc --citeproc`` on a real manuscript, paragraph by paragraph.

The manuscript (tests/data/manuscript/paper.md: 45 citations in 35 clusters (8 author-in-text, 2
suppress-author) and 2 nocite, over 34 real records,
with clusters, locators, prefixes and suffixes, author-in-text, suppress-author and nocite) is
rendered to plain text twice by the real pandoc binary: once with its own citation processor
(the oracle) and once with ``--filter citekit-pandoc``. Every paragraph must be identical, except
those listed in expected_differences.txt with the reason (checked both ways).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.manuscript.conftest import MANUSCRIPTS, run_pandoc, style_path

STYLES = ["american-medical-association", "apa", "chicago-author-date", "vancouver", "ieee"]
EXPECTED = Path(__file__).with_name("expected_differences.txt")


def expected(style: str, bib: str, paper: str = "paper.md") -> dict[str, str]:
    """Listed differences for a manuscript, style and bibliography: paragraph start → reason."""
    out = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m, s, b, start, why = line.split("\t")
            if (m, s, b) == (paper, style, bib):
                out[start] = why
    return out


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def render(pandoc: str, style: str, bib: str, extra: list[str], paper: str = "paper.md") -> list[str]:
    proc = run_pandoc(pandoc, [paper, "-t", "plain", "--wrap=none", "-M", f"csl={style_path(style)}",
                               "-M", f"bibliography={bib}", *extra])
    assert proc.returncode == 0, proc.stderr
    assert "not found" not in proc.stderr, proc.stderr  # every key of the manuscript is in the bibliography
    return paragraphs(proc.stdout)


def compare(ours: list[str], theirs: list[str]) -> list[str]:
    """pandoc's paragraphs that the filter does not reproduce (same count required)."""
    assert len(ours) == len(theirs), f"{len(ours)} paragraphs with the filter, {len(theirs)} with --citeproc"
    return [t for o, t in zip(ours, theirs) if o != t]


@pytest.mark.parametrize("paper", ["paper.md", "heldout.md"])
@pytest.mark.parametrize("style", STYLES)
def test_filter_matches_pandoc_citeproc(pandoc: str, citekit_filter: str, style: str, paper: str) -> None:
    """heldout.md (10 clusters, inline ``references:``, ``reference-section-title``) was written after
    the filter was tuned on paper.md and run once: its one difference is listed, not fixed."""
    theirs = render(pandoc, style, "refs.json", ["--citeproc"], paper)
    ours = render(pandoc, style, "refs.json", ["--filter", citekit_filter], paper)
    listed = expected(style, "refs.json", paper)
    differ = compare(ours, theirs)
    unexpected = [p[:120] for p in differ if not any(p.startswith(s) for s in listed)]
    gone = [s for s in listed if not any(p.startswith(s) for p in differ)]
    assert not unexpected, f"{style}: paragraphs differing from pandoc --citeproc: {unexpected}"
    assert not gone, f"{style}: listed differences now agree, remove them from {EXPECTED.name}: {gone}"
    # the comparison is not vacuous: the manuscript's citations and bibliography are there
    assert len(theirs) > 15 and sum(p == o for p, o in zip(theirs, ours)) >= len(theirs) - len(listed)


@pytest.mark.parametrize("style", STYLES)
def test_citations_from_bibtex_match(pandoc: str, citekit_filter: str, style: str) -> None:
    """With the .bib, the text's citations agree too (pandoc's and citekit's BibTeX readers differ in the
    bibliography entries: pandoc sentence-cases English titles, so only the text before the list is compared)."""
    theirs = render(pandoc, style, "refs.bib", ["--citeproc"])
    ours = render(pandoc, style, "refs.bib", ["--filter", citekit_filter])
    cut = theirs.index("References")
    listed = [s for s, why in expected(style, "refs.json").items() if not why.startswith("engine: jgm/citeproc does not collapse")]
    differ = [p for p in compare(ours[:cut], theirs[:cut]) if not any(p.startswith(s) for s in listed)]
    assert not differ, differ
    assert cut >= 8


def test_manuscript_is_what_the_docstring_says() -> None:
    """45 citations in the text, author-in-text and suppress-author among them, 34 records, nocite."""
    import json
    import re

    text = (MANUSCRIPTS / "paper.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    keys = re.findall(r"@([a-z0-9]+)", body)
    assert len(keys) == 45
    assert re.search(r"(?<![\[;-])@morris2017nivolumab\b", body)  # author-in-text
    assert "[-@" in body and "nocite:" in text
    assert len(json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8"))) == 34

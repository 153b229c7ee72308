"""Incomplete author lists (issue 15, part 2): a list ending with the et-al marker
``{"literal": "others"}`` renders with the style's own et-al term.

The oracle is pandoc 3.9 (pypandoc-binary), whose citeproc renders that marker (the form its
BibTeX/RIS readers produce for ``and others``) as "et al." in the style's term; it renders the same
CSL-JSON items with the same style files here, and every entry must agree with ours. citeproc-js
2.4.63 has no such marker (it prints the word "others"); the last test records that, so that the
oracle is reconsidered if it ever changes.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from citekit.csl import Processor
from citekit.csl.repository import find_style
from citekit.model import Name, Reference

PERSONS = [
    ("Morris", "Van K."), ("Salem", "Mohamed E."), ("Nimeiri", "Halla"), ("Iqbal", "Syma"), ("Singh", "Preet"),
    ("Ciombor", "Kristen"), ("Polite", "Blase"), ("Deming", "Dustin"), ("Chan", "Emily"), ("Wade", "James L."),
]
#: styles with different et-al settings and delimiters (AMA 7/3, APA 21/19 with use-last, NLM, ...)
STYLES = ["american-medical-association", "apa", "vancouver", "chicago-author-date", "ieee",
          "modern-language-association", "nature"]


def _item(n: int, others: bool, year: int, first: str = "Morris") -> dict[str, Any]:
    names: list[dict[str, str]] = [{"family": f, "given": g} for f, g in PERSONS[:n]]
    names[0] = {"family": first, "given": names[0]["given"]}  # a first author of its own: no author substitution
    if others:
        names.append({"literal": "others"})
    # distinct titles and years: no disambiguation in play, only the names differ
    return {"id": f"n{n}{'o' if others else ''}", "type": "article-journal", "author": names,
            "title": f"Study number {n}{' continued' if others else ''}", "container-title": "Lancet Oncol",
            "volume": "18", "page": "446-453", "issued": {"date-parts": [[year]]}}


ITEMS = [_item(n, others, 1990 + 2 * n + others, f"Author{chr(65 + 2 * n + others)}")
         for n in (1, 2, 3, 4, 6, 7, 10) for others in (True, False)]


def _pandoc_entries(style: str, items: list[dict[str, Any]]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.json"
        bib.write_text(json.dumps(items), encoding="utf-8")
        doc = "---\nnocite: '@*'\n---\n"
        out = subprocess.run(
            [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "plain", "--wrap=none", "--citeproc",
             "--bibliography", str(bib), "--csl", str(find_style(style))],
            input=doc.encode(), capture_output=True, timeout=120, check=True,
        ).stdout.decode()
    return [" ".join(p.split()) for p in out.strip().split("\n\n") if p.strip()]


def _ours(style: str, items: list[dict[str, Any]]) -> list[str]:
    proc = Processor(style, locale="en-US", output="text")
    return [" ".join(e.split()) for e in proc.bibliography([Reference.from_csl(i) for i in items])]


@pytest.mark.parametrize("style", STYLES)
def test_incomplete_lists_render_like_pandoc(style: str) -> None:
    theirs = _pandoc_entries(style, ITEMS)
    ours = _ours(style, ITEMS)
    assert len(theirs) == len(ours) == len(ITEMS)
    assert sorted(ours) == sorted(theirs)  # (pandoc sorts cited-by-nocite items its own way)
    assert any("et al" in e for e in ours) and not any("others" in e for e in ours)


def test_ama_marks_the_page_list_with_et_al() -> None:
    item = _item(3, True, 2017)
    [entry] = _ours("american-medical-association", [item])
    assert entry.startswith("1. Morris VK, Salem ME, Nimeiri H, et al. Study number 3 continued.")
    [apa] = _ours("apa", [item])
    assert apa.startswith("Morris, V. K., Salem, M. E., Nimeiri, H., et al. (2017).")


def test_the_marker_is_typed_and_round_trips_through_csl_json() -> None:
    from citekit.formats import dumps, loads

    ref = Reference.from_csl(_item(3, True, 2017))
    assert ref.authors_truncated and ref.author is not None and ref.author[-1] == Name.others()
    back = loads(dumps([ref], "csl-json").text, "csl-json").items[0]
    assert back.authors_truncated and back.to_csl()["author"][-1] == {"literal": "others"}
    bib = dumps([ref], "bibtex").text
    assert "Nimeiri, Halla and others}" in bib
    again = loads(bib, "bibtex").items[0]
    assert again.best_known().authors_truncated  # "and others" read back: the list is incomplete
    ris = dumps([ref], "ris").text
    assert "AU  - others" in ris and loads(ris, "ris").items[0].authors_truncated


def test_citeproc_js_has_no_marker() -> None:
    """Why pandoc is the oracle here: citeproc-js prints the marker as a name ("…, others.")."""
    from tests.csl.citeproc_js import ensure_citeproc_js, run_citeproc_js
    from tests.csl.differential import locale_file

    modules = ensure_citeproc_js()
    if modules is None:
        pytest.fail("node/npm not available: cannot run citeproc-js")
    result = run_citeproc_js([_item(3, True, 2017)], find_style("american-medical-association"), locale_file(),
                             fmt="text", modules=modules)
    assert result["bibliography"][0].strip().startswith("1. Morris VK, Salem ME, Nimeiri H, others.")

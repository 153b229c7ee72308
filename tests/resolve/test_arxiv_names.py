"""Given-first author names (arXiv's ``<name>``, Google Books' ``authors``) → CSL names, particles kept.

Oracles: pandoc (the real binary of pypandoc-binary) reading the same people written in BibTeX's
comma form, where the family name's start is explicit; the recorded arXiv feeds read with xml.etree.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pypandoc
import pytest

from citekit.ids.arxiv import ArxivId
from citekit.resolve.services.arxiv import feed_to_reference, person_name

from .test_arxiv_isbn import recorded_arxiv

ATOM = "{http://www.w3.org/2005/Atom}"
#: the same person given-first (as arXiv writes) and in BibTeX's comma form (as the bearer files it)
PEOPLE = [
    ("Adrian Del Maestro", "Del Maestro, Adrian"),
    ("Peter H. N. de With", "de With, Peter H. N."),
    ("Joost van der Putten", "van der Putten, Joost"),
    ("Chris G. Van de Walle", "Van de Walle, Chris G."),
    ("Aldo Di Carlo", "Di Carlo, Aldo"),
    ("Martin Luther King, Jr.", "King, Jr., Martin Luther"),
    ("Dirk Wübben", "Wübben, Dirk"),
]


def pandoc_names(comma_forms: list[str]) -> list[dict[str, str]]:
    bib = "@article{a, title={T}, author={" + " and ".join(comma_forms) + "}}"
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "bibtex", "-t", "csljson"], input=bib, capture_output=True,
                         text=True, check=True, timeout=60)
    names: list[dict[str, str]] = json.loads(out.stdout)[0]["author"]
    return names


def parts(name: dict[str, str]) -> tuple[str | None, str | None, str | None, str | None]:
    """given, particle (dropping or not: pandoc's BibTeX reader calls every von part dropping), family, suffix."""
    particle = name.get("non-dropping-particle") or name.get("dropping-particle")
    return name.get("given"), particle, name.get("family"), name.get("suffix")


def test_given_first_names_split_as_pandoc_reads_the_comma_form() -> None:
    expected = pandoc_names([comma for _, comma in PEOPLE])
    assert [parts(person_name(given_first)) for given_first, _ in PEOPLE] == [parts(n) for n in expected]


def test_pandoc_itself_cuts_a_capitalised_particle_given_first() -> None:
    # why citekit does not stop at BibTeX's rule: given first, BibTeX (and pandoc) read "Del" as a given name
    assert parts(pandoc_names(["Adrian Del Maestro"])[0]) == ("Adrian Del", None, "Maestro", None)


def test_recorded_feed_keeps_del_maestro_whole() -> None:
    body = recorded_arxiv("1111.2011v2")
    names = [" ".join((a.findtext(f"{ATOM}name") or "").split()) for a in ET.fromstring(body).iter(f"{ATOM}author")]
    ref = feed_to_reference(body, ArxivId.parse("1111.2011v2"))
    authors = ref.author or []
    assert "Adrian Del Maestro" in names
    got = authors[names.index("Adrian Del Maestro")]
    assert (got.given, got.family, got.non_dropping_particle) == ("Adrian", "Del Maestro", None)
    assert [f"{a.given} {a.family_full}" for a in authors] == names


def test_recorded_lower_case_particles_unchanged() -> None:
    ref = feed_to_reference(recorded_arxiv("1707.08567"), ArxivId.parse("1707.08567"))
    particles = {(a.non_dropping_particle, a.family) for a in ref.author or [] if a.non_dropping_particle}
    assert particles == {("de", "With"), ("van der", "Putten"), ("van der", "Sommen")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Van Morrison", {"given": "Van", "family": "Morrison"}),  # a first word is a given name, whatever it is
    ("John Smith Jr.", {"given": "John", "family": "Smith", "suffix": "Jr."}),
    ("Smith, John", {"literal": "Smith, John"}),  # not given-first: kept whole, never guessed
    ("Madonna", {"family": "Madonna"}),
])
def test_edge_forms(text: str, expected: dict[str, str]) -> None:
    assert person_name(text) == expected

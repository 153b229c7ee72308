"""arXiv records: given-first author names → CSL names with their particles, and the published
version (``arxiv:doi``, ``arxiv:journal_ref``) kept as a relation, never as the record's own DOI.

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


# ---------------------------------------------------------------- the published version (arxiv:doi, arxiv:journal_ref)
ARXIV_NS = "{http://arxiv.org/schemas/atom}"


@pytest.mark.parametrize("id_list", ["1111.2011v2", "astro-ph/0601001", "1605.08386"])
def test_published_version_is_a_relation_never_the_records_identity(id_list: str) -> None:
    body = recorded_arxiv(id_list)
    entry = ET.fromstring(body).find(f"{ATOM}entry")
    assert entry is not None
    doi, journal = entry.findtext(f"{ARXIV_NS}doi"), entry.findtext(f"{ARXIV_NS}journal_ref")
    ref = feed_to_reference(body, ArxivId.parse(id_list))
    assert ref.doi is None and ref.id == f"arxiv:{id_list}" and ref.url == f"https://arxiv.org/abs/{id_list}"
    from citekit.model import RelationType

    rels = list(ref.extensions.relations_of(RelationType.PUBLISHED_VERSION))
    journal_text = " ".join(journal.split()) if journal else None
    if doi:
        assert [(r.doi, r.citation, r.source) for r in rels] == [(doi.strip(), journal_text, "subject")]
    elif journal:
        assert [(r.doi, r.id, r.citation) for r in rels] == [(None, journal_text, journal_text)]
    else:
        assert rels == []
    # the relation survives CSL-JSON out and in
    from citekit import formats

    again = formats.loads(formats.dumps([ref], "csl-json").text, "csl-json").items[0]
    assert again.custom == ref.custom and again.doi is None


def test_check_rule_names_the_published_version_of_a_cited_preprint() -> None:
    from citekit.check.codes import Code
    from citekit.check.rules.base import Context
    from citekit.check.rules.superseded import superseded

    ref = feed_to_reference(recorded_arxiv("1111.2011v2"), ArxivId.parse("1111.2011v2"))
    found = list(superseded(Context(1, "murray2012", ref, ref, "arXiv")))
    assert [(f.code, f.record) for f in found] == [(Code.SUPERSEDED, "10.1103/PhysRevB.85.115117")]
    assert "published version is 10.1103/PhysRevB.85.115117" in found[0].message

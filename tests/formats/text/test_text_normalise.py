"""The normaliser's and the rules' small repairs (issue 12, errors seen on a training dev slice)."""

from __future__ import annotations

from citekit.formats.text import parse_citation
from citekit.formats.text.normalise import to_csl
from citekit.formats.text.state import inverted_name


def test_container_without_title_is_the_title() -> None:
    csl, _, _ = to_csl([("author", "Sayer, D.", 0.9), ("date", "1991", 0.9), ("container-title", "Capitalism and modernity", 0.9),
                        ("location", "London", 0.9), ("publisher", "Routledge", 0.9)])  # fmt: skip
    assert csl["title"] == "Capitalism and modernity"
    assert "container-title" not in csl
    assert csl["type"] == "book"


def test_journal_without_title_stays_a_journal() -> None:
    csl, _, _ = to_csl([("author", "Smith, J.", 0.9), ("journal", "Phys. Rev. D", 0.9), ("volume", "95", 0.9)])
    assert csl["container-title"] == "Phys. Rev. D" and "title" not in csl


def test_title_run_on_into_its_book() -> None:
    csl, _, _ = to_csl([("author", "Henry James", 0.9), ("title", "The Europeans, in Novels, 1871–1880", 0.9)])
    assert csl["title"] == "The Europeans"
    assert csl["container-title"] == "Novels, 1871–1880"


def test_title_run_on_into_its_journal_with_volume() -> None:
    segs = [("title", "Advanced tools and techniques for automatic parallelization. Parallel Computing", 0.9), ("volume", "7", 0.9)]
    csl, _, _ = to_csl(segs)
    assert (csl["title"], csl["container-title"]) == ("Advanced tools and techniques for automatic parallelization", "Parallel Computing")
    # without a volume or pages the sentence after the full stop stays in the title (a subtitle)
    csl, _, _ = to_csl(segs[:1])
    assert "container-title" not in csl


def test_year_then_volume() -> None:
    csl, _, _ = to_csl([("volume", "1998;71:", 0.9)])
    assert csl["volume"] == "71"
    csl, _, _ = to_csl([("volume", "Vol. 12", 0.9)])
    assert csl["volume"] == "12"


def test_markup_is_not_part_of_a_value() -> None:
    text = ("Fitch, T. J., Newby, E., & Marshall, J. L. (2001). Future administrators' perceptions of the school counseling "
            "role. <italic>Counselor Education and Supervision, 41</italic>(2), 89-99.")  # fmt: skip
    ref = parse_citation(text).reference
    assert ref is not None
    assert ref.container_title == "Counselor Education and Supervision"
    assert str(ref.volume) == "41"


def test_inverted_single_name() -> None:
    assert inverted_name({"literal": "Nelmes, E"}) == {"family": "Nelmes", "given": "E"}
    assert inverted_name({"literal": "Durkheim, Émile"}) == {"family": "Durkheim", "given": "Émile"}
    assert inverted_name({"literal": "World Health Organization"}) == {"literal": "World Health Organization"}
    assert inverted_name({"literal": "Ministry of Health, Labour and Welfare"})["literal"]
    ref = parse_citation("Nelmes, E. 1952. Facts and speculations on phylogeny in the tribe Cariceae. Kew Bull. 1951: 427–436.").reference
    assert ref is not None and ref.author[0].family == "Nelmes"

"""Citation keys: the documented ``<author><year><titleword>`` scheme, a/b suffixes, stability."""

from __future__ import annotations

from typing import Any

import pytest

from citekit.formats.bibtex import BibTeXFormat
from citekit.formats.bibtex.keys import ascii_fold, assign_keys, base_key, sanitize_key, title_word
from citekit.model import Reference

FMT = BibTeXFormat()


def ref(family: str | None = None, year: int | None = None, title: str | None = None, **extra: Any) -> Reference:
    data: dict[str, Any] = {"id": extra.pop("id", "x"), "type": "article-journal", **extra}
    if family is not None:
        data["author"] = [{"family": family, "given": "A."}]
    if year is not None:
        data["issued"] = {"date-parts": [[year]]}
    if title is not None:
        data["title"] = title
    return Reference.from_csl(data)


MORRIS = ref(
    "Morris",
    2017,
    "Nivolumab for previously treated unresectable metastatic anal cancer (NCI9673): a multicentre, single-arm, phase 2 study",
)


def test_morris_key_is_the_documented_example() -> None:
    assert base_key(MORRIS) == "morris2017nivolumab"
    text = FMT.dumps([MORRIS]).text
    assert text.startswith("@article{morris2017nivolumab,\n")


@pytest.mark.parametrize(
    ("reference", "key"),
    [
        (ref("André", 2023, "Antitumor Activity and Safety of Dostarlimab Monotherapy"), "andre2023antitumor"),
        (ref("Pang", 2023, "Long-course chemoradiation plus concurrent/sequential PD-1 blockade"), "pang2023long"),
        (ref("Rao", 2022, "A phase II study of retifanlimab (INCMGA00012)"), "rao2022phase"),
        (ref("Rao", 2024, "LBA2 - POD1UM-303/InterAACT 2: Phase III study"), "rao2024lba2"),
        (ref("Bekaii-Saab", 2020, "The Effect of X"), "bekaiisaab2020effect"),
        (ref("Ben Abdelghani", 2020, "On Things"), "benabdelghani2020things"),
        (ref("Østergård", 2001, "Ærø and Łódź: œuvres"), "ostergard2001aero"),
        (ref("Müller", None, "Über Alles"), "mulleruber"),
        (ref("Smith", 2020, None), "smith2020"),
        (ref(None, 2024, "NCCN Guidelines: Anal Carcinoma"), "nccn2024"),
        (ref(None, None, None), "ref"),
        (ref("Xu", 2021, "<i>Escherichia coli</i> in the gut"), "xu2021escherichia"),
    ],
)
def test_base_keys(reference: Reference, key: str) -> None:
    assert base_key(reference) == key


def test_organisation_author_uses_its_first_word() -> None:
    org = Reference.from_csl(
        {
            "id": "5",
            "type": "report",
            "author": [{"literal": "National Comprehensive Cancer Network"}],
            "issued": {"date-parts": [[2024]]},
            "title": "NCCN Clinical Practice Guidelines in Oncology",
        }
    )
    assert base_key(org) == "national2024nccn"


def test_particles_are_not_part_of_the_key() -> None:
    r = Reference.from_csl(
        {
            "id": "g",
            "type": "book",
            "author": [{"family": "Gogh", "non-dropping-particle": "van", "given": "Vincent"}],
            "issued": {"date-parts": [[1888]]},
            "title": "Letters",
        }
    )
    assert base_key(r) == "gogh1888letters"


def test_collisions_get_a_b_c_suffixes_and_stay_unique() -> None:
    refs = [
        ref("Smith", 2020, "Cancer of the lung", id="1"),
        ref("Jones", 2019, "Other", id="2"),
        ref("Smith", 2020, "Cancer in mice", id="3"),
        ref("Smith", 2020, "Cancer again", id="4"),
    ]
    keys, notes = assign_keys(refs)
    assert keys == ["smith2020cancera", "jones2019other", "smith2020cancerb", "smith2020cancerc"]
    assert notes == []


def test_collision_with_an_own_key_suffixes_the_generated_one_only() -> None:
    refs = [
        ref("Smith", 2020, "Cancer", id="1"),
        ref("Other", 1999, "X", id="2", **{"citation-key": "smith2020cancer"}),
    ]
    keys, _ = assign_keys(refs)
    assert keys == ["smith2020cancera", "smith2020cancer"]


def test_suffixed_key_never_collides_with_another_base() -> None:
    refs = [
        ref("Smith", 2020, "Cancer", id="1"),
        ref("Smith", 2020, "Cancer", id="2"),
        ref("Smith", 2020, "Cancera", id="3"),
    ]
    keys, _ = assign_keys(refs)
    assert len(set(keys)) == 3
    assert keys[2] == "smith2020cancera"


def test_many_collisions_do_not_run_out_of_suffixes() -> None:
    refs = [ref("Smith", 2020, "Cancer", id=str(i)) for i in range(800)]
    keys, _ = assign_keys(refs)
    assert len(set(keys)) == 800


def test_own_citation_keys_are_kept_and_duplicates_reported() -> None:
    refs = [
        ref("A", 2000, "T", id="1", **{"citation-key": "mykey"}),
        ref("B", 2000, "T", id="2", **{"citation-key": "mykey"}),
        ref("C", 2000, "T", id="3", **{"citation-key": "bad key,{x}"}),
    ]
    result = FMT.dumps(refs)
    keys = [line.split("{", 1)[1].rstrip(",") for line in result.text.splitlines() if line.startswith("@")]
    assert keys == ["mykey", "mykeya", "bad_key__x_"]
    messages = {(w.item, w.field): w.message for w in result.warnings if w.field == "citation-key"}
    assert "used by an earlier reference" in messages[("mykeya", "citation-key")]
    assert "characters BibTeX does not allow" in messages[("bad_key__x_", "citation-key")]


def test_same_input_same_keys() -> None:
    refs = [ref("Smith", 2020, "Cancer", id=str(i)) for i in range(5)] + [MORRIS]
    assert FMT.dumps(refs).text == FMT.dumps(list(refs)).text
    assert assign_keys(refs)[0] == assign_keys([r.model_copy() for r in refs])[0]


def test_read_key_becomes_id_and_citation_key_and_is_written_back() -> None:
    result = FMT.loads("@article{Frank_1970, title = {The Structure of Ordinary Water}, year = 1970}")
    item = result.items[0]
    assert item.id == "Frank_1970" and item.citation_key == "Frank_1970"
    assert FMT.dumps(result.items).text.startswith("@article{Frank_1970,")


def test_helpers() -> None:
    assert ascii_fold("André Müller Straße Øre ı") == "Andre Muller Strasse Ore i"
    assert title_word("The Of And") == ""
    assert title_word("A study of TP53", skip=1) == "tp53"
    assert sanitize_key(" a b ") == "a_b"

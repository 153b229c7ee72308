"""The parser's pieces on their own: numbers blocks, pages, author lists, tails, list layouts."""

from __future__ import annotations

import pytest

from citekit.formats.text.authors import dotted, parse_ama, parse_apa
from citekit.formats.text.numbers import expand_pages, find_ama_numbers, parse_apa_source
from citekit.formats.text.split import split
from citekit.formats.text.tails import parse_date, take_tails


# ------------------------------------------------------------------ year;volume(issue):pages
@pytest.mark.parametrize(
    ("text", "year", "month", "day", "volume", "issue", "pages"),
    [
        ("Lancet Oncol 2017;18:446-453.", 2017, None, None, "18", None, "446-453"),
        ("Lancet Oncol. 2017 Apr;18(4):446-53.", 2017, 4, None, "18", "4", "446-453"),
        ("Sci Rep. 2015 Nov 19;5(1):16696.", 2015, 11, 19, "5", "1", "16696"),
        ("JAMA 2023;6:e2341165.", 2023, None, None, "6", None, "e2341165"),
        ("ESMO Open 2022;7:100529.", 2022, None, None, "7", None, "100529"),
        ("Ann Oncol 2024;35:S1217.", 2024, None, None, "35", None, "S1217"),
        ("Ann Oncol 2024;35(Suppl 2):S1217.", 2024, None, None, "35", "Suppl 2", "S1217"),
        ("Ann Oncol 2017;28:1036–41.", 2017, None, None, "28", None, "1036-1041"),
        ("Ann Oncol 2017;28:1036—1041.", 2017, None, None, "28", None, "1036-1041"),
        ("PNAS. 2014 Nov 11;111(45).", 2014, 11, 11, "111", "45", None),
        ("J Foo. 2019 Jan-Feb;12(1):1-9.", 2019, 1, None, "12", "1", "1-9"),
        ("J Foo. 2019 Spring;12:1-9.", 2019, None, None, "12", None, "1-9"),
        ("Results from 2010 to 2015. Lancet 2018;391:12-19.", 2018, None, None, "391", None, "12-19"),
    ],
)
def test_ama_numbers(text: str, year: int, month: int | None, day: int | None, volume: str | None, issue: str | None, pages: str | None) -> None:
    found = find_ama_numbers(text)
    assert found is not None
    _, n = found
    assert (n.year, n.month, n.day, n.volume, n.issue, n.pages) == (year, month, day, volume, issue, pages)


def test_supplement_is_recognised() -> None:
    found = find_ama_numbers("Ann Oncol 2024;35(Suppl 2):S1217.")
    assert found is not None and found[1].supplement == "2"


@pytest.mark.parametrize(
    ("printed", "full"),
    [("1036-41", "1036-1041"), ("446–53", "446-453"), ("99-101", "99-101"), ("R583-6", "R583-R586"), ("S1217", "S1217"),
     ("e2341165", "e2341165"), ("12-5", "12-15"), ("1095-8", "1095-1098"), ("101-9", "101-109"), ("5-7, 9-11", "5-7,9-11")],
)
def test_pages_expanded(printed: str, full: str) -> None:
    assert expand_pages(printed) == full


@pytest.mark.parametrize(
    ("text", "journal", "volume", "issue", "pages"),
    [
        ("The Lancet Oncology, 18(4), 446–453.", "The Lancet Oncology", "18", "4", "446-453"),
        ("JAMA Network Open, 6(11), Article e2341165.", "JAMA Network Open", "6", "11", "e2341165"),
        ("EFSA Journal, 16(4).", "EFSA Journal", "16", "4", None),
        ("Ciência e Natura, 42, e77.", "Ciência e Natura", "42", None, "e77"),
        ("Ciência e Natura, e36.", "Ciência e Natura", None, None, "e36"),
        ("Proceedings of the I, Part B: Journal of E, 223(9), 1207–1215.", "Proceedings of the I, Part B: Journal of E", "223", "9", "1207-1215"),
    ],
)
def test_apa_source(text: str, journal: str, volume: str | None, issue: str | None, pages: str | None) -> None:
    assert parse_apa_source(text) == (journal, volume, issue, pages)


def test_apa_source_rejects_a_date_as_a_volume() -> None:
    assert parse_apa_source("ESMO Congress 2024, Barcelona, September 14, 2024.") is None


# ------------------------------------------------------------------ authors
@pytest.mark.parametrize(
    ("segment", "expected", "et_al"),
    [
        ("Morris VK, Salem ME, Nimeiri H, et al", [("Morris", "V. K."), ("Salem", "M. E."), ("Nimeiri", "H.")], True),
        ("Migden MR,Khushalani NI, Chang ALS, et al", [("Migden", "M. R."), ("Khushalani", "N. I."), ("Chang", "A. L. S.")], True),
        ("Ott PA, Piha-Paul SA, Munster P, et al.", [("Ott", "P. A."), ("Piha-Paul", "S. A."), ("Munster", "P.")], True),
        ("André T, Müller-Lüdenscheid K, O'Day SJ", [("André", "T."), ("Müller-Lüdenscheid", "K."), ("O'Day", "S. J.")], False),
        ("Lee J-P, Kim ÁB", [("Lee", "J.-P."), ("Kim", "Á. B.")], False),
        ("Morris VK, Salem ME, et al.", [("Morris", "V. K."), ("Salem", "M. E.")], True),
        ("Morris VK, Salem ME, et al", [("Morris", "V. K."), ("Salem", "M. E.")], True),
    ],
)
def test_ama_authors(segment: str, expected: list[tuple[str, str]], et_al: bool) -> None:
    got = parse_ama(segment)
    assert [(n["family"], n["given"]) for n in got.names] == expected
    assert got.et_al is et_al


def test_ama_particles_and_suffixes() -> None:
    got = parse_ama("Diaz LA Jr, van der Heijden MS, de la Fuente JM, Smith J III")
    n = got.names
    assert n[0] == {"family": "Diaz", "given": "L. A.", "suffix": "Jr"}
    assert n[1] == {"family": "Heijden", "given": "M. S.", "non-dropping-particle": "van der"}
    assert (n[2]["non-dropping-particle"], n[2]["family"]) == ("de la", "Fuente")
    assert (n[3]["family"], n[3]["suffix"]) == ("Smith", "III")


def test_organisation_author_is_a_literal() -> None:
    got = parse_ama("National Comprehensive Cancer Network")
    assert got.names == [{"literal": "National Comprehensive Cancer Network"}]


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Morris, V. K., Salem, M. E., & Nimeiri, H.", [("Morris", "V. K."), ("Salem", "M. E."), ("Nimeiri", "H.")]),
        ("Lin, C.-W., Kalb, S. J., & Yeh, W.-S.", [("Lin", "C.-W."), ("Kalb", "S. J."), ("Yeh", "W.-S.")]),
        ("Bennett, F. G., Jr.", [("Bennett", "F. G.")]),
        ("Pang, K., Yang, Y., … Zhang, Z.", [("Pang", "K."), ("Yang", "Y."), ("Zhang", "Z.")]),
    ],
)
def test_apa_authors(segment: str, expected: list[tuple[str, str]]) -> None:
    assert [(n["family"], n["given"]) for n in parse_apa(segment).names] == expected


def test_apa_suffix_and_organisation() -> None:
    assert parse_apa("Bennett, F. G., Jr.").names[0]["suffix"] == "Jr."
    assert parse_apa("American Cancer Society.").names == [{"literal": "American Cancer Society"}]


def test_dotted_initials() -> None:
    assert dotted("VK") == "V. K."
    assert dotted("J-P") == "J.-P."
    assert dotted("APM dos S") == "A. P. M. dos S."


# ------------------------------------------------------------------ tails
def test_doi_pmid_pmcid_tails() -> None:
    t = take_tails("Title. J. 2020;1:2. doi: 10.1016/S1470-2045(17)30104-3. Epub 2017 Feb 18. PMID: 28223062; PMCID: PMC5337201.")
    assert (t.doi, t.pmid, t.pmcid, t.epub) == ("10.1016/S1470-2045(17)30104-3", "28223062", "PMC5337201", (2017, 2, 18))
    assert t.core == "Title. J. 2020;1:2."


@pytest.mark.parametrize(
    "text",
    ["X. https://doi.org/10.1093/annonc/mdx029", "X. doi:10.1093/annonc/mdx029.", "X. DOI: 10.1093/annonc/mdx029", "X. http://dx.doi.org/10.1093/annonc/mdx029"],
)
def test_doi_spellings(text: str) -> None:
    assert take_tails(text).doi == "10.1093/annonc/mdx029"


def test_doi_keeps_its_own_parentheses_only() -> None:
    assert take_tails("(see doi:10.1016/S1470-2045(19)30728-4)").doi == "10.1016/S1470-2045(19)30728-4"


@pytest.mark.parametrize(
    ("text", "url", "accessed"),
    [
        ("X. Accessed at www.nccn.org/a.pdf on August 20, 2025.", "www.nccn.org/a.pdf", (2025, 8, 20)),
        ("X. Accessed August 20, 2025. https://www.nccn.org/a.pdf", "https://www.nccn.org/a.pdf", (2025, 8, 20)),
        ("X [Internet]. [cited 2025 Aug 20]. Available from: https://nccn.org/a.pdf", "https://nccn.org/a.pdf", (2025, 8, 20)),
        ("X. Retrieved 20 August 2025, from https://nccn.org/a.pdf", "https://nccn.org/a.pdf", (2025, 8, 20)),
    ],
)
def test_access_notes(text: str, url: str, accessed: tuple[int, int, int]) -> None:
    t = take_tails(text)
    assert (t.url, t.accessed) == (url, accessed)


def test_dates() -> None:
    assert parse_date("August 20, 2025") == (2025, 8, 20)
    assert parse_date("2025 Aug 20") == (2025, 8, 20)
    assert parse_date("2025-08-20") == (2025, 8, 20)
    assert parse_date("Sept 2024") == (2024, 9, None)
    assert parse_date("no date") is None


# ------------------------------------------------------------------ layouts
def test_one_per_line_with_heading_and_blank_lines() -> None:
    text = "References\n\nA B. T. J 2017;1:1.\n\nC D. T. J 2018;2:2.\n"
    chunks = list(split(text))
    assert [(c.text, c.line, c.number) for c in chunks] == [("A B. T. J 2017;1:1.", 3, None), ("C D. T. J 2018;2:2.", 5, None)]


@pytest.mark.parametrize("mark", ["{}.", "[{}]", "{})", "({})"])
def test_numbered_blocks_with_wrapped_lines(mark: str) -> None:
    text = "\n".join([f"{mark.format(1)} Morris VK, Salem ME. Nivolumab for anal", "   cancer. Lancet Oncol 2017;18:446-453.",
                      f"{mark.format(2)} Ott PA. Safety. Ann Oncol", "2017;28:1036-41."])
    chunks = list(split(text))
    assert [c.number for c in chunks] == [1, 2]
    assert chunks[0].text == "Morris VK, Salem ME. Nivolumab for anal cancer. Lancet Oncol 2017;18:446-453."
    assert chunks[1].text == "Ott PA. Safety. Ann Oncol 2017;28:1036-41."
    assert [c.line for c in chunks] == [1, 3]


def test_wrapped_lines_without_numbers_are_joined() -> None:
    text = "Morris VK, Salem ME. Nivolumab for previously treated\nunresectable anal cancer. Lancet Oncol 2017;18:446-453.\nOtt PA. Safety. Ann Oncol 2017;28:1036-41.\n"
    chunks = list(split(text))
    assert len(chunks) == 2
    assert chunks[0].text.startswith("Morris VK") and chunks[0].text.endswith("446-453.")


def test_paragraph_blocks() -> None:
    text = "Morris VK, Salem ME. Nivolumab for\nanal cancer. Lancet Oncol\n2017;18:446-453.\n\nOtt PA. Safety.\nAnn Oncol 2017;28:1036-41.\n"
    chunks = list(split(text))
    assert [c.line for c in chunks] == [1, 5]
    assert chunks[1].text == "Ott PA. Safety. Ann Oncol 2017;28:1036-41."


def test_hyphen_at_a_line_end_is_kept_and_url_rejoined() -> None:
    text = "1. Pang K. Long-course chemo-\n   radiation. BMJ Open 2023;13:e069499. https://doi.org/\n   10.1136/bmjopen-2022-069499\n"
    chunk = next(iter(split(text)))
    assert "chemo-radiation" in chunk.text
    assert chunk.text.endswith("https://doi.org/10.1136/bmjopen-2022-069499")


def test_crlf_and_cr_line_ends() -> None:
    text = "1. A B. T. J 2017;1:1.\r\n2. C D. T. J 2018;2:2.\r3. E F. T. J 2019;3:3.\r\n"
    assert [(c.number, c.text) for c in split(text)] == [
        (1, "A B. T. J 2017;1:1."), (2, "C D. T. J 2018;2:2."), (3, "E F. T. J 2019;3:3.")]


def test_a_page_number_starting_a_wrapped_line_is_not_a_new_citation() -> None:
    text = "1. Benayon FDR. Objetos paradoxais. Letras, (56),\n185. https://doi.org/10.5902/2176148531077\n2. C D. T. J 2018;2:2.\n"
    chunks = list(split(text))
    assert [c.number for c in chunks] == [1, 2]
    assert chunks[0].text.endswith("(56), 185. https://doi.org/10.5902/2176148531077")

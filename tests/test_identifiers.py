"""citekit.identifiers: DOI / PMID / PMCID / ISSN / ISBN parsing, validation and finding in text.

Oracles: the identifiers printed in real Crossref, NCBI ESummary and ID-converter responses
(tests/data/fixtures/real), and the check-digit examples published with ISO 3297 / ISO 2108.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit.errors import InputError, InvalidIdentifier
from citekit.identifiers import DOI, ISBN, ISSN, PMCID, PMID, find_identifiers, parse_identifier
from tests.conftest import DATA

REAL = DATA / "fixtures" / "real"
WORKS = sorted((REAL / "crossref-works").glob("*.json"))
WORKS = [p for p in WORKS if not p.name.endswith(".meta.json")]


def _messages() -> list[tuple[str, dict]]:
    out = []
    for p in WORKS:
        body = json.loads(p.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            out.append((p.name, body["message"]))
    for p in sorted((REAL / "crossref-search").glob("*.json")):
        if p.name.endswith(".meta.json"):
            continue
        for i, item in enumerate(json.loads(p.read_text(encoding="utf-8"))["message"]["items"]):
            out.append((f"{p.name}[{i}]", item))
    return out


MESSAGES = _messages()


# ------------------------------------------------------------------ DOI
@pytest.mark.parametrize(
    "text",
    [
        "10.1016/S1470-2045(17)30104-3",
        "doi:10.1016/S1470-2045(17)30104-3",
        "DOI: 10.1016/S1470-2045(17)30104-3",
        "https://doi.org/10.1016/S1470-2045(17)30104-3",
        "http://dx.doi.org/10.1016/S1470-2045(17)30104-3",
        "https://doi.org/10.1016%2FS1470-2045%2817%2930104-3",
        "10.1016/S1470-2045(17)30104-3.",
        "(10.1016/S1470-2045(17)30104-3)",
        "  10.1016/s1470-2045(17)30104-3;",
    ],
)
def test_doi_spellings_parse_to_one_value(text: str) -> None:
    doi = DOI.parse(text.strip("("))
    assert doi == DOI("10.1016/S1470-2045(17)30104-3")
    assert doi.prefix == "10.1016"
    assert doi.suffix.lower() == "s1470-2045(17)30104-3"


def test_doi_equality_is_case_insensitive_and_hash_consistent() -> None:
    a, b = DOI.parse("10.1001/JAMANETWORKOPEN.2023.41165"), DOI.parse("10.1001/jamanetworkopen.2023.41165")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a.value == "10.1001/JAMANETWORKOPEN.2023.41165"  # case kept for display


def test_sici_doi_stays_valid_with_angle_brackets_and_semicolon() -> None:
    sici = "10.1002/(SICI)1097-4636(199711)37:2<191::AID-JBM8>3.0.CO;2-H"
    assert DOI.parse(sici).value == sici
    assert DOI.parse("doi:" + sici + ".").value == sici
    # the SICI DOI recorded in crossref-errors (file name had ':' and ';' replaced)
    assert DOI.parse("10.1002/(sici)1099-1409(199908/10)3:6/7<672::aid-jpp192>3.0.co;2-8").prefix == "10.1002"


@pytest.mark.parametrize(
    "bad", ["", "10.1000", "10.12/abc", "11.1000/abc", "doi:", "https://doi.org/", "10.1000/ab c", "not a doi", "10.1000/"]
)
def test_invalid_doi_raises_one_error_quoting_the_input(bad: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        DOI.parse(bad)
    assert repr(bad) in str(info.value)
    assert isinstance(info.value, InputError)
    assert info.value.field == "DOI"


def test_doi_path_segment_cannot_leave_the_path() -> None:
    for raw in ["10.1000/../../admin", "10.1000/a?x=1", "10.1000/a#frag"]:
        seg = DOI(raw).path_segment()
        assert "/" not in seg and "?" not in seg and "#" not in seg
    assert DOI("10.1000/a<b>").url == "https://doi.org/10.1000/a%3Cb%3E"


@pytest.mark.parametrize(("name", "msg"), MESSAGES, ids=[n for n, _ in MESSAGES])
def test_every_real_crossref_doi_and_issn_validates(name: str, msg: dict) -> None:
    doi = DOI.parse(msg["DOI"])
    assert doi.key == msg["DOI"].lower()
    if "URL" in msg:  # Crossref's resolver URL for the same DOI (http://dx.doi.org/...)
        assert DOI.parse(msg["URL"]) == doi
    for issn in msg.get("ISSN", []):
        assert str(ISSN.parse(issn)) == issn.upper()
    for isbn in msg.get("ISBN", []):
        assert len(ISBN.parse(isbn).isbn13) == 13


# ------------------------------------------------------------------ PMID / PMCID
def test_real_esummary_and_idconv_identifiers() -> None:
    summary = json.loads((REAL / "ncbi-esummary" / "28806736.json").read_text())["result"]["28806736"]
    ids = {a["idtype"]: a["value"] for a in summary["articleids"]}
    assert PMID.parse(ids["pubmed"]) == PMID(28806736)
    assert DOI.parse(ids["doi"]).value == "10.1371/journal.pone.0182390"
    assert str(ISSN.parse(summary["essn"])) == "1932-6203"
    rec = json.loads((REAL / "ncbi-idconv" / "10.1038_ng.590.json").read_text())["records"][0]
    assert PMCID.parse(rec["pmcid"]).number == 2883744
    assert str(PMID.parse(rec["pmid"])) == "20495566"


@pytest.mark.parametrize(
    "text", ["28806736", "PMID: 28806736", "pmid:28806736", "https://pubmed.ncbi.nlm.nih.gov/28806736/", "028806736"]
)
def test_pmid_spellings(text: str) -> None:
    assert PMID.parse(text).value == 28806736


@pytest.mark.parametrize("bad", ["0", "-5", "PMID:", "12a", "1234567890", "PMC123"])
def test_invalid_pmid(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="PMID"):
        PMID.parse(bad)


@pytest.mark.parametrize(
    "text",
    ["PMC2883744", "pmc2883744", "PMCID: PMC2883744", "https://pmc.ncbi.nlm.nih.gov/articles/PMC2883744/",
     "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2883744/"],
)
def test_pmcid_spellings(text: str) -> None:
    assert str(PMCID.parse(text)) == "PMC2883744"


@pytest.mark.parametrize("bad", ["2883744", "PMC", "PMC0", "PMCX12"])
def test_invalid_pmcid(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="PMCID"):
        PMCID.parse(bad)


# ------------------------------------------------------------------ ISSN / ISBN
@pytest.mark.parametrize(("text", "value"), [("0378-5955", "0378-5955"), ("03785955", "0378-5955"),
                                             ("ISSN 0317-8471", "0317-8471"), ("2049-3630", "2049-3630"),
                                             ("1050-124x", "1050-124X")])
def test_issn_check_digit_examples(text: str, value: str) -> None:
    assert str(ISSN.parse(text)) == value


@pytest.mark.parametrize("bad", ["0378-5954", "0378-595", "1050-1241", "abcd-efgh"])
def test_issn_bad_check_digit(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="ISSN"):
        ISSN.parse(bad)


def test_isbn_10_and_13() -> None:
    # the worked examples of ISO 2108 as given in the ISBN Users' Manual / Wikipedia
    assert ISBN.parse("978-0-306-40615-7").isbn13 == "9780306406157"
    assert ISBN.parse("0-306-40615-2").isbn13 == "9780306406157"
    assert ISBN.parse("ISBN 0-8044-2957-X").isbn10 == "080442957X"
    for bad in ["978-0-306-40615-8", "0-306-40615-3", "12345", "979-0-306-40615-7x"]:
        with pytest.raises(InvalidIdentifier, match="ISBN"):
            ISBN.parse(bad)


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_issn_check_digit_property(first7: str) -> None:
    from citekit.ids.standard import issn_check_digit

    c = issn_check_digit(first7)
    ISSN.parse(f"{first7[:4]}-{first7[4:]}{c}")
    wrong = "0" if c != "0" else "1"
    with pytest.raises(InvalidIdentifier):
        ISSN.parse(f"{first7[:4]}-{first7[4:]}{wrong}")


@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9._;()/:<>-]{1,30}[A-Za-z0-9]", fullmatch=True))
def test_doi_parse_roundtrip_property(raw: str) -> None:
    doi = DOI.parse(raw, prose=False)
    assert doi.value == raw
    assert DOI.parse(doi.url, prose=False) == doi
    assert DOI.parse("doi:" + raw, prose=False) == doi


# ------------------------------------------------------------------ finding and dispatch
def test_find_identifiers_in_prose() -> None:
    text = (
        "Published (doi:10.1016/S1470-2045(17)30104-3). See also PMID: 28806736, PMC2883744, "
        "ISSN 0028-4793, ISBN 978-0-306-40615-7 and https://doi.org/10.1038/ng.3834. Pages 1234-1239."
    )
    found = find_identifiers(text)
    assert [(f.kind, str(f.identifier)) for f in found] == [
        ("DOI", "10.1016/S1470-2045(17)30104-3"),
        ("PMID", "28806736"),
        ("PMCID", "PMC2883744"),
        ("ISSN", "0028-4793"),
        ("ISBN", "9780306406157"),
        ("DOI", "10.1038/ng.3834"),
    ]
    for f in found:
        assert text[f.start:f.end] == f.text


def test_find_skips_bad_check_digits_and_unlabelled_numbers() -> None:
    assert find_identifiers("ISSN 0028-4794; 2019; 1234-5678; 28806736") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [("10.1038/ng.3834", DOI), ("28806736", PMID), ("PMID:28806736", PMID), ("PMC2883744", PMCID),
     ("https://doi.org/10.1038/ng.3834", DOI)],
)
def test_parse_identifier_dispatch(text: str, kind: type) -> None:
    assert isinstance(parse_identifier(text), kind)


def test_parse_identifier_error_quotes_input() -> None:
    with pytest.raises(InvalidIdentifier, match="'hello world'"):
        parse_identifier("hello world")

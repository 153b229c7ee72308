"""The ``text`` format in the registry: name, suffix, sniffing order, dumps → loads."""

from __future__ import annotations

from citekit import formats
from citekit.formats.text import TextFormat, format_compact, strip_parse_data
from tests.conftest import ROOT

CITATIONS = ROOT / "references" / "anal-cancer-immunotherapy" / "citations.txt"


def test_registered_last_by_name_and_suffix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert list(formats.BUILTIN)[-1] == "text"
    assert formats.get_format("text").name == "text"
    assert formats.get_format(path=tmp_path / "refs.txt").name == "text"
    assert isinstance(formats.get_format("text"), formats.Format)


def test_sniffs_a_reference_list_but_not_structured_formats() -> None:
    fmt = TextFormat()
    assert fmt.sniff(CITATIONS.read_text(encoding="utf-8"))
    assert not fmt.sniff('[{"id": "a", "type": "book", "issued": {"date-parts": [[2017]]}}]')
    assert not fmt.sniff("@article{a, year = {2017}, title = {X.}}")
    assert not fmt.sniff("TY  - JOUR\nPY  - 2017\nER  - \n")
    assert not fmt.sniff("")
    # the registry still picks the structured formats first
    assert formats.get_format(text='[{"id": "a", "type": "book", "title": "2017. x"}]').name == "csl-json"
    assert formats.get_format(text=CITATIONS.read_text(encoding="utf-8")).name == "text"


def test_read_by_suffix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "refs.txt"
    path.write_bytes(CITATIONS.read_bytes())
    result = formats.read(path)
    assert result.format == "text" and len(result.items) == 11 and result.ok


def test_dumps_then_loads_keeps_the_fields() -> None:
    first = TextFormat().loads(CITATIONS.read_text(encoding="utf-8"))
    dumped = TextFormat().dumps(first.items)
    assert dumped.text.count("\n") == 11
    again = TextFormat().loads(dumped.text)
    assert again.ok
    keys = ("type", "title", "container-title", "volume", "page", "issued", "author", "URL", "accessed", "version", "genre")
    for a, b in zip(first.items, again.items, strict=True):
        ca, cb = a.to_csl(), b.to_csl()
        assert {k: ca.get(k) for k in keys} == {k: cb.get(k) for k in keys}


def test_dumps_writes_a_failed_citation_as_its_note() -> None:
    result = TextFormat().loads("Developed by the medical and editorial content team.\n")
    assert TextFormat().dumps(result.items).text == "Developed by the medical and editorial content team.\n"


def test_compact_form_of_a_full_record() -> None:
    from citekit.model import Reference

    ref = Reference.from_csl({
        "id": "x", "type": "article-journal", "title": "Nivolumab for anal cancer (NCI9673): a study",
        "author": [{"family": "Morris", "given": "Van K."}, {"family": "Heijden", "non-dropping-particle": "van der", "given": "M. S."},
                   {"family": "Diaz", "given": "Luis A.", "suffix": "Jr"}],
        "container-title": "The Lancet Oncology", "container-title-short": "Lancet Oncol", "volume": "18", "issue": "4",
        "page": "446-453", "issued": {"date-parts": [[2017, 4]]}, "DOI": "10.1016/S1470-2045(17)30104-3", "genre": "abstract",
    })
    line = format_compact(ref)
    assert line == ("Morris VK, van der Heijden MS, Diaz LA Jr. Nivolumab for anal cancer (NCI9673): a study [abstract]. "
                    "Lancet Oncol 2017;18(4):446-453. doi:10.1016/S1470-2045(17)30104-3")
    back = TextFormat().loads(line).items[0]
    assert (back.title, back.genre, back.container_title, back.doi) == (ref.title, "abstract", "Lancet Oncol", ref.doi)
    assert [(n.non_dropping_particle, n.family, n.suffix) for n in back.author or []] == [
        (None, "Morris", None), ("van der", "Heijden", None), (None, "Diaz", "Jr")]


def test_strip_parse_data_drops_only_parser_keys() -> None:
    ref = TextFormat().loads("[1] " + CITATIONS.read_text(encoding="utf-8").splitlines()[3]).items[0]
    assert ref.citation_number == 1 and ref.get_custom("parse-confidence")
    bare = strip_parse_data(ref)
    assert bare.custom is None and bare.citation_number is None and bare.title == ref.title

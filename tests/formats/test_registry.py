"""The format registry: names, suffixes, sniffing, decoding, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import citekit
from citekit import formats
from citekit.errors import InputError, OutputError, ParseError, UnknownFormat

CSL = '[{"id": "a", "type": "book", "title": "Ünïcode"}]'


def test_every_registered_format_loads_and_has_a_name_and_suffix() -> None:
    for name in formats.format_names():
        fmt = formats.get_format(name)
        assert fmt.name == name
        assert fmt.suffixes and all(s.startswith(".") for s in fmt.suffixes)
        assert isinstance(fmt, formats.Format)


@pytest.mark.parametrize(("alias", "name"), [("json", "csl-json"), ("CSL-JSON", "csl-json"), ("bib", "bibtex"), ("RIS", "ris")])
def test_aliases(alias: str, name: str) -> None:
    assert formats.get_format(alias).name == name


def test_unknown_format_names_the_format() -> None:
    with pytest.raises(UnknownFormat, match="'endnote-xml'"):
        formats.get_format("endnote-xml")


def test_format_from_suffix_and_from_content() -> None:
    assert formats.get_format(path="refs.json").name == "csl-json"
    assert formats.get_format(path="refs.ris").name == "ris"
    assert formats.get_format(text=CSL).name == "csl-json"
    assert formats.get_format(text="TY  - JOUR\nTI  - x\nER  - \n").name == "ris"
    assert formats.get_format(text="@article{k, title={x}}").name in {"bibtex", "biblatex"}
    with pytest.raises(UnknownFormat):
        formats.get_format(text="just some words")


def test_read_sniffs_a_file_without_suffix(tmp_path: Path) -> None:
    p = tmp_path / "refs"
    p.write_text(CSL, encoding="utf-8")
    result = citekit.read(p)
    assert result.format == "csl-json" and result.source == str(p)
    assert result.items[0].title == "Ünïcode"


def test_latin1_bytes_are_read_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    p = tmp_path / "refs.json"
    p.write_bytes('[\n{"id": "a", "type": "book", "title": "Caf\u00e9"}]'.encode("latin-1"))
    result = citekit.read(p)
    assert result.items[0].title == "Café"
    assert result.warnings and result.warnings[0].line == 2
    assert "Latin-1" in result.warnings[0].message


def test_bom_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "refs.json"
    p.write_bytes(b"\xef\xbb\xbf" + CSL.encode())
    assert citekit.read(p).items[0].id == "a"


def test_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        citekit.read(tmp_path / "nope.json")
    assert "nope.json" in str(info.value)


def test_strict_raises_on_the_first_bad_entry(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text('[{"id": "a", "type": "book"},\n{"id": "b"}]', encoding="utf-8")
    with pytest.raises(ParseError) as info:
        citekit.read(p, strict=True)
    assert (info.value.item, info.value.field, info.value.line) == ("b", "type", 2)
    assert len(citekit.read(p).items) == 1


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    refs = citekit.loads(CSL).items
    citekit.write(refs, out)
    assert json.loads(out.read_text(encoding="utf-8"))[0]["title"] == "Ünïcode"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind


def test_a_failing_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old content", encoding="utf-8")

    class Boom:
        """An object whose serialisation fails halfway (to_csl raises)."""

        def to_csl(self) -> dict[str, object]:
            raise RuntimeError("boom")

        def label(self) -> str:
            return "boom"

    good = citekit.loads(CSL).items
    with pytest.raises(RuntimeError):
        citekit.write([*good, Boom()], out)  # type: ignore[list-item]
    assert out.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_unwritable_target_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.json"
    with pytest.raises(OutputError) as info:
        citekit.write(citekit.loads(CSL).items, target)
    assert "out.json" in str(info.value)
    assert not target.parent.exists()


def test_static_suffix_table_matches_the_formats() -> None:
    for name, suffixes in formats.SUFFIXES.items():
        assert set(suffixes) <= set(formats.get_format(name).suffixes), name

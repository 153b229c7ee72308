"""The format registry: names, suffixes, sniffing, decoding, atomic writes."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

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

        def best_known(self, verified_only: bool = False) -> Boom:
            return self

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


def test_each_format_class_carries_its_one_declaration() -> None:
    for name in formats.format_names():
        info = formats.BUILTIN[name]
        fmt = formats.get_format(name)
        assert type(fmt).info is info
        assert tuple(fmt.suffixes) == info.suffixes
        assert f"{type(fmt).__module__}:{type(fmt).__name__}" == info.target


def test_suffixes_and_aliases_are_read_from_the_declarations() -> None:
    table = formats.suffix_table()
    assert table[".bib"] == ["biblatex", "bibtex"]
    assert table[".csl.json"] == ["csl-json"]
    assert formats.get_format(path="refs.csl.json").name == "csl-json"
    assert formats.get_format(path="REFS.RIS").name == "ris"
    assert formats.get_format("csljson").name == "csl-json"


def test_a_misspelt_format_name_gets_a_suggestion() -> None:
    with pytest.raises(UnknownFormat, match="did you mean 'bibtex'"):
        formats.get_format("bibtx")


@pytest.mark.parametrize(("fmt", "call"), [
    ("bibtex", lambda refs: citekit.dumps(refs, "bibtex", asci=True)),
    ("csl-json", lambda refs: citekit.dumps(refs, "csl-json", schema_vaild=False)),
    ("ris", lambda refs: citekit.dumps(refs, "ris", newlines="\r\n")),
    ("text", lambda refs: citekit.dumps(refs, "text", ascii=True)),
])
def test_an_unknown_write_option_is_an_error_naming_it_and_the_valid_ones(fmt: str, call: Any) -> None:
    refs = citekit.loads(CSL).items
    with pytest.raises(TypeError) as info:
        call(refs)
    message = str(info.value)
    assert fmt in message and "unknown write option" in message
    valid = formats.get_format(fmt).WriteOptions
    for key in getattr(valid, "__optional_keys__", ()):
        assert key in message


def test_an_unknown_read_option_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "r.ris"
    p.write_text("TY  - JOUR\nTI  - x\nER  - \n", encoding="utf-8")
    with pytest.raises(TypeError, match="did you mean 'incomplete'"):
        citekit.read(p, incomplet="keep")
    assert len(citekit.read(p, incomplete="keep").items) == 1
    with pytest.raises(TypeError, match="unknown read option 'incomplete'.*valid: none"):
        citekit.loads(CSL, "csl-json", incomplete="keep")


def test_declared_options_are_the_methods_keyword_parameters() -> None:
    """The TypedDict of each format and direction names exactly what loads/dumps accept."""
    for name in formats.format_names():
        fmt = formats.get_format(name)
        for method, options in ((fmt.loads, fmt.ReadOptions), (fmt.dumps, fmt.WriteOptions)):
            params = inspect.signature(method).parameters
            keywords = {p for p, v in params.items() if v.kind is inspect.Parameter.KEYWORD_ONLY}
            if any(v.kind is inspect.Parameter.VAR_KEYWORD for v in params.values()):
                continue  # ``**options: Unpack[TypedDict]``: the TypedDict is the signature
            assert keywords == formats.base.option_names(options), (name, method.__name__)


def test_valid_options_pass_through() -> None:
    refs = citekit.loads(CSL).items
    assert "\\" in citekit.dumps(refs, "bibtex", ascii=True).text
    assert citekit.dumps(refs, "ris", newline="\r\n").text.count("\r\n") >= 3
    assert citekit.dumps(refs, "csl-json", indent=None).text.count("\n") == 1


def test_a_reader_receives_bytes_and_decodes_them(tmp_path: Path) -> None:
    utf16 = tmp_path / "refs.ris"
    utf16.write_bytes("TY  - JOUR\r\nTI  - Ünïcode\r\nER  - \r\n".encode("utf-16"))  # with BOM
    read16 = citekit.read(utf16)
    assert read16.items[0].title == "Ünïcode"
    assert [(w.severity, w.message) for w in read16.warnings] == [("info", "UTF-16 text, read as such")]
    no_bom = tmp_path / "nobom"
    no_bom.write_bytes(CSL.encode("utf-16-le"))
    assert citekit.read(no_bom).items[0].title == "Ünïcode"
    assert citekit.loads(CSL.encode("utf-8")).items[0].title == "Ünïcode"
    result = formats.get_format("ris").read("TY  - JOUR\nTI  - Caf\u00e9\nER  - \n".encode("latin-1"))
    assert result.items[0].title == "Café" and "Latin-1" in result.warnings[0].message


HTML = b"<!DOCTYPE html>\n<html><head><title>References</title></head><body>@article{k, title={x}}</body></html>"


@pytest.mark.parametrize(("data", "what"), [
    (HTML, "HTML page"),
    (b"\xef\xbb\xbf  <html lang=en>\n<p>Smith J. A title. JAMA 2017;1:2.</p>", "HTML page"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (bytes(range(256)) * 8, "binary data"),
    (bytes(range(1, 9)) * 200, "mostly control characters"),
    (b"<div class=\"csl-bib-body\">\n  <div class=\"csl-entry\">Smith J. A title.</div>\n</div>", "HTML page"),
])
def test_html_and_binary_input_is_refused_naming_what_it_is(tmp_path: Path, data: bytes, what: str) -> None:
    p = tmp_path / "page.bib"
    p.write_bytes(data)
    for call in (lambda: citekit.read(p), lambda: citekit.read(p, "bibtex"), lambda: citekit.loads(data)):
        with pytest.raises(InputError, match=what):
            call()
    with pytest.raises(InputError) as info:
        citekit.read(p)
    assert "page.bib" in str(info.value)
    if what == "HTML page":  # text already decoded is refused too when it is a page
        with pytest.raises(InputError, match=what):
            citekit.loads(data.decode("utf-8-sig"))


# ---------------------------------------------------------------------- a plug-in format that reads bytes itself
class MiniXml(formats.base.TextFormatBase):
    """A toy XML format (``<refs><ref id=".." type="..">title</ref></refs>``): it decodes the bytes
    itself, by the encoding its XML declaration names, as EndNote XML or JATS readers would."""

    info = formats.FormatInfo("mini-xml", (".minixml",), "test XML format", "tests.formats.test_registry:MiniXml",
                              media="xml")

    def sniff(self, text: str) -> bool:
        return text.lstrip().startswith("<?xml") and "<refs" in text[:500]

    def read(self, data: bytes, *, source: str | None = None, **options: Any) -> formats.ParseResult:
        import xml.etree.ElementTree as ET

        root = ET.fromstring(data)  # the parser honours encoding="..." in the declaration
        refs = [citekit.Reference(id=e.get("id"), type=e.get("type"), title=e.text) for e in root]
        return formats.ParseResult(items=refs, source=source)

    def loads(self, text: str) -> formats.ParseResult:
        return self.read(text.encode("utf-8"))

    def dumps(self, refs: Any) -> formats.DumpResult:
        raise NotImplementedError


def test_a_registered_xml_format_receives_the_bytes_and_decodes_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(formats.BUILTIN, "mini-xml", MiniXml.info)
    p = tmp_path / "refs.minixml"
    body = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<refs><ref id="a" type="book">Caf\u00e9 society</ref></refs>'
    p.write_bytes(body.encode("latin-1"))  # not UTF-8: only the XML declaration says how to read it
    result = citekit.read(p)
    assert result.format == "mini-xml" and result.items[0].title == "Café society" and result.warnings == []
    sniffed = tmp_path / "refs.data"
    sniffed.write_bytes(body.encode("latin-1"))
    assert citekit.read(sniffed).format == "mini-xml"
    assert "mini-xml" in formats.format_names() and formats.suffix_table()[".minixml"] == ["mini-xml"]

"""Bad BibTeX becomes data, never a traceback (GUIDE convention 7): the good entries still load,
each bad one is a FailedEntry or a warning naming its line, entry key and field."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from citekit.errors import ParseError
from citekit.formats import loads, read
from citekit.formats.base import ParseResult
from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from tests.conftest import ROOT

BIBTEX = BibTeXFormat()
DATA = ROOT / "tests" / "data" / "bibtex"


def only(items: Sequence[Any], **match: object) -> Any:
    """The one diagnostic or failure whose attributes are ``match``."""
    found = [d for d in items if all(getattr(d, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]


@pytest.fixture(scope="module")
def bad() -> tuple[str, ParseResult]:
    text = (DATA / "bad.bib").read_text(encoding="utf-8")
    return text, BIBTEX.loads(text)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_good_entries_around_bad_ones_still_load(bad: tuple[str, ParseResult]) -> None:
    _, result = bad
    assert [r.id for r in result.items] == [
        "good1",
        "dup",
        "extra",
        "strange",
        "macro",
        "twice",
        "month",
        "good2",
        "good3",
    ]


def test_unbalanced_brace_names_line_entry_and_field(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    failed = only(result.failed, item="unclosed")
    assert failed.line == line_of(text, "@article{unclosed")
    assert failed.field == "title"
    assert "syntax error" in failed.error and "unclosed" in str(failed)
    assert failed.raw.startswith("@article{unclosed")


def test_duplicate_key_keeps_the_first_and_reports_the_second_with_its_line(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    first = next(r for r in result.items if r.id == "dup")
    assert first.title == "First of two"
    failed = only(result.failed, item="dup")
    second_line = line_of(text, "@book{dup")
    assert failed.line == second_line
    assert f"first defined at line {line_of(text, '@article{dup')}" in failed.error


def test_extra_closing_brace_is_reported_on_the_entry_it_cut_short(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    warning = only(result.warnings, item="extra", severity="warning")
    assert "extra closing brace" in warning.message
    assert warning.line is not None and warning.line > line_of(text, "@article{extra")


def test_unknown_entry_type_is_kept_and_reported(bad: tuple[str, ParseResult]) -> None:
    _, result = bad
    strange = next(r for r in result.items if r.id == "strange")
    assert strange.type == "document" and strange.custom == {"bibtex": {"type": "patentapplication"}}
    warning = only(result.warnings, item="strange", field="type")
    assert "@patentapplication" in warning.message
    assert BIBTEX.dumps([strange]).text.startswith("@patentapplication{strange,")


def test_undefined_macro_is_kept_as_text_and_reported(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    macro = next(r for r in result.items if r.id == "macro")
    assert macro.container_title == "jnlabbrev"
    warning = only(result.warnings, item="macro", field="journal")
    assert "undefined macro 'jnlabbrev'" in warning.message and warning.line == line_of(text, "journal = jnlabbrev")


def test_duplicate_field_keeps_the_first_value(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    twice = next(r for r in result.items if r.id == "twice")
    assert twice.title == "First title"
    warning = only(result.warnings, item="twice", field="title")
    assert warning.line == line_of(text, "title = {Second title}")


def test_bad_month_is_kept_and_reported(bad: tuple[str, ParseResult]) -> None:
    _, result = bad
    month = next(r for r in result.items if r.id == "month")
    assert month.issued.to_csl() == {"date-parts": [[2001]]}
    assert month.custom == {"bibtex": {"fields": {"month": "Smarch"}}}
    assert "Smarch" in only(result.warnings, item="month", field="month").message


def test_missing_comma_and_truncated_last_entry(bad: tuple[str, ParseResult]) -> None:
    text, result = bad
    nocomma = only(result.failed, item="nocomma")
    assert nocomma.line == line_of(text, "@article{nocomma")
    truncated = only(result.failed, item="truncated")
    assert truncated.line == line_of(text, "@article{truncated") and truncated.field == "abstract"
    assert "end of file" in truncated.error


def test_preamble_is_reported_as_info(bad: tuple[str, ParseResult]) -> None:
    _, result = bad
    assert only(result.warnings, severity="info").line == 1


def test_strict_mode_raises_naming_line_entry_and_field() -> None:
    with pytest.raises(ParseError) as info:
        loads("@article{ok, title={x}}\n\n@article{broken,\n  title = {never closed,\n", "bibtex", strict=True)
    assert (info.value.line, info.value.item, info.value.field) == (3, "broken", "title")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "% only a comment\n",
        "@comment{nothing here}",
        "no entries at all, just prose @ and { braces",
        "@article{",
        "@article{k,",
        "@article{k, title = }",
        "@article{k, title = {a}} }}}} {{{",
        "@article{k, = {x}}",
        "@@@@",
        "@string{x = }",
        "@article{k, author = {{Unbalanced and } Name}}",
        "@article{k, author = {and and and}}",
        "@article{k, author = {, , ,}}",
        '@article{k, title = "unterminated}',
        "@article{k, title = {" + "{" * 5000 + "deep" + "}" * 5000 + "}}",
        "@article{k, title = {\\href{\\url{x}}}}",
        "@article{k, title = {$\\frac{1}{2}$ $unclosed math}}",
        "@article{k, title = {\\begin{itemize}\\item x}}",
        "@article{k, date = {2020-13-45}, urldate = {not a date}, year = {MMXX}, month = 13}",
        "@article{k, title = {CafÃ© dÃ©jÃ  vu â€” mojibake}, author = {MÃ¼ller, JÃ¶rg}}",
        "@article{k, title = {\x00\x01\x02 control \x7f chars}}",
        "\ufeff@article{k, title = {BOM first}}",
        "@article{k, title = {x}}\r\n@article{k2, title = {y}}\r\n",
    ],
)
def test_nothing_crashes(text: str) -> None:
    for fmt in (BIBTEX, BibLaTeXFormat()):
        result = fmt.loads(text)
        for item in result.items:
            fmt.dumps([item])  # what was read can be written
        for failure in result.failed:
            assert failure.line is not None and failure.error


def test_deep_nesting_is_reported_not_fatal() -> None:
    result = BIBTEX.loads("@article{k, title = {" + "{" * 5000 + "deep" + "}" * 5000 + "}}")
    assert result.items[0].title is not None and "deep" in result.items[0].title


def test_reading_never_executes_or_includes_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET", encoding="utf-8")
    result = BIBTEX.loads(
        f"@article{{k, title = {{\\input{{{secret}}} \\include{{{secret}}} \\write18{{touch {tmp_path}/pwned}}}}}}"
    )
    assert "TOPSECRET" not in (result.items[0].title or "")
    assert not (tmp_path / "pwned").exists()


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes("@article{cafe, title = {Caf\xe9 cr\xe8me}, author = {M\xfcller, J\xf6rg}}\n".encode("latin-1"))
    result = read(path)
    assert result.format == "bibtex"
    assert result.items[0].title == "Café crème" and result.items[0].author[0].family == "Müller"  # type: ignore[index]
    assert "Latin-1" in result.warnings[0].message and result.warnings[0].line == 1


def _big_file(target_bytes: int) -> tuple[str, int]:
    entry = (DATA / "realistic.bib").read_text(encoding="utf-8")
    body = entry[entry.index("@Article{Morris2017") :]
    chunks = []
    size = n = 0
    while size < target_bytes:
        # every copy differs (keys, titles, names), as in a real file
        chunk = (
            body.replace("{Morris2017", f"{{Morris2017x{n}")
            .replace("{Ott2017", f"{{Ott2017x{n}")
            .replace("{Rao2024", f"{{Rao2024x{n}")
        )
        chunk = (
            chunk.replace("title     = {", f"title     = {{Part {n}: ")
            .replace("Salem", f"Salem{n}")
            .replace("Knuth,", f"Knuth{n},")
        )
        for key in (
            "Mueller2010",
            "Skoda2015",
            "NBER27250",
            "Knuth1984",
            "Smith2001",
            "NCCN2024",
            "Zotero2023",
            "Draft2022",
        ):
            chunk = chunk.replace("{" + key + ",", "{" + f"{key}x{n},")
        chunks.append(chunk)
        size += len(chunk.encode("utf-8"))
        n += 1
    header = (
        '@String{lancetonc = "The Lancet Oncology"}\n@STRING{ conf = {Proceedings of the } # "ASCO Annual Meeting" }\n'
    )
    return header + "".join(chunks), n * 11


@pytest.mark.slow
def test_a_10_mb_file_parses_in_reasonable_time() -> None:
    text, entries = _big_file(10 * 1024 * 1024)
    start = time.perf_counter()
    result = BIBTEX.loads(text)
    elapsed = time.perf_counter() - start
    assert len(result.items) == entries and result.failed == []
    assert elapsed < 60, f"{elapsed:.1f} s for {len(text) / 1e6:.1f} MB"

"""Bad RIS input: truncated files, records without TY, unknown types, binary junk, 5 MB files.

Each case checks that the good records still load, that nothing raises, and that the message
names the line, the record (its ID, else its number and title) and the tag.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from citekit.errors import ParseError
from citekit.formats import read
from citekit.formats.ris import RisFormat

RIS = RisFormat()


def good(n: int) -> str:
    return f"TY  - JOUR\nID  - good{n}\nTI  - Good record {n}\nPY  - 2020\nER  - \n\n"


def test_truncated_file_keeps_the_complete_records() -> None:
    text = good(1) + good(2) + "TY  - JOUR\nID  - cut\nTI  - A record cut off in the mid"
    result = RIS.loads(text)
    assert [r.id for r in result.items] == ["good1", "good2"]
    (failed,) = result.failed
    assert (failed.line, failed.item, failed.field) == (13, "cut", "ER")
    assert str(failed).startswith("line 13, entry 'cut', field 'ER': ")
    assert "truncated" in failed.error
    assert failed.raw == "TY  - JOUR\nID  - cut\nTI  - A record cut off in the mid"


def test_truncated_record_without_id_is_named_by_number_and_title() -> None:
    (failed,) = RIS.loads(good(1) + "TY  - BOOK\nTI  - Half a book\nAU  - Sm").failed
    assert failed.item == "record 2: Half a book" and failed.line == 7 and failed.field == "ER"


def test_truncated_record_can_be_kept_on_request() -> None:
    result = RIS.loads(good(1) + "TY  - JOUR\nID  - cut\nTI  - Cut", incomplete="keep")
    assert [r.id for r in result.items] == ["good1", "cut"] and result.ok
    (warning,) = [w for w in result.warnings if w.field == "ER"]
    assert warning.item == "cut" and warning.line == 7


def test_truncated_file_raises_in_strict_mode(tmp_path: Path) -> None:
    path = tmp_path / "cut.ris"
    path.write_text(good(1) + "TY  - JOUR\nID  - cut\nTI  - Cut", encoding="utf-8")
    assert len(read(path)) == 1
    with pytest.raises(ParseError) as info:
        read(path, strict=True)
    assert str(info.value).startswith(f"{path}:7, entry 'cut', field 'ER': ")


def test_record_without_ty_is_reported_and_the_others_load() -> None:
    text = good(1) + "AU  - Smith, J\nTI  - Orphan record\nER  - \n\n" + good(3)
    result = RIS.loads(text)
    assert [r.id for r in result.items] == ["good1", "good3"]
    (failed,) = result.failed
    assert (failed.line, failed.item, failed.field) == (7, "record 2: Orphan record", "TY")
    assert "no TY" in failed.error and "Orphan record" in str(failed)


def test_file_without_any_ty() -> None:
    result = RIS.loads("AU  - Smith, J\nTI  - Orphan\n")
    (failed,) = result.failed
    assert failed.field == "TY" and failed.line == 1 and failed.item == "record 1: Orphan"


@pytest.mark.parametrize(("ty", "why"), [("FOO", "'FOO' is not a RIS type"), ("", "empty")])
def test_unknown_type_loads_as_document_with_a_warning(ty: str, why: str) -> None:
    text = good(1) + f"TY  - {ty}\nID  - odd\nTI  - Odd\nER  - \n\n"
    result = RIS.loads(text)
    assert result.ok and result.items[1].type == "document"
    (warning,) = [w for w in result.warnings if w.field == "TY"]
    assert (warning.line, warning.item) == (7, "odd") and why in warning.message
    if ty:
        assert RIS.dumps(result.items).text.split("\n\n")[1].startswith(f"TY  - {ty}\n")


def test_record_not_closed_before_the_next_ty() -> None:
    result = RIS.loads("TY  - JOUR\nID  - open\nTI  - Open\n" + good(2))
    assert [r.id for r in result.items] == ["open", "good2"] and result.ok
    (warning,) = result.warnings
    assert (warning.line, warning.item, warning.field) == (1, "open", "ER")


def test_text_between_records_and_stray_lines() -> None:
    text = "Header: x\n" + good(1) + "junk 1\njunk 2\nER  - \n" + good(2) + "TY  - JOUR\nnot a tag\nTI  - T\nER  - \n"
    result = RIS.loads(text)
    assert [r.title for r in result.items] == ["Good record 1", "Good record 2", "T"]
    got = {(w.line, w.item, w.field) for w in result.warnings}
    assert got == {
        (1, "before the first record", None),
        (8, "after record 'good1'", None),
        (10, "after record 'good1'", "ER"),
        (18, "record 3: T", "TY"),
    }
    assert any("'junk 1'" in w.message and "2 lines" in w.message for w in result.warnings)


def test_binary_junk_between_records(tmp_path: Path) -> None:
    junk = random.Random(20240115).randbytes(50_000)
    path = tmp_path / "junk.ris"
    path.write_bytes(good(1).encode() + junk + b"\n\n" + good(2).encode())
    result = read(path)
    assert {"good1", "good2"} <= {str(r.id) for r in result.items}
    assert result.warnings[0].message.startswith("not valid UTF-8")  # decoded as Latin-1, said so
    for warning in result.warnings[1:]:
        assert warning.line is not None and warning.item
    for failed in result.failed:
        assert failed.line is not None and failed.field in ("TY", "ER") and failed.item


def test_binary_junk_only() -> None:
    junk = random.Random(7).randbytes(10_000).decode("latin-1").replace("\n", " ")
    result = RIS.loads(junk)
    (failed,) = result.failed
    assert "no RIS record" in failed.error and failed.line == 1 and failed.field == "TY"


def test_nul_and_control_characters_inside_a_value_are_kept() -> None:
    (ref,) = RIS.loads("TY  - JOUR\nTI  - a\x00b\x0bc\x1fd\u2028e\nER  - \n").items
    assert ref.title == "a\x00b\x0bc\x1fd\u2028e"
    assert RIS.loads(RIS.dumps([ref]).text).items[0].title == ref.title


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_input(text: str) -> None:
    (failed,) = RIS.loads(text).failed
    assert "empty input" in failed.error and failed.field == "TY"


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ris"
    path.write_bytes("TY  - JOUR\nAU  - André, Thierry\nTI  - Étude\nER  - \n".encode("latin-1"))
    result = read(path)
    assert result.items[0].title == "Étude" and result.items[0].author[0].family == "André"  # type: ignore[index]
    assert result.warnings[0].line == 2 and "Latin-1" in result.warnings[0].message


def test_concatenated_files_with_byte_order_marks() -> None:
    result = RIS.loads("\ufeff" + good(1) + "\ufeff" + good(2))
    assert [r.id for r in result.items] == ["good1", "good2"] and not result.warnings


def test_unparseable_dates_are_kept() -> None:
    (ref,) = RIS.loads("TY  - JOUR\nPY  - in press\nER  - \n").items
    assert ref.issued is not None and ref.issued.literal == "in press"
    (ref,) = RIS.loads("TY  - JOUR\nPY  - 2020\nDA  - sometime in spring\nER  - \n").items
    assert ref.issued is not None and ref.issued.date_parts == [[2020]]
    assert ref.get_custom("ris")["fields"]["DA"] == ["sometime in spring"]


@pytest.mark.slow
def test_five_megabyte_file() -> None:
    abstract = "Squamous cell carcinoma of the anal canal; " * 10
    one = "TY  - JOUR\nAU  - Morris, Van K.\nAU  - Eng, Cathy\nTI  - Record {n}\nT2  - The Lancet Oncology\nPY  - 2017\nSP  - 446\nEP  - 453\nDO  - 10.1016/x.{n}\nAB  - {a}\nER  - \n\n"
    records = []
    size = 0
    while size < 5_000_000:
        records.append(one.format(n=len(records), a=abstract))
        size += len(records[-1])
    start = time.perf_counter()
    result = RIS.loads("".join(records))
    elapsed = time.perf_counter() - start
    assert len(result) == len(records) and result.ok and not result.warnings
    assert result.items[-1].doi == f"10.1016/x.{len(records) - 1}"
    assert elapsed < 10, f"{elapsed:.1f} s to read 5 MB"
    assert RIS.dumps(result.items).text.count("ER  - ") == len(records)


def test_five_megabyte_value_and_five_megabyte_line_of_junk() -> None:
    big = "x" * 5_000_000
    (ref,) = RIS.loads(f"TY  - JOUR\nAB  - {big}\nER  - \n").items
    assert ref.abstract == big
    result = RIS.loads(big)
    assert not result.items and result.failed[0].field == "TY"

"""Building and updating the mirror: lookups equal the recorded works, bad input named, resumable after a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from citekit.ids import DOI
from citekit.mirror import MirrorStore, build
from citekit.mirror.index import Cited
from citekit.mirror.store import decode, encode
from tests.mirror.conftest import MIRROR_DATA, varied, write_data_file


def test_every_recorded_work_is_found_by_its_doi_however_written(built: Path, works: list[dict[str, Any]]) -> None:
    store = MirrorStore(built)
    assert store.count() == len({w["DOI"].lower() for w in works})
    for w in works:
        written = "https://doi.org/" + w["DOI"].upper()
        got = store.get(DOI.parse(written).key)
        assert got is not None, w["DOI"]
        expected = decode(encode(w))
        if got.get("volume") == "999":  # part-1 replaced the first two works with a changed volume
            expected["volume"] = "999"
        assert got == expected
        assert (got["DOI"], got.get("title"), got.get("author")) == (w["DOI"], w.get("title"), [
            {k: v for k, v in a.items() if k not in ("affiliation", "role")} for a in w.get("author", [])] or None)
    assert store.get("10.9999/not.there") is None


def test_update_replaces_and_records_loaded_files(tmp_path: Path, works: list[dict[str, Any]]) -> None:
    report = build([MIRROR_DATA / "part-0.json.gz"], tmp_path / "m")
    assert (report.files_loaded, report.works_added, report.works_replaced) == (1, 24, 0)
    store = MirrorStore(tmp_path / "m")
    first = works[0]["DOI"].lower()
    assert store.get(first)["volume"] == works[0].get("volume")  # type: ignore[index]
    report = build([MIRROR_DATA / "part-1.json.gz", MIRROR_DATA / "part-0.json.gz"], tmp_path / "m", create=False)
    assert (report.files_loaded, report.files_skipped, report.works_added, report.works_replaced) == (1, 1, 12, 2)
    assert store.get(first)["volume"] == "999"  # type: ignore[index]
    assert [row[1] for row in store.loaded_files()] == ["part-0.json.gz", "part-1.json.gz"]
    # the index follows the replacement: the new volume is searchable, the old one is gone
    author = works[0]["author"][0]["family"]
    hits = store.search(Cited(author=author, year=None, volume="999", page=works[0].get("page"), title=None))
    assert [h["DOI"].lower() for h in hits] == [first]


def test_bad_files_and_items_are_named_and_the_rest_is_loaded(tmp_path: Path) -> None:
    report = build([MIRROR_DATA / "bad-items.json.gz", MIRROR_DATA / "not-gzip.json.gz",
                    MIRROR_DATA / "part-1.json.gz"], tmp_path / "m")
    shown = [str(p) for p in report.problems]
    assert [(Path(p.file).name, p.item) for p in report.problems] == [
        ("bad-items.json.gz", 1), ("bad-items.json.gz", 2), ("bad-items.json.gz", 3), ("not-gzip.json.gz", None)]
    assert "item 1: work is not an object" in shown[0]
    assert "item 2: work without a DOI" in shown[1]
    assert "item 3: field DOI: not a valid DOI: '11.1234/x'" in shown[2]
    assert "not-gzip.json.gz: not JSON" in shown[3]
    assert report.works_added == 2 + 12 and report.files_loaded == 2


def test_not_a_data_file(tmp_path: Path) -> None:
    write_data_file(tmp_path / "list.json.gz", [])
    (tmp_path / "obj.json").write_text('{"works": []}')
    report = build([tmp_path / "obj.json", tmp_path / "list.json.gz"], tmp_path / "m")
    expected = f"{tmp_path / 'obj.json'}: not a Crossref data file: expected " + 'an object {"items": [work, ...]}'
    assert [str(p) for p in report.problems] == [expected]
    assert report.files_loaded == 1


_BUILD = "import sys; from citekit.mirror import build; build(sys.argv[2:], sys.argv[1])"


def test_a_killed_build_resumes_and_loads_each_work_once(tmp_path: Path, works: list[dict[str, Any]]) -> None:
    files = [write_data_file(tmp_path / f"{n:02d}.json.gz", varied(works * 20, f"k{n}")) for n in range(10)]
    expected = 10 * len(works) * 20
    db = tmp_path / "m" / "mirror.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(tmp_path / "m"), *map(str, files)])
    deadline = time.monotonic() + 60
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                committed = con.execute("SELECT count(*) FROM loaded_files").fetchone()[0]
        except sqlite3.Error:
            committed = 0
        if committed >= 2:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the build ended before it could be killed: make the files bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = MirrorStore(tmp_path / "m")
    done = len(store.loaded_files())
    assert 2 <= done < 10
    assert store.count() == done * len(works) * 20  # nothing of the file being loaded when killed
    report = build(files, tmp_path / "m", create=False)
    assert report.files_skipped == done and report.files_loaded == 10 - done and report.works_replaced == 0
    assert store.count() == expected

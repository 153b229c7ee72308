"""``citekit parse --lines``, the per-block layout, and garbage that must not crash (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from citekit.formats.text import TextFormat
from tests.formats.text import corpus, heldout
from tests.formats.text.test_text_cli import run


def _heldout_lines(n: int) -> list[str]:
    return [it.text for it in heldout.heldout_groups()["anystyle"][:n]]


def test_lines_gives_one_record_per_line_in_order(tmp_path: Path) -> None:
    lines = _heldout_lines(40)
    lines[5] = "1. " + lines[5]  # a numbered line among unnumbered ones
    lines[9] = "Developed by the medical and editorial content team."
    lines[12] = "[3] " + lines[12]
    src = tmp_path / "refs.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("parse", str(src), "--lines")
    items = json.loads(proc.stdout)
    assert len(items) == len(lines)
    assert [it["id"] for it in items] == [f"ref-{i}" for i in range(1, len(lines) + 1)]
    assert items[9]["note"].startswith("Developed by") and "title" not in items[9]
    assert "line 10" in proc.stderr
    n_bad = proc.stderr.count(": error: ")
    assert f"{len(lines) - n_bad} of {len(lines)} lines parsed" in proc.stderr


def test_one_numbered_line_does_not_number_the_file() -> None:
    """The bug of issue 12: one ``1.`` line glued every later unnumbered line onto a citation."""
    rows = corpus.load("apa")[:30]
    lines = [r["text"] for r in rows]
    lines[3] = "1. " + lines[3]
    result = TextFormat().loads("\n".join(lines) + "\n")
    assert len(result.items) == len(lines)
    assert max(len(r.title or "") for r in result.items) < 400


def test_numbered_and_unnumbered_blocks_are_told_apart() -> None:
    rows = [r["text"] for r in corpus.load("vancouver")[:12]]
    numbered = "\n".join(f"{i}. {t}" for i, t in enumerate(rows[:6], start=1))
    plain = "\n".join(rows[6:])
    result = TextFormat().loads(numbered + "\n\n" + plain + "\n")
    assert len(result.items) == 12
    assert [r.citation_number for r in result.items[:6]] == [1, 2, 3, 4, 5, 6]
    assert all(r.citation_number is None for r in result.items[6:])


def test_garbage_never_crashes_and_is_reported_with_its_line(tmp_path: Path) -> None:
    good = corpus.load("ama")[0]["text"]
    src = tmp_path / "garbage.txt"
    huge = "ab, " * 1_300_000  # a 5 MB line
    src.write_bytes(
        (good + "\n").encode()
        + bytes(range(256)) * 4 + b"\n"
        + b".,;:!?()[]-- ... ,,,\n"
        + huge.encode() + b"\n"
        + (good + "\n").encode()
    )  # fmt: skip
    for args in ((), ("--lines",)):
        proc = run("parse", str(src), *args)
        assert proc.returncode == 1, proc.stderr[-500:]
        assert "Traceback" not in proc.stderr
        items = json.loads(proc.stdout)
        assert items[0].get("title") and items[-1].get("title")
        assert "line 3" in proc.stderr and "line 4" in proc.stderr

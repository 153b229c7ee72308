"""Start-up and the ``format`` command (issue 14): the bibliography is rendered once, and a
command imports only what it needs (each unneeded package costs start-up on every run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT

DOCUMENT = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"


def test_format_renders_the_bibliography_once(monkeypatch: object) -> None:
    from citekit.cli.format import format_
    from citekit.csl.processor import Processor

    calls = []
    original = Processor.render_bibliography

    def counting(self: Processor, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Processor, "render_bibliography", counting)  # type: ignore[attr-defined]
    result = CliRunner().invoke(format_, [str(DOCUMENT)])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert result.output.count("\n") >= len(json.loads(DOCUMENT.read_text(encoding="utf-8")))


def _modules_after(*args: str) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['citekit', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('citekit', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    return set(proc.stderr.split())


@pytest.mark.parametrize("curated", [True, False], ids=["document", "plain-items"])
def test_format_of_csljson_imports_only_what_it_needs(curated: bool, tmp_path: Path) -> None:
    path = DOCUMENT
    if not curated:  # the same records without their provenance, as most users' files are
        items = json.loads(DOCUMENT.read_text(encoding="utf-8"))
        path = tmp_path / "plain.json"
        path.write_text(json.dumps([{k: v for k, v in i.items() if k != "custom"} for i in items]), encoding="utf-8")
    loaded = _modules_after("format", str(path))
    assert "citekit.csl.processor" in loaded  # it did run
    unneeded = {"requests", "urllib3", "rapidfuzz", "bibtexparser", "pylatexenc", "citekit.resolve",
                "citekit.check", "citekit.model.bibliography", "citekit.formats.ris"}
    # the document's records carry provenance (best-known values need it); plain items do not
    if not curated:
        unneeded.add("citekit.model.provenance")
    assert not (loaded & unneeded), sorted(loaded & unneeded)


def test_help_imports_neither_pydantic_nor_the_commands() -> None:
    loaded = _modules_after("--help")
    assert "click" in loaded
    from citekit.cli import COMMANDS

    commands = {target.partition(":")[0] for target, _ in COMMANDS.values()}
    assert not {m for m in loaded if m.split(".")[0] == "pydantic" or m in commands or m.startswith("citekit.csl")}


def test_format_speed_path_keeps_results_identical(tmp_path: Path) -> None:
    """GC paused and the single render change nothing: the same text as the library's own call."""
    from citekit.csl import format_bibliography
    from citekit.formats import read

    refs = read(DOCUMENT).items
    expected = format_bibliography(refs, style="american-medical-association")  # one str, one entry a line
    result = CliRunner().invoke(__import__("citekit.cli.format", fromlist=["format_"]).format_, [str(DOCUMENT)])
    assert result.output.strip() == expected.strip()

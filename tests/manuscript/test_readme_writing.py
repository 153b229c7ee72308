"""The README's "Writing a paper" commands run as written, on the test manuscripts.

The folder holds what the commands name: paper.md, refs.json and refs.bib (tests/data/manuscript),
the LaTeX manuscript and its .aux files (tests/data/manuscript/latex, whose \\bibliography{refs}
then names the 34-entry refs.bib), a Word manuscript built by wordmaker.py, and ids.md citing by
identifier, resolved against the replay server of tests/resolve (then offline, from the cache).
Each command's exit code is the one its input calls for: 1 where the manuscript has planted defects.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.manuscript.conftest import MANUSCRIPTS
from tests.manuscript.test_cite_by_id import _env
from tests.manuscript.test_word_check import NUMERIC_BODY
from tests.manuscript.wordmaker import build, printed, records
from tests.resolve.conftest import FixtureServer, server  # noqa: F401  (the fixture)

#: commands that meet the manuscripts' planted defects (a cited key with no entry, ...) or, for paper.md, the
#: usual reference checks' errors on its real records (not-found DOIs among the replayed ones): exit 1
FINDINGS = ("citekit check paper.md", "citekit check paper.tex", "citekit check paper.aux", "citekit format refs.bib --cited-in paper.tex",
            "citekit check manuscript.docx")


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Writing a paper\n(.*?)(?=^## )", text, flags=re.MULTILINE | re.DOTALL)
    assert m, "README has no 'Writing a paper' section"
    return m.group(1)


def test_the_section_has_the_three_workflows() -> None:
    text = section()
    for needle in ("**pandoc Markdown.**", "**LaTeX.**", "**Word.**", "citekit-pandoc", "--cited-in",
                   "manuscript.docx", "paper.tex", "[@doi:"):
        assert needle in text


def test_every_command_runs(tmp_path: Path, pandoc: str, citekit_filter: str, server: FixtureServer) -> None:  # noqa: F811
    for name in ("paper.md", "refs.json", "refs.bib"):
        shutil.copy(MANUSCRIPTS / name, tmp_path / name)
    for name in ("paper.tex", "methods.tex", "paper.aux", "methods.aux"):
        shutil.copy(MANUSCRIPTS / "latex" / name, tmp_path / name)
    build(tmp_path / "manuscript.docx", NUMERIC_BODY, printed(records()[:15], "american-medical-association"))
    (tmp_path / "ids.md").write_text("---\ncsl: apa\n---\n\nVariants [@doi:10.1038/ng.3834; @pmid:28806736].\n",
                                     encoding="utf-8")
    env = _env(server, tmp_path / "cache")
    env["PATH"] = f"{Path(citekit_filter).parent}{os.pathsep}{Path(pandoc).parent}{os.pathsep}{env.get('PATH', '')}"
    lines = re.findall(r"^\$ ((?:citekit|pandoc) .+)$", section(), flags=re.MULTILINE)
    assert len(lines) >= 12
    for line in lines:
        command = line.split("  #")[0].strip()
        argv = shlex.split(command)
        target = argv[argv.index(">") + 1] if ">" in argv else None
        argv = argv[: argv.index(">")] if target else argv
        exe = [sys.executable, "-m", "citekit", *argv[1:]] if argv[0] == "citekit" else [pandoc, *argv[1:]]
        done = subprocess.run(exe, cwd=tmp_path, env=env, capture_output=True, timeout=300, check=False)
        expected = 1 if command.startswith(FINDINGS) else 0
        assert done.returncode == expected, (command, done.stderr.decode("utf-8", "replace"))
        assert b"Traceback" not in done.stderr
        if target:
            (tmp_path / target).write_bytes(done.stdout)
        for out in [argv[argv.index("-o") + 1]] if "-o" in argv else []:
            assert (tmp_path / out).stat().st_size > 0, command
    served = len(server.requests)
    assert served > 0  # the identifiers were resolved over HTTP once, then from the cache
    assert (tmp_path / "resolved.json").is_file()
    import docx

    for written in ("references.docx", "paper.docx", "refs-from-word.bib", "references.rtf"):
        assert (tmp_path / written).stat().st_size > 0
    assert len(docx.Document(str(tmp_path / "references.docx")).paragraphs) == 14  # the 14 cited of 15


"""``citekit check paper.tex`` (or ``paper.aux``, ``paper.docx``): a manuscript's citations against its bibliography.

Called by :mod:`citekit.cli.check` for a ``.tex``, ``.aux`` or ``.docx`` input (and by
:mod:`citekit.cli.parse` for a ``.docx``: its reference list). The findings
(``citation-without-reference``, ``reference-not-cited``, ``duplicate``) go into the usual check
report (``--to table|json|markdown|html``, ``-o``). Exit codes: 0 nothing at or above
``--fail-on``; 1 something is; 2 the manuscript cannot be read or names no bibliography that exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from citekit.cli.common import EXIT_FINDINGS, EXIT_OK, detail, die, emit

if TYPE_CHECKING:
    from citekit.check.report import Report
    from citekit.formats.base import ParseResult


def check_latex(input_path: str, fmt: str, fail_on: str, output: str | None) -> NoReturn:
    """Check a .tex/.aux manuscript and exit with the check's code."""
    import click

    from citekit.manuscript.latex import check_manuscript

    path = _existing(input_path)
    try:
        done = check_manuscript(path)
    except OSError as exc:
        die(f"{input_path}: cannot read: {exc.strerror or exc}")
    report, problems = done.report, done.problems
    for problem in problems:
        click.echo(f"citekit: error: {problem}", err=True)
    detail(f"{input_path}: {done.citations} citation(s), {done.entries} bibliography entries, "
           f"{len(report.findings)} finding(s)")
    if not done.entries:
        die(f"{input_path}: no bibliography entries read, nothing to check against")
    _report_and_exit(report, bool(problems), fmt, fail_on, output)


def _existing(input_path: str) -> Path:
    path = Path(input_path)
    if not path.is_file():
        die(f"{input_path}: no such file")
    return path


def _report_and_exit(report: Report, problems: bool, fmt: str, fail_on: str, output: str | None) -> NoReturn:
    """The manuscript check's report to stdout or ``-o``; exit 1 on findings at ``fail_on`` or problems."""
    from citekit.check.render import render_report

    color = fmt == "table" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(render_report(report, fmt, color=color), output)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) or problems else EXIT_OK)


def _docx_error(input_path: str, exc: Exception) -> NoReturn:
    die(f"{input_path}: cannot read as a Word document (.docx): {exc}")


def check_docx(input_path: str, fmt: str, fail_on: str, output: str | None) -> NoReturn:
    """Check a .docx manuscript's in-text citations against its reference list; exit with the check's code."""
    import zipfile

    import click

    from citekit.errors import CitekitError
    from citekit.manuscript.word import check_word

    path = _existing(input_path)
    try:
        done = check_word(path)
    except CitekitError as exc:
        die(str(exc))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        _docx_error(input_path, exc)
    for problem in done.problems:
        click.echo(f"citekit: error: {problem}", err=True)
    detail(f"{input_path}: {done.mode} citations: {done.citations}, reference list entries: {done.entries}, "
           f"{len(done.report.findings)} finding(s)")
    if not done.entries:
        die(f"{input_path}: no reference list entries read, nothing to check against")
    _report_and_exit(done.report, bool(done.problems), fmt, fail_on, output)


def docx_reference_list(input_path: str) -> ParseResult:
    """``citekit parse paper.docx``: the manuscript's reference list, parsed (exits 2 when there is none)."""
    import zipfile

    from citekit.errors import CitekitError
    from citekit.manuscript.word import reference_list

    path = _existing(input_path)
    try:
        return reference_list(path)
    except CitekitError as exc:
        die(str(exc))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        _docx_error(input_path, exc)

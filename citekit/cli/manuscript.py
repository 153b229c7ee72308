"""``citekit check paper.tex`` (or ``paper.aux``, ``paper.docx``, ``paper.md``): a manuscript's citations against its bibliography.

Called by :mod:`citekit.cli.check` for a ``.tex``, ``.aux``, ``.docx``, ``.md`` or ``.markdown``
input (and by :mod:`citekit.cli.parse` for a ``.docx``: its reference list). The findings
(``citation-without-reference``, ``reference-not-cited``, ``duplicate``) go into the usual check
report (``--to table|json|markdown|html``, ``-o``). A pandoc Markdown manuscript's cited entries
then get the usual reference checks too (``--offline``, ``--document``, ``--mailto``, ``--timeout``
as for any ``citekit check``). Exit codes: 0 nothing at or above ``--fail-on``; 1 something is; 2
the manuscript cannot be read or names no bibliography that exists; 3 (Markdown) a service could
not be asked or nothing could be verified.
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
    from citekit.resolve.config import ResolverConfig


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


def check_markdown(input_path: str, fmt: str, fail_on: str, output: str | None, *, config: ResolverConfig,
                   document: str | None = None, quiet: bool = False) -> NoReturn:
    """Check a pandoc Markdown manuscript: its citations against ``bibliography:``/``references:``,
    then the usual reference checks on the cited entries; exit with the check's code."""
    import click

    from citekit.check.engine import check as run_check
    from citekit.cli.outcome import finish
    from citekit.cli.render import find_pandoc
    from citekit.errors import CitekitError
    from citekit.manuscript.markdown import MarkdownError
    from citekit.manuscript.markdown import check_markdown as check_md

    path = _existing(input_path)
    pandoc = find_pandoc()
    if pandoc is None:
        die(f"{input_path}: reading a Markdown manuscript needs pandoc (install pandoc or `pip install "
            "pypandoc-binary`, or set CITEKIT_PANDOC)")
    try:
        done = check_md(path, pandoc)
    except MarkdownError as exc:
        die(str(exc))
    except OSError as exc:
        die(f"{input_path}: cannot read: {exc.strerror or exc}")
    for problem in done.problems:
        click.echo(f"citekit: error: {problem}", err=True)
    detail(f"{input_path}: {done.citations} citation(s) ({done.by_identifier} by identifier), {done.entries} "
           f"bibliography entries, {len(done.cited)} cited, {len(done.report.findings)} manuscript finding(s)")
    if not done.entries and not done.by_identifier:
        die(f"{input_path}: no bibliography entries read, nothing to check against")
    if not done.cited:
        _report_and_exit(done.report, bool(done.problems), fmt, fail_on, output)
    try:  # the usual reference checks, on the cited entries only
        report = run_check(done.cited, document=document, config=config)
    except CitekitError as exc:
        die(str(exc))
    report.input = str(path)
    report.findings[:0] = done.report.findings
    from citekit.check.render import render_report

    color = fmt == "table" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(render_report(report, fmt, color=color), output)
    raise SystemExit(finish(report.resolution, incomplete=report.incomplete,
                            failed=report.fails(fail_on) or bool(done.problems),
                            nothing_verified=bool(report.references) and report.verified == 0, quiet=quiet))

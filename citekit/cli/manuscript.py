"""``citekit check paper.tex`` (or ``paper.aux``): a LaTeX manuscript's citations against its .bib.

Called by :mod:`citekit.cli.check` for a ``.tex`` or ``.aux`` input. The findings
(``citation-without-reference``, ``reference-not-cited``, ``duplicate``) go into the usual check
report (``--to table|json|markdown|html``, ``-o``). Exit codes: 0 nothing at or above
``--fail-on``; 1 something is; 2 the manuscript cannot be read or names no bibliography that exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from citekit.cli.common import EXIT_FINDINGS, EXIT_OK, detail, die, emit


def check_latex(input_path: str, fmt: str, fail_on: str, output: str | None) -> NoReturn:
    """Check a .tex/.aux manuscript and exit with the check's code."""
    import click

    from citekit.check.render import render_report
    from citekit.manuscript.latex import check_manuscript

    path = Path(input_path)
    if not path.is_file():
        die(f"{input_path}: no such file")
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
    color = fmt == "table" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(render_report(report, fmt, color=color), output)
    sys.exit(EXIT_FINDINGS if report.fails(fail_on) or problems else EXIT_OK)

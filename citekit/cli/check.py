"""``citekit check INPUT [--document NAME|PATH] [--offline] [--to table|json|markdown|html] [--fail-on error|warning] [-o REPORT]``.

Checks each reference against its published record (Crossref, doi.org, PubMed; offline: the cache
and the document's curated records) and, with ``--document``, the document's claim coverage.
The report goes to stdout (or ``-o``, written atomically); progress and diagnostics to stderr.
``--format`` is the old, deprecated spelling of ``--to``. Exit codes: 0 nothing at or above
``--fail-on``, 1 something is, 2 bad usage or unusable input or output, 3 a service could not be
asked or nothing could be verified (see ``citekit --help`` and :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import os
import sys

import click

from citekit.cli.common import (
    QUIET,
    Choice,
    chosen_format,
    detail,
    die,
    emit,
    output_option,
    progress_enabled,
    read_input,
    report,
    to_option,
    verbosity,
    verbosity_options,
    warn,
)
from citekit.cli.outcome import TIMEOUT_HELP, finish

FORMATS = ["table", "json", "markdown", "html"]


@click.command("check")
@click.argument("input_path", metavar="INPUT")
@click.option("--document", "document", metavar="NAME|PATH", help="Check claim coverage and use this document's curated records.")
@click.option("--offline", is_flag=True, default=None, help="No network: the cache and the curated records only.")
@to_option(FORMATS, "table", "Report format.", deprecated=["--format"])
@click.option("--fail-on", type=Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--from", "from_fmt", metavar="FMT", help="Input format (default: from the suffix or the content).")
@output_option("Write the report here (atomically) instead of stdout.")
@click.option("--mailto", metavar="EMAIL", help="Your e-mail for the services' polite pools (CITEKIT_MAILTO).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS", help=TIMEOUT_HELP)
@verbosity_options
def check(input_path: str, document: str | None, offline: bool | None, to_fmt: str | None, fail_on: str,
          from_fmt: str | None, output: str | None, mailto: str | None, timeout: float | None) -> None:
    """Check the references in INPUT (free text, BibTeX, CSL-JSON or RIS; - for stdin), or a manuscript's
    citations against its bibliography (paper.md, paper.tex, paper.aux, manuscript.docx)."""
    from citekit.check.engine import check as run_check
    from citekit.check.render import render_report
    from citekit.errors import CitekitError
    from citekit.resolve.config import ResolverConfig

    fmt = chosen_format(to_fmt, "table")
    if input_path.lower().endswith((".tex", ".aux")):  # a LaTeX manuscript: its citations against its .bib
        from citekit.cli.manuscript import check_latex

        check_latex(input_path, fmt, fail_on, output)
    if input_path.lower().endswith(".docx"):  # a Word manuscript: its citations against its reference list
        from citekit.cli.manuscript import check_docx

        check_docx(input_path, fmt, fail_on, output)
    config = ResolverConfig.from_env(mailto=mailto, budget=timeout)
    if offline:
        config = config.with_(offline=True)
    if from_fmt is None and input_path.lower().endswith((".md", ".markdown")):  # a pandoc Markdown manuscript
        from citekit.cli.manuscript import check_markdown

        check_markdown(input_path, fmt, fail_on, output, config=config, document=document, quiet=verbosity() == QUIET)
    result = read_input(input_path, from_fmt)
    report(result)
    progress = None
    bar = None
    if not config.offline and progress_enabled():
        bar = click.progressbar(length=len(result.items), label="resolving", file=sys.stderr)

        def progress(done: int, total: int) -> None:
            assert bar is not None
            bar.length = total
            bar.update(done - bar.pos)
    try:
        outcome = run_check(result, document=document, config=config, progress=progress)
    except CitekitError as exc:
        die(str(exc))
    finally:
        if bar is not None:
            bar.render_finish()
    for ref in outcome.references:
        detail(f"ref {ref.number} ({ref.key}): identified by {ref.identified_by or 'nothing'}"
               + (f"; record from {ref.source}" if ref.source else ""))
    color = fmt == "table" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render_report(outcome, fmt, color=color)
    if output and output != "-":
        emit(text, output)
        counts = outcome.summary()["by_severity"]
        warn(f"citekit: report written to {output}: {len(outcome.references)} references, "
             + ", ".join(f"{n} {sev}" for sev, n in counts.items()))
    else:
        emit(text, output)
    # entries that could not be read were reported above: the run did not check everything (exit 1)
    raise SystemExit(finish(outcome.resolution, incomplete=outcome.incomplete,
                            failed=outcome.fails(fail_on) or bool(result.failed),
                            nothing_verified=bool(outcome.references) and outcome.verified == 0,
                            quiet=verbosity() == QUIET))

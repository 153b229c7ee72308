"""``citekit check INPUT [--document NAME|PATH] [--offline] [--format table|json|markdown|html] [--fail-on error|warning] [-o REPORT]``.

Checks each reference against its published record (Crossref, doi.org, PubMed; offline: the cache
and the document's curated records) and, with ``--document``, the document's claim coverage.
The report goes to stdout (or ``-o``, written atomically); progress and diagnostics to stderr.
Exit codes: 0 nothing at or above ``--fail-on``, 1 something is, 2 bad usage or unreadable input,
3 a service could not be asked or nothing could be verified (see :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from citekit.cli.common import die, read_input, report
from citekit.cli.outcome import TIMEOUT_HELP, finish

FORMATS = ["table", "json", "markdown", "html"]


def _write_atomic(path: str, text: str) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("check")
@click.argument("input_path", metavar="INPUT")
@click.option("--document", "document", metavar="NAME|PATH", help="Check claim coverage and use this document's curated records.")
@click.option("--offline", is_flag=True, default=None, help="No network: the cache and the curated records only.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--from", "from_fmt", metavar="FMT", help="Input format (default: from the suffix or the content).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here (atomically).")
@click.option("--mailto", metavar="EMAIL", help="Your e-mail for the services' polite pools (CITEKIT_MAILTO).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS", help=TIMEOUT_HELP)
def check(input_path: str, document: str | None, offline: bool | None, fmt: str, fail_on: str, from_fmt: str | None,
          output: str | None, mailto: str | None, timeout: float | None) -> None:
    """Check the references in INPUT (free text, BibTeX, CSL-JSON or RIS; - for stdin)."""
    from citekit.check.engine import check as run_check
    from citekit.check.render import render_report
    from citekit.errors import CitekitError
    from citekit.resolve.config import ResolverConfig

    result = read_input(input_path, from_fmt)
    report(result)
    if not result.items:
        die(f"{input_path}: no references found")
    config = ResolverConfig.from_env(mailto=mailto, budget=timeout)
    if offline:
        config = config.with_(offline=True)
    progress = None
    bar = None
    if not config.offline and sys.stderr.isatty():
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
    color = fmt == "table" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render_report(outcome, fmt, color=color)
    if output:
        _write_atomic(output, text)
        click.echo(f"citekit: report written to {output}", err=True)
    else:
        click.echo(text, nl=False)
    raise SystemExit(finish(outcome.resolution, incomplete=outcome.incomplete, failed=outcome.fails(fail_on),
                            nothing_verified=bool(outcome.references) and outcome.verified == 0))

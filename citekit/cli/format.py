"""``citekit format INPUT --style NAME [--to text|html|markdown] [--locale L] [-o FILE]``: a formatted bibliography.

INPUT is any format ``citekit convert`` reads (CSL-JSON, BibTeX, RIS, ...), or ``-`` for stdin.
The bibliography goes to stdout (or ``-o``), one entry per line (HTML: the ``csl-bib-body``
block); entries that could not be read are reported on stderr and the exit code is 1. A misspelt
style gets the closest style names as suggestions. ``--as`` is the old, deprecated spelling of ``--to``.
"""

from __future__ import annotations

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    chosen_format,
    die,
    emit,
    output_option,
    read_input,
    report,
    to_option,
    verbosity_options,
    warn,
)
from citekit.formats.batch import collector_paused

RENDERED = ["text", "html", "markdown"]


@click.command("format")
@click.argument("input_path", metavar="INPUT")
@click.option("--style", "-s", default="american-medical-association", show_default=True,
              help="CSL style: a name from the style repository (see `citekit styles`) or a .csl path.")
@to_option(RENDERED, "text", "Output format.", deprecated=["--as"])
@output_option()
@click.option("--locale", "-l", help="Locale (default: the style's, else en-US), e.g. de-DE.")
@click.option("--from", "from_fmt", help="Input format (default: from suffix or content).")
@click.option("--verified-only", is_flag=True,
              help="Only values verified against a source (curated records); default: the best known value of each "
                   "field (verified, else as printed, else inferred).")
@verbosity_options
@collector_paused()  # a short process building many live objects: the cyclic GC only costs time
def format_(input_path: str, style: str, to_fmt: str | None, output: str | None, locale: str | None,
            from_fmt: str | None, verified_only: bool) -> None:
    """Print the bibliography of INPUT (a file, or - for stdin) in a CSL style."""
    from citekit.cli.styles import load_style
    from citekit.csl.processor import Processor
    from citekit.errors import CitekitError

    fmt = chosen_format(to_fmt, "text")
    csl = load_style(style)
    result = read_input(input_path, from_fmt)
    report(result)
    try:
        proc = Processor(csl, locale=locale, output=fmt, verified_only=verified_only)
        # render once: bibliography() already renders; format_bibliography() would do it again
        entries = proc.bibliography(result.items)
        text: str = proc.markup.bibliography(entries)  # type: ignore[attr-defined]
    except CitekitError as exc:
        die(str(exc))
    for warning in proc.warnings:
        warn(f"{style}: warning: {warning}")
    emit(text + "\n" if text else "", output)
    if result.failed:
        raise SystemExit(EXIT_FINDINGS)

"""``citekit format INPUT --style NAME [--as text|html|markdown] [--locale L]``: a formatted bibliography.

INPUT is any format ``citekit convert`` reads (CSL-JSON, BibTeX, RIS, ...), or ``-`` for stdin.
The bibliography goes to stdout, one entry per line (HTML: the ``csl-bib-body`` block); entries
that could not be read are reported on stderr and the exit code is 1.
"""

from __future__ import annotations

import click

from citekit.cli.common import EXIT_FINDINGS, die, read_input, report
from citekit.formats.batch import collector_paused


@click.command("format")
@click.argument("input_path", metavar="INPUT")
@click.option("--style", "-s", default="american-medical-association", show_default=True,
              help="CSL style: a name from the style repository (see `citekit styles`) or a .csl path.")
@click.option("--as", "output", type=click.Choice(["text", "html", "markdown"]), default="text", show_default=True,
              help="Output format.")
@click.option("--locale", "-l", help="Locale (default: the style's, else en-US), e.g. de-DE.")
@click.option("--from", "from_fmt", help="Input format (default: from suffix or content).")
@collector_paused()  # a short process building many live objects: the cyclic GC only costs time
def format_(input_path: str, style: str, output: str, locale: str | None, from_fmt: str | None) -> None:
    """Print the bibliography of INPUT (a file, or - for stdin) in a CSL style."""
    from citekit.csl.processor import Processor
    from citekit.csl.style import Style
    from citekit.errors import CitekitError

    result = read_input(input_path, from_fmt)
    report(result)
    try:
        proc = Processor(Style.load(style), locale=locale, output=output)
        # render once: bibliography() already renders; format_bibliography() would do it again
        entries = proc.bibliography(result.items)
        text: str = proc.markup.bibliography(entries)  # type: ignore[attr-defined]
    except CitekitError as exc:
        die(str(exc))
    for warning in proc.warnings:
        click.echo(f"{style}: warning: {warning}", err=True)
    if text:
        click.echo(text)
    if result.failed:
        raise SystemExit(EXIT_FINDINGS)

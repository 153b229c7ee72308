"""``citekit parse FILE|- [--to csl-json|bibtex|ris] [-o OUT]``: a free-text reference list → records.

Every citation becomes a record, in order. ``--lines``: each non-blank line is one citation, so
the output has exactly one record per line, in order (a line that is not a citation gives a
``note``-only record). Without it the layout (numbered, wrapped, one per line) is found per
blank-line-separated block. One that cannot be parsed is reported on stderr with
its line number and kept as a ``note``-only record (the raw text in ``note``) so nothing is lost;
the exit code is then 1. Parse warnings (an author kept as an organisation name, ...) go to stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from citekit.cli.common import EXIT_FINDINGS, die, read_input, report, report_output

if TYPE_CHECKING:
    from citekit.formats.base import ParseResult

TARGETS = ["csl-json", "bibtex", "biblatex", "ris"]


@click.command("parse")
@click.argument("input_path", metavar="FILE")
@click.option("--to", "to_fmt", type=click.Choice(TARGETS), default="csl-json", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically) instead of stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Report only citations that failed, not warnings.")
@click.option("--lines", is_flag=True, help="One citation per non-blank line: exactly one record per line, in order.")
def parse(input_path: str, to_fmt: str, output: str | None, quiet: bool, lines: bool) -> None:
    """Parse the citations in FILE (or - for stdin): one per line or numbered block.

    Reads AMA, Vancouver/NLM and APA journal citations, reports and web pages with access
    dates; each record carries custom["parse-confidence"] (0-1 per field).
    """
    from citekit import formats
    from citekit.errors import CitekitError

    result = _read(input_path, lines) if lines else read_input(input_path, "text")
    if quiet:
        result.warnings = [w for w in result.warnings if w.severity == "error"]
    report(result)
    items = result.items
    if to_fmt != "csl-json":
        from citekit.formats.text import strip_parse_data

        items = [strip_parse_data(ref) for ref in items]  # confidences have no BibTeX/RIS field
    try:
        if output:
            dumped = formats.write(items, output, to_fmt)
        else:
            dumped = formats.dumps(items, to_fmt)
    except CitekitError as exc:
        die(str(exc))
    if not quiet:
        report_output(to_fmt, dumped.warnings)
    if not output:
        click.echo(dumped.text, nl=False)
    n_bad = len(result.failed)
    unit = "lines" if lines else "citations"
    click.echo(
        f"{result.source or '<input>'}: {len(result.items) - n_bad} of {len(result.items)} {unit} parsed"
        + (f"; {n_bad} kept as note only" if n_bad else ""),
        err=True,
    )
    if n_bad:
        raise SystemExit(EXIT_FINDINGS)


def _read(path: str, lines: bool) -> ParseResult:
    """Like :func:`read_input`, with the ``lines`` option passed to the text reader."""
    import sys

    from citekit import formats
    from citekit.errors import CitekitError

    try:
        if path == "-":
            text, warnings = formats.decode(sys.stdin.buffer.read(), "<stdin>")
            result = formats.loads(text, "text", lines=lines)
            result.source = "<stdin>"
            result.warnings[:0] = warnings
        else:
            result = formats.read(path, "text", lines=lines)
    except CitekitError as exc:
        die(str(exc))
    return result

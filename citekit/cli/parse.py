"""``citekit parse FILE|- [--to csl-json|bibtex|ris] [-o OUT]``: a free-text reference list → records.

Every citation becomes a record, in order. ``--lines``: each non-blank line is one citation, so
the output has exactly one record per line, in order (a line that is not a citation gives a
``note``-only record). Without it the layout (numbered, wrapped, one per line) is found per
blank-line-separated block. One that cannot be parsed is reported on stderr with
its line number and kept as a ``note``-only record (the raw text in ``note``) so nothing is lost;
the exit code is then 1. Parse warnings (an author kept as an organisation name, ...) go to stderr.
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
    report_output,
    to_option,
    verbosity_options,
    warn,
)
from citekit.formats import format_names

TARGETS = format_names(writes=True, structured=True)


@click.command("parse")
@click.argument("input_path", metavar="FILE")
@to_option(TARGETS, "csl-json", "Output format.")
@output_option()
@click.option("--lines", is_flag=True, help="One citation per non-blank line: exactly one record per line, in order.")
@verbosity_options
def parse(input_path: str, to_fmt: str | None, output: str | None, lines: bool) -> None:
    """Parse the citations in FILE (or - for stdin): one per line or numbered block.

    Reads AMA, Vancouver/NLM and APA journal citations, reports and web pages with access
    dates; each record carries its parse confidence (0-1 per field, under custom as parse-confidence).
    """
    from citekit import formats
    from citekit.errors import CitekitError

    to_fmt = chosen_format(to_fmt, "csl-json")
    if input_path.lower().endswith(".docx"):  # a Word manuscript: its reference list
        from citekit.cli.manuscript import docx_reference_list

        result = docx_reference_list(input_path)
    elif lines:
        result = read_input(input_path, "text", lines=True)
    else:
        result = read_input(input_path, "text")
    report(result)
    items = result.items
    if to_fmt != "csl-json":
        from citekit.formats.text import strip_parse_data

        items = [strip_parse_data(ref) for ref in items]  # confidences have no BibTeX/RIS field
    try:
        dumped = formats.dumps(items, to_fmt)
    except CitekitError as exc:
        die(str(exc))
    report_output(to_fmt, dumped.warnings)
    emit(dumped.text, output)
    n_bad = len(result.failed)
    unit = "lines" if lines else "citations"
    warn(
        f"{result.source or '<input>'}: {len(result.items) - n_bad} of {len(result.items)} {unit} parsed"
        + (f"; {n_bad} kept as note only" if n_bad else "")
    )
    if n_bad:
        raise SystemExit(EXIT_FINDINGS)

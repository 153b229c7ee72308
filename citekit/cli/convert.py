"""``citekit convert INPUT --to FORMAT [-o OUT]``: between CSL-JSON, BibTeX, BibLaTeX and RIS."""

from __future__ import annotations

import click

from citekit.cli.common import EXIT_FINDINGS, die, read_input, report, report_output

FORMATS = ["csl-json", "bibtex", "biblatex", "ris"]
#: readable only: free-text reference lists (``citekit parse`` is the fuller command for them)
FROM_FORMATS = [*FORMATS, "text"]


@click.command("convert")
@click.argument("input_path", metavar="INPUT")
@click.option("--from", "from_fmt", type=click.Choice(FROM_FORMATS), help="Input format (default: from suffix or content).")
@click.option("--to", "to_fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically) instead of stdout.")
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX/BibLaTeX: LaTeX escapes instead of UTF-8.")
@click.option("--strict", is_flag=True, help="Refuse the whole input if any entry is bad.")
def convert(input_path: str, from_fmt: str | None, to_fmt: str, output: str | None, ascii_: bool, strict: bool) -> None:
    """Convert INPUT (a file, or - for stdin) to another format.

    Entries that cannot be read are reported on stderr with their line, entry and field; the
    others are converted and the exit code is 1. Fields the target format cannot express are
    reported as warnings.
    """
    from citekit import formats
    from citekit.errors import CitekitError

    result = read_input(input_path, from_fmt)
    report(result)
    if strict and result.failed:
        die(f"{len(result.failed)} bad entr{'y' if len(result.failed) == 1 else 'ies'}; nothing written (--strict)")
    options = {"ascii": True} if ascii_ and to_fmt in ("bibtex", "biblatex") else {}
    try:
        if output:
            dumped = formats.write(result.items, output, to_fmt, **options)
        else:
            dumped = formats.dumps(result.items, to_fmt, **options)
    except CitekitError as exc:
        die(str(exc))
    report_output(to_fmt, dumped.warnings)
    if not output:
        click.echo(dumped.text, nl=False)
    if result.failed:
        raise SystemExit(EXIT_FINDINGS)
    if not result.items:
        click.echo(f"{result.source or '<input>'}: warning: no references read", err=True)

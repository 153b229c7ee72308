"""``citekit convert INPUT --to FORMAT [-o OUT]``: between CSL-JSON, BibTeX, BibLaTeX and RIS,
or to a formatted bibliography (``--to text|html|markdown --style NAME``)."""

from __future__ import annotations

from typing import Any

import click

from citekit.cli.common import EXIT_FINDINGS, die, read_input, report, report_output
from citekit.formats import format_names

FORMATS = format_names(writes=True, structured=True)
#: every registered format reads, free-text reference lists too (``citekit parse`` is the fuller command for them)
FROM_FORMATS = format_names()
#: formatted bibliographies, rendered by the CSL processor in --style
RENDERED = ["text", "html", "markdown"]


@click.command("convert")
@click.argument("input_path", metavar="INPUT")
@click.option("--from", "from_fmt", type=click.Choice(FROM_FORMATS), help="Input format (default: from suffix or content).")
@click.option("--to", "to_fmt", type=click.Choice([*FORMATS, *RENDERED]), required=True,
              help="Output format: a data format, or a bibliography as text, html or markdown.")
@click.option("--style", "-s", default="american-medical-association", show_default=True,
              help="With --to text|html|markdown: the CSL style (a name, see `citekit styles`, or a .csl path).")
@click.option("--locale", "-l", help="With --to text|html|markdown: the locale (default: the style's, else en-US).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically) instead of stdout.")
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX/BibLaTeX: LaTeX escapes instead of UTF-8.")
@click.option("--strict", is_flag=True, help="Refuse the whole input if any entry is bad.")
def convert(
    input_path: str,
    from_fmt: str | None,
    to_fmt: str,
    style: str,
    locale: str | None,
    output: str | None,
    ascii_: bool,
    strict: bool,
) -> None:
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
    if to_fmt in RENDERED:
        _render(result.items, to_fmt, style, locale, output)
        if result.failed:
            raise SystemExit(EXIT_FINDINGS)
        return
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


def _render(items: list[Any], to_fmt: str, style: str, locale: str | None, output: str | None) -> None:
    """The bibliography of ``items`` in ``style``, to stdout or atomically to ``output``."""
    from citekit.csl.processor import Processor
    from citekit.csl.style import Style
    from citekit.errors import CitekitError
    from citekit.formats import write_atomic

    try:
        proc = Processor(Style.load(style), locale=locale, output=to_fmt)
        proc.bibliography(items)
        text = proc.format_bibliography()
        for warning in proc.warnings:
            click.echo(f"{style}: warning: {warning}", err=True)
        if output:
            write_atomic(output, text + "\n" if text else "")
        elif text:
            click.echo(text)
    except CitekitError as exc:
        die(str(exc))

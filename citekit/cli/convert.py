"""``citekit convert INPUT --to FORMAT [-o OUT]``: between CSL-JSON, BibTeX, BibLaTeX and RIS,
or to a formatted bibliography (``--to text|html|markdown --style NAME``)."""

from __future__ import annotations

from typing import Any

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    Choice,
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
from citekit.formats import format_names, get_format
from citekit.formats.base import option_names

FORMATS = format_names(writes=True, structured=True)
#: every registered format reads, free-text reference lists too (``citekit parse`` is the fuller command for them)
FROM_FORMATS = format_names()
#: formatted bibliographies, rendered by the CSL processor in --style
RENDERED = ["text", "html", "markdown"]


@click.command("convert")
@click.argument("input_path", metavar="INPUT")
@click.option("--from", "from_fmt", type=Choice(FROM_FORMATS), help="Input format (default: from suffix or content).")
@to_option([*FORMATS, *RENDERED], None, "Output format: a data format, or a bibliography as text, html or markdown.")
@click.option("--style", "-s", default="american-medical-association", show_default=True,
              help="With --to text|html|markdown: the CSL style (a name, see `citekit styles`, or a .csl path).")
@click.option("--locale", "-l", help="With --to text|html|markdown: the locale (default: the style's, else en-US).")
@output_option()
@click.option("--ascii", "ascii_", is_flag=True, help="BibTeX/BibLaTeX: LaTeX escapes instead of UTF-8.")
@click.option("--strict", is_flag=True, help="Refuse the whole input if any entry is bad.")
@click.option("--verified-only", is_flag=True,
              help="Only values verified against a source (curated records); default: the best known value of each "
                   "field (verified, else as printed, else inferred).")
@verbosity_options
def convert(
    input_path: str,
    from_fmt: str | None,
    to_fmt: str | None,
    style: str,
    locale: str | None,
    output: str | None,
    ascii_: bool,
    strict: bool,
    verified_only: bool,
) -> None:
    """Convert INPUT (a file, or - for stdin) to another format.

    Entries that cannot be read are reported on stderr with their line, entry and field; the
    others are converted and the exit code is 1. Fields the target format cannot express are
    reported as warnings.
    """
    from citekit import formats
    from citekit.errors import CitekitError

    if to_fmt is None:
        raise click.UsageError("Missing option '--to' (the output format).")
    result = read_input(input_path, from_fmt)
    report(result)
    if strict and result.failed:
        die(f"{len(result.failed)} bad entr{'y' if len(result.failed) == 1 else 'ies'}; nothing written (--strict)")
    if to_fmt in RENDERED:
        _render(result.items, to_fmt, style, locale, output, verified_only)
        if result.failed:
            raise SystemExit(EXIT_FINDINGS)
        return
    known = option_names(get_format(to_fmt).WriteOptions)
    options: dict[str, Any] = {"ascii": True} if ascii_ and "ascii" in known else {}
    if verified_only and "verified_only" in known:
        options["verified_only"] = True
    try:
        dumped = formats.dumps(result.items, to_fmt, **options)
    except CitekitError as exc:
        die(str(exc))
    report_output(to_fmt, dumped.warnings)
    emit(dumped.text, output)
    if result.failed:
        raise SystemExit(EXIT_FINDINGS)


def _render(items: list[Any], to_fmt: str, style: str, locale: str | None, output: str | None,
            verified_only: bool = False) -> None:
    """The bibliography of ``items`` in ``style``, to stdout or atomically to ``output``."""
    from citekit.cli.styles import load_style
    from citekit.csl.processor import Processor
    from citekit.errors import CitekitError

    try:
        proc = Processor(load_style(style), locale=locale, output=to_fmt, verified_only=verified_only)
        proc.bibliography(items)
        text = proc.format_bibliography()
    except CitekitError as exc:
        die(str(exc))
    for warning in proc.warnings:
        warn(f"{style}: warning: {warning}")
    emit(text + "\n" if text else "", output)

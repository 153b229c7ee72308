"""``citekit format INPUT --style NAME [--to text|html|markdown|rtf|docx] [--cited-in PAPER] [--locale L] [-o FILE]``.

A formatted bibliography. INPUT is any format ``citekit convert`` reads (CSL-JSON, BibTeX, RIS,
...), or ``-`` for stdin. The bibliography goes to stdout (or ``-o``), one entry per line (HTML on
stdout: the ``csl-bib-body`` block); entries that could not be read are reported on stderr and the
exit code is 1. A misspelt style gets the closest style names as suggestions. ``--as`` is the old,
deprecated spelling of ``--to``.

``--cited-in PAPER`` (pandoc Markdown, ``.tex``, ``.aux``, ``.docx``) keeps only the entries the
manuscript cites, numbered in order of first citation (numbered styles; others sort as the style
says); a citation with no entry in INPUT is named on stderr and the exit code is 1.

For pasting into Word: with ``--cited-in``, ``--to html`` is a whole HTML page with
``<meta charset>`` (without it, the ``csl-bib-body`` block to embed); ``--to rtf`` and ``--to docx -o refs.docx`` have pandoc (``$CITEKIT_PANDOC``,
``pandoc``, pypandoc-binary) convert that page, keeping italics, bold and superscripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    chosen_format,
    detail,
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

if TYPE_CHECKING:
    from citekit.model import Reference

RENDERED = ["text", "html", "markdown", "rtf", "docx"]
#: formats made by pandoc from citekit's HTML
CONVERTED = {"rtf", "docx"}


@click.command("format")
@click.argument("input_path", metavar="INPUT")
@click.option("--style", "-s", default="american-medical-association", show_default=True,
              help="CSL style: a name from the style repository (see `citekit styles`) or a .csl path.")
@to_option(RENDERED, "text", "Output format.", deprecated=["--as"])
@output_option()
@click.option("--locale", "-l", help="Locale (default: the style's, else en-US), e.g. de-DE.")
@click.option("--from", "from_fmt", help="Input format (default: from suffix or content).")
@click.option("--cited-in", "cited_in", metavar="PAPER",
              help="Only the entries PAPER (.md, .tex, .aux, .docx) cites, in order of first citation.")
@click.option("--verified-only", is_flag=True,
              help="Only values verified against a source (curated records); default: the best known value of each "
                   "field (verified, else as printed, else inferred).")
@verbosity_options
@collector_paused()  # a short process building many live objects: the cyclic GC only costs time
def format_(input_path: str, style: str, to_fmt: str | None, output: str | None, locale: str | None,
            from_fmt: str | None, cited_in: str | None, verified_only: bool) -> None:
    """Print the bibliography of INPUT (a file, or - for stdin) in a CSL style."""
    from citekit.cli.styles import load_style
    from citekit.csl.processor import Processor
    from citekit.errors import CitekitError

    fmt = chosen_format(to_fmt, "text")
    if fmt == "docx" and (output is None or output == "-"):
        die("--to docx writes a binary file: give -o FILE")
    csl = load_style(style)
    result = read_input(input_path, from_fmt)
    report(result)
    items = result.items
    missing: list[str] = []
    if cited_in:
        items, missing = _cited(cited_in, items)
        for key in missing:
            warn(f"citekit: warning: {cited_in}: {key} is cited but has no entry in {input_path}")
    try:
        proc = Processor(csl, locale=locale, output="html" if fmt in CONVERTED else fmt, verified_only=verified_only)
        # render once: bibliography() already renders; format_bibliography() would do it again
        entries = proc.bibliography(items)
        text: str = proc.markup.bibliography(entries)  # type: ignore[attr-defined]
    except CitekitError as exc:
        die(str(exc))
    for warning in proc.warnings:
        warn(f"{style}: warning: {warning}")
    if fmt in CONVERTED or (fmt == "html" and cited_in):
        from citekit.manuscript.paste import html_page

        text = html_page(text, lang=(locale or proc.lang or "en").split("-")[0])
    if fmt in CONVERTED:
        _write_converted(text, fmt, output)
    else:
        emit(text + "\n" if text and not text.endswith("\n") else text, output)
    if result.failed or missing:
        raise SystemExit(EXIT_FINDINGS)


def _cited(paper: str, items: list[Reference]) -> tuple[list[Reference], list[str]]:
    """The entries ``paper`` cites, in order of first citation, and the cited keys with no entry."""
    from pathlib import Path

    from citekit.cli.render import find_pandoc
    from citekit.manuscript.cited import LATEX, WORD, CitedInError, cited_in

    path = Path(paper)
    if not path.is_file():
        die(f"{paper}: no such file")
    try:
        cited = cited_in(path, items, None if path.suffix.lower() in LATEX + WORD else find_pandoc())
    except CitedInError as exc:
        die(str(exc))
    except OSError as exc:
        die(f"{paper}: cannot read: {exc.strerror or exc}")
    if not cited.ids:
        die(f"{paper}: cites none of the entries" + (f" ({len(cited.missing)} citation(s) with no entry)" if cited.missing else ""))
    by_id = {str(r.id): r for r in items}
    detail(f"{paper}: {len(cited.ids)} cited entr{'y' if len(cited.ids) == 1 else 'ies'} of {len(items)}")
    return [by_id[i] for i in cited.ids], cited.missing


def _write_converted(page: str, fmt: str, output: str | None) -> None:
    import sys

    from citekit.cli.render import find_pandoc
    from citekit.manuscript.paste import ConvertError, convert

    pandoc = find_pandoc()
    if pandoc is None:
        die(f"--to {fmt} needs pandoc: install pandoc, or `pip install pypandoc-binary`, or set CITEKIT_PANDOC")
    try:
        data = convert(page, fmt, pandoc)
    except ConvertError as exc:
        die(str(exc))
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    import os
    import tempfile
    from pathlib import Path

    target = Path(output)
    try:  # atomically: a temporary file beside the target, then a rename
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent if str(target.parent) else ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~mask)  # not mkstemp's 0600
        os.replace(tmp, target)
    except OSError as exc:
        die(f"{output}: cannot write: {exc.strerror or exc}")
    detail(f"wrote {output} ({len(data)} bytes)")

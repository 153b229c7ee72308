"""Shared pieces of the sub-commands: reading input ("-" is stdin), reporting diagnostics, exit codes."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from citekit.formats import Diagnostic, ParseResult

_ID_TAIL = re.compile(r" \(id '([^']*)'\)$")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3


def die(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one clear message to stderr and exit (2 = bad usage or unreadable input)."""
    click.echo(f"citekit: error: {message}", err=True)
    sys.exit(code)


def read_input(path: str, fmt: str | None) -> ParseResult:
    """Read ``path`` (or stdin for ``-``) in ``fmt`` or the sniffed format; exit 2 with a message on failure."""
    from citekit import formats
    from citekit.errors import CitekitError

    try:
        if path == "-":
            text, warnings = formats.decode(sys.stdin.buffer.read(), "<stdin>")
            result = formats.loads(text, fmt)
            result.source = "<stdin>"
            result.warnings[:0] = warnings
        else:
            result = formats.read(path, fmt)
    except CitekitError as exc:
        die(str(exc))
    return result


def report(result: ParseResult) -> None:
    """Print a read's failed entries and warnings to stderr, each naming line, entry and field."""
    src = result.source or "<input>"
    for failed in result.failed:
        click.echo(f"{src}: error: {failed}", err=True)
    for warning in result.warnings:
        click.echo(f"{src}: {warning.severity}: {warning}", err=True)


def report_output(fmt: str, warnings: Sequence[Diagnostic]) -> None:
    """Print what a writer could not express, one line per kind of loss.

    The same message about the same field for many entries (citekit's ``custom`` data has no
    BibTeX field, say) becomes one line naming the entries, not one line per entry.
    """
    groups: dict[tuple[str, str | None, str], list[str]] = {}
    for w in warnings:
        message, item = w.message, w.item or "?"
        tail = _ID_TAIL.search(message)
        if tail:  # "... (id 'ITEM-1')": the entry's original id; name it with the entry instead
            message, item = message[: tail.start()], f"{item} [id {tail.group(1)}]"
        groups.setdefault((w.severity, w.field, message), []).append(item)
    for (severity, fld, message), items in groups.items():
        where = f"field {fld!r}: " if fld else ""
        if len(items) == 1:
            who = f"entry {items[0]!r}, "
        else:
            shown = ", ".join(items[:5]) + (f", ... ({len(items) - 5} more)" if len(items) > 5 else "")
            who = f"{len(items)} entries ({shown}), "
        click.echo(f"{fmt}: {severity}: {who}{where}{message}", err=True)

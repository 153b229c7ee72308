"""Shared pieces of the sub-commands: the exit codes, the shared options, reading input, writing output.

Every sub-command speaks the same vocabulary (GUIDE convention 15):

* ``--to FORMAT`` chooses what is written, ``-o/--output FILE`` writes it atomically instead of to
  stdout (:func:`to_option`, :func:`output_option`). The older spellings (``--as``, ``--format``,
  ``--json``) still work, hidden, and print a one-line deprecation note.
* ``-q/--quiet`` and ``-v/--verbose`` (:func:`verbosity_options`) are accepted both before the
  sub-command (``citekit -q convert ...``) and after it (``citekit convert ... -q``); the last one
  given wins. Quiet drops warnings, notes and progress from stderr, never errors; verbose adds
  what was read, detected and written.
* Data goes to stdout, diagnostics to stderr, and the exit code is one of :data:`EXIT_CODES`.

This module is imported by ``citekit --help`` (for the exit-code table), so it imports nothing heavy.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from citekit.formats import Diagnostic, ParseResult

_ID_TAIL = re.compile(r" \(id '([^']*)'\)$")
F = TypeVar("F", bound=Callable[..., Any])

# ---------------------------------------------------------------------------------- exit codes
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
#: a service could not be asked, or nothing could be verified: the result is incomplete (cli/outcome.py)
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 70

#: The one table of exit codes: ``citekit --help`` prints it and the README repeats it (a test compares them).
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "success"),
    (EXIT_FINDINGS, ("findings at or above --fail-on, or some entries or identifiers could not be read or "
                     "resolved (the rest were done)")),
    (EXIT_USAGE, ("usage error, or unusable input or output: a missing or unreadable file, HTML or binary "
                  "input, no references read, an unwritable -o path")),
    (EXIT_UNREACHABLE, ("a service could not be asked (unreachable, rate-limited, failing, or the --timeout budget "
                        "ran out), or nothing could be verified: the result is incomplete")),
    (EXIT_INTERNAL, "internal error (a bug; CITEKIT_DEBUG=1 shows the traceback)"),
)


def exit_codes_help() -> str:
    """The exit-code table as a ``--help`` epilog (``\\b`` keeps click from re-wrapping it)."""
    import textwrap

    lines = ["\b", "Exit codes:"]
    for code, meaning in EXIT_CODES:
        lines += textwrap.wrap(meaning, 72, initial_indent=f"  {code:>2}  ", subsequent_indent=" " * 6)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- verbosity
QUIET, NORMAL, VERBOSE = -1, 0, 1
_VERBOSITY = "citekit.verbosity"


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta[_VERBOSITY] = QUIET if param.name == "quiet" else VERBOSE


def verbosity() -> int:
    """:data:`QUIET`, :data:`NORMAL` or :data:`VERBOSE`, as set by ``-q``/``-v`` for this invocation."""
    ctx = click.get_current_context(silent=True)
    return NORMAL if ctx is None else int(ctx.find_root().meta.get(_VERBOSITY, NORMAL))


def verbosity_options(f: F) -> F:
    """``-q/--quiet`` and ``-v/--verbose``, for the group and for every sub-command."""
    f = click.option("-v", "--verbose", "verbose", is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_verbosity, help="Also say what was read, detected and written.")(f)
    f = click.option("-q", "--quiet", "quiet", is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_verbosity, help="No warnings, notes or progress on stderr (errors still shown).")(f)
    return f


# ---------------------------------------------------------------------------------- messages
def die(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one clear message to stderr and exit (2 = bad usage or unusable input or output)."""
    click.echo(f"citekit: error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """A warning or note on stderr, unless ``-q``."""
    if verbosity() >= NORMAL:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """A line on stderr only with ``-v``."""
    if verbosity() >= VERBOSE:
        click.echo(f"citekit: {message}", err=True)


def progress_enabled() -> bool:
    """Progress bars: only on a terminal, and not with ``-q``."""
    return sys.stderr.isatty() and verbosity() >= NORMAL


# ---------------------------------------------------------------------------------- did you mean
def close_matches(word: str, choices: Sequence[str], n: int = 3) -> list[str]:
    """The choices closest to ``word`` (difflib; a choice starting with it counts too)."""
    import difflib

    low = word.lower()
    by_low = {c.lower(): c for c in choices}
    found = [by_low[m] for m in difflib.get_close_matches(low, list(by_low), n=n, cutoff=0.6)]
    found += [c for c in choices if low and c.lower().startswith(low) and c not in found]
    return found[:n]


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` (or ``'x' or 'y'``), or an empty string when nothing is close."""
    found = close_matches(word, choices)
    if not found:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in found) + "?"


class Choice(click.Choice):  # type: ignore[type-arg]  # generic from click 8.2 on, not in 8.1
    """A :class:`click.Choice` whose error suggests the closest choices."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            self.fail(f"{exc.message}{did_you_mean(str(value), [str(c) for c in self.choices])}", param, ctx)


# ---------------------------------------------------------------------------------- --to and its old spellings
_TO_ALIAS = "citekit.to-alias"


def _deprecated(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value in (None, False):
        return
    flag = param.opts[0]
    chosen = value if isinstance(value, str) else str(param.flag_value)  # type: ignore[attr-defined]
    ctx.meta[_TO_ALIAS] = (flag, chosen)
    warn(f"citekit: note: {flag} is deprecated; use --to {chosen}")


def to_option(choices: Sequence[str], default: str | None, help: str, deprecated: Sequence[str] = ()) -> Callable[[F], F]:
    """``--to FORMAT`` (default ``default``; None: required) and hidden, deprecated spellings of it.

    Each old spelling is ``"--as"`` (takes the format) or ``"--json=json"`` (a flag meaning ``--to
    json``). The command reads the result with :func:`chosen_format`.
    """

    def decorate(f: F) -> F:
        for spelling in reversed(deprecated):
            flag, _, value = spelling.partition("=")
            dest = "_old_" + flag.lstrip("-").replace("-", "_")
            if value:
                f = click.option(flag, dest, is_flag=True, flag_value=value, hidden=True, expose_value=False,
                                 callback=_deprecated)(f)
            else:
                f = click.option(flag, dest, type=Choice(list(choices)), hidden=True, expose_value=False,
                                 callback=_deprecated)(f)
        return click.option("--to", "to_fmt", type=Choice(list(choices)), default=None, metavar="FORMAT",
                            help=f"{help} One of: {', '.join(choices)} ({f'default {default}' if default else 'required'}).")(f)

    return decorate


def chosen_format(to_fmt: str | None, default: str) -> str:
    """The format ``--to`` (or an old spelling of it) asked for, else ``default``; both given and different is a usage error."""
    ctx = click.get_current_context()
    old = ctx.meta.get(_TO_ALIAS)
    if old is not None:
        if to_fmt is not None and to_fmt != old[1]:
            raise click.UsageError(f"--to {to_fmt} and {old[0]} {old[1]} disagree; give --to only", ctx)
        return str(old[1])
    return to_fmt or default


# ---------------------------------------------------------------------------------- -o/--output
def _check_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an ``-o`` path that cannot be written before any work is done (exit 2)."""
    if value is None or value == "-":
        return value
    path = Path(value)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a folder, not a file", ctx, param)
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"cannot write {value!r}: {str(folder)!r} is a file, not a folder", ctx, param)
    if not folder.is_dir():
        raise click.BadParameter(f"cannot write {value!r}: folder {str(folder)!r} does not exist", ctx, param)
    return value


def output_option(help: str = "Write here (atomically) instead of stdout.") -> Callable[[F], F]:
    """``-o/--output FILE``: written atomically (a temporary file, then a rename); ``-`` is stdout."""
    return click.option("-o", "--output", "output", metavar="FILE", callback=_check_output, help=help)


def emit(text: str, output: str | None) -> None:
    """``text`` to stdout, or atomically to ``output`` (an unwritable path exits 2 naming it)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from citekit.errors import OutputError
    from citekit.formats import write_atomic

    try:
        write_atomic(output, text)
    except OutputError as exc:
        die(str(exc))
    detail(f"wrote {output} ({len(text.encode('utf-8'))} bytes)")


# ---------------------------------------------------------------------------------- input
def read_input(path: str, fmt: str | None, *, allow_empty: bool = False, **options: Any) -> ParseResult:
    """Read ``path`` (``-`` is stdin) in ``fmt`` or the detected format.

    Exits 2 naming the file when it cannot be opened, is HTML or binary (:mod:`citekit.formats.encoding`),
    its format is unknown (with a suggestion for a misspelt ``--from``), or no reference could be
    read from it (unless ``allow_empty``); failed entries are reported on stderr. ``options`` go to
    the format's reader (e.g. ``lines=True`` for free text).
    """
    from citekit import formats
    from citekit.errors import CitekitError, UnknownFormat

    name = "<stdin>" if path == "-" else path
    try:
        # the registry refuses HTML and binary input, decodes (BOM, UTF-16, UTF-8, Latin-1) and sniffs
        if path == "-":
            result = formats.loads(sys.stdin.buffer.read(), fmt, source=name, **options)
        else:
            result = formats.read(path, fmt, **options)
    except UnknownFormat as exc:
        hint = did_you_mean(fmt, [*formats.format_names(), *formats.format_aliases()]) if fmt else ""
        die(f"{exc}{hint}")
    except CitekitError as exc:
        die(str(exc))
    detail(f"{name}: {len(result.items)} reference(s) read as {result.format}")
    if not result.items and not allow_empty:
        report(result)
        die(f"{name}: no references read (is it a {result.format or 'reference'} file? give the format with --from)")
    return result


def report(result: ParseResult) -> None:
    """Print a read's failed entries (always) and warnings (unless ``-q``), each naming line, entry and field."""
    src = result.source or "<input>"
    for failed in result.failed:
        click.echo(f"{src}: error: {failed}", err=True)
    for warning in result.warnings:
        if warning.severity == "error" or verbosity() >= NORMAL:
            click.echo(f"{src}: {warning.severity}: {warning}", err=True)


def report_output(fmt: str, warnings: Sequence[Diagnostic]) -> None:
    """Print what a writer could not express, one line per kind of loss (only errors with ``-q``).

    The same message about the same field for many entries (citekit's ``custom`` data has no
    BibTeX field, say) becomes one line naming the entries, not one line per entry.
    """
    if verbosity() < NORMAL:
        warnings = [w for w in warnings if w.severity == "error"]
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

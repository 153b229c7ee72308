"""The ``citekit`` command. Each sub-command is its own module, imported only when it runs.

Exit codes: the table :data:`citekit.cli.common.EXIT_CODES` (also in ``citekit --help``).
Data goes to stdout, diagnostics to stderr; the shared options are described in :mod:`citekit.cli.common`.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from citekit.cli.common import EXIT_INTERNAL, close_matches, exit_codes_help, verbosity_options

#: sub-command -> (module:attribute, one-line help). Help text lives here so --help imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("citekit.cli.convert:convert", "Convert references between CSL-JSON, BibTeX, BibLaTeX and RIS."),
    "format": ("citekit.cli.format:format_", "Format references as a bibliography in a CSL style (text, HTML, Markdown)."),
    "parse": ("citekit.cli.parse:parse", "Parse a free-text reference list (AMA, Vancouver, APA) into records."),
    "show": ("citekit.cli.show:show", "Show a document's references as a table."),
    "styles": ("citekit.cli.styles:styles", "List or search the CSL styles available by name."),
    "resolve": ("citekit.cli.resolve:resolve", "Fetch the published records of DOIs, PMIDs, PMCIDs, arXiv ids and ISBNs."),
    "match": ("citekit.cli.match:match", "Find the DOI of a free-text citation, with confidence and reasons."),
    "check": ("citekit.cli.check:check", "Check references against their published records, and a document's claims."),
    "complete": ("citekit.cli.complete:complete", "Fill missing DOIs, issues, pages and authors from the published records."),
    "mirror": ("citekit.cli.mirror:mirror", "Build or update a local Crossref metadata mirror (CITEKIT_MIRROR=DIR)."),
    "bulk": ("citekit.cli.bulk:bulk", "Check many reference lists against a local mirror, on Dask (Parquet out)."),
    "render": ("citekit.cli.render:render", "Render a manuscript with pandoc, citations and bibliography by citekit."),
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use (keeps ``--help`` fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _ = COMMANDS[cmd_name]
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        if name and not name.startswith("-") and name not in COMMANDS and not ctx.resilient_parsing:
            found = close_matches(name, sorted(COMMANDS))
            hint = (" Did you mean " + " or ".join(repr(c) for c in found) + "?") if found else ""
            raise click.UsageError(f"No such command {name!r}.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=exit_codes_help())
@click.version_option(package_name="citekit", prog_name="citekit")
@verbosity_options
def cli() -> None:
    """citekit: find, convert and check bibliographic references.

    Every command that writes takes --to FORMAT and -o/--output FILE (written atomically);
    -q/--quiet and -v/--verbose go before or after the command name.
    """


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the console script; returns the exit code."""
    try:
        return cli.main(args=argv, prog_name="citekit", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: a bug must not look like a crash of the user's data
        if os.environ.get("CITEKIT_DEBUG"):
            raise
        click.echo(f"citekit: internal error: {type(exc).__name__}: {exc} (set CITEKIT_DEBUG=1 for a traceback)", err=True)
        sys.exit(EXIT_INTERNAL)

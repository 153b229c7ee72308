"""The ``citekit`` command. Each sub-command is its own module, imported only when it runs.

Exit codes: 0 success, 1 findings or per-item failures, 2 bad usage or unreadable input.
Data goes to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

#: sub-command -> (module:attribute, one-line help). Help text lives here so --help imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "convert": ("citekit.cli.convert:convert", "Convert references between CSL-JSON, BibTeX, BibLaTeX and RIS."),
    "format": ("citekit.cli.format:format_", "Format references as a bibliography in a CSL style (text, HTML, Markdown)."),
    "parse": ("citekit.cli.parse:parse", "Parse a free-text reference list (AMA, Vancouver, APA) into records."),
    "show": ("citekit.cli.show:show", "Show a document's references as a table."),
    "styles": ("citekit.cli.styles:styles", "List or search the CSL styles available by name."),
    "resolve": ("citekit.cli.resolve:resolve", "Fetch the published records of DOIs, PMIDs and PMCIDs."),
    "match": ("citekit.cli.match:match", "Find the DOI of a free-text citation, with confidence and reasons."),
    "check": ("citekit.cli.check:check", "Check references against their published records, and a document's claims."),
    "complete": ("citekit.cli.complete:complete", "Fill missing DOIs, issues, pages and authors from the published records."),
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="citekit", prog_name="citekit")
def cli() -> None:
    """citekit: find, convert and check bibliographic references."""


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
        sys.exit(70)

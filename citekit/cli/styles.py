"""``citekit styles [WORD] [--independent]``: list or search the CSL styles that can be used by name."""

from __future__ import annotations

import click

from citekit.cli.common import die


@click.command("styles")
@click.argument("word", required=False)
@click.option("--independent", is_flag=True, help="Only independent styles (those with their own layout).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def styles(word: str | None, independent: bool, fmt: str) -> None:
    """List styles whose name or title contains WORD (all styles without WORD)."""
    import json

    from citekit.csl.repository import list_styles
    from citekit.errors import CitekitError

    try:
        found = list_styles(word, dependent=not independent)
    except CitekitError as exc:
        die(str(exc))
    if fmt == "json":
        click.echo(json.dumps([{"name": e.name, "title": e.title, "dependent": e.dependent} for e in found], indent=2))
        return
    width = max((len(e.name) for e in found), default=4)
    for e in found:
        click.echo(f"{e.name:<{width}}  {e.title}{'  (dependent)' if e.dependent else ''}")
    click.echo(f"{len(found)} style{'s' if len(found) != 1 else ''}", err=True)

"""``citekit complete INPUT [-o OUT] [--dry-run] [--offline] [--document NAME|PATH]``: fill what is missing.

Adds DOIs, PMIDs, issues, pages or article numbers, journal abbreviations and author lists from
the authoritative records; never overwrites what the file says (a conflict is reported on stderr,
not resolved). Writes the same format back: BibTeX is patched in place, so keys, field order,
comments and unknown fields stay as they were. Without ``-o`` the completed file goes to stdout;
``--dry-run`` prints the changes as a unified diff and writes nothing.
Exit codes: 0 done, 1 conflicts left for you or references that could not be completed (each
named on stderr), 2 bad usage or unreadable input, 3 a service could not be asked or nothing could
be verified (see :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import sys

import click

from citekit.cli.common import die, read_input, report
from citekit.cli.outcome import TIMEOUT_HELP, finish, unresolved_lines


@click.command("complete")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the completed file here (atomically).")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.option("--offline", is_flag=True, default=None, help="No network: the cache and the curated records only.")
@click.option("--document", metavar="NAME|PATH", help="Also use this document's curated records.")
@click.option("--from", "from_fmt", metavar="FMT", help="Input format (default: from the suffix or the content).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS", help=TIMEOUT_HELP)
def complete(input_path: str, output: str | None, dry_run: bool, offline: bool | None, document: str | None,
             from_fmt: str | None, timeout: float | None) -> None:
    """Fill the missing fields of the references in INPUT from their published records."""
    from citekit.check.complete import complete as run_complete
    from citekit.check.complete import diff, updated_text
    from citekit.cli.check import _write_atomic
    from citekit.errors import CitekitError
    from citekit.resolve.config import ResolverConfig

    if input_path == "-":
        die("complete needs a file (it writes the same file format back)")
    result = read_input(input_path, from_fmt)
    report(result)
    fmt = result.format or from_fmt or "csl-json"
    try:
        with open(input_path, encoding="utf-8", newline="") as fh:
            original = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        die(f"{input_path}: cannot read: {exc}")
    config = ResolverConfig.from_env(budget=timeout)
    if offline:
        config = config.with_(offline=True)
    try:
        done = run_complete(result, document=document, config=config)
        text = updated_text(original, fmt, done)
    except CitekitError as exc:
        die(str(exc))
    for change in done.changes:
        click.echo(f"{input_path}: {change}", err=True)
    for change in done.skipped:
        click.echo(f"{input_path}: not written (an existing author list is kept): {change}", err=True)
    for conflict in done.conflicts:
        click.echo(f"{input_path}: conflict: {conflict}", err=True)
    if dry_run:
        click.echo(diff(original, text, input_path), nl=False)
    elif output:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)
    unresolved = unresolved_lines(done.report)
    for line in unresolved:
        click.echo(f"{input_path}: not completed: {line}", err=True)
    click.echo(f"{input_path}: {len(done.changes)} field(s) added, {len(done.conflicts)} conflict(s), "
               f"{len(unresolved)} reference(s) without a record", err=True)
    checked = done.report
    raise SystemExit(finish(checked.resolution if checked else None, incomplete=bool(checked and checked.incomplete),
                            failed=bool(done.conflicts or unresolved),
                            nothing_verified=bool(checked and checked.references and checked.verified == 0)))

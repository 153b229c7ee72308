"""``citekit complete INPUT [--to FORMAT] [-o OUT] [--dry-run] [--offline] [--document NAME|PATH]``: fill what is missing.

Adds DOIs, PMIDs, issues, pages or article numbers, journal abbreviations and author lists from
the authoritative records; never overwrites what the file says (a conflict is reported on stderr,
not resolved). Writes the same format back: BibTeX is patched in place, so keys, field order,
comments and unknown fields stay as they were; ``--to`` writes another format instead. Without
``-o`` the completed file goes to stdout; ``--dry-run`` prints the changes as a unified diff and
writes nothing. Exit codes: 0 done, 1 conflicts left for you or references that could not be
completed (each named on stderr), 2 bad usage or unusable input or output, 3 a service could not
be asked or nothing could be verified (see :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import click

from citekit.cli.common import (
    QUIET,
    die,
    emit,
    output_option,
    read_input,
    report,
    to_option,
    verbosity,
    verbosity_options,
    warn,
)
from citekit.cli.outcome import TIMEOUT_HELP, finish, unresolved_lines
from citekit.formats import format_names

#: what ``--to`` may name (the default is the input's own format, patched in place for BibTeX)
FORMATS = format_names(writes=True, structured=True)


@click.command("complete")
@click.argument("input_path", metavar="INPUT")
@to_option(FORMATS, "the input's", "Output format.")
@output_option("Write the completed file here (atomically) instead of stdout.")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.option("--offline", is_flag=True, default=None, help="No network: the cache and the curated records only.")
@click.option("--document", metavar="NAME|PATH", help="Also use this document's curated records.")
@click.option("--from", "from_fmt", metavar="FMT", help="Input format (default: from the suffix or the content).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS", help=TIMEOUT_HELP)
@verbosity_options
def complete(input_path: str, to_fmt: str | None, output: str | None, dry_run: bool, offline: bool | None,
             document: str | None, from_fmt: str | None, timeout: float | None) -> None:
    """Fill the missing fields of the references in INPUT from their published records."""
    from citekit.check.complete import complete as run_complete
    from citekit.check.complete import diff, updated_text
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
        if to_fmt is not None and to_fmt != fmt:
            from citekit.formats import dumps

            text = dumps(done.references, to_fmt).text
    except CitekitError as exc:
        die(str(exc))
    for change in done.changes:
        warn(f"{input_path}: {change}")
    for change in done.skipped:
        warn(f"{input_path}: not written (an existing author list is kept): {change}")
    for conflict in done.conflicts:
        click.echo(f"{input_path}: conflict: {conflict}", err=True)
    if dry_run:
        click.echo(diff(original, text, input_path), nl=False)
    else:
        emit(text, output)
    unresolved = unresolved_lines(done.report)
    for line in unresolved:
        warn(f"{input_path}: not completed: {line}")
    warn(f"{input_path}: {len(done.changes)} field(s) added, {len(done.conflicts)} conflict(s), "
         f"{len(unresolved)} reference(s) without a record")
    checked = done.report
    raise SystemExit(finish(checked.resolution if checked else None, incomplete=bool(checked and checked.incomplete),
                            failed=bool(done.conflicts or unresolved or result.failed),
                            nothing_verified=bool(checked and checked.references and checked.verified == 0),
                            quiet=verbosity() == QUIET))

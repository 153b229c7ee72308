"""``citekit resolve ID... [--from FILE] [--to FORMAT] [-o FILE] [--offline]``: fetch the published records.

An ID is a DOI, PMID, PMCID, arXiv id (``arXiv:2101.00001v2``, ``hep-th/9901001``, an
``arxiv.org/abs/`` address) or ISBN (ISBN-10 or -13, hyphens or spaces allowed, check digit verified),
read by :func:`citekit.ids.parse_identifier`. Records go to stdout (or ``-o``, written atomically) in
the chosen format (CSL-JSON by default); each failure is named on stderr. An identifier that is not
valid (a wrong ISBN check digit, a malformed arXiv id) is named with its ``--from`` line and skipped,
the others are still resolved. Exit 0 when every identifier resolved, 1 when some failed, 2 on bad
usage, an unreadable ``--from`` file or an invalid identifier, 3 when a service could not be asked
(see :mod:`citekit.cli.outcome`); the run's summary goes to stderr. A progress bar goes to stderr for
batches when stderr is a terminal (not with ``-q``). Services, mailto, cache and offline mode come from
the ``CITEKIT_*`` environment variables (see ``citekit.resolve.config``).
"""

from __future__ import annotations

import sys

import click

from citekit.cli.common import (
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    QUIET,
    chosen_format,
    detail,
    die,
    emit,
    output_option,
    progress_enabled,
    report_output,
    to_option,
    verbosity,
    verbosity_options,
)
from citekit.cli.outcome import TIMEOUT_HELP, finish
from citekit.formats import format_names

FORMATS = format_names(writes=True, structured=True)


def _read_ids(path: str) -> list[tuple[str, str]]:
    """The identifiers of a ``--from`` file, each with where it was (``ids.txt:3``)."""
    from pathlib import Path

    from citekit.errors import InputError
    from citekit.formats.encoding import decode, refuse_non_text

    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        die(f"{name}: cannot read: {exc.strerror or exc}")
    try:
        refuse_non_text(data, name)
        text, _ = decode(data, name)  # identifiers are ASCII: a Latin-1 fallback cannot change one
    except InputError as exc:
        die(str(exc))
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            ids.append((line, f"{name}:{number}"))
    return ids


class _Bar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\rresolving [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


@click.command("resolve")
@click.argument("identifiers", nargs=-1, metavar="ID...")
@click.option("--from", "from_file", type=str, help="Read identifiers from FILE (one per line; - for stdin).")
@to_option(FORMATS, "csl-json", "Output format.")
@output_option()
@click.option("--offline", is_flag=True, help="Answer from the cache only; never use the network.")
@click.option("--mailto", help="Your e-mail for Crossref's polite pool (else CITEKIT_MAILTO).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS", help=TIMEOUT_HELP)
@verbosity_options
def resolve(identifiers: tuple[str, ...], from_file: str | None, to_fmt: str | None, output: str | None, offline: bool,
            mailto: str | None, no_progress: bool, timeout: float | None) -> None:
    """Fetch the records of DOIs, PMIDs, PMCIDs, arXiv ids and ISBNs (Crossref, doi.org, PubMed, arXiv, Google Books)."""
    to_fmt = chosen_format(to_fmt, "csl-json")
    given = [(i, "") for i in identifiers]
    if from_file:
        given.extend(_read_ids(from_file))
    if not given:
        die("no identifiers given (pass ID... or --from FILE)")
    from citekit import formats
    from citekit.errors import CitekitError, InvalidIdentifier, printable
    from citekit.ids import parse_identifier

    ids: list[str] = []
    invalid = 0
    for raw, where in given:
        try:
            parse_identifier(raw)
        except InvalidIdentifier as exc:  # input error: named with its line, the others still resolved
            invalid += 1
            click.echo(printable(f"citekit: {where + ': ' if where else ''}{raw}: InvalidIdentifier: {exc.message}",
                                 keep_newlines=False), err=True)
            continue
        ids.append(raw)
    from citekit.resolve.api import Resolver
    from citekit.resolve.config import ResolverConfig

    if not ids:
        raise SystemExit(EXIT_USAGE)
    config = ResolverConfig.from_env(offline=True if offline else None, mailto=mailto, budget=timeout)
    resolver = Resolver(config)
    try:
        results = resolver.resolve_many(ids, progress=_Bar(progress_enabled() and not no_progress))
        outcome = resolver.outcome()
    finally:
        resolver.close()
    refs = [r.reference for r in results if r.reference is not None]
    for r in results:
        if r.reference is not None:
            detail(f"{r.query}: {r.reference.extensions.origin.label or 'resolved'}")
        if r.error is not None:
            click.echo(printable(f"citekit: {r.query}: {type(r.error).__name__}: {r.error.message}",
                                 keep_newlines=False), err=True)
    if refs:
        try:
            dumped = formats.dumps(refs, to_fmt)
        except CitekitError as exc:
            die(str(exc))
        report_output(to_fmt, dumped.warnings)
        emit(dumped.text if dumped.text.endswith("\n") else dumped.text + "\n", output)
    detail(f"{len(refs)} of {len(results) + invalid} identifier(s) resolved")
    code = finish(outcome.to_dict(), incomplete=outcome.incomplete, failed=len(refs) < len(results),
                  quiet=verbosity() == QUIET or (len(results) < 2 and not outcome.incomplete))
    raise SystemExit(EXIT_USAGE if invalid and code != EXIT_UNREACHABLE else code)

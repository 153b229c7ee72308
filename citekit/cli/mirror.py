"""``citekit mirror build FILES... -o DIR`` and ``citekit mirror update FILES... [-o DIR]``: the local Crossref mirror.

FILES are Crossref public-data files (gzipped JSON ``{"items": [work, ...]}``) or folders of them.
``build`` creates the mirror in DIR (or resumes one that was killed: files already committed are
skipped); ``update`` adds or replaces works in an existing mirror (DIR defaults to ``$CITEKIT_MIRROR``).
Each refused file or work is named on stderr (file, item index, why) and the rest is loaded.
Exit 0 when everything was loaded, 1 when some files or works were refused, 2 on bad usage
(no such input file, no mirror to update, an unusable DIR). With ``CITEKIT_MIRROR=DIR`` the
resolver answers DOIs and citation matches from the mirror before asking the network.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from citekit.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, detail, die, verbosity_options, warn

_TO = click.option("--to", "to", type=click.Choice(["text", "json"]), default="text", show_default=True,
                   help="The run's summary: text on stderr, or JSON on stdout.")


@click.group("mirror")
@verbosity_options
def mirror() -> None:
    """Build and update a local Crossref metadata mirror (SQLite + FTS5).

    \b
    Both sub-commands take:
      -o, --output DIR   the mirror's directory (update: default $CITEKIT_MIRROR)
      --to text|json     the summary on stderr (text), or as JSON on stdout
      -q, --quiet / -v, --verbose
    """


def _run(files: tuple[str, ...], directory: str, *, create: bool, to: str = "text") -> None:
    from citekit.errors import InputError
    from citekit.mirror.build import build, expand

    missing = [f for f in files if not Path(f).exists()]
    if missing:
        die(f"{missing[0]}: no such file or folder")
    paths = expand(files)
    if not paths:
        die("no data files (*.json.gz, *.json) in " + ", ".join(files))

    def progress(path: Path, got: int, n: int, total: int) -> None:
        detail(f"[{n}/{total}] {path}: " + ("skipped (already loaded or unreadable)" if got < 0 else f"{got} works"))

    start = time.perf_counter()
    try:
        report = build(paths, directory, create=create, progress=progress)
    except InputError as exc:
        die(str(exc))
    for problem in report.problems:
        warn(f"citekit: {problem}")
    took = time.perf_counter() - start
    if to == "json":
        import json

        click.echo(json.dumps({"mirror": str(directory), "files_loaded": report.files_loaded,
                               "files_skipped": report.files_skipped, "works_added": report.works_added,
                               "works_replaced": report.works_replaced, "seconds": round(took, 3),
                               "problems": [{"file": p.file, "item": p.item, "message": p.message}
                                            for p in report.problems]}, indent=1))
    warn(f"citekit: mirror {directory}: {report.files_loaded} files loaded, {report.files_skipped} already loaded, "
         f"{report.works_added} works added, {report.works_replaced} replaced, {len(report.problems)} refused "
         f"({took:.1f} s)")
    raise SystemExit(EXIT_OK if report.ok else EXIT_FINDINGS)


@mirror.command("build")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "directory", required=True, type=click.Path(file_okay=False),
              help="The mirror's directory (created; a killed build into it resumes).")
@_TO
@verbosity_options
def build_cmd(files: tuple[str, ...], directory: str, to: str) -> None:
    """Build a mirror in DIR from Crossref data files (or folders of them)."""
    _run(files, directory, create=True, to=to)


@mirror.command("update")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False),
              help="The mirror to update (default: $CITEKIT_MIRROR).")
@_TO
@verbosity_options
def update_cmd(files: tuple[str, ...], directory: str | None, to: str) -> None:
    """Add or replace works in an existing mirror from more data files."""
    directory = directory or os.environ.get("CITEKIT_MIRROR")
    if not directory:
        die("which mirror? give -o DIR or set CITEKIT_MIRROR", EXIT_USAGE)
    _run(files, directory, create=False, to=to)


__all__ = ["mirror"]

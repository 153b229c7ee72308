"""``citekit bulk check INPUTS... -o DIR [--mirror DIR] [--workers N | --scheduler ADDRESS]``: checking at scale.

INPUTS are reference lists (JATS XML ``.xml``/``.nxml`` ref-lists with ``element-citation`` or
``mixed-citation``, BibTeX, CSL-JSON, RIS, text lists) or folders of them. Each file is one Dask
task: its references are checked against the local mirror (``--mirror``, default
``$CITEKIT_MIRROR``; nothing goes to the network) with the identify steps, rules and finding codes
of ``citekit check``, and written as Parquet partitions under DIR: ``references/`` (one row per
reference), ``findings/`` and ``problems/`` (entries that could not be read); ``DIR/run.json`` is
the run's summary. A LocalCluster of ``--workers`` processes runs the tasks (default: one per
core), or the cluster at ``--scheduler``. A failed task is retried (``--retries``); a partition that
still fails is named on stderr, and running the same command again resumes: partitions already
written are skipped. Findings are data (in DIR), not a failure: exit 0 when every partition was
written and every entry read, 1 when a partition failed or some entries could not be read,
2 on bad usage (no such input, no mirror, an unusable DIR), 3 when the scheduler could not be
reached within ``--connect-timeout`` seconds (or the LocalCluster not started).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    detail,
    die,
    progress_enabled,
    verbosity_options,
    warn,
)

#: how many unreadable entries are named on stderr (all are in DIR/problems/)
SHOWN_PROBLEMS = 20


@click.group("bulk")
@verbosity_options
def bulk() -> None:
    """Check many reference lists against a local mirror, on Dask (Parquet out).

    \b
    citekit bulk check INPUTS... takes:
      -o, --output DIR   the output folder (Parquet partitions; a run into it resumes)
      --mirror DIR       the local Crossref mirror (default $CITEKIT_MIRROR)
      --workers N        LocalCluster worker processes, or --scheduler ADDRESS
      --to text|json     the summary on stderr (text), or as JSON on stdout
      -q, --quiet / -v, --verbose
    """


@bulk.command("check")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False),
              help="The output folder (Parquet partitions; a run into it resumes).")
@click.option("--mirror", "mirror", metavar="DIR", help="The local Crossref mirror (default: $CITEKIT_MIRROR).")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes of the LocalCluster (default: one per core).")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://host:8786) instead of a LocalCluster.")
@click.option("--connect-timeout", "connect_timeout", type=click.FloatRange(min=0, min_open=True), default=15.0,
              show_default=True, metavar="SECONDS", help="How long to wait for the --scheduler before exit 3.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="How often a failed partition is tried again.")
@click.option("--to", "to", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The run's summary: text on stderr, or JSON on stdout.")
@verbosity_options
def check(inputs: tuple[str, ...], output: str, mirror: str | None, workers: int | None, scheduler: str | None,
          connect_timeout: float, retries: int, to: str) -> None:
    """Check every reference list in INPUTS (files or folders) against the mirror, writing Parquet to DIR."""
    from citekit.bulk.run import Failure, plan, run
    from citekit.errors import InputError, Unreachable

    mirror = mirror or os.environ.get("CITEKIT_MIRROR")
    if not mirror:
        die("which mirror? give --mirror DIR or set CITEKIT_MIRROR (build one with `citekit mirror build`)", EXIT_USAGE)
    if scheduler and workers:
        die("--workers starts a LocalCluster; with --scheduler the cluster has its own workers", EXIT_USAGE)
    try:
        files = plan(inputs, exclude=output)
    except InputError as exc:
        die(str(exc))
    if not files:
        die("no reference lists (.xml .nxml .bib .json .ris .txt) in " + ", ".join(inputs))
    bar: Any = None
    shown = 0

    def on_start(client: Any, dashboard: str | None) -> None:
        nonlocal bar
        warn(f"citekit: {len(files)} files; Dask scheduler {client.scheduler.address}"
             + (f", dashboard {dashboard}" if dashboard else " (install bokeh for the Dask dashboard)"))
        if progress_enabled():
            bar = click.progressbar(length=len(files), label="checking", file=sys.stderr, show_pos=True)

    def on_result(n: int, total: int, got: Any) -> None:
        nonlocal shown
        if isinstance(got, Failure):
            warn(f"citekit: {got.source}: failed after {retries} retries: {got.error}")
        else:
            detail(f"{got.source}: {got.references} references, {got.findings} findings ({got.seconds:.2f} s)")
            for line in got.problem_lines:
                if shown < SHOWN_PROBLEMS:
                    warn(f"citekit: {line}")
                shown += 1
        if bar is not None:
            bar.length = total
            bar.update(1)

    try:
        report = run(files, output, mirror, scheduler=scheduler, workers=workers, retries=retries,
                     on_start=on_start, on_result=on_result, connect_timeout=connect_timeout)
    except InputError as exc:
        die(str(exc))
    except Unreachable as exc:
        die(str(exc), EXIT_UNREACHABLE)
    finally:
        if bar is not None:
            bar.render_finish()
    summary = report.to_dict()
    problems = summary["problems"]
    if problems > shown:
        warn(f"citekit: ... {problems - shown} more entries could not be read: see {output}/problems/")
    if to == "json":
        click.echo(json.dumps(summary, indent=1))
    rate = summary["references_per_second"]
    warn(f"citekit: {output}: {summary['done']} files checked, {summary['skipped']} already done, "
         f"{len(report.failed)} failed; {summary['references']} references ({rate or 0:,.0f}/s), "
         f"{summary['findings']} findings, {problems} entries unreadable ({report.seconds:.1f} s)")
    if report.failed:
        warn("citekit: run the same command again to retry the failed files (the others are kept)")
    raise SystemExit(EXIT_OK if report.ok and not problems else EXIT_FINDINGS)


__all__ = ["bulk"]

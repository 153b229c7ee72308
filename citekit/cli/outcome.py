"""How a command that asked the services ends: the run's outcome on stderr, then its exit code.

One table for every command that resolves (``check``, ``complete``, ``resolve``, ``match``):

====  =====================================================================================
0     done: every identifier resolved / nothing at or above ``--fail-on``
1     findings (``--fail-on``), conflicts, or some items failed (no record, wrong record)
2     bad usage or unreadable input
3     a service could not be reached (refused, timed out, rate-limited, failing), the run's
      ``--timeout`` budget ran out, or nothing could be verified: the run did not do its job
====  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from citekit.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREACHABLE

TIMEOUT_HELP = "The run's time budget in seconds (CITEKIT_TIMEOUT; default 300): past it, services are not asked."


def print_outcome(resolution: Mapping[str, Any] | None, *, quiet: bool = False, name: str = "citekit") -> None:
    """Print what the resolver did (one summary line, then each unreachable service and cache warning)."""
    if resolution is None:
        return
    from citekit.errors import printable
    from citekit.resolve.outcome import Outcome

    outcome = Outcome(**dict(resolution))
    lines = outcome.lines()
    if quiet and not outcome.incomplete and not outcome.warnings:
        return
    for line in lines:
        click.echo(f"{name}: {printable(line, keep_newlines=False)}", err=True)


def finish(resolution: Mapping[str, Any] | None, *, incomplete: bool, failed: bool, nothing_verified: bool = False,
           quiet: bool = False) -> int:
    """Print the outcome and return the exit code: 3 when the run could not do its job, 1 on failures, else 0."""
    print_outcome(resolution, quiet=quiet)
    if nothing_verified:
        click.echo("citekit: error: nothing could be verified: no reference was compared with a record", err=True)
    if incomplete or nothing_verified:
        if resolution and resolution.get("unreachable"):
            names = ", ".join(resolution["unreachable"])
            click.echo(f"citekit: error: could not ask {names}: the result is incomplete (exit {EXIT_UNREACHABLE})",
                       err=True)
        return EXIT_UNREACHABLE
    return EXIT_FINDINGS if failed else EXIT_OK


def unresolved_lines(report: Any) -> list[str]:
    """One line per checked reference that has no record, with why (no record found, or could not ask)."""
    if report is None:
        return []
    out = []
    for ref in report.references:
        if ref.record is not None:
            continue
        why = [f.message for f in ref.findings if str(f.code) in ("lookup-failed", "unverified", "unresolvable-doi")]
        out.append(f"ref {ref.number} ({ref.key}): " + ("; ".join(why) or "no record found"))
    return out


__all__ = ["TIMEOUT_HELP", "finish", "print_outcome", "unresolved_lines"]

"""``citekit match "CITATION TEXT" [--json]``: the DOI a free-text citation refers to, verified.

Prints the DOI, the confidence and the reasons; with ``--json`` the full result (candidates
included) as JSON. Exit 0 for a confident match, 1 for none ("no confident match" beats a wrong DOI), 3 when the
search service could not be asked (then "no match" would be a guess; see :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import json

import click

from citekit.cli.common import EXIT_FINDINGS, EXIT_UNREACHABLE, die


@click.command("match")
@click.argument("citation", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Confidence needed (default 0.8).")
@click.option("--offline", is_flag=True, help="Answer from the cache only.")
def match(citation: tuple[str, ...], as_json: bool, threshold: float | None, offline: bool) -> None:
    """Find the DOI of CITATION (free text, e.g. an AMA or APA reference)."""
    text = " ".join(citation).strip()
    if not text:
        die("empty citation")
    from citekit.resolve.api import Resolver
    from citekit.resolve.config import ResolverConfig
    from citekit.resolve.match import THRESHOLD, Matcher

    resolver = Resolver(ResolverConfig.from_env(offline=True if offline else None))
    try:
        result = Matcher(resolver, threshold=THRESHOLD if threshold is None else threshold).match(text)
    finally:
        resolver.close()
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif result.best is not None:
        from citekit.errors import printable

        click.echo(printable(result.best.doi, keep_newlines=False))
        click.echo(f"confidence {result.best.confidence:.2f}: " + "; ".join(result.best.reasons), err=True)
    else:
        click.echo("no confident match: " + "; ".join(result.reasons), err=True)
        if result.candidates:
            top = result.candidates[0]
            click.echo(f"best candidate {top.doi} ({top.confidence:.2f}): " + "; ".join(top.reasons), err=True)
    if result.best is None and result.error is not None:
        from citekit.errors import printable

        click.echo(printable(f"citekit: error: could not ask: {result.error}", keep_newlines=False), err=True)
        raise SystemExit(EXIT_UNREACHABLE)
    if result.best is None:
        raise SystemExit(EXIT_FINDINGS)

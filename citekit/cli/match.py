"""``citekit match "CITATION TEXT" [--to text|json] [-o FILE]``: the DOI a free-text citation refers to, verified.

Prints the DOI (``--to text``, the default; the confidence and reasons go to stderr) or the full
result, candidates included, as JSON (``--to json``; ``--json`` is the old, deprecated spelling).
Exit 0 for a confident match, 1 for none ("no confident match" beats a wrong DOI), 3 when the
search service could not be asked (then "no match" would be a guess; see :mod:`citekit.cli.outcome`).
"""

from __future__ import annotations

import json

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    EXIT_UNREACHABLE,
    chosen_format,
    die,
    emit,
    output_option,
    to_option,
    verbosity_options,
    warn,
)


@click.command("match")
@click.argument("citation", nargs=-1, required=True)
@to_option(["text", "json"], "text", "Output: the DOI alone, or the full result as JSON.", deprecated=["--json=json"])
@output_option()
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Confidence needed (default 0.8).")
@click.option("--offline", is_flag=True, help="Answer from the cache only.")
@verbosity_options
def match(citation: tuple[str, ...], to_fmt: str | None, output: str | None, threshold: float | None,
          offline: bool) -> None:
    """Find the DOI of CITATION (free text, e.g. an AMA or APA reference)."""
    fmt = chosen_format(to_fmt, "text")
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
    if fmt == "json":
        emit(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n", output)
    elif result.best is not None:
        from citekit.errors import printable

        emit(printable(result.best.doi, keep_newlines=False) + "\n", output)
        warn(f"confidence {result.best.confidence:.2f}: " + "; ".join(result.best.reasons))
    else:
        click.echo("no confident match: " + "; ".join(result.reasons), err=True)
        if result.candidates:
            top = result.candidates[0]
            warn(f"best candidate {top.doi} ({top.confidence:.2f}): " + "; ".join(top.reasons))
    if result.best is None and result.error is not None:
        from citekit.errors import printable

        click.echo(printable(f"citekit: error: could not ask: {result.error}", keep_newlines=False), err=True)
        raise SystemExit(EXIT_UNREACHABLE)
    if result.best is None:
        raise SystemExit(EXIT_FINDINGS)

"""``citekit render PAPER.md [-o paper.html|docx|pdf] [--to FORMAT] [--style NAME] [--bibliography FILE]``.

A convenience around pandoc: ``pandoc PAPER --filter citekit-pandoc -o OUT``, so that the
citations and the bibliography are rendered by citekit's CSL processor. The style, bibliography
and language come from the manuscript's metadata (``csl:``, ``bibliography:``, ``lang:``) unless
given here. The format comes from ``--to`` or the suffix of ``-o``; HTML is a whole page (with
``<meta charset>``); docx, odt and pdf need ``-o``. The output is written atomically.

pandoc is found as ``$CITEKIT_PANDOC``, then ``pandoc`` on the PATH, then the binary of
pypandoc-binary. Citations by identifier (``[@doi:...]``, ``[@pmid:...]``, ``[@pmcid:...]``) are
resolved by the filter (``--offline``: from the cache only); ``--write-references FILE`` writes their
records as CSL-JSON. Exit codes: 0 done; 1 done, but some citation has no reference or could not be
resolved (named on stderr); 2 no pandoc, or the manuscript, bibliography or style cannot be used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from citekit.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    QUIET,
    chosen_format,
    detail,
    die,
    output_option,
    to_option,
    verbosity,
    verbosity_options,
)

#: --to → pandoc's writer; binary formats need -o
WRITERS = {"html": "html", "docx": "docx", "odt": "odt", "rtf": "rtf", "pdf": "pdf", "latex": "latex",
           "markdown": "markdown", "plain": "plain"}
BINARY = {"docx", "odt", "pdf"}
_SUFFIX = {".html": "html", ".htm": "html", ".docx": "docx", ".odt": "odt", ".rtf": "rtf", ".pdf": "pdf",
           ".tex": "latex", ".md": "markdown", ".txt": "plain"}


def find_pandoc() -> str | None:
    """``$CITEKIT_PANDOC``, ``pandoc`` on the PATH, or pypandoc-binary's pandoc."""
    env = os.environ.get("CITEKIT_PANDOC")
    if env:
        return env
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc  # type: ignore[import-not-found,unused-ignore]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None


def filter_command(folder: Path) -> str:
    """The ``citekit-pandoc`` script beside this Python, else a wrapper running the module with it."""
    script = Path(sys.executable).parent / "citekit-pandoc"
    if script.is_file() and os.access(script, os.X_OK):
        return str(script)
    wrapper = folder / "citekit-pandoc"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m citekit.manuscript.pandoc "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


@click.command("render")
@click.argument("input_path", metavar="PAPER")
@to_option(list(WRITERS), None, "Output format (default: from the -o suffix, else html).")
@output_option("Write here (atomically) instead of stdout; the suffix chooses the format.")
@click.option("--style", "-s", help="CSL style name or .csl path (default: the manuscript's csl:, else Chicago author-date).")
@click.option("--bibliography", "-b", "bibliographies", multiple=True, metavar="FILE",
              help="Bibliography file (BibTeX, BibLaTeX, CSL-JSON, CSL-YAML, RIS); repeatable. Default: the manuscript's.")
@click.option("--locale", "-l", help="Language of the citations, e.g. de-DE (default: the manuscript's lang:).")
@click.option("--write-references", "write_refs", metavar="FILE",
              help="Write the records of [@doi:...], [@pmid:...], [@pmcid:...] citations here (CSL-JSON).")
@click.option("--offline", is_flag=True, help="Resolve [@doi:...] citations from the cache only (no network).")
@verbosity_options
def render(input_path: str, to_fmt: str | None, output: str | None, style: str | None,
           bibliographies: tuple[str, ...], locale: str | None, write_refs: str | None, offline: bool) -> None:
    """Render PAPER (pandoc Markdown, or anything pandoc reads) with citekit's citations and bibliography."""
    paper = Path(input_path)
    if not paper.is_file():
        die(f"{input_path}: no such file")
    fmt = chosen_format(to_fmt, _SUFFIX.get(Path(output).suffix.lower(), "html") if output and output != "-" else "html")
    if fmt in BINARY and (output is None or output == "-"):
        die(f"--to {fmt} writes a binary file: give -o FILE")
    pandoc = find_pandoc()
    if pandoc is None:
        die("pandoc not found: install pandoc, or `pip install pypandoc-binary`, or set CITEKIT_PANDOC")
    for bib in bibliographies:
        if not Path(bib).is_file():
            die(f"{bib}: bibliography file not found")
    with tempfile.TemporaryDirectory(prefix="citekit-render-") as tmp:
        args = [pandoc, str(paper), "--filter", filter_command(Path(tmp)), "-t", WRITERS[fmt]]
        if fmt in ("html", "latex", "rtf"):
            args.append("--standalone")  # a whole page: <meta charset>, a title
        if style:
            args += ["-M", f"csl={style}"]
        for bib in bibliographies:
            args += ["-M", f"bibliography={Path(bib).resolve()}"]
        if locale:
            args += ["-M", f"lang={locale}"]
        if write_refs:
            args += ["-M", f"citekit-write-references={Path(write_refs).resolve()}"]
        env = {**os.environ, "CITEKIT_OFFLINE": "1"} if offline else None
        target = None
        if output and output != "-":
            out = Path(output)
            fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix, dir=out.parent if str(out.parent) else ".")
            os.close(fd)
            target = Path(name)
            args += ["-o", str(target)]
        detail("running " + " ".join(args))
        try:
            proc = subprocess.run(args, capture_output=True, timeout=600, check=False, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            if target is not None:
                target.unlink(missing_ok=True)
            die(f"pandoc ({pandoc}) could not run: {exc}")
    stderr = proc.stderr.decode("utf-8", "replace")
    missing = [line for line in stderr.splitlines()
               if "citation" in line and ("not found" in line or "could not be resolved" in line or "cannot be resolved" in line)]
    for line in stderr.splitlines():
        if line.strip() and (verbosity() > QUIET or "error" in line.lower()):
            click.echo(line, err=True)
    if proc.returncode != 0:
        if target is not None:
            target.unlink(missing_ok=True)
        die(f"{input_path}: pandoc failed (exit {proc.returncode}); see the messages above", EXIT_USAGE)
    if target is not None and output is not None:
        os.replace(target, output)
        detail(f"wrote {output} ({Path(output).stat().st_size} bytes)")
    else:
        sys.stdout.buffer.write(proc.stdout)
        sys.stdout.flush()
    if missing:
        raise SystemExit(EXIT_FINDINGS)

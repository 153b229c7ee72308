"""The citations of a pandoc Markdown manuscript against its bibliography (``citekit check paper.md``).

pandoc reads the manuscript (its JSON AST: the ``Cite`` keys in document order, the metadata's
``bibliography:``, ``references:`` and ``nocite:``), so a key is exactly what pandoc would look up.
:func:`check_markdown` reports, with the same findings as the LaTeX and Word checks:

* ``citation-without-reference`` (error): a cited key that is neither in a ``bibliography:`` file
  nor in ``references:``, naming the file and the lines where ``@key`` is written;
* ``reference-not-cited`` (warning): an entry never cited (nor listed in ``nocite``; ``nocite: '@*'``
  cites everything), naming the bibliography it comes from.

Citations by identifier (``[@doi:...]``, ``[@pmid:...]``, ``[@arxiv:...]``, ...) name no entry:
they are counted, not matched (the filter resolves them; an invalid one is a
``citation-without-reference``). The cited entries then go through the usual reference checks
(:func:`citekit.check.check`: each against its published record), and the manuscript's findings
lead the report.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding, Report

if TYPE_CHECKING:
    from citekit.model import Reference

#: pandoc's citation keys: letters, digits, ``_`` and internal punctuation (pandoc manual, "Citation syntax")
_KEY_PUNCT = ":.#$%&-+?<>~/"


class MarkdownError(Exception):
    """The manuscript cannot be read (pandoc missing or failing)."""


@dataclass(slots=True)
class MarkdownCheck:
    """The findings, the problems that kept part of the check from being done, the counts, and the
    cited entries (in order of first citation) that the usual reference checks are run on."""

    report: Report
    problems: list[str] = field(default_factory=list)
    citations: int = 0
    entries: int = 0
    by_identifier: int = 0
    cited: list[Reference] = field(default_factory=list)


def read_ast(path: Path, pandoc: str) -> dict[str, Any]:
    """pandoc's JSON AST of ``path`` (``MarkdownError`` when pandoc cannot run or read it)."""
    try:
        done = subprocess.run([pandoc, str(path), "-f", "markdown", "-t", "json"], capture_output=True, timeout=300,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MarkdownError(f"pandoc ({pandoc}) could not run: {exc}") from exc
    if done.returncode != 0:
        raise MarkdownError(f"{path.name}: pandoc could not read it: {done.stderr.decode('utf-8', 'replace').strip()}")
    doc: dict[str, Any] = json.loads(done.stdout.decode("utf-8"))
    return doc


def key_lines(text: str, key: str) -> list[int]:
    """The 1-based lines where ``@key`` (or ``@{key}``) is written."""
    pattern = re.compile(r"(?<![\w@])@\{?" + re.escape(key) + r"\}?(?![\w]|[" + re.escape(_KEY_PUNCT) + r"][\w])")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]


def _where(name: str, lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:8]) + (f" and {len(lines) - 8} more" if len(lines) > 8 else "")
    return f"{name}, line{'s' if len(lines) > 1 else ''} {shown}" if lines else name


def check_markdown(path: Path, pandoc: str) -> MarkdownCheck:
    """Compare a pandoc Markdown manuscript's citations with its ``bibliography:`` and ``references:``."""
    from citekit.errors import CitekitError
    from citekit.manuscript.ast import meta_list, meta_text, meta_to_plain
    from citekit.manuscript.byid import NOT_YET, prefix_of, standardize
    from citekit.manuscript.pandoc import CiteSpot, FilterError, collect, load_references

    doc = read_ast(path, pandoc)
    text = path.read_text(encoding="utf-8", errors="replace")
    meta = doc.get("meta", {})
    out = MarkdownCheck(Report(input=str(path)))
    try:
        refs, warnings = load_references(meta, path.parent)
    except FilterError as exc:
        out.problems.append(f"{path.name}: {exc}")
        refs, warnings = [], []
    out.problems.extend(f"{path.name}: {w}" for w in warnings)
    bibs = [str(meta_text(v)) for v in meta_list(meta.get("bibliography")) if meta_text(v)]
    inline = {str(item.get("id")) for item in (meta_to_plain(v) for v in meta_list(meta.get("references")))
              if isinstance(item, dict) and item.get("id") is not None}
    if not bibs and not meta_list(meta.get("references")):
        out.problems.append(f"{path.name}: names no bibliography (bibliography: or references: in its metadata)")
    out.entries = len(refs)

    spots: list[CiteSpot] = []
    collect({k: v for k, v in meta.items() if k != "nocite"}, spots)
    collect(doc.get("blocks", []), spots)
    keys = [str(c.get("citationId", "")) for s in spots for c in s.citations]
    nocite: list[CiteSpot] = []
    collect(meta.get("nocite"), nocite)
    nocited = [str(c.get("citationId", "")) for s in nocite for c in s.citations]
    everything = "*" in nocited or "*" in keys
    out.citations = len(keys)

    by_id = {str(r.id): r for r in refs}
    cited_ids: list[str] = []
    missing: list[str] = []
    for key in dict.fromkeys(k for k in keys + nocited if k != "*"):
        if key in by_id:
            cited_ids.append(key)
        elif prefix_of(key) is not None:
            where = _where(path.name, key_lines(text, key))
            try:
                if prefix_of(key) in NOT_YET:
                    raise CitekitError(f"{prefix_of(key)}: identifiers are not resolved")
                standardize(key)
                out.by_identifier += 1
            except CitekitError as exc:
                missing.append(key)
                out.report.findings.append(Finding(
                    Code.CITATION_WITHOUT_REFERENCE, Severity.ERROR,
                    f"@{key} cannot be resolved: {exc.message} (cited at {where})", key=key, cited=where))
        else:
            missing.append(key)
            where = _where(path.name, key_lines(text, key))
            source = ", ".join(bibs + (["references:"] if inline else [])) or "the bibliography"
            out.report.findings.append(Finding(
                Code.CITATION_WITHOUT_REFERENCE, Severity.ERROR, f"@{key} has no entry in {source} (cited at {where})",
                key=key, cited=where))
    if not everything:
        for ref in refs:
            rid = str(ref.id)
            if rid not in cited_ids:
                origin = "references:" if rid in inline else (", ".join(bibs) or "the bibliography")
                out.report.findings.append(Finding(
                    Code.REFERENCE_NOT_CITED, Severity.WARNING, f"entry {rid!r} ({origin}) is never cited",
                    key=rid, cited=origin))
        out.cited = [by_id[i] for i in cited_ids]
    else:
        out.cited = [by_id[i] for i in cited_ids] + [r for r in refs if str(r.id) not in cited_ids]
    return out


__all__ = ["MarkdownCheck", "MarkdownError", "check_markdown", "key_lines", "read_ast"]

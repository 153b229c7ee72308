"""What a manuscript cites, in order of first citation (``citekit format refs.bib --cited-in paper``).

* pandoc Markdown (or anything pandoc reads): the ``Cite`` keys of pandoc's JSON AST in document
  order (the metadata's ``nocite`` last, in the bibliography's order as pandoc does; ``@*`` means everything), pandoc being given by the caller;
* LaTeX ``.tex`` (with its ``\\input`` files) and ``.aux``: the ``\\cite`` keys
  (:func:`citekit.manuscript.latex.scan_tex`; ``\\nocite{*}`` means everything);
* Word ``.docx``: the citations of the text point into the document's own reference list, not to
  keys, so each entry of that list (:mod:`citekit.manuscript.word`, in order of first citation) is
  matched to a record of the bibliography: the same DOI, else the same first author and year with a
  similar title (rapidfuzz ratio >= 80), else the same title.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citekit.model import Reference

#: the suffixes read as LaTeX, as Word; anything else goes through pandoc
LATEX = (".tex", ".aux", ".ltx")
WORD = (".docx",)


class CitedInError(Exception):
    """The manuscript cannot be read (no pandoc for Markdown, not a .docx, pandoc failed)."""


@dataclass(slots=True)
class Cited:
    """The bibliography's ids the manuscript cites, in order of first citation, and what did not match."""

    ids: list[str] = field(default_factory=list)
    #: cited keys (or Word reference-list entries) with no record in the bibliography
    missing: list[str] = field(default_factory=list)
    everything: bool = False


def cited_in(path: Path, references: list[Reference], pandoc: str | None = None) -> Cited:
    """The ids of ``references`` that ``path`` cites, in order of first citation."""
    suffix = path.suffix.lower()
    if suffix in WORD:
        return _word(path, references)
    if suffix in LATEX:
        from citekit.manuscript.latex import scan_tex

        ms = scan_tex(path)
        return _by_key([c.key for c in ms.citations], references, ms.cites_everything)
    if pandoc is None:
        raise CitedInError(f"{path}: reading the citations of a Markdown manuscript needs pandoc "
                           "(install pandoc or `pip install pypandoc-binary`, or set CITEKIT_PANDOC)")
    return _pandoc(path, references, pandoc)


def _by_key(keys: list[str], references: list[Reference], everything: bool) -> Cited:
    known = {str(r.id) for r in references}
    out = Cited(everything=everything)
    for key in dict.fromkeys(keys):
        (out.ids if key in known else out.missing).append(key)
    if everything:
        out.ids += [str(r.id) for r in references if str(r.id) not in out.ids]
    return out


def _pandoc(path: Path, references: list[Reference], pandoc: str) -> Cited:
    from citekit.manuscript.pandoc import CiteSpot, collect

    try:
        done = subprocess.run([pandoc, str(path), "-t", "json"], capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CitedInError(f"pandoc ({pandoc}) could not run: {exc}") from exc
    if done.returncode != 0:
        raise CitedInError(f"{path}: pandoc could not read it: {done.stderr.decode('utf-8', 'replace').strip()}")
    doc = json.loads(done.stdout.decode("utf-8"))
    meta = doc.get("meta", {})
    spots: list[CiteSpot] = []
    collect({k: v for k, v in meta.items() if k != "nocite"}, spots)
    collect(doc.get("blocks", []), spots)
    keys = [str(c.get("citationId")) for s in spots for c in s.citations]
    nocite: list[CiteSpot] = []
    collect(meta.get("nocite"), nocite)
    extra = {str(c.get("citationId")) for s in nocite for c in s.citations}
    # jgm/citeproc (pandoc) adds the nocite'd entries in the bibliography's order, not nocite's
    keys += [str(r.id) for r in references if str(r.id) in extra]
    return _by_key([k for k in keys if k != "*"], references, "*" in keys or "*" in extra)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum()).lower()


def _signature(ref: Reference) -> tuple[str, str, str]:
    first = ""
    for n in ref.author or ref.editor or []:
        first = _fold(n.family or n.literal or "")
        break
    parts = ref.issued.date_parts if ref.issued is not None and ref.issued.date_parts else None
    year = str(parts[0][0]) if parts and parts[0] else ""
    return first, year, _fold(ref.title or "")


def match_record(entry: Reference, references: list[Reference]) -> Reference | None:
    """The record of ``references`` that a parsed reference-list entry is: same DOI, else same first
    author and year with a similar title, else the same title."""
    from rapidfuzz import fuzz

    if entry.doi:
        for r in references:
            if r.doi and r.doi.lower() == entry.doi.lower():
                return r
    author, year, title = _signature(entry)
    best: tuple[float, Reference | None] = (0.0, None)
    for r in references:
        a, y, t = _signature(r)
        score = fuzz.ratio(title, t) if title and t else 0.0
        if a == author and y == year and score >= 80 or score >= 95:
            best = max(best, (score, r), key=lambda x: x[0])
    return best[1]


def _word(path: Path, references: list[Reference]) -> Cited:
    from citekit.errors import CitekitError
    from citekit.manuscript.word import check_word

    try:
        done = check_word(path)
    except CitekitError as exc:
        raise CitedInError(str(exc)) from exc
    if done.problems and not done.references:
        raise CitedInError("; ".join(done.problems))
    entries = {str(r.id): r for r in done.references}
    out = Cited()
    for rid in done.cited_order:
        record = match_record(entries[rid], references)
        if record is None:
            out.missing.append(f"reference-list entry {rid.removeprefix('ref-')} ({(entries[rid].title or 'untitled')[:50]})")
        elif str(record.id) not in out.ids:
            out.ids.append(str(record.id))
    return out

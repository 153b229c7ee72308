"""The citations of a LaTeX manuscript against its bibliography (``citekit check paper.tex``).

:func:`scan_tex` finds every citation command (``\\cite``, ``\\citep``, ``\\citet``, ``\\parencite``,
``\\textcite``, ``\\autocite``, ``\\footcite``, ``\\citeauthor``, ``\\nocite``, biblatex's multi-cites
``\\cites{a}{b}``... with their starred forms and optional arguments) with the file and line of
each key, following ``\\input``/``\\include``, and the bibliography files it names
(``\\bibliography{refs}``, ``\\addbibresource{refs.bib}``). An ``.aux`` file is read the same way
(``\\citation{key}``, ``\\bibdata{refs}``, biblatex's ``\\abx@aux@cite``).

:func:`check_manuscript` compares them: a cited key with no entry
(``citation-without-reference``, error, naming the file and line of every place it is cited), an
entry never cited (``reference-not-cited``, warning, naming the line of the entry), and a key
defined twice in the .bib (``duplicate``, error, naming both lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding, Report

_CITE = re.compile(r"\\(?P<cmd>[A-Za-z]*cite[A-Za-z]*|nocite)\*?(?![A-Za-z])")
_OPT = re.compile(r"\s*(?:\[[^\]]*\]|\([^)]*\))")
_ARG = re.compile(r"\s*\{([^{}]*)\}")
_BIB = re.compile(r"\\(?:bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")
_INPUT = re.compile(r"\\(?:input|include|subfile)\s*\{([^{}]*)\}")
_AUX_CITE = re.compile(r"\\(?:citation|abx@aux@cite)\s*(?:\{\d+\})?\s*\{([^{}]*)\}")
_AUX_BIB = re.compile(r"\\bibdata\s*\{([^{}]*)\}")
_AUX_INPUT = re.compile(r"\\@input\s*\{([^{}]*)\}")
_ENTRY = re.compile(r"^[ \t]*@(?P<type>[A-Za-z]+)\s*[{(]\s*(?P<key>[^,\s{}()]+)\s*,", re.MULTILINE)
_NOT_ENTRIES = {"string", "preamble", "comment"}
#: commands that look like citations but take no keys (biblatex's \citestyle, natbib's \citenum is a key)
_NOT_CITES = {"citestyle", "citesetup", "citeauthorstar", "citetitlestar"}


@dataclass(frozen=True, slots=True)
class Citation:
    """One key cited in the text: where (file, line) and by which command."""

    key: str
    file: str
    line: int
    command: str


@dataclass(slots=True)
class Manuscript:
    """What a LaTeX (or .aux) manuscript cites and which bibliography files it names."""

    citations: list[Citation] = field(default_factory=list)
    bibliographies: list[Path] = field(default_factory=list)
    cites_everything: bool = False
    missing_files: list[str] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    """The line without its ``%`` comment (an escaped ``\\%`` stays)."""
    m = re.search(r"(?<!\\)%", line)
    return line[: m.start()] if m else line


def scan_tex(path: Path, found: Manuscript | None = None, seen: set[Path] | None = None) -> Manuscript:
    """Citations and bibliography files of ``path`` and the files it ``\\input``s (each once)."""
    found = found or Manuscript()
    seen = seen if seen is not None else set()
    path = path.resolve()
    if path in seen:
        return found
    seen.add(path)
    if path.suffix == ".aux":
        return _scan_aux(path, found, seen)
    text = path.read_text(encoding="utf-8", errors="replace")
    folder = path.parent
    name = path.name
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        for m in _CITE.finditer(line):
            if m.group("cmd") in _NOT_CITES:
                continue
            pos = m.end()
            groups = 0
            while True:  # optional [pre][post] or (multi-cite) arguments, then {keys}; \cites repeats
                while (o := _OPT.match(line, pos)) is not None:
                    pos = o.end()
                a = _ARG.match(line, pos)
                if a is None:
                    break
                pos = a.end()
                groups += 1
                for key in (k.strip() for k in a.group(1).split(",")):
                    if key == "*":
                        found.cites_everything = True
                    elif key:
                        found.citations.append(Citation(key, name, number, "\\" + m.group("cmd")))
                if not m.group("cmd").endswith("cites"):
                    break
        for m in _BIB.finditer(line):
            for part in m.group(1).split(","):
                if part.strip():
                    bib = folder / part.strip()
                    found.bibliographies.append(bib if bib.suffix == ".bib" else bib.with_name(bib.name + ".bib"))
        for m in _INPUT.finditer(line):
            child = folder / m.group(1).strip()
            if not child.suffix:
                child = child.with_name(child.name + ".tex")
            if child.is_file():
                scan_tex(child, found, seen)
            else:
                found.missing_files.append(f"{name}, line {number}: \\input file {m.group(1).strip()!r} not found")
    return found


def _scan_aux(path: Path, found: Manuscript, seen: set[Path]) -> Manuscript:
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        for m in _AUX_INPUT.finditer(line):  # an \include'd chapter's own .aux
            child = path.parent / m.group(1).strip()
            if child.is_file():
                scan_tex(child, found, seen)
        for m in _AUX_CITE.finditer(line):
            for key in (k.strip() for k in m.group(1).split(",")):
                if key == "*":
                    found.cites_everything = True
                elif key:
                    found.citations.append(Citation(key, path.name, number, "\\citation"))
        for m in _AUX_BIB.finditer(line):
            for part in m.group(1).split(","):
                if part.strip():
                    found.bibliographies.append(path.parent / (part.strip() + ".bib"))
    return found


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry's key, type and line in a .bib file."""

    key: str
    type: str
    file: str
    line: int


def scan_bib(path: Path) -> list[BibEntry]:
    """Every entry's key and line (``@string``, ``@preamble`` and ``@comment`` left out)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for m in _ENTRY.finditer(text):
        if m.group("type").lower() in _NOT_ENTRIES:
            continue
        out.append(BibEntry(m.group("key"), m.group("type").lower(), path.name, text.count("\n", 0, m.start()) + 1))
    return out


def _where(cites: list[Citation]) -> str:
    places = [f"{c.file}, line {c.line}" for c in cites[:5]]
    more = f" and {len(cites) - 5} more" if len(cites) > 5 else ""
    return "; ".join(places) + more


@dataclass(slots=True)
class ManuscriptCheck:
    """The findings, the problems that kept part of the check from being done (a named .bib that
    does not exist, an ``\\input`` file not found), and how many citations and entries were read."""

    report: Report
    problems: list[str]
    citations: int
    entries: int


def check_manuscript(path: Path, bibliographies: list[Path] | None = None) -> ManuscriptCheck:
    """Compare a .tex (or .aux) manuscript's citations with its .bib files."""
    ms = scan_tex(path)
    problems = list(ms.missing_files)
    bibs = list(dict.fromkeys(bibliographies or ms.bibliographies))
    if not bibs:
        guess = path.with_suffix(".bib")
        if guess.is_file():
            bibs = [guess]
        else:
            problems.append(f"{path.name}: names no bibliography (\\bibliography or \\addbibresource) and {guess.name} does not exist")
    entries: list[BibEntry] = []
    for bib in bibs:
        if bib.is_file():
            entries.extend(scan_bib(bib))
        else:
            problems.append(f"{path.name}: bibliography {bib.name} not found")
    report = Report(input=str(path))
    by_key: dict[str, list[BibEntry]] = {}
    for e in entries:
        by_key.setdefault(e.key, []).append(e)
    cited: dict[str, list[Citation]] = {}
    for c in ms.citations:
        cited.setdefault(c.key, []).append(c)
    for key, defs in by_key.items():
        if len(defs) > 1:
            lines = ", ".join(f"{d.file} line {d.line}" for d in defs)
            report.findings.append(Finding(Code.DUPLICATE, Severity.ERROR, f"key {key!r} is defined {len(defs)} times ({lines})",
                                           key=key, cited=lines))
    if entries or not problems:
        for key, cites in cited.items():
            if key not in by_key:
                report.findings.append(Finding(
                    Code.CITATION_WITHOUT_REFERENCE, Severity.ERROR,
                    f"{cites[0].command}{{{key}}} has no entry in {', '.join(b.name for b in bibs) or 'the bibliography'} "
                    f"(cited at {_where(cites)})", key=key, cited=_where(cites)))
    if not ms.cites_everything:
        for key, defs in by_key.items():
            if key not in cited:
                report.findings.append(Finding(
                    Code.REFERENCE_NOT_CITED, Severity.WARNING,
                    f"entry {key!r} ({defs[0].file}, line {defs[0].line}) is never cited", key=key,
                    cited=f"{defs[0].file}, line {defs[0].line}"))
    return ManuscriptCheck(report, problems, len(ms.citations), len(entries))

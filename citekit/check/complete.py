"""Completing a bibliography: fill what is missing from the authoritative record, never overwrite.

:func:`complete` checks the references (the same identification as :func:`citekit.check.check`),
then, for each one confidently identified, adds the DOI, PMID, issue, pages or article number,
the journal abbreviation and the author list when the citation has none or ends in "et al" / "and
others" with the shown authors agreeing. What the user wrote and the record contradicts is a
conflict: reported (the check's error findings), never resolved. :func:`write_back` writes the
same format back; BibTeX is patched in place by the BibTeX format
(:mod:`citekit.formats.bibtex.patch`: CSL variables in, field names and encodings from its tables).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import Any

from citekit.check.codes import Code, Severity
from citekit.check.normalise import family_key
from citekit.check.report import Finding, Report
from citekit.check.rules.authors import cited_authors
from citekit.model import Name, Reference

#: CSL variables :func:`complete` may fill, in the order they are added
FILLABLE = ("DOI", "PMID", "issue", "page", "container-title-short", "author")
#: findings that mean the record may not be the cited work: nothing is filled from it
_UNTRUSTED = {Code.DOI_MISMATCH, Code.UNRESOLVABLE_DOI}
#: a conflict on a field blocks filling the variables that would restate it differently
_BLOCKS = {Code.JOURNAL_MISMATCH: "container-title-short", Code.AUTHOR_MISMATCH: "author",
           Code.PAGES_MISMATCH: "page", Code.ISSUE_MISMATCH: "issue"}


@dataclass(frozen=True)
class Change:
    """One field added to one reference."""

    ref: int
    key: str
    field: str
    value: Any
    source: str | None

    def __str__(self) -> str:
        shown = ", ".join(n.display() for n in self.value) if isinstance(self.value, list) else self.value
        return f"ref {self.ref} ({self.key}): + {self.field} = {shown} ({self.source})"


@dataclass
class Completion:
    """The completed references, what was added, and the conflicts left to the user."""

    references: list[Reference]
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    report: Report | None = None
    #: the references as given (before completion)
    cited: list[Reference] = field(default_factory=list)
    #: changes found but not written (an existing BibTeX author list is never rewritten in place)
    skipped: list[Change] = field(default_factory=list)


def _authors_to_fill(cited: Reference, record: Reference) -> list[Name] | None:
    names = [n for n in (record.author or []) if n.family or n.literal]
    if not names or record.extensions.authors_complete is False:
        return None
    shown, et_al = cited_authors(cited)
    if not shown:
        return names
    if not et_al or len(shown) >= len(names):
        return None
    for a, b in zip(shown, names, strict=False):  # the authors shown must be the record's first ones
        if family_key(a.family_full if not a.is_literal else a.literal) != family_key(b.family_full if not b.is_literal else b.literal):
            return None
    return names


def fill(cited: Reference, record: Reference) -> dict[str, Any]:
    """The CSL variables to add to ``cited`` from ``record`` (only those ``cited`` lacks)."""
    have = cited.to_csl()
    out: dict[str, Any] = {}
    page = record.page if record.page is not None else record.extensions.deposit.article_number
    values = {"DOI": record.doi, "PMID": record.pmid, "issue": record.issue, "page": page,
              "container-title-short": record.container_title_short}
    for var, value in values.items():
        if value in (None, ""):
            continue
        if var == "container-title-short" and (have.get("journalAbbreviation") or not have.get("container-title")):
            continue
        if var == "page" and have.get("number") not in (None, ""):
            continue
        if have.get(var) in (None, "", []):
            out[var] = value
    authors = _authors_to_fill(cited, record)
    if authors is not None:
        out["author"] = authors
    return out


def complete(source: Any, *, document: Any = None, offline: bool | None = None, config: Any = None,
             resolver: Any = None) -> Completion:
    """Check ``source`` and fill what each reference lacks from its record; returns a :class:`Completion`."""
    from citekit.check.engine import _read, check

    refs, _ = _read(source)
    report = check(refs, document=document, offline=offline, config=config, resolver=resolver)
    done: list[Reference] = []
    changes: list[Change] = []
    conflicts: list[Finding] = []
    for cited, result in zip(refs, report.references, strict=True):
        ref = cited.model_copy(deep=True)
        done.append(ref)
        codes = {f.code for f in result.findings}
        conflicts.extend(f for f in result.findings if f.severity == Severity.ERROR)
        if result.record is None or codes & _UNTRUSTED:
            continue
        blocked = {var for code, var in _BLOCKS.items() if code in codes}
        for var, value in fill(cited, result.record).items():
            if var in blocked:
                continue
            data = ref.to_csl()
            data[var] = [n.to_csl() for n in value] if var == "author" else value
            ref = Reference.from_csl(data)
            if var == "author":  # the list is now the record's whole list
                ext = ref.extensions
                ext.mark_authors_complete()
                ref.extensions = ext
            done[-1] = ref
            changes.append(Change(result.number, result.key, var, value, result.source))
    return Completion(done, changes, conflicts, report, cited=list(refs))


def updated_text(original: str, fmt: str, completion: Completion) -> str:
    """The completed file's text in its own format (BibTeX patched in place, others re-written)."""
    if fmt in ("bibtex", "biblatex"):
        from citekit.formats.bibtex.patch import add_variables

        adds: dict[str, dict[str, Any]] = {}
        types: dict[str, str | None] = {}
        kept: list[Change] = []
        for c in completion.changes:
            if c.field == "author" and completion.report is not None and _had_authors(completion, c.ref):
                completion.skipped.append(c)  # "and others" stays: rewriting the field would change a user's line
                continue
            kept.append(c)
            adds.setdefault(c.key, {})[c.field] = c.value
            types[c.key] = completion.references[c.ref - 1].type if 0 < c.ref <= len(completion.references) else None
        patched = add_variables(original, adds, types=types, dialect="biblatex" if fmt == "biblatex" else "bibtex")
        unwritten = {(key, var) for key, var, _ in patched.skipped}
        completion.changes = [c for c in kept if (c.key, c.field) not in unwritten]
        completion.skipped.extend(c for c in kept if (c.key, c.field) in unwritten)
        return patched.text
    from citekit.formats import dumps

    return dumps(completion.references, fmt).text


def _had_authors(completion: Completion, number: int) -> bool:
    assert completion.report is not None
    return bool(completion.cited[number - 1].author) if completion.cited else False


def diff(original: str, updated: str, name: str) -> str:
    """A unified diff of the file before and after."""
    return "".join(difflib.unified_diff(original.splitlines(keepends=True), updated.splitlines(keepends=True),
                                        fromfile=f"a/{os.path.basename(name)}", tofile=f"b/{os.path.basename(name)}"))


__all__ = ["FILLABLE", "Change", "Completion", "complete", "diff", "fill", "updated_text"]

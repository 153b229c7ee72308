"""``citekit show [DOCUMENT]``: a document's references as a table (number, first author, year,
journal, DOI, the subjects each supports (its drugs, for the shipped document), trial).

Verified values are shown as they are. A value known only from the page's own citation, or only
inferred (the record's unverified values, ``Curation.unverified``), is shown with a trailing
:data:`MARK` and explained by a legend line; an NCT number that is only an inferred match is
marked the same way. Heavy modules are imported inside the command so ``citekit --help`` stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from citekit.cli.common import chosen_format, die, emit, output_option, to_option, verbosity_options

if TYPE_CHECKING:
    from citekit.document import Document
    from citekit.model import Name, Reference

MARK = "*"
NONE = "—"
LEGEND = (
    f"{MARK} not verified: the page's own value or an inferred one, not seen in a published record "
    "(see custom.unverified in references.json)"
)
COLUMNS = ["#", "First author", "Year", "Journal", "DOI", "Drug", "Trial"]
SUBJECT_COLUMN = 5


def columns_for(doc: Document) -> list[str]:
    """The header: the subjects' column is named after their kind ("Drug") when they share one."""
    kinds = {s.kind for s in doc.subjects}
    label = next(iter(kinds)).capitalize() if len(kinds) == 1 else "Subject"
    return [*COLUMNS[:SUBJECT_COLUMN], label, *COLUMNS[SUBJECT_COLUMN + 1:]]


@dataclass
class Row:
    """One reference as shown: plain values (``None`` when absent) and the columns not verified."""

    number: int
    id: str
    first_author: str | None
    year: int | None
    journal: str | None
    doi: str | None
    drugs: list[str]
    trial: str | None
    nct: str | None
    unverified: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        """The row as table cells, with the mark on unverified values and "—" for missing ones."""

        def cell(key: str, value: object) -> str:
            if value is None or value == "":
                return NONE
            return f"{value}{MARK}" if key in self.unverified else str(value)

        nct = cell("nct", self.nct) if self.nct else None
        trial = f"{self.trial} ({nct})" if self.trial and nct else (self.trial or nct or NONE)
        return [
            str(self.number),
            cell("first_author", self.first_author),
            cell("year", self.year),
            cell("journal", self.journal),
            cell("doi", self.doi),
            ", ".join(self.drugs) or NONE,
            trial,
        ]

    def to_json(self) -> dict[str, Any]:
        """The row for ``--to json``."""
        return {
            "number": self.number,
            "id": self.id,
            "first_author": self.first_author,
            "year": self.year,
            "journal": self.journal,
            "doi": self.doi,
            "drugs": self.drugs,
            "trial": self.trial,
            "nct": self.nct,
            "unverified": self.unverified,
        }


def _short_name(name: Name) -> str:
    """``Morris VK`` (family and initials) or an organisation's literal name."""
    if name.is_literal:
        return name.literal or ""
    initials = "".join(run[0].upper() for run in re.findall(r"[^\W\d_]+", name.given_full))
    return f"{name.family_full} {initials}".strip()


def build_rows(doc: Document) -> list[Row]:
    """One :class:`Row` per reference, in page order."""
    rows = []
    for number, ref in enumerate(doc.references, start=1):
        unverified: list[str] = []
        authors = ref.author if ref.author else _unverified_attr(ref, "author", "first_author", unverified)
        first = _short_name(authors[0]) if authors else None
        issued = ref.issued if ref.issued is not None else _unverified_attr(ref, "issued", "year", unverified)
        year = issued.year if issued is not None else None
        journal = ref.container_title_short or ref.container_title
        if journal is None:
            journal = _unverified_attr(ref, "container-title-short", "journal", unverified) or _unverified_attr(
                ref, "container-title", "journal", unverified
            )
        doi = ref.doi if ref.doi else _unverified_attr(ref, "DOI", "doi", unverified)
        link = doc.trial(number)
        nct = link.nct if link else None
        if link is not None and link.nct and not link.nct_confirmed:
            unverified.append("nct")
        rows.append(
            Row(
                number=number,
                id=str(ref.id),
                first_author=first,
                year=year,
                journal=journal,
                doi=doi,
                drugs=[d.name for d in doc.subjects_for(number)],
                trial=link.trial if link else None,
                nct=nct,
                unverified=list(dict.fromkeys(unverified)),
            )
        )
    return rows


def _unverified_attr(ref: Reference, variable: str, key: str, unverified: list[str]) -> Any:
    """The typed unverified value of ``variable`` (a Name list, a Date, a str), noting ``key``."""
    from citekit.model import Reference

    curation = ref.extensions.curation
    if variable not in (curation.unverified or {}):
        return None
    unverified.append(key)
    typed = curation.unverified_values()
    return next(getattr(typed, name) for name, f in Reference.model_fields.items() if (f.alias or name) == variable)


def render_table(rows: list[Row], columns: list[str] = COLUMNS) -> str:
    """A plain-text table: columns separated by two spaces, a dashed rule under the header."""
    grid = [columns, *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    out = []
    for index, line in enumerate(grid):
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def render_markdown(rows: list[Row], columns: list[str] = COLUMNS) -> str:
    """A GitHub-flavoured Markdown pipe table ("|" and "*" in a cell are escaped)."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("*", "\\*") for c in cells) + " |"

    out = [line(columns), "|" + "|".join("---" for _ in columns) + "|"]
    out.extend(line(r.cells()) for r in rows)
    return "\n".join(out) + "\n"


@click.command("show")
@click.argument("document", required=False, default=None, metavar="[DOCUMENT]")
@to_option(["table", "json", "markdown"], "table", "Output format.", deprecated=["--format"])
@output_option()
@verbosity_options
def show(document: str | None, to_fmt: str | None, output: str | None) -> None:
    """Show a document's references: number, first author, year, journal, DOI, drug and trial.

    DOCUMENT is a shipped document's name (default: the only one shipped) or a folder holding
    document.json, references.json and citations.txt. Values marked * are not verified.
    """
    import json

    from citekit.document import list_documents, load_document
    from citekit.errors import CitekitError

    fmt = chosen_format(to_fmt, "table")
    shipped = list_documents()
    if document is None and len(shipped) != 1:
        die(f"name a document to show (shipped: {', '.join(shipped) or 'none'})")
    try:
        doc = load_document(document or shipped[0])
    except CitekitError as exc:
        die(str(exc))
    rows = build_rows(doc)
    marked = any(r.unverified for r in rows)
    if fmt == "json":
        payload = {
            "document": {"id": doc.id, "title": doc.title, "publisher": doc.publisher,
                         "revised": doc.revised.isoformat() if doc.revised else None},
            "references": [r.to_json() for r in rows],
            "legend": LEGEND if marked else None,
        }
        emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", output)
        return
    about = ", ".join(p for p in (doc.publisher, doc.revised and f"revised {doc.revised.isoformat()}") if p)
    heading = f"{doc.title}{f' ({about})' if about else ''}: {len(rows)} references"
    if fmt == "markdown":
        emit(f"**{heading}**\n\n" + render_markdown(rows, columns_for(doc)) + (f"\n\\{LEGEND}\n" if marked else ""), output)
        return
    emit(heading + "\n\n" + render_table(rows, columns_for(doc)) + (f"\n{LEGEND}\n" if marked else ""), output)

"""``crossref`` and ``xdata`` inheritance, resolved on the raw fields before they are mapped to CSL.

BibLaTeX (biber) inherits by the table of the biblatex manual, appendix B ("Default
inheritance setup"): a field the child lacks comes from its ``crossref`` parent under the same
name, except where the table renames it for the pair of entry types: a ``@book``'s ``title``
is an ``@inbook``'s ``booktitle``, an ``@mvbook``'s ``title`` a ``@book``'s ``maintitle``, a
``@periodical``'s ``title`` an ``@article``'s ``journaltitle``, and its ``shorttitle`` is not
inherited at all. Fields that identify or steer an entry (``ids``, ``crossref``, ``xref``,
``entryset``, ``label``, ``options``, ``sortkey``, ...) are never inherited. BibTeX copies every
field the child lacks under its own name (Patashnik, *BibTeXing*, §4). ``xdata = {a, b}``
(BibLaTeX) copies the fields of those ``@xdata`` entries as they are; ``@xdata`` entries are data
for others, not references.

Chains resolve (an ``@inbook`` → ``@book`` → ``@mvbook``); a missing parent, a cycle or an
``xdata`` key naming no ``@xdata`` entry is a warning naming the entry, field and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from citekit.formats.bibtex.mapping import Dialect

Fields = list[tuple[str, str, "int | None"]]

#: never inherited (biblatex manual, appendix B: "the following fields are never inherited")
NEVER = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
    "shorthandintro", "sortkey",
})


def _titles(prefix: str | None) -> dict[str, tuple[str, ...]]:
    """title/subtitle/titleaddon → ``{prefix}title`` ...; the short and sort titles are not inherited."""
    out: dict[str, tuple[str, ...]] = {
        name: (() if prefix is None else (f"{prefix}{name}",)) for name in ("title", "subtitle", "titleaddon")
    }
    out.update({name: () for name in ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")})
    return out


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


#: (parent types, child types, field → fields it becomes in the child), biblatex manual appendix B
INHERITANCE: tuple[tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]], ...] = (
    (_types("mvbook", "book"), _types("inbook", "bookinbook", "suppbook"), {"author": ("author", "bookauthor")}),
    (_types("mvbook"), _types("book", "inbook", "bookinbook", "suppbook"), _titles("main")),
    (_types("mvcollection", "mvreference"),
     _types("collection", "reference", "incollection", "inreference", "suppcollection"), _titles("main")),
    (_types("mvproceedings"), _types("proceedings", "inproceedings"), _titles("main")),
    (_types("book"), _types("inbook", "bookinbook", "suppbook"), _titles("book")),
    (_types("collection", "reference"), _types("incollection", "inreference", "suppcollection"), _titles("book")),
    (_types("proceedings"), _types("inproceedings"), _titles("book")),
    (_types("periodical"), _types("article", "suppperiodical"), {
        "title": ("journaltitle",), "subtitle": ("journalsubtitle",), "titleaddon": ("journaltitleaddon",),
        "shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}),
)


def renames(parent_type: str, child_type: str) -> dict[str, tuple[str, ...]]:
    """How the fields of a ``parent_type`` entry are named in a ``child_type`` entry (BibLaTeX)."""
    out: dict[str, tuple[str, ...]] = {}
    for parents, children, table in INHERITANCE:
        if parent_type in parents and child_type in children:
            out.update(table)
    return out


@dataclass
class RawEntry:
    """One entry's type, key, line and fields (first value of each name), before mapping."""

    entry_type: str
    key: str
    line: int | None
    fields: Fields
    #: the names of the fields that came from the crossref parent (it holds them when written back)
    inherited: set[str] = field(default_factory=set)

    def get(self, name: str) -> tuple[str, int | None] | None:
        return next(((v, ln) for n, v, ln in self.fields if n == name), None)


Warn = Callable[[str, str, str | None, int | None], None]  # (message, entry key, field, line)


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.strip().strip("{}").split(",") if k.strip()]


class Inheritance:
    """Resolves ``crossref`` and ``xdata`` for the entries of one file (see the module docstring)."""

    def __init__(self, entries: list[RawEntry], dialect: Dialect, warn: Warn) -> None:
        self.by_key = {e.key.casefold(): e for e in reversed(entries)}  # the first of a duplicate key
        self.dialect = dialect
        self.warn = warn
        self.done: set[int] = set()

    def resolve(self, entry: RawEntry, path: tuple[str, ...] = ()) -> RawEntry:
        """``entry`` with what it inherits added after its own fields (idempotent, cycles reported)."""
        if id(entry) in self.done:
            return entry
        path = (*path, entry.key.casefold())
        xdata = entry.get("xdata")
        if xdata is not None:
            for key in _keys(xdata[0]):
                source = self._find(entry, key, "xdata", xdata[1], path)
                if source is None:
                    continue
                if source.entry_type != "xdata":
                    self.warn(f"xdata {key!r} is a @{source.entry_type}, not an @xdata entry; its fields are used all the same",
                              entry.key, "xdata", xdata[1])
                self._take(entry, source, {}, mark=False)  # its own now: written back with the entry
        crossref = entry.get("crossref")
        if crossref is not None and crossref[0].strip():
            key = crossref[0].strip().strip("{}").strip()
            parent = self._find(entry, key, "crossref", crossref[1], path)
            if parent is not None:
                table = renames(parent.entry_type, entry.entry_type) if self.dialect == "biblatex" else {}
                self._take(entry, parent, table)
        self.done.add(id(entry))
        return entry

    def _find(self, entry: RawEntry, key: str, fld: str, line: int | None, path: tuple[str, ...]) -> RawEntry | None:
        source = self.by_key.get(key.casefold())
        if source is None:
            self.warn(f"{fld} {key!r} names no entry in this file; nothing inherited from it", entry.key, fld, line)
            return None
        if key.casefold() in path:
            self.warn(f"{fld} {key!r} leads back to this entry (a cycle); not followed", entry.key, fld, line)
            return None
        return self.resolve(source, path)

    def _take(self, child: RawEntry, parent: RawEntry, table: dict[str, tuple[str, ...]], mark: bool = True) -> None:
        have = {name for name, _, _ in child.fields}
        for name, value, _ in parent.fields:
            if name in NEVER:
                continue
            for target in table.get(name, (name,)):
                if target not in have:
                    child.fields.append((target, value, None))
                    if mark:
                        child.inherited.add(target)
                    have.add(target)


__all__ = ["INHERITANCE", "NEVER", "Inheritance", "RawEntry", "renames"]

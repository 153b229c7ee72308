"""Hand-labelled reference strings for training and measuring the learned parser.

Two annotation schemes are read into one shape, :class:`Labelled` (the string and its labelled
character spans), with one label set (:data:`LABELS`):

* AnyStyle's ``<dataset><sequence><author>…</author><title>…</title>…</sequence>`` (every
  character of the string is inside some field; the string is the fields joined by spaces);
* GROBID's TEI ``<bibl>`` (fields are elements; the text between them, ``.``, ``In``, ``pp.``,
  is kept in the string but unlabelled).

The held-out split (:func:`split_of`) is fixed once, by file and position, never by a random
draw: see :data:`SPLIT_RULES`. Nothing here needs the network or the trained model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: the unified label set (``O``: text that belongs to no field: punctuation, "In", "pp.")
LABELS = (
    "author", "editor", "translator", "title", "journal", "container-title", "collection-title",
    "date", "volume", "issue", "pages", "publisher", "location", "edition", "doi", "url",
    "identifier", "genre", "note", "citation-number", "O",
)  # fmt: skip

_ANYSTYLE = {
    "author": "author", "editor": "editor", "translator": "translator", "title": "title",
    "journal": "journal", "container-title": "container-title", "collection-title": "collection-title",
    "date": "date", "volume": "volume", "pages": "pages", "publisher": "publisher",
    "location": "location", "edition": "edition", "doi": "doi", "url": "url", "isbn": "identifier",
    "genre": "genre", "medium": "genre", "note": "note", "source": "note", "dataset": "note",
    "citation-number": "citation-number", "director": "author", "producer": "author",
}  # fmt: skip


@dataclass
class Labelled:
    """One reference string with its labelled spans ``(start, end, label)``, in order."""

    text: str
    spans: list[tuple[int, int, str]]
    source: str  # file (and position) it came from, e.g. "grobid/citations.xml#1520"
    group: str  # corpus group for reporting: anystyle, biomedical, grobid-other, grobid-cs
    meta: dict[str, str] = field(default_factory=dict)

    def segments(self) -> list[tuple[str, str]]:
        """``(label, text)`` per labelled span."""
        return [(lab, self.text[a:b]) for a, b, lab in self.spans]


class _Builder:
    """Joins pieces into one string; ``spaced``: a space between pieces (AnyStyle), else the
    pieces' own whitespace, runs collapsed to one space (GROBID keeps it in the text between tags)."""

    def __init__(self, spaced: bool = True) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.size = 0
        self.spaced = spaced

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def add(self, text: str, label: str | None) -> None:
        if self.spaced:
            text = " ".join(text.split())
            if not text:
                return
            if self.parts:
                self._put(" ")
        else:
            text = re.sub(r"\s+", " ", text)
            if not self.parts or self.parts[-1].endswith(" "):
                text = text.lstrip()
            if not text:
                return
            if label is not None and text.startswith(" "):
                self._put(" ")
                text = text.lstrip()
            if label is not None:
                core = text.rstrip()
                start = self.size
                self._put(core)
                if core:
                    self.spans.append((start, self.size, label))
                if len(core) < len(text):
                    self._put(" ")
                return
        start = self.size
        self._put(text)
        if label is not None:
            self.spans.append((start, self.size, label))

    def text(self) -> str:
        return "".join(self.parts).rstrip()


# ------------------------------------------------------------------ AnyStyle
_VOL_ISSUE = re.compile(r"^(?P<vol>.*?\d[\w.]*)\s*(?P<issue>\([^)]{1,20}\))(?P<rest>.*)$")
_NO_ISSUE = re.compile(r"^(?P<vol>.*?\d[\w.]*)\s*,?\s*(?P<issue>(?:no|nr|n°|issue)\.?\s*\d[\w/-]*)(?P<rest>.*)$", re.IGNORECASE)


def _split_volume(b: _Builder, text: str) -> None:
    """AnyStyle has no issue label: ``25(3),`` is a volume; here ``25`` volume, ``(3),`` issue."""
    text = " ".join(text.split())
    m = _VOL_ISSUE.match(text) or _NO_ISSUE.match(text)
    if not m:
        b.add(text, "volume")
        return
    vol, issue, rest = m.group("vol"), m.group("issue"), m.group("rest")
    b.add(vol, "volume")
    # the issue follows the volume directly when there was no space ("25(3)")
    gap = text[len(vol) : text.index(issue, len(vol))]
    if not gap:
        start = b.size
        b._put(issue + rest)
        b.spans.append((start, b.size, "issue"))
    else:
        b.add(issue + rest, "issue")


def load_anystyle(path: Path) -> list[Labelled]:
    """The ``<sequence>`` elements of one AnyStyle file."""
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    root = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False)).getroot()
    out = []
    for n, seq in enumerate(root.iter("sequence")):
        b = _Builder()
        for el in seq:
            if not isinstance(el.tag, str):
                continue
            label = _ANYSTYLE.get(el.tag, "note")
            value = "".join(el.itertext())
            if label == "volume":
                _split_volume(b, value)
            else:
                b.add(value, label)
        if b.spans:
            out.append(Labelled(b.text(), b.spans, f"anystyle/{path.name}#{n}", "anystyle"))
    return out


# ------------------------------------------------------------------ GROBID
_TEI = "{http://www.tei-c.org/ns/1.0}"


def _grobid_label(tag: str, attrs: dict[str, str], has_analytic: bool) -> str | None:
    kind = (attrs.get("type") or attrs.get("unit") or attrs.get("level") or "").lower()
    if tag == "author":
        return "author"
    if tag == "editor":
        return "editor"
    if tag == "title":
        level = attrs.get("level", attrs.get("leve", "a"))
        if level == "j":
            return "journal"
        if level == "m":
            return "container-title" if has_analytic else "title"
        if level == "s":
            return "collection-title"
        return "title"
    if tag == "date":
        return "date"
    if tag == "biblScope":
        if kind in ("vol", "volume"):
            return "volume"
        if kind == "issue":
            return "issue"
        if kind in ("pp", "page", "pages"):
            return "pages"
        return "note"
    if tag in ("publisher", "publishe", "orgName"):
        return "author" if kind == "collaboration" else "publisher"
    if tag in ("pubPlace", "pubplace"):
        return "location"
    if tag == "idno":
        return "doi" if kind == "doi" else "identifier"
    if tag == "ptr":
        return "url"
    if tag == "note":
        return "genre" if kind == "report" else "note"
    return None


def _local(tag: object) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def load_grobid(path: Path) -> list[Labelled]:
    """The ``<bibl>`` elements of one GROBID TEI file (text between the fields kept, unlabelled)."""
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    try:
        root = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False)).getroot()
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    bibls = [el for el in root.iter() if _local(el.tag) == "bibl"]
    for n, bibl in enumerate(bibls):
        b = _Builder(spaced=False)
        children = [c for c in bibl if isinstance(c.tag, str)]
        has_analytic = any(_local(c.tag) == "title" and c.get("level", "a") == "a" for c in children)
        b.add(bibl.text or "", None)
        for el in children:
            label = _grobid_label(_local(el.tag), {k: v for k, v in el.attrib.items()}, has_analytic)
            b.add("".join(el.itertext()), label or "note")
            b.add(el.tail or "", None)
        if b.spans:
            item = Labelled(b.text(), b.spans, f"grobid/{path.name}#{n}", "grobid-other")
            lang = bibl.get("lang")
            if lang:
                item.meta["lang"] = lang
            out.append(item)
    return out


# ------------------------------------------------------------------ the split
#: the biomedical Vancouver block of GROBID's citations.xml, by position of the <bibl>
BIOMEDICAL = range(1427, 2495)
#: held out: the last fifth of the biomedical block, and a block of the computer-science strings
HELD_BIOMEDICAL = range(2280, 2495)
HELD_CS = range(1150, 1427)

SPLIT_RULES = """\
held-out part, fixed once (never a random draw):
- anystyle/*.xml (4 files only): a string is held out when the first byte of the SHA-1 of its text
  is < 52 (52/256 = 20.3 %); the same string is never on both sides (duplicates share the hash);
- grobid/citations.xml: positions 2280-2494 (the last fifth of the biomedical Vancouver block
  1427-2494) and 1150-1426 (computer-science strings); the rest of the file trains;
- every other grobid/*.xml: every 5th file by sorted name (the 1st, 6th, 11th ...) is held out whole."""


def _hash_held(text: str) -> bool:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).digest()[0] < 52


def load_all(root: Path) -> list[Labelled]:
    """Every labelled string under ``root`` (``anystyle/``, ``grobid/``), with group and split set."""
    items: list[Labelled] = []
    for path in sorted((root / "anystyle").glob("*.xml")):
        for it in load_anystyle(path):
            it.meta["split"] = "heldout" if _hash_held(it.text) else "train"
            items.append(it)
    others = sorted(p for p in (root / "grobid").glob("*.xml") if p.name != "citations.xml")
    held_files = {p.name for p in others[::5]}
    for path in sorted((root / "grobid").glob("*.xml")):
        for it in load_grobid(path):
            pos = int(it.source.rsplit("#", 1)[1])
            if path.name == "citations.xml":
                it.group = "biomedical" if pos in BIOMEDICAL else "grobid-cs"
                held = pos in HELD_BIOMEDICAL or pos in HELD_CS
            else:
                held = path.name in held_files
            it.meta["split"] = "heldout" if held else "train"
            items.append(it)
    # a string printed in two places (a duplicate across files) is held out everywhere or nowhere
    held_texts = {_key(it.text) for it in items if it.meta["split"] == "heldout"}
    for it in items:
        if it.meta["split"] == "train" and _key(it.text) in held_texts:
            it.meta["split"] = "dropped"
    return items


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def training(items: list[Labelled]) -> Iterator[Labelled]:
    """The strings that train (and build the dictionaries)."""
    return (it for it in items if it.meta.get("split") == "train")


def heldout(items: list[Labelled]) -> Iterator[Labelled]:
    """The strings that only measure."""
    return (it for it in items if it.meta.get("split") == "heldout")


def dev_split(items: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """Carve a dev split out of the *training* strings, for choosing features and settings
    without touching the held-out part: ``(fit, dev)`` where ``fit`` is every 3rd training string
    (positions 0, 3, 6 … in :func:`load_all` order, the repository's renderings after them)
    and ``dev`` the next ones (1, 4, 7 …). Models fitted on ``fit`` are scored on ``dev``; the
    shipped model then trains on every training string. Deterministic (no random draw); a third
    of the data keeps an experiment to a couple of minutes on one core."""
    train = [it for it in items if it.meta.get("split", "train") == "train"]
    return train[::3], train[1::3]

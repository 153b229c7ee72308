"""Word manuscripts for the tests, built with python-docx from the real records of
tests/data/manuscript/refs.json (the reference list printed by citekit's CSL processor, AMA or APA).

Each builder takes the text as a list of paragraphs; a paragraph is a list of pieces: a string is
plain text, ``("sup", "1,2")`` a superscript run, ``("i", "text")`` italics. The planted defects
are in the callers, next to the expectation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from citekit.csl.processor import Processor
from citekit.formats.csljson import item_to_reference
from citekit.model import Reference
from tests.manuscript.conftest import MANUSCRIPTS

Piece = str | tuple[str, str]


def records() -> list[Reference]:
    """The 34 real records, in file order (those with an author and a year)."""
    out = []
    for item in json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8")):
        ref = item_to_reference(item)
        assert isinstance(ref, Reference)
        if ref.author and ref.issued is not None and ref.author[0].family:
            out.append(ref)
    return out


def printed(refs: list[Reference], style: str) -> list[str]:
    """Each record as the style prints it in a bibliography, plain text, in the given order."""
    proc = Processor(style, output="text", references=refs)
    proc.register([str(r.id) for r in refs])
    ids = [str(r.id) for r in refs]
    return [e.strip() for e in proc.render_bibliography(ids).entries]


def _add(paragraph: Any, pieces: list[Piece]) -> None:
    for piece in pieces:
        if isinstance(piece, str):
            paragraph.add_run(piece)
        else:
            kind, text = piece
            run = paragraph.add_run(text)
            if kind == "sup":
                run.font.superscript = True
            elif kind == "i":
                run.italic = True


def build(path: Path, body: list[list[Piece]], references: list[str], *, heading: str = "References",
          numbering: str = "text", after: list[list[Piece]] | None = None) -> Path:
    """A .docx: a title, the body paragraphs, a Heading 1 ``heading`` and the reference list.

    ``numbering``: ``text`` prints "1. " before each entry, ``word`` uses Word's List Number style
    (the numbers are not in the text), ``none`` prints no numbers (author-year lists).
    """
    d = docx.Document()
    d.add_heading("A test manuscript", 0)
    for pieces in body:
        _add(d.add_paragraph(), pieces)
    d.add_heading(heading, 1)
    for k, text in enumerate(references, 1):
        if numbering == "word":
            d.add_paragraph(text, style="List Number")
        else:
            d.add_paragraph(f"{k}. {text}" if numbering == "text" else text)
    for pieces in after or []:
        _add(d.add_paragraph(), pieces)
    d.save(str(path))
    return path


def _field_run(paragraph: Any, kind: str, instr: str | None = None) -> None:
    run = OxmlElement("w:r")
    if instr is not None:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = instr
    else:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
    run.append(el)
    paragraph._p.append(run)


def build_zotero(path: Path, body: list[list[Piece]], references: list[str]) -> Path:
    """A .docx whose reference list is Zotero's bibliography field (``ADDIN ZOTERO_BIBL``), no heading,
    followed by an appendix heading and a paragraph that is not a reference."""
    d = docx.Document()
    for pieces in body:
        _add(d.add_paragraph(), pieces)
    first = d.add_paragraph()
    _field_run(first, "begin")
    _field_run(first, "", ' ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY ')
    _field_run(first, "separate")
    first.add_run(f"1. {references[0]}")
    for k, text in enumerate(references[1:], 2):
        p = d.add_paragraph(f"{k}. {text}")
    _field_run(p, "end")
    d.add_heading("Appendix", 1)
    d.add_paragraph("Table 1 lists the 12 sites; see the protocol (version 3, 2019).")
    d.save(str(path))
    return path

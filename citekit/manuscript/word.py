"""The citations of a Word manuscript against its reference list (``citekit check paper.docx``).

:func:`read_docx` reads the paragraphs of a ``.docx`` (python-docx opens the package; the runs are
read from the XML so that hyperlinks, superscripts and field codes are seen). :func:`find_reference_list`
finds the list: the paragraphs under the last heading named References / Bibliography / Literature
cited / Works cited, or the result of a reference manager's bibliography field (Zotero
``ADDIN ZOTERO_BIBL``, Mendeley ``ADDIN Mendeley Bibliography``, EndNote ``ADDIN EN.REFLIST``),
which wins when present. Word's automatic numbering (``w:numPr``) is turned back into printed
numbers. The list is parsed by citekit's free-text reader (:func:`citekit.formats.loads`, format
``text``).

:func:`scan_citations` finds the in-text citations of every other paragraph: numeric in brackets
(``[1]``, ``[1-3, 5]``), numeric superscript runs (``¹⁻³``), and author-year, parenthetical
(``(Morris et al., 2017; Ott et al., 2017)``) or narrative (``Morris et al. (2017)``).

:func:`check_word` compares them. Numeric: a number with no entry (``citation-without-reference``),
an entry never cited (``reference-not-cited``), and a number first cited out of the order of first
citation (``citation-order``, for Vancouver/AMA lists: the numbers outside the longest increasing run
of first citations, so one swap is one finding, not a cascade). Author-year: a citation whose first
author and year match no reference (``citation-without-reference``), one whose first author matches
a reference but not its year, or whose year matches but the name is misspelt
(``citation-mismatch``), and references never cited. Each finding names the number or citation and
the paragraph where it occurs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding, Report

if TYPE_CHECKING:
    from citekit.formats.base import ParseResult
    from citekit.model import Reference

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: headings that open a reference list (compared lower-case, without a final colon)
HEADINGS = {"references", "reference list", "bibliography", "literature cited", "works cited", "references cited",
            "literature", "cited literature", "sources", "notes and references"}
#: reference managers' bibliography fields (instruction text)
BIB_FIELDS = re.compile(r"ADDIN\s+(?:ZOTERO_BIBL|Mendeley\s+Bibliography|EN\.REFLIST|CSL_BIBLIOGRAPHY)", re.IGNORECASE)
_DASH = r"[-\u2010-\u2015]"
_NUMLIST = rf"\d{{1,4}}(?:\s*{_DASH}\s*\d{{1,4}})?(?:\s*[,;]\s*\d{{1,4}}(?:\s*{_DASH}\s*\d{{1,4}})?)*"
_BRACKET = re.compile(rf"\[\s*({_NUMLIST})\s*\]")
_SUPER = re.compile(rf"^\s*({_NUMLIST})\s*[.,]?\s*$")
_PAREN = re.compile(r"\(([^()]*?(?:1[5-9]|20)\d\d[a-z]?[^()]*)\)")
_NAME = r"[A-Z\u00C0-\u024F][\w'\u2019\-]+"
_AUTHORS = rf"(?P<names>(?:(?:van|von|de|der|den|da|di|du|le|la)\s+)*{_NAME}(?:\s+(?:et\s+al\.?|(?:and|&)\s+{_NAME}))?)"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)[a-z]?"
_SEGMENT = re.compile(rf"{_AUTHORS},?\s+{_YEAR}\b")
_NARRATIVE = re.compile(rf"{_AUTHORS}\s+\(\s*{_YEAR}\b[^()]*\)")


@dataclass(slots=True)
class Paragraph:
    """One paragraph: its number (1-based, in the document's body order), text, style, and the
    text of its superscript runs (contiguous runs joined), numbering and field instructions."""

    number: int
    text: str
    style: str = ""
    superscripts: list[str] = field(default_factory=list)
    numbered: bool = False
    instructions: list[str] = field(default_factory=list)
    field_depth_change: list[int] = field(default_factory=list)


def read_docx(path: Path) -> list[Paragraph]:
    """The body's paragraphs, in order (tables' paragraphs included, in place)."""
    import zipfile

    import docx  # python-docx: imported only when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError

    from citekit.errors import InputError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a Word document (.docx): {exc}") from exc
    paras: list[Paragraph] = []
    for p in document.element.body.iter(f"{W}p"):
        style = ""
        ppr = p.find(f"{W}pPr")
        numbered = False
        if ppr is not None:
            st = ppr.find(f"{W}pStyle")
            if st is not None:
                style_id = st.get(f"{W}val") or ""
                style, numbered = _style(document, style_id)
            numbered = numbered or ppr.find(f"{W}numPr") is not None
        text: list[str] = []
        supers: list[str] = []
        run_super = False
        instr: list[str] = []
        depth: list[int] = []
        for el in p.iter(f"{W}r", f"{W}instrText", f"{W}fldChar", f"{W}fldSimple"):
            if el.tag == f"{W}fldSimple":
                instr.append(el.get(f"{W}instr") or "")
                continue
            if el.tag == f"{W}instrText":
                instr.append(el.text or "")
                continue
            if el.tag == f"{W}fldChar":
                kind = el.get(f"{W}fldCharType")
                depth.append(1 if kind == "begin" else -1 if kind == "end" else 0)
                continue
            t = "".join((x.text or "") if x.tag == f"{W}t" else "\t" if x.tag == f"{W}tab" else ""
                        for x in el if x.tag in (f"{W}t", f"{W}tab"))
            if not t:
                continue
            rpr = el.find(f"{W}rPr")
            va = rpr.find(f"{W}vertAlign") if rpr is not None else None
            sup = va is not None and va.get(f"{W}val") == "superscript"
            if sup and run_super and supers:
                supers[-1] += t
            elif sup:
                supers.append(t)
            run_super = sup
            text.append(t)
        paras.append(Paragraph(len(paras) + 1, "".join(text), style, supers, numbered, instr, depth))
    return paras


def _style(document: Any, style_id: str) -> tuple[str, bool]:
    """A paragraph style's name, and whether the style numbers its paragraphs (List Number)."""
    for st in document.styles.element.iter(f"{W}style"):
        if st.get(f"{W}styleId") == style_id:
            name = st.find(f"{W}name")
            ppr = st.find(f"{W}pPr")
            return ((name.get(f"{W}val") if name is not None else None) or style_id,
                    ppr is not None and ppr.find(f"{W}numPr") is not None)
    return style_id, False


def _heading_text(text: str) -> str:
    return re.sub(r"^\s*(?:\d+\.?|[IVX]+\.)\s*", "", text).strip().rstrip(":").strip().lower()


def _is_heading(p: Paragraph) -> bool:
    return p.style.lower().startswith(("heading", "title")) or p.style.lower() in ("bibliography heading",)


@dataclass(slots=True)
class ReferenceList:
    """Where the list is (paragraph numbers), how it was found, and its text as the parser reads it."""

    paragraphs: list[int]
    found_by: Literal["heading", "field", "none"]
    heading: str = ""
    text: str = ""


def find_reference_list(paras: list[Paragraph]) -> ReferenceList:
    """The reference list: a reference manager's bibliography field, else the last reference heading."""
    # a bibliography field: from its begin to its matching end (it may span many paragraphs)
    for k, p in enumerate(paras):
        if any(BIB_FIELDS.search(i) for i in p.instructions):
            depth = 0
            members: list[Paragraph] = []
            for q in paras[k:]:
                members.append(q)
                depth += sum(q.field_depth_change)
                if depth <= 0:
                    break
            return _listing([q for q in members if q.text.strip()], "field", "")
    start = None
    for k, p in enumerate(paras):
        if _heading_text(p.text) in HEADINGS and len(p.text) < 40:
            start = k
    if start is None:
        return ReferenceList([], "none")
    members = []
    for q in paras[start + 1:]:
        if _is_heading(q) and q.text.strip():
            break
        if q.text.strip():
            members.append(q)
    return _listing(members, "heading", paras[start].text.strip())


def _listing(members: list[Paragraph], how: Literal["heading", "field"], heading: str) -> ReferenceList:
    lines = []
    auto = 0
    for q in members:
        line = q.text.strip()
        if q.numbered and not re.match(r"^\[?\d+[.\])]", line):
            auto += 1
            line = f"{auto}. {line}"  # Word's automatic numbering is not in the text
        lines.append(line)
    return ReferenceList([q.number for q in members], how, heading, "\n".join(lines))


def parse_reference_list(listing: ReferenceList, source: str) -> ParseResult:
    """The list parsed by the free-text reader (ids ``ref-N``: the printed number, else the position)."""
    from citekit.formats import loads

    return loads(listing.text, "text", source=source)


@dataclass(frozen=True, slots=True)
class Citation:
    """One in-text citation: numbers (numeric), or first author and year (author-year), and where."""

    paragraph: int
    raw: str
    numbers: tuple[int, ...] = ()
    author: str = ""
    year: str = ""
    #: the words before the citation, to find it in the document
    context: str = ""

    @property
    def where(self) -> str:
        """``paragraph 6 ("...variant effects [13]")``."""
        return f"paragraph {self.paragraph}" + (f' ("...{self.context}")' if self.context else "")


def _numbers(text: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in re.split(r"[,;]", text):
        bits = [b for b in re.split(_DASH, part) if b.strip()]
        if len(bits) == 2 and bits[0].strip().isdigit() and bits[1].strip().isdigit():
            a, b = int(bits[0]), int(bits[1])
            out.extend(range(a, b + 1) if 0 < b - a <= 200 else (a, b))
        elif bits and bits[0].strip().isdigit():
            out.append(int(bits[0]))
    return tuple(out)


def scan_citations(paras: list[Paragraph], skip: set[int]) -> list[Citation]:
    """Every in-text citation of the paragraphs not in ``skip``, in document order."""
    cites: list[Citation] = []
    for p in paras:
        if p.number in skip or not p.text.strip():
            continue
        found: list[tuple[int, Citation]] = []
        for m in _BRACKET.finditer(p.text):
            found.append((m.start(), Citation(p.number, m.group(0), _numbers(m.group(1)))))
        pos = 0
        for s in p.superscripts:
            sup = _SUPER.match(s)
            at = p.text.find(s, pos)
            pos = at + len(s) if at >= 0 else pos
            if sup and not _is_exponent(p.text[:at] if at >= 0 else ""):
                found.append((at, Citation(p.number, s.strip(), _numbers(sup.group(1)))))
        for m in _PAREN.finditer(p.text):
            for seg in m.group(1).split(";"):
                for a in _SEGMENT.finditer(seg):
                    found.append((m.start(), Citation(p.number, seg.strip(), author=_first(a.group("names")),
                                                      year=a.group("year"))))
        for m in _NARRATIVE.finditer(p.text):
            found.append((m.start(), Citation(p.number, m.group(0), author=_first(m.group("names")), year=m.group("year"))))
        for at, c in sorted(found, key=lambda x: x[0]):
            start = max(0, at - 30)
            cut = p.text.find(" ", start) + 1 if start else 0
            context = p.text[cut if 0 < cut <= at else start: at + len(c.raw)].strip()
            cites.append(dataclasses.replace(c, context=context))
    return cites


#: a superscript number right after one of these is a power (m², 10⁹ cells/L), not a citation
_UNIT = re.compile(r"(?:\d|(?<![A-Za-z])(?:[munµkcd]?m|[mµ]?[gLls]|kg|cm|mm|km|ft|in|cells?/?[a-zA-Z]*|x|×))$")


def _is_exponent(before: str) -> bool:
    """The superscript follows a digit or a unit (``10⁹``, ``m²``, ``×10⁶``): an exponent."""
    return bool(_UNIT.search(before))


def _first(names: str) -> str:
    return re.split(r"\s+(?:et\s+al\.?|and|&)(?:\s|$)", names.strip())[0].strip()


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).lower()


def _first_author(ref: Reference) -> str:
    for n in ref.author or ref.editor or []:
        family = n.family or n.literal or ""
        particle = getattr(n, "non_dropping_particle", None) or ""
        return f"{particle} {family}".strip()
    return ""


def _year(ref: Reference) -> str:
    parts = ref.issued.date_parts if ref.issued is not None and ref.issued.date_parts else None
    return str(parts[0][0]) if parts and parts[0] else ""


@dataclass(slots=True)
class WordCheck:
    """The findings, what kept part of the check from being done, and what was read."""

    report: Report
    problems: list[str]
    citations: int
    entries: int
    mode: str = "numeric"
    references: list[Reference] = field(default_factory=list)
    cited_order: list[str] = field(default_factory=list)


def _snippet(ref: Reference, limit: int = 70) -> str:
    title = ref.title or ref.note or ""
    return (title[:limit] + "...") if len(title) > limit else title


def check_word(path: Path) -> WordCheck:
    """Compare a .docx manuscript's in-text citations with its reference list (InputError: not a .docx)."""
    paras = read_docx(path)
    listing = find_reference_list(paras)
    problems: list[str] = []
    report = Report(input=str(path))
    if listing.found_by == "none" or not listing.text:
        problems.append(f"{path.name}: no reference list found (no heading such as References or Bibliography, "
                        "no Zotero/Mendeley/EndNote bibliography field)")
        return WordCheck(report, problems, 0, 0)
    parsed = parse_reference_list(listing, path.name)
    problems.extend(f"{path.name}: reference list: {f}" for f in parsed.failed)
    refs = list(parsed.items)
    cites = scan_citations(paras, set(listing.paragraphs) | {p.number for p in paras
                                                             if _heading_text(p.text) in HEADINGS})
    numeric = [c for c in cites if c.numbers]
    author_year = [c for c in cites if c.author]
    mode = "numeric" if len(numeric) >= len(author_year) and numeric else "author-year"
    out = WordCheck(report, problems, len(numeric) if mode == "numeric" else len(author_year), len(refs), mode, refs)
    if not cites:
        problems.append(f"{path.name}: no in-text citations found ([1], superscript numbers, (Author, year))")
    if mode == "numeric":
        _check_numeric(numeric, refs, out)
    else:
        _check_author_year(author_year, refs, out)
    return out


def _number_of(ref: Reference, position: int) -> int:
    m = re.fullmatch(r"ref-(\d+)", str(ref.id))
    return int(m.group(1)) if m else position


def _check_numeric(cites: list[Citation], refs: list[Reference], out: WordCheck) -> None:
    by_number = {_number_of(r, k): r for k, r in enumerate(refs, 1)}
    first: dict[int, Citation] = {}
    for c in cites:
        for n in c.numbers:
            first.setdefault(n, c)
    where: dict[int, list[int]] = {}
    for c in cites:
        for n in c.numbers:
            where.setdefault(n, []).append(c.paragraph)
    findings = out.report.findings
    for n, c in first.items():
        if n not in by_number:
            places = ", ".join(str(p) for p in dict.fromkeys(where[n]))
            findings.append(Finding(Code.CITATION_WITHOUT_REFERENCE, Severity.ERROR,
                                    f"citation {n} ({c.raw}) has no entry in the reference list "
                                    + (f"(cited at {c.where})" if "," not in places
                                       else f"(cited in paragraphs {places}; first at {c.where})"), key=str(n),
                                    cited=f"paragraph {places}"))
    for n, ref in by_number.items():
        if n not in first:
            findings.append(Finding(Code.REFERENCE_NOT_CITED, Severity.WARNING,
                                    f"reference {n} ({_snippet(ref)}) is never cited in the text", key=str(n)))
    order = [n for n in first if n in by_number]  # a number with no entry is reported once, above
    keep = set(_longest_increasing(order))
    for k, n in enumerate(order):
        if n in keep:
            continue
        later = next((m for m in order[k + 1:] if m < n and m in keep), None)
        earlier = next((m for m in reversed(order[:k]) if m > n and m in keep), None)
        why = (f"is first cited before reference {later}" if later is not None
               else f"is first cited after reference {earlier}" if earlier is not None else "is out of order")
        findings.append(Finding(Code.CITATION_ORDER, Severity.WARNING,
                                f"reference {n} {why} ({first[n].where}): numbers "
                                "should follow the order of first citation", key=str(n),
                                cited=f"paragraph {first[n].paragraph}"))
    out.cited_order = [str(by_number[n].id) for n in order]


def _longest_increasing(seq: list[int]) -> list[int]:
    """One longest strictly increasing subsequence (patience sorting; ties keep the smaller numbers)."""
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(seq)
    for k, x in enumerate(seq):
        j = bisect.bisect_left(tails, x)
        if j == len(tails):
            tails.append(x)
            tail_at.append(k)
        else:
            tails[j] = x
            tail_at[j] = k
        parent[k] = tail_at[j - 1] if j else -1
    out: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(seq[k])
        k = parent[k]
    return out[::-1]


def _check_author_year(cites: list[Citation], refs: list[Reference], out: WordCheck) -> None:
    from rapidfuzz import fuzz

    keys = [(_fold(_first_author(r)), _year(r)) for r in refs]
    used: dict[int, int] = {}
    findings = out.report.findings
    for c in cites:
        name = _fold(c.author)
        exact = [k for k, (a, y) in enumerate(keys) if y == c.year and (a == name or (len(name) > 3 and a.startswith(name)))]
        if exact:
            used.setdefault(exact[0], c.paragraph)
            continue
        same_name = [k for k, (a, _y) in enumerate(keys) if a == name]
        if same_name:
            k = min(same_name, key=lambda i: abs(int(keys[i][1] or 0) - int(c.year)))
            used.setdefault(k, c.paragraph)
            findings.append(Finding(Code.CITATION_MISMATCH, Severity.ERROR,
                                    f"({c.raw}) in {c.where}: the reference by {_first_author(refs[k])} "
                                    f"is from {keys[k][1] or 'no year'}, not {c.year}",
                                    key=f"{c.author} {c.year}", field="year", cited=f"paragraph {c.paragraph}",
                                    record=keys[k][1]))
            continue
        close = [(fuzz.ratio(a, name), k) for k, (a, y) in enumerate(keys) if y == c.year and a]
        best = max(close, default=(0.0, -1))
        if best[0] >= 75:
            k = best[1]
            used.setdefault(k, c.paragraph)
            findings.append(Finding(Code.CITATION_MISMATCH, Severity.ERROR,
                                    f"({c.raw}) in {c.where}: the {c.year} reference's first author is "
                                    f"{_first_author(refs[k])}, not {c.author}", key=f"{c.author} {c.year}",
                                    field="author", cited=f"paragraph {c.paragraph}", record=_first_author(refs[k])))
            continue
        findings.append(Finding(Code.CITATION_WITHOUT_REFERENCE, Severity.ERROR,
                                f"({c.raw}) in {c.where}: no reference by {c.author} from {c.year}",
                                key=f"{c.author} {c.year}", cited=f"paragraph {c.paragraph}"))
    for k, ref in enumerate(refs):
        if k not in used:
            findings.append(Finding(Code.REFERENCE_NOT_CITED, Severity.WARNING,
                                    f"reference {k + 1} ({_first_author(ref)} {keys[k][1]}: {_snippet(ref)}) is never cited",
                                    key=f"{_first_author(ref)} {keys[k][1]}"))
    out.cited_order = [str(refs[k].id) for k in sorted(used, key=lambda i: used[i])]


def reference_list(path: Path) -> ParseResult:
    """``citekit parse paper.docx``: the manuscript's reference list, parsed (raises InputError without one)."""
    from citekit.errors import InputError

    listing = find_reference_list(read_docx(path))
    if listing.found_by == "none" or not listing.text:
        raise InputError(f"{path}: no reference list found (no heading such as References or Bibliography, "
                         "no Zotero/Mendeley/EndNote bibliography field)")
    return parse_reference_list(listing, str(path))

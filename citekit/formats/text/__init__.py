"""Free-text reference lists (``text``): citations as people print them, AMA, Vancouver and APA.

Reading: the text is cut into citations (``split.py``: one per line, numbered blocks ``1.``,
``[1]``, ``1)``, wrapped lines joined, headings skipped, the layout decided per block; option
``lines=True``: one citation per non-blank line), and each citation is parsed (``parse.py``: the
AMA/APA rules where they are certain, else the learned labeller ``crf.py`` — a linear-chain CRF
trained by ``train.py`` on ``corpora.py``'s hand-labelled strings — whose segments
``normalise.py`` and ``names.py`` turn into CSL fields) into a :class:`~citekit.model.Reference`
with ``custom["parse-confidence"]``, a number in [0, 1] per variable. A citation that cannot be parsed is still kept, as a ``note``-only
Reference (type ``article``, the raw text in ``note``), *and* reported as a
:class:`~citekit.formats.base.FailedEntry` with its line, so nothing is lost and nothing raises.

Ids are ``ref-N``: N is the printed number when the list is numbered, else the position.

Writing (``dumps``): one citation per line, in the document's compact AMA form
(``Family AB, Family CD, et al. Title. Journal YEAR;VOL(ISSUE):PAGES. doi:DOI``), which this
reader reads back. A reference with no title but a ``note`` (an unparsed citation) is written
as its note, unchanged. This is a plain interchange form, not a CSL rendering: use the CSL
processor for styled bibliographies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict, Unpack

from citekit.formats import BUILTIN
from citekit.formats.base import Diagnostic, DumpResult, FailedEntry, NoOptions, ParseResult, TextFormatBase
from citekit.formats.text.parse import STEPS, Parsed, parse_citation
from citekit.formats.text.split import Chunk, split
from citekit.formats.text.state import Step
from citekit.model import Reference
from citekit.model.extensions import Extensions, Parse

_YEARISH = re.compile(r"(?:1[5-9]|20)\d\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: the keys this format adds under ``custom`` (its :class:`~citekit.model.extensions.Parse` extensions,
#: dropped by :func:`strip_parse_data`)
PARSE_KEYS = tuple(Parse.wire_keys())


class TextReadOptions(TypedDict, total=False):
    """Options of reading free-text reference lists."""

    #: the parse steps, in order (default :data:`~citekit.formats.text.parse.STEPS`)
    steps: Sequence[Step]
    #: every non-blank line is one citation (one record per line, in order), no layout detection
    lines: bool


class TextFormat(TextFormatBase):
    """Free-text reference lists: one citation per line or numbered block (AMA, Vancouver, APA)."""

    info = BUILTIN["text"]
    ReadOptions = TextReadOptions
    WriteOptions = NoOptions

    def sniff(self, text: str) -> bool:
        """Plain text whose first non-blank lines hold years and sentence punctuation.

        Registered last, so it is asked only after every structured format said no.
        """
        head = text.lstrip()[:4000]
        if not head or head.startswith(("[", "{", "@", "TY  -")) or "\x00" in head:
            return False
        lines = [ln for ln in head.splitlines() if ln.strip()][:5]
        return any(_YEARISH.search(ln) and ("." in ln or ";" in ln) for ln in lines)

    def loads(self, text: str, **options: Unpack[TextReadOptions]) -> ParseResult:
        """Parse a reference list; see the module docstring. Options: ``steps`` (parse steps),
        ``lines`` (every non-blank line is one citation: one record per line, in order)."""
        steps = options.get("steps", STEPS)
        lines = bool(options.get("lines", False))
        result = ParseResult(format=self.name)
        seen: set[str] = set()
        for index, chunk in enumerate(split(text, lines=lines), start=1):
            ident = f"ref-{chunk.number if chunk.number is not None else index}"
            if ident in seen:
                ident = f"ref-{index}-line{chunk.line}"
            seen.add(ident)
            extra = {"citation-number": chunk.number} if chunk.number is not None else None
            parsed = parse_citation(chunk.text, id=ident, extra=extra, steps=steps)
            result.items.append(self._reference(parsed, chunk, ident, result))
        if not result.items and text.strip():
            result.failed.append(FailedEntry("no citation found in the text", line=1, raw=text[:200]))
        return result

    @staticmethod
    def _reference(parsed: Parsed, chunk: Chunk, ident: str, result: ParseResult) -> Reference:
        if parsed.reference is None:
            raw = chunk.text if len(chunk.text) <= 1000 else chunk.text[:1000] + "…"
            result.failed.append(
                FailedEntry(parsed.error or "not a citation", line=chunk.line, item=ident, field=parsed.error_field, raw=raw)
            )
            # the note keeps the citation as read, minus control characters (they would corrupt
            # every output format); a text over 100,000 characters keeps its first 1,000
            note = _CONTROL.sub("", chunk.text if len(chunk.text) <= 100_000 else raw)
            data: dict[str, Any] = {"id": ident, "type": "article", "note": note}
            data["custom"] = Extensions(parse=Parse(error=parsed.error, confidence={})).to_custom()
            if chunk.number is not None:
                data["citation-number"] = chunk.number
            return Reference.from_csl(data)
        ref = parsed.reference
        for message, fld in parsed.problems:
            result.warnings.append(Diagnostic(message, item=ident, field=fld, line=chunk.line))
        return ref

    def dumps(self, refs: Iterable[Reference]) -> DumpResult:
        """One citation per line in the compact AMA form (see the module docstring)."""
        lines = []
        warnings: list[Diagnostic] = []
        for ref in refs:
            line = format_compact(ref)
            if not line:
                warnings.append(Diagnostic("nothing to write (no title and no note)", item=ref.label(), field="title"))
                continue
            lines.append(line)
        return DumpResult(text="".join(f"{ln}\n" for ln in lines), warnings=warnings, format=self.name)


def strip_parse_data(ref: Reference) -> Reference:
    """A copy of ``ref`` without the parser's bookkeeping (its ``parse`` extensions, citation number).

    For formats that cannot hold it (BibTeX, RIS), where it would only raise warnings.
    """
    custom = ref.extensions.without("parse").to_custom()
    return ref.model_copy(update={"custom": custom or None, "citation_number": None})


def _name(n: Any) -> str:
    if n.literal and not n.family:
        return str(n.literal)
    initials = "".join(p[0] for p in re.split(r"[\s.\-]+", n.given or "") if p and p[0].isalpha()).upper()
    out = " ".join(p for p in (n.non_dropping_particle, n.family, initials, n.suffix) if p)
    return out


def format_compact(ref: Reference) -> str:
    """``Family AB, et al. Title. Journal YEAR;VOL(ISSUE):PAGES. doi:DOI`` (or the note)."""
    if not ref.title:
        return " ".join((ref.note or "").split())
    parts = []
    if ref.author:
        names = ", ".join(_name(n) for n in ref.author)
        if ref.extensions.parse.et_al:
            names += ", et al"
        parts.append(names + ".")
    title = ref.title.strip()
    if ref.genre in _TAGS:
        title = f"{title} [{ref.genre}]"
    parts.append(title if title.endswith(("?", "!", ".")) else title + ".")
    source = ref.container_title_short or ref.container_title or ""
    nums = ""
    if ref.year is not None:
        nums = str(ref.year)
        if ref.volume is not None or ref.issue is not None or ref.page is not None:
            nums += ";"
        if ref.volume is not None:
            nums += str(ref.volume)
        if ref.issue is not None:
            nums += f"({ref.issue})"
        if ref.page is not None:
            nums += f":{ref.page}"
    if source or nums:
        parts.append(" ".join(p for p in (source, nums) if p) + ".")
    if ref.version:
        parts.append(f"V.{ref.version}.")
    if ref.url:
        parts.append(f"Accessed at {ref.url}" + (f" on {_long_date(ref)}." if ref.accessed and ref.accessed.year else "."))
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    return " ".join(" ".join(parts).split())


_TAGS = frozenset({"abstract", "editorial", "letter", "comment", "review", "erratum"})
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _long_date(ref: Reference) -> str:
    d = ref.accessed
    assert d is not None
    if d.month and d.day:
        return f"{_MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"
    if d.month:
        return f"{_MONTH_NAMES[d.month - 1]} {d.year}"
    return str(d.year)


__all__ = ["PARSE_KEYS", "TextFormat", "format_compact", "parse_citation", "strip_parse_data"]

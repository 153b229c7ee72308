"""RIS (``.ris``): the tagged format of EndNote, Zotero, Mendeley, PubMed tools and publishers.

::

    TY  - JOUR
    AU  - Morris, Van K.
    TI  - Nivolumab for previously treated unresectable metastatic anal cancer (NCI9673)
    T2  - The Lancet Oncology
    PY  - 2017
    SP  - 446
    EP  - 453
    ER  -

Reading (``loads``) is tolerant of real files; see ``lexer.py`` for the line rules and
``reader.py`` for how values become CSL. Decisions a user may want to know:

* **Every record that ends with ER loads.** A record with no TY, and by default the last record
  when the file ends before its ER (a truncated download or copy), are reported in
  ``ParseResult.failed`` with their line, label and field (``TY`` / ``ER``) instead; the others
  still load. ``loads(text, incomplete="keep")`` loads that last record too, with a warning.
  A record not closed before the next ``TY`` is closed there, with a warning.
* **Nothing is dropped.** Tags with no CSL variable (and repeated values of single-valued tags)
  are kept verbatim under ``custom["ris"]["fields"]`` (the CSL-JSON stays schema-valid) and
  written back. The synonyms every major reader knows (``T1``, ``A1``, ``Y1``, ``JF``, ``JO``, ...)
  are written back as read; ``BT``, ``N2`` and ``VO`` are written as ``TI``/``T2``, ``AB`` and
  ``VL``, which pandoc reads and they are not (``mapping.KEEP_SPELLING``).
* **PMIDs** come from ``AN`` only with evidence (``DP``/``DB`` naming PubMed, or ``PMID:``),
  because ``AN`` also holds Web of Science, Scopus and ProQuest numbers; PMCIDs from ``C2``
  (EndNote's field for them) when shaped ``PMC…``. Other ``AN`` values are kept as they are.
* **Names**: ``Family, Given, Suffix``; a name without a comma is an organisation (CSL
  ``literal``), as in Zotero.
* Records without ``ID`` get a readable id (``morris2017nivolumab``, ``a``/``b`` on collision).

Writing (``dumps``) gives one record per reference in the conventional tag order, ``ER  - ``
and a blank line after each, UTF-8 text with ``\\n`` line ends (``newline="\\r\\n"`` for the
CRLF of the 2011 specification; Zotero, EndNote, Mendeley and pandoc read both). One line per
tag by default: line breaks inside a value become spaces, because pandoc rejects continuation
lines; ``multiline="lines"`` keeps them (Zotero's form). What RIS cannot express is reported in
``DumpResult.warnings``, one diagnostic per entry and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypedDict

from pydantic import ValidationError

from citekit.formats import BUILTIN
from citekit.formats.base import Diagnostic, DumpResult, FailedEntry, ParseResult, TextFormatBase
from citekit.formats.batch import collector_paused
from citekit.formats.ris.lexer import lex, parse_tag_line
from citekit.formats.ris.reader import make_id, read_record
from citekit.formats.ris.writer import Multiline, write_record
from citekit.model import Reference


class RisReadOptions(TypedDict, total=False):
    """Options of reading RIS."""

    #: a last record with no ``ER``: ``"fail"`` (default, reported as failed) or ``"keep"`` (loaded, warned)
    incomplete: Literal["fail", "keep"]


class RisWriteOptions(TypedDict, total=False):
    """Options of writing RIS."""

    #: ``"\n"`` (default) or ``"\r\n"``
    newline: str
    #: line breaks inside a value: ``"join"`` (default, spaces) or ``"lines"`` (continuation lines)
    multiline: Multiline
    #: only verified values (a curated record as stored); default: each field's best known value
    #: (verified, else as printed, else inferred: ``Reference.best_known``)
    verified_only: bool


class RisFormat(TextFormatBase):
    """RIS (``.ris``), the Research Information Systems tagged format."""

    info = BUILTIN["ris"]
    ReadOptions = RisReadOptions
    WriteOptions = RisWriteOptions

    def sniff(self, text: str) -> bool:
        """True when the first non-blank line is a ``TY  - `` line.

        A short header of ``Key: value`` lines before it (Wiley's ``Provider:``/``Database:``/
        ``Content:`` preamble) is allowed.
        """
        header = 0
        for line in text.lstrip("\ufeff").splitlines()[:20]:
            if not line.strip():
                continue
            parsed = parse_tag_line(line.lstrip("\ufeff").rstrip())
            if parsed is not None:
                return parsed[0] == "TY"
            header += 1
            if header > 5 or ":" not in line:
                return False
        return False

    @collector_paused()
    def loads(self, text: str, *, incomplete: Literal["fail", "keep"] = "fail") -> ParseResult:
        """Parse RIS text. Bad records go to ``ParseResult.failed``; the others load.

        ``incomplete``: what to do with a last record that has no ``ER`` before the end of the
        text: ``"fail"`` (default) reports it as failed, ``"keep"`` loads it with a warning.
        """
        result = ParseResult(format=self.name)
        lexed = lex(text)
        result.warnings.extend(lexed.warnings)
        if not lexed.records:
            what = "empty input" if not text.strip() else "no RIS record found"
            result.failed.append(
                FailedEntry(f"{what}: expected 'TY  - <type>' lines", line=1, field="TY", raw=text[:200])
            )
            return result
        taken = {f.value for rec in lexed.records for f in rec.fields if f.tag == "ID" and f.value}
        seen: dict[str, int] = {}
        counters: dict[str, int] = {}
        for rec in lexed.records:
            label = rec.label()
            if rec.type is None:
                result.failed.append(
                    FailedEntry(
                        "record has no TY line (a RIS record starts with 'TY  - <type>'); not read",
                        line=rec.line,
                        item=label,
                        field="TY",
                        raw=lexed.raw_text(rec),
                    )
                )
                continue
            if rec.ended_by == "EOF":
                message = "the text ends inside this record: no 'ER  - ' line (file truncated?)"
                if incomplete != "keep":
                    result.failed.append(
                        FailedEntry(
                            message + "; not read", line=rec.line, item=label, field="ER", raw=lexed.raw_text(rec)
                        )
                    )
                    continue
                result.warnings.append(Diagnostic(message + "; read anyway", item=label, field="ER", line=rec.line))
            item, warnings = read_record(rec)
            result.warnings.extend(warnings)
            if "id" not in item:
                item["id"] = make_id(item, taken, rec.number, counters)
            key = str(item["id"])
            if key in seen:
                result.warnings.append(
                    Diagnostic(f"duplicate ID (first used at line {seen[key]})", item=key, field="ID", line=rec.line)
                )
            seen.setdefault(key, rec.line)
            try:
                result.items.append(Reference.from_csl(item))
            except ValidationError as exc:  # pragma: no cover - read_record builds valid items
                err = exc.errors()[0]
                result.failed.append(
                    FailedEntry(
                        err["msg"],
                        line=rec.line,
                        item=label,
                        field=".".join(map(str, err["loc"])),
                        raw=lexed.raw_text(rec),
                    )
                )
        result.warnings.sort(key=lambda d: d.line or 0)
        return result

    @collector_paused()
    def dumps(
        self, refs: Iterable[Reference], *, newline: str = "\n", multiline: Multiline = "join",
        verified_only: bool = False,
    ) -> DumpResult:
        """RIS text for ``refs``; what RIS cannot hold is listed in ``DumpResult.warnings``.

        ``newline``: ``"\\n"`` (default) or ``"\\r\\n"``. ``multiline``: line breaks inside a
        value become spaces (``"join"``, default: every RIS reader, pandoc included, takes one
        line per tag) or continuation lines (``"lines"``: lossless with Zotero and citekit).
        Each field has its best known value unless ``verified_only`` (``Reference.best_known``);
        an incomplete author list ends with ``AU  - others`` (pandoc reads it as the et-al marker).
        """
        if multiline not in ("join", "lines"):
            raise ValueError(f"multiline must be 'join' or 'lines', not {multiline!r}")
        if newline not in ("\n", "\r\n"):
            raise ValueError(f"newline must be '\\n' or '\\r\\n', not {newline!r}")
        chunks: list[str] = []
        warnings: list[Diagnostic] = []
        for ref in refs:
            lines, diags = write_record(ref.best_known(verified_only=verified_only), multiline)
            chunks.append(newline.join(lines) + newline + newline)
            warnings.extend(diags)
        return DumpResult(text="".join(chunks), warnings=warnings, format=self.name)


__all__ = ["RisFormat"]

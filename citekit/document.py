"""A document as typed data: its references, what it is about, and what each reference supports.

The model is generic; a document's own domain is data. A :class:`Document` has subjects
(:class:`Subject`: what it makes claims about, drugs, devices, genes, policies; ``kind`` says
which), trial links (:class:`TrialLink`: the study behind a reference, ``in_scope`` saying
whether it studied the document's ``scope``), and claims (:class:`Claim`), each with the
references that :class:`Support` it (possibly none: reporting that is the checker's job).

Two ways to get one:

* :meth:`Document.from_files` builds a document of your own from a reference file in any format
  citekit reads and a JSON file of claims (and optionally subjects and trials)::

      doc = citekit.Document.from_files(references="refs.bib", claims="claims.json")
      report = citekit.check("refs.bib", document=doc, offline=True)

  A support names its reference by number (1-based, file order) or by id / citation key.

* :func:`load_document` opens a document folder (by name, for those shipped in ``references/`` in
  the checkout or ``citekit/_data/references/`` in the wheel, or by path)::

      document.json     title, publisher, revision date, scope, subjects, trial links, claims
      references.json   the curated references as CSL-JSON (custom["ref-number"] = 1..N, page order)
      citations.txt     the citations exactly as printed, one per line, in the same order (optional)

Either way the parts are checked against each other: every support points at an existing
reference, numbers run 1..N, each record's ``custom["as-printed"]`` is its printed citation, ids
are unique, a claim's subject is one of the document's. A problem raises
:class:`~citekit.errors.DocumentError` naming the file and the field.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from citekit.errors import CitekitError, DocumentError
from citekit.model import Bibliography, Reference

DOCUMENT_FILE = "document.json"
REFERENCES_FILE = "references.json"
CITATIONS_FILE = "citations.txt"

#: Installed wheel: pyproject's force-include copies the checkout's references/ here.
_PACKAGE_DATA = Path(__file__).resolve().parent / "_data" / "references"
#: Editable install or a checkout on sys.path: the references/ folder beside the citekit package.
_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "references"


_NCT = r"^NCT\d{8}$"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class _Strict(BaseModel):
    # A misspelt key in hand-curated data must fail loudly, not vanish (GUIDE, anti-patterns).
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Contributor(_Strict):
    """An organisation credited on the document other than its publisher (e.g. a medical reviewer)."""

    name: str
    abbreviation: str | None = None
    role: str


class Subject(_Strict):
    """Something the document makes claims about: a drug, a device, a gene, a policy.

    ``kind`` says which (free text: ``"drug"``); ``aliases`` are other names it goes by (a brand
    name); ``as_printed`` the document's own wording; ``attributes`` any further facts as short
    strings (``{"target": "PD-1"}``).
    """

    kind: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    as_printed: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)

    def matches(self, name: str) -> bool:
        """True when ``name`` is this subject's name, an alias or its printed form (any case)."""
        wanted = name.strip().casefold()
        return wanted in {v.casefold() for v in (self.name, *self.aliases, self.as_printed) if v}

    def __repr__(self) -> str:
        return f"Subject({self.kind}: {self.name!r})"


class TrialLink(_Strict):
    """The study behind one reference: trial name, NCT number, and who was studied.

    ``trial`` is a name seen in a source (``None`` when none was); ``design`` the longer
    description; ``nct_confirmed`` is ``False`` when the NCT number is only an inferred match and
    ``None`` when there is no NCT number at all (a guideline, say). ``in_scope`` says whether the
    study's population is the document's :attr:`Document.scope` (``False`` for a study of another
    disease, which a reader should know about; ``None`` when the document does not say).
    """

    ref: int = Field(ge=1)
    trial: str | None = None
    design: str | None = None
    nct: str | None = Field(None, pattern=_NCT)
    nct_confirmed: bool | None = None
    nct_note: str | None = None
    population: str | None = None
    in_scope: bool | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _nct_flag(self) -> TrialLink:
        if self.nct is None and self.nct_confirmed is not None:
            raise ValueError("nct_confirmed is set but there is no nct")
        if self.nct is not None and self.nct_confirmed is None:
            raise ValueError("nct is set: say whether it is confirmed (nct_confirmed)")
        return self

    def label(self) -> str:
        """``GARNET (NCT02715284)``, ``NCT02760498``, or ``""`` when there is neither."""
        if self.trial and self.nct:
            return f"{self.trial} ({self.nct})"
        return self.trial or self.nct or ""


class Support(_Strict):
    """A link from a claim to one reference (by its 1-based number in the document) that supports it.

    ``basis`` says whose judgment the link is (``"curated"`` by default; the shipped document
    also has ``"seed"``), ``rationale`` why. ``trial`` and ``nct`` are filled from the document's
    :class:`TrialLink` for that reference when the document is loaded; if given, they must agree.
    """

    ref: int = Field(ge=1)
    basis: str = Field("curated", min_length=1)
    rationale: str | None = Field(None, min_length=1)
    trial: str | None = None
    nct: str | None = Field(None, pattern=_NCT)


class Claim(_Strict):
    """One thing the document asserts, with the references that support it (possibly none).

    ``quote`` is the document's own wording, verbatim; ``text`` restates the claim on its own;
    ``kind`` classifies it (free text; the shipped document uses ``"drug"`` for claims about one
    of its subjects and ``"statement"`` for the rest); ``subject`` names the :class:`Subject` the
    claim is about, if any; ``note`` explains a missing or weak link.
    """

    id: str = Field(min_length=1)
    kind: str = Field("statement", min_length=1)
    text: str
    quote: str | None = None
    section: str | None = None
    subject: str | None = None
    supports: list[Support] = Field(default_factory=list)
    note: str | None = None

    @property
    def supported(self) -> bool:
        """True when at least one reference supports the claim."""
        return bool(self.supports)

    @property
    def refs(self) -> list[int]:
        """The numbers of the supporting references, in order."""
        return [s.ref for s in self.supports]

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"Claim({self.id!r}, {self.kind}, refs={self.refs}, {text!r})"


class Document(BaseModel):
    """A document (a web page, an article, a grant) as typed data, with its references and their uses.

    ``references`` are the records in the document's order (``Curation.ref_number``, when
    present, is the 1-based position); ``citations`` are the document's own citation strings in
    the same order, if known. Both come from their own files, not from ``document.json``.
    ``scope`` is what the document is about ("anal cancer"), against which a trial is ``in_scope``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, arbitrary_types_allowed=True)

    comment: str | None = Field(None, alias="$comment")
    id: str
    title: str
    publisher: str | None = None
    contributors: list[Contributor] = Field(default_factory=list)
    credit: str | None = None
    revised: date | None = None
    scope: str | None = None
    subjects: list[Subject] = Field(default_factory=list)
    trials: list[TrialLink] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    references: Bibliography = Field(default_factory=Bibliography, exclude=True)
    citations: list[str] = Field(default_factory=list, exclude=True)

    @classmethod
    def from_files(cls, references: str | os.PathLike[str], claims: str | os.PathLike[str] | None = None, *,
                   citations: str | os.PathLike[str] | None = None, id: str | None = None,
                   title: str | None = None) -> Document:
        """A document of your own: a reference file (any format citekit reads) and a JSON file of claims.

        ``claims`` holds a list of claims, or an object with ``claims`` and optionally
        ``subjects``, ``trials``, ``scope``, ``title``, ``id`` (the fields of ``document.json``).
        A support's ``ref`` is the reference's 1-based number in the file or its id / citation
        key. ``citations`` is an optional file of the citations as printed, one per line.
        ``id`` and ``title`` default to the claims file's name. Raises
        :class:`~citekit.errors.DocumentError` naming the file, entry and field of a problem.
        """
        return _from_files(references, claims, citations, id, title)

    def __repr__(self) -> str:
        return (f"<Document {self.id!r}: {len(self.references)} references, {len(self.claims)} claims, "
                f"{len(self.subjects)} subjects>")

    # ------------------------------------------------------------------ consistency
    @model_validator(mode="after")
    def _consistent(self) -> Document:
        self.check()
        return self

    def check(self) -> None:
        """Raise :class:`DocumentError` (naming the field) if the parts of the document disagree."""
        _unique((d.name.casefold() for d in self.subjects), "subjects", "name")
        _unique((c.id for c in self.claims), "claims", "id")
        _unique((t.ref for t in self.trials), "trials", "ref")
        dupes = self.references.duplicate_ids()
        if dupes:
            raise DocumentError(f"duplicate reference id {dupes[0]!r}", item=dupes[0], field="id")
        for index, ref in enumerate(self.references):
            ext = ref.extensions
            if ext.problems:  # a curated record's bookkeeping of the wrong shape is an error, not skipped
                key, why = next(iter(ext.problems.items()))
                raise DocumentError(f"custom.{key} is not understood: {why}", item=ref.label(), field=f"custom.{key}")
            number = ext.curation.ref_number
            if number is not None and number != index + 1:
                raise DocumentError(
                    f"custom.ref-number is {number!r}, expected {index + 1} (references are numbered 1..N in page order)",
                    item=ref.label(), field="custom.ref-number",
                )
        if self.citations and len(self.citations) != len(self.references):
            raise DocumentError(
                f"{len(self.citations)} citations but {len(self.references)} references", field="citations"
            )
        for index, ref in enumerate(self.references):
            printed = ref.extensions.curation.as_printed
            if printed is not None and self.citations and printed != self.citations[index]:
                raise DocumentError(
                    f"custom.as-printed differs from line {index + 1} of the citations", item=ref.label(), field="custom.as-printed"
                )
        count = len(self.references)
        for i, trial_link in enumerate(self.trials):
            if trial_link.ref > count:
                raise DocumentError(f"reference {trial_link.ref} does not exist (the document has {count})", field=f"trials.{i}.ref")
        links = {t.ref: t for t in self.trials}
        for i, claim in enumerate(self.claims):
            if claim.subject is not None and not any(d.matches(claim.subject) for d in self.subjects):
                raise DocumentError(f"subject {claim.subject!r} is not among the document's subjects", item=claim.id,
                                    field=f"claims.{i}.subject")
            for j, support in enumerate(claim.supports):
                where = f"claims.{i}.supports.{j}"
                if support.ref > count:
                    raise DocumentError(
                        f"reference {support.ref} does not exist (the document has {count})", item=claim.id, field=f"{where}.ref"
                    )
                link = links.get(support.ref)
                for attr in ("trial", "nct"):
                    given, known = getattr(support, attr), getattr(link, attr) if link else None
                    if given is not None and given != known:
                        raise DocumentError(
                            f"{attr} {given!r} disagrees with the trial link of reference {support.ref} ({known!r})",
                            item=claim.id, field=f"{where}.{attr}",
                        )
                    if given is None and known is not None:
                        setattr(support, attr, known)

    # ------------------------------------------------------------------ lookups
    def reference(self, number: int) -> Reference:
        """The reference printed at position ``number`` (1-based); KeyError when there is none."""
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.references):
            raise KeyError(f"no reference number {number!r} (the document has {len(self.references)})")
        return self.references[number - 1]

    def number_of(self, ref: int | str | Reference) -> int:
        """The page number of a reference given as its number, its id, or the record itself."""
        if isinstance(ref, Reference):
            for index, item in enumerate(self.references):
                if item is ref:
                    return index + 1
            ref = "" if ref.id is None else str(ref.id)
        if isinstance(ref, int) and not isinstance(ref, bool):
            self.reference(ref)
            return ref
        for index, item in enumerate(self.references):
            if str(item.id) == str(ref):
                return index + 1
        raise KeyError(f"no reference with id {ref!r}")

    def claims_for(self, ref: int | str | Reference) -> list[Claim]:
        """The claims a reference (number, id or record) supports, in document order."""
        number = self.number_of(ref)
        return [c for c in self.claims if number in c.refs]

    def unsupported_claims(self) -> list[Claim]:
        """Claims no reference supports."""
        return [c for c in self.claims if not c.supported]

    def uncited_references(self) -> list[Reference]:
        """References that support no claim."""
        used = {n for c in self.claims for n in c.refs}
        return [r for i, r in enumerate(self.references, start=1) if i not in used]

    def subject(self, name: str) -> Subject:
        """The subject with this name, alias or printed form (any case); KeyError when there is none."""
        for subject in self.subjects:
            if subject.matches(name):
                return subject
        raise KeyError(f"no subject {name!r} in document {self.id!r}")

    def subject_claims(self, name: str) -> list[Claim]:
        """The claims about one subject (by name or alias), in document order."""
        subject = self.subject(name)
        return [c for c in self.claims if c.subject is not None and subject.matches(c.subject)]

    def subjects_for(self, ref: int | str | Reference, kind: str | None = None) -> list[Subject]:
        """The subjects (of ``kind``, if given) whose claims a reference supports, in the document's order."""
        claims = [c for c in self.claims_for(ref) if c.subject is not None]
        return [d for d in self.subjects
                if (kind is None or d.kind == kind) and any(d.matches(c.subject or "") for c in claims)]

    def trial(self, ref: int | str | Reference) -> TrialLink | None:
        """The trial link of a reference, or ``None`` when the document gives none."""
        number = self.number_of(ref)
        return next((t for t in self.trials if t.ref == number), None)


def _unique(values: Iterable[object], field: str, key: str) -> None:
    seen: set[object] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise DocumentError(f"duplicate {key} {value!r}", item=str(value), field=f"{field}.{index}.{key}")
        seen.add(value)


# ---------------------------------------------------------------------- finding and loading
def data_roots() -> list[Path]:
    """Where named documents are looked for: the installed package data, then the checkout."""
    return [_PACKAGE_DATA, _CHECKOUT_DATA]


def list_documents() -> list[str]:
    """The names of the documents that :func:`load_document` can open by name, sorted."""
    names: set[str] = set()
    for root in data_roots():
        if root.is_dir():
            names.update(p.parent.name for p in root.glob(f"*/{DOCUMENT_FILE}"))
    return sorted(names)


def find_document(name_or_path: str | os.PathLike[str]) -> Path:
    """The folder of a document given by name (``"anal-cancer-immunotherapy"``) or by path.

    A name is looked up in :func:`data_roots`; a path may be the folder or its ``document.json``.
    Raises :class:`DocumentError` when nothing is found.
    """
    text = os.fspath(name_or_path)
    if not isinstance(name_or_path, os.PathLike) and _NAME.match(text) and not text.endswith(".json"):
        for root in data_roots():
            if (root / text / DOCUMENT_FILE).is_file():
                return root / text
        if not (Path(text) / DOCUMENT_FILE).is_file():  # a bare folder name relative to the cwd still works
            known = ", ".join(list_documents()) or "none"
            raise DocumentError(f"unknown document {text!r} (known: {known}); give a name or a folder holding {DOCUMENT_FILE}")
    path = Path(text)
    folder = path.parent if path.suffix == ".json" or path.is_file() else path
    if not (folder / DOCUMENT_FILE).is_file():
        raise DocumentError(f"no document here: {DOCUMENT_FILE} not found", source=str(folder / DOCUMENT_FILE))
    return folder


def load_document(name_or_path: str | os.PathLike[str]) -> Document:
    """Load a document by name or path: document.json, its references and citations.txt, checked together.

    The references are ``references.json`` (CSL-JSON, read strictly), else ``references.bib``,
    ``references.ris``, ... in any format citekit reads; ``citations.txt`` is optional; ``id``
    and ``title`` default to the folder's name. Raises :class:`~citekit.errors.DocumentError`
    naming the file (and line or field) when a file is missing or unreadable, a value is invalid,
    or the files disagree.
    """
    folder = find_document(name_or_path)
    doc_path = folder / DOCUMENT_FILE
    data = _read_json_object(doc_path)
    data.setdefault("id", folder.name)
    data.setdefault("title", data["id"])
    ref_path = _references_path(folder)
    references = _read_references(ref_path) if ref_path.name == REFERENCES_FILE else _read_any_references(ref_path)
    citations_path = folder / CITATIONS_FILE
    citations = _read_citations(citations_path) if citations_path.exists() else []
    return _build(data, references, citations, doc_path, {REFERENCES_FILE: ref_path,
                                                           CITATIONS_FILE: citations_path, DOCUMENT_FILE: doc_path})


def _references_path(folder: Path) -> Path:
    """``references.json`` if there is one, else ``references`` with another registered suffix."""
    from citekit.formats import suffix_table

    if (folder / REFERENCES_FILE).exists():
        return folder / REFERENCES_FILE
    stem = REFERENCES_FILE.rsplit(".", 1)[0]
    found = [folder / f"{stem}{suffix}" for suffix in suffix_table() if (folder / f"{stem}{suffix}").is_file()]
    return found[0] if found else folder / REFERENCES_FILE


def _build(data: dict[str, Any], references: Bibliography, citations: list[str], doc_path: Path,
           files: dict[str, Path]) -> Document:
    """Validate the parts together; errors name the file (and field) they come from."""
    try:
        data = {**data, "claims": _numbered_supports(data.get("claims"), references)}
        return Document.model_validate({**data, "references": references, "citations": citations})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DocumentError(f"{err['msg']}{more}", field=field or None, source=str(doc_path)) from exc
    except DocumentError as exc:
        if exc.source is None:
            exc.source = str(files[_file_of(exc.field)])
        raise


def _numbered_supports(claims: Any, references: Bibliography) -> Any:
    """Claims whose supports name a reference by id or citation key, with that key turned into its number."""
    if not isinstance(claims, list):
        return claims
    numbers: dict[str, int] = {}
    for index, record in enumerate(references, start=1):
        for key in (record.id, record.citation_key):
            if key is not None:
                numbers.setdefault(str(key), index)
    out = []
    for i, claim in enumerate(claims):
        supports = claim.get("supports") if isinstance(claim, dict) else None
        if isinstance(supports, list):
            fixed = []
            for j, support in enumerate(supports):
                ref = support.get("ref") if isinstance(support, dict) else support
                if isinstance(ref, str):
                    if ref not in numbers:
                        raise DocumentError(f"no reference with id or key {ref!r}", item=claim.get("id"),
                                            field=f"claims.{i}.supports.{j}.ref")
                    ref = numbers[ref]
                fixed.append({**support, "ref": ref} if isinstance(support, dict) else {"ref": ref})
            claim = {**claim, "supports": fixed}
        out.append(claim)
    return out


def _from_files(references: str | os.PathLike[str], claims: str | os.PathLike[str] | None,
                citations: str | os.PathLike[str] | None, id: str | None, title: str | None) -> Document:
    """:meth:`Document.from_files`, here beside the readers it uses."""
    ref_path = Path(references)
    bibliography = _read_any_references(ref_path)
    claims_path = Path(claims) if claims is not None else None
    data: dict[str, Any] = {}
    if claims_path is not None:
        loaded = _read_json(claims_path)
        if isinstance(loaded, list):
            data = {"claims": loaded}
        elif isinstance(loaded, dict):
            data = loaded
        else:
            raise DocumentError(f"expected a list of claims or a document object, found a {type(loaded).__name__}",
                                source=str(claims_path))
    stem = (claims_path or ref_path).name.split(".")[0]
    data.setdefault("id", id or stem)
    data.setdefault("title", title or data["id"])
    cited = _read_citations(Path(citations)) if citations is not None else []
    json_path = claims_path or ref_path
    return _build(data, bibliography, cited, json_path, {REFERENCES_FILE: ref_path, DOCUMENT_FILE: json_path,
                                                         CITATIONS_FILE: Path(citations or json_path)})


def _file_of(field: str | None) -> str:
    """Which of the three files a consistency error's field lives in."""
    if field == "citations":
        return CITATIONS_FILE
    if field is not None and (field == "id" or field.startswith("custom.")):
        return REFERENCES_FILE
    return DOCUMENT_FILE


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read: {exc}", source=str(path)) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"invalid JSON: {exc.msg}", line=exc.lineno, source=str(path)) from exc


def _read_json_object(path: Path) -> dict[str, Any]:
    data = _read_json(path)
    if not isinstance(data, dict):
        raise DocumentError(f"expected a JSON object, found a {type(data).__name__}", source=str(path))
    return data


def _read_references(path: Path) -> Bibliography:
    from citekit import formats

    try:
        result = formats.read(path, "csl-json", strict=True)
        return Bibliography(result.items, strict=True)
    except CitekitError as exc:
        raise DocumentError(exc.message, item=exc.item, field=exc.field, line=exc.line, source=str(path)) from exc


def _read_any_references(path: Path) -> Bibliography:
    """References in any format citekit reads; the first bad entry (and how many more) is an error."""
    from citekit import formats

    try:
        result = formats.read(path)
    except CitekitError as exc:
        raise DocumentError(exc.message, item=exc.item, field=exc.field, line=exc.line, source=str(path)) from exc
    if result.failed:
        first = result.failed[0]
        more = f" (and {len(result.failed) - 1} more)" if len(result.failed) > 1 else ""
        raise DocumentError(f"{first.error}{more}", item=first.item, field=first.field, line=first.line,
                            source=str(path))
    try:
        return Bibliography(result.items, strict=True)
    except CitekitError as exc:
        raise DocumentError(exc.message, item=exc.item, field=exc.field, source=str(path)) from exc


def _read_citations(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read: {exc}", source=str(path)) from exc
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise DocumentError("empty line: one citation per line", line=number, source=str(path))
        if line.endswith("\r"):
            raise DocumentError("CRLF line ending: citations are kept byte-exact with LF", line=number, source=str(path))
    return lines


__all__ = [
    "CITATIONS_FILE",
    "DOCUMENT_FILE",
    "REFERENCES_FILE",
    "Claim",
    "Contributor",
    "Document",
    "Subject",
    "Support",
    "TrialLink",
    "data_roots",
    "find_document",
    "list_documents",
    "load_document",
]

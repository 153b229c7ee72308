"""A document as typed data: its references, the citations as printed, and what each reference supports.

A document lives in one folder with three files (``references/<name>/`` in the checkout, copied to
``citekit/_data/references/<name>/`` in the wheel)::

    document.json     the document: title, publisher, revision date, drugs, trial links, claims
    references.json   the curated references as CSL-JSON (custom["ref-number"] = 1..N, page order)
    citations.txt     the citations exactly as printed, one per line, in the same order

:func:`load_document` reads the three and checks that they agree with each other: every claim's
supports point at an existing reference, numbers run 1..N, each record's ``custom["as-printed"]``
is its line of ``citations.txt``, ids are unique. A problem raises
:class:`~citekit.errors.DocumentError` naming the file and the field.

The page's statements carry no inline citations, so every link from a statement to a reference
is a judgment; :class:`Support` says whose (``basis``: ``"seed"`` for the verified drug map,
``"curated"`` for ours) and why (``rationale``). A claim with no support is kept, not dropped:
reporting it is the checker's job.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from citekit.errors import CitekitError, DocumentError
from citekit.model import Bibliography, Reference

DOCUMENT_FILE = "document.json"
REFERENCES_FILE = "references.json"
CITATIONS_FILE = "citations.txt"
#: The document ``citekit show`` opens when given none.
DEFAULT_DOCUMENT = "anal-cancer-immunotherapy"

#: Installed wheel: pyproject's force-include copies the checkout's references/ here.
_PACKAGE_DATA = Path(__file__).resolve().parent / "_data" / "references"
#: Editable install or a checkout on sys.path: the references/ folder beside the citekit package.
_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "references"

Basis = Literal["seed", "curated"]
ClaimKind = Literal["drug", "statement"]

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


class Drug(_Strict):
    """A drug the document names, with its brand name exactly as printed and its molecular target."""

    name: str
    brand: str | None = None
    as_printed: str
    target: str

    def matches(self, name: str) -> bool:
        """True when ``name`` is this drug's generic name, brand name or printed form (any case)."""
        wanted = name.strip().casefold()
        return wanted in {v.casefold() for v in (self.name, self.brand, self.as_printed) if v}


class TrialLink(_Strict):
    """The study behind one reference: trial name, NCT number, and who was studied.

    ``trial`` is a name seen in a source (``None`` when none was); ``design`` the longer
    description; ``nct_confirmed`` is ``False`` when the NCT number is only an inferred match and
    ``None`` when there is no NCT number at all (a guideline, say). ``anal_cancer`` is ``False``
    for studies of other cancers, which a reader of an anal-cancer page should know about.
    """

    ref: int = Field(ge=1)
    trial: str | None = None
    design: str | None = None
    nct: str | None = Field(None, pattern=_NCT)
    nct_confirmed: bool | None = None
    nct_note: str | None = None
    population: str | None = None
    anal_cancer: bool
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
    """A link from a claim to one reference (by its number on the page) that supports it.

    ``trial`` and ``nct`` are filled from the document's :class:`TrialLink` for that reference
    when the document is loaded; if document.json gives them, they must agree with it.
    """

    ref: int = Field(ge=1)
    basis: Basis
    rationale: str = Field(min_length=1)
    trial: str | None = None
    nct: str | None = Field(None, pattern=_NCT)


class Claim(_Strict):
    """One thing the document asserts, with the references that support it (possibly none).

    ``quote`` is the document's own wording, verbatim; ``text`` restates the claim on its own;
    ``kind`` is ``"drug"`` for "this drug is used for this cancer" (``drug`` names it) and
    ``"statement"`` for the rest; ``note`` explains a missing or weak link.
    """

    id: str = Field(min_length=1)
    kind: ClaimKind
    text: str
    quote: str | None = None
    section: str | None = None
    drug: str | None = None
    supports: list[Support] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _drug_claims_name_a_drug(self) -> Claim:
        if self.kind == "drug" and not self.drug:
            raise ValueError("a claim of kind 'drug' must name its drug")
        if self.kind != "drug" and self.drug:
            raise ValueError("only claims of kind 'drug' name a drug")
        return self

    @property
    def supported(self) -> bool:
        """True when at least one reference supports the claim."""
        return bool(self.supports)

    @property
    def refs(self) -> list[int]:
        """The numbers of the supporting references, in order."""
        return [s.ref for s in self.supports]


class Document(BaseModel):
    """A document (a web page, an article) as typed data, with its references and their uses.

    ``references`` are the curated records (each with ``custom["ref-number"]``, its 1-based
    position on the page); ``citations`` are the page's own citation strings in the same order.
    Both are loaded from the document's folder and are not part of ``document.json``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, arbitrary_types_allowed=True)

    comment: str | None = Field(None, alias="$comment")
    id: str
    title: str
    publisher: str
    contributors: list[Contributor] = Field(default_factory=list)
    credit: str | None = None
    revised: date
    drugs: list[Drug] = Field(default_factory=list)
    trials: list[TrialLink] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    references: Bibliography = Field(default_factory=Bibliography, exclude=True)
    citations: list[str] = Field(default_factory=list, exclude=True)

    # ------------------------------------------------------------------ consistency
    @model_validator(mode="after")
    def _consistent(self) -> Document:
        self.check()
        return self

    def check(self) -> None:
        """Raise :class:`DocumentError` (naming the field) if the parts of the document disagree."""
        _unique((d.name.casefold() for d in self.drugs), "drugs", "name")
        _unique((c.id for c in self.claims), "claims", "id")
        _unique((t.ref for t in self.trials), "trials", "ref")
        dupes = self.references.duplicate_ids()
        if dupes:
            raise DocumentError(f"duplicate reference id {dupes[0]!r}", item=dupes[0], field="id")
        for index, ref in enumerate(self.references):
            number = ref.get_custom("ref-number")
            if number != index + 1:
                raise DocumentError(
                    f"custom.ref-number is {number!r}, expected {index + 1} (references are numbered 1..N in page order)",
                    item=ref.label(), field="custom.ref-number",
                )
        if self.citations and len(self.citations) != len(self.references):
            raise DocumentError(
                f"{len(self.citations)} citations but {len(self.references)} references", field="citations"
            )
        for index, ref in enumerate(self.references):
            printed = ref.get_custom("as-printed")
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
            if claim.drug is not None and not any(d.matches(claim.drug) for d in self.drugs):
                raise DocumentError(f"drug {claim.drug!r} is not among the document's drugs", item=claim.id, field=f"claims.{i}.drug")
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

    def drug(self, name: str) -> Drug:
        """The drug with this generic or brand name (any case); KeyError when the document has none."""
        for drug in self.drugs:
            if drug.matches(name):
                return drug
        raise KeyError(f"no drug {name!r} in document {self.id!r}")

    def drug_claims(self, name: str) -> list[Claim]:
        """The ``kind="drug"`` claims about one drug (generic or brand name)."""
        drug = self.drug(name)
        return [c for c in self.claims if c.drug is not None and drug.matches(c.drug)]

    def drugs_for(self, ref: int | str | Reference) -> list[Drug]:
        """The drugs whose drug claims a reference supports, in the document's drug order."""
        claims = [c for c in self.claims_for(ref) if c.drug is not None]
        return [d for d in self.drugs if any(d.matches(c.drug or "") for c in claims)]

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


def load_document(name_or_path: str | os.PathLike[str] = DEFAULT_DOCUMENT) -> Document:
    """Load a document by name or path: document.json, references.json and citations.txt, checked together.

    Raises :class:`~citekit.errors.DocumentError` naming the file (and line or field) when a
    file is missing or unreadable, a value is invalid, or the files disagree.
    """
    folder = find_document(name_or_path)
    doc_path = folder / DOCUMENT_FILE
    data = _read_json_object(doc_path)
    references = _read_references(folder / REFERENCES_FILE)
    citations = _read_citations(folder / CITATIONS_FILE)
    try:
        return Document.model_validate({**data, "references": references, "citations": citations})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DocumentError(f"{err['msg']}{more}", field=field or None, source=str(doc_path)) from exc
    except DocumentError as exc:
        if exc.source is None:
            exc.source = str(folder / _file_of(exc.field))
        raise


def _file_of(field: str | None) -> str:
    """Which of the three files a consistency error's field lives in."""
    if field == "citations":
        return CITATIONS_FILE
    if field is not None and (field == "id" or field.startswith("custom.")):
        return REFERENCES_FILE
    return DOCUMENT_FILE


def _read_json_object(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read: {exc}", source=str(path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"invalid JSON: {exc.msg}", line=exc.lineno, source=str(path)) from exc
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
    "DEFAULT_DOCUMENT",
    "DOCUMENT_FILE",
    "REFERENCES_FILE",
    "Basis",
    "Claim",
    "ClaimKind",
    "Contributor",
    "Document",
    "Drug",
    "Support",
    "TrialLink",
    "data_roots",
    "find_document",
    "list_documents",
    "load_document",
]

"""Round trips CSL → BibTeX/BibLaTeX → CSL: every variable comes back or is reported, never lost silently.

The check is over every INPUT item of the CSL test-suite (1,757 real-world-shaped items), the
doi.org CSL bodies and the document's references. "Comes back" allows only what BibTeX itself
normalises: whitespace (a no-break space in a name is a tie, read as a space), page dashes
(``–`` → ``-``), numbers as strings, dates as parts, and brace protection the writer re-creates
by itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from citekit.formats.csljson import item_to_reference
from citekit.model import STRING_VARIABLES, CSLType, Date, Reference
from tests.conftest import DATA, ROOT, suite_inputs

FORMATS = {"bibtex": BibTeXFormat(), "biblatex": BibLaTeXFormat()}
_CSL_TYPES = {t.value for t in CSLType}
DOI_CSL = DATA / "fixtures" / "real" / "doi-csl"
REFERENCES = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"
_IGNORED = {"id", "citation-key"}
_CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "posted-content": "article",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
}


def _space(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def canon_text(value: Any) -> str:
    """A string as BibTeX keeps it: ASCII whitespace collapsed, nocase spans (which the reader
    drops where the writer re-creates the braces) removed; other rich-text tags kept."""
    text = str(value)
    text = re.sub(r'<span class="nocase">(.*?)</span>', r"\1", text)
    text = text.replace('<span style="font-variant: small-caps;">', '<span style="font-variant:small-caps;">')
    return _space(text)


def canon_date(value: Any) -> Any:
    date = Date.model_validate(value)
    parts = [[int(p) for p in part if str(p).lstrip("-").isdigit()] for part in (date.date_parts or [])]
    parts = [[p for p in part if p != 0] for part in parts if part]
    if not parts:
        raw = date.literal or date.raw or ""
        parsed = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", raw.strip())
        if parsed:
            return [[int(x) for x in parsed.groups() if x]]
        return _space(raw)
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return parts


def canon_names(value: Any) -> Any:
    out = []
    for name in value:
        # a no-break space in a name is BibTeX's tie (~) and reads back as a space
        n = {k: _space(str(v).replace("\u00a0", " ")) for k, v in name.items() if v not in (None, "")}
        if "dropping-particle" in n:  # BibTeX has one von part; reported by the writer
            n["non-dropping-particle"] = " ".join(
                filter(None, [n.pop("dropping-particle"), n.get("non-dropping-particle", "")])
            )
        out.append(n)
    return out


def canon(var: str, value: Any) -> Any:
    """One variable's value in the form both sides of a round trip are compared in."""
    if var in {"author", "editor", "translator", "container-author"}:
        return canon_names(value)
    if var in {"issued", "accessed", "event-date", "original-date"}:
        return canon_date(value)
    if var == "page":
        return re.sub(r"\s*(?:–|—|--+|-)\s*", "-", _space(str(value)))
    if var in {"abstract", "note", "annote"}:
        return "\n".join(_space(line) for line in str(value).strip().splitlines()).strip()
    return canon_text(value)


def lost_silently(original: Reference, fmt: str) -> list[str]:
    """The variables of ``original`` that neither come back equal nor are named in a warning."""
    f = FORMATS[fmt]
    dumped = f.dumps([original])
    warned = {w.field for w in dumped.warnings}
    back = f.loads(dumped.text)
    assert not back.failed, back.failed
    assert len(back.items) == 1
    got = back.items[0].to_csl()
    problems = []
    for var, value in original.to_csl().items():
        if var == "custom":
            # keys other than "bibtex" are reported (one warning); the BibTeX part comes back
            if not any(str(w).startswith("custom.bibtex") for w in warned):
                want = value.get("bibtex") if "custom" in warned else value
                have = (got.get("custom") or {}).get("bibtex") if "custom" in warned else got.get("custom")
                if want != have:
                    problems.append(f"custom: {want!r} → {have!r}")
            continue
        if var in _IGNORED or var in warned:
            continue
        if var == "type":
            if got.get("type") != value:
                problems.append(f"type: {value!r} → {got.get('type')!r}")
            continue
        if var not in got:
            problems.append(f"{var}: {value!r} missing")
            continue
        if canon(var, value) != canon(var, got[var]):
            problems.append(f"{var}: {value!r} → {got[var]!r}")
    return problems


def _suite_refs() -> list[tuple[str, Reference]]:
    out = []
    for name, index, item in suite_inputs():
        if item.get("type") in _CSL_TYPES:
            out.append((f"{name}[{index}]", Reference.from_csl(item)))
    return out


def _doi_csl_refs() -> list[tuple[str, Reference]]:
    out = []
    for path in sorted(DOI_CSL.glob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, item in enumerate(data if isinstance(data, list) else [data]):
            if not isinstance(item, dict):
                continue
            # Crossref's own records (not CSL) have lists where CSL has strings (title,
            # container-title) and Crossref type names: take the first string, map the type
            fixed = {
                k: (v[0] if v else None) if isinstance(v, list) and k in STRING_VARIABLES else v
                for k, v in item.items()
            }
            fixed["type"] = _CROSSREF_TYPES.get(str(fixed.get("type")), fixed.get("type"))
            got = item_to_reference(
                {k: v for k, v in fixed.items() if v is not None} | {"id": item.get("id", path.stem)}
            )
            if isinstance(got, Reference):
                out.append((f"{path.stem}[{i}]", got))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_suite_round_trip_loses_nothing_silently(fmt: str) -> None:
    """Over the whole CSL test-suite: each variable comes back or has a warning naming it."""
    failures = {}
    for label, ref in _suite_refs():
        lost = lost_silently(ref, fmt)
        if lost:
            failures[label] = lost
    assert failures == {}


@pytest.mark.parametrize("fmt", FORMATS)
def test_doi_org_csl_round_trip_loses_nothing_silently(fmt: str) -> None:
    refs = _doi_csl_refs()
    assert len(refs) >= 10
    failures = {label: lost for label, ref in refs if (lost := lost_silently(ref, fmt))}
    assert failures == {}

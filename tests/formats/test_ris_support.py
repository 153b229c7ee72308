"""Helpers shared by the RIS round-trip and pandoc tests, and the tests of those helpers.

``csl_from_crossref`` maps the doi.org / Crossref CSL bodies in tests/data/fixtures/real/doi-csl/
(which are not all valid CSL) to CSL items; ``equivalent`` says whether a value read back from RIS
says the same as the one written, allowing only the changes of form RIS forces (numbers become
strings, en dashes in page ranges become hyphens, line breaks become spaces by default).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from citekit.formats.ris.lexer import normalize_value
from citekit.formats.ris.values import split_keywords
from citekit.model import DATE_VARIABLES, NAME_VARIABLES, SCHEMA_KEYS, CSLType, Reference

ROOT = Path(__file__).resolve().parents[2]

_CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "posted-content": "article",
    "dissertation": "thesis",
    "monograph": "book",
    "edited-book": "book",
    "reference-entry": "entry",
}


def csl_from_crossref(body: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """A doi.org/Crossref CSL body as a CSL item: CSL keys only, lists of titles → their first."""
    item: dict[str, Any] = {}
    for key, value in body.items():
        if key not in SCHEMA_KEYS:
            continue
        if key in NAME_VARIABLES:
            names = []
            for name in value if isinstance(value, list) else []:
                n = {
                    k: v
                    for k, v in name.items()
                    if k in ("family", "given", "suffix", "literal") and isinstance(v, str)
                }
                if "name" in name and not n:
                    n = {"literal": name["name"]}
                if n:
                    names.append(n)
            if names:
                item[key] = names
        elif key in DATE_VARIABLES:
            if (
                isinstance(value, dict)
                and value.get("date-parts")
                and value["date-parts"][0]
                and value["date-parts"][0][0]
            ):
                item[key] = {"date-parts": value["date-parts"]}
        elif isinstance(value, list):
            strings = [v for v in value if isinstance(v, str)]
            if strings:
                item[key] = (
                    strings[0]
                    if key not in ("ISSN", "ISBN", "categories")
                    else (", ".join(strings) if key != "categories" else strings)
                )
        elif isinstance(value, (str, int)):
            item[key] = value
    item["type"] = _CROSSREF_TYPES.get(str(body.get("type")), body.get("type"))
    if item["type"] not in {t.value for t in CSLType}:
        item["type"] = "document"
    item["id"] = str(body.get("id") or fallback_id)
    return item


def doi_csl_items() -> list[tuple[str, dict[str, Any]]]:
    """The doi.org CSL bodies that are JSON, as (file stem, CSL item)."""
    out = []
    for path in sorted((ROOT / "tests" / "data" / "fixtures" / "real" / "doi-csl").glob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, body in enumerate(data if isinstance(data, list) else [data]):
            out.append((f"{path.stem}[{i}]", csl_from_crossref(body, f"{path.stem}-{i}")))
    return out


def document_items() -> list[dict[str, Any]]:
    """The document's curated references (references.json), or one marker item if it is missing.

    The marker makes the parametrized tests fail (not vanish) while the file does not exist.
    """
    path = ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"
    if not path.exists():
        return [{"__missing__": str(path)}]
    # what an export writes by default: each field's best known value (issue 15)
    return [Reference.from_csl(i).best_known().to_csl() for i in json.loads(path.read_text(encoding="utf-8"))]


def _text(value: Any, joined: bool) -> str:
    text = normalize_value(str(value))
    return " ".join(line for line in text.split("\n") if line) if joined else text


def _name_text(name: dict[str, Any]) -> tuple[str, ...]:
    if "family" not in name and "given" not in name and "literal" in name:
        return (" ".join(str(name["literal"]).split()),)
    family = " ".join(str(p) for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(str(p) for p in (name.get("given"), name.get("dropping-particle")) if p)
    parts = tuple(" ".join(p.split()) for p in (family, given, str(name.get("suffix") or "")))
    return parts


def _date(value: dict[str, Any]) -> tuple[Any, ...]:
    parts = value.get("date-parts")
    if parts:
        first = [int(p) if str(p).strip().lstrip("-").isdigit() else str(p).strip() for p in parts[0]]
        while first and first[-1] == "":
            first.pop()
        season = value.get("season")
        return (tuple(first), None if season is None else str(season))
    return ("literal", str(value.get("literal") or value.get("raw")))


def equivalent(key: str, written: Any, back: Any, *, joined: bool = True) -> bool:
    """Whether ``back`` (read from RIS) says what ``written`` (a CSL value) said."""
    if key in NAME_VARIABLES:
        return [_name_text(n) for n in written if _name_text(n) != ("", "", "")] == [_name_text(n) for n in back]
    if key in DATE_VARIABLES:
        return _date(written) == _date(back)
    if key == "page":
        return re.sub(r"\s*[–—-]+\s*", "-", _text(written, joined)) == back
    if key == "keyword":
        return split_keywords(_text(written, joined)) == split_keywords(back)
    if key == "DOI":
        return _text(written, joined).lower().removeprefix("https://doi.org/") == str(back).lower()
    return _text(written, joined) == _text(back, joined)


# ------------------------------------------------------------------------------------------ tests of the helpers
def test_doi_csl_bodies_map_to_schema_valid_items(schema_validator: Any) -> None:
    items = doi_csl_items()
    assert len(items) >= 8
    for name, item in items:
        errors = list(schema_validator.iter_errors([item]))
        assert not errors, (name, errors[0].message)


def test_equivalent_is_not_vacuous() -> None:
    assert equivalent("page", "446–453", "446-453")
    assert not equivalent("page", "446-453", "446")
    assert equivalent(
        "author",
        [{"family": "Gogh", "non-dropping-particle": "van", "given": "V"}],
        [{"family": "van Gogh", "given": "V"}],
    )
    assert not equivalent("author", [{"family": "Gogh", "given": "V"}], [{"family": "Gogh", "given": "W"}])
    assert not equivalent("author", [{"family": "A"}, {"family": "B"}], [{"family": "A"}])
    assert equivalent("issued", {"date-parts": [["2017", "4"]]}, {"date-parts": [[2017, 4]]})
    assert not equivalent("issued", {"date-parts": [[2017, 4]]}, {"date-parts": [[2017]]})
    assert equivalent("volume", 12, "12") and not equivalent("title", "A", "B")
    assert equivalent("abstract", "a\n\nb", "a b") and not equivalent("abstract", "a\n\nb", "a b", joined=False)

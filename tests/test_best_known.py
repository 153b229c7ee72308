"""Best-known values with typed provenance (issue 15, part 1), on the shipped document's records.

The oracle for "as printed" is the page's own citation lines (references/.../citations.txt, checked
byte for byte against the seed elsewhere): a value whose basis is ``as-printed`` must be on the
printed line, and an ``inferred`` one must not be (else it was printed, not inferred). The
verified values must come through untouched, and ``verified_only`` must give the stored record.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from typing import Any

import pybtex.database
import pytest

from citekit.model import Name, Reference, best_known, field_provenance, provenance_of
from citekit.model.provenance import INFERRED_NOT_USED
from tests.conftest import ROOT

FOLDER = ROOT / "references" / "anal-cancer-immunotherapy"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@cache
def records() -> list[Reference]:
    return [Reference.from_csl(it) for it in json.loads((FOLDER / "references.json").read_text(encoding="utf-8"))]


@cache
def printed() -> list[str]:
    return (FOLDER / "citations.txt").read_text(encoding="utf-8").splitlines()


def _on_line(value: Any, line: str) -> bool:
    """True when ``value`` (a CSL value) is written on the printed citation ``line``."""
    flat = " ".join(line.replace("\u00a0", " ").split()).casefold()
    if isinstance(value, str):
        text = re.sub(r"^https?://", "", value).casefold()
        return text in flat
    if isinstance(value, dict) and "date-parts" in value:
        parts = value["date-parts"][0]
        if len(parts) == 3:
            return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}".casefold() in flat
        return str(parts[0]) in flat
    if isinstance(value, list):
        return all(isinstance(n, dict) and f"{n.get('family', '')} ".casefold() in flat for n in value)
    return False


@pytest.mark.parametrize("n", range(1, 12))
def test_basis_of_each_unverified_value_agrees_with_the_printed_citation(n: int) -> None:
    ref = records()[n - 1]
    line = printed()[n - 1]
    pending = ref.get_custom("unverified") or {}
    kinds = field_provenance(ref)
    for key, value in pending.items():
        if key not in kinds:  # an inferred identifier is left out of the best-known record
            prov = provenance_of(ref)
            assert key in INFERRED_NOT_USED and prov is not None and prov.basis(key) == "inferred"
            assert not _on_line(value, line), f"ref {n} {key}={value!r} is on the printed line: not inferred"
            continue
        fp = kinds[key]
        if fp.basis == "as-printed":
            assert _on_line(value, line), f"ref {n} {key}={value!r} is labelled as printed but is not on: {line}"
        else:
            assert fp.basis == "inferred"
            assert not _on_line(value, line), f"ref {n} {key}={value!r} is on the printed line: not inferred"
        assert fp.reason, f"ref {n} {key}: no reason kept"


@pytest.mark.parametrize("n", range(1, 12))
def test_best_known_keeps_verified_values_and_fills_the_rest(n: int) -> None:
    ref = records()[n - 1]
    prov = provenance_of(ref)
    assert prov is not None
    best = best_known(ref)
    stored, merged = ref.to_csl(), best.to_csl()
    for key in prov.verified_fields:
        if prov.is_verified(key):
            assert merged[key] == stored[key], f"ref {n}: verified {key} changed"
    used = {k: v for k, v in (ref.get_custom("unverified") or {}).items()
            if not (prov.basis(k) == "inferred" and k in INFERRED_NOT_USED)}
    for key in set(ref.get_custom("unverified") or {}) - set(used):
        assert key not in merged or (key in stored and prov.is_verified(key)), f"ref {n}: inferred {key} used"
    for key, value in used.items():
        assert key in merged, f"ref {n}: {key} missing from the best-known record"
        if not (key in stored and prov.is_verified(key)) and key != "author":
            assert merged[key] == value
    basis = merged["custom"].get("best-known", {})
    assert set(basis) == set(used)
    assert best_known(ref, verified_only=True) is ref
    assert ref.best_known(verified_only=True) is ref


def test_incomplete_author_lists_end_with_the_et_al_marker() -> None:
    by_id = {r.id: best_known(r) for r in records()}
    truncated = {i for i, r in by_id.items() if r.authors_truncated}
    # the page's "et al." lists whose full author list no source showed: refs 1, 2 and 6
    assert truncated == {"andre2023antitumor", "li2024tislelizumab", "ott2017safety"}
    andre = by_id["andre2023antitumor"].author or []
    # the verified first author (Thierry André) heads the page's three names, then the marker
    assert [(a.family, a.given) for a in andre[:3]] == [("André", "Thierry"), ("Berton", "D"), ("Curigliano", "G")]
    assert andre[-1] == Name.others() and andre[-1].to_csl() == {"literal": "others"}


def test_every_article_is_complete_in_the_best_known_view() -> None:
    for ref in records():
        best = best_known(ref)
        if best.type != "article-journal":
            continue
        assert best.author and best.title and best.container_title and best.issued and best.volume, ref.id
        assert best.page or best.number, ref.id


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], capture_output=True, text=True, timeout=120, check=False)


def test_format_renders_all_eleven_references_and_verified_only_the_stored_view() -> None:
    path = str(FOLDER / "references.json")
    out = run("format", path, "--style", "american-medical-association")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 11
    for n, (line, cited) in enumerate(zip(lines, printed(), strict=True), 1):
        # the page's year and volume ("2024;36") are in every journal entry, the family of its first author
        year_volume = re.search(r"(\d{4});(\d+)", cited)
        if year_volume:
            assert f"{year_volume[1]};{year_volume[2]}" in line or f"{year_volume[1]};{year_volume[2]}(" in line, line
        assert cited.split()[0].rstrip(",") in line, line
    strict = run("format", path, "--verified-only")
    assert strict.returncode == 0
    from citekit.csl import format_bibliography

    assert strict.stdout.rstrip("\n") == format_bibliography(records(), verified_only=True)
    assert strict.stdout.splitlines()[1] == "2. ", "ref 2 has no verified value: empty in the strict view"


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_no_exported_entry_is_empty(to: str) -> None:
    out = run("convert", str(FOLDER / "references.json"), "--to", to)
    assert out.returncode == 0, out.stderr
    bib = pybtex.database.parse_string(out.stdout, "bibtex")  # an independent reader
    assert len(bib.entries) == 11
    for key, entry in bib.entries.items():
        assert entry.persons.get("author"), key
        assert "title" in entry.fields, key
    li = bib.entries["li2024tislelizumab"]
    assert [str(p) for p in li.persons["author"]][-1] == "others"  # "and others": the page's "et al."
    strict = run("convert", str(FOLDER / "references.json"), "--to", to, "--verified-only")
    assert "@article{li2024tislelizumab,\n" not in strict.stdout or "title" not in strict.stdout.split(
        "li2024tislelizumab")[1].split("@")[0]

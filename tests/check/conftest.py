"""Fixtures of the checker's tests: the fixture HTTP server of the resolver's tests, and the seed oracles."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tests.conftest import DATA, ROOT
from tests.resolve.conftest import REAL, WORKS, FixtureServer, config, server  # noqa: F401  (fixtures re-used)

SEED = DATA / "seed"
DOCUMENT = ROOT / "references" / "anal-cancer-immunotherapy"
CITATIONS = DOCUMENT / "citations.txt"


@cache
def seed_references() -> dict[int, dict[str, Any]]:
    """The seed's verified references by page number: the independent oracle for the shipped document."""
    return {r["ref_number"]: r for r in json.loads((SEED / "references-verified.json").read_text(encoding="utf-8"))}


@cache
def seed_drugs() -> dict[str, list[int]]:
    """The seed's drug → reference numbers map."""
    return dict(json.loads((SEED / "drugs-to-references.json").read_text(encoding="utf-8"))["drug_coverage"])


def recorded_message(doi: str) -> dict[str, Any]:
    """The recorded Crossref message of a DOI (crossref-works/), verbatim."""
    return dict(json.loads(WORKS[doi.lower()].read_text(encoding="utf-8"))["message"])


__all__ = ["CITATIONS", "DOCUMENT", "REAL", "SEED", "WORKS", "FixtureServer", "recorded_message", "seed_drugs",
           "seed_references"]

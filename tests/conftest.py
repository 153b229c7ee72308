"""Shared fixtures: where the test data lives (the CSL test-suite, the schema, recorded responses: tests/data/)."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Everything the tests read, inside the repository (copied from public sources: tests/data/SOURCES.md).
DATA = ROOT / "tests" / "data"
SUITE = DATA / "csl-test-suite"
SCHEMA = DATA / "csl-schema" / "csl-data.json"

_SECTION = re.compile(r">>=+ (?P<name>[A-Z-]+) =+>>\n?(?P<body>.*?)\n?<<=+ (?P=name) =+<<", re.S)


@cache
def suite_inputs() -> list[tuple[str, int, dict[str, Any]]]:
    """Every INPUT item of the CSL test-suite as (fixture name, index, item)."""
    out = []
    for path in sorted(SUITE.glob("*.txt")):
        sections = {m["name"]: m["body"] for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}
        if "INPUT" in sections:
            for i, item in enumerate(json.loads(sections["INPUT"])):
                out.append((path.stem, i, item))
    return out


@cache
def csl_schema() -> dict[str, Any]:
    """The official CSL-JSON schema (csl-data.json)."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schema_validator() -> Any:
    """A jsonschema validator for the official CSL-JSON schema."""
    import jsonschema

    return jsonschema.Draft7Validator(csl_schema())


@pytest.fixture(scope="session")
def document_references_path() -> Path:
    """The shipped document's curated CSL-JSON."""
    return ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"

"""A fast, read-only variable view of a :class:`~citekit.model.Reference` for the evaluator.

Built once per reference: CSL variable name → string, list of :class:`~citekit.model.Name`, or
:class:`~citekit.model.Date`. The model stays the currency; this is only an index over it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from citekit.model import Date as ModelDate
from citekit.model import Name as ModelName
from citekit.model import Reference
from citekit.model.vocab import DATE_VARIABLES, NAME_VARIABLES

Value = str | list[ModelName] | ModelDate


@cache
def _fields() -> list[tuple[str, str]]:
    out = []
    for attr, info in Reference.model_fields.items():
        if attr in ("id", "custom"):
            continue
        out.append((attr, info.alias or attr))
    return out


@cache
def _aliases() -> dict[str, str]:
    return dict(_fields())


# citeproc-js reads "cheater syntax" from the note field: `{:original-date: 1850}` or lines
# `original-date: 1850` (test-suite fixtures use it for variables CSL-JSON lacked once).
_FIRST_PAGE = re.compile(r"\s*([^\s,\-–&]+)")
_CHEATER = re.compile(r"\{:([a-zA-Z-]+):\s*([^}]*)\}|^([a-zA-Z-]+):\s*(.+)$", re.MULTILINE)


class ItemData:
    """Variables of one reference by CSL name, with the reference kept for typed access."""

    __slots__ = ("id", "language", "ref", "type", "vars")

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.id = str(ref.id) if ref.id is not None else ""
        self.type = ref.type or "document"
        v: dict[str, Value] = {}
        aliases = _aliases()
        # the instance dict holds every field, in declaration order (pydantic v2): one pass over it
        # instead of ~130 getattr calls (issue 14)
        for attr, value in ref.__dict__.items():
            if value is None or value == "" or value == []:
                continue
            alias = aliases.get(attr)
            if alias is None:
                continue
            if isinstance(value, (ModelDate, list)):
                v[alias] = value
            elif isinstance(value, bool):
                continue
            else:
                v[alias] = str(value)
        for key, value in (ref.model_extra or {}).items():
            converted = _convert_extra(key, value)
            if converted is not None and key not in v:
                v[key] = converted
        # Zotero's names for the short forms (citeproc-js reads them: bugreports_ContainerTitleShort)
        for short, legacy in (("container-title-short", "journalAbbreviation"), ("title-short", "shortTitle")):
            if short not in v and legacy in v:
                v[short] = v[legacy]
        page = v.get("page")
        if "page-first" not in v and isinstance(page, str):
            m = _FIRST_PAGE.match(page)
            if m:
                v["page-first"] = m.group(1)  # citeproc-js derives page-first (fixture number_PageFirst)
        note = v.get("note")
        if isinstance(note, str) and ":" in note:
            self._cheater(note, v)
        self.vars = v
        self.language = ref.language or ""

    @staticmethod
    def _cheater(note: str, v: dict[str, Value]) -> None:
        for m in _CHEATER.finditer(note):
            key = m.group(1) or m.group(3)
            raw = (m.group(2) if m.group(1) else m.group(4)) or ""
            if key in v or not raw.strip():
                continue
            if key in DATE_VARIABLES:
                v[key] = ModelDate(raw=raw.strip())
            elif key in NAME_VARIABLES:
                fam, _, given = raw.partition("||")
                v[key] = [ModelName(family=fam.strip(), given=given.strip() or None)]
            elif key in _KNOWN:
                v[key] = raw.strip()

    def get(self, name: str) -> Value | None:
        """The variable's value, or ``None`` when empty."""
        return self.vars.get(name)

    def text(self, name: str) -> str | None:
        """A string (or number) variable as text; ``None`` for missing or non-text variables."""
        value = self.vars.get(name)
        return value if isinstance(value, str) else None

    def names(self, name: str) -> list[ModelName] | None:
        """A name variable."""
        value = self.vars.get(name)
        return value if isinstance(value, list) and value else None

    def date(self, name: str) -> ModelDate | None:
        """A date variable."""
        value = self.vars.get(name)
        return value if isinstance(value, ModelDate) else None


_KNOWN = frozenset(alias for _, alias in _fields()) | {"type"}


def _convert_extra(key: str, value: Any) -> Value | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if key in NAME_VARIABLES or (isinstance(value, list) and value and isinstance(value[0], dict)):
        try:
            return [ModelName.model_validate(x) for x in value if isinstance(x, dict)]
        except ValueError:
            return None
    if isinstance(value, dict) and ("date-parts" in value or "literal" in value or "raw" in value):
        try:
            return ModelDate.model_validate(value)
        except ValueError:
            return None
    return None

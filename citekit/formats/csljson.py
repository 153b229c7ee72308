"""CSL-JSON: the native shape of :class:`~citekit.model.Reference`.

Reading accepts an array of items or a single item. Each item is checked on its own: an item
that is not an object, lacks ``id`` or ``type``, has a ``type`` CSL does not define, or holds a
value of the wrong JSON type is reported with its line and id, and the others still load.

Writing produces JSON that validates against the official ``csl-data.json`` schema. That schema
allows no keys beyond CSL's own, so keys CSL does not define (``key``, Zotero's
``isInstitution`` on names, ...) are moved under ``custom`` (the schema's place for extensions)
rather than dropped, each with a warning; ``schema_valid=False`` writes them where they were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TypedDict

from pydantic import ValidationError

from citekit.formats import BUILTIN
from citekit.formats.base import Diagnostic, DumpResult, FailedEntry, NoOptions, ParseResult, TextFormatBase
from citekit.formats.batch import collector_paused
from citekit.model import DATE_VARIABLES, NAME_VARIABLES, SCHEMA_KEYS, CSLType, Reference

_NAME_KEYS = frozenset(
    {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix", "static-ordering", "literal", "parse-names"}
)
_DATE_KEYS = frozenset({"date-parts", "season", "circa", "literal", "raw"})
_CSL_TYPES = frozenset(t.value for t in CSLType)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Lines:
    """1-based line numbers of increasing offsets, counting each newline once (a count from the
    start of the file for every item made reading quadratic: 20,000 items took 2 minutes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        if offset < self.offset:
            return _line_of(self.text, offset)
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
_ID_NEAR = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,40})')


def _value_end(text: str, pos: int) -> int:
    """Where the JSON value starting at ``pos`` ends, found by counting brackets outside strings
    (one pass, no recursion): used to step over an item the decoder refused for its depth or size."""
    if text[pos] not in "[{":
        m = re.compile(r'"(?:[^"\\]|\\.)*"|[^,\]}\s]*', re.DOTALL).match(text, pos)
        return m.end() if m and m.end() > pos else pos + 1
    depth = 0
    for m in _STRING_OR_BRACKET.finditer(text, pos):
        tok = m.group()
        if tok in "[{":
            depth += 1
        elif tok in "]}":
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


def _refused(exc: ValueError | RecursionError, text: str, pos: int, end: int, line: int) -> FailedEntry:
    """An item the JSON decoder could not take (a number of thousands of digits, arrays nested
    deeper than Python's recursion limit) as a failed entry, so the items around it still load."""
    if isinstance(exc, RecursionError):
        why = "nested too deeply to read (more than ~1,000 levels of arrays/objects)"
    elif "digits" in str(exc):
        why = "a number too long to read (more than 4,300 digits)"
    else:
        why = f"invalid JSON: {exc}"
    m = _ID_NEAR.search(text, pos, min(end, pos + 2000))
    item = json.loads(m.group(1)) if m else None
    return FailedEntry(why, line=line, item=None if item is None else str(item), raw=text[pos : min(end, pos + 200)])


def _split_items(text: str) -> tuple[list[tuple[int, Any]], list[FailedEntry]]:
    """The top-level items with their 1-based line, decoding one item at a time.

    Decoding per item lets a later syntax error keep the items before it, and gives each
    item its line for messages.
    """
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if pos >= len(text):
        return [], [FailedEntry("empty input: no CSL-JSON", line=1)]
    if text[pos] == "{":
        try:
            obj, _ = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return [], [FailedEntry(f"invalid JSON: {exc.msg}", line=exc.lineno, raw=text[:200])]
        except (ValueError, RecursionError) as exc:
            return [], [_refused(exc, text, pos, len(text), _line_of(text, pos))]
        if isinstance(obj, dict) and isinstance(obj.get("items"), list):
            # {"items": [...]} as some tools write it
            return [(_line_of(text, pos), it) for it in obj["items"]], []
        return [(_line_of(text, pos), obj)], []
    if text[pos] != "[":
        return [], [FailedEntry("not CSL-JSON: expected '[' or '{'", line=_line_of(text, pos), raw=text[pos : pos + 80])]
    items: list[tuple[int, Any]] = []
    lines = _Lines(text)
    refused: list[FailedEntry] = []
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos < len(text) and text[pos] == "]":
            return items, refused
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return items, [*refused, FailedEntry(f"invalid JSON: {exc.msg}", line=exc.lineno, raw=text[pos : pos + 200])]
        except (ValueError, RecursionError) as exc:
            end = _value_end(text, pos)
            refused.append(_refused(exc, text, pos, end, lines.at(pos)))
        else:
            items.append((lines.at(pos), obj))
        pos = end
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        if pos < len(text) and text[pos] == "]":
            return items, refused
        return items, [*refused, FailedEntry("invalid JSON: expected ',' or ']' after an item (file truncated?)", line=lines.at(pos))]


def _field_of(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc if not (isinstance(p, str) and p in {"str", "int", "list[...]"}))


def item_to_reference(obj: Any, line: int | None = None) -> Reference | FailedEntry:
    """Validate one decoded CSL-JSON item: a Reference, or a FailedEntry saying what is wrong."""
    if not isinstance(obj, dict):
        return FailedEntry(f"item is a JSON {type(obj).__name__}, not an object", line=line, raw=_raw(obj))
    item_id = obj.get("id")
    label = None if item_id is None else str(item_id)
    if item_id is None:
        return FailedEntry("missing required 'id'", line=line, field="id", raw=_raw(obj))
    if not isinstance(item_id, (str, int)) or isinstance(item_id, bool):
        return FailedEntry(f"'id' must be a string or number, not {type(item_id).__name__}", line=line, field="id",
                           raw=_raw(obj))
    if "type" not in obj:
        return FailedEntry("missing required 'type'", line=line, item=label, field="type", raw=_raw(obj))
    if not isinstance(obj["type"], str) or obj["type"] not in _CSL_TYPES:
        return FailedEntry(f"'type' {obj['type']!r} is not a CSL item type", line=line, item=label, field="type",
                           raw=_raw(obj))
    try:
        return Reference.from_csl(obj)
    except RecursionError:
        return FailedEntry("nested too deeply to validate", line=line, item=label, raw=_raw(obj))
    except ValidationError as exc:
        err = exc.errors()[0]
        fld = _field_of(tuple(err["loc"]))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return FailedEntry(f"{err['msg']}{more}", line=line, item=label, field=fld, raw=_raw(obj))


def _raw(obj: Any) -> str:
    """The start of a failed item as JSON, for its message (made only when an item fails: issue 14)."""
    try:
        return json.dumps(obj, ensure_ascii=False)[:500] if obj is not None else ""
    except (ValueError, RecursionError):  # deep nesting near the limit: the message needs no raw text
        return ""


def _valid_date_parts(parts: Any) -> bool:
    return (
        isinstance(parts, list)
        and 1 <= len(parts) <= 2
        and all(isinstance(p, list) and 1 <= len(p) <= 3 for p in parts)
    )


def _fold_extras(item: dict[str, Any], label: str, warnings: list[Diagnostic]) -> dict[str, Any]:
    """Move keys the schema does not allow under ``custom`` so the item validates and nothing is lost."""
    moved: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key not in SCHEMA_KEYS:
            moved[key] = value
            continue
        if key in NAME_VARIABLES and isinstance(value, list):
            names = []
            for i, name in enumerate(value):
                if isinstance(name, dict):
                    extra = {k: v for k, v in name.items() if k not in _NAME_KEYS}
                    if extra:
                        moved[f"{key}[{i}]"] = extra
                        name = {k: v for k, v in name.items() if k in _NAME_KEYS}
                names.append(name)
            value = names
        elif key in DATE_VARIABLES and isinstance(value, dict):
            extra = {k: v for k, v in value.items() if k not in _DATE_KEYS}
            parts = value.get("date-parts")
            if parts is not None and not _valid_date_parts(parts):
                # The schema wants 1-2 dates of 1-3 parts; an empty or odd list moves to custom.
                extra["date-parts"] = parts
            if extra:
                moved[key] = extra
                value = {k: v for k, v in value.items() if k in _DATE_KEYS and k not in extra}
        out[key] = value
    if moved:
        custom = dict(out.get("custom") or {})
        for key, value in moved.items():
            target = key if key not in custom else f"csl-extra:{key}"
            custom[target] = value
            warnings.append(Diagnostic(f"not a CSL variable; kept under custom[{target!r}]", item=label, field=key))
        out["custom"] = custom
    return out


def _encode(items: list[dict[str, Any]], indent: int | None) -> str:
    """``json.dumps(items, ensure_ascii=False, indent=indent)``, byte for byte, faster.

    With an indent, the standard library falls back to its pure-Python encoder (0.5 s for 10,000
    items); pydantic-core's Rust encoder writes the same layout 5x faster. It spells some numbers
    differently (``1e-05``) and refuses lone surrogates, so its compact form is first compared with
    the standard library's C-accelerated compact form: any difference, and the standard encoder
    writes the file as before."""
    if indent is None or indent <= 0:
        return json.dumps(items, ensure_ascii=False, indent=indent)
    from pydantic_core import PydanticSerializationError, to_json

    try:
        same = to_json(items).decode("utf-8") == json.dumps(items, ensure_ascii=False, separators=(",", ":"))
        if same:
            return to_json(items, indent=indent).decode("utf-8")
    except (PydanticSerializationError, UnicodeError, ValueError):
        pass
    return json.dumps(items, ensure_ascii=False, indent=indent)


class CslJsonWriteOptions(TypedDict, total=False):
    """Options of writing CSL-JSON."""

    #: move keys CSL does not define under ``custom`` (default True: the output validates)
    schema_valid: bool
    #: JSON indentation (default 2; None for one line)
    indent: int | None
    #: only verified values (a curated record as stored); default: each field's best known value
    #: (verified, else as printed, else inferred: ``Reference.best_known``)
    verified_only: bool


class CslJsonFormat(TextFormatBase):
    """CSL-JSON (``.json``), the Citation Style Language's input format."""

    info = BUILTIN["csl-json"]
    ReadOptions = NoOptions
    WriteOptions = CslJsonWriteOptions

    def sniff(self, text: str) -> bool:
        """A JSON array or object whose first item has CSL keys."""
        head = text.lstrip()[:4000]
        if not head.startswith(("[", "{")):
            return False
        return any(k in head for k in ('"type"', '"id"', '"title"', '"author"'))

    @collector_paused()
    def loads(self, text: str) -> ParseResult:
        """Parse CSL-JSON text: each item validated on its own (see the module docstring)."""
        result = ParseResult(format=self.name)
        decoded, failed = _split_items(text)
        result.failed.extend(failed)
        seen: dict[str, int] = {}
        for line, obj in decoded:
            got = item_to_reference(obj, line)
            if isinstance(got, FailedEntry):
                result.failed.append(got)
                continue
            key = str(got.id)
            if key in seen:
                result.warnings.append(
                    Diagnostic(f"duplicate id (first used at line {seen[key]})", item=key, field="id", line=line)
                )
            else:
                seen[key] = line
            if got.custom:  # citekit's own extensions of the wrong shape are kept as read, and said
                for name, why in got.extensions.problems.items():
                    result.warnings.append(Diagnostic(f"not citekit's {name!r} extension ({why}); kept as read",
                                                      item=key, field=f"custom.{name}", line=line))
            result.items.append(got)
        result.failed.sort(key=lambda f: f.line or 0)
        return result

    @collector_paused()
    def dumps(self, refs: Iterable[Reference], *, schema_valid: bool = True, indent: int | None = 2,
              verified_only: bool = False) -> DumpResult:
        """CSL-JSON text; with ``schema_valid`` (default) non-CSL keys are folded under ``custom``.

        Each field has its best known value unless ``verified_only`` (see ``Reference.best_known``);
        an incomplete author list ends with ``{"literal": "others"}``, as pandoc writes it.
        """
        warnings: list[Diagnostic] = []
        items = []
        for ref in refs:
            item = ref.best_known(verified_only=verified_only).to_csl()
            if schema_valid:
                item = _fold_extras(item, ref.label(), warnings)
            items.append(item)
        text = _encode(items, indent) + "\n"
        return DumpResult(text=text, warnings=warnings, format=self.name)

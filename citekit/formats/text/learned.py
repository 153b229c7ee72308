"""The learned path of :func:`~citekit.formats.text.parse.parse_citation`: the model's segments
(``crf.py``) normalised into a Reference (``normalise.py``).

What the rules found with certainty in the citation's tail (DOI, PMID, PMCID, URL, access date)
is kept when the model did not label it. A string in another script than Latin (Cyrillic, CJK,
Arabic, ...) is parsed all the same, and the whole string is kept in ``note`` as well. A string in
which the model finds neither a title, a date, a source nor an identifier is refused
(``Parsed.error``), as the rules refuse it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import ValidationError

from citekit.errors import ParseError
from citekit.formats.text import crf
from citekit.formats.text.parse import Parsed, _finish
from citekit.formats.text.state import State
from citekit.model.extensions import Extensions

_TAIL_KEYS = ("DOI", "PMID", "PMCID", "URL", "accessed", "available-date")
_GROUPS = (
    ("author", "editor"),
    ("issued",),
    ("container-title", "publisher", "collection-title"),
    ("volume", "issue", "page"),
    ("DOI", "URL", "PMID", "PMCID", "number", "ISBN"),
)


def evidence(csl: dict[str, Any]) -> int:
    """How many kinds of citation parts were found (names, date, source, locators, identifiers);
    a title alone, or a date and some words, is prose, not a citation."""
    return sum(1 for group in _GROUPS if any(k in csl for k in group))


#: a part the model labelled with less confidence than this is no evidence of a citation
#: ("Last Revised: November 20, 2025": "Last Revised" as an author at 0.09)
_UNSURE = 0.2


def looks_cited(csl: dict[str, Any]) -> bool:
    """Enough parts for a citation: two kinds with a title or names among them, a source with
    its volume or pages (``J. Geophys. Res., 114, B04307``), three of any kind, a DOI, or a title of a few words
    with an identifier (``3GPP TS 25.410: "UTRAN Iu Interface: general aspects"``)."""
    n = evidence(csl)
    if n >= 3 or n == 2 and any(k in csl for k in ("title", "author", "editor")):
        return True
    if n == 2 and "container-title" in csl and any(k in csl for k in ("volume", "page")):
        return True
    if n == 1 and "DOI" in csl:  # "doi:10.1103/PhysRevLett.100.228501."
        return True
    identified = any(k in csl for k in ("number", "URL", "PMID", "PMCID", "ISBN"))
    return n == 1 and identified and len(str(csl.get("title", "")).split()) >= 3


def latin_share(text: str) -> float:
    """The share of letters that are Latin script (1.0 for a text without letters)."""
    if text.isascii():
        return 1.0
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    # below U+0250 every letter is Latin (Basic Latin to Latin Extended-B): no name look-up
    latin = sum(1 for ch in letters if ch < "\u0250" or "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def _families(csl: dict[str, Any]) -> list[str]:
    return [str(a.get("family") or a.get("literal") or "").casefold() for a in csl.get("author") or []]


def _rules_refine(rules: dict[str, Any], model: dict[str, Any]) -> bool:
    """The rules' reading agrees with the model's on the authors and the date, and only cuts the
    model's title shorter (``Title. Publisher.``): then the rules' finer reading is kept."""
    rt, mt = str(rules.get("title", "")).casefold(), str(model.get("title", "")).casefold()
    if not rt or not mt or rt == mt or not mt.startswith(rt):
        return False
    if "container-title" in model or "publisher" in model:
        return False
    return _families(rules) == _families(model) and bool(_families(rules)) and rules.get("issued") == model.get("issued")


def _agree(rules: dict[str, Any], model: dict[str, Any]) -> bool:
    title = str(rules.get("title", "")).casefold()
    return (
        bool(title)
        and title == str(model.get("title", "")).casefold()
        and _families(rules) == _families(model)
        and rules.get("issued") == model.get("issued")
    )


def parse_learned(
    text: str,
    *,
    id: str | None,
    extra: dict[str, Any] | None,
    fallback: State | None,
    rule_error: ParseError | None = None,
) -> Parsed:
    """Parse ``text`` (already checked and cleaned) with the model; see the module docstring.

    ``fallback``: the rules' reading (kept if the model is missing); ``rule_error``: why the rules
    refused the text (reported when the model finds no citation either: its reason is the more precise).
    """
    try:
        csl, conf, et_al = crf.parse(text)
    except FileNotFoundError as exc:  # a package built without its model: the rules' reading
        if fallback is not None:
            return _finish(fallback.csl, fallback.confidence, fallback.style, fallback.problems, id, extra)
        if rule_error is not None:
            return Parsed(None, None, [], rule_error.message, rule_error.field)
        return Parsed(None, None, [], str(exc), None)
    problems: list[tuple[str, str | None]] = []
    if fallback is not None and _rules_refine(fallback.csl, csl):
        return _finish(fallback.csl, fallback.confidence, fallback.style, fallback.problems, id, extra)
    if fallback is not None and _agree(fallback.csl, csl):
        # the same authors, date and title: what else the rules read fills what the model left out
        for key, value in fallback.csl.items():
            if key not in csl and key not in ("note", "custom", "type"):
                csl[key] = value
                conf[key] = fallback.confidence.get(key, 0.5)
    if fallback is not None:
        for key in _TAIL_KEYS:
            if key in fallback.csl and key not in csl and fallback.confidence.get(key, 0) >= 0.9:
                csl[key] = fallback.csl[key]
                conf[key] = fallback.confidence[key]
    other_script = latin_share(text) < 0.5
    if other_script:
        csl["note"] = text
        conf["note"] = 1.0
        problems.append(("not in Latin script: the whole citation is kept in note", "note"))
    elif not looks_cited({k: v for k, v in csl.items() if conf.get(k, 1.0) >= _UNSURE}):
        if fallback is not None:  # the rules read a citation where the model found none: theirs
            return _finish(fallback.csl, fallback.confidence, fallback.style, fallback.problems, id, extra)
        if rule_error is not None:
            return Parsed(None, "learned", problems, rule_error.message, rule_error.field)
        return Parsed(None, "learned", problems, "not a citation: no title, date, source or identifier found", "title")
    if et_al:
        with Extensions.editing(csl) as ext:
            ext.parse.et_al = True
    for key, value in list(csl.items()):
        if key in conf:
            continue
        if key not in ("type", "custom"):
            conf[key] = 0.5
    try:
        return _finish(csl, conf, "learned", problems, id, extra)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else None
        return Parsed(None, "learned", problems, f"could not build a record: {first['msg']}", field)

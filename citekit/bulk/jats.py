"""JATS reference lists (``<ref-list>``) as references: ``element-citation`` and ``mixed-citation``.

JATS 1.3 (NISO Z39.96) tags a citation's parts: ``person-group``/``name`` (``surname``,
``given-names``) or ``string-name``, ``collab``; ``article-title``, ``chapter-title``, ``source``;
``year``, ``month``, ``day``; ``volume``, ``issue``, ``fpage``, ``lpage``, ``page-range``,
``elocation-id``; ``pub-id`` (``doi``, ``pmid``, ``pmcid``); ``publisher-name``, ``publisher-loc``.
An ``element-citation`` holds the parts only; a ``mixed-citation`` holds them with the printed
punctuation between them, or no tags at all (then its text is parsed as a free-text citation).
Each ``<ref>`` gives one reference (the first citation in it: ``citation-alternatives`` repeat the
same work), keyed by its ``id``. Namespaces are ignored (PMC's ``.nxml`` has none, some publishers
prefix ``jats:``). A citation that cannot be read is a :class:`~citekit.formats.base.FailedEntry`
naming its line and ``ref`` id; a file that is not well-formed XML is one failed entry at the
parser's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from citekit.formats.base import FailedEntry
from citekit.model import Reference

#: JATS ``publication-type`` → CSL type (JATS 1.3 suggested values; anything else is an article)
TYPES = {"journal": "article-journal", "book": "book", "chapter": "chapter", "confproc": "paper-conference",
         "conf-proc": "paper-conference", "thesis": "thesis", "report": "report", "patent": "patent",
         "web": "webpage", "webpage": "webpage", "preprint": "article", "data": "dataset", "software": "software",
         "newspaper": "article-newspaper", "magazine": "article-magazine", "standard": "standard"}
CITATIONS = ("element-citation", "mixed-citation", "nlm-citation", "citation")
_SPACE = re.compile(r"\s+")


@dataclass
class JatsRef:
    """One reference of a ref-list: its key, line, the reference, and the citation text (mixed citations)."""

    key: str
    line: int | None
    reference: Reference
    text: str | None = None


@dataclass
class JatsResult:
    """What a JATS file gave: the references read and the entries that could not be."""

    refs: list[JatsRef] = field(default_factory=list)
    failed: list[FailedEntry] = field(default_factory=list)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el.iter() if _local(c.tag) == name]


def _first(el: Any, name: str) -> str | None:
    for c in el.iter():
        if _local(c.tag) == name:
            value = _text(c)
            if value:
                return value
    return None


def _name(el: Any) -> dict[str, str] | None:
    tag = _local(el.tag)
    if tag == "collab":
        text = _text(el)
        return {"literal": text} if text else None
    family, given, suffix = _first(el, "surname"), _first(el, "given-names"), _first(el, "suffix")
    if not family:
        text = _text(el)
        return {"literal": text} if text else None
    out = {"family": family}
    if given:
        out["given"] = given
    if suffix:
        out["suffix"] = suffix
    return out


def _people(cit: Any) -> dict[str, list[dict[str, str]]]:
    """Names by role: each ``person-group``'s, or (no group: mixed citations) the citation's own."""
    out: dict[str, list[dict[str, str]]] = {}
    groups = _children(cit, "person-group")
    for group, role in [(g, g.get("person-group-type") or "author") for g in groups] or [(cit, "author")]:
        role = role if role in ("author", "editor", "translator") else "author"
        for el in group.iter():
            if _local(el.tag) in ("name", "string-name", "collab"):
                person = _name(el)
                if person:
                    out.setdefault(role, []).append(person)
    return out


def _tagged(cit: Any) -> bool:
    return any(_local(c.tag) in ("article-title", "source", "year", "volume", "fpage", "surname") for c in cit.iter())


def _firsts(cit: Any) -> dict[str, str]:
    """The first non-empty text of each tag in the citation, in one pass (names are read by :func:`_people`)."""
    out: dict[str, str] = {}
    for c in cit.iter():
        tag = _local(c.tag)
        if tag and tag not in out and tag not in ("name", "string-name", "person-group"):
            value = _text(c)
            if value:
                out[tag] = value
    return out


def citation_to_csl(cit: Any, key: str) -> dict[str, Any]:
    """The CSL-JSON item of one tagged citation element."""
    ptype = (cit.get("publication-type") or cit.get("citation-type") or "journal").lower()
    item: dict[str, Any] = {"id": key, "type": TYPES.get(ptype, "article")}
    got = _firsts(cit)
    article, chapter, source = got.get("article-title"), got.get("chapter-title"), got.get("source")
    if chapter:
        item["type"] = "chapter"
    part = article or chapter
    if part:
        item["title"] = part
        if source:
            item["container-title"] = source
    elif source:
        item["title"] = source
    item.update(_people(cit))
    year = got.get("year")
    if year and re.match(r"\d{4}", year):
        parts = [int(year[:4])]
        month = got.get("month")
        if month and month.isdigit() and 1 <= int(month) <= 12:
            parts.append(int(month))
        item["issued"] = {"date-parts": [parts]}
    for tag, var in (("volume", "volume"), ("issue", "issue"), ("edition", "edition"),
                     ("publisher-name", "publisher"), ("publisher-loc", "publisher-place")):
        if got.get(tag):
            item[var] = got[tag]
    first, last, prange, eloc = (got.get(t) for t in ("fpage", "lpage", "page-range", "elocation-id"))
    if prange:
        item["page"] = prange
    elif first:
        item["page"] = f"{first}-{last}" if last and last != first else first
    elif eloc:
        item["page"] = eloc
    for el in cit.iter():
        tag = _local(el.tag)
        if tag == "pub-id":
            kind, value = (el.get("pub-id-type") or "").lower(), _text(el)
            if value and kind in ("doi", "pmid", "pmcid"):
                item.setdefault({"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}[kind], value)
        elif tag == "ext-link" and (el.get("ext-link-type") or "").lower() == "doi" and _text(el):
            item.setdefault("DOI", _text(el))
    return item


def _untagged(text: str, key: str) -> Reference | FailedEntry:
    from citekit.formats import loads

    try:
        parsed = loads(text, "text")
    except Exception as exc:  # noqa: BLE001 (any parser fault on one citation is that entry's failure)
        return FailedEntry(f"the citation text could not be parsed: {exc}", item=key, raw=text[:500])
    if not parsed.items:
        why = parsed.failed[0].error if parsed.failed else "no reference in the citation text"
        return FailedEntry(why, item=key, raw=text[:500])
    ref = parsed.items[0]
    return ref.model_copy(update={"id": key})


def read_jats(data: bytes, source: str = "<jats>") -> JatsResult:
    """The references of every ``<ref>`` in a JATS document's ``<ref-list>`` (or a bare ref-list)."""
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    from citekit.formats.csljson import item_to_reference

    out = JatsResult()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        out.failed.append(FailedEntry(f"not well-formed XML: {exc.msg}", line=line))
        return out
    n = 0
    for ref in root.iter():
        if _local(ref.tag) != "ref" or not any(_local(a.tag) == "ref-list" for a in ref.iterancestors()):
            continue
        n += 1
        key = ref.get("id") or str(n)
        cit = next((c for c in ref.iter() if _local(c.tag) in CITATIONS), None)
        if cit is None:
            out.failed.append(FailedEntry("no element-citation or mixed-citation in this ref", line=ref.sourceline,
                                          item=key))
            continue
        mixed = _local(cit.tag) == "mixed-citation"
        text = _text(cit) if mixed else None
        got: Reference | FailedEntry
        if _tagged(cit):
            got = item_to_reference(citation_to_csl(cit, key), cit.sourceline)
        elif text:
            got = _untagged(text, key)
        else:
            got = FailedEntry("empty citation", item=key)
        if isinstance(got, FailedEntry):
            out.failed.append(replace(got, line=got.line or cit.sourceline, item=got.item or key))
        else:
            out.refs.append(JatsRef(key, cit.sourceline, got, text))
    return out


__all__ = ["CITATIONS", "TYPES", "JatsRef", "JatsResult", "citation_to_csl", "read_jats"]

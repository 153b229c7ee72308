"""arXiv: preprints by identifier through arXiv's API (``export.arxiv.org/api/query?id_list=``, Atom 1.0).

arXiv answers every query with an Atom feed (arXiv API User's Manual, "Structure of the API"):
one ``<entry>`` per record found; none when the identifier is well-formed but unknown
(``opensearch:totalResults`` 0); and, for a malformed identifier, one entry whose ``<id>`` is
``http(s)://arxiv.org/api/errors#...`` with the complaint in ``<summary>`` (HTTP 200 before 2025,
HTTP 400 since). Both feed layouts are read: the older one (``arxiv:`` elements re-declaring their
namespace, ``<link rel="self">``) and the current one (namespaces on the feed, ``opensearch:*``
without attributes).

The record is the preprint: CSL type ``article`` (CSL 1.0.2: "preprints, working papers"),
``publisher`` arXiv, ``number`` the identifier, ``issued`` the first version's date (arXiv's own
citation export does the same), ``URL`` the abstract page. The published version (``arxiv:doi``,
``arxiv:journal_ref``) is another work and is not folded into this record; its DOI is cited with
``[@doi:...]``.

Author names are one string a person (``Peter H. N. de With``), split by BibTeX's "First von Last"
rule: a lower-case particle is kept (``de``), a capitalised one is read as a given name
(``Adrian Del Maestro`` → family ``Maestro``): the API does not say where the family name starts.

Etiquette (arXiv API Terms of Use): no more than one request every three seconds, one connection at
a time (``ResolverConfig.arxiv_interval``); each answer is checked to be the identifier asked for
before it is cached.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from citekit.errors import BadResponse, InvalidIdentifier, NotFound, WrongRecord
from citekit.ids.arxiv import ArxivId
from citekit.model import Reference
from citekit.model.extensions import Extensions, Origin
from citekit.resolve.services.base import Service, received

ACCEPT = "application/atom+xml"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ABS = re.compile(r"arxiv\.org/abs/(.+)$")
_SPACE = re.compile(r"\s+")


def _text(node: Any, tag: str) -> str | None:
    found = node.find(tag)
    if found is None or found.text is None:
        return None
    text = _SPACE.sub(" ", found.text).strip()
    return text or None


def _date(value: str | None) -> dict[str, Any] | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value or "")
    return {"date-parts": [[int(m.group(1)), int(m.group(2)), int(m.group(3))]]} if m else None


def _name(text: str) -> dict[str, str]:
    """``Peter H. N. de With`` → given, particle, family (BibTeX's "First von Last" rule)."""
    from citekit.formats.bibtex.names import decode_names

    if "," in text or "{" in text or " and " in f" {text} ":
        return {"literal": text}
    read = decode_names(text)
    if len(read.names) != 1:
        return {"literal": text}
    return read.names[0].model_dump(by_alias=True, exclude_none=True)


def parse_feed(body: str | bytes) -> list[Any]:
    """The ``<entry>`` elements of an arXiv Atom feed; ``BadResponse`` when it is not one.

    Parsed with lxml without entity resolution or network access: the body comes from the network.
    """
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    data = body.encode("utf-8") if isinstance(body, str) else body
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise BadResponse(f"arXiv answered with text that is not XML ({err})") from err
    if root.tag != f"{ATOM}feed":
        raise BadResponse(f"arXiv answered with <{etree.QName(root).localname}>, not an Atom feed")
    return list(root.iter(f"{ATOM}entry"))


def entry_id(entry: Any) -> ArxivId | None:
    """The identifier of an entry (``http://arxiv.org/abs/1605.08386v1``), None for an error entry."""
    raw = _text(entry, f"{ATOM}id") or ""
    m = _ABS.search(raw)
    if not m or "/api/errors" in raw:
        return None
    try:
        return ArxivId.parse(m.group(1))
    except InvalidIdentifier:  # an unreadable id is "no id"; the caller reports the entry
        return None


def entry_to_reference(entry: Any, asked: ArxivId) -> Reference:
    """One Atom entry → the preprint's record (pure)."""
    version = asked if asked.version is not None else ArxivId(asked.base)
    authors = [_name(n) for n in (_text(a, f"{ATOM}name") for a in entry.iter(f"{ATOM}author")) if n]
    data: dict[str, Any] = {
        "id": f"arxiv:{version}",
        "type": "article",
        "title": _text(entry, f"{ATOM}title"),
        "author": authors or None,
        "issued": _date(_text(entry, f"{ATOM}published")),
        "publisher": "arXiv",
        "number": str(version),
        "URL": version.url,
        "abstract": _text(entry, f"{ATOM}summary"),
        "custom": Extensions(origin=Origin(service="arxiv")).to_custom(),
    }
    return Reference.model_validate({k: v for k, v in data.items() if v is not None})


def feed_to_reference(body: str | bytes, asked: ArxivId, label: str = "arXiv") -> Reference:
    """The record of ``asked`` in an API answer: ``NotFound`` (no entry, or arXiv's error entry),
    ``WrongRecord`` (an entry of another identifier), ``BadResponse`` (not a feed)."""
    entries = parse_feed(body)
    if not entries:
        raise NotFound(f"{label} has no record of arXiv:{asked}", item=f"arxiv:{asked}", field="arxiv", source=label)
    for entry in entries:
        got = entry_id(entry)
        if got is None:
            complaint = _text(entry, f"{ATOM}summary") or _text(entry, f"{ATOM}title") or "an error entry"
            raise NotFound(f"{label} refused arXiv:{asked}: {complaint}", item=f"arxiv:{asked}", field="arxiv",
                           source=label)
        if got.base == asked.base and (asked.version is None or got.version in (None, asked.version)):
            ref = entry_to_reference(entry, asked)
            if not ref.title:
                raise BadResponse(f"{label}'s entry for arXiv:{asked} has no title", item=f"arxiv:{asked}",
                                  source=label)
            return ref
    others = ", ".join(str(entry_id(e)) for e in entries[:3])
    raise WrongRecord(f"{label} answered with the record of another preprint ({others}): rejected, not cached",
                      item=f"arxiv:{asked}", field="arxiv", source=label)


class Arxiv(Service):
    """arXiv's API, one identifier a request, paced to arXiv's one request every three seconds."""

    name: ClassVar[str] = "arxiv"
    label: ClassVar[str] = "arXiv"
    handles: ClassVar[tuple[type, ...]] = (ArxivId,)

    def __init__(self, resolver: Any) -> None:
        super().__init__(resolver)
        host = urlsplit(self.config.arxiv_url).netloc.lower()
        # the limiter's starting window for arXiv's host, before any request to it (arXiv states no headers)
        self.client.limiter.defaults.setdefault(host, (1, max(self.config.arxiv_interval, 0.001), 1))

    def fetch(self, ident: Any) -> Reference:
        """The record of one arXiv identifier."""
        asked: ArxivId = ident
        params = {"id_list": str(asked), "max_results": "1"}
        resp = self.client.get(self.config.arxiv_url, params, accept=ACCEPT, kind="single", item=f"arxiv:{asked}",
                               expect_json=False, validate=lambda r: feed_to_reference(r.text, asked, self.label))
        ref: Reference = resp.value
        return received(ref, resp.received)


__all__ = ["ACCEPT", "Arxiv", "entry_to_reference", "feed_to_reference", "parse_feed"]

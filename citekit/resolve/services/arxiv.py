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
``arxiv:journal_ref``, given by the authors) is another work: it never replaces this record's
identity (no ``DOI`` is set), and is kept under ``custom`` in Crossref's documented ``relation``
shape, ``{"is-preprint-of": [{"id-type": "doi", "id": DOI, "asserted-by": "subject"}]}`` (the
journal reference as ``id-type`` ``other`` when there is no DOI), with the journal reference as
printed in ``custom["journal-ref"]``. The ``superseded`` check rule reads that relation ("cites a
preprint; the published version is ..."); the published version itself is cited with ``[@doi:...]``.

Author names are one string a person (``Peter H. N. de With``, ``Adrian Del Maestro``): the API does
not say where the family name starts. :func:`person_name` splits them by BibTeX's "First von Last"
rule, lower-case particles kept (``de`` → ``non-dropping-particle``), and also takes a capitalised
particle before the last word into the family name (``Del Maestro``), as citeproc-js and pandoc keep
it; measured on 58,000 real BibTeX names (benchmarks/bench_arxiv_names.py). Its known limit: a
capitalised middle name that is also a particle (``Thanh Van Nguyen``) is read as a particle.

Etiquette (arXiv API Terms of Use): no more than one request every three seconds, one connection at
a time (``ResolverConfig.arxiv_interval``); each answer is checked to be the identifier asked for
before it is cached.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from citekit.errors import BadResponse, InvalidIdentifier, NotFound, WrongRecord
from citekit.ids import DOI
from citekit.ids.arxiv import ArxivId
from citekit.model import Reference
from citekit.model.extensions import Extensions, Origin, Relation, Relations, RelationType
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


#: Capitalised words that begin a family name when they come between the given name(s) and the last
#: word (``Adrian Del Maestro``, ``Chris G. Van de Walle``): the particles of citeproc-js's list
#: (util_name_particles.js) that Romance, Dutch and German surnames write with a capital. BibTeX's
#: "First von Last" rule reads a capitalised word as a given name, which cuts such names in two.
FAMILY_PARTICLES = frozenset({
    "da", "dal", "dalla", "das", "de", "degli", "dei", "del", "dell'", "della", "delle", "den", "der", "des", "di",
    "do", "dos", "du", "la", "le", "lo", "ten", "ter", "van", "vande", "vanden", "vander", "von", "zu", "zur",
})
#: generational suffixes written after the family name (``Jr.``, ``III``)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def person_name(text: str) -> dict[str, str]:
    """One person's name written given-first (``Peter H. N. de With``) → CSL name fields.

    The family name is the last word with what BibTeX's "First von Last" rule puts before it
    (lower-case particles: ``de`` → ``non-dropping-particle``), and also the capitalised particles
    of :data:`FAMILY_PARTICLES` standing before it (``Adrian Del Maestro`` → family ``Del Maestro``):
    kept in ``family`` as citeproc-js and pandoc's citeproc do, since both split only lower-case
    particles out of a family name (so it sorts under D, as Crossref and the name's bearer file it).
    ``Jr.``/``III`` after the family name, with or without a comma, is the ``suffix``. A string with
    braces, another comma or an ``and`` is kept whole as a ``literal``.
    """
    from citekit.formats.bibtex.names import decode_names

    text = " ".join(text.split())
    main, comma, tail = text.partition(",")
    suffix = tail.strip() if comma and tail.strip().lower() in SUFFIXES else None
    if comma and suffix is None or "{" in text or " and " in f" {text} ":
        return {"literal": text}
    words = main.split()
    if suffix is None and len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix, words = words[-1], words[:-1]
    read = decode_names(" ".join(words))
    if len(read.names) != 1:
        return {"literal": text}
    name = read.names[0].model_dump(by_alias=True, exclude_none=True)
    given = (name.get("given") or "").split()
    k = len(given)
    while k > 1 and given[k - 1][:1].isupper() and given[k - 1].casefold() in FAMILY_PARTICLES:
        k -= 1
    if k < len(given):  # the capitalised particle and what follows it are all the family name
        family = " ".join(p for p in (*given[k:], name.pop("non-dropping-particle", None), name["family"]) if p)
        name.update(given=" ".join(given[:k]), family=family)
    if suffix:
        name["suffix"] = suffix
    return name


_name = person_name  # the name the Google Books mapping (isbn.py) imports


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
    authors = [person_name(n) for n in (_text(a, f"{ATOM}name") for a in entry.iter(f"{ATOM}author")) if n]
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
        "custom": Extensions(origin=Origin(service="arxiv"),  # the published version: a relation, never the DOI
                             relations=Relations(items=published_version(entry) or None)).to_custom(),
    }
    return Reference.model_validate({k: v for k, v in data.items() if v is not None})


def published_version(entry: Any) -> list[Relation]:
    """The entry's ``arxiv:doi`` and ``arxiv:journal_ref`` as ``published-version`` relations (none: empty).

    Each DOI of ``arxiv:doi`` (authors sometimes give two, space-separated) is one relation carrying the
    journal reference as its citation; a value that is no DOI, or a journal reference without a DOI, is
    kept as the relation's ``id`` (``id-type`` other) rather than dropped. Asserted by the preprint's
    authors: ``source`` subject, as Crossref says of a preprint's own links.
    """
    dois, others = [], []
    for token in (_text(entry, f"{ARXIV}doi") or "").split():
        try:
            dois.append(DOI.parse(token, prose=False).value)
        except InvalidIdentifier:
            others.append(token)
    journal = _text(entry, f"{ARXIV}journal_ref")
    if journal and not dois and not others:
        others.append(journal)
    kind = RelationType.PUBLISHED_VERSION
    return [*(Relation(type=kind, deposited_as="arxiv:doi", doi=d, citation=journal, source="subject")
              for d in dict.fromkeys(dois)),
            *(Relation(type=kind, deposited_as="arxiv:journal_ref", id=o, id_type="other", citation=journal,
                       source="subject") for o in others)]


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


__all__ = ["ACCEPT", "FAMILY_PARTICLES", "Arxiv", "entry_to_reference", "feed_to_reference", "parse_feed", "person_name",
           "published_version"]

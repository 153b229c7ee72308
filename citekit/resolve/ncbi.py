"""NCBI: E-utilities ESummary (PMID → record), the PMC ID Converter (PMID ↔ PMCID ↔ DOI) and ECitMatch.

Pure mappings of NCBI's payloads plus the request builders. Every request carries ``tool`` and
``email`` (NCBI's E-utilities usage policy) and ``api_key`` when configured (10 requests/s
instead of 3). The ID converter's current endpoint is
``https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/`` and takes up to 200 ids a request.

ESummary JSON (``retmode=json``, version 0.3 as recorded): ``result.uids`` lists the ids and
``result[uid]`` holds ``title``, ``authors[{name, authtype}]``, ``source`` (the NLM abbreviation),
``fulljournalname``, ``volume``, ``issue``, ``pages``, ``pubdate``, ``epubdate``, ``issn``, ``essn``
and ``articleids[{idtype, value}]`` (``pubmed``, ``doi``, ``pmc``, ...). An id NCBI cannot find comes
back as ``{"uid": ..., "error": "cannot get document summary"}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from citekit.errors import BadResponse, InvalidIdentifier, NotFound
from citekit.ids import DOI, PMCID, PMID
from citekit.model import Date, Name, Reference
from citekit.model.extensions import Extensions, Origin

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_SEASONS = {"spring": 1, "summer": 2, "fall": 3, "autumn": 3, "winter": 4}
#: PubMed publication types → CSL types (the first that matches wins)
PUBTYPE_MAP: dict[str, str] = {
    "Journal Article": "article-journal",
    "Review": "article-journal",
    "Letter": "article-journal",
    "Editorial": "article-journal",
    "Comment": "article-journal",
    "Preprint": "article",
    "Book": "book",
    "Dataset": "dataset",
}
MAX_IDCONV_IDS = 200
MAX_ESUMMARY_IDS = 200


def ncbi_params(tool: str, email: str | None, api_key: str | None) -> dict[str, str]:
    """``tool``, ``email`` and ``api_key`` as NCBI asks every client to send them."""
    params = {"tool": tool}
    if email:
        params["email"] = email
    if api_key:
        params["api_key"] = api_key
    return params


def parse_pubdate(text: str | None) -> Date | None:
    """PubMed dates: ``2017``, ``2017 Aug``, ``2017 Aug 14``, ``2017 Spring``, ``2016 Nov-Dec``."""
    if not text:
        return None
    bits = text.replace("-", " ").split()
    if not bits or not bits[0].isdigit() or len(bits[0]) != 4:
        return Date(raw=text)
    year = int(bits[0])
    if len(bits) > 1:
        word = bits[1][:3].lower()
        if word in _MONTHS:
            month = _MONTHS[word]
            day = int(bits[2]) if len(bits) > 2 and bits[2].isdigit() and 1 <= int(bits[2]) <= 31 else None
            return Date.from_parts(year, month, day)
        if bits[1].lower() in _SEASONS:
            return Date.model_validate({"date-parts": [[year]], "season": _SEASONS[bits[1].lower()]})
    return Date.from_parts(year)


def parse_author(text: str) -> Name:
    """``Nicholas SE`` → family ``Nicholas``, given ``S. E.`` (MEDLINE display: family, then initials)."""
    text = text.strip()
    m = re.match(r"^(.*\S)\s+([A-Z]{1,4})(?:\s+(Jr|Sr|2nd|3rd|II|III|IV))?$", text)
    if not m:
        return Name(literal=text)
    given = " ".join(f"{c}." for c in m.group(2))
    return Name(family=m.group(1), given=given, suffix=m.group(3) or None)


def summary_to_reference(doc: dict[str, Any]) -> Reference:
    """One ESummary document (``result[uid]``) as a CSL-valid Reference."""
    uid = str(doc.get("uid", ""))
    if doc.get("error"):
        raise NotFound(f"PubMed has no record: {doc['error']}", item=uid, source="pubmed")
    pmid = PMID.parse(uid)
    ids = {a.get("idtype"): a.get("value") for a in doc.get("articleids", []) if isinstance(a, dict)}
    types = doc.get("pubtype") or []
    csl_type = next((PUBTYPE_MAP[t] for t in types if t in PUBTYPE_MAP), "article-journal")
    data: dict[str, Any] = {"id": f"pmid:{pmid}", "type": csl_type, "PMID": str(pmid)}
    title = (doc.get("title") or "").strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # MEDLINE ends every title with a period; CSL styles add their own
    if title:
        data["title"] = title
    if doc.get("fulljournalname"):
        data["container-title"] = doc["fulljournalname"]
    if doc.get("source"):
        data["container-title-short"] = doc["source"]
        data["journalAbbreviation"] = doc["source"]
        data.setdefault("container-title", doc["source"])
    for key, csl in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if isinstance(doc.get(key), str) and doc[key].strip():
            data[csl] = doc[key].strip()
    if data.get("page"):
        data["page-first"] = str(data["page"]).split("-")[0]
    issn = doc.get("issn") or doc.get("essn")
    if issn:
        data["ISSN"] = issn
    if ids.get("doi"):
        try:
            doi = DOI.parse(str(ids["doi"]), prose=False)
            data["DOI"] = doi.value
            data["URL"] = doi.url
        except InvalidIdentifier:  # a malformed DOI in PubMed is dropped, the record stays
            pass
    pmc = ids.get("pmc") or ids.get("pmcid")
    if pmc:
        try:
            data["PMCID"] = str(PMCID.parse(re.sub(r"^pmc-id:\s*|;.*$", "", pmc)))
        except InvalidIdentifier:
            pass
    if doc.get("lang"):
        data["language"] = doc["lang"][0] if isinstance(doc["lang"], list) else doc["lang"]
    ref = Reference.from_csl(data)
    issued = parse_pubdate(doc.get("pubdate"))
    if issued is not None:
        ref.issued = issued
    online = parse_pubdate(doc.get("epubdate"))
    if online is not None and online.date_parts:
        ref.available_date = online
    authors = []
    for a in doc.get("authors") or []:
        if not isinstance(a, dict) or not a.get("name"):
            continue
        authors.append(Name(literal=a["name"]) if a.get("authtype") == "CollectiveName" else parse_author(a["name"]))
    if authors:
        ref.author = authors
    ref.extensions = Extensions(origin=Origin(service="pubmed", publication_types=list(types))
                                if types else Origin(service="pubmed"))
    return ref


def esummary_to_references(body: Any) -> dict[str, Reference | NotFound]:
    """Every document of an ESummary JSON response, by uid: a Reference or the NotFound for it."""
    if not isinstance(body, dict):
        raise BadResponse("ESummary response is not a JSON object", source="pubmed")
    if "error" in body and "result" not in body:
        raise BadResponse(f"ESummary error: {body['error']}", source="pubmed")
    result = body.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("uids"), list):
        raise BadResponse("ESummary response without result.uids", source="pubmed")
    out: dict[str, Reference | NotFound] = {}
    for uid in result["uids"]:
        doc = result.get(str(uid))
        if not isinstance(doc, dict):
            out[str(uid)] = NotFound("missing from ESummary result", item=str(uid), source="pubmed")
            continue
        try:
            out[str(uid)] = summary_to_reference(doc)
        except NotFound as exc:
            out[str(uid)] = exc
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, InvalidIdentifier) as exc:
            raise BadResponse(f"ESummary document {str(uid)[:20]!r} has a field of the wrong shape: "
                              f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}", item=str(uid),
                              source="pubmed") from exc
    return out


@dataclass(frozen=True)
class IdRecord:
    """One ID-converter record: the ids that name one article (any may be missing), or its error."""

    requested: str
    pmid: PMID | None = None
    pmcid: PMCID | None = None
    doi: DOI | None = None
    error: str | None = None


def idconv_records(body: Any) -> list[IdRecord]:
    """The records of an ID-converter JSON response; a whole-request error raises ``BadResponse``."""
    if not isinstance(body, dict):
        raise BadResponse("ID converter response is not a JSON object", source="idconv")
    if body.get("status") == "error":
        raise BadResponse(f"ID converter: {unquote(str(body.get('message', 'error')))}", source="idconv")
    out = []
    for rec in body.get("records") or []:
        if not isinstance(rec, dict):
            continue
        requested = str(rec.get("requested-id") or rec.get("doi") or rec.get("pmid") or rec.get("pmcid") or "")
        if rec.get("status") == "error":
            out.append(IdRecord(requested, error=unquote(str(rec.get("errmsg", "error")))))
            continue
        try:
            out.append(IdRecord(
                requested,
                pmid=PMID.parse(str(rec["pmid"])) if rec.get("pmid") else None,
                pmcid=PMCID.parse(str(rec["pmcid"])) if rec.get("pmcid") else None,
                doi=DOI.parse(str(rec["doi"]), prose=False) if rec.get("doi") else None,
            ))
        except InvalidIdentifier as exc:
            out.append(IdRecord(requested, error=f"the converter answered an invalid identifier: {exc.message}"))
    return out


# ------------------------------------------------------------------ ECitMatch
@dataclass(frozen=True)
class CitationQuery:
    """What ECitMatch matches on: journal (title or NLM abbreviation), year, volume, first page, first author."""

    journal: str
    year: int | str
    volume: str = ""
    first_page: str = ""
    author: str = ""  # "mann bj": family name and initials
    key: str = "1"

    def bdata(self) -> str:
        """One ``bdata`` line: ``journal|year|volume|first_page|author|key|`` (NCBI E-utilities, ECitMatch)."""
        fields = [self.journal, str(self.year), self.volume, self.first_page, self.author, self.key]
        return "|".join(f.replace("|", " ").replace("\r", " ").replace("\n", " ").strip() for f in fields) + "|"


def ecitmatch_params(queries: list[CitationQuery]) -> dict[str, str]:
    """Parameters of one ECitMatch request (``retmode=xml`` is what NCBI documents; the answer is text)."""
    return {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(q.bdata() for q in queries)}


def parse_ecitmatch(text: str) -> dict[str, PMID | None]:
    """ECitMatch's answer lines, by key: the PMID, or ``None`` for ``NOT_FOUND`` / ``AMBIGUOUS``."""
    out: dict[str, PMID | None] = {}
    for line in text.splitlines():
        parts = line.strip().split("|")
        if len(parts) < 7:
            continue
        key, answer = parts[5].strip(), parts[6].strip()
        out[key] = PMID.parse(answer) if answer.isdigit() else None
    return out

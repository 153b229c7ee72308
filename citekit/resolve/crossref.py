"""Crossref REST API works → :class:`~citekit.model.Reference` (pure functions), and the requests for them.

The mapping follows Crossref's schema (api.crossref.org/swagger-docs, "Work") and the CSL 1.0.2
variables. What CSL has no variable for, but the checker needs, becomes the record's typed
extensions (:class:`citekit.model.Extensions`, kept under ``custom`` so the record stays valid
CSL-JSON):

``origin``     service ``crossref``, Crossref's own type (``posted-content``, ``peer-review`` ...),
               the search relevance score for search results
``relations``  ``updated-by`` (notices that update this record: corrections, retractions, since 2025
               Retraction Watch entries with ``source: "retraction-watch"``), ``update-to`` (this
               record is a notice *of* another: ``inverse``), ``relation`` (``is-preprint-of``,
               ``has-preprint``, ``is-review-of`` ...), each mapped to a :class:`Relation` here, the
               only place that knows Crossref's layout; CrossMark's ``update-policy`` page
``deposit``    e-only article number (also used as ``page`` when there is no page), print and online
               dates (ISO), every ISSN/ISBN with its type (CSL's ``ISSN``/``ISBN`` hold one),
               trial registrations, ORCID iDs per contributor
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from citekit.errors import BadResponse, InvalidIdentifier
from citekit.ids import DOI
from citekit.model import Date, Name, Reference
from citekit.model.extensions import (
    Deposit,
    Extensions,
    Orcid,
    Origin,
    Relation,
    Relations,
    RelationType,
    TrialRegistration,
    TypedValue,
)
from citekit.resolve.markup import plain_text, to_rich_text

#: Crossref work type → CSL 1.0.2 type (both directions: CSL_TO_CROSSREF below is derived from it)
TYPE_MAP: dict[str, str] = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "book-track": "chapter",
    "proceedings-article": "paper-conference",
    "proceedings": "book",
    "proceedings-series": "book",
    "posted-content": "article",
    "dissertation": "thesis",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "dataset": "dataset",
    "database": "dataset",
    "standard": "standard",
    "standard-series": "standard",
    "peer-review": "review",
    "reference-entry": "entry",
    "journal-issue": "periodical",
    "journal-volume": "periodical",
    "journal": "periodical",
    "component": "document",
    "grant": "document",
    "other": "document",
}
CSL_TO_CROSSREF: dict[str, str] = {}
for _cr, _csl in TYPE_MAP.items():
    CSL_TO_CROSSREF.setdefault(_csl, _cr)

_ROLES = ("author", "editor", "chair", "translator")

#: Crossref update types (``updated-by``/``update-to`` ``type``, normalised to snake case) → relation type
UPDATE_TYPES: dict[str, RelationType] = {
    **dict.fromkeys(("retraction", "withdrawal", "removal", "partial_retraction"), RelationType.RETRACTION),
    **dict.fromkeys(("correction", "erratum", "corrigendum", "addendum", "clarification"), RelationType.CORRECTION),
    "expression_of_concern": RelationType.EXPRESSION_OF_CONCERN,
    "new_version": RelationType.NEW_VERSION,
}
#: Crossref ``relation`` types → (what the other work is to this record, inverse); the others are kept
#: as ``other`` under their deposited name (``is-review-of``, ``is-supplement-to``, ``new_version`` ...)
RELATION_TYPES: dict[str, tuple[RelationType, bool]] = {
    "is-preprint-of": (RelationType.PUBLISHED_VERSION, False),
    "has-preprint": (RelationType.PREPRINT, False),
}


def works_url(base: str, doi: DOI) -> str:
    """``{base}/works/{doi}`` with the DOI percent-encoded as one path segment (``/``, ``?``, ``..`` included).

    DOIs are case-insensitive, so the lower-cased form is sent: one cache entry per DOI, however written.
    """
    return f"{base.rstrip('/')}/works/{quote(doi.key, safe='')}"


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        for v in value:
            if isinstance(v, str) and v.strip():
                return v
        return None
    return value if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> Date | None:
    """A Crossref date object (``{"date-parts": [[2017, 4, 2]]}``, parts may be null) as a CSL date."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not parts or not isinstance(parts, list) or not isinstance(parts[0], list):
        return None
    clean: list[int] = []
    for p in parts[0][:3]:
        if p is None:
            break
        try:
            clean.append(int(p))
        except (TypeError, ValueError):
            break
    if not clean:
        return None
    return Date.from_parts(*clean)


def _names(people: Any, role: str, orcids: list[Orcid]) -> list[Name] | None:
    if not isinstance(people, list) or not people:
        return None
    out: list[Name] = []
    for person in people:
        if not isinstance(person, dict):
            continue
        if person.get("family"):
            name = Name(family=plain_text(person["family"]), given=plain_text(person.get("given")),
                        suffix=person.get("suffix") or None)
        elif person.get("name"):  # organisations and consortia
            name = Name(literal=plain_text(person["name"]))
        elif person.get("given"):  # mononyms deposited as given only
            name = Name(literal=plain_text(person["given"]))
        else:
            continue
        if person.get("ORCID"):
            orcids.append(Orcid(role=role, index=len(out), orcid=person["ORCID"],
                                authenticated=bool(person.get("authenticated-orcid"))))
        out.append(name)
    return out or None


def _title(msg: dict[str, Any]) -> tuple[str | None, str | None]:
    """(title, title-short): the first title, joined with the first subtitle as ``Title: Subtitle``."""
    title = to_rich_text(_first(msg.get("title")))
    subtitle = to_rich_text(_first(msg.get("subtitle")))
    if title is None:
        return to_rich_text(_first(msg.get("original-title"))), None
    if subtitle and subtitle.lower() not in title.lower():
        return f"{title.rstrip(':')}: {subtitle}", title
    return title, to_rich_text(_first(msg.get("short-title")))


def _typed(values: Any, typed: Any) -> tuple[str | None, list[TypedValue] | None]:
    """One value for CSL (print first) and the full typed list for the record's deposit."""
    if isinstance(typed, list) and typed:
        ordered = sorted(typed, key=lambda t: {"print": 0, "electronic": 1}.get(t.get("type", ""), 2))
        return ordered[0].get("value"), [TypedValue.model_validate(t) for t in typed]
    first = _first(values)
    return first, ([TypedValue(value=v) for v in values if isinstance(v, str)] or None
                   if isinstance(values, list) and values else None)


def _kind(value: Any) -> str:
    return str(value or "").strip().lower().replace("-", "_").replace(" ", "_")


def update_relations(msg: dict[str, Any]) -> list[Relation]:
    """Crossref's ``updated-by`` and ``update-to`` entries as relations (``update-to``: inverse).

    An entry of an unknown type is kept as ``other`` with its deposited name; an entry that is not an
    object is left out.
    """
    out: list[Relation] = []
    for key, inverse in (("updated-by", False), ("update-to", True)):
        entries = msg.get(key)
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            kind = _kind(entry.get("type"))
            when = _date(entry.get("updated"))
            out.append(Relation(type=UPDATE_TYPES.get(kind, RelationType.OTHER), deposited_as=kind or None,
                                inverse=inverse, doi=_string(entry.get("DOI")), source=_string(entry.get("source")),
                                date=when.iso() if when else None, label=_string(entry.get("label"))))
    return out


def link_relations(relation: Any) -> list[Relation]:
    """Crossref's ``relation`` object (``{"is-preprint-of": [{"id-type", "id", "asserted-by"}]}``) as relations."""
    out: list[Relation] = []
    if not isinstance(relation, dict):
        return out
    for name, links in relation.items():
        rtype, inverse = RELATION_TYPES.get(str(name), (RelationType.OTHER, False))
        for link in links if isinstance(links, list) else []:
            if not isinstance(link, dict) or not _string(link.get("id")):
                continue
            ident, id_type = str(link["id"]).strip(), _string(link.get("id-type"))
            is_doi = (id_type or "").lower() == "doi"
            out.append(Relation(type=rtype, deposited_as=str(name), inverse=inverse,
                                doi=ident if is_doi else None, id=None if is_doi else ident, id_type=id_type,
                                source=_string(link.get("asserted-by"))))
    return out


def trial_registrations(value: Any) -> list[TrialRegistration] | None:
    """Crossref's ``clinical-trial-number`` entries (objects, or bare numbers from some agencies)."""
    out = []
    for entry in value if isinstance(value, list) else []:
        number = entry.get("clinical-trial-number") if isinstance(entry, dict) else entry
        if isinstance(number, str) and number.strip():
            extra = entry if isinstance(entry, dict) else {}
            out.append(TrialRegistration(number=number, registry=_string(extra.get("registry")),
                                         type=_string(extra.get("type"))))
    return out or None


def _string(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def relations_of(msg: dict[str, Any]) -> Relations:
    """Every link of a Crossref work (or an agency item in Crossref's layout) to other works."""
    items = [*update_relations(msg), *link_relations(msg.get("relation"))]
    rel = Relations()
    if items:
        rel.items = items
    if _string(msg.get("update-policy")):
        rel.update_policy = _string(msg.get("update-policy"))
    return rel


def work_to_reference(msg: dict[str, Any]) -> Reference:
    """Map one Crossref work message (``response["message"]``) to a CSL-valid :class:`Reference`.

    A message of the wrong shape (not an object, no DOI, a field of the wrong type) is a
    :class:`BadResponse` naming what was wrong, never a ``TypeError`` or ``KeyError``.
    """
    if not isinstance(msg, dict):
        raise BadResponse(f"Crossref work is not an object but {type(msg).__name__}", source="crossref")
    if not isinstance(msg.get("DOI"), str):
        raise BadResponse(f"Crossref work without a DOI string (DOI = {str(msg.get('DOI'))[:40]!r})", source="crossref")
    try:
        return _work_to_reference(msg)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, InvalidIdentifier) as exc:
        # pydantic's ValidationError is a ValueError: a field the model refuses
        reason = str(exc).splitlines()[0][:160]
        raise BadResponse(f"Crossref work {msg.get('DOI')!r} has a field of the wrong shape: {type(exc).__name__}: "
                          f"{reason}", item=str(msg.get("DOI")), source="crossref") from exc


def _work_to_reference(msg: dict[str, Any]) -> Reference:
    doi = DOI.parse(msg["DOI"], prose=False)
    cr_type = msg.get("type") or "other"
    origin = Origin(service="crossref", crossref_type=cr_type)
    deposit = Deposit()
    orcids: list[Orcid] = []
    data: dict[str, Any] = {"id": doi.value, "type": TYPE_MAP.get(cr_type, "document"), "DOI": doi.value, "URL": doi.url}
    if cr_type == "posted-content" and msg.get("subtype") == "preprint":
        data["genre"] = "preprint"
    title, short = _title(msg)
    if title:
        data["title"] = title
    if short and short != title:
        data["title-short"] = short
    original = to_rich_text(_first(msg.get("original-title")))
    if original and original != title:
        data["original-title"] = original
    containers = [plain_text(c) for c in msg.get("container-title") or [] if isinstance(c, str) and c.strip()]
    if containers:
        data["container-title"] = containers[0]
        if len(containers) > 1 and containers[1] != containers[0]:
            data["collection-title"] = containers[1]
    short_container = plain_text(_first(msg.get("short-container-title")))
    if short_container:
        data["container-title-short"] = short_container
        data["journalAbbreviation"] = short_container
    for key in ("volume", "issue"):
        if isinstance(msg.get(key), str) and msg[key].strip():
            data[key] = msg[key].strip()
    page = msg.get("page")
    number = msg.get("article-number")
    if isinstance(page, str) and page.strip():
        data["page"] = page.strip()
        data["page-first"] = page.strip().split("-")[0].strip()
    elif isinstance(number, str) and number.strip():
        data["page"] = number.strip()  # e-only journals cite the article number where the pages would be
    if isinstance(number, str) and number.strip():
        deposit.article_number = number.strip()
    for csl_key, cr_keys in (("issued", ("issued", "published", "published-print", "published-online", "created")),):
        for k in cr_keys:
            d = _date(msg.get(k))
            if d is not None:
                data[csl_key] = d
                break
    online = _date(msg.get("published-online"))
    if online is not None:
        data["available-date"] = online
    printed, online_date = _date(msg.get("published-print")), _date(msg.get("published-online"))
    if printed is not None and printed.iso():
        deposit.published_print = printed.iso()
    if online_date is not None and online_date.iso():
        deposit.published_online = online_date.iso()
    issn, issn_all = _typed(msg.get("ISSN"), msg.get("issn-type"))
    if issn:
        data["ISSN"] = issn
    if issn_all:
        deposit.issns = issn_all
    isbn, isbn_all = _typed(msg.get("ISBN"), msg.get("isbn-type"))
    if isbn:
        data["ISBN"] = isbn
    if isbn_all:
        deposit.isbns = isbn_all
    for key, csl in (("publisher", "publisher"), ("publisher-location", "publisher-place"), ("language", "language")):
        if isinstance(msg.get(key), str) and msg[key].strip():
            data[csl] = msg[key].strip()
    abstract = to_rich_text(msg.get("abstract")) if isinstance(msg.get("abstract"), str) else None
    if abstract:
        data["abstract"] = abstract.removeprefix("Abstract ").strip()
    if isinstance(msg.get("event"), dict) and msg["event"].get("name"):
        data["event-title"] = plain_text(msg["event"]["name"])
    if cr_type == "dissertation" and msg.get("institution"):
        inst = msg["institution"][0] if isinstance(msg["institution"], list) else msg["institution"]
        if isinstance(inst, dict) and inst.get("name"):
            data.setdefault("publisher", inst["name"])
    if msg.get("degree"):
        data["genre"] = _first(msg["degree"])
    ref = Reference.from_csl(data)
    for role in _ROLES:
        names = _names(msg.get(role), role, orcids)
        if names:
            setattr(ref, role, names)
    if orcids:
        deposit.orcids = orcids
    trials = trial_registrations(msg.get("clinical-trial-number"))
    if trials:
        deposit.trials = trials
    if isinstance(msg.get("score"), (int, float)) and not isinstance(msg.get("score"), bool):
        origin.score = msg["score"]
    ref.extensions = Extensions(origin=origin, deposit=deposit, relations=relations_of(msg))
    return ref


def work_response_to_reference(body: Any) -> Reference:
    """A ``/works/{doi}`` response body to a Reference; ``BadResponse`` if it is not a work."""
    if not isinstance(body, dict) or body.get("status") != "ok" or body.get("message-type") != "work":
        raise BadResponse(f"not a Crossref work response: {str(body)[:120]!r}", source="crossref")
    if not isinstance(body.get("message"), dict):
        shown = "missing" if "message" not in body else f"{type(body['message']).__name__}"
        raise BadResponse(f"Crossref work response whose message is {shown}, not an object", source="crossref")
    return work_to_reference(body["message"])


def work_list_items(body: Any) -> list[dict[str, Any]]:
    """The work messages of a ``/works?...`` response body; ``BadResponse`` if it is not a work list."""
    if not isinstance(body, dict) or body.get("status") != "ok" or body.get("message-type") != "work-list":
        raise BadResponse(f"not a Crossref work-list response: {str(body)[:120]!r}", source="crossref")
    message = body.get("message")
    if not isinstance(message, dict):
        raise BadResponse("Crossref work-list response whose message is not an object", source="crossref")
    items = message.get("items")
    if not isinstance(items, list):
        raise BadResponse("Crossref work-list without items", source="crossref")
    return [i for i in items if isinstance(i, dict)]


def work_list_to_references(body: Any) -> list[Reference]:
    """Every work in a work-list response as a Reference (search results keep their score, ``origin.score``)."""
    return [work_to_reference(i) for i in work_list_items(body) if isinstance(i.get("DOI"), str)]


def doi_filter_url(base: str) -> str:
    """The list endpoint used with ``filter=doi:A,doi:B``."""
    return f"{base.rstrip('/')}/works"


def doi_filter_params(dois: list[DOI]) -> dict[str, str]:
    """Query parameters that fetch these DOIs (≤ 50 a request) in one list request."""
    return {"filter": ",".join(f"doi:{d.key}" for d in dois), "rows": str(len(dois))}


__all__ = [
    "CSL_TO_CROSSREF",
    "RELATION_TYPES",
    "TYPE_MAP",
    "UPDATE_TYPES",
    "doi_filter_params",
    "doi_filter_url",
    "link_relations",
    "quote",
    "relations_of",
    "trial_registrations",
    "update_relations",
    "work_list_items",
    "work_list_to_references",
    "work_response_to_reference",
    "work_to_reference",
    "works_url",
]

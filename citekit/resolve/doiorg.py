"""doi.org content negotiation (``Accept: application/vnd.citationstyles.csl+json``) → Reference.

For DOIs that Crossref's REST API does not hold (DataCite, mEDRA, JaLC, ...), doi.org redirects to
the registration agency, which answers with "CSL-JSON" that is not valid CSL: Crossref's type names
(``journal-article``, ``posted-content``), ``ISSN`` as an array, ``title`` and ``container-title``
as arrays or with HTML entities, extra keys on names (``sequence``, ``affiliation``, ``ORCID``),
date parts with nulls, and dozens of keys the schema forbids (``reference-count``, ``link``, ...).
:func:`csl_to_reference` keeps what is CSL (through the model) and maps what the checker needs to
the record's typed extensions (origin, relations, deposit; kept under ``custom``), so that what
citekit returns always validates.
"""

from __future__ import annotations

from typing import Any

from citekit.errors import BadResponse, InvalidIdentifier
from citekit.ids import DOI
from citekit.model import Reference
from citekit.model.extensions import Deposit, Extensions, Orcid, Origin, TypedValue
from citekit.model.vocab import DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES, STRING_VARIABLES, CSLType
from citekit.resolve.crossref import TYPE_MAP, relations_of, trial_registrations
from citekit.resolve.markup import plain_text, to_rich_text

_CSL_TYPES = {t.value for t in CSLType}
_NAME_KEYS = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix",
              "static-ordering", "literal", "parse-names"}
_RICH_KEYS = {"title", "container-title", "collection-title", "original-title", "title-short", "abstract"}
#: registration agencies by a word of the host doi.org redirected to (the record's ``origin.agency``)
AGENCIES = {"datacite": "DataCite", "crossref": "Crossref", "medra": "mEDRA", "jalc": "JaLC", "kisti": "KISTI",
            "airiti": "Airiti", "cnki": "CNKI", "europa.eu": "OP"}

ACCEPT = "application/vnd.citationstyles.csl+json"


def doi_url(base: str, doi: DOI) -> str:
    """``{base}/{doi}`` with the DOI's reserved characters percent-encoded (its ``/`` kept, as doi.org expects).

    A suffix segment that is ``.`` or ``..`` (``10.1000/../../etc/passwd`` is a syntactically valid
    DOI) is sent as ``%2E`` / ``%2E%2E``: a dot segment would be removed by the URL's normalisation
    (RFC 3986 §5.2.4) and the request would leave the resolver's path (``GET /etc/passwd``).
    """
    from urllib.parse import quote

    segments = [quote(seg, safe=":;()[]._-+=~!$&,*@") for seg in doi.key.split("/")]
    segments = [seg.replace(".", "%2E") if seg.strip(".") == "" else seg for seg in segments]
    return f"{base.rstrip('/')}/{'/'.join(segments)}"


def _string(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, int)) and str(v).strip()), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {}
    parts = value.get("date-parts")
    if isinstance(parts, list):
        clean = []
        for dp in parts[:2]:
            if not isinstance(dp, list):
                continue
            row: list[int | str] = []
            for p in dp[:3]:
                if p is None or p == "":
                    break
                row.append(p if isinstance(p, (int, str)) and not isinstance(p, bool) else str(p))
            if row:
                clean.append(row)
        if clean:
            out["date-parts"] = clean
    for k in ("season", "circa", "literal", "raw"):
        if isinstance(value.get(k), (str, int)):
            out[k] = value[k]
    return out or None


def agency_of(url: str | None) -> str | None:
    """The registration agency that answered, from the URL doi.org redirected to (None when unknown)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "") if url else ""
    return next((name for word, name in AGENCIES.items() if word in host), None)


def _names(values: Any, role: str, orcids: list[Orcid]) -> list[dict[str, Any]] | None:
    if not isinstance(values, list):
        return None
    out: list[dict[str, Any]] = []
    for person in values:
        if not isinstance(person, dict):
            continue
        name: dict[str, Any] = {k: v for k, v in person.items() if k in _NAME_KEYS and isinstance(v, (str, int, bool))}
        if "name" in person and "family" not in name and "literal" not in name:
            name["literal"] = person["name"]
        for k in ("family", "given", "literal"):
            v = name.get(k)
            if isinstance(v, str):
                name[k] = plain_text(v) or ""
        if not any(name.get(k) for k in ("family", "given", "literal")):
            continue
        orcid = person.get("ORCID") or person.get("orcid")
        if isinstance(orcid, str):
            orcids.append(Orcid(role=role, index=len(out), orcid=orcid,
                                authenticated=bool(person.get("authenticated-orcid"))))
        out.append(name)
    return out or None


def csl_to_reference(item: dict[str, Any], *, source: str = "doi.org", agency: str | None = None) -> Reference:
    """Map one agency "CSL-JSON" item to a schema-valid Reference; ``BadResponse`` if it has no DOI
    or a field of the wrong shape. ``source`` is the service asked, ``agency`` the one that answered."""
    if not isinstance(item, dict):
        raise BadResponse(f"CSL-JSON item is not an object: {str(item)[:80]!r}", source=source)
    raw_doi = _string(item.get("DOI"))
    if raw_doi is None:
        raise BadResponse("CSL-JSON item without a DOI", source=source)
    try:
        return _csl_to_reference(item, raw_doi, source, agency)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, InvalidIdentifier) as exc:
        reason = str(exc).splitlines()[0][:160]
        raise BadResponse(f"CSL-JSON item {raw_doi!r} has a field of the wrong shape: {type(exc).__name__}: {reason}",
                          item=raw_doi, source=source) from exc


def _csl_to_reference(item: dict[str, Any], raw_doi: str, source: str, agency: str | None) -> Reference:
    doi = DOI.parse(raw_doi, prose=False)
    origin = Origin(service=source, agency=agency) if agency else Origin(service=source)
    deposit = Deposit()
    raw_type = _string(item.get("type")) or "document"
    if raw_type in _CSL_TYPES:
        csl_type = raw_type
    else:
        csl_type = TYPE_MAP.get(raw_type, "document")
        origin.crossref_type = raw_type
    data: dict[str, Any] = {"id": doi.value, "type": csl_type}
    orcids: list[Orcid] = []
    for key, value in item.items():
        if key in ("id", "type", "custom"):
            continue
        if key in NAME_VARIABLES:
            names = _names(value, key, orcids)
            if names:
                data[key] = names
        elif key in DATE_VARIABLES:
            d = _date(value)
            if d:
                data[key] = d
        elif key in NUMBER_VARIABLES:
            s = _string(value)
            if s:
                data[key] = value if isinstance(value, int) and not isinstance(value, bool) else s
        elif key in STRING_VARIABLES:
            s = _string(value)
            if s:
                data[key] = (to_rich_text(s) if key in _RICH_KEYS else s)
        elif key == "categories" and isinstance(value, list):
            cats = [c for c in value if isinstance(c, str)]
            if cats:
                data["categories"] = cats
    subtitle = to_rich_text(_string(item.get("subtitle")))
    if data.get("title") and subtitle and subtitle.lower() not in data["title"].lower():
        data.setdefault("title-short", data["title"])
        data["title"] = f"{data['title'].rstrip(':')}: {subtitle}"
    if "container-title" in data:
        data["container-title"] = plain_text(data["container-title"])
    if isinstance(item.get("ISSN"), list) and len(item["ISSN"]) > 1:
        deposit.issns = [TypedValue(value=v) for v in item["ISSN"] if isinstance(v, str)]
    if isinstance(item.get("ISBN"), list) and len(item["ISBN"]) > 1:
        deposit.isbns = [TypedValue(value=v) for v in item["ISBN"] if isinstance(v, str)]
    data["DOI"] = doi.value
    data.setdefault("URL", doi.url)
    trials = trial_registrations(item.get("clinical-trial-number"))
    if trials:
        deposit.trials = trials
    if orcids:
        deposit.orcids = orcids
    data["custom"] = Extensions(origin=origin, deposit=deposit, relations=relations_of(item)).to_custom()
    return Reference.from_csl(data)


def response_to_reference(body: Any, *, source: str = "doi.org", agency: str | None = None) -> Reference:
    """A content-negotiation body (one item, or a one-item list as some agencies send) to a Reference."""
    if isinstance(body, list):
        if len(body) != 1:
            raise BadResponse(f"expected one CSL-JSON item, got {len(body)}", source=source)
        body = body[0]
    return csl_to_reference(body, source=source, agency=agency)

"""The planted-error corpus: citations built from real recorded Crossref records, correct or with one planted error.

Every record is a recorded Crossref message, verbatim (crossref-works/ and the items of the
crossref-search/ work lists); the citations are written here from the raw message fields (not via
citekit's mapping), in two styles: "full" (journal title, first three authors + et al, full page
range) and "nlm" (short journal title, every author with full given names, abbreviated range).
A planted case changes one thing and names the code that must be found. Two kinds need a record
state no public recording has (the fixtures' README lists retractions as a gap): for ``retracted``
a recorded message gets an ``updated-by`` retraction entry in Crossref's documented shape, served
under its own DOI; everything else about that record is as recorded.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tests.check.conftest import REAL, WORKS

#: A code the corpus plants → the severity it must be reported with (None: any)
PLANTED_SEVERITY: dict[str, str | None] = {
    "journal-mismatch": "error", "year-mismatch": "error", "volume-mismatch": "error", "issue-missing": None,
    "pages-mismatch": "error", "title-mismatch": "error", "author-mismatch": "error", "missing-field": None,
    "missing-identifier": None, "unverified": "warning", "unresolvable-doi": "error", "doi-mismatch": "error",
    "retracted": "error", "corrected": None, "superseded": "warning", "duplicate": "warning",
}


@dataclass
class Case:
    """One citation of the corpus: what it is built from and the code it must raise (None: correct)."""

    item: dict[str, Any]
    doi: str
    planted: str | None = None
    note: str = ""
    record: dict[str, Any] | None = field(default=None, repr=False)


def _text(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", value)).split())


def usable(msg: dict[str, Any]) -> bool:
    """A journal article with what a citation needs: title, a personal first author, journal, volume, year, pages."""
    return (msg.get("type") == "journal-article" and bool(msg.get("title")) and bool(msg.get("author"))
            and bool(msg["author"][0].get("family")) and bool(msg.get("container-title")) and bool(msg.get("volume"))
            and bool(msg.get("page") or msg.get("article-number"))
            and bool(((msg.get("issued") or {}).get("date-parts") or [[None]])[0][0]))


def records() -> list[dict[str, Any]]:
    """Every usable recorded message, each DOI once: the single works first, then the search lists' items."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(WORKS.values()):
        msg = json.loads(path.read_text(encoding="utf-8"))["message"]
        if usable(msg):
            out.setdefault(msg["DOI"].lower(), msg)
    for path in sorted((REAL / "crossref-search").glob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        for msg in json.loads(path.read_text(encoding="utf-8")).get("message", {}).get("items", []):
            if isinstance(msg, dict) and usable(msg) and msg["DOI"].lower() not in WORKS:
                out.setdefault(msg["DOI"].lower(), msg)
    return list(out.values())


def _initials(given: str | None) -> str:
    return "".join(p[0] for p in re.split(r"[\s.\-]+", given or "") if p)


def _abbreviate(page: str) -> str:
    m = re.fullmatch(r"(\d+)-(\d+)", page)
    if not m or len(m.group(1)) != len(m.group(2)):
        return page
    a, b = m.groups()
    i = 0
    while i < len(a) - 1 and a[i] == b[i]:
        i += 1
    return f"{a}-{b[i:]}"


def cite(msg: dict[str, Any], style: str, key: str) -> dict[str, Any]:
    """A CSL-JSON citation of a recorded message, written the way a person would in ``style``."""
    people = [a for a in msg["author"] if a.get("family")]
    item: dict[str, Any] = {"id": key, "type": "article-journal", "title": _text(msg["title"][0]),
                            "issued": {"date-parts": [[msg["issued"]["date-parts"][0][0]]]},
                            "volume": str(msg["volume"]), "DOI": msg["DOI"]}
    page = msg.get("page") or msg.get("article-number")
    short = [s for s in msg.get("short-container-title") or [] if s]
    if style == "full":
        item["author"] = [{"family": _text(a["family"]), "given": _initials(a.get("given"))} for a in people[:3]]
        if len(people) > 3:
            item["custom"] = {"parse-et-al": True}
        item["container-title"] = _text(msg["container-title"][0])
        item["page"] = page
    else:
        item["author"] = [{"family": _text(a["family"]), "given": _text(a.get("given") or "")} for a in people]
        item["container-title"] = _text(short[0] if short else msg["container-title"][0])
        item["page"] = _abbreviate(page)
    if msg.get("issue"):
        item["issue"] = str(msg["issue"])
    return item


def build() -> tuple[list[Case], list[Case], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The correct cases, the planted ones (checked as two bibliographies), the extra works the server
    must serve (DOI → message) and the search items."""
    recs = records()
    correct: list[Case] = []
    for i, msg in enumerate(recs):
        style = "full" if i % 2 == 0 else "nlm"
        correct.append(Case(cite(msg, style, f"ok{i}"), msg["DOI"], note=style))
    cases: list[Case] = []
    extra = {m["DOI"].lower(): m for m in recs if m["DOI"].lower() not in WORKS}
    search: list[dict[str, Any]] = []
    n = len(recs)

    def other(i: int, pred: Any = lambda m: True) -> dict[str, Any]:
        for k in range(1, n):
            m = recs[(i + k) % n]
            if pred(m):
                return m
        raise AssertionError("no other record")

    def plant(kind: str, i: int, change: Any, note: str = "") -> None:
        msg = recs[i % n]
        item = cite(msg, "full", f"{kind}-{i}")
        change(item, msg, i)
        cases.append(Case(item, msg["DOI"], kind, note))

    def journal(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        mine = _text(msg["container-title"][0]).lower()
        item["container-title"] = _text(other(i, lambda m: _text(m["container-title"][0]).lower() != mine
                                              and "bmc" not in m["container-title"][0].lower())["container-title"][0])

    def year(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item["issued"] = {"date-parts": [[msg["issued"]["date-parts"][0][0] - 3]]}

    def volume(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item["volume"] = str(int(re.sub(r"\D", "", str(msg["volume"])) or 0) + 7)

    def issue(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item.pop("issue", None)

    def pages(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item["page"] = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 10), str(item["page"]), count=1)

    def title(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item["title"] = _text(other(i)["title"][0])

    def author(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        mine = msg["author"][0]["family"].lower()
        item["author"][0] = {"family": _text(other(i, lambda m: m["author"][0]["family"].lower() != mine)["author"][0]["family"]),
                             "given": "Q"}

    def missing(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item.pop("volume")

    def no_doi(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item.pop("DOI")
        search.append(msg)  # Crossref's search finds it: the DOI can be added

    def unverifiable(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item.pop("DOI")
        item["title"] = f"A study that no registry holds, number {i}, of zebra finch song dialects in Patagonia"

    def bad_doi(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        item["DOI"] = f"10.9999/citekit.planted.{i}"

    def wrong_doi(item: dict[str, Any], msg: dict[str, Any], i: int) -> None:
        mine = msg["author"][0]["family"].lower()
        year0 = msg["issued"]["date-parts"][0][0]
        item["DOI"] = other(i, lambda m: m["author"][0]["family"].lower() != mine
                            and abs(m["issued"]["date-parts"][0][0] - year0) > 1)["DOI"]

    kinds = [("journal-mismatch", journal), ("year-mismatch", year), ("volume-mismatch", volume),
             ("issue-missing", issue), ("pages-mismatch", pages), ("title-mismatch", title),
             ("author-mismatch", author), ("missing-field", missing), ("missing-identifier", no_doi),
             ("unverified", unverifiable), ("unresolvable-doi", bad_doi), ("doi-mismatch", wrong_doi)]
    for k, (kind, change) in enumerate(kinds):
        for j in range(3):
            i = 3 * k + j + 1
            if kind == "issue-missing" and not recs[i % n].get("issue"):
                i += 1
            plant(kind, i, change)
    # record states, from the real records that have them
    for doi in ("10.1073/pnas.1414271111", "10.1371/journal.pone.0033693"):  # real updated-by: correction
        msg = json.loads(WORKS[doi].read_text(encoding="utf-8"))["message"]
        item = cite({**msg, "page": msg.get("page") or "e1", "volume": msg.get("volume")}, "full", f"corrected-{doi}")
        if not msg.get("page"):
            item.pop("page")
        cases.append(Case(item, doi, "corrected", "real correction notice"))
    for doi in ("10.1101/097196", "10.1101/2020.12.01.406702", "10.1101/2024.04.01.587366"):  # real is-preprint-of
        msg = json.loads(WORKS[doi].read_text(encoding="utf-8"))["message"]
        people = [a for a in msg["author"] if a.get("family")]
        cases.append(Case({"id": f"preprint-{doi}", "type": "article", "title": _text(msg["title"][0]),
                           "author": [{"family": a["family"], "given": _initials(a.get("given"))} for a in people[:3]],
                           "issued": {"date-parts": [[msg["issued"]["date-parts"][0][0]]]}, "DOI": doi,
                           "container-title": "bioRxiv", "custom": {"parse-et-al": len(people) > 3}}, doi, "superseded",
                          "real is-preprint-of relation"))
    for i in (5, 9):
        msg = json.loads(json.dumps(recs[i]))
        msg["DOI"] = f"10.9999/citekit.retracted-copy.{i}"  # a renamed copy: the original stays correct
        msg["updated-by"] = [{"type": "retraction", "source": "retraction-watch", "label": "Retraction",
                              "DOI": f"10.9999/retraction-notice.{i}", "updated": {"date-parts": [[2024, 5, 1]]},
                              "record-id": 50000 + i}]
        extra[msg["DOI"].lower()] = msg
        cases.append(Case(cite(msg, "full", f"retracted-{i}"), msg["DOI"], "retracted", "updated-by added"))
    for i in (2, 4):
        cases.insert(0, Case(cite(recs[i], "nlm", f"first-{i}"), recs[i]["DOI"], None, "cited first"))
        cases.append(Case(cite(recs[i], "full", f"duplicate-{i}"), recs[i]["DOI"], "duplicate", "cited twice"))
    return correct, cases, extra, search


__all__ = ["PLANTED_SEVERITY", "Case", "build", "cite", "records", "usable"]

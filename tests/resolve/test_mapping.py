"""Pure mappings of recorded payloads → Reference: Crossref works and lists, doi.org CSL, NCBI.

Every recorded body is mapped and validated against the official CSL-JSON schema; field values are
checked against the recorded message itself (the independent oracle), not against our own output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from citekit.errors import BadResponse, NotFound
from citekit.model import Extensions, Reference, RelationType
from citekit.resolve import crossref, doiorg, ncbi
from citekit.resolve.markup import plain_text, to_rich_text

from .conftest import REAL, bodies

WORK_FILES = [p for p in bodies("crossref-works") if json.loads(p.read_text())["message-type"] == "work"]
SEARCH_FILES = bodies("crossref-search")
CSL_FILES = [p for p in bodies("doi-csl") if p.suffix == ".json"]


def message(name: str) -> dict[str, Any]:
    return json.loads((REAL / "crossref-works" / name).read_text(encoding="utf-8"))["message"]


def ref_of(name: str) -> Any:
    return crossref.work_to_reference(message(name))


def _strip(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", s)).strip()


# ------------------------------------------------------------------ Crossref: every body
@pytest.mark.parametrize("path", WORK_FILES, ids=lambda p: p.name)
def test_every_recorded_work_maps_to_valid_csl(path: Path, schema_validator: Any) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    msg = body["message"]
    ref = crossref.work_response_to_reference(body)
    item = ref.to_csl()
    errors = sorted(schema_validator.iter_errors([item]), key=str)
    assert not errors, errors[0].message
    # field by field against the recorded message
    assert item["DOI"].lower() == msg["DOI"].lower()
    assert item["type"] == crossref.TYPE_MAP[msg["type"]]
    ext = ref.extensions
    assert ext.origin.service == "crossref" and ext.origin.crossref_type == msg["type"] and not ext.problems
    persons = [a for a in msg.get("author", []) if a.get("family") or a.get("name")]
    assert len(ref.author or []) == len(persons)
    for got, want in zip(ref.author or [], persons, strict=True):
        if want.get("family"):
            assert got.family == want["family"].strip()
        else:
            assert got.literal == " ".join(want["name"].split())  # NBSP and newlines collapse
    editors = [a for a in msg.get("editor", []) if a.get("family") or a.get("name")]
    assert len(ref.editor or []) == len(editors)
    if msg.get("volume"):
        assert item["volume"] == msg["volume"]
    if msg.get("issue"):
        assert item["issue"] == msg["issue"]
    if msg.get("page"):
        assert item["page"] == msg["page"]
    elif msg.get("article-number"):
        assert item["page"] == msg["article-number"]
    else:
        assert "page" not in item
    year = msg["issued"]["date-parts"][0][0]
    if year is not None:
        assert ref.year == year
    if msg.get("ISSN"):
        assert item["ISSN"] in msg["ISSN"]
    if _strip(msg["title"][0] if msg.get("title") else ""):
        title_text = plain_text(msg["title"][0])
        assert title_text is not None and plain_text(item["title"]).startswith(title_text)
    if msg.get("container-title"):
        assert item["container-title"] == plain_text(msg["container-title"][0])
    # every notice and link of the message, as a typed relation (the raw layout is not kept)
    rels = ext.relations.items or []
    for key, inverse in (("updated-by", False), ("update-to", True)):
        want = [(u["type"].lower().replace("-", "_"), u.get("DOI")) for u in msg.get(key) or []]
        assert [(r.deposited_as, r.doi) for r in rels if r.inverse is inverse and r.id_type is None] == want
    links = [(name, link["id"]) for name, ls in (msg.get("relation") or {}).items() for link in ls]
    assert [(r.deposited_as, r.doi or r.id) for r in rels if r.id_type is not None] == links
    assert [t.number for t in ext.deposit.trials or []] == [c["clinical-trial-number"] for c in msg.get("clinical-trial-number") or []]
    orcids = [a["ORCID"] for a in msg.get("author", []) if a.get("ORCID")]
    assert [o.orcid for o in ext.deposit.orcids or [] if o.role == "author"] == orcids
    # what is written under custom reads back the same (the wire form round-trips)
    assert Extensions.from_custom(json.loads(json.dumps(item.get("custom")))).to_custom() == item.get("custom")


@pytest.mark.parametrize("path", SEARCH_FILES, ids=lambda p: p.name)
def test_every_recorded_search_maps_to_valid_csl(path: Path, schema_validator: Any) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    refs = crossref.work_list_to_references(body)
    items = body["message"]["items"]
    assert len(refs) == len(items)
    for ref, msg in zip(refs, items, strict=True):
        errors = list(schema_validator.iter_errors([ref.to_csl()]))
        assert not errors, (msg["DOI"], errors[0].message)
        assert ref.doi.lower() == msg["DOI"].lower()
        if "score" in msg:
            assert ref.extensions.origin.score == msg["score"]


def test_search_with_select_has_no_score_and_keeps_36_authors() -> None:
    body = json.loads((REAL / "crossref-search" / "query.title=beta-blocker-interruption_query.author=silvain_select.json").read_text())
    (ref,) = crossref.work_list_to_references(body)
    assert ref.doi == "10.1056/nejmoa2404204" and ref.extensions.origin.score is None
    assert len(ref.author or []) == len(body["message"]["items"][0]["author"]) == 36


def test_empty_search_is_empty() -> None:
    body = json.loads((REAL / "crossref-search" / "query.title=askldjrq3rjaw938h_no-match.json").read_text())
    assert crossref.work_list_to_references(body) == []


# ------------------------------------------------------------------ Crossref: what each record is for
def test_consortium_author_is_literal_and_orcids_kept() -> None:
    ref = ref_of("10.1038_ng.3834.json")
    assert [a.literal for a in ref.author if a.literal] == ["GTEx Consortium"]
    (preprint,) = ref.extensions.relations_of(RelationType.PREPRINT)
    assert preprint.doi == "10.1101/055962" and preprint.deposited_as == "has-preprint"
    assert len(ref.extensions.deposit.orcids or []) == 5


def test_correction_notice_in_updated_by() -> None:
    ref = ref_of("10.1073_pnas.1414271111.json")
    (upd,) = ref.extensions.relations.items or []
    assert upd.type == RelationType.CORRECTION and upd.doi == "10.1073/pnas.1507001112" and not upd.inverse


def test_new_version_update_to_and_relation() -> None:
    ref = ref_of("10.1371_journal.ppat.1008184.json")
    (version,) = ref.extensions.relations_of(RelationType.NEW_VERSION, inverse=True)  # this record updates another
    assert version.deposited_as == "new_version"
    assert "new_version" in {r.deposited_as for r in ref.extensions.relations_of(RelationType.OTHER)}


def test_preprint_relations_and_type() -> None:
    ref = ref_of("10.1101_2024.04.01.587366.json")
    assert ref.type == "article"
    (published,) = ref.extensions.relations_of(RelationType.PUBLISHED_VERSION)
    assert (published.doi or "").lower() == "10.1016/j.xgen.2025.100814"


def test_article_number_as_page() -> None:
    ref = ref_of("10.1103_physrevlett.120.117701.json")
    assert ref.page == "117701" and ref.extensions.deposit.article_number == "117701"
    assert ref_of("10.1098_rspb.2017.0132.json").page == "20170132"


def test_clinical_trial_numbers_kept() -> None:
    ref = ref_of("10.1136_esmoopen-2020-000776.json")
    assert [c.number for c in ref.extensions.deposit.trials or []] == ["nct03797326", "nct04008797"]
    assert ref.extensions.deposit.trial_numbers() == ["NCT03797326", "NCT04008797"]


def test_markup_titles() -> None:
    assert "<sup>13</sup>C" in ref_of("10.5194_cp-2020-95.json").title  # double-escaped in the deposit
    assert "<i>Streptococcus agalactiae</i>" in ref_of("10.1101_2020.12.01.406702.json").title
    t = ref_of("10.1098_rspb.2017.0132.json").title
    assert t.endswith("seed beetle <i>Callosobruchus maculatus</i>") and "\n" not in t
    assert "\xa0" not in ref_of("10.1163_1937240x-00002096.json").title


def test_empty_title_falls_back_to_original_title() -> None:
    ref = ref_of("10.7600_jspfsm.56.60.json")
    assert ref.title == "自律神経・循環器応答" and not ref.author


def test_subtitle_and_two_containers() -> None:
    ref = ref_of("10.1007_s00120-007-1345-2.json")
    assert ref.title == "Penisverletzung durch eine Moulinette: Folge einer autoerotischen Selbstverstümmelung"
    assert ref.title_short == "Penisverletzung durch eine Moulinette"
    chapter = ref_of("10.1007_978-3-642-33191-6_49.json")
    assert chapter.type == "chapter"
    assert chapter.container_title == "Advances in Visual Computing"
    assert chapter.collection_title == "Lecture Notes in Computer Science"
    assert chapter.isbn == "9783642331909" and chapter.issn == "0302-9743"


@pytest.mark.parametrize(("name", "csl"), [("10.14264_uql.2020.791.json", "thesis"), ("10.7554_elife.55167.sa2.json", "review"),
                                           ("10.6002_ect.2015.0371.json", "periodical"), ("10.1186_isrctn11093872.json", "dataset"),
                                           ("10.1109_iccv.2007.4408927.json", "paper-conference")])
def test_type_mapping(name: str, csl: str) -> None:
    assert ref_of(name).type == csl


def test_not_a_work_is_bad_response() -> None:
    agency = json.loads((REAL / "crossref-works" / "10.1126_science.169.3946.635_agency.json").read_text())
    with pytest.raises(BadResponse, match="not a Crossref work"):
        crossref.work_response_to_reference(agency)
    with pytest.raises(BadResponse):
        crossref.work_list_items({"status": "ok", "message-type": "work"})


def test_rich_text_conversion() -> None:
    assert to_rich_text("a <jats:italic>b</jats:italic> <scp>c</scp>") == 'a <i>b</i> <span style="font-variant:small-caps;">c</span>'
    assert to_rich_text("<mml:math><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math> rises") == "x2 rises"
    assert to_rich_text("Trends in Ecology &amp; Evolution") == "Trends in Ecology & Evolution"
    assert to_rich_text("unclosed <i>italic") == "unclosed <i>italic</i>"
    assert to_rich_text("   ") is None


# ------------------------------------------------------------------ doi.org content negotiation
@pytest.mark.parametrize("path", CSL_FILES, ids=lambda p: p.name)
def test_every_recorded_negotiated_csl_maps_to_valid_csl(path: Path, schema_validator: Any) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    raw = body if isinstance(body, dict) else body[0]
    # the agencies' "CSL" is itself not valid CSL (the reason for the mapping) ...
    ref = doiorg.response_to_reference(body if isinstance(body, dict) else [raw])
    item = ref.to_csl()
    errors = list(schema_validator.iter_errors([item]))
    assert not errors, errors[0].message  # ... what we return is
    assert item["DOI"].lower() == raw["DOI"].lower()
    assert len(item.get("author", [])) == len(raw.get("author", []))
    if raw.get("ISSN"):
        issn = raw["ISSN"] if isinstance(raw["ISSN"], list) else [raw["ISSN"]]
        assert item["ISSN"] == issn[0]
    if raw["type"] in crossref.TYPE_MAP and raw["type"] != crossref.TYPE_MAP[raw["type"]]:
        assert item["type"] == crossref.TYPE_MAP[raw["type"]]


def test_some_recorded_negotiated_csl_is_invalid_as_received(schema_validator: Any) -> None:
    raws = [json.loads(p.read_text()) for p in CSL_FILES]
    invalid = [r for r in raws if list(schema_validator.iter_errors(r if isinstance(r, list) else [r]))]
    assert len(invalid) >= 5


def test_negotiated_orcids_and_entities() -> None:
    (raw,) = json.loads((REAL / "doi-csl" / "crossref-deep-review-csl.json").read_text())
    ref = doiorg.response_to_reference([raw])
    orcids = ref.extensions.deposit.orcids or []
    assert orcids[0].orcid == raw["author"][0]["ORCID"]
    assert ref.extensions.origin.label == "doi.org"  # the service, once (not "doi.org (doi.org)")
    assert ref.pmid == raw["PMID"] and ref.pmcid == raw["PMCID"]
    tree = doiorg.response_to_reference(json.loads((REAL / "doi-csl" / "10.1016_j.tree.2005.04.023.json").read_text()))
    assert tree.container_title == "Trends in Ecology & Evolution"


def test_negotiated_without_doi_is_bad_response() -> None:
    with pytest.raises(BadResponse):
        doiorg.response_to_reference({"type": "book", "title": "x"})
    with pytest.raises(BadResponse):
        doiorg.response_to_reference([{}, {}])


# ------------------------------------------------------------------ NCBI
def test_recorded_esummary(schema_validator: Any) -> None:
    body = json.loads((REAL / "ncbi-esummary" / "28806736.json").read_text())
    doc = body["result"]["28806736"]
    (ref,) = ncbi.esummary_to_references(body).values()
    item = ref.to_csl()
    assert not list(schema_validator.iter_errors([item]))
    assert item["PMID"] == "28806736"
    assert item["DOI"] == next(a["value"] for a in doc["articleids"] if a["idtype"] == "doi")
    assert item["container-title-short"] == doc["source"] == "PLoS One"
    assert (item["volume"], item["issue"], item["page"]) == (doc["volume"], doc["issue"], doc["pages"])
    assert item["title"] == doc["title"].rstrip(".")
    assert [a.family for a in ref.author] == [a["name"].split()[0] for a in doc["authors"]]
    assert ref.author[0].given == "S. E."
    assert ref.year == 2017 and ref.available_date.iso() == "2017-08-14"
    assert item["ISSN"] == doc["essn"]


# Constructed from NCBI's E-utilities documentation (ESummary JSON, version 0.3), not recorded:
# two uids, one of which NCBI cannot find, and a collective author.
CONSTRUCTED_ESUMMARY = {
    "header": {"type": "esummary", "version": "0.3"},
    "result": {
        "uids": ["31978945", "99999999"],
        "31978945": {"uid": "31978945", "pubdate": "2020 Feb 20", "source": "N Engl J Med",
                     "authors": [{"name": "Zhu N", "authtype": "Author"},
                                 {"name": "China Novel Coronavirus Investigating and Research Team", "authtype": "CollectiveName"}],
                     "title": "A Novel Coronavirus from Patients with Pneumonia in China, 2019.", "volume": "382",
                     "issue": "8", "pages": "727-733", "fulljournalname": "The New England journal of medicine",
                     "pubtype": ["Journal Article"],
                     "articleids": [{"idtype": "pubmed", "value": "31978945"}, {"idtype": "doi", "value": "10.1056/NEJMoa2001017"},
                                    {"idtype": "pmc", "value": "PMC7092803"}]},
        "99999999": {"uid": "99999999", "error": "cannot get document summary"},
    },
}


def test_constructed_multi_id_esummary(schema_validator: Any) -> None:
    out = ncbi.esummary_to_references(CONSTRUCTED_ESUMMARY)
    ref = out["31978945"]
    assert not isinstance(ref, NotFound)
    assert not list(schema_validator.iter_errors([ref.to_csl()]))
    assert ref.doi == "10.1056/NEJMoa2001017" and ref.pmcid == "PMC7092803"
    assert ref.author[1].literal == "China Novel Coronavirus Investigating and Research Team"
    assert ref.issued.iso() == "2020-02-20" and ref.page == "727-733"
    assert isinstance(out["99999999"], NotFound)


def test_recorded_idconv_bodies() -> None:
    (rec,) = ncbi.idconv_records(json.loads((REAL / "ncbi-idconv" / "10.1038_ng.590.json").read_text()))
    assert (str(rec.pmcid), str(rec.pmid), str(rec.doi)) == ("PMC2883744", "20495566", "10.1038/ng.590")
    with pytest.raises(BadResponse, match="ID type 'doi' mismatch for '28371833'"):
        ncbi.idconv_records(json.loads((REAL / "ncbi-idconv" / "28371833_idtype=doi.404.json").read_text()))


@pytest.mark.parametrize(("text", "iso", "season"), [("2017", "2017", None), ("2017 Aug", "2017-08", None),
                                                     ("2017 Aug 14", "2017-08-14", None), ("2016 Nov-Dec", "2016-11", None),
                                                     ("2015 Spring", "2015", 1)])
def test_pubmed_dates(text: str, iso: str, season: int | None) -> None:
    d = ncbi.parse_pubdate(text)
    assert d is not None and d.iso() == iso and d.season == season


# Constructed from NCBI's ECitMatch documentation (E-utilities help, "ECitMatch" example), not recorded.
ECITMATCH_ANSWER = "proc natl acad sci u s a|1991|88|3248|mann bj|Art1|2014248\nscience|1987|235|182|palmenberg ac|Art2|NOT_FOUND\n"


def test_ecitmatch_request_and_answer() -> None:
    q = ncbi.CitationQuery("proc natl acad sci u s a", 1991, "88", "3248", "mann bj", "Art1")
    assert q.bdata() == "proc natl acad sci u s a|1991|88|3248|mann bj|Art1|"
    assert ncbi.ecitmatch_params([q])["db"] == "pubmed"
    out = ncbi.parse_ecitmatch(ECITMATCH_ANSWER)
    assert str(out["Art1"]) == "2014248" and out["Art2"] is None


# Constructed (no real retraction was recorded, see SOURCES.md "gaps"): the recorded PNAS message with
# its updated-by list extended by an entry shaped as Crossref documents Retraction Watch notices
# (https://www.crossref.org/documentation/retrieve-metadata/retraction-watch/): source "retraction-watch".
def test_retraction_watch_notice_is_kept_and_typed(schema_validator: Any) -> None:
    msg = message("10.1073_pnas.1414271111.json")
    msg["updated-by"] = [*msg["updated-by"], {
        "DOI": "10.1073/pnas.9999999999", "type": "retraction", "source": "retraction-watch", "label": "Retraction",
        "record-id": 12345, "updated": {"date-parts": [[2025, 2, 3]], "date-time": "2025-02-03T00:00:00Z"}}]
    ref = crossref.work_to_reference(msg)
    assert not list(schema_validator.iter_errors([ref.to_csl()]))
    ups = ref.extensions.relations.items or []
    assert [(u.type, u.source) for u in ups] == [(RelationType.CORRECTION, "publisher"),
                                                 (RelationType.RETRACTION, "retraction-watch")]
    assert ups[0].date == "2015-05-04" and ups[1].doi == "10.1073/pnas.9999999999" and ups[1].label == "Retraction"
    # read back from CSL-JSON text, the relations are the same typed objects
    back = Reference.from_csl(json.loads(json.dumps(ref.to_csl())))
    assert back.extensions.relations.items == ups
    notices = [r for r in ref_of("10.1371_journal.ppat.1008184.json").extensions.relations.items or [] if r.id_type is None]
    assert notices[-1].inverse is True  # Crossref's update-to: this record is the notice

"""The acceptance command online: the curated records' DOIs are asked of the (local) services; what
they do not hold falls back to the curated record, and one failure never stops the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from citekit.check import check
from citekit.check.codes import Code, Severity
from citekit.check.coverage import trial_findings
from citekit.cli import cli
from citekit.document import load_document
from citekit.resolve.crossref import work_to_reference
from tests.check.conftest import CITATIONS, REAL, FixtureServer, recorded_message, seed_references


def _env(server: FixtureServer, tmp_path: Path) -> dict[str, str]:
    return {"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
            "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
            "CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_OFFLINE": "0"}


def test_online_asks_the_services_for_the_verified_dois(server: FixtureServer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(CITATIONS), "--document", "anal-cancer-immunotherapy",
                                      "--format", "json"], env=_env(server, tmp_path))
    assert result.exit_code == 1, result.output
    asked = " ".join(",".join(r.query.get("filter", [])) + r.path for r in server.requests).lower()
    for number, seed in seed_references().items():
        if seed["doi"] and "INFERRED" not in (seed.get("doi_status") or ""):
            assert seed["doi"].lower() in asked, number
    report = json.loads(result.stdout)
    errors = {(r["number"], f["code"]) for r in report["references"] for f in r["findings"] if f["severity"] == "error"}
    assert errors == {(1, "journal-mismatch")}  # none of the page's DOIs is recorded: the curated records answer
    assert all(r["source"] == "curated record" for r in report["references"])


def test_service_failures_fall_back_per_reference(server: FixtureServer, config: Any) -> None:
    server.faults["/works"] = ["500"] * 20
    report = check(CITATIONS, document="anal-cancer-immunotherapy", config=config)
    assert len(report.references) == 11
    assert [f for f in report.by_code(Code.JOURNAL_MISMATCH) if f.ref == 1]


def test_trial_number_disagreeing_with_the_document(config: Any) -> None:
    doc = load_document("anal-cancer-immunotherapy")
    record = work_to_reference(recorded_message("10.1136/esmoopen-2020-000776"))  # the LEMON study, two NCTs
    registered = {e["clinical-trial-number"].upper() for e in recorded_message("10.1136/esmoopen-2020-000776")["clinical-trial-number"]}
    found = list(trial_findings(doc, 8, 8, "rao2022phase", record, "Crossref"))
    assert len(found) == 1 and found[0].code == Code.TRIAL_MISMATCH and found[0].severity == Severity.ERROR
    assert found[0].cited == "NCT03597295" and set(found[0].record.split(", ")) == registered  # type: ignore[union-attr]
    assert [f.severity for f in trial_findings(doc, 2, 2, "li", record, "Crossref")] == [Severity.WARNING]  # NCT inferred


def test_a_pmid_only_citation_is_checked_against_pubmed(server: FixtureServer, config: Any) -> None:
    from citekit.model import Reference

    recorded = json.loads((REAL / "ncbi-esummary" / "28806736.json").read_text(encoding="utf-8"))["result"]["28806736"]
    family, initials = recorded["authors"][0]["name"].split(" ")
    base = {"type": "article-journal", "title": recorded["title"], "PMID": "28806736",
            "author": [{"family": family, "given": initials}], "custom": {"parse-et-al": True},
            "container-title": recorded["source"], "issued": {"date-parts": [[int(recorded["pubdate"][:4])]]},
            "volume": recorded["volume"], "issue": recorded["issue"], "page": recorded["pages"]}
    wrong = {**base, "id": "wrong", "volume": str(int(recorded["volume"]) + 1)}
    report = check([Reference.from_csl({**base, "id": "ok"}), Reference.from_csl(wrong)], config=config)
    first, second = report.references
    assert first.source == "PubMed 28806736" and first.identified_by == "PMID 28806736 (cited)"
    assert not [f for f in first.findings if f.severity == "error"]
    assert [(str(f.code), f.cited, f.record) for f in second.findings if f.severity == "error"] == [
        ("volume-mismatch", str(int(recorded["volume"]) + 1), recorded["volume"])]


def test_a_doi_of_another_paper_names_the_cited_paper(server: FixtureServer, config: Any) -> None:
    from citekit.model import Reference

    gtex, other = recorded_message("10.1038/ng.3834"), recorded_message("10.1016/j.pediatrneurol.2015.06.002")
    server.search_items = [gtex]  # Crossref's search finds the paper the citation describes
    cited = Reference.from_csl({
        "id": "c", "type": "article-journal", "title": gtex["title"][0], "DOI": other["DOI"],
        "author": [{"family": gtex["author"][0]["family"], "given": gtex["author"][0]["given"]}],
        "custom": {"parse-et-al": True}, "container-title": gtex["container-title"][0],
        "issued": {"date-parts": [[gtex["issued"]["date-parts"][0][0]]]}, "volume": gtex["volume"],
        "issue": gtex["issue"], "page": gtex["page"]})
    result = check([cited], config=config).references[0]
    errors = [(str(f.code), f.cited, (f.record or "").lower()) for f in result.findings if f.severity == "error"]
    assert errors == [("doi-mismatch", other["DOI"], gtex["DOI"].lower())]
    assert result.identified_by is not None and result.identified_by.startswith("citation match")

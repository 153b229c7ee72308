"""A cited DOI with a typo, or one of another paper: when the checker finds the record behind the
citation (a verified Crossref match, served by the local server from the recorded responses), the
DOI finding suggests the record's DOI. The expected DOI is the recorded Crossref message's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from citekit.check import check
from citekit.cli import cli
from citekit.model import Reference
from tests.check.conftest import FixtureServer, recorded_message

GTEX = "10.1038/ng.3834"


def _cited(message: dict[str, Any], doi: str) -> dict[str, Any]:
    """The citation of a recorded Crossref work, as a reference list would give it, with ``doi``."""
    return {"id": "c", "type": "article-journal", "title": message["title"][0], "DOI": doi,
            "author": [{"family": message["author"][0]["family"], "given": message["author"][0]["given"]}],
            "custom": {"parse-et-al": True}, "container-title": message["container-title"][0],
            "issued": {"date-parts": [[message["issued"]["date-parts"][0][0]]]}, "volume": message["volume"],
            "issue": message["issue"], "page": message["page"]}


def _typo(doi: str) -> str:
    """Two adjacent digits swapped: ``10.1038/ng.3834`` → ``10.1038/ng.3843``."""
    return doi[:-2] + doi[-1] + doi[-2]


def test_a_doi_typo_gets_the_corrected_doi(server: FixtureServer, config: Any) -> None:
    gtex = recorded_message(GTEX)
    typo = _typo(gtex["DOI"])
    assert typo.lower() != gtex["DOI"].lower()
    server.search_items = [gtex]  # Crossref's search finds the paper the citation describes
    result = check([Reference.from_csl(_cited(gtex, typo))], config=config).references[0]
    errors = [f for f in result.findings if f.severity == "error"]
    assert [(str(f.code), f.field, f.cited, (f.record or "").lower()) for f in errors] == [
        ("unresolvable-doi", "DOI", typo, gtex["DOI"].lower())]
    assert f"did you mean DOI {gtex['DOI']}?".lower() in errors[0].message.lower()
    assert "citation match" in errors[0].message
    assert result.identified_by is not None and result.identified_by.startswith("citation match")


def test_no_suggestion_without_a_record(server: FixtureServer, config: Any) -> None:
    gtex = recorded_message(GTEX)
    server.search_items = []  # nothing found: nothing to suggest, and no made-up DOI
    result = check([Reference.from_csl(_cited(gtex, _typo(gtex["DOI"])))], config=config).references[0]
    bad = [f for f in result.findings if str(f.code) == "unresolvable-doi"]
    assert len(bad) == 1 and "did you mean" not in bad[0].message and bad[0].record is None


def test_the_doi_of_another_paper_gets_the_cited_papers_doi(server: FixtureServer, config: Any) -> None:
    gtex, other = recorded_message(GTEX), recorded_message("10.1016/j.pediatrneurol.2015.06.002")
    server.search_items = [gtex]
    result = check([Reference.from_csl(_cited(gtex, other["DOI"]))], config=config).references[0]
    mismatch = [f for f in result.findings if str(f.code) == "doi-mismatch"]
    assert len(mismatch) == 1 and f"did you mean DOI {gtex['DOI']}?".lower() in mismatch[0].message.lower()


def test_the_command_shows_the_suggestion(server: FixtureServer, tmp_path: Path) -> None:
    gtex = recorded_message(GTEX)
    server.search_items = [gtex]
    src = tmp_path / "refs.json"
    src.write_text(json.dumps([_cited(gtex, _typo(gtex["DOI"]))]), encoding="utf-8")
    env = {"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
           "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
           "CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_OFFLINE": "0"}
    result = CliRunner().invoke(cli, ["check", str(src), "--to", "json"], env=env)
    assert result.exit_code == 1, result.output
    findings = [f for r in json.loads(result.stdout)["references"] for f in r["findings"]]
    assert [(f["code"], f["record"].lower()) for f in findings if f["code"] == "unresolvable-doi"] == [
        ("unresolvable-doi", gtex["DOI"].lower())]
    table = CliRunner().invoke(cli, ["check", str(src)], env=env)
    assert table.exit_code == 1 and f"did you mean DOI {gtex['DOI']}" in table.stdout


def test_offline_a_doi_typo_is_not_passed_silently(config: Any) -> None:
    """Offline the cited DOI cannot be looked up; the document's curated record is found by author, year
    and title, and its DOI (the seed's verified one, an independent oracle) is suggested."""
    from tests.check.conftest import seed_references

    seed = seed_references()[3]
    typo = seed["doi"].replace("30728", "30782")
    cited = Reference.from_csl({"id": "migden", "type": "article-journal", "title": seed["title"], "DOI": typo,
                                "author": [{"family": a["family"], "given": a["given"]} for a in seed["authors"][:3]],
                                "container-title": seed["journal_nlm_abbrev"], "issued": {"date-parts": [[seed["year"]]]},
                                "volume": seed["volume"], "page": seed["pages_or_article_number"]})
    report = check([cited], document="anal-cancer-immunotherapy", offline=True, config=config)
    found = [f for f in report.references[0].findings if f.field == "DOI"]
    assert [(str(f.code), str(f.severity), f.cited, f.record) for f in found] == [
        ("doi-mismatch", "error", typo, seed["doi"])]
    assert f"did you mean DOI {seed['doi']}?" in found[0].message
    right = Reference.from_csl({**cited.to_csl(), "DOI": seed["doi"]})
    again = check([right], document="anal-cancer-immunotherapy", offline=True, config=config)
    assert [f for f in again.references[0].findings if f.field == "DOI"] == []

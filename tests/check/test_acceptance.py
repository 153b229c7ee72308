"""The issue's acceptance case: ``citekit check citations.txt --document anal-cancer-immunotherapy --offline``.

Expected findings come from the seed (tests/data/seed/references-verified.json and
drugs-to-references.json), never from our own output: ref 1's journal is JAMA Network Open, ref 9
has a full Lancet 2025 publication, which refs have a verifiable DOI, which drugs each reference
covers, and that the page's omitted issues and 'multicenter' are style, not errors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from citekit.cli import cli
from tests.check.conftest import CITATIONS, FixtureServer, seed_drugs, seed_references

ARGS = [str(CITATIONS), "--document", "anal-cancer-immunotherapy", "--offline"]


@pytest.fixture()
def offline_env(tmp_path: Path, server: FixtureServer) -> dict[str, str]:
    """An empty cache, and every service pointed at a live local server that must see no request."""
    return {"CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_CROSSREF_URL": server.base,
            "CITEKIT_DOI_URL": server.base + "/doi", "CITEKIT_NCBI_URL": server.base + "/eutils",
            "CITEKIT_IDCONV_URL": server.base + "/idconv/", "CITEKIT_OFFLINE": "0"}


@pytest.fixture()
def report(offline_env: dict[str, str], server: FixtureServer) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["check", *ARGS, "--format", "json"], env=offline_env)
    assert result.exit_code == 1, result.output  # ref 1's journal is an error
    assert server.requests == []  # offline: no request reached the (live) server
    return dict(json.loads(result.stdout))


def _findings(report: dict[str, Any], number: int) -> list[dict[str, Any]]:
    return [f for r in report["references"] if r["number"] == number for f in r["findings"]]


def test_report_validates_against_the_published_schema(report: dict[str, Any]) -> None:
    from citekit.check.render import schema

    jsonschema.Draft202012Validator(schema()).validate(report)
    assert report["schema_version"] == "2.0" and report["offline"] is True


def test_ref1_journal_mismatch_is_an_error_naming_the_record_journal(report: dict[str, Any]) -> None:
    seed = seed_references()[1]
    found = [f for f in _findings(report, 1) if f["code"] == "journal-mismatch"]
    assert len(found) == 1
    assert found[0]["severity"] == "error" and found[0]["cited"] == "JAMA"
    assert seed["journal_full_title"] in found[0]["record"]
    assert found[0]["source"] == "curated record"


def test_ref9_superseded_by_the_lancet_paper_is_a_warning(report: dict[str, Any]) -> None:
    doi = re.search(r"doi:(\S+)", seed_references()[9]["full_publication"]).group(1)  # type: ignore[union-attr]
    found = [f for f in _findings(report, 9) if f["code"] == "superseded"]
    assert [f["severity"] for f in found] == ["warning"]
    assert found[0]["record"].rstrip(".") == doi.rstrip(".")
    assert "Lancet 2025;405:2144-2152" in found[0]["message"]


def test_references_without_a_verifiable_doi_are_reported(report: dict[str, Any]) -> None:
    for number, seed in seed_references().items():
        codes = {(f["code"], f["severity"]) for f in _findings(report, number)}
        verifiable = seed["doi"] is not None and "INFERRED" not in (seed.get("doi_status") or "")
        ident = [s for c, s in codes if c == "missing-identifier"]
        assert len(ident) == 1, number  # the page prints no identifier at all
        if verifiable:
            assert ident == ["info"], number  # the record has a DOI to add
        elif seed["pmid"] is None:
            assert "warning" in ident or ("unverified", "warning") in codes or ("unverified", "info") in codes, number


def test_a_reference_with_no_verified_value_is_unverified(report: dict[str, Any]) -> None:
    # seed: ref 2 "NOT verified - no bibliographic record of this article was found"
    assert seed_references()[2]["verification_status"].startswith("NOT verified")
    assert ("unverified", "warning") in {(f["code"], f["severity"]) for f in _findings(report, 2)}


def test_drug_coverage_all_seven_with_their_trials(report: dict[str, Any]) -> None:
    rows = {c["subject"].lower(): c for c in report["coverage"] if c["kind"] == "drug"}
    assert set(rows) == set(seed_drugs()) and len(rows) == 7
    for drug, refs in seed_drugs().items():
        assert sorted(rows[drug]["refs"]) == sorted(refs), drug
        assert rows[drug]["supported"] and rows[drug]["trials"], drug
    seed = seed_references()
    for drug, refs in seed_drugs().items():
        for n in refs:
            nct = re.match(r"NCT\d{8}", seed[n].get("nct") or "")
            if nct:
                assert any(nct.group(0) in t for t in rows[drug]["trials"]), (drug, n)


def test_claims_with_no_reference_are_reported(report: dict[str, Any]) -> None:
    doc = json.loads((CITATIONS.parent / "document.json").read_text(encoding="utf-8"))
    unsupported = {c["id"] for c in doc["claims"] if not c["supports"]}
    assert unsupported  # the page has statements no reference supports
    reported = {f["claim"] for f in report["findings"] if f["code"] == "claim-unsupported"}
    assert reported == unsupported


def test_style_is_not_reported_as_error(report: dict[str, Any]) -> None:
    seed = seed_references()
    for number in seed:
        for f in _findings(report, number):
            if f["code"] == "issue-missing":
                assert f["severity"] == "info" and f["record"] == seed[number]["issue"]
    title4 = [f for f in _findings(report, 4) if f["code"] == "title-mismatch"]
    assert [f["severity"] for f in title4] == ["info"] and "multicentre" in title4[0]["message"]
    errors = {(r["number"], f["code"]) for r in report["references"] for f in r["findings"] if f["severity"] == "error"}
    assert errors == {(1, "journal-mismatch")}  # the seed lists no other error on the page


def test_every_omitted_issue_is_reported_as_style(report: dict[str, Any]) -> None:
    seed = seed_references()
    expected = {n for n, r in seed.items() if r.get("issue") and n != 8}  # ref 8's record has no verified issue
    found = {n for n in seed for f in _findings(report, n) if f["code"] == "issue-missing"}
    assert found == expected


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_human_formats_show_the_key_findings(fmt: str, offline_env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["check", *ARGS, "--format", fmt], env=offline_env)
    assert result.exit_code == 1
    out = result.stdout
    assert "journal-mismatch" in out and "superseded" in out and "claim" in out.lower()
    assert "\x1b[" not in out  # not a tty: no colour
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "<link" not in out and "<script" not in out and "src=" not in out


def test_fail_on_and_output_file(tmp_path: Path, offline_env: dict[str, str]) -> None:
    target = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["check", *ARGS, "--format", "json", "-o", str(target)], env=offline_env)
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["by_severity"]["error"] >= 1


def test_bad_input_exits_2(tmp_path: Path, offline_env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.bib"), "--offline"], env=offline_env)
    assert result.exit_code == 2 and "missing.bib" in result.stderr
    result = CliRunner().invoke(cli, ["check", str(CITATIONS), "--document", "no-such-document", "--offline"],
                                env=offline_env)
    assert result.exit_code == 2 and "no-such-document" in result.stderr


def test_fail_on_warning_and_any_input_format(tmp_path: Path, offline_env: dict[str, str]) -> None:
    import citekit

    parsed = citekit.read(CITATIONS, "text").items
    for fmt, suffix in (("bibtex", ".bib"), ("ris", ".ris"), ("csl-json", ".json")):
        path = tmp_path / f"refs{suffix}"
        from citekit.formats.text import strip_parse_data

        items = parsed if fmt == "csl-json" else [strip_parse_data(r) for r in parsed]
        citekit.write(items, path, fmt)
        result = CliRunner().invoke(cli, ["check", str(path), "--document", "anal-cancer-immunotherapy", "--offline",
                                          "--format", "json"], env=offline_env)
        assert result.exit_code == 1, (fmt, result.output)
        report = json.loads(result.stdout)
        assert [f["code"] for f in _findings(report, 1) if f["severity"] == "error"] == ["journal-mismatch"], fmt
        assert any(f["code"] == "superseded" for f in _findings(report, 9)), fmt


def test_fail_on_warning_counts_warnings(tmp_path: Path, offline_env: dict[str, str]) -> None:
    clean = tmp_path / "one.txt"  # ref 3 alone: verified, only style remarks (info) against the curated record
    clean.write_text(CITATIONS.read_text(encoding="utf-8").splitlines()[2] + "\n", encoding="utf-8")
    base = ["check", str(clean), "--document", "anal-cancer-immunotherapy", "--offline", "--format", "json"]
    result = CliRunner().invoke(cli, base, env=offline_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["by_severity"]["error"] == 0
    with_warning = tmp_path / "two.txt"  # ref 9: superseded is a warning
    with_warning.write_text(CITATIONS.read_text(encoding="utf-8").splitlines()[8] + "\n", encoding="utf-8")
    argv = ["check", str(with_warning), "--document", "anal-cancer-immunotherapy", "--offline"]
    assert CliRunner().invoke(cli, argv, env=offline_env).exit_code == 0
    assert CliRunner().invoke(cli, [*argv, "--fail-on", "warning"], env=offline_env).exit_code == 1


def test_a_reference_outside_the_document_supports_no_claim(tmp_path: Path, offline_env: dict[str, str]) -> None:
    extra = "Smith J, Doe A. An unrelated study of zebra finches. J Avian Biol 2019;50:1-9.\n"
    path = tmp_path / "more.txt"
    path.write_text(CITATIONS.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--document", "anal-cancer-immunotherapy", "--offline",
                                      "--format", "json"], env=offline_env)
    report = json.loads(result.stdout)
    assert [(f["ref"], f["code"]) for f in report["findings"] if f["code"] == "reference-unused"] == [(12, "reference-unused")]
    assert {f["code"] for r in report["references"] if r["number"] == 12 for f in r["findings"]} >= {"unverified"}

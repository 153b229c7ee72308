"""``citekit complete`` on BibTeX against the local server: only added fields, nothing else changes.

The entries and the expected additions are written here from the recorded Crossref messages
(DOI, issue, page), not from citekit's mapping.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from tests.check.conftest import FixtureServer, recorded_message

GTEX = "10.1038/ng.3834"
DELPHI = "10.1371/journal.pone.0020476"
PEDIATR = "10.1016/j.pediatrneurol.2015.06.002"


def _bib() -> tuple[str, set[str]]:
    g, d, p = recorded_message(GTEX), recorded_message(DELPHI), recorded_message(PEDIATR)
    text = (
        "% references kept by hand: comments, order and unknown fields must survive\n"
        "@article{gtex2017,\n"
        f"  author = {{{g['author'][0]['family']}, {g['author'][0]['given']} and others}},\n"
        f"  title = {{{g['title'][0]}}},\n"
        "  journal = {Nature Genetics},\n"
        "  year = {2017},\n"
        f"  volume = {{{g['volume']}}},\n"
        "  myfield = {kept as is},\n"
        "}\n\n"
        f"@Article{{delphi,\n"
        f"  title     = {{{d['title'][0]}}},\n"
        f"  author    = {{{d['author'][0]['family']}, {d['author'][0]['given']} and others}},\n"
        f"  journal   = {{PLoS ONE}},\n"
        f"  year      = 2011,\n"
        f"  volume    = {d['volume']},\n"
        f"  doi       = {{{DELPHI}}}\n"
        "}\n\n"
        "@article{wrongvolume,\n"
        f"  author = {{{p['author'][0]['family']}, {p['author'][0]['given']} and others}},\n"
        f"  title = {{{p['title'][0]}}},\n"
        "  journal = {Pediatric Neurology},\n  year = {2015},\n  volume = {99},\n"
        f"  doi = {{{PEDIATR}}},\n"
        "}\n"
    )
    expected = {
        f"  doi = {{{g['DOI']}}},", f"  number = {{{g['issue']}}},", f"  pages = {{{g['page'].replace('-', '--')}}},",
        f"  number = {{{d['issue']}}},", f"  pages = {{{d['page']}}},",
    }
    return text, expected


@pytest.fixture()
def env(server: FixtureServer, tmp_path: Path) -> dict[str, str]:
    server.search_items = [recorded_message(GTEX)]  # the entry without a DOI is found by Crossref's search
    return {"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
            "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
            "CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_OFFLINE": "0"}


def _added_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    plus, minus = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("+ "):
            plus.append(line[2:])
        elif line.startswith("- "):
            minus.append(line[2:])
    return plus, minus


def test_complete_adds_only_missing_fields(tmp_path: Path, env: dict[str, str]) -> None:
    text, expected = _bib()
    src, out = tmp_path / "refs.bib", tmp_path / "out.bib"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["complete", str(src), "-o", str(out)], env=env)
    assert result.exit_code == 1, result.output  # one conflict (volume 99) is left to the user
    after = out.read_text(encoding="utf-8")
    plus, minus = _added_lines(text, after)
    assert minus == []  # nothing the user wrote changed
    assert expected <= set(plus)
    assert {p.split("=")[0].strip() for p in plus} <= {"doi", "number", "pages", "pmid", "shortjournal"}
    assert "volume = {99}" in after and "volume-mismatch" in result.stderr and "wrongvolume" in result.stderr
    assert "not written (an existing author list is kept): ref 1 (gtex2017): + author" in result.stderr
    assert src.read_text(encoding="utf-8") == text
    import citekit

    reread = {r.citation_key: r for r in citekit.read(out).items}
    assert reread["gtex2017"].doi and reread["gtex2017"].doi.lower() == GTEX
    assert reread["gtex2017"].to_csl().get("myfield") == "kept as is" or "myfield" in after


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    text, expected = _bib()
    (tmp_path / "work").mkdir()
    src = tmp_path / "work" / "refs.bib"
    src.write_bytes(text.encode("utf-8"))
    before = src.read_bytes()
    result = CliRunner().invoke(cli, ["complete", str(src), "--dry-run"], env=env)
    assert result.exit_code == 1
    assert src.read_bytes() == before
    assert sorted((tmp_path / "work").iterdir()) == [src]
    added = {line[1:] for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")}
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert expected <= added and removed == []


def test_patch_never_overwrites_and_handles_both_layouts() -> None:
    from citekit.formats.bibtex.patch import insert_fields as patch

    text = "@article{a,\n  title = {T},\n  doi = {10.1/x}\n}\n@article{b, title = {U}}\n"
    out = patch(text, {"a": [("doi", "10.2/y"), ("pages", "1--2")], "b": [("volume", "3")]})
    assert "10.2/y" not in out and "  pages = {1--2},\n" in out
    assert out.count("@article") == 2 and "volume = {3}" in out
    first = "@article{a,\n  title = {T},\n  doi = {10.1/x}\n}\n"
    plus, minus = _added_lines(first, patch(first, {"a": [("pages", "1--2")]}))
    assert minus == [] and plus == ["  pages = {1--2},"]  # no trailing comma: added after the key line
    trailing = "@article{a,\n  title = {T},\n}\n"
    assert patch(trailing, {"a": [("pages", "1--2")]}) == "@article{a,\n  title = {T},\n  pages = {1--2},\n}\n"


def test_complete_api_reports_changes_with_their_source(server: FixtureServer, config: Any) -> None:
    from citekit.check.complete import complete
    from citekit.model import Reference

    msg = recorded_message(DELPHI)
    ref = Reference.from_csl({"id": "x", "type": "article-journal", "title": msg["title"][0], "DOI": DELPHI,
                              "author": [{"family": msg["author"][0]["family"], "given": msg["author"][0]["given"]}],
                              "container-title": "PLoS ONE", "issued": {"date-parts": [[2011]]},
                              "volume": msg["volume"], "custom": {"parse-et-al": True}})
    done = complete([ref], config=config)
    fields = {c.field: c.value for c in done.changes}
    assert fields["issue"] == msg["issue"] and fields["page"] == msg["page"]
    assert [f"{a.family}" for a in fields["author"]] == [a["family"] for a in msg["author"]]
    assert all(c.source and c.source.startswith("Crossref") for c in done.changes)
    assert done.references[0].title == ref.title and ref.issue is None  # the input is not mutated


def test_complete_from_curated_records_never_restates_a_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from citekit.check.complete import complete
    from tests.check.conftest import CITATIONS, seed_references

    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path))
    done = complete(CITATIONS, document="anal-cancer-immunotherapy", offline=True)
    seed = seed_references()
    first = done.references[0]
    assert first.container_title == "JAMA" and first.container_title_short is None  # the conflict stays the user's
    assert first.doi == seed[1]["doi"] and str(first.pmid) == seed[1]["pmid"] and str(first.issue) == seed[1]["issue"]
    assert [(f.ref, str(f.code)) for f in done.conflicts] == [(1, "journal-mismatch")]
    assert not [c for c in done.changes if c.ref == 2]  # nothing verified, nothing filled
    assert not [c for c in done.changes if c.ref == 8 and c.field == "DOI"]  # ref 8's DOI is only inferred
    for number, seed_ref in seed.items():
        added = {c.field: c.value for c in done.changes if c.ref == number}
        if seed_ref["doi"] and "INFERRED" not in (seed_ref.get("doi_status") or ""):
            assert str(added["DOI"]).lower() == seed_ref["doi"].lower(), number


def test_complete_writes_csl_json_back_with_every_other_key_kept(tmp_path: Path, env: dict[str, str]) -> None:
    msg = recorded_message(DELPHI)
    item = {"id": "delphi", "type": "article-journal", "title": msg["title"][0], "DOI": DELPHI,
            "author": [{"family": a["family"], "given": a["given"]} for a in msg["author"]],
            "container-title": "PLoS ONE", "issued": {"date-parts": [[2011]]}, "volume": msg["volume"],
            "note": "my own note"}
    src, out = tmp_path / "refs.json", tmp_path / "out.json"
    src.write_text(json.dumps([item], indent=2), encoding="utf-8")
    result = CliRunner().invoke(cli, ["complete", str(src), "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))[0]
    added = {k: v for k, v in written.items() if k not in item}
    assert {k: written[k] for k in item} == item  # nothing the user wrote changed
    assert added["issue"] == msg["issue"] and added["page"] == msg["page"]

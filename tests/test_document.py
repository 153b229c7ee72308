"""``citekit.document``: loading by name and by path, lookups, and inconsistent data as DocumentError.

Expected values come from the raw files read with ``json`` (or from the seed), never from the
loader under test; bad-input cases edit a copy of the shipped folder one field at a time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import citekit
from citekit import document as docmod
from citekit.document import Claim, Document, TrialLink, find_document, list_documents, load_document
from citekit.errors import DocumentError
from citekit.model import Bibliography, Reference
from tests.conftest import DATA, ROOT

NAME = "anal-cancer-immunotherapy"
FOLDER = ROOT / "references" / NAME


def raw_document() -> dict[str, Any]:
    return dict(json.loads((FOLDER / "document.json").read_text(encoding="utf-8")))


def raw_references() -> list[dict[str, Any]]:
    return list(json.loads((FOLDER / "references.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def doc() -> Document:
    return load_document(NAME)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped document's folder."""
    target = tmp_path / NAME
    shutil.copytree(FOLDER, target)
    return target


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


# ---------------------------------------------------------------------- loading
def test_load_by_name_holds_references_and_citations(doc: Document) -> None:
    assert isinstance(doc.references, Bibliography)
    assert [r.id for r in doc.references] == [i["id"] for i in raw_references()]
    assert doc.citations == (FOLDER / "citations.txt").read_text(encoding="utf-8").splitlines()
    assert doc.title == raw_document()["title"] and doc.revised.isoformat() == raw_document()["revised"]


def test_public_api_loads_the_same_document() -> None:
    via_api = citekit.load_document(NAME)
    assert isinstance(via_api, citekit.Document)
    assert NAME in citekit.list_documents()


@pytest.mark.parametrize("form", ["folder", "document.json", "pathlib"])
def test_load_by_path(form: str, copy: Path) -> None:
    arg: Any = {"folder": str(copy), "document.json": str(copy / "document.json"), "pathlib": copy}[form]
    loaded = load_document(arg)
    assert len(loaded.references) == len(raw_references())
    assert find_document(arg) == copy


def test_name_prefers_the_installed_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The wheel puts the data in citekit/_data/references; it wins over the checkout's copy.
    data = tmp_path / "_data" / "references"
    shutil.copytree(FOLDER, data / NAME)
    edit_json(data / NAME / "document.json", lambda d: d.update(title="Installed copy"))
    monkeypatch.setattr(docmod, "_PACKAGE_DATA", data)
    assert load_document(NAME).title == "Installed copy"
    monkeypatch.setattr(docmod, "_PACKAGE_DATA", tmp_path / "absent")
    assert load_document(NAME).title == raw_document()["title"]  # falls back to the checkout


def test_data_roots_are_package_data_then_checkout() -> None:
    roots = docmod.data_roots()
    assert roots[0] == Path(docmod.__file__).resolve().parent / "_data" / "references"
    assert roots[1] == ROOT / "references"


def test_list_documents_finds_folders_with_a_document_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert NAME in list_documents()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "document.json").write_text("{}", encoding="utf-8")
    (tmp_path / "not-a-doc").mkdir()
    monkeypatch.setattr(docmod, "_PACKAGE_DATA", tmp_path)
    assert list_documents() == sorted({NAME, "other"})


# ---------------------------------------------------------------------- lookups
def test_reference_by_number_is_page_order(doc: Document) -> None:
    raw = raw_references()
    for number in range(1, len(raw) + 1):
        assert doc.reference(number).id == raw[number - 1]["id"]
    for bad in (0, len(raw) + 1, -1):
        with pytest.raises(KeyError):
            doc.reference(bad)


def test_claims_for_accepts_number_id_or_record(doc: Document) -> None:
    raw_claims = raw_document()["claims"]
    for number in range(1, 12):
        expected = [c["id"] for c in raw_claims if number in [s["ref"] for s in c["supports"]]]
        ref = doc.reference(number)
        assert [c.id for c in doc.claims_for(number)] == expected
        assert [c.id for c in doc.claims_for(str(ref.id))] == expected
        assert [c.id for c in doc.claims_for(ref)] == expected
    with pytest.raises(KeyError):
        doc.claims_for("no-such-id")


def test_unsupported_claims_are_those_without_supports(doc: Document) -> None:
    expected = [c["id"] for c in raw_document()["claims"] if not c["supports"]]
    assert expected  # the page has statements no reference supports
    assert [c.id for c in doc.unsupported_claims()] == expected
    assert all(not c.supported for c in doc.unsupported_claims())


def test_uncited_references(doc: Document, copy: Path) -> None:
    used = {s["ref"] for c in raw_document()["claims"] for s in c["supports"]}
    assert [r.id for r in doc.uncited_references()] == [r["id"] for i, r in enumerate(raw_references(), 1) if i not in used]

    def drop_ref5(d: dict[str, Any]) -> None:
        for claim in d["claims"]:
            claim["supports"] = [s for s in claim["supports"] if s["ref"] != 5]

    edit_json(copy / "document.json", drop_ref5)
    assert [r.id for r in load_document(copy).uncited_references()] == [raw_references()[4]["id"]]


def test_subject_by_name_or_alias(doc: Document) -> None:
    for raw in raw_document()["subjects"]:
        assert doc.subject(raw["name"]).name == raw["name"]
        for alias in raw["aliases"]:
            assert doc.subject(alias.upper()).name == raw["name"]
    with pytest.raises(KeyError):
        doc.subject("aspirin")


def test_subjects_for_and_trial(doc: Document) -> None:
    seed = json.loads((DATA / "seed" / "drugs-to-references.json").read_text(encoding="utf-8"))
    for drug, refs in seed["drug_coverage"].items():
        assert [c.id for c in doc.subject_claims(drug)] == [f"drug-{drug}"]
        for number in refs:
            assert drug in [d.name.lower() for d in doc.subjects_for(number, kind="drug")]
            assert doc.subjects_for(number, kind="device") == []
    link = doc.trial(4)
    assert isinstance(link, TrialLink) and link.nct == "NCT02314169"  # NCI9673, from the seed
    assert link.label() == "NCI9673 (NCT02314169)"


def test_supports_carry_the_trial_of_their_reference(doc: Document) -> None:
    for claim in doc.claims:
        for support in claim.supports:
            link = doc.trial(support.ref)
            assert support.trial == (link.trial if link else None)
            assert support.nct == (link.nct if link else None)


def test_document_without_files_can_be_built_in_code() -> None:
    claim = Claim(id="c", kind="statement", text="t", supports=[])
    ref = Reference.from_csl({"id": "x", "type": "book", "custom": {"ref-number": 1}})
    built = Document(id="d", title="T", publisher="P", revised="2025-01-01", claims=[claim], references=Bibliography([ref]))
    assert built.unsupported_claims() == [claim] and built.uncited_references() == [ref]


# ---------------------------------------------------------------------- bad data
def test_unknown_name_is_a_document_error_naming_it() -> None:
    with pytest.raises(DocumentError) as err:
        load_document("no-such-document")
    assert "no-such-document" in str(err.value) and NAME in str(err.value)


def test_missing_folder_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        load_document(tmp_path / "nowhere")
    assert "document.json" in str(err.value) and "nowhere" in str(err.value)


BAD_DOCUMENT = [
    # (what, change to document.json, words the message must contain)
    ("support to a missing reference", lambda d: d["claims"][0]["supports"].append({"ref": 12, "basis": "curated", "rationale": "x"}),
     ["document.json", "claims.0.supports.1.ref", "12"]),
    ("duplicate claim id", lambda d: d["claims"][1].update(id=d["claims"][0]["id"]), ["document.json", "claims.1.id", "duplicate"]),
    ("duplicate subject", lambda d: d["subjects"].append(dict(d["subjects"][0])), ["document.json", "subjects.7.name"]),
    ("empty basis", lambda d: d["claims"][0]["supports"][0].update(basis=""), ["document.json", "claims.0.supports.0.basis"]),
    ("support by an unknown id", lambda d: d["claims"][0]["supports"][0].update(ref="nobody2020"),
     ["document.json", "claims.0.supports.0.ref", "nobody2020"]),
    ("misspelt key", lambda d: d.update(revsied="2025-11-20"), ["document.json", "revsied"]),
    ("bad date", lambda d: d.update(revised="20 November 2025"), ["document.json", "revised"]),
    ("claim about an unknown subject", lambda d: d["claims"][0].update(subject="Aspirin"),
     ["document.json", "claims.0.subject", "Aspirin"]),
    ("the old drug key", lambda d: d["claims"][0].update(drug="Nivolumab"), ["document.json", "claims.0.drug"]),
    ("trial link to a missing reference", lambda d: d["trials"][0].update(ref=40), ["document.json", "trials.0.ref"]),
    ("malformed NCT", lambda d: d["trials"][0].update(nct="NCT123"), ["document.json", "trials.0.nct"]),
    ("NCT without its confirmation flag", lambda d: d["trials"][0].update(nct_confirmed=None), ["document.json", "trials.0"]),
    ("support's trial contradicts the link", lambda d: d["claims"][0]["supports"][0].update(nct="NCT00000001"),
     ["document.json", "claims.0.supports.0.nct"]),
]


@pytest.mark.parametrize(("what", "change", "words"), BAD_DOCUMENT, ids=[b[0] for b in BAD_DOCUMENT])
def test_inconsistent_document_json(what: str, change: Any, words: list[str], copy: Path) -> None:
    edit_json(copy / "document.json", change)
    with pytest.raises(DocumentError) as err:
        load_document(copy)
    for word in words:
        assert word in str(err.value), (what, str(err.value))


BAD_REFERENCES = [
    ("duplicate id", lambda r: r[1].update(id=r[0]["id"]), ["references.json", "'id'", r"duplicate"]),
    ("numbering out of order", lambda r: r[2]["custom"].update({"ref-number": 7}), ["references.json", "custom.ref-number"]),
    ("as-printed differs from citations.txt", lambda r: r[0]["custom"].update({"as-printed": "André T."}),
     ["references.json", "custom.as-printed"]),
    ("missing type", lambda r: r[3].pop("type"), ["references.json", "'type'"]),
    ("one reference too few", lambda r: r.pop(), ["citations.txt", "11 citations but 10 references"]),
]


@pytest.mark.parametrize(("what", "change", "words"), BAD_REFERENCES, ids=[b[0] for b in BAD_REFERENCES])
def test_inconsistent_references(what: str, change: Any, words: list[str], copy: Path) -> None:
    edit_json(copy / "references.json", change)
    with pytest.raises(DocumentError) as err:
        load_document(copy)
    for word in words:
        assert word in str(err.value), (what, str(err.value))


def test_invalid_json_names_file_and_line(copy: Path) -> None:
    (copy / "document.json").write_text('{\n  "id": "x",\n  "title": \n}', encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(copy)
    assert "document.json:4" in str(err.value) and "invalid JSON" in str(err.value)


def test_missing_references_file_is_named(copy: Path) -> None:
    (copy / "references.json").unlink()
    with pytest.raises(DocumentError) as err:
        load_document(copy)
    assert "references.json" in str(err.value)


def test_citations_file_is_optional(copy: Path) -> None:
    (copy / "citations.txt").unlink()
    loaded = load_document(copy)
    assert loaded.citations == [] and len(loaded.references) == len(raw_references())


def test_blank_line_in_citations_is_named(copy: Path) -> None:
    lines = (copy / "citations.txt").read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    (copy / "citations.txt").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(copy)
    assert "citations.txt:4" in str(err.value)


def test_document_error_is_a_citekit_error() -> None:
    with pytest.raises(citekit.CitekitError):
        load_document("no-such-document")


# ---------------------------------------------------------------------- a document of one's own
OWN = DATA / "documents" / "dna-structure"


def raw_claims() -> dict[str, Any]:
    return dict(json.loads((OWN / "document.json").read_text(encoding="utf-8")))


def test_a_document_of_ones_own_from_a_bibtex_file_and_claims() -> None:
    own = citekit.Document.from_files(references=OWN / "references.bib", claims=OWN / "document.json")
    raw = raw_claims()
    assert own.id == "document" and own.title == raw["title"] and own.scope == raw["scope"]
    assert [c.id for c in own.claims] == [c["id"] for c in raw["claims"]]
    keys = [r.citation_key for r in own.references]
    assert keys == ["watson1953molecular", "franklin1953molecular", "meselson1958replication"]
    # supports by citation key or by number both become numbers in file order
    for claim, raw_claim in zip(own.claims, raw["claims"], strict=True):
        expected = [s["ref"] if isinstance(s["ref"], int) else keys.index(s["ref"]) + 1
                    for s in raw_claim.get("supports", [])]
        assert claim.refs == expected, claim.id
    assert [c.id for c in own.unsupported_claims()] == ["rna-world"]
    assert own.subject("x-ray crystallography").name == "X-ray diffraction"
    assert [s.name for s in own.subjects_for("franklin1953molecular")] == ["DNA", "X-ray diffraction"]
    assert own.subjects_for(3, kind="method") == []
    assert own.claims[0].supports[0].basis == "curated" and own.claims[0].supports[1].basis == "author"
    assert repr(own) == "<Document 'document': 3 references, 4 claims, 3 subjects>"
    folder = load_document(OWN)  # the same files as a folder: document.json beside references.bib
    assert (folder.id, folder.title) == ("dna-structure", raw["title"])
    assert [c.refs for c in folder.claims] == [c.refs for c in own.claims] and folder.citations == []


def test_a_document_of_ones_own_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path / "cache"))
    own = citekit.Document.from_files(references=OWN / "references.bib", claims=OWN / "document.json", id="dna")
    report = citekit.check(OWN / "references.bib", document=own, offline=True)
    assert isinstance(report, citekit.Report) and report.document == "dna"
    rows = {row.id: row for row in report.coverage}
    assert rows["double-helix"].refs == [1, 2] and rows["semi-conservative"].refs == [3]
    assert not rows["rna-world"].supported
    unsupported = report.by_code(citekit.Code.CLAIM_UNSUPPORTED)
    assert [f.claim for f in unsupported] == ["rna-world"]
    # a list that leaves out a reference leaves the claims it supported unsupported
    two = citekit.read(OWN / "references.bib").items[:2]
    partial = citekit.check(two, document=own, offline=True)
    assert [f.claim for f in partial.by_code(citekit.Code.CLAIM_UNSUPPORTED)] == ["semi-conservative", "rna-world"]
    # the JSON report of a document with its own kinds of claims validates against the published schema
    import jsonschema

    from citekit.check.render import schema

    payload = report.to_dict()
    jsonschema.Draft202012Validator(schema()).validate(payload)
    assert {c["kind"] for c in payload["coverage"]} == {"finding", "method", "statement"}
    assert payload["coverage"][1]["subject"] == "X-ray crystallography"


def test_claims_may_be_a_bare_list(tmp_path: Path) -> None:
    claims = tmp_path / "my-claims.json"
    claims.write_text(json.dumps([{"id": "c1", "text": "A claim.", "supports": [{"ref": "meselson1958replication"}]}]),
                      encoding="utf-8")
    own = citekit.Document.from_files(OWN / "references.bib", claims, title="Mine")
    assert (own.id, own.title, own.claims[0].refs, own.subjects) == ("my-claims", "Mine", [3], [])


BAD_OWN = [
    ("support by an unknown key", lambda c: c["claims"][0]["supports"][0].update(ref="crick1953"),
     ["claims.json", "claims.0.supports.0.ref", "crick1953"]),
    ("support by a number past the end", lambda c: c["claims"][1]["supports"][0].update(ref=4),
     ["claims.json", "claims.1.supports.0.ref", "the document has 3"]),
    ("claim about an unknown subject", lambda c: c["claims"][0].update(subject="RNA"), ["claims.json", "claims.0.subject", "RNA"]),
    ("misspelt key", lambda c: c["claims"][0].update(suports=[]), ["claims.json", "suports"]),
]


@pytest.mark.parametrize(("what", "change", "words"), BAD_OWN, ids=[b[0] for b in BAD_OWN])
def test_bad_claims_of_ones_own_name_file_and_field(what: str, change: Any, words: list[str], tmp_path: Path) -> None:
    claims = tmp_path / "claims.json"
    shutil.copy(OWN / "document.json", claims)
    edit_json(claims, change)
    with pytest.raises(DocumentError) as err:
        citekit.Document.from_files(references=OWN / "references.bib", claims=claims)
    for word in words:
        assert word in str(err.value), (what, str(err.value))


def test_a_bad_reference_file_names_file_line_and_entry(tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    text = (OWN / "references.bib").read_text(encoding="utf-8")
    refs.write_text(text.replace("@article{meselson1958replication,", "@article{meselson1958replication"), encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        citekit.Document.from_files(references=refs, claims=OWN / "document.json")
    line = text.splitlines().index("@article{meselson1958replication,") + 1
    assert f"refs.bib:{line}, entry 'meselson1958replication'" in str(err.value)


def test_a_document_folder_of_ones_own_works_with_check_and_show(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from citekit.cli import cli

    env = {"CITEKIT_CACHE_DIR": str(tmp_path / "cache")}
    checked = CliRunner().invoke(cli, ["check", str(OWN / "references.bib"), "--document", str(OWN), "--offline",
                                       "--to", "json"], env=env)
    report = json.loads(checked.stdout)
    assert report["document"] == "dna-structure"
    assert {c["id"]: c["refs"] for c in report["coverage"]} == {
        "double-helix": [1, 2], "x-ray": [2], "semi-conservative": [3], "rna-world": []}
    shown = CliRunner().invoke(cli, ["show", str(OWN)], env=env)
    assert shown.exit_code == 0, shown.output
    header = shown.stdout.splitlines()[2]
    assert "Subject" in header and "Drug" not in header  # the subjects are a molecule and methods
    assert "DNA, X-ray diffraction" in shown.stdout  # what reference 2 (Franklin) supports
    shipped = CliRunner().invoke(cli, ["show"], env=env)
    assert "Drug" in shipped.stdout.splitlines()[2]  # all the shipped document's subjects are drugs

"""``citekit check paper.docx`` and ``citekit parse paper.docx``: a Word manuscript's citations against
its reference list.

The manuscripts are built here with python-docx (tests/manuscript/wordmaker.py) around real records;
the defects are planted below and the expected findings are exactly those, nothing else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from citekit.manuscript.word import check_word, find_reference_list, read_docx, reference_list
from tests.manuscript.wordmaker import build, build_zotero, printed, records

# 15 references; the text cites 1-14 and 16 (no entry), never 15, and cites 6 before 5
NUMERIC_BODY = [
    ["Anal cancer is rare [1]. Responses were seen", ("sup", "2,3"), " in two single-arm studies."],
    ["Later trials [4] confirmed this, with the details in [6] and in a dose study", ("sup", "5"), "."],
    ["Regimens differ [7-9]; see also [1, 3] and [2]."],
    ["The Delphi method", ("sup", "10"), " and its retesting zone [11] were used."],
    ["Data [12], variant effects [13], structural variation [14] and an unlisted trial [16] complete it."],
]
CLEAN_BODY = [
    ["Anal cancer is rare [1]. Responses were seen", ("sup", "2,3"), " in two single-arm studies."],
    ["Later trials [4] confirmed this, with the details in [5] and in a dose study", ("sup", "6"), "."],
    ["Regimens differ [7\u20139]; see also [1, 3] and [2]."],
    ["The Delphi method", ("sup", "10"), " and its retesting zone [11] were used."],
    ["Data [12], variant effects [13\u201315]."],
]


def _findings(path: Path) -> dict[str, list[str | None]]:
    done = check_word(path)
    assert done.problems == []
    out: dict[str, list[str | None]] = {}
    for f in done.report.findings:
        out.setdefault(str(f.code), []).append(f.key)
    return out


@pytest.fixture(scope="module")
def ama() -> list[str]:
    return printed(records()[:15], "american-medical-association")


@pytest.mark.parametrize("numbering", ["text", "word"])
def test_numeric_exactly_the_three_planted_defects(tmp_path: Path, ama: list[str], numbering: str) -> None:
    path = build(tmp_path / "paper.docx", NUMERIC_BODY, ama, numbering=numbering)
    assert _findings(path) == {"citation-without-reference": ["16"], "reference-not-cited": ["15"],
                               "citation-order": ["6"]}
    done = check_word(path)
    assert done.entries == 15 and done.mode == "numeric"
    by_code = {str(f.code): f for f in done.report.findings}
    assert "paragraph 6" in by_code["citation-without-reference"].message  # title is paragraph 1
    assert "before reference 5" in by_code["citation-order"].message


def test_clean_numeric_manuscript_has_no_findings(tmp_path: Path, ama: list[str]) -> None:
    path = build(tmp_path / "clean.docx", CLEAN_BODY, ama)
    assert _findings(path) == {}


def test_zotero_bibliography_field(tmp_path: Path, ama: list[str]) -> None:
    path = build_zotero(tmp_path / "zotero.docx", NUMERIC_BODY, ama)
    listing = find_reference_list(read_docx(path))
    assert listing.found_by == "field" and len(listing.paragraphs) == 15
    # the appendix after the field is neither a reference nor a citation
    assert _findings(path) == {"citation-without-reference": ["16"], "reference-not-cited": ["15"],
                               "citation-order": ["6"]}


def _cite(ref: object, year_shift: int = 0, name: str | None = None) -> tuple[str, str]:
    authors = ref.author  # type: ignore[attr-defined]
    first = name or authors[0].family
    who = first + (" et al." if len(authors) > 2 else f" & {authors[1].family}" if len(authors) == 2 else "")
    year = ref.issued.date_parts[0][0] + year_shift  # type: ignore[attr-defined]
    return who, str(year)


def test_author_year_findings(tmp_path: Path) -> None:
    refs = records()[:10]
    families = [r.author[0].family for r in refs]
    assert len(set(families)) == 10  # the plants below need distinct first authors
    apa = printed(refs, "apa")
    c = [_cite(r) for r in refs]
    wrong_year = _cite(refs[0], year_shift=1)
    misspelt = _cite(refs[1], name=families[1][:-2] + families[1][-1])  # one letter dropped
    body: list[list[object]] = [
        [f"Responses were reported ({wrong_year[0]}, {wrong_year[1]}; {c[2][0]}, {c[2][1]})."],
        [f"As {c[3][0]} ({c[3][1]}) showed, and ({misspelt[0]}, {misspelt[1]}) confirmed, it works."],
        [f"Several studies agree ({c[4][0]}, {c[4][1]}; {c[5][0]}, {c[5][1]}; see {c[6][0]}, {c[6][1]})."],
        [f"Others disagree ({c[7][0]}, {c[7][1]}; Smith et al., 2019), and {c[8][0]} ({c[8][1]}) did not test it."],
    ]
    path = build(tmp_path / "ay.docx", body, apa, numbering="none")  # type: ignore[arg-type]
    done = check_word(path)
    assert done.problems == [] and done.mode == "author-year" and done.entries == 10
    got = sorted((str(f.code), f.field, f.key) for f in done.report.findings)
    assert got == sorted([
        ("citation-mismatch", "year", f"{families[0]} {wrong_year[1]}"),
        ("citation-mismatch", "author", f"{misspelt[0].split(' ')[0]} {misspelt[1]}"),
        ("citation-without-reference", None, "Smith 2019"),
        ("reference-not-cited", None, f"{families[9]} {refs[9].issued.date_parts[0][0]}"),  # type: ignore[union-attr]
    ])


def test_no_reference_list_is_a_problem(tmp_path: Path) -> None:
    path = build(tmp_path / "none.docx", NUMERIC_BODY, [], heading="Discussion")
    done = check_word(path)
    assert done.problems and "no reference list found" in done.problems[0]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_cli_check_docx(tmp_path: Path, ama: list[str]) -> None:
    build(tmp_path / "paper.docx", NUMERIC_BODY, ama)
    done = _cli("check", "paper.docx", "--to", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    codes = sorted(f["code"] for f in report["findings"])
    assert codes == ["citation-order", "citation-without-reference", "reference-not-cited"]
    build(tmp_path / "clean.docx", CLEAN_BODY, ama)
    assert _cli("check", "clean.docx", cwd=tmp_path).returncode == 0
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    bad = _cli("check", "broken.docx", cwd=tmp_path)
    assert bad.returncode == 2 and "broken.docx" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_parse_docx(tmp_path: Path, ama: list[str]) -> None:
    refs = records()[:15]
    build(tmp_path / "paper.docx", NUMERIC_BODY, ama, numbering="word")
    done = _cli("parse", "paper.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == 15
    # the parser reads back each record's first author, year and DOI (checked against the records)
    assert [i["author"][0]["family"] for i in items] == [r.author[0].family for r in refs]  # type: ignore[index]
    assert [i["issued"]["date-parts"][0][0] for i in items] == [r.issued.date_parts[0][0] for r in refs]  # type: ignore[union-attr]
    dois = [r.doi.lower() if r.doi else None for r in refs]
    assert [i.get("DOI", "").lower() or None for i in items] == dois


def test_docx_reads_superscripts_and_word_numbering(tmp_path: Path, ama: list[str]) -> None:
    path = build(tmp_path / "paper.docx", NUMERIC_BODY, ama, numbering="word")
    paras = read_docx(path)
    assert paras[1].superscripts == ["2,3"]  # paras[0] is the title
    assert sum(p.numbered for p in paras) == 15
    assert docx.Document(str(path)).paragraphs[-1].style.name == "List Number"
    assert len(reference_list(path).items) == 15


def test_exponents_are_not_citations(tmp_path: Path, ama: list[str]) -> None:
    body = [*CLEAN_BODY, ["Lesions of 4 m", ("sup", "2"), " and 3 \u00d7 10", ("sup", "9"), " cells/L were seen", ("sup", "1"), "."]]
    path = build(tmp_path / "units.docx", body, ama)
    assert _findings(path) == {}  # 9 would be out of order, and 2 repeats nothing: neither is read
    cites = check_word_citations(path)
    last = max(c.paragraph for c in cites)
    assert [c.numbers for c in cites if c.paragraph == last] == [(1,)]


def check_word_citations(path: Path) -> list:  # type: ignore[type-arg]
    from citekit.manuscript.word import scan_citations

    paras = read_docx(path)
    listing = find_reference_list(paras)
    return scan_citations(paras, set(listing.paragraphs))


def test_author_year_cited_in(tmp_path: Path) -> None:
    refs = records()[:6]
    apa = printed(refs, "apa")
    c = [_cite(r) for r in refs]
    body = [[f"First ({c[3][0]}, {c[3][1]}), then {c[1][0]} ({c[1][1]}) and ({c[4][0]}, {c[4][1]}; {c[3][0]}, {c[3][1]})."]]
    build(tmp_path / "ay.docx", body, apa, numbering="none")  # type: ignore[arg-type]
    from tests.manuscript.conftest import MANUSCRIPTS

    done = _cli("format", str(MANUSCRIPTS / "refs.json"), "--cited-in", "ay.docx", "--style", "apa", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3  # APA sorts them; which three is the point
    families = sorted(str(refs[k].author[0].family) for k in (1, 3, 4))  # type: ignore[index]
    assert sorted(line.split(",")[0] for line in lines) == families


def test_cli_without_a_reference_list_exits_2(tmp_path: Path) -> None:
    build(tmp_path / "none.docx", NUMERIC_BODY, [], heading="Discussion")
    for command in ("check", "parse"):
        done = _cli(command, "none.docx", cwd=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert "none.docx" in done.stderr and "no reference list found" in done.stderr and "Traceback" not in done.stderr
    missing = _cli("check", "nowhere.docx", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.docx: no such file" in missing.stderr


@pytest.mark.parametrize("seed", range(8))
def test_random_manuscripts_get_exactly_their_planted_findings(tmp_path: Path, seed: int) -> None:
    """Vancouver-printed lists (the fixed tests use AMA), random sizes, clusters, forms and plants."""
    import random

    rng = random.Random(seed)
    n = rng.randint(8, 20)
    refs = records()[rng.randint(0, 30 - n):][:n]
    listing = printed(refs, "vancouver")
    uncited = rng.randint(2, n)
    order = [k for k in range(1, n + 1) if k != uncited]
    i = rng.randint(1, len(order) - 3)  # swap two neighbours (not the first citation)
    order[i], order[i + 1] = order[i + 1], order[i]
    late = order[i]  # first cited before a smaller number
    missing = n + rng.randint(1, 5)
    order.insert(rng.randint(1, len(order)), missing)
    body: list[list[object]] = []
    k = 0
    while k < len(order):
        size = rng.choice([1, 1, 1, 2])
        group = order[k:k + size]
        k += size
        nums = ", ".join(map(str, group))
        if rng.random() < 0.4:
            body.append([f"Sentence {k} reports this", ("sup", nums), "."])
        else:
            again = f" (see also [{rng.choice(order[:k])}])" if k > 2 and rng.random() < 0.3 else ""
            body.append([f"Sentence {k} reports this [{nums}]{again}."])
    path = build(tmp_path / f"r{seed}.docx", body, listing, numbering=rng.choice(["text", "word"]))  # type: ignore[arg-type]
    assert _findings(path) == {"citation-without-reference": [str(missing)], "reference-not-cited": [str(uncited)],
                               "citation-order": [str(late)]}


@pytest.mark.parametrize("seed", range(6))
def test_random_author_year_manuscripts(tmp_path: Path, seed: int) -> None:
    """APA lists of random real records; a wrong year, a misspelt name, an unknown work and an uncited entry."""
    import random

    rng = random.Random(100 + seed)
    pool = records()
    seen: set[str] = set()
    refs = []
    for r in rng.sample(pool, len(pool)):
        fam = str(r.author[0].family)  # type: ignore[index]
        if fam not in seen:
            seen.add(fam)
            refs.append(r)
    refs = refs[: rng.randint(6, 12)]
    families = [str(r.author[0].family) for r in refs]  # type: ignore[index]
    long_names = [k for k, f in enumerate(families) if len(f) >= 6]
    misspelt_k = rng.choice(long_names)
    others = [k for k in range(len(refs)) if k != misspelt_k]
    wrong_k, uncited_k = rng.sample(others, 2)
    f = families[misspelt_k]
    mid = len(f) // 2
    cites = []
    for k in range(len(refs)):
        if k == uncited_k:
            continue
        if k == wrong_k:
            cites.append(_cite(refs[k], year_shift=rng.choice([-2, -1, 1, 3])))
        elif k == misspelt_k:
            cites.append(_cite(refs[k], name=f[:mid] + f[mid + 1:]))
        else:
            cites.append(_cite(refs[k]))
    cites.append(("Zzyzx et al.", "2003"))
    rng.shuffle(cites)
    body: list[list[object]] = []
    k = 0
    while k < len(cites):
        group = cites[k:k + rng.choice([1, 2, 3])]
        k += len(group)
        if len(group) == 1 and rng.random() < 0.4:
            body.append([f"As {group[0][0]} ({group[0][1]}) found, it holds."])
        else:
            body.append(["It holds (" + "; ".join(f"{who}, {year}" for who, year in group) + ")."])
    path = build(tmp_path / f"ay{seed}.docx", body, printed(refs, "apa"), numbering="none")  # type: ignore[arg-type]
    done = check_word(path)
    assert done.problems == [] and done.mode == "author-year"
    got = sorted((str(x.code), x.field, (x.key or "").split(" ")[0]) for x in done.report.findings)
    assert got == sorted([("citation-mismatch", "year", families[wrong_k].split(" ")[0]),
                          ("citation-mismatch", "author", (f[:mid] + f[mid + 1:]).split(" ")[0]),
                          ("citation-without-reference", None, "Zzyzx"),
                          ("reference-not-cited", None, families[uncited_k].split(" ")[0])])

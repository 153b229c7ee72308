"""``citekit format refs --cited-in PAPER`` (only what is cited, in citation order) and ``--to html|rtf|docx``.

Oracles: the order LaTeX itself wrote into paper.aux; the bibliography ``pandoc --citeproc`` prints for
paper.md; the planted citation order of the Word manuscript (tests/manuscript/wordmaker.py); python-docx
reading the .docx pandoc wrote; the records' own journal abbreviations for the italics.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from tests.manuscript.conftest import MANUSCRIPTS, run_pandoc, style_path
from tests.manuscript.test_word_check import NUMERIC_BODY
from tests.manuscript.wordmaker import build, printed, records

LATEX = MANUSCRIPTS / "latex"
RECORDS = json.loads((MANUSCRIPTS / "refs.json").read_text(encoding="utf-8"))


def _cli(*args: str, cwd: Path = MANUSCRIPTS) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def _fold(text: str) -> str:
    text = re.sub(r"</?\w+>", "", text)  # CSL's rich-text markup in titles (<i>KRAS</i>)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum()).lower()


def _which(line: str, items: list[dict[str, object]]) -> str:
    """The record a formatted line prints (its title, folded, is in the line)."""
    hits = [str(i["id"]) for i in items if i.get("title") and _fold(str(i["title"]))[:60] in _fold(line)]
    if len(hits) > 1:  # the same title twice (a preprint and its paper): the DOI tells them apart
        by_id = {str(i["id"]): i for i in items}
        hits = [h for h in hits if str(by_id[h].get("DOI", "")).lower() in line.lower()]
    assert len(hits) == 1, (line, hits)
    return hits[0]


def _aux_order() -> list[str]:
    """The keys in the order LaTeX wrote them (\\citation lines, following \\@input)."""
    keys: list[str] = []

    def read(name: str) -> None:
        for line in (LATEX / name).read_text(encoding="utf-8").splitlines():
            if m := re.match(r"\\citation\{(.*)\}", line):
                keys.extend(k.strip() for k in m.group(1).split(","))
            elif m := re.match(r"\\@input\{(.*)\}", line):
                read(m.group(1))

    read("paper.aux")
    return list(dict.fromkeys(keys))


@pytest.mark.parametrize("paper", ["paper.tex", "paper.aux"])
def test_latex_cited_in_citation_order(paper: str) -> None:
    done = _cli("format", "refs.bib", "--cited-in", paper, "--style", "vancouver", cwd=LATEX)
    assert done.returncode == 1  # smith2019missing is cited but has no entry
    assert "smith2019missing" in done.stderr and "no entry" in done.stderr
    lines = done.stdout.splitlines()
    expected = [k for k in _aux_order() if k != "smith2019missing"]
    assert [_which(line, RECORDS) for line in lines] == expected
    assert [int(line.split(".")[0]) for line in lines] == list(range(1, len(expected) + 1))
    assert "saha2015physical" not in {_which(line, RECORDS) for line in lines}  # in refs.bib, never cited


def test_markdown_cited_in_matches_pandoc_citeproc(pandoc: str) -> None:
    ref = run_pandoc(pandoc, ["paper.md", "--citeproc", "-M", f"csl={style_path('vancouver')}", "-t", "json"])
    assert ref.returncode == 0, ref.stderr
    pandoc_ids = re.findall(r'"ref-([^"]+)"', ref.stdout)
    done = _cli("format", "refs.json", "--cited-in", "paper.md", "--style", "vancouver")
    assert done.returncode == 0, done.stderr
    assert [_which(line, RECORDS) for line in done.stdout.splitlines()] == pandoc_ids


def test_word_cited_in_follows_first_citation(tmp_path: Path) -> None:
    refs = records()[:15]
    build(tmp_path / "paper.docx", NUMERIC_BODY, printed(refs, "american-medical-association"), numbering="word")
    done = _cli("format", str(MANUSCRIPTS / "refs.bib"), "--cited-in", "paper.docx", "--style", "vancouver", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    first_cited = [1, 2, 3, 4, 6, 5, 7, 8, 9, 10, 11, 12, 13, 14]  # the planted order; 15 never cited
    assert [_which(line, RECORDS) for line in done.stdout.splitlines()] == [str(refs[n - 1].id) for n in first_cited]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_a_whole_page(tmp_path: Path) -> None:
    out = tmp_path / "refs.html"
    done = _cli("format", "refs.json", "--cited-in", "paper.md", "--style", "apa", "--to", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    tags = [t for t, _ in page.tags]
    assert tags[:3] == ["html", "head", "meta"] and page.tags[2][1] == {"charset": "utf-8"}
    assert sum(1 for _, a in page.tags if a.get("class") == "csl-entry") == len(RECORDS)


def test_docx_opens_and_keeps_the_journal_italics(tmp_path: Path) -> None:
    out = tmp_path / "refs.docx"
    done = _cli("format", "refs.json", "--cited-in", "paper.md", "--style", "american-medical-association",
                "--to", "docx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    paras = [p for p in document.paragraphs if p.text.strip()]
    assert len(paras) == len(RECORDS)
    assert re.match(r"1\.\s", paras[0].text)  # the number stays on the entry's line
    # AMA prints abbreviations without their periods (strip-periods)
    italic = {r.text.strip().replace(".", "") for p in paras for r in p.runs if r.italic}
    journals = {str(i["container-title-short"]).replace(".", "") for i in RECORDS
                if i.get("type") == "article-journal" and i.get("container-title-short")}
    assert journals and journals <= italic
    roman = {r.text for p in paras for r in p.runs if not r.italic}
    assert not any(j in text for j in journals for text in roman if len(j) > 8)


def test_rtf_carries_italics_and_docx_needs_o(tmp_path: Path) -> None:
    done = _cli("format", "refs.json", "--cited-in", "paper.md", "--style", "american-medical-association", "--to", "rtf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{\\rtf1") and "{\\i Lancet Oncol}" in done.stdout
    bad = _cli("format", "refs.json", "--to", "docx")
    assert bad.returncode == 2 and "-o" in bad.stderr


def test_cited_in_problems_are_named(tmp_path: Path) -> None:
    (tmp_path / "none.tex").write_text("no citations here\n", encoding="utf-8")
    done = _cli("format", str(MANUSCRIPTS / "refs.json"), "--cited-in", "none.tex", cwd=tmp_path)
    assert done.returncode == 2 and "none.tex" in done.stderr and "cites none" in done.stderr
    gone = _cli("format", str(MANUSCRIPTS / "refs.json"), "--cited-in", "missing.md", cwd=tmp_path)
    assert gone.returncode == 2 and "missing.md" in gone.stderr

"""Independent readers of our output: pybtex (``pybtex.database.parse_string``) and pandoc
(``pandoc -f bibtex|biblatex -t csljson``) must read back the titles (as text), DOIs, URLs,
volumes, pages and authors we wrote, for the whole CSL test-suite, the doi.org CSL bodies and the
document's references (references/anal-cancer-immunotherapy/references.json).

What the comparison forgives is what those readers do by design, nothing of ours: pandoc re-cases
English titles and curls quotes (so text is compared case- and quote-folded) and keeps TeX math as
``$\\alpha$``; pybtex's LaTeX decoder (latexcodec) leaves ``\\textit`` and ``\\$`` undecoded.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from functools import cache
from typing import Any

import pybtex.database as pybtex_database
import pypandoc
import pytest
from pybtex.backends.plaintext import Backend
from pybtex.richtext import Text

from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from citekit.model import Reference
from tests.formats.test_bibtex_roundtrip import REFERENCES, _doi_csl_refs, _suite_refs

_PLAIN = Backend()

FORMATS = {"bibtex": BibTeXFormat(), "biblatex": BibLaTeXFormat()}
_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛“”„`´"'})
_KEY = re.compile(r"(?m)^@\w+\{([^,]+),$")


def as_text(value: Any) -> str:
    t = re.sub(r"<[^>]+>", "", str(value))
    t = unicodedata.normalize("NFC", t).translate(_QUOTES).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", t).strip().casefold()


def pages(value: Any) -> str:
    return re.sub(r"\s*(?:–|—|--+|-)\s*", "-", str(value)).strip()


def pybtex_text(raw: str) -> str:
    """pybtex's own LaTeX → text (latexcodec), plus the gaps it has: formatting macros, ``\\$``,
    and the text-mode names of braces and single quotes are left undecoded."""
    text = str(Text.from_latex(raw).render(_PLAIN))
    text = re.sub(r"\\(?:textit|textbf|textsc|textsuperscript|textsubscript)\s*", "", text)
    for macro, char in (
        ("\\$", "$"),
        ("\\textbraceleft ", "{"),
        ("\\textbraceright ", "}"),
        ("\\textquoteleft ", "‘"),
        ("\\textquoteright ", "’"),
    ):
        text = text.replace(macro, char).replace(macro.strip(), char)
    return text


def csl_person(name: dict[str, Any]) -> tuple[str, str]:
    """(family with particles, given) as text; particles ending in ' or - join without a space."""
    if "literal" in name:
        return (as_text(name["literal"]), "")
    family = ""
    for part in (name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family")):
        if part:
            family = f"{family}{part}" if family.endswith(("'", "’", "-")) or not family else f"{family} {part}"
    return (as_text(family), as_text(name.get("given", "")))


def loose_person(name: dict[str, Any]) -> tuple[str, ...]:
    """A name as the sorted words of all its parts: pandoc moves trailing lowercase words of a
    given name into the particle and spaces out initials ("J.J." → "J. J."), both by design."""
    family, given = csl_person(name)
    words = re.sub(r"\.\s*", ". ", f"{family} {given}").replace("'", " ").split()
    return tuple(sorted(words))


def pybtex_person(person: Any) -> tuple[str, str]:
    family = " ".join(pybtex_text(p) for p in [*person.prelast_names, *person.last_names])
    given = " ".join(pybtex_text(p) for p in [*person.first_names, *person.middle_names])
    return (as_text(family), as_text(given))


def _dump(refs: list[Reference], fmt: str, ascii: bool = False) -> tuple[str, list[str]]:
    text = FORMATS[fmt].dumps(refs, ascii=ascii).text
    return text, _KEY.findall(text)


@cache
def _document_diffs(fmt: str) -> tuple[list[str], list[str], list[str]]:
    refs = [Reference.from_csl(i) for i in _document_items()]
    return _dump(refs, fmt)[1], check_pybtex(refs, fmt), check_pandoc(refs, fmt)


@cache
def _pandoc(text: str, dialect: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", dialect, "-t", "csljson"],
        input=text.encode(),
        capture_output=True,
        timeout=300,
        check=True,
    )
    return list(json.loads(out.stdout))


def check_pybtex(refs: list[Reference], fmt: str, ascii: bool = False) -> list[str]:
    """Differences between what we meant and what pybtex reads (empty when it agrees)."""
    text, keys = _dump(refs, fmt, ascii)
    db = pybtex_database.parse_string(text, "bibtex")
    assert list(db.entries) == keys
    diffs = []
    for ref, key in zip(refs, keys, strict=True):
        entry = db.entries[key]
        data = ref.to_csl()
        for var, field in (("title", "title"), ("volume", "volume")):
            if var in data and as_text(data[var]) != as_text(pybtex_text(entry.fields.get(field, ""))):
                diffs.append(f"{key} {var}: {data[var]!r} → {entry.fields.get(field)!r}")
        for var, field in (("DOI", "doi"), ("URL", "url")):
            if var in data and re.sub(r"\s+", "", data[var]) != entry.fields.get(field):
                diffs.append(f"{key} {var}: {data[var]!r} → {entry.fields.get(field)!r}")
        if "page" in data and pages(data["page"]) != pages(pybtex_text(entry.fields.get("pages", ""))):
            diffs.append(f"{key} page: {data['page']!r} → {entry.fields.get('pages')!r}")
        for var in ("author", "editor"):
            want = [csl_person(n) for n in data.get(var, []) if n.get("family") or n.get("literal")]
            got = [pybtex_person(p) for p in entry.persons.get(var, [])]
            if var == "author" and want and data.get("custom", {}).get("authors-complete") is False and not ref.authors_truncated:
                # a truncated list must be written "and others", which pybtex reads as a last person
                if got[-1:] != [("others", "")]:
                    diffs.append(f"{key} author: truncated list not marked 'and others': {got}")
                got = got[:-1]
            if want and want != got:
                diffs.append(f"{key} {var}: {want} → {got}")
    return diffs


def check_pandoc(refs: list[Reference], fmt: str, ascii: bool = False) -> list[str]:
    text, keys = _dump(refs, fmt, ascii)
    items = {i["id"]: i for i in _pandoc(text, fmt)}
    assert set(items) == set(keys)
    diffs = []
    for ref, key in zip(refs, keys, strict=True):
        got = items[key]
        data = ref.to_csl()
        for var in ("title", "container-title", "volume"):
            if var in data and as_text(data[var]) != as_text(got.get(var, "")):
                diffs.append(f"{key} {var}: {data[var]!r} → {got.get(var)!r}")
        for var in ("DOI", "URL"):
            if var in data and re.sub(r"\s+", "", data[var]) != got.get(var):
                diffs.append(f"{key} {var}: {data[var]!r} → {got.get(var)!r}")
        if "page" in data and pages(data["page"]) != pages(got.get("page", "")):
            diffs.append(f"{key} page: {data['page']!r} → {got.get('page')!r}")
        for var in ("author", "editor"):
            names = [n for n in data.get(var, []) if n.get("family") or n.get("literal")]
            if any("," in str(n.get("given", "")) for n in names):
                continue  # pandoc drops a braced given name holding a comma ({John, III} → John)
            want = [loose_person(n) for n in names]
            theirs = [loose_person(n) for n in got.get(var, [])]
            if var == "author" and want and data.get("custom", {}).get("authors-complete") is False and not ref.authors_truncated:
                if theirs[-1:] != [loose_person({"family": "others"})]:
                    diffs.append(f"{key} author: truncated list not marked 'and others': {theirs}")
                theirs = theirs[:-1]
            if want and want != theirs:
                diffs.append(f"{key} {var}: {want} → {theirs}")
    return diffs


@cache
def _sample() -> list[Reference]:
    return [r for _, r in _suite_refs()] + [r for _, r in _doi_csl_refs()]


_LATIN = re.compile(r"[^\u0000-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2026]")


@cache
def _latin_sample() -> list[Reference]:
    """Items whose text is Latin script: pandoc knows no LaTeX for Greek (math) or Cyrillic (T2A)."""
    return [r for r in _sample() if not _LATIN.search(json.dumps(r.to_csl(), ensure_ascii=False))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_pybtex_reads_back_the_whole_sample(fmt: str) -> None:
    assert check_pybtex(_sample(), fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_pandoc_reads_back_the_whole_sample(fmt: str) -> None:
    assert check_pandoc(_sample(), fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_ascii_output_is_read_back_by_pybtex_and_pandoc(fmt: str) -> None:
    refs = _latin_sample()
    assert len(refs) > 1000
    text, _ = _dump(refs, fmt, ascii=True)
    assert text.isascii()
    assert check_pybtex(refs, fmt, ascii=True) == []
    assert check_pandoc(refs, fmt, ascii=True) == []


def test_pathological_title_is_safe_for_both_readers() -> None:
    """The brief's example: & % $ _ { in a title; nothing breaks, both read the text back.

    A lone brace has no spelling that BibTeX counts as balanced and pandoc also decodes
    (pandoc ignores ``\\textbraceleft``): pandoc drops that one character, nothing else."""
    title = "Cost & Effect: 50% of $x_1$ {"
    ref = Reference.from_csl(
        {
            "id": "a",
            "type": "article-journal",
            "title": title,
            "DOI": "10.1000/a_b%c",
            "author": [{"family": "O'Neil", "given": "Ann"}],
        }
    )
    for fmt in FORMATS:
        assert check_pybtex([ref], fmt) == []
        [got] = _pandoc(_dump([ref], fmt)[0], fmt)
        assert as_text(got["title"]) == as_text(title[:-2])
        assert got["DOI"] == "10.1000/a_b%c"


# ---------------------------------------------------------------- the document's references


def _document_items() -> list[dict[str, Any]]:
    if not REFERENCES.exists():
        pytest.fail(f"{REFERENCES} is not there yet (being built)")
    data = json.loads(REFERENCES.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else data.get("items", [])
    # what an export writes by default: each field's best known value (issue 15)
    return [Reference.from_csl(i).best_known().to_csl() for i in items]


@pytest.fixture(scope="module")
def document_refs() -> list[Reference]:
    return [Reference.from_csl(i) for i in _document_items()]


def test_document_references_give_eleven_entries(document_refs: list[Reference]) -> None:
    for fmt in FORMATS:
        text, keys = _dump(document_refs, fmt)
        assert len(document_refs) == 11 and len(keys) == 11 and len(set(keys)) == 11
        assert len(pybtex_database.parse_string(text, "bibtex").entries) == 11


@pytest.mark.parametrize("index", range(11))
@pytest.mark.parametrize("fmt", FORMATS)
def test_document_reference_read_back_by_pybtex_and_pandoc(
    document_refs: list[Reference], fmt: str, index: int
) -> None:
    """Written together (keys depend on the whole list), compared one by one."""
    assert len(document_refs) == 11
    keys, pybtex_diffs, pandoc_diffs = _document_diffs(fmt)
    mine = keys[index] + " "
    assert [d for d in pybtex_diffs if d.startswith(mine)] == []
    assert [d for d in pandoc_diffs if d.startswith(mine)] == []

"""A synthetic Crossref snapshot and a reference corpus citing it with planted errors at known rates.

SYNTHETIC, for measuring at volume: every work is a real recorded Crossref work (passed in: the
library reads no test data) varied by a seeded generator: a new DOI under one of the real works'
prefixes, a title of a real title's words shuffled plus words of other titles, another real work's
author list with shuffled family names, another work's journal, and a random year, volume, issue
and page range. Only journal articles are varied (the corpus cites articles).

:func:`corpus` writes reference lists citing random works of the snapshot, in four formats (JATS
``element-citation`` and ``mixed-citation``, BibTeX, CSL-JSON, Vancouver-style text lists), and
plants errors at the rates given (:data:`KINDS`: what was changed and the finding code that should
report it). The truth (source file, reference key, planted kind) is returned for scoring.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

#: planted error kind -> the ``citekit check`` finding code that must report it
KINDS: dict[str, str] = {
    "doi": "doi-mismatch",        # the DOI of another paper of the snapshot
    "year": "year-mismatch",      # the year off by 1 to 3
    "volume": "volume-mismatch",  # the volume off by 1 to 9
    "pages": "pages-mismatch",    # another first page (same length of range)
}
#: the default rates (each reference gets at most one planted error)
RATES: dict[str, float] = {"doi": 0.02, "year": 0.03, "volume": 0.03, "pages": 0.03}
#: input formats of the corpus, in rotation
FORMATS = ("jats-element", "jats-mixed", "bibtex", "csl-json", "text")
SUFFIX = {"jats-element": ".xml", "jats-mixed": ".nxml", "bibtex": ".bib", "csl-json": ".json", "text": ".txt"}
_DROP = ("reference", "DOI", "title", "author", "container-title", "short-container-title", "volume", "issue", "page",
         "issued", "published-print", "published-online", "published", "article-number", "relation", "update-to",
         "updated-by", "journal-issue", "subtitle", "short-title", "alternative-id", "link", "resource")


def _prefix(doi: str) -> str:
    return doi.split("/", 1)[0]


def snapshot(real: Sequence[dict[str, Any]], n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``n`` synthetic works (Crossref ``/works/{doi}`` messages) varied from the ``real`` ones."""
    rng = random.Random(seed)
    bases = [w for w in real if w.get("title") and w.get("type") == "journal-article"] or \
        [w for w in real if w.get("title")]
    vocab = sorted({t.strip(".,:;()") for w in real for t in " ".join(w.get("title") or []).split() if len(t) > 3})
    people = [[a for a in w["author"] if isinstance(a, dict) and a.get("family")] for w in real
              if isinstance(w.get("author"), list)]
    people = [p for p in people if p]
    families = sorted({a["family"] for lst in people for a in lst if isinstance(a, dict) and a.get("family")})
    journals = [(w["container-title"], w.get("short-container-title") or []) for w in real
                if isinstance(w.get("container-title"), list) and w["container-title"]]
    prefixes = sorted({_prefix(w["DOI"]) for w in real if isinstance(w.get("DOI"), str)})
    for i in range(n):
        base = rng.choice(bases)
        words = " ".join(base["title"]).split()
        rng.shuffle(words)
        title = " ".join(words[:10] + rng.sample(vocab, 4))
        authors = [dict(a, family=rng.choice(families)) for a in rng.choice(people)[: rng.randint(1, 8)]]
        journal, short = rng.choice(journals)
        year, first = rng.randint(1960, 2025), rng.randint(1, 2999)
        work = {k: v for k, v in base.items() if k not in _DROP}
        work.update({"DOI": f"{rng.choice(prefixes)}/ck{seed}.{year}.{i}", "type": "journal-article", "title": [title],
                     "author": authors, "container-title": journal, "short-container-title": short,
                     "volume": str(rng.randint(1, 250)), "issue": str(rng.randint(1, 12)),
                     "page": f"{first}-{first + rng.randint(1, 30)}", "issued": {"date-parts": [[year, rng.randint(1, 12)]]}})
        yield work


def write_snapshot(works: Iterator[dict[str, Any]] | Sequence[dict[str, Any]], folder: Path,
                   per_file: int = 10_000) -> list[Path]:
    """Write works as Crossref's public data file: gzipped ``{"items": [...]}``, ``per_file`` a file."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        p = folder / f"{len(paths):05d}.json.gz"
        p.write_bytes(gzip.compress(json.dumps({"items": chunk}).encode("utf-8"), compresslevel=1, mtime=0))
        paths.append(p)
        chunk.clear()

    for w in works:
        chunk.append(w)
        if len(chunk) >= per_file:
            flush()
    if chunk:
        flush()
    return paths


@dataclass(frozen=True)
class Cite:
    """One citing reference as plain fields (what a reference list prints)."""

    key: str
    doi: str | None
    authors: list[tuple[str, str]]  #: (family, given)
    title: str
    journal: str
    year: int
    volume: str
    issue: str | None
    page: str
    planted: str | None  #: a key of :data:`KINDS`, or None


def _initials(given: str) -> str:
    return "".join(p[0] for p in given.replace("-", " ").split() if p[:1].isalpha()).upper()


def citable(work: dict[str, Any]) -> bool:
    """True when the work has what :func:`cite` prints: a title, a person as first author, journal, year, volume, pages."""
    authors = work.get("author")
    return bool(work.get("title") and isinstance(authors, list) and authors and isinstance(authors[0], dict)
                and authors[0].get("family") and work.get("container-title") and work.get("volume")
                and _PAGES.fullmatch(str(work.get("page") or ""))
                and ((work.get("issued") or {}).get("date-parts") or [[None]])[0][0])


_PAGES = re.compile(r"(\d+)(?:-(\d+))?")


def cite(work: dict[str, Any], key: str, rng: random.Random, kind: str | None, others: Sequence[dict[str, Any]],
         no_doi: float = 0.1) -> Cite:
    """A correct citation of ``work`` (:func:`citable`), then the planted error ``kind`` (``others``: where a wrong DOI comes from)."""
    authors = [(a.get("family") or "", a.get("given") or "") for a in work.get("author") or []
               if isinstance(a, dict) and a.get("family")]
    journal = work["container-title"][0]
    if work.get("short-container-title") and rng.random() < 0.5:
        journal = work["short-container-title"][0]
    year = int(work["issued"]["date-parts"][0][0])
    volume, issue, page = str(work["volume"]), str(work.get("issue") or "") or None, str(work["page"])
    doi: str | None = work["DOI"] if rng.random() >= no_doi else None
    if rng.random() < 0.3:
        issue = None  # often omitted
    if kind == "doi":
        other = rng.choice(others)
        while other["DOI"] == work["DOI"]:
            other = rng.choice(others)
        doi = other["DOI"]
    elif kind == "year":
        year += rng.choice((-3, -2, -1, 1, 2, 3))
    elif kind == "volume":
        volume = str(int(volume) + rng.randint(1, 9)) if volume.isdigit() else volume + "1"
    elif kind == "pages":
        m = _PAGES.fullmatch(page)
        assert m is not None
        first = int(m.group(1))
        shift = rng.choice((-1, 1)) * rng.randint(1, 40)
        shift = shift if first + shift > 0 else abs(shift)
        page = f"{first + shift}-{int(m.group(2)) + shift}" if m.group(2) else str(first + shift)
    return Cite(key, doi, authors, " ".join(work["title"][0].split()), journal, year, volume, issue, page, kind)


def _vancouver(c: Cite) -> str:
    names = ", ".join(f"{f} {_initials(g)}".strip() for f, g in c.authors[:6]) + (", et al" if len(c.authors) > 6 else "")
    issue = f"({c.issue})" if c.issue else ""
    doi = f" doi:{c.doi}" if c.doi else ""
    return f"{names}. {c.title}. {c.journal}. {c.year};{c.volume}{issue}:{c.page}.{doi}"


def _jats_names(c: Cite) -> str:
    return "".join(f"<name><surname>{escape(f)}</surname><given-names>{escape(g)}</given-names></name>"
                   for f, g in c.authors)


def _jats_ref(c: Cite, mixed: bool, n: int) -> str:
    first, _, last = c.page.partition("-")
    doi = f'<pub-id pub-id-type="doi">{escape(c.doi)}</pub-id>' if c.doi else ""
    issue = f"<issue>{escape(c.issue)}</issue>" if c.issue else ""
    if not mixed:
        body = (f'<element-citation publication-type="journal"><person-group person-group-type="author">{_jats_names(c)}'
                f"</person-group><article-title>{escape(c.title)}</article-title><source>{escape(c.journal)}</source>"
                f"<year>{c.year}</year><volume>{escape(c.volume)}</volume>{issue}<fpage>{first}</fpage>"
                + (f"<lpage>{last}</lpage>" if last else "") + f"{doi}</element-citation>")
    elif n % 2:  # a tagged mixed citation: the printed punctuation between the elements
        names = ", ".join(f"<string-name><surname>{escape(f)}</surname> <given-names>{escape(_initials(g))}"
                          "</given-names></string-name>" for f, g in c.authors)
        issue = f"(<issue>{escape(c.issue)}</issue>)" if c.issue else ""
        body = (f'<mixed-citation publication-type="journal">{names}. <article-title>{escape(c.title)}</article-title>. '
                f"<source>{escape(c.journal)}</source>. <year>{c.year}</year>;<volume>{escape(c.volume)}</volume>"
                f"{issue}:<fpage>{first}</fpage>" + (f"-<lpage>{last}</lpage>" if last else "") + "."
                + (f" doi:{doi}" if doi else "")
                + "</mixed-citation>")
    else:  # an untagged mixed citation: the text only
        body = f'<mixed-citation publication-type="journal">{escape(_vancouver(c))}</mixed-citation>'
    return f'<ref id="{escape(c.key)}"><label>{n}</label>{body}</ref>'


def render(cites: Sequence[Cite], fmt: str) -> str:
    """A reference list in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt.startswith("jats"):
        refs = "\n".join(_jats_ref(c, fmt == "jats-mixed", n) for n, c in enumerate(cites, 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns:xlink="http://www.w3.org/1999/xlink">'
                f"<front/><back><ref-list><title>References</title>\n{refs}\n</ref-list></back></article>\n")
    if fmt == "text":
        return "\n".join(f"{n}. {_vancouver(c)}" for n, c in enumerate(cites, 1)) + "\n"
    items = []
    for c in cites:
        item: dict[str, Any] = {"id": c.key, "type": "article-journal", "title": c.title, "container-title": c.journal,
                                "author": [{"family": f, "given": g} for f, g in c.authors],
                                "issued": {"date-parts": [[c.year]]}, "volume": c.volume, "page": c.page}
        if c.issue:
            item["issue"] = c.issue
        if c.doi:
            item["DOI"] = c.doi
        items.append(item)
    if fmt == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=1)
    return "\n".join(_bibtex(c) for c in cites)


def _bib(value: str) -> str:
    return "{" + value.replace("\\", "").replace("{", "").replace("}", "").replace("&", r"\&").replace("%", r"\%") + "}"


def _bibtex(c: Cite) -> str:
    fields = {"author": " and ".join(f"{f}, {g}" if g else f for f, g in c.authors), "title": c.title,
              "journal": c.journal, "year": str(c.year), "volume": c.volume, "number": c.issue,
              "pages": c.page.replace("-", "--"), "doi": c.doi}
    body = ",\n".join(f"  {k} = {_bib(v)}" for k, v in fields.items() if v)
    return f"@article{{{c.key},\n{body}\n}}\n"


def corpus(works: Sequence[dict[str, Any]], folder: Path, n: int, *, per_file: int = 50, seed: int = 2,
           rates: dict[str, float] | None = None, formats: Sequence[str] = FORMATS) -> list[tuple[str, int, str | None]]:
    """Write ``n`` references citing the :func:`citable` ``works`` in files of ``per_file``, formats in rotation.

    Returns the truth: ``(source file, 1-based number in it, planted kind or None)`` for every reference.
    """
    rng = random.Random(seed)
    rates = RATES if rates is None else rates
    cited = [w for w in works if citable(w)]
    folder.mkdir(parents=True, exist_ok=True)
    truth: list[tuple[str, int, str | None]] = []
    for f, start in enumerate(range(0, n, per_file)):
        fmt = formats[f % len(formats)]
        path = folder / f"list-{f:06d}{SUFFIX[fmt]}"
        cites = []
        for j in range(start, min(n, start + per_file)):
            roll, kind = rng.random(), None
            for k, rate in rates.items():
                if roll < rate:
                    kind = k
                    break
                roll -= rate
            cites.append(cite(rng.choice(cited), f"r{j}", rng, kind, works))
        path.write_text(render(cites, fmt), encoding="utf-8")
        truth += [(str(path), i, c.planted) for i, c in enumerate(cites, 1)]
    return truth


__all__ = ["FORMATS", "KINDS", "RATES", "Cite", "citable", "cite", "corpus", "render", "snapshot", "write_snapshot"]

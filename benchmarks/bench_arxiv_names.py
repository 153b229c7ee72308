"""Splitting given-first names (arXiv's ``<name>Adrian Del Maestro</name>``): BibTeX's rule against citekit's.

    python benchmarks/bench_arxiv_names.py [CORPUS_DIR]      # default /work/shared/corpora/bibtex-real

REAL data: the BibTeX files of the bibtex-real corpus (JabRef's and others' test and user files).
The truth is every person written in BibTeX's comma form (``Del Maestro, Adrian``, ``van der Putten,
Joost``), where the author of the file said where the family name starts. Each is written given-first
as arXiv's API writes names (given, particle, family), split again, and compared: given name and
family name with its particle must both come back. Names with a suffix are left out (arXiv's form of
them varies). Distinct names only; files with an even index are the tuning half (the particle list
was chosen looking at them), files with an odd index are held out.

Measured 2026-12-06 (``/work/shared/corpora/bibtex-real``, 407 files; distinct comma-form names)::

    half       rule                     names    right   multi-word families    right
    tuning     BibTeX First von Last     4884   98.38%                   124   41.94%
    tuning     citekit person_name       4884   98.59%                   124   59.68%
    held-out   BibTeX First von Last    27727   97.92%                   863   48.44%
    held-out   citekit person_name      27727   98.20%                   863   60.25%

Held out: 104 families right now and wrong before, 26 the other way. Of those 26 most are the
file's own mistake (``Helvoort, A T J Van`` for Van Helvoort, ``Jr`` written as a family name);
real losses are given names that are also particles (``Meng Di Jiang``, tuning half). The rest of
the multi-word families cannot be told from the string alone (``Gómez Rivas``, ``Fontcuberta i Morral``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from citekit.formats.bibtex.names import decode_names
from citekit.resolve.services.arxiv import person_name

Split = Callable[[str], dict[str, str]]


def bibtex_rule(text: str) -> dict[str, str]:
    """BibTeX's "First von Last" rule alone (what the arXiv mapping did before)."""
    read = decode_names(text)
    return read.names[0].model_dump(by_alias=True, exclude_none=True) if len(read.names) == 1 else {"literal": text}


def _family_full(name: dict[str, str]) -> str:
    ndp = name.get("non-dropping-particle") or ""
    sep = "" if ndp.endswith(("'", "’", "-")) else " "
    return (ndp + sep + name.get("family", "")).strip() if ndp else name.get("family", "")


def truth_names(path: Path) -> set[tuple[str, str]]:
    """(given, family with particle) of every comma-form person in the author/editor fields of one file."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    text = path.read_bytes().decode("utf-8", "replace")
    out = set()
    for m in re.finditer(r"(?im)^\s*(?:author|editor)\s*=\s*[{\"](.*)[}\"]\s*,?\s*$", text):
        for part in split_multiple_persons_names(m.group(1)):
            part = part.strip()
            if part.count(",") != 1 or part.startswith("{") and part.endswith("}"):
                continue
            read = decode_names(part)
            if len(read.names) != 1 or read.problems:
                continue
            n = read.names[0].model_dump(by_alias=True, exclude_none=True)
            if "literal" in n or "suffix" in n or not n.get("given") or not n.get("family"):
                continue
            given, family = " ".join(n["given"].split()), " ".join(_family_full(n).split())
            if "{" in given + family or "\\" in given + family:
                continue
            out.add((given, family))
    return out


def score(names: set[tuple[str, str]], split: Split) -> tuple[int, int, int, int]:
    """(right, total, right among multi-word families, multi-word families)."""
    right = multi = multi_right = 0
    for given, family in names:
        got = split(f"{given} {family}")
        ok = " ".join((got.get("given") or "").split()) == given and " ".join(_family_full(got).split()) == family
        right += ok
        if " " in family:
            multi += 1
            multi_right += ok
    return right, len(names), multi_right, multi


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpora/bibtex-real")
    files = sorted(corpus.glob("*.bib"))
    halves: dict[str, set[tuple[str, str]]] = {"tuning": set(), "held-out": set()}
    for i, path in enumerate(files):
        halves["tuning" if i % 2 == 0 else "held-out"] |= truth_names(path)
    print(f"{'half':<10} {'rule':<22} {'names':>7} {'right':>8} {'multi-word families':>21} {'right':>8}")
    for half, names in halves.items():
        for label, split in (("BibTeX First von Last", bibtex_rule), ("citekit person_name", person_name)):
            right, total, mr, multi = score(names, split)
            print(f"{half:<10} {label:<22} {total:>7} {right / total:>8.2%} {multi:>21} {mr / max(multi, 1):>8.2%}")
    for half, names in halves.items():
        fixed, broken = [], []
        for g, f in sorted(names):
            old = _family_full(bibtex_rule(f"{g} {f}")) == f
            new = _family_full(person_name(f"{g} {f}")) == f
            if old != new:
                (fixed if new else broken).append(f"{g} | {f}")
        print(f"{half}: family right now and wrong before: {len(fixed)}; right before and wrong now: {len(broken)}")
        print("   wrong now:", broken)


if __name__ == "__main__":
    main()

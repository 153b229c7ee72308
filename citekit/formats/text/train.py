"""Rebuild the parser model: ``python -m citekit.formats.text.train [--data DIR] [--out DIR]``.

Reads the hand-labelled strings (``corpora.py``: AnyStyle's and GROBID's, in
``tests/data/citation-strings/``), keeps only the training split, adds the repository's own
labelled renderings (``tests/data/citations/corpus-*.jsonl``, citeproc-js and pandoc renderings
of real records, aligned to labels by finding each labelled value in the string), builds the
lexicon from the training strings only, and trains a linear-chain CRF with L1 + L2
regularisation (L1 prunes features to zero weight, which keeps the model small). Deterministic:
the same data give the same model (sorted inputs, L-BFGS, no random draw).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from citekit.formats.text import corpora
from citekit.formats.text.crf import LEXICON_FILE, MODEL_FILE
from citekit.formats.text.features import Lexicon, Token, features, tokenize

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "citation-strings"
RENDERED = ROOT / "tests" / "data" / "citations"
RECORDS = ROOT / "tests" / "data" / "fixtures" / "real"
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 300, "feature.possible_transitions": True, "feature.minfreq": 2}


def token_labels(item: corpora.Labelled, tokens: list[Token]) -> list[str]:
    """Each token's label: the span holding its first character, else ``O``; punctuation at the
    edge of a span is ``O`` too (AnyStyle keeps it inside the field, GROBID outside: one rule)."""
    # (quotes and brackets around a field are edge punctuation as well)
    labels = ["O"] * len(tokens)
    spans = item.spans
    k = 0
    for i, tok in enumerate(tokens):
        while k < len(spans) and spans[k][1] <= tok.start:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.start < spans[k][1]:
            labels[i] = spans[k][2]
    # edge punctuation → O
    i = 0
    n = len(tokens)
    while i < n:
        j = i
        while j + 1 < n and labels[j + 1] == labels[i]:
            j += 1
        if labels[i] != "O":
            a, b = i, j
            while a <= b and not tokens[a].text[:1].isalnum():
                labels[a] = "O"
                a += 1
            while b >= a and not tokens[b].text[-1:].isalnum() and not (labels[b] == "title" and tokens[b].text in "?!"):
                labels[b] = "O"
                b -= 1
        i = j + 1
    return labels


_RENDER_FIELDS = {"title": "title", "journal": "journal", "volume": "volume", "issue": "issue", "pages": "pages", "doi": "doi"}


def rendered_items(folder: Path) -> Iterator[corpora.Labelled]:
    """The repository's own labelled renderings, as labelled strings (values found in the text)."""
    for path in sorted(folder.glob("corpus-*.jsonl")):
        if "heldout" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            item = _align(row["text"], row["expected"], path.name)
            if item is not None:
                yield item


def _align(text: str, exp: dict[str, object], source: str) -> corpora.Labelled | None:
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)

    def claim(value: str, label: str, after: int = 0) -> int | None:
        idx = text.find(value, after)
        while idx >= 0 and any(taken[idx : idx + len(value)]):
            idx = text.find(value, idx + 1)
        if idx < 0 or not value:
            return None
        for j in range(idx, idx + len(value)):
            taken[j] = True
        spans.append((idx, idx + len(value), label))
        return idx + len(value)

    after = 0
    for key in ("doi", "title", "journal"):
        val = exp.get(key)
        if isinstance(val, str) and val:
            # the journal is looked for after the title ("Africa News. Title. Africa News. 2006.")
            end = claim(val, _RENDER_FIELDS[key], after if key == "journal" else 0)
            if end is None:
                return None
            if key == "title":
                after = end
    year = exp.get("year")
    if year is not None:
        m = re.search(rf"\b{year}[a-z]?\b", text)
        if m is None or any(taken[m.start() : m.end()]):
            return None
        claim(m.group(), "date", m.start())
    after_title = next((b for a, b, lab in spans if lab == "journal"), 0)
    for key in ("volume", "issue", "pages"):
        val = exp.get(key)
        if isinstance(val, str) and val:
            end = claim(val, key, after_title)
            if end is None:
                return None
    authors = exp.get("authors")
    if authors:
        first_label = min((a for a, _, _ in spans), default=len(text))
        head = text[:first_label]
        cut = len(head.rstrip(" .,:;("))
        if cut > 0:
            spans.append((0, cut, "author"))
    spans.sort()
    return corpora.Labelled(text, spans, source, "rendered", {"split": "train"})


def sequences(items: Iterable[corpora.Labelled], lexicon: Lexicon) -> Iterator[tuple[list[list[str]], list[str]]]:
    for it in items:
        toks = tokenize(it.text)
        if not toks:
            continue
        yield features(it.text, toks, lexicon), token_labels(it, toks)


def lexicon_from(items: list[corpora.Labelled], records: Path | None = None) -> Lexicon:
    """Word flags from the training strings, plus (``records``) the words of journal titles and
    their abbreviations, publishers, places and given names in recorded Crossref/CSL metadata."""
    pairs = []
    for it in items:
        toks = tokenize(it.text)
        for tok, lab in zip(toks, token_labels(it, toks), strict=True):
            if tok.text[:1].isalpha():
                pairs.append((tok.text, lab))
    lexicon = Lexicon.build(pairs)
    if records is not None and records.is_dir():
        for word, flag in sorted(record_words(records)):
            have = lexicon.table.get(word, "")
            if flag not in have.split():
                lexicon.table[word] = f"{have} {flag}".strip()
    return lexicon


_RECORD_KEYS = {
    "container-title": "x-journal", "short-container-title": "x-journal", "container-title-short": "x-journal",
    "journal-abbreviation": "x-journal", "journal-title": "x-journal", "publisher": "x-publisher", "publisher-location": "x-place",
    "publisher-place": "x-place",
}  # fmt: skip


def record_words(folder: Path) -> set[tuple[str, str]]:
    """``(word, flag)`` from every JSON record under ``folder`` (Crossref works, CSL-JSON)."""
    out: set[tuple[str, str]] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                flag = _RECORD_KEYS.get(key)
                if flag:
                    for v in value if isinstance(value, list) else [value]:
                        if isinstance(v, str):
                            out.update((w.casefold(), flag) for w in re.findall(r"[^\W\d_]{2,}", v))
                elif key in ("author", "editor") and isinstance(value, list):
                    for person in value:
                        if isinstance(person, dict) and isinstance(person.get("given"), str):
                            out.update((w.casefold(), "x-given") for w in re.findall(r"[^\W\d_]{2,}", person["given"]))
                        if isinstance(person, dict) and isinstance(person.get("family"), str):
                            out.update((w.casefold(), "x-family") for w in re.findall(r"[^\W\d_]{2,}", person["family"]))
                else:
                    walk(value)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in sorted(folder.rglob("*.json")):
        try:
            walk(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError):
            continue
    return out


def train(
    items: list[corpora.Labelled],
    model_file: Path,
    lexicon_file: Path,
    params: dict[str, object] | None = None,
    records: Path | None = None,
) -> None:
    """Train on ``items`` (all of them: the caller picks the split) and write the two files."""
    import pycrfsuite

    lexicon = lexicon_from(items, records)
    model_file.parent.mkdir(parents=True, exist_ok=True)
    lexicon.save(lexicon_file)
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences(items, lexicon):
        trainer.append(xseq, yseq)
    trainer.set_params({**PARAMS, **(params or {})})
    tmp = model_file.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(model_file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="the labelled strings (anystyle/, grobid/)")
    ap.add_argument("--rendered", type=Path, default=RENDERED, help="the repository's labelled renderings")
    ap.add_argument("--out", type=Path, default=MODEL_FILE.parent, help="where to write the model")
    ap.add_argument("--iterations", type=int, default=int(str(PARAMS["max_iterations"])))
    args = ap.parse_args(argv)
    if not (args.data / "anystyle").is_dir():
        print(f"error: no labelled strings in {args.data}", file=sys.stderr)
        return 2
    items = list(corpora.training(corpora.load_all(args.data)))
    if args.rendered.is_dir():
        items.extend(rendered_items(args.rendered))
    start = time.perf_counter()
    out = args.out
    train(items, out / MODEL_FILE.name, out / LEXICON_FILE.name, {"max_iterations": args.iterations}, RECORDS)
    size = (out / MODEL_FILE.name).stat().st_size
    print(f"trained on {len(items)} strings in {time.perf_counter() - start:.0f} s; model {size / 1e6:.1f} MB in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
from citekit.formats.text.crf import LEXICON_FILE, MODEL_FILE, date_word
from citekit.formats.text.features import Lexicon, Token, features, tokenize

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "citation-strings"
RENDERED = ROOT / "tests" / "data" / "citations"
RECORDS = ROOT / "tests" / "data" / "fixtures" / "real"
#: chosen on the dev split (``corpora.dev_split``; ``--dev``): minfreq 1 over 2 (AnyStyle 61.7 -> 62.3 %,
#: computer science 78.1 -> 79.7 %), c1/c2 0.5/0.5 over 0.25/0.05, 1.0/0.05, 1.0/0.5 and 2.0/0.2,
#: 200 iterations over 400
PARAMS = {"c1": 0.5, "c2": 0.5, "max_iterations": 200, "feature.possible_transitions": True, "feature.minfreq": 1}


_OPENERS = frozenset("([{“‘«„\"'")
#: unlabelled words that belong to the field before them ("J. Smith (Ed.),"), not the next one
_TRAILING = frozenset(["ed", "eds", "editor", "editors", "hrsg", "hg", "dir", "coord", "trans", "transl"])


def token_labels(item: corpora.Labelled, tokens: list[Token]) -> list[str]:
    """Each token's label: the span holding its first character; then no token is left ``O``
    between two fields, so that the chain always knows which field it is in (a first-order CRF
    forgets the field at every ``O`` token):

    * a run of unlabelled tokens between two tokens of one field is that field (``,`` and ``and``
      between GROBID's separately tagged authors);
    * unlabelled punctuation goes with the field it is glued to: an opening bracket or quote
      with the next field, any other with the field before it (AnyStyle keeps a field's
      punctuation inside it; GROBID outside: one rule);
    * an unlabelled word goes with the next field (``In``, ``pp.``, ``vol.``, as AnyStyle labels
      them), but an editor's ``(Ed.)`` and a word glued to the field before (``40卷``) with that one.

    Only what precedes the first field (and a string without fields) stays ``O``."""
    n = len(tokens)
    labels = ["O"] * n
    spans = item.spans
    k = 0
    for i, tok in enumerate(tokens):
        # (a token is a word with its punctuation: its first letter or digit decides)
        at = tok.start + next((j for j, ch in enumerate(tok.text) if ch.isalnum()), 0)
        while k < len(spans) and spans[k][1] <= at:
            k += 1
        # (a span that starts inside the token's leading punctuation holds it too: "(2010")
        if k < len(spans) and spans[k][0] < tok.end and (spans[k][0] <= at < spans[k][1] or at < spans[k][0]):
            labels[i] = spans[k][2]
    i = 0
    while i < n:
        if labels[i] != "O":
            i += 1
            continue
        j = i
        while j < n and labels[j] == "O":
            j += 1
        before = labels[i - 1] if i > 0 else None
        after = labels[j] if j < n else None
        if before is None:  # before the first field: only punctuation glued to it joins it
            q = j - 1
            while q >= 0 and after is not None and tokens[q].end == tokens[q + 1].start and tokens[q].text in _OPENERS:
                labels[q] = after
                q -= 1
        elif before == after or after is None:
            for q in range(i, j):
                labels[q] = before
        else:
            # the gap splits where the next field's lead-in starts: the first word (not an
            # editor's "Ed.") or an opening bracket glued to what follows
            cut = j
            for q in range(i, j):
                t = tokens[q].text
                if before == "date" and date_word(t.strip(" .,;:()")):
                    continue  # "2023 Jun 24;": a month or day the annotation left out of the date
                trailing = t.casefold() in _TRAILING and before in ("editor", "translator")
                if t[:1].isalnum() and not trailing and tokens[q].start > tokens[q - 1].end:
                    cut = q
                    break
                if t in _OPENERS and q + 1 < n and tokens[q].end == tokens[q + 1].start and tokens[q + 1].text[:1].isalnum():
                    cut = q
                    break
            for q in range(i, j):
                labels[q] = before if q < cut else after
        i = j
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
    ap.add_argument(
        "--dev", action="store_true",
        help="fit on the fit part of corpora.dev_split only (for choosing features; needs --out)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    if args.dev and args.out.resolve() == MODEL_FILE.parent.resolve():
        print("error: --dev writes a model for the dev split: give --out DIR (not the shipped model)", file=sys.stderr)
        return 2
    if not (args.data / "anystyle").is_dir():
        print(f"error: no labelled strings in {args.data}", file=sys.stderr)
        return 2
    items = list(corpora.training(corpora.load_all(args.data)))
    if args.rendered.is_dir():
        items.extend(rendered_items(args.rendered))
    if args.dev:
        items = corpora.dev_split(items)[0]
    start = time.perf_counter()
    out = args.out
    train(items, out / MODEL_FILE.name, out / LEXICON_FILE.name, {"max_iterations": args.iterations}, RECORDS)
    size = (out / MODEL_FILE.name).stat().st_size
    print(f"trained on {len(items)} strings in {time.perf_counter() - start:.0f} s; model {size / 1e6:.1f} MB in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

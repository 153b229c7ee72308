"""The learned reference-string labeller: a linear-chain CRF (python-crfsuite) over tokens.

The model (``model/citations.crfsuite``) and the training-split lexicon (``model/lexicon.json``)
ship inside the package and are loaded once, on first use (:func:`model`). ``train.py`` rebuilds
both. :func:`label` returns the segments of one string: runs of tokens with one label, as
``(label, text, confidence)``, the confidence being the mean marginal probability of the label
over the run's tokens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.formats.text.features import Lexicon, Token, features, tokenize

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = MODEL_DIR / "citations.crfsuite"
LEXICON_FILE = MODEL_DIR / "lexicon.json"
#: more tokens than this and a string is cut for labelling (a citation is rarely over 200)
MAX_TOKENS = 400


@dataclass
class Model:
    """A loaded tagger and its lexicon."""

    tagger: Any
    lexicon: Lexicon
    lock: threading.Lock = field(default_factory=threading.Lock)


_lock = threading.Lock()
_loaded: Model | None = None


def model() -> Model:
    """The shipped model, loaded on first use (thread-safe). Raises ``FileNotFoundError`` if absent."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = load(MODEL_FILE, LEXICON_FILE)
    return _loaded


def load(model_file: Path, lexicon_file: Path) -> Model:
    """A model from files (``train.py`` writes them)."""
    import pycrfsuite

    if not model_file.exists():
        raise FileNotFoundError(f"no parser model at {model_file}; run python -m citekit.formats.text.train")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    return Model(tagger, Lexicon.load(lexicon_file))


@dataclass
class Labelled:
    """The tokens of a string, their labels, and each label's marginal probability."""

    text: str
    tokens: list[Token]
    labels: list[str]
    marginals: list[float]


def tag(text: str, m: Model | None = None) -> Labelled:
    """Label every token of ``text``."""
    m = m or model()
    tokens = tokenize(text)[:MAX_TOKENS]
    if not tokens:
        return Labelled(text, [], [], [])
    feats = features(text, tokens, m.lexicon)
    with m.lock:  # a crfsuite tagger holds the sequence it was given: one caller at a time
        m.tagger.set(feats)
        labels = list(m.tagger.tag())
        # a run's confidence is its least sure token, and that is where the field begins or ends:
        # only those tokens' marginals are read (an unlabelled token's is never used)
        n = len(labels)
        margins = [1.0] * n
        marginal = m.tagger.marginal
        for i, lab in enumerate(labels):
            if lab != "O" and (i == 0 or i == n - 1 or labels[i - 1] != lab or labels[i + 1] != lab):
                margins[i] = marginal(lab, i)
    return Labelled(text, tokens, labels, margins)


def segments(lab: Labelled) -> list[tuple[str, str, float]]:
    """Runs of one label as ``(label, text, confidence)``; unlabelled (``O``) tokens are dropped,
    and two runs of one label separated only by unlabelled punctuation are one run."""
    runs: list[list[Any]] = []  # [label, first token, last token, least marginal]
    labels, toks, margins = lab.labels, lab.tokens, lab.marginals
    for i, label in enumerate(labels):
        if label == "O":
            continue
        if runs and runs[-1][0] == label:
            run = runs[-1]
            if run[2] == i - 1 or (
                i - run[2] <= 3 and all(labels[j] == "O" and not toks[j].text[:1].isalnum() for j in range(run[2] + 1, i))
            ):
                run[2] = i
                run[3] = min(run[3], margins[i])
                continue
        runs.append([label, i, i, margins[i]])
    out = []
    for label, a, b, least in runs:
        text = lab.text[toks[a].start : toks[b].end]
        # a bracket or quote the run opened is closed by the unlabelled token after it: "(TORCH)"
        for opener, closer in (("(", ")"), ("[", "]"), ("“", "”")):
            if opener in text and text.count(opener) > text.count(closer) and b + 1 < len(toks) and toks[b + 1].text == closer:
                b += 1
                text = lab.text[toks[a].start : toks[b].end]
        if label == "date":
            # "2017 Apr", "2023 Jun 24": a month or day left unlabelled after the year
            while b + 1 < len(toks) and labels[b + 1] == "O" and date_word(toks[b + 1].text):
                b += 1
            text = lab.text[toks[a].start : toks[b].end]
        out.append((label, text, least**2))
    return out


def date_word(word: str) -> bool:
    """A month's name or a day's number (punctuation around it ignored)."""
    from citekit.formats.text.normalise import MONTHS

    word = word.strip(" .,;:()[]")
    return word.casefold() in MONTHS or word.isdigit() and 1 <= int(word) <= 31 and len(word) <= 2


def parse(text: str, m: Model | None = None) -> tuple[dict[str, Any], dict[str, float], bool]:
    """CSL fields, their confidences and the ``et al.`` flag of one string, as the model labels it."""
    from citekit.formats.text.normalise import to_csl

    return to_csl(segments(tag(text, m)))

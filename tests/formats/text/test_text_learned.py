"""The learned parser (issue 12): loaders, the held-out split, names, training, the model, floors."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from citekit.formats.text import corpora, crf, parse_citation
from citekit.formats.text.names import split_names
from tests.formats.text import heldout

DATA = heldout.DATA


# ------------------------------------------------------------------ loaders
def test_anystyle_loader_reads_every_sequence_and_keeps_each_field_text() -> None:
    for name in ("core.xml", "bad.xml"):
        raw = (DATA / "anystyle" / name).read_text(encoding="utf-8")
        items = corpora.load_anystyle(DATA / "anystyle" / name)
        assert len(items) == raw.count("<sequence>")
        for it in items[:300]:
            for a, b, lab in it.spans:
                assert lab in corpora.LABELS
                assert 0 <= a < b <= len(it.text) and it.text[a:b] == it.text[a:b].strip()
    # the first sequence of core.xml, read from the file by hand
    first = corpora.load_anystyle(DATA / "anystyle" / "core.xml")[0]
    assert first.segments()[:3] == [("author", "Heidegger M.,"), ("date", "1927,"), ("title", "Être et temps,")]


def test_anystyle_volume_with_issue_is_split() -> None:
    items = corpora.load_anystyle(DATA / "anystyle" / "good.xml")
    both = [it for it in items if any(lab == "issue" for _, _, lab in it.spans)]
    assert len(both) > 100
    for it in both[:50]:
        issue = next(t for lab, t in it.segments() if lab == "issue")
        assert re.match(r"^(?:\(|no|nr|n°|issue)", issue, re.IGNORECASE), issue


def test_grobid_loader_keeps_the_text_between_tags() -> None:
    path = DATA / "grobid" / "citations.xml"
    raw = path.read_text(encoding="utf-8")
    bibls = re.findall(r"<bibl[ >].*?</bibl>", raw, re.DOTALL)
    items = corpora.load_grobid(path)
    assert len(items) == len(bibls)
    # independent of the loader: the string is the element's text with the tags removed
    for bibl, it in list(zip(bibls, items, strict=True))[::50]:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", bibl)).split())
        assert it.text == text
    kitsuregawa = next(it for it in items if it.text.startswith("M. Kitsuregawa"))
    assert kitsuregawa.text.endswith("New Generation Computing, 1(1), 1983.")
    assert ("volume", "1") in kitsuregawa.segments() and ("issue", "1") in kitsuregawa.segments()
    assert ("journal", "New Generation Computing") in kitsuregawa.segments()


# ------------------------------------------------------------------ split
def test_split_is_fixed_and_no_heldout_string_trains() -> None:
    items = heldout.load()
    train = {" ".join(it.text.split()).casefold() for it in corpora.training(items)}
    held = list(corpora.heldout(items))
    assert held and all(" ".join(it.text.split()).casefold() not in train for it in held)
    groups = heldout.heldout_groups()
    assert len(groups["anystyle"]) > 1500 and len(groups["biomedical"]) > 150 and len(groups["grobid-other"]) > 300
    share = len(groups["anystyle"]) / sum(1 for it in items if it.group == "anystyle")
    assert 0.15 < share < 0.25
    again = corpora.load_all(DATA)
    assert [it.meta["split"] for it in again] == [it.meta["split"] for it in items]
    # whole GROBID files are held out (never a part of one), except citations.xml by position
    by_file: dict[str, set[str]] = {}
    for it in items:
        if it.source.startswith("grobid/") and "citations.xml" not in it.source:
            by_file.setdefault(it.source.split("#")[0], set()).add(it.meta["split"])
    assert all(len(s - {"dropped"}) == 1 for s in by_file.values())


def test_dev_split_comes_from_training_only_and_is_reproducible() -> None:
    items = heldout.load()
    fit, dev = corpora.dev_split(items)
    held = {id(it) for it in corpora.heldout(items)}
    assert fit and dev and not any(id(it) in held for it in fit + dev)
    assert not {id(it) for it in fit} & {id(it) for it in dev}
    n_train = sum(1 for _ in corpora.training(items))
    assert abs(len(dev) - n_train / 3) <= 1 and abs(len(fit) - n_train / 3) <= 1
    fit2, dev2 = corpora.dev_split(heldout.load())
    assert [it.source for it in fit2] == [it.source for it in fit]
    assert [it.source for it in dev2] == [it.source for it in dev]


def test_train_dev_never_overwrites_the_shipped_model(capsys: pytest.CaptureFixture[str]) -> None:
    from citekit.formats.text import train

    before = crf.MODEL_FILE.stat().st_mtime
    assert train.main(["--dev"]) == 2
    assert "--out" in capsys.readouterr().err
    assert crf.MODEL_FILE.stat().st_mtime == before


# ------------------------------------------------------------------ names
@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("D. Callahan, S. Carr, and K. Kennedy.", [("Callahan", "D."), ("Carr", "S."), ("Kennedy", "K.")]),
        ("Marc Shapiro and Susan Horwitz.", [("Shapiro", "Marc"), ("Horwitz", "Susan")]),
        ("Cooke, Ebenezer.", [("Cooke", "Ebenezer")]),
        ("Morris VK, Salem ME", [("Morris", "V. K."), ("Salem", "M. E.")]),
        ("Romero, C., Paunesku, D., & Dweck, C.", [("Romero", "C."), ("Paunesku", "D."), ("Dweck", "C.")]),
        ("Spickett-Jones, J. G. & T.-Y. Eng", [("Spickett-Jones", "J. G."), ("Eng", "T.-Y.")]),
        ("Boubakri, Narjess, Ghoul, Sadok El, and Saffar, Walid", [("Boubakri", "Narjess"), ("Ghoul", "Sadok El"), ("Saffar", "Walid")]),
        ("Wu Y, Li X", [("Wu", "Y."), ("Li", "X.")]),
        ("Heidegger M.,", [("Heidegger", "M.")]),
    ],
)
def test_names_in_every_order(segment: str, expected: list[tuple[str, str]]) -> None:
    names = split_names(segment).names
    assert [(n["family"], n.get("given")) for n in names] == expected


def test_particles_and_et_al() -> None:
    result = split_names("Pérez-Higueras JJ, de la Macorra JC, et al.")
    assert result.et_al
    assert result.names[1] == {"non-dropping-particle": "de la", "family": "Macorra", "given": "J. C."}
    assert split_names("A. Cau, and W.-P. de Roever").names[1]["non-dropping-particle"] == "de"


# ------------------------------------------------------------------ tokens and their labels
def test_a_token_is_a_word_with_its_punctuation() -> None:
    from citekit.formats.text.features import tokenize

    text = "Smith J. “A title,” J. Phys. G39, 1979 (2010a); 12(3):100-10. doi:10.1000/x.1 總第221期"
    assert [t.text for t in tokenize(text)] == [
        "Smith", "J.", "“A", "title,”", "J.", "Phys.", "G", "39,", "1979", "(2010a);", "12", "(3):", "100-",
        "10.", "doi:", "10.1000/x.1", "總第", "221期",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))


def test_no_token_is_left_unlabelled_between_two_fields() -> None:
    """GROBID leaves ", and", "pp." and brackets outside its fields: a first-order CRF that sees an
    unlabelled token there forgets which field it was in, so they join a neighbouring field."""
    from citekit.formats.text.features import tokenize
    from citekit.formats.text.train import token_labels

    text = "A. Smith and B. Jones, Title of it, Nature, vol. 5, pp. 1-9 (2001) 2023 Jun 24"
    item = corpora.Labelled(text, [], "test", "test")
    for value, label in (("A. Smith", "author"), ("B. Jones", "author"), ("Title of it", "title"), ("Nature", "journal"),
                         ("5", "volume"), ("1-9", "pages"), ("2001", "date"), ("2023", "date")):  # fmt: skip
        start = text.index(value)
        item.spans.append((start, start + len(value), label))
    tokens = tokenize(text)
    got = dict(zip((t.text for t in tokens), token_labels(item, tokens), strict=False))
    assert "O" not in got.values()
    assert got["and"] == "author" and got["vol."] == "volume" and got["pp."] == "pages" and got["(2001)"] == "date"
    assert got["Jun"] == "date" and got["24"] == "date"  # a month the annotation left out stays with the year


# ------------------------------------------------------------------ the model
def test_model_ships_small_and_loads_fast() -> None:
    assert crf.MODEL_FILE.stat().st_size < 20_000_000
    start = time.perf_counter()
    crf.load(crf.MODEL_FILE, crf.LEXICON_FILE)
    assert time.perf_counter() - start < 0.5


def test_training_code_on_a_tiny_subset(tmp_path: Path) -> None:
    from citekit.formats.text import train

    items = list(corpora.training(heldout.load()))[::200]
    assert 40 < len(items) < 200
    train.train(items, tmp_path / "m.crfsuite", tmp_path / "lex.json", {"max_iterations": 5})
    m = crf.load(tmp_path / "m.crfsuite", tmp_path / "lex.json")
    lab = crf.tag(items[0].text, m)
    assert len(lab.labels) == len(lab.tokens) > 0 and set(lab.labels) <= set(corpora.LABELS)
    assert all(0.0 <= p <= 1.0 for p in lab.marginals)
    # deterministic: the same strings give the same model, byte for byte
    train.train(items, tmp_path / "m2.crfsuite", tmp_path / "lex2.json", {"max_iterations": 5})
    assert (tmp_path / "m.crfsuite").read_bytes() == (tmp_path / "m2.crfsuite").read_bytes()
    assert (tmp_path / "lex.json").read_bytes() == (tmp_path / "lex2.json").read_bytes()


def test_the_examples_of_the_issue() -> None:
    ref = parse_citation("D. Callahan, S. Carr, and K. Kennedy. Improving register allocation for subscripted variables. In Proceedings of the ACM SIGPLAN '90 Conference on Programming Language Design and Implementation, pages 53-65, 1990.").reference
    assert ref is not None and [a.family for a in ref.author or []] == ["Callahan", "Carr", "Kennedy"]
    assert ref.year == 1990
    ref = parse_citation("Altschul SF, Madden TL, Schaffer AA. Gapped BLAST and PSI-BLAST: a new generation of protein database search programs. Nucleic Acids Res (1997) 25:3389-3402").reference
    assert ref is not None and ref.year == 1997 and str(ref.volume) == "25" and ref.page == "3389-3402"
    ref = parse_citation("Hochberg, M. S. Nano Lett. 2010, 10, 1979.").reference
    assert ref is not None and ref.year == 2010


def test_confidence_comes_from_the_model() -> None:
    parsed = parse_citation("Marc Shapiro and Susan Horwitz. Fast and accurate flow-insensitive points-to analysis. In Proceedings of the 24th Annual ACM Symposium on Principles of Programming Languages, January 1997.")
    assert parsed.reference is not None and parsed.style == "learned"
    conf = parsed.reference.get_custom("parse-confidence")
    assert isinstance(conf, dict) and 0.0 < conf["title"] <= 1.0 and "author" in conf


def test_other_scripts_keep_the_string_in_note() -> None:
    for text in ("王小明，李华。深度学习在医学图像中的应用。计算机学报，2019，42（3）：1-10。", "Анчев, Панко. 1976. Литература на изменящия се свят. Литературна мисъл, 20 (2). 154 – 156."):
        parsed = parse_citation(text)
        assert parsed.reference is not None, parsed.error
        assert parsed.reference.note == " ".join(text.split())


# ------------------------------------------------------------------ held-out floors
#: a little under what was measured (README: 65.3 / 91.2 / 70.4 / 78.3 % every field right; first
#: author 93.3 / 100 / 94.9 / 97.5 %, year 98.2 / 99.1 / 97.4 / 95.8 %): they catch a model or
#: normaliser that got worse, not the issue's targets, which are not reached
FLOORS = {"anystyle": 0.64, "biomedical": 0.90, "grobid-other": 0.69, "grobid-cs": 0.77}
FIRST_AUTHOR = {"anystyle": 0.93, "biomedical": 0.98, "grobid-other": 0.94, "grobid-cs": 0.97}
YEAR = {"anystyle": 0.97, "biomedical": 0.97, "grobid-other": 0.96, "grobid-cs": 0.94}


@pytest.mark.parametrize("group", list(FLOORS))
def test_heldout_accuracy_floor(group: str) -> None:
    items = heldout.heldout_groups()[group]
    result = heldout.score(items, lambda t: parse_citation(t).reference)
    share = result["all"] / result["n"]
    assert share >= FLOORS[group], f"{group}: {share:.1%} of {result['n']} strings with every field right"
    first, n = result["per"]["first-author"]
    year, ny = result["per"]["year"]
    assert first / n >= FIRST_AUTHOR[group] and year / ny >= YEAR[group], (first / n, year / ny)


def test_threads_share_the_model_safely() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [it.text for it in heldout.heldout_groups()["biomedical"][:60]]
    alone = [crf.segments(crf.tag(t)) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: crf.segments(crf.tag(t)), texts * 3))
    assert together == alone * 3

"""Field accuracy on the labelled corpus (citeproc-js renderings of real records; hand-labelled variants).

Targets from issue 4: at least 98 % of labelled fields right for AMA and Vancouver, 95 % for APA.
"""

from __future__ import annotations

from typing import Any

import pytest

from citekit.formats.text import parse_citation
from tests.formats.text import corpus

TARGET = {"ama": 0.98, "vancouver": 0.98, "apa": 0.95}


def _parse(text: str) -> Any:
    return parse_citation(text).reference


def test_corpus_is_big_enough_and_labels_come_from_the_print() -> None:
    rows = [row for style in corpus.STYLES for engine in corpus.ENGINES for row in corpus.load(style, engine)]
    assert len(rows) >= 600
    for row in rows:
        exp = row["expected"]
        # a label is what the citation prints: the title and journal must appear in the text
        for field in ("title", "journal"):
            if exp[field]:
                assert exp[field] in row["text"], (row["id"], field)


@pytest.mark.parametrize("engine", corpus.ENGINES)
@pytest.mark.parametrize("style", corpus.STYLES)
def test_field_accuracy(style: str, engine: str) -> None:
    acc, scored, misses = corpus.accuracy(corpus.load(style, engine), _parse)
    assert scored > 500
    shown = "\n".join(f"  {f}: expected {e!r}, got {g!r} in {t[:90]!r}" for t, f, e, g in misses[:10])
    assert acc >= TARGET[style], f"{style} ({engine}): {acc:.2%} of {scored} fields\n{shown}"


@pytest.mark.parametrize("style", corpus.STYLES)
@pytest.mark.parametrize("field", corpus.FIELDS)
def test_each_field_is_mostly_right(style: str, field: str) -> None:
    """No field may hide behind the others' average: each is right at least 95 % of the time."""
    rows = corpus.load(style) + corpus.load(style, "pandoc")
    results = [ok for _, f, _, _, ok in corpus.score(rows, _parse) if f == field]
    if not results:
        pytest.fail(f"no {field} labels in the {style} corpus")
    assert sum(results) / len(results) >= 0.95, f"{style} {field}: {sum(results)}/{len(results)}"


ROWS = corpus.load_handlabelled()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_hand_labelled_variants(row: dict[str, Any]) -> None:
    ref = _parse(row["text"])
    assert ref is not None
    got = corpus.actual(ref)
    exp = row["expected"]
    for field, value in exp.items():
        if field in corpus.FIELDS:
            assert corpus.same(field, value, got[field]), f"{field}: {got[field]!r} != {value!r}"
        elif field == "first_authors":
            assert corpus.same("authors", value, (got["authors"] or [])[: len(value)])
        elif field in ("month", "day"):
            assert getattr(ref.issued, field) == value, field
        elif field == "accessed":
            assert ref.accessed is not None and ref.accessed.date_parts == [value]
        elif field == "pmid":
            assert ref.pmid == value
        elif field == "pmcid":
            assert ref.pmcid == value
        elif field == "URL":
            assert ref.url == value
        else:
            assert getattr(ref, field) == value, field


def test_wild_citations_never_fail_and_stay_above_their_floor() -> None:
    """Publishers' printed citations in any style (Nature, Springer, BMC, Harvard, ABNT ...).

    Not a target of issue 4 (which is AMA, Vancouver, APA): a regression floor, set below the
    measured 84 % (benchmarks/bench_parse.py prints the figure per field).
    """
    rows = corpus.load_wild()
    assert len(rows) >= 500
    results = corpus.wild_accuracy(rows, _parse)
    right = sum(ok for ok, _ in results.values())
    total = sum(n for _, n in results.values())
    assert right / total >= 0.80, results
    assert results["year"][0] / results["year"][1] >= 0.93, results


HELDOUT = corpus.load_heldout()


@pytest.mark.parametrize("family", ["ama", "vancouver", "apa"])
def test_held_out_styles_of_each_family(family: str) -> None:
    """AMA 10th and The Lancet; Elsevier, Springer Vancouver and BMJ; APA 6th and APA without "&".

    First measured (after the parser was written) at 99.5 %, 97.5 % and 94.0 % (APA's figure was mostly a
    labelling error in make_corpus.py); two parser fixes followed (APA "and" before the last
    name, a name-year citation with no author). A floor, not a target.
    """
    rows = [r for r in HELDOUT if r["family"] == family]
    assert len({r["style"] for r in rows}) >= 2
    acc, scored, misses = corpus.accuracy(rows, _parse)
    shown = "\n".join(f"  {f}: expected {e!r}, got {g!r} in {t[:90]!r}" for t, f, e, g in misses[:10])
    assert acc >= 0.95, f"{family}: {acc:.2%} of {scored}\n{shown}"


_VARIABLE = {"authors": "author", "title": "title", "journal": "container-title", "year": "issued",
             "volume": "volume", "issue": "issue", "pages": "page", "doi": "DOI"}


def test_confidence_tells_right_from_wrong() -> None:
    """Over every labelled citation, a value with confidence below 0.9 is wrong far more often."""
    counts = {True: [0, 0], False: [0, 0]}  # high confidence? -> [wrong, total]
    rows = HELDOUT + [row for style in corpus.STYLES for row in corpus.load(style)]
    for row in rows:
        ref = _parse(row["text"])
        if ref is None:
            continue
        conf = ref.get_custom("parse-confidence") or {}
        got = corpus.actual(ref)
        for field in corpus.FIELDS:
            exp = row["expected"].get(field)
            if exp is None or got[field] is None:
                continue
            high = conf.get(_VARIABLE[field], 0.0) >= 0.9
            counts[high][0] += not corpus.same(field, exp, got[field])
            counts[high][1] += 1
    high_err = counts[True][0] / counts[True][1]
    low_err = counts[False][0] / max(1, counts[False][1])
    assert counts[False][1] >= 100, counts
    assert high_err < 0.03 and low_err > 5 * high_err, counts

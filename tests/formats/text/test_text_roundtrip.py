"""Property: any well-formed journal record, written in the compact AMA form, reads back the same.

Records are generated (hypothesis): family names with particles, hyphens and accents, one to
three initials, titles with colons, parentheses, acronyms and a final question mark, journal
abbreviations, and the year;volume(issue):pages block with article numbers and supplements.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.formats.text import TextFormat, format_compact
from citekit.model import Reference

_UPPER = "ABCDEFGHIJKLMNOPRSTVWZ"
_lower = st.text(alphabet="abcdefghijklmnoprstuvwyzéüøñ", min_size=2, max_size=9)
_word = st.builds(lambda a, b: a + b, st.sampled_from(_UPPER), _lower)
_family = st.one_of(
    _word,
    st.builds(lambda a, b: f"{a}-{b}", _word, _word),
    st.builds(lambda a, b: f"O'{b}", _word, _word),
)
_particle = st.sampled_from([None, None, None, "van", "de", "van der", "da"])
_initials = st.text(alphabet=_UPPER, min_size=1, max_size=3)
_suffix = st.sampled_from([None, None, None, None, "Jr", "III"])


@st.composite
def _person(draw: st.DrawFn) -> dict[str, str]:
    name = {"family": draw(_family), "given": ". ".join(draw(_initials)) + "."}
    particle = draw(_particle)
    if particle:
        name["non-dropping-particle"] = particle
    suffix = draw(_suffix)
    if suffix:
        name["suffix"] = suffix
    return name


_title_word = st.one_of(_lower, _word, st.sampled_from(["PD-1", "NCI9673", "(TORCH)", "phase", "II", "of", "the", "in"]))


@st.composite
def _title(draw: st.DrawFn) -> str:
    words = draw(st.lists(_title_word, min_size=2, max_size=14))
    text = " ".join(words)
    if draw(st.booleans()):
        text += ": " + " ".join(draw(st.lists(_title_word, min_size=1, max_size=6)))
    if draw(st.booleans()):
        text += " (" + draw(_word).upper() + "-" + str(draw(st.integers(1, 999))) + ")"
    text = text[0].upper() + text[1:]
    return text + ("?" if draw(st.booleans()) and not text.endswith(")") else "")


@st.composite
def _record(draw: st.DrawFn) -> dict[str, object]:
    first = draw(st.integers(1, 9000))
    page = draw(
        st.one_of(
            st.just(f"{first}-{first + draw(st.integers(1, 40))}"),
            st.just(f"e{draw(st.integers(10000, 9999999))}"),
            st.just(f"S{first}"),
            st.just(str(first)),
        )
    )
    item: dict[str, object] = {
        "id": "x",
        "type": "article-journal",
        "author": draw(st.lists(_person(), min_size=1, max_size=6)),
        "title": draw(_title()),
        "container-title": " ".join(draw(st.lists(_word, min_size=1, max_size=4))),
        "issued": {"date-parts": [[draw(st.integers(1900, 2030))]]},
        "volume": str(draw(st.integers(1, 400))),
        "page": page,
    }
    issue = draw(st.one_of(st.none(), st.integers(1, 12).map(str), st.just("Suppl 2")))
    if issue:
        item["issue"] = issue
    return item


@settings(max_examples=300, deadline=None)
@given(_record())
def test_compact_form_reads_back(item: dict[str, object]) -> None:
    ref = Reference.from_csl(item)
    line = format_compact(ref)
    back = TextFormat().loads(line)
    assert back.ok, (line, back.failed)
    got = back.items[0]
    assert got.title == ref.title, line
    assert got.container_title == ref.container_title, line
    assert (got.year, got.volume, got.issue, got.page) == (ref.year, ref.volume, ref.issue, ref.page), line
    want = [(n.non_dropping_particle, n.family, n.given, n.suffix) for n in ref.author or []]
    have = [(n.non_dropping_particle, n.family, n.given, n.suffix) for n in got.author or []]
    assert have == want, line

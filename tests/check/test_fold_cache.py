"""``fold`` is cached and takes a fast path for ASCII: it must answer as the plain definition does."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.check import normalise
from citekit.check.normalise import fold


def plain_fold(text: str | None) -> str:
    """The definition, step by step, with no shortcut (the implementation before the cache)."""
    if not text:
        return ""
    text = re.sub(r"<[^>]+>", "", html.unescape(html.unescape(str(text))))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("ß", "ss")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


SAMPLES = ["André, Curigliano — &amp; <i>in vivo</i>", "Straße", "STRASSE", "ẞ", "&lt;sup&gt;13&lt;/sup&gt;C",
           "J. Clin. Oncol.", "Proc. Natl. Acad. Sci. U.S.A.", "Ørsted Ærø", "ﬁnal ﬂow", "Ⅻ", "İstanbul",
           "naïve café", "snake_case-name", "&amp;amp; R&D", "<sc>Tumour</sc> &#x3b1;-helix", "", "  ", "x\u0301"]


def test_fold_agrees_with_the_definition_on_samples() -> None:
    for text in SAMPLES:
        assert fold(text) == plain_fold(text), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZß&;<>/ #x3b1éÉ\u0301ﬁ_-.İ ǅ0ẞ\t"), max_size=30) | st.text(max_size=30))
def test_fold_agrees_with_the_definition(text: str) -> None:
    assert fold(text) == plain_fold(text)


def test_fold_is_cached() -> None:
    normalise._fold.cache_clear()
    fold("Journal of Clinical Oncology")
    fold("Journal of Clinical Oncology")
    info = normalise._fold.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert info.maxsize == normalise.FOLD_CACHE

"""Which nocase spans a sentence-cased title keeps (split from :mod:`.latex` for size).

The reader turns every protective brace group of an English title into a ``<span
class="nocase">`` before sentence case; afterwards a span goes when the writer would put its
braces back by itself, or when a style's title case could not change its words anyway.
"""

from __future__ import annotations

from citekit.formats.bibtex.latex import _NOCASE_TAG, _drop_redundant_groups, _unwrapped
from citekit.formats.bibtex.richtext import Span, parse_rich, render_rich


def _plain_start(spans: list[Span], target: Span) -> int:
    """The plain-text offset where ``target`` starts among ``spans`` (-1 when it is not there)."""
    offset = 0
    stack = list(reversed(spans))
    while stack:
        s = stack.pop()
        if s is target:
            return offset
        if s.tag is None:
            offset += len(s.text)
        else:
            stack.extend(reversed(s.children))
    return -1


def drop_redundant_nocase(text: str) -> str:
    """A sentence-cased title (CSL rich text) without the nocase spans the writer would put back
    by itself (``The <span class="nocase">Title</span>`` → ``The Title``, written ``The {Title}``)."""
    if _NOCASE_TAG not in text:
        return text
    spans = parse_rich(text)
    groups: list[Span] = []

    def collect(items: list[Span]) -> None:
        for s in items:
            if s.tag == "nocase":
                groups.append(s)
            elif s.tag is not None:
                collect(s.children)

    collect(spans)
    _drop_redundant_groups(spans, groups, sentence_cased=True)
    # what is left protects a word from a style's text case; in CSL only title case matters
    # (capitalising first letters of words), so a group it could not change goes too: inside a
    # word ({\"u} in "M{\"u}ller") or not starting with a lowercase ASCII letter ({\TeX}, {\ss};
    # citeproc's title case leaves a non-ASCII word alone). The plain text stays the same, and the
    # writer braces again whatever the sentence-casing reader needs.
    plain = render_rich(spans, rich=False)
    groups.clear()
    collect(spans)
    loose = frozenset(id(g) for g in groups if _title_case_proof(g, _plain_start(spans, g), plain))
    return render_rich(_unwrapped(spans, loose)) if loose else render_rich(spans)


def _title_case_proof(group: Span, at: int, plain: str) -> bool:
    """True when title case could change no word of the group (``{The old man}`` it could)."""
    for k, word in enumerate(group.plain().split()):
        if k == 0 and at > 0 and plain[at - 1].isalnum():
            continue  # the group starts inside a word
        first = word[:1]
        if first.isascii() and first.islower():
            return False
    return True



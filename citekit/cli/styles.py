"""``citekit styles [WORDS] [--independent] [--to table|json] [-o FILE]``: list or search the CSL styles.

A style matches when every word given appears in its name or its title (``"Modern Language"``
finds ``modern-language-association``, whose title is "MLA Handbook"). :func:`load_style` is how
``format`` and ``convert`` load a style: a misspelt name gets the closest names as suggestions,
searched among the names, the titles and the names' initials (``amaa`` → ``ama`` →
``american-medical-association``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from citekit.cli.common import chosen_format, detail, die, emit, output_option, to_option, verbosity_options, warn

if TYPE_CHECKING:
    from citekit.csl.repository import StyleEntry
    from citekit.csl.style import Style

#: words left out of a style name's initials ("journal-of-the-..." → "j...")
_SMALL = {"of", "the", "and", "for", "de", "la", "le", "des", "du", "der", "und", "et", "in", "on", "a"}
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def search(word: str | None, *, dependent: bool = True) -> list[StyleEntry]:
    """Styles whose name or title has, for every word of ``word``, a word starting with it (all styles
    without ``word``), sorted by name: ``mla`` finds "MLA Handbook", not "Programlar"."""
    from citekit.csl.repository import list_styles

    everything = list_styles(None, dependent=dependent)
    wanted = _words(word or "")
    if not wanted:
        return everything
    out = []
    for entry in everything:
        hay = _words(f"{entry.name} {entry.title}")
        if all(any(h.startswith(w) for h in hay) for w in wanted):
            out.append(entry)
    return out


def initials(name: str) -> str:
    """``american-medical-association`` → ``ama`` (small words such as "of" left out)."""
    parts = [p for p in name.split("-") if p and p not in _SMALL]
    return "".join(p[0] for p in parts) if len(parts) > 1 else ""


def suggest(name: str, n: int = 3) -> list[str]:
    """The style names closest to a misspelt ``name``, best first.

    Compared with every style's name, title and initials (difflib ratio >= 0.6), and with the
    old names of the renamed-styles table (which still load: ``vancover`` → ``vancouver``); a name that starts with ``name`` (``chicago`` → ``chicago-...``) or that
    ``name`` starts with (``nature-journal`` → ``nature``) counts too. A variant's score goes to its
    family's head as well (``american-medical-association-alphabetical`` →
    ``american-medical-association``), and on equal scores independent and shorter names come first.
    """
    import difflib

    from citekit.csl.repository import list_styles, renamed_styles

    query = name.strip().lower().removesuffix(".csl")
    keys: dict[str, set[str]] = {}
    dependent: dict[str, bool] = {}
    for entry in list_styles(None, dependent=True):
        dependent[entry.name] = entry.dependent
        for key in (entry.name, entry.title.lower(), initials(entry.name)):
            if key:
                keys.setdefault(key, set()).add(entry.name)
    for old, new in renamed_styles().items():  # an old name still works: suggest it as typed
        keys.setdefault(old, set()).add(old)
        dependent.setdefault(old, dependent.get(new, True))
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query)
    scored: dict[str, float] = {}

    def score(style: str, value: float) -> None:
        scored[style] = max(value, scored.get(style, 0.0))

    for key, names in keys.items():
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and (value := matcher.ratio()) >= 0.6:
            for style in names:
                score(style, value)
    for style in dependent:
        if style.startswith(query + "-") or query.startswith(style + "-"):
            score(style, 0.9)
    for style, value in list(scored.items()):  # the family's head: the longest existing name it extends
        parts = style.split("-")
        for cut in range(len(parts) - 1, 0, -1):
            head = "-".join(parts[:cut])
            if head in dependent and not dependent[head]:
                score(head, value)
                break
    ranked = sorted(scored, key=lambda s: (-scored[s], dependent.get(s, False), len(s), s))
    return ranked[:n]


def load_style(name: str) -> Style:
    """:meth:`Style.load`, exiting 2 with the closest style names when ``name`` is not a style."""
    from citekit.csl.style import Style
    from citekit.errors import StyleError

    try:
        csl = Style.load(name)
    except StyleError as exc:
        looks_like_path = name.endswith(".csl") or "/" in name or name.lstrip().startswith("<")
        found = [] if looks_like_path else suggest(name)
        hint = f"; did you mean {' or '.join(found)}?" if found else ""
        die(f"{exc}{hint}")
    detail(f"style {name}: {csl.info.title or '(untitled)'}")
    return csl


@click.command("styles")
@click.argument("words", nargs=-1, metavar="[WORDS]...")
@click.option("--independent", is_flag=True, help="Only independent styles (those with their own layout).")
@to_option(["table", "json"], "table", "Output format.", deprecated=["--format"])
@output_option()
@verbosity_options
def styles(words: tuple[str, ...], independent: bool, to_fmt: str | None, output: str | None) -> None:
    """List the styles whose name or title holds every one of WORDS (all styles without WORDS)."""
    import json

    from citekit.errors import CitekitError

    fmt = chosen_format(to_fmt, "table")
    word = " ".join(words) or None
    try:
        found = search(word, dependent=not independent)
    except CitekitError as exc:
        die(str(exc))
    if fmt == "json":
        rows = [{"name": e.name, "title": e.title, "dependent": e.dependent} for e in found]
        emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", output)
    else:
        width = max((len(e.name) for e in found), default=4)
        emit("".join(f"{e.name:<{width}}  {e.title}{'  (dependent)' if e.dependent else ''}\n" for e in found), output)
    if not found and word:
        close = suggest(word)
        warn(f"no style matches {word!r}" + (f"; did you mean {' or '.join(close)}?" if close else ""))
    warn(f"{len(found)} style{'s' if len(found) != 1 else ''}")

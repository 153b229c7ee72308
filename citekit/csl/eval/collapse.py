"""Cite grouping and collapsing in a citation (CSL 1.0.2 "Citation-specific options").

- ``collapse="citation-number"``: runs of three or more consecutive numbers become ``first–last``.
- ``collapse="year"``: cites by the same names are grouped; later ones drop the names
  (``Doe 2000, 2001``), joined by ``cite-group-delimiter``.
- ``collapse="year-suffix"`` / ``"year-suffix-ranged"``: within a group, the same year shows only
  the suffix (``2000a, b`` / ``2000a–c``).
Groups are joined by ``after-collapse-delimiter`` (default: the layout delimiter).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citekit.csl.output.tree import Out


@dataclass(slots=True)
class RenderedCite:
    """One cite's output with what collapsing needs to know about it."""

    out: Out
    number: int | None = None
    names_key: str | None = None
    year_key: str | None = None
    plain_affixes: bool = True  # no prefix, suffix or locator: may be collapsed into a range
    suffix_only: Out | None = None  # the year-suffix alone (year-suffix collapsing)
    without_names: Out | None = None
    delimiter_after: str | None = field(default=None)
    letter: str | None = None  # the year-suffix letter(s), for ranges
    prefix: str = ""
    suffix: str = ""


def collapse_numbers(cites: list[RenderedCite], delimiter: str, after: str) -> list[Out | str]:
    """Consecutive citation numbers (three or more) as ranges with an en dash."""
    out: list[Out | str] = []
    i = 0
    while i < len(cites):
        j = i
        while (j + 1 < len(cites) and cites[j].number is not None and cites[j + 1].number == (cites[j].number or 0) + 1
               and cites[j].plain_affixes and cites[j + 1].plain_affixes):
            j += 1
        if out:
            out.append(delimiter if not out or not isinstance(out[-1], Out) or out[-1].kind != "range" else after)
        if j - i >= 2:
            out.append(Out([cites[i].out, "–", cites[j].out], kind="range"))
        elif j - i == 1:
            out.append(Out([cites[i].out, delimiter, cites[j].out]))
        else:
            out.append(cites[i].out)
        i = j + 1
    return out


def group_by_names(cites: list[RenderedCite], gather: bool = False) -> list[list[RenderedCite]]:
    """Cites with the same names: runs of adjacent ones, or (``gather``, for a sorted citation)
    all of them where the first stands (fixtures name_CiteGroupDelimiterWithYearSuffixCollapse2,
    sort_GroupedByAuthorstring)."""
    groups: list[list[RenderedCite]] = []
    index: dict[str, int] = {}
    for c in cites:
        key = c.names_key
        if gather and key is not None and key in index:
            groups[index[key]].append(c)
        elif not gather and groups and groups[-1][-1].names_key == key and (key is not None or _bare_years(groups[-1][-1], c)):
            groups[-1].append(c)
        else:
            if key is not None:
                index[key] = len(groups)
            groups.append([c])
    return groups


def _bare_years(a: RenderedCite, b: RenderedCite) -> bool:
    """Two cites without names that are bare years with suffixes (``1965a``, ``1965b``) collapse
    like cites with the same names: citeproc-js groups by the names' text, empty here (fixture
    magic_ImplicitYearSuffixExplicitDelimiter)."""
    return a.letter is not None and b.letter is not None and a.year_key is not None and a.year_key == b.year_key


def _letter_index(letter: str | None) -> int:
    value = 0
    for ch in letter or "":
        value = value * 26 + (ord(ch) - ord("a") + 1)
    return value


def _year_runs(group: list[RenderedCite]) -> list[list[RenderedCite]]:
    """Consecutive cites of one names group that share a year."""
    runs: list[list[RenderedCite]] = []
    for c in group:
        if runs and runs[-1][0].year_key == c.year_key and c.year_key is not None:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _suffix_chains(run: list[RenderedCite], ranged: bool) -> list[list[RenderedCite]]:
    chains: list[list[RenderedCite]] = []
    for c in run:
        if (ranged and chains and _letter_index(c.letter) == _letter_index(chains[-1][-1].letter) + 1):
            chains[-1].append(c)
        else:
            chains.append([c])
    return chains


def collapse_years(groups: list[list[RenderedCite]], mode: str, delimiter: str, group_delimiter: str,
                   after: str, suffix_delimiter: str = ", ", explicit_after: bool = False) -> list[Out | str]:
    """Render grouped cites: names once per group, then years (and year-suffixes).
    ``explicit_after``: the style sets after-collapse-delimiter itself."""
    out: list[Out | str] = []
    prev_collapsed = False
    for group in groups:
        if out:
            out.append(after if prev_collapsed else delimiter)
        if len(group) == 1:
            out.append(group[0].out)
            prev_collapsed = False
            continue
        parts: list[Out | str] = []
        first = True
        prev: RenderedCite | None = None
        run_collapsed = False
        for run in _year_runs(group):
            suffixable = (mode.startswith("year-suffix") and len(run) > 1
                          and all(c.suffix_only is not None and c.plain_affixes for c in run))
            if not suffixable:
                for c in run:
                    # plain cite grouping (cite-group-delimiter without collapse) keeps the names
                    body = c.out if first or mode == "group" else (
                        c.without_names if c.without_names is not None else c.out)
                    if body.is_empty():
                        continue
                    if not first:
                        # after a cite with a locator, prefix or suffix, a style's own
                        # after-collapse-delimiter ends the group for another year
                        # (collapse_ChicagoAfterCollapse: "1999, 328; 2000"); otherwise the
                        # group goes on (citeproc-js: "1995a, n. 5, 1995b", "2001a, pts. 1–4, 2012")
                        ended = explicit_after and prev is not None and not prev.plain_affixes \
                            and prev.year_key != c.year_key
                        parts.append(after if ended or run_collapsed else group_delimiter)
                    parts.append(body)
                    first = False
                    prev = c
                    run_collapsed = False
                continue
            chains = _suffix_chains(run, mode == "year-suffix-ranged")
            for k, chain in enumerate(chains):
                head = chain[0]
                if k == 0:
                    if not first:
                        parts.append(after if run_collapsed else group_delimiter)
                    parts.append(head.out if first else (head.without_names or head.out))
                else:
                    parts += [suffix_delimiter, head.suffix_only or ""]
                first = False
                if len(chain) >= 3:
                    parts += ["–", chain[-1].suffix_only or ""]
                else:
                    for c in chain[1:]:
                        parts += [suffix_delimiter, c.suffix_only or ""]
            run_collapsed = True
        out.append(Out(parts))
        prev_collapsed = True
    return out

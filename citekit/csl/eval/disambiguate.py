"""Disambiguation of cites (CSL 1.0.2 "Disambiguation").

Cites are grouped by their "ambiguity key" (the cite's plain text at position first, without
locator). Only groups with more than one item are worked on, re-rendering only their members,
so the cost is linear in the number of items plus the size of the ambiguous groups (no
all-pairs re-rendering; APA at 10,000 items costs the same per item as at 1,000). Within a group,
items that stay identical when fully expanded form a class; expansions are chosen to tell the
classes apart and every member takes its class's (fixture disambiguate_AndreaEg2). Steps, in the
spec's order, items leaving as soon as their key is unique:

1. ``disambiguate-add-names``: one more name at a time (``Disamb.add_names``);
2. ``disambiguate-add-givenname``: ``by-cite`` expands one name position at a time, initials then
   full, keeping only expansions that help (``Disamb.given_levels``); the other rules expand all
   names (or the first, ``primary-name*``), at most to initials under ``*-with-initials``, and
   also run a document-wide pass over names sharing a family name (:func:`global_name_levels`);
3. the ``disambiguate="true"`` condition (``Disamb.condition``);
4. ``disambiguate-add-year-suffix``: suffixes a, b, ... in bibliography order.

Expansions that told nothing apart are undone. Cited one by one (``Processor.cite``), items
go through an :class:`AmbiguityIndex`: only the groups a new item joins (or, under the
document-wide given-name rules, whose names change level) are redone. Names added here also show
in the bibliography when they exceed its et-al-use-first (citeproc-js; eval/names.py).

Still to do (issue 7): keys built from the subsequent form (et-al-subsequent-*), and
citeproc-js's own order of work (one shared, forward-only configuration per ambiguous list,
items registered as they fall out of it), which decides MLA's added names differently from ours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from citekit.csl.eval.context import Disamb


def suffix_letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab (citeproc-js numbering)."""
    out = ""
    index += 1
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def year_suffixes(ids: Sequence[str], key: Callable[[str], str], order: Sequence[str]) -> dict[str, str]:
    """Suffixes for items whose cites render alike: ``key`` gives each id its ambiguity key,
    ``order`` is the bibliography order in which letters are handed out."""
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(key(i), []).append(i)
    position = {i: k for k, i in enumerate(order)}
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: position.get(i, len(position)))
        for k, i in enumerate(members):
            out[i] = suffix_letters(k)
    return out


def _clashing(ids: list[str], key: Callable[[str], str]) -> tuple[list[str], dict[str, str]]:
    keys = {i: key(i) for i in ids}
    counts: dict[str, int] = {}
    for k in keys.values():
        counts[k] = counts.get(k, 0) + 1
    return [i for i in ids if counts[keys[i]] > 1], keys


class AmbiguityIndex:
    """The cited items grouped by their base ambiguity key (the cite with no disambiguation), kept
    as items are cited, so a new item costs one rendering plus the work on the group it joins."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}

    def add(self, ids: Sequence[str], key: Callable[[str], str], states: dict[str, Disamb]) -> list[str]:
        """Index ``ids`` (rendered with a fresh state; an id already indexed is moved); returns the
        members of every group they joined or left: the items whose disambiguation is redone."""
        touched: dict[str, None] = {}
        for i in ids:
            old = self.keys.get(i)
            if old is not None:
                # re-indexed (its base cite changed): the group it leaves is redone too
                self.groups[old].remove(i)
                touched[old] = None
            states[i] = Disamb()
            k = key(i)
            self.keys[i] = k
            self.groups.setdefault(k, []).append(i)
            touched[k] = None
        return [i for k in touched for i in self.groups[k]]


def disambiguate(ids: Sequence[str], key: Callable[[str], str], states: dict[str, Disamb], options: dict[str, str],
                 max_names: Callable[[str], int], order: Sequence[str],
                 base_keys: dict[str, str] | None = None) -> dict[str, str]:
    """Run the steps on every ambiguous group; returns the year-suffixes (id → letters).

    ``key`` renders an item's cite with its current ``states[id]``; ``max_names`` is the largest
    name list of the item (how far add-names can go); ``base_keys``, when known, are the keys
    with fresh states (an :class:`AmbiguityIndex`'s), sparing one rendering per item.
    """
    add_names = options.get("disambiguate-add-names") == "true"
    add_given = options.get("disambiguate-add-givenname") == "true"
    add_suffix = options.get("disambiguate-add-year-suffix") == "true"
    rule = options.get("givenname-disambiguation-rule", "by-cite")
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(base_keys[i] if base_keys is not None and i in base_keys else key(i), []).append(i)
    leftovers: list[str] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        # Items that stay identical when fully expanded form one class: expansions are chosen to
        # tell the classes apart, and each class member gets its representative's (AndreaEg2)
        classes = (_classes(group, key, states, rule if add_given else "none", max_names)
                   if (add_names or add_given) else [[i] for i in group])
        reps = [members[0] for members in classes]
        pending = list(reps) if len(reps) > 1 else []
        if pending and add_names:
            pending = _add_names(pending, key, states, max_names)
        if pending and add_given:
            resolved_before = set(pending)
            if rule == "by-cite":
                pending = _add_given_by_cite(pending, key, states, max_names)
            else:
                pending = _add_given(pending, key, states, rule)
            if add_names:
                _fewest_names([i for i in resolved_before if i not in pending], key, states)
        for i in pending:
            # expansions that told nothing apart go back to the base form (AddNamesFailure)
            states[i].add_names = 0
            states[i].givenname_level = 0
            states[i].given_levels.clear()
        for members in classes:
            for other in members[1:]:
                states[other].add_names = states[members[0]].add_names
                states[other].givenname_level = states[members[0]].givenname_level
                states[other].primary_only = states[members[0]].primary_only
                states[other].given_levels = dict(states[members[0]].given_levels)
        ambiguous, _ = _clashing(group, key)
        if ambiguous:
            for i in ambiguous:
                states[i].condition = True
            ambiguous, _ = _clashing(ambiguous, key)
        leftovers.extend(ambiguous)
    if not add_suffix:
        return {}
    return year_suffixes(leftovers, key, order)


def _classes(group: list[str], key: Callable[[str], str], states: dict[str, Disamb], rule: str,
             max_names: Callable[[str], int]) -> list[list[str]]:
    """The group split by the fully expanded cite (all names; full given names unless ``rule`` is
    "none", i.e. add-givenname is off)."""
    full = 0 if rule == "none" else 1 if rule.endswith("with-initials") else 2
    for i in group:
        states[i].add_names = max_names(i)
        states[i].givenname_level = full
        states[i].primary_only = rule.startswith("primary-name")
    classes: dict[str, list[str]] = {}
    for i in group:
        classes.setdefault(key(i), []).append(i)
    for i in group:
        states[i].add_names = 0
        states[i].givenname_level = 0
    return list(classes.values())


def _add_names(pending: list[str], key: Callable[[str], str], states: dict[str, Disamb],
               max_names: Callable[[str], int]) -> list[str]:
    """Add names one at a time; items leave as soon as they are unique. Items still ambiguous keep
    every name (given names may yet tell them apart)."""
    limit = max(max_names(i) for i in pending)
    for step in range(1, limit + 1):
        for i in pending:
            states[i].add_names = step
        pending, _ = _clashing(pending, key)
        if not pending:
            break
    return pending


def _fewest_names(resolved: list[str], key: Callable[[str], str], states: dict[str, Disamb]) -> None:
    """After given names resolved a group, show no more names than needed."""
    if not resolved:
        return
    while all(states[i].add_names > 0 for i in resolved):
        for i in resolved:
            states[i].add_names -= 1
        still, _ = _clashing(resolved, key)
        if still:
            for i in resolved:
                states[i].add_names += 1
            return


def _add_given_by_cite(pending: list[str], key: Callable[[str], str], states: dict[str, Disamb],
                       max_names: Callable[[str], int]) -> list[str]:
    """``by-cite``: expand one name position at a time, initials then full, keeping an expansion
    only if it told some cite apart (ByCiteMinimalGivennameExpandMinimalNames: "A. Asthma, Brandon
    Bronchitis")."""
    limit = max(max_names(i) for i in pending)
    for pos in range(limit):
        for level in (1, 2):
            before = {i: states[i].given_levels.get(pos, 0) for i in pending}
            for i in pending:
                states[i].given_levels[pos] = level
            still, _ = _clashing(pending, key)
            if len(still) == len(pending):
                for i in pending:  # no help: undo
                    states[i].given_levels[pos] = before[i]
                    if not before[i]:
                        del states[i].given_levels[pos]
            pending = still
            if not pending:
                return pending
    for i in pending:
        states[i].given_levels.clear()
    return pending


def _add_given(pending: list[str], key: Callable[[str], str], states: dict[str, Disamb], rule: str) -> list[str]:
    levels = (1,) if rule.endswith("with-initials") else (1, 2)
    primary = rule.startswith("primary-name")
    for level in levels:
        for i in pending:
            states[i].givenname_level = level
            states[i].primary_only = primary
        pending, _ = _clashing(pending, key)
        if not pending:
            break
    return pending


def global_name_levels(names: list[tuple[str, str, str]], rule: str) -> dict[tuple[str, str], int]:
    """The ``all-names`` / ``primary-name`` rules also expand names that are ambiguous anywhere in
    the document, not only in ambiguous cites: persons sharing a family name get initials, or full
    given names when initials clash too (fixtures disambiguate_AllNames*, disambiguate_PrimaryName*).
    ``names`` are (family, given, particle) as cited; the result maps (family, given) to a level."""
    if rule == "by-cite":
        return {}
    # (particle, family) -> person (given without spaces and periods) -> spellings of the given name
    by_family: dict[tuple[str, str], dict[str, list[str]]] = {}
    for family, given, particle in names:
        add_person(by_family, family, given, particle)
    levels: dict[tuple[str, str], int] = {}
    for (_, family), persons in by_family.items():
        levels.update(family_levels(family, persons, rule))
    return levels


def add_person(by_family: dict[tuple[str, str], dict[str, list[str]]], family: str, given: str,
               particle: str) -> tuple[str, str]:
    """Record one cited name in ``by_family`` ((particle, family) → person → spellings of the
    given name); returns its family key."""
    # "dos Santos" is not "Santos"; "J. J." and "J.J." are one person (DifferentSpacingInInitials)
    person = given.replace(".", "").replace(" ", "")
    by_family.setdefault((particle, family), {}).setdefault(person, []).append(given)
    return (particle, family)


def family_levels(family: str, persons: dict[str, list[str]], rule: str) -> dict[tuple[str, str], int]:
    """The levels of one family name's persons (see :func:`global_name_levels`)."""
    levels: dict[tuple[str, str], int] = {}
    if len(persons) < 2:
        return levels
    with_initials = rule.endswith("with-initials")
    initials = {p: "".join(w[:1] for w in spellings[0].replace("-", " ").replace(".", " ").split())
                for p, spellings in persons.items()}
    for p, spellings in persons.items():
        clash = sum(1 for other in persons if initials[other] == initials[p]) > 1
        if clash and with_initials:
            continue  # initials cannot tell them apart: the name stays as it is (ToInitialOnly)
        for g in spellings:
            levels[(family, g)] = 2 if clash else 1
    return levels

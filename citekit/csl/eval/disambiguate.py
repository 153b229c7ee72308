"""Disambiguation of cites (CSL 1.0.2 "Disambiguation"), as citeproc-js does it.

citeproc-js is the reference processor, and the test-suite and the differential tests hold
us to its output byte for byte, so this is a port of its method (``CSL.Disambiguation``),
kept close to the original so the two can be read side by side:

* Every cited item has a :class:`~citekit.csl.eval.context.Disamb` (citeproc-js's AmbigConfig):
  names shown per name list, given-name level per name, the ``disambiguate`` condition count,
  the year-suffix. Items are grouped by their *ambiguity key*: the cite's plain text in the
  subsequent form (position subsequent, near-note), rendered with a fresh config.
* Each group of two or more is worked on as a run (:meth:`Disambiguator.run`): one
  forward-only config (``base``) is pushed a step at a time — a given name expanded
  (initials, then full, for ``by-cite``), a name added, the next name list — and every member's
  cite is re-rendered with it (the rendering clamps ``base``'s counts to the item at hand: the
  "cold dark matter" of citeproc-js). Steps that tell more cites apart are copied to
  ``betterbase``; items that became unique are registered with it and leave; the rest goes on,
  split into sub-lists. After the names, the year-suffix (letters in bibliography order) or the
  ``disambiguate="true"`` condition (raised one condition at a time).
* Members are worked in the order citeproc-js sorts them: by their name-list lengths compared
  *as strings* ("12" before "3"), then by id — which decides who gets the added names.

Only groups a new item joins are run again, so citing item by item stays linear in the number
of items plus the size of the ambiguous groups (no all-pairs re-rendering). The document-wide
given-name rules (``all-names``, ``primary-name``) keep a registry of the persons cited under
each family name (:func:`add_person`, :func:`family_levels`): persons sharing a family name get
initials, or full given names when initials clash too, anywhere in the document (fixtures
disambiguate_AllNames*, disambiguate_PrimaryName*).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from citekit.csl.eval.context import Disamb

#: renders item ``id``'s ambiguity cite with ``config`` (mutated by the rendering, as citeproc-js
#: does); ``request``: whether the config's counts drive it. Returns (plain text, name-list
#: lengths, disambiguate conditions met, disambiguate conditions evaluated).
Probe = Callable[[str, Disamb, bool], tuple[str, list[int], int, int]]

#: runs stop after this many steps (citeproc-js has none; a guard against a loop that never ends)
_MAX_STEPS = 100_000


def suffix_letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab (citeproc-js numbering)."""
    out = ""
    index += 1
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _js_key(lengths: list[int]) -> str:
    """A JavaScript array compared with ``>``: its string form ("12,3")."""
    return ",".join(str(x) for x in lengths)


class Disambiguator:
    """citeproc-js's registry of ambiguity (``registry.registry[id].disambig``, ``ambigcites``)
    and its ``CSL.Disambiguation`` runs. ``probe`` renders cites; ``bib_sort`` puts ids in
    bibliography order (year-suffix letters follow it)."""

    def __init__(self, options: dict[str, str], probe: Probe, bib_sort: Callable[[list[str]], list[str]],
                 uses_condition: bool) -> None:
        self.probe = probe
        self.bib_sort = bib_sort
        self.add_names = options.get("disambiguate-add-names") == "true"
        add_given = options.get("disambiguate-add-givenname") == "true"
        rule = options.get("givenname-disambiguation-rule", "by-cite")
        self.by_cite = rule == "by-cite"
        #: CSL.Disambiguation.configModes (prioritize_disambiguate_condition off)
        self.modes: list[str] = []
        if self.add_names or (add_given and self.by_cite):
            self.modes.append("names")
        if options.get("disambiguate-add-year-suffix") == "true":
            self.modes.append("years")
        if uses_condition:
            self.modes.append("extra_text")
        self.givens_max: int | None = 2 if add_given and self.by_cite else None
        self.registry: dict[str, Disamb] = {}
        self.ambigcites: dict[str, dict[str, None]] = {}
        self.akey: dict[str, str] = {}
        self.order: dict[str, int] = {}  # registration order (citeproc-js registry.mylist)
        self.touched: dict[str, None] = {}  # ids whose config a run registered
        self.last_count = self.last_max = 0  # the last probe's disambiguate conditions (met, evaluated)
        # the state of one run (citeproc-js keeps it on the Disambiguation object too)
        self.akey_now = ""
        self.lists: list[tuple[Disamb, list[str]]] = []
        self.base = Disamb()        # the forward-only counter every probe renders with
        self.betterbase = Disamb()  # the steps that helped
        self.max_names: dict[str, list[int]] = {}
        self.names_max: int | None = None
        self.names_sets_max = -1
        self.modeindex = self.gnameset = self.gname = self.listpos = 0
        self.clashes = [1, 0]
        self.init_givens = True
        self.partners: list[str] = []
        self.nonpartners: list[str] = []

    # ----------------------------------------------------------------- registry
    def insert(self, ids: Sequence[str]) -> None:
        """Register new (or re-keyed) items and run every group they join (doinserts + setdisambigs)."""
        groups: dict[str, None] = {}
        for i in ids:
            old = self.akey.pop(i, None)
            if old is not None:
                self.ambigcites[old].pop(i, None)
                groups[old] = None
            self.order.setdefault(i, len(self.order))
            config = Disamb()
            key = self.probe(i, config, False)[0]
            self.register(key, i, config)
            groups[key] = None
        for key in groups:
            self.run(key)

    def register(self, akey: str, i: str, config: Disamb) -> None:
        """registerAmbigToken: the item's config becomes a copy of ``config``."""
        self.ambigcites.setdefault(akey, {})[i] = None
        self.akey[i] = akey
        self.registry[i] = config.clone()
        self.touched[i] = None

    def year_suffix(self, i: str) -> str | None:
        """The item's year-suffix letters, if it has one."""
        config = self.registry.get(i)
        return suffix_letters(config.year_suffix) if config is not None and config.year_suffix is not None else None

    # ----------------------------------------------------------------- one run
    def run(self, akey: str) -> None:
        """CSL.Disambiguation.run: work through the group of ``akey``."""
        if not self.modes or not self._init_vars(akey):
            return
        self.init_givens = True
        steps = 0
        while self.lists:
            self.gnameset = 0
            self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0][1]:
                steps += 1
                if steps > _MAX_STEPS:
                    for i in self.lists[0][1]:
                        self.register(akey, i, self.betterbase)
                    break
                self.listpos = 0
                ismax = self._increment()
                self._scan(self.lists[0])
                self._eval_scan(ismax)
            self.lists = self.lists[1:]

    def _init_vars(self, akey: str) -> bool:
        ids = list(self.ambigcites.get(akey, ()))
        self.akey_now = akey
        self.lists = []
        if len(ids) < 2:
            return False
        self.max_names = {}
        first = ids[0]
        # getCiteData(first): rendered with its own registered config, which the rendering updates
        own = self.registry[first]
        _, lengths, _, _ = self.probe(first, own, True)
        self.max_names[first] = lengths
        self.base = own.clone()
        self.betterbase = own.clone()
        self.names_sets_max = len(own.names) - 1
        for i in ids[1:]:
            _, lengths, _, _ = self.probe(i, self.base, True)
            self.max_names[i] = lengths
            self.registry[i].givens = [list(g) for g in self.base.givens]
            self.names_sets_max = len(self.registry[i].names) - 1
            self.betterbase.givens = [list(g) for g in self.base.givens]
        ordered = sorted(ids, key=lambda i: (_js_key(self.max_names[i]), i))
        self.lists.append((self.base, ordered))
        lengths = self.max_names[ordered[0]]
        self.names_max = lengths[0] if lengths else None
        self.modeindex = 0
        self.base.pad()
        self.betterbase.pad()
        self.base.year_suffix = None
        self.base.disambiguate = 0
        self.betterbase.year_suffix = None
        self.betterbase.disambiguate = 0
        return True

    def _increment(self) -> bool:
        """incrementDisambig: push ``base`` one step; True when it can go no further."""
        if self.init_givens:
            self.init_givens = False
            return False
        base = self.base
        mode = self.modes[self.modeindex]
        if mode == "extra_text":
            base.disambiguate += 1
            self.betterbase.disambiguate += 1
            return False
        if mode != "names":
            return False
        increment_names = self.givens_max is None
        increment_namesets = self.names_max is None
        if self.givens_max is not None:
            row = base.givens[self.gnameset] if self.gnameset < len(base.givens) else None
            if base.givens and row is not None and self.gname < len(row) and row[self.gname] < self.givens_max:
                row[self.gname] += 1
            else:
                increment_names = True
        if self.names_max is not None and increment_names:
            if self.add_names:
                increment_namesets = False
                if self.gname < self.names_max:
                    _grow(base.names, self.gnameset)
                    base.names[self.gnameset] += 1
                    self.gname += 1
                    base.pad()
                else:
                    increment_namesets = True
            else:
                increment_namesets = True
        if increment_namesets and self.gnameset < self.names_sets_max:
            self.gnameset += 1
            _grow(base.names, self.gnameset)
            base.names[self.gnameset] = 1
            self.gname = 0
        row = base.givens[self.gnameset] if self.gnameset < len(base.givens) else None
        return ((self.names_sets_max == -1 or self.gnameset == self.names_sets_max)
                and (not self.add_names or self.names_max is None or self.gname == self.names_max)
                and (self.givens_max is None or row is None or self.gname >= len(row)
                     or row[self.gname] == self.givens_max))

    def _scan(self, group: tuple[Disamb, list[str]]) -> None:
        """scanItems: the first item against the others, all rendered with ``base``."""
        members = group[1]
        first = members[0]
        text, _, self.last_count, self.last_max = self.probe(first, self.base, True)
        self.partners = [first]
        self.nonpartners = []
        clashes = 0
        for other in members[1:]:
            other_text, _, count, most = self.probe(other, self.base, True)
            self.last_count, self.last_max = count, most
            if other_text == text:
                clashes += 1
                self.partners.append(other)
            else:
                self.nonpartners.append(other)
        self.clashes = [self.clashes[1], clashes]

    def _eval_scan(self, maxed: bool) -> None:
        getattr(self, "_dis_" + self.modes[self.modeindex])(maxed)
        if maxed:
            if self.modeindex < len(self.modes) - 1:
                self.modeindex += 1
            else:
                self._set_list(self.listpos + 1, (self.base, []))

    def _set_list(self, k: int, value: tuple[Disamb, list[str]]) -> None:
        if k < len(self.lists):
            self.lists[k] = value
        else:
            self.lists.append(value)

    def _capture(self) -> None:
        """captureStepToBase: keep the step just taken."""
        base, better = self.base, self.betterbase
        if self.by_cite and base.givens and self.gnameset < len(base.givens) \
                and self.gname < len(base.givens[self.gnameset]):
            if len(better.givens) < len(base.givens):
                better.givens = [list(g) for g in base.givens]
            row = better.givens[self.gnameset]
            while len(row) <= self.gname:
                row.append(0)
            row[self.gname] = base.givens[self.gnameset][self.gname]
        _grow(better.names, self.gnameset)
        better.names[self.gnameset] = base.names[self.gnameset] if self.gnameset < len(base.names) else 0

    def _dis_names(self, ismax: bool) -> None:
        """disNames: register the items this step told apart, split the rest."""
        akey, pos = self.akey_now, self.listpos
        if self.clashes[1] == 0 and len(self.nonpartners) == 1:
            self._capture()
            self.register(akey, self.nonpartners[0], self.betterbase)
            self.register(akey, self.partners[0], self.betterbase)
            self.lists[pos] = (self.betterbase, [])
        elif self.clashes[1] == 0:
            self._capture()
            self.register(akey, self.partners[0], self.betterbase)
            self.lists[pos] = (self.betterbase, self.nonpartners)
            if self.nonpartners:
                self.init_givens = True
        elif len(self.nonpartners) == 1:
            self._capture()
            self.register(akey, self.nonpartners[0], self.betterbase)
            self.lists[pos] = (self.betterbase, self.partners)
        elif self.clashes[1] < self.clashes[0]:
            self._capture()
            self.lists[pos] = (self.betterbase, self.partners)
            self.lists.append((self.betterbase, self.nonpartners))
        elif ismax:
            self.lists[pos] = (self.betterbase, self.nonpartners)
            self.lists.append((self.betterbase, self.partners))
            if self.modeindex == len(self.modes) - 1:
                for i in self.partners:
                    self.register(akey, i, self.betterbase)
                self.lists[pos] = (self.betterbase, [])

    def _dis_extra_text(self, ismax: bool) -> None:
        """disExtraText: raise the ``disambiguate`` count one condition at a time."""
        done = self.clashes[1] == 0 and len(self.nonpartners) < 2
        count, most = self.last_count, self.last_max
        if not done and (not self.base.disambiguate or count != most):
            self.modeindex = 0
            self.base.disambiguate = count
            self.betterbase.disambiguate = count
            if not self.base.disambiguate:
                self.init_givens = True
                self.base.disambiguate = 1
            else:
                self._dis_names(ismax)
        elif done or self.modeindex == len(self.modes) - 1:
            base = self.lists[self.listpos][0]
            for i in self.lists[self.listpos][1]:
                self.register(self.akey_now, i, base)
            self.lists[self.listpos] = (self.betterbase, [])
        else:
            self.modeindex = len(self.modes) - 1
            base = self.lists[self.listpos][0]
            base.disambiguate = 1
            for i in self.lists[self.listpos][1]:
                self.register(self.akey_now, i, base)

    def _dis_years(self, ismax: bool) -> None:
        """disYears: letters a, b, ... in bibliography order (registration order between equals)."""
        base = self.lists[self.listpos][0]
        tokens: list[str] = []
        if self.clashes[1]:
            tokens = sorted(self.lists[self.listpos][1], key=lambda i: self.order.get(i, 0))
        for k, i in enumerate(self.bib_sort(tokens) if tokens else []):
            base.year_suffix = k
            self.register(self.akey_now, i, base)
        self.lists[self.listpos] = (self.betterbase, [])


def _grow(values: list[int], k: int) -> None:
    while len(values) <= k:
        values.append(0)


def add_person(by_family: dict[tuple[str, str], dict[str, list[str]]], family: str, given: str,
               particle: str) -> tuple[str, str]:
    """Record one cited name in ``by_family`` ((particle, family) → person → spellings of the
    given name); returns its family key."""
    # "dos Santos" is not "Santos"; "J. J." and "J.J." are one person (DifferentSpacingInInitials)
    person = given.replace(".", "").replace(" ", "")
    by_family.setdefault((particle, family), {}).setdefault(person, []).append(given)
    return (particle, family)


def initials_key(given: str, hyphen: bool = True) -> str:
    """A given name's initials as citeproc-js's NameReg keys them: a hyphen stays ("Anne-Marie"
    → "A-M" is not "Ana María" → "AM"), periods and spaces go ("J. R. R." → "JRR"). Under
    ``initialize-with-hyphen="false"`` the hyphen goes first (citeproc-js's ``initializeWith``
    makes it a space), so "Anne-Marie" and "Ana María" clash."""
    if not hyphen:
        given = given.replace("-", " ")
    words = given.replace(".", " ").split()
    return "".join("-".join(part[:1] for part in w.split("-")) for w in words)


def family_levels(family: tuple[str, str], persons: dict[str, list[str]],
                  rule: str, hyphen: bool = True) -> dict[tuple[str, str, str], int]:
    """The given-name levels of one family's persons ((particle, family) → {(particle, family,
    given): level}); a family with one person has none."""
    levels: dict[tuple[str, str, str], int] = {}
    if len(persons) < 2:
        return levels
    with_initials = rule.endswith("with-initials")
    initials = {p: initials_key(spellings[0], hyphen) for p, spellings in persons.items()}
    distinct = len(set(initials.values()))
    for p, spellings in persons.items():
        clash = sum(1 for other in persons if initials[other] == initials[p]) > 1
        if with_initials and distinct < 2:
            continue  # initials cannot tell anyone apart: the names stay as they are (ToInitialOnly)
        if with_initials:
            clash = False  # initials, even for persons whose initials are the same (citeproc-js)
        for g in spellings:
            levels[(*family, g)] = 2 if clash else 1
    return levels

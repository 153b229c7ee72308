"""CSL locales: terms, date formats, ordinals and locale options, with the spec's fallback.

Fallback (CSL 1.0.2 "Locale Fallback"), highest priority first, for ``de-AT``:

1. the style's ``cs:locale xml:lang="de-AT"``, then ``"de"``, then the one without ``xml:lang``;
2. the locale file ``de-AT``, then the language's primary dialect ``de-DE``;
3. ``en-US``.

A term's form falls back (``short`` → ``long``) inside 1-2 before 3 is tried, as citeproc-js does.

The locale files are the official CSL locales (citation-style-language/locales, 62 files and
``locales.json``, shipped unchanged in ``citekit/csl/locales/``; CC BY-SA 3.0, from the CSL
project, https://citationstyles.org/ — see the README there); a caller may pass its own loader
(``Locale.build(..., files=...)``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from citekit.csl import nodes as n
from citekit.errors import StyleError

NS = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(slots=True)
class Term:
    """One term (or one gendered form of it): singular and plural text."""

    single: str
    multiple: str
    gender: str | None = None
    gender_form: str | None = None
    match: str | None = None


@dataclass(slots=True)
class LocaleLayer:
    """One locale source (a file or a style's ``cs:locale``): what it defines, nothing inherited."""

    lang: str = ""
    #: (name, form) -> the term's variants (one per gender-form)
    terms: dict[tuple[str, str], list[Term]] = field(default_factory=dict)
    date_formats: dict[str, n.Date] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)

    @property
    def has_ordinals(self) -> bool:
        """True when this layer defines any ordinal term (they then replace lower layers' ones)."""
        return any(name.startswith("ordinal") for name, _ in self.terms)


def _local(el: Any) -> str:
    tag = el.tag
    return tag[len(NS):] if isinstance(tag, str) and tag.startswith(NS) else str(tag)


def parse_layer(root: Any, lang: str | None = None) -> LocaleLayer:
    """Read a ``cs:locale`` element (a file's root or a style's override) into a layer."""
    from citekit.csl.style import _Compiler

    layer = LocaleLayer(lang=lang if lang is not None else root.get(XML_LANG, ""))
    for child in root:
        tag = _local(child)
        if tag == "terms":
            for term in child:
                if _local(term) != "term":
                    continue
                name, form = term.get("name", ""), term.get("form", "long")
                single_el = term.find(NS + "single")
                multiple_el = term.find(NS + "multiple")
                if single_el is not None or multiple_el is not None:
                    single = (single_el.text or "") if single_el is not None else ""
                    multiple = (multiple_el.text or "") if multiple_el is not None else single
                else:
                    single = multiple = term.text or ""
                entry = Term(single, multiple, term.get("gender"), term.get("gender-form"), term.get("match"))
                variants = layer.terms.setdefault((name, form), [])
                # a later definition of the same (name, form, gender-form) replaces an earlier one
                variants[:] = [v for v in variants if v.gender_form != entry.gender_form]
                variants.append(entry)
        elif tag == "date":
            layer.date_formats[child.get("form", "")] = _Compiler().el_date(child)
        elif tag == "style-options":
            layer.options.update({k: v for k, v in child.attrib.items() if isinstance(k, str)})
    return layer


#: the shipped official CSL locale files
LOCALES_DIR = Path(__file__).parent / "locales"


@cache
def _locales_dir() -> Path | None:
    return LOCALES_DIR if LOCALES_DIR.is_dir() else None


@cache
def primary_dialects() -> dict[str, str]:
    """Language → its primary dialect (``de`` → ``de-DE``), from the locales' ``locales.json``."""
    base = _locales_dir()
    if base is None or not (base / "locales.json").is_file():
        return {"en": "en-US"}
    data: dict[str, dict[str, str]] = json.loads((base / "locales.json").read_text(encoding="utf-8"))
    return data.get("primary-dialects", {})


def locale_path(lang: str) -> Path | None:
    """The shipped locale file used for ``lang``: its own, its primary dialect's, or en-US's."""
    base = _locales_dir()
    if base is None:
        return None
    for cand in (lang, primary_dialects().get(lang.split("-")[0], ""), "en-US"):
        path = base / f"locales-{cand}.xml"
        if cand and path.is_file():
            return path
    return None


@lru_cache(maxsize=128)
def load_locale_file(lang: str) -> LocaleLayer | None:
    """The shipped locale file for ``lang`` (``de-DE``), or ``None`` when there is none."""
    base = _locales_dir()
    if base is None:
        return None
    path = base / f"locales-{lang}.xml"
    if not path.is_file():
        return None
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    try:
        root = etree.parse(str(path), parser=etree.XMLParser(remove_comments=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise StyleError(f"invalid locale file: {exc}", source=str(path)) from exc
    return parse_layer(root)


#: CSL 1.0.2 "Term forms": where a form falls back when the locale lacks it.
_FORM_FALLBACK = {"verb-short": ("verb-short", "verb", "long"), "symbol": ("symbol", "short", "long"),
                  "short": ("short", "long"), "verb": ("verb", "long"), "long": ("long",)}


class Locale:
    """The resolved chain of locale layers for one language, with term and date-format lookup."""

    def __init__(self, lang: str, layers: Sequence[LocaleLayer], fallback: int | None = None) -> None:
        self.lang = lang
        self.layers = list(layers)
        #: the layers of the language itself, then (from index ``fallback``) the en-US file it falls
        #: back on: a term's form falls back inside the first group before the second is tried
        cut = len(self.layers) if fallback is None else fallback
        self._groups = [g for g in (self.layers[:cut], self.layers[cut:]) if g]
        self._cache: dict[tuple[str, str, bool, str | None], str | None] = {}
        self.options: dict[str, str] = {}
        for layer in reversed(self.layers):
            self.options.update(layer.options)
        self._ordinal_layers = [layer for layer in self.layers if layer.has_ordinals][:1]

    @classmethod
    def build(
        cls,
        lang: str | None = None,
        overrides: Sequence[tuple[str, Any]] = (),
        files: Callable[[str], LocaleLayer | None] = load_locale_file,
    ) -> Locale:
        """The locale chain for ``lang`` (default ``en-US``) and a style's ``cs:locale`` overrides."""
        lang = lang or "en-US"
        base = lang.split("-")[0]
        layers: list[LocaleLayer] = []
        by_lang: dict[str, list[LocaleLayer]] = {}
        for olang, el in overrides:
            by_lang.setdefault(olang, []).append(parse_layer(el, olang))
        for key in dict.fromkeys([lang, base, ""]):
            layers.extend(reversed(by_lang.get(key, [])))
        candidates = [lang]
        if base in primary_dialects():
            candidates.append(primary_dialects()[base])
        candidates.append(base)
        candidates.append("en-US")
        fallback = None
        for cand in dict.fromkeys(candidates):
            layer = files(cand)
            if layer is not None:
                if cand == "en-US" and base != "en":
                    fallback = len(layers)
                layers.append(layer)
        if not layers:
            raise StyleError(f"no locale data for {lang!r}")
        return cls(lang, layers, fallback)

    # ----------------------------------------------------------------- terms
    def _variants(self, name: str, form: str) -> list[Term] | None:
        # de-DE has only a long "version": "Version 5.11.2", not en-US's short "v." (citeproc-js)
        groups = [self._ordinal_layers] if name.startswith("ordinal") and self._ordinal_layers else self._groups
        for layers in groups:
            for f in _FORM_FALLBACK.get(form, (form, "long")):
                for layer in layers:
                    found = layer.terms.get((name, f))
                    if found is not None:
                        return found
        return None

    def term_entry(self, name: str, form: str = "long", gender: str | None = None) -> Term | None:
        """The term object (with its gender), honouring form fallback and gender-form."""
        variants = self._variants(name, form)
        if not variants:
            return None
        if gender:
            for v in variants:
                if v.gender_form == gender:
                    return v
        for v in variants:
            if v.gender_form is None:
                return v
        if "ordinal" in name:
            return None  # an ordinal of another gender does not apply (number_SeparateOrdinalNamespaces)
        return variants[0]

    def term(self, name: str, form: str = "long", plural: bool = False, gender: str | None = None) -> str | None:
        """A term's text, or ``None`` when no layer defines it (an empty term is ``""``)."""
        key = (name, form, plural, gender)
        if key in self._cache:
            return self._cache[key]
        entry = self.term_entry(name, form, gender)
        text = None if entry is None else (entry.multiple if plural else entry.single)
        self._cache[key] = text
        return text

    def gender(self, name: str) -> str | None:
        """The grammatical gender of a noun term (``edition`` is feminine in French)."""
        entry = self.term_entry(name)
        return entry.gender if entry else None

    # ----------------------------------------------------------------- ordinals
    def ordinal_suffix(self, number: int, gender: str | None = None) -> str:
        """The ordinal suffix for ``number`` (CSL 1.0.2 "Ordinal Suffixes": the ``match`` rules)."""
        if number < 100:
            entry = self.term_entry(f"ordinal-{number:02d}", gender=gender)
            if entry is not None and entry.match == "whole-number":
                return entry.single
        two = number % 100
        entry = self.term_entry(f"ordinal-{two:02d}", gender=gender)
        if entry is not None and two >= 10 and entry.match in (None, "last-two-digits"):
            return entry.single
        if entry is not None and two < 10 and entry.match == "last-two-digits":
            return entry.single
        entry = self.term_entry(f"ordinal-{number % 10:02d}", gender=gender)
        if entry is not None and entry.match in (None, "last-digit"):
            return entry.single
        return self.term("ordinal", gender=gender) or ""

    def long_ordinal(self, number: int, gender: str | None = None) -> str | None:
        """``first`` ... ``tenth``; ``None`` beyond ten (callers then use the short ordinal)."""
        if 1 <= number <= 10:
            entry = self.term_entry(f"long-ordinal-{number:02d}", gender=gender)
            if entry is not None:
                return entry.single
        return None

    # ----------------------------------------------------------------- dates and options
    def date_format(self, form: str) -> n.Date | None:
        """The localized ``cs:date`` for ``text`` or ``numeric``."""
        for layer in self.layers:
            if form in layer.date_formats:
                return layer.date_formats[form]
        return None

    def option(self, name: str) -> bool:
        """A boolean locale style-option (``punctuation-in-quote``, ``limit-day-ordinals-to-day-1``)."""
        return self.options.get(name) == "true"

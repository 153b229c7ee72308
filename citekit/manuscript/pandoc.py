"""citekit as pandoc's citation processor: a JSON filter (``pandoc paper.md --filter citekit-pandoc``).

It does what ``pandoc --citeproc`` does (``Text.Pandoc.Citeproc``), with citekit's CSL processor:

* reads ``bibliography:`` (BibTeX, BibLaTeX, CSL-JSON, CSL-YAML, RIS: any format citekit reads,
  relative paths from the working directory, as pandoc does), ``references:`` (inline, they win
  over the files), ``csl:``/``citation-style:`` (a style name such as ``apa`` or a ``.csl`` path;
  pandoc's default, Chicago author-date, without one), ``lang:``/``locale:``, ``nocite:``
  (``@*`` for everything), ``link-citations``, ``suppress-bibliography`` and
  ``reference-section-title``;
* renders every ``Cite`` in document order: prefix, suffix, the locator and its label taken out of
  the suffix (:mod:`citekit.manuscript.locator`), suppress-author (``[-@key]``) and author-in-text
  (``@key``: the names, a space, then the citation without them);
* puts the bibliography into the ``Div`` with id ``refs`` (or after a final header, or under
  ``reference-section-title``), one ``Div ref-KEY .csl-entry`` per entry;
* removes the space before a superscript citation, as pandoc does;
* resolves citations by identifier (``[@doi:...]``, ``[@pmid:...]``, ``[@pmcid:...]``, as manubot
  does: :mod:`citekit.manuscript.byid`) and, with ``citekit-write-references: refs.json`` in the
  metadata, writes the resolved records there.

Warnings (a key with no reference, a file that could not be read in part) go to stderr; a run
that cannot do its job (no such bibliography or style) exits 2 with one line naming the file.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.manuscript.ast import (
    SPACE,
    Inlines,
    Node,
    html_to_inlines,
    inlines_to_rich,
    link_urls,
    meta_list,
    meta_text,
    meta_to_plain,
    str_,
    stringify,
    truish,
)
from citekit.manuscript.locator import LOCATOR_TERMS, locator_map, parse_locator

if TYPE_CHECKING:
    from citekit.csl.processor import CiteItem, Processor
    from citekit.csl.style import Style
    from citekit.manuscript.byid import Resolved
    from citekit.model import Reference

#: pandoc's style when the document names none
DEFAULT_STYLE = "chicago-author-date"


class FilterError(Exception):
    """The filter cannot do its job (a bibliography or style that cannot be read)."""


@dataclass(slots=True)
class CiteSpot:
    """One ``Cite`` of the document: its citations and where its rendering goes."""

    node: Node
    citations: list[Node]
    in_note: bool = False


@dataclass(slots=True)
class Outcome:
    """The processed document and the warnings met."""

    doc: Node
    warnings: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ references
def load_references(meta: Node, base: Path) -> tuple[list[Reference], list[str]]:
    """``bibliography:`` files then inline ``references:`` (which win for the same id)."""
    from citekit.errors import CitekitError
    from citekit.formats import read
    from citekit.formats.csljson import item_to_reference
    from citekit.model import Reference

    warnings: list[str] = []
    by_id: dict[str, Reference] = {}
    for value in meta_list(meta.get("bibliography")):
        name = meta_text(value)
        if not name:
            continue
        path = Path(name) if Path(name).is_absolute() else base / name
        if not path.is_file():
            raise FilterError(f"{name}: bibliography file not found")
        try:
            if path.suffix.lower() in (".yaml", ".yml"):
                items, failed = _read_yaml(path)
                warnings.extend(failed)
            else:
                result = read(path)
                items = list(result.items)
                warnings.extend(f"{name}: {f}" for f in result.failed)
        except CitekitError as exc:
            raise FilterError(f"{name}: {exc}") from exc
        for ref in items:
            by_id[str(ref.id)] = ref
    for k, value in enumerate(meta_list(meta.get("references"))):
        got = item_to_reference(_csl_item(meta_to_plain(value)))
        if isinstance(got, Reference):
            by_id[str(got.id)] = got
        else:
            warnings.append(f"references[{k}]: {got}")
    return list(by_id.values()), warnings


def _csl_item(item: Any) -> Any:
    """A metadata reference as CSL-JSON: dates given as text (``issued: 2017``) become date parts."""
    if not isinstance(item, dict):
        return item
    for key, value in list(item.items()):
        if isinstance(value, str) and key in ("issued", "accessed", "event-date", "original-date", "submitted"):
            item[key] = {"raw": value} if not value.isdigit() else {"date-parts": [[int(value)]]}
        elif isinstance(value, dict) and "date-parts" in value:
            value["date-parts"] = [[int(p) if str(p).lstrip("-").isdigit() else p for p in parts]
                                   for parts in value["date-parts"]]
    return item


def _read_yaml(path: Path) -> tuple[list[Reference], list[str]]:
    """CSL-YAML: a list of items, or a mapping with ``references:`` (pandoc's Markdown metadata)."""
    import importlib

    from citekit.formats.csljson import item_to_reference
    from citekit.model import Reference

    try:
        yaml: Any = importlib.import_module("yaml")  # PyYAML ships no type hints
    except ImportError as exc:  # pragma: no cover - PyYAML is a dependency
        raise FilterError(f"{path}: reading CSL-YAML needs PyYAML") from exc
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FilterError(f"{path}: not YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("references", [])
    items: list[Reference] = []
    failed: list[str] = []
    for k, obj in enumerate(data if isinstance(data, list) else []):
        got = item_to_reference(_csl_item(json.loads(json.dumps(obj, default=str))))
        if isinstance(got, Reference):
            items.append(got)
        else:
            failed.append(f"{path}: item {k + 1}: {got}")
    return items, failed


def load_style(meta: Node, base: Path) -> Style:
    """``csl:`` or ``citation-style:``: a path (relative to the working directory) or a style name."""
    from citekit.csl.style import Style
    from citekit.errors import CitekitError

    name = meta_text(meta.get("csl")) or meta_text(meta.get("citation-style")) or DEFAULT_STYLE
    path = Path(name) if Path(name).is_absolute() else base / name
    try:
        if path.is_file():
            return Style.load(str(path))
        if name.endswith(".csl") and not path.is_file():
            # pandoc also finds a .csl by its name; so does citekit's repository
            return Style.load(Path(name).stem)
        return Style.load(name)
    except CitekitError as exc:
        raise FilterError(f"csl {name!r}: {exc}") from exc


# ------------------------------------------------------------------------------ collecting cites
def collect(node: Any, spots: list[CiteSpot], in_note: bool = False) -> None:
    """Every ``Cite`` under ``node`` in document order (not inside another Cite's rendering)."""
    if isinstance(node, list):
        for x in node:
            collect(x, spots, in_note)
    elif isinstance(node, dict):
        t = node.get("t")
        if t == "Cite":
            spots.append(CiteSpot(node, list(node["c"][0]), in_note))
            return
        if t == "Note":
            collect(node.get("c"), spots, True)
            return
        for key, value in node.items():
            if key != "t":
                collect(value, spots, in_note)


def _labels(proc: Processor) -> dict[str, str]:
    terms: list[tuple[str, str, str]] = []
    for layer in proc.locale.layers:
        for (name, _form), variants in layer.terms.items():
            if name in LOCATOR_TERMS:
                terms.extend((name, v.single, v.multiple) for v in variants)
    return locator_map(terms)


# ------------------------------------------------------------------------------ the filter
def process(doc: Node, base: Path | None = None) -> Outcome:
    """Render the citations and bibliography of a pandoc JSON document (as ``--citeproc`` does)."""
    from citekit.csl.processor import CiteItem, Cluster, Processor
    from citekit.errors import CitekitError

    base = base or Path.cwd()
    meta: Node = doc.get("meta", {})
    style = load_style(meta, base)
    refs, warnings = load_references(meta, base)
    resolved = resolve_identifiers(doc, refs, base)
    warnings += resolved.warnings
    refs += resolved.references
    lang = meta_text(meta.get("lang")) or meta_text(meta.get("locale"))
    try:
        proc = Processor(style, locale=lang, output="html", references=refs)
    except CitekitError as exc:
        raise FilterError(f"lang {lang!r}: {exc}") from exc
    labels = _labels(proc)
    known = set(proc.items)

    spots: list[CiteSpot] = []
    collect({k: v for k, v in meta.items() if k != "nocite"}, spots)
    collect(doc.get("blocks", []), spots)

    note_style = style.klass == "note"
    clusters: list[Cluster] = []
    in_text: list[CiteItem | None] = []
    missing: list[list[str]] = []
    for k, spot in enumerate(spots):
        items: list[CiteItem] = []
        author: CiteItem | None = None
        lost: list[str] = []
        for c in spot.citations:
            cid = str(c.get("citationId", ""))
            if cid == "*":
                continue
            if cid not in known:
                lost.append(cid)
                warnings.append(f"citation {cid!r} not found")
                continue
            loc = parse_locator(list(c.get("citationSuffix", [])), labels)
            prefix = inlines_to_rich(list(c.get("citationPrefix", [])))
            mode = (c.get("citationMode") or {}).get("t", "NormalCitation")
            item = CiteItem(id=cid, locator=loc.locator, label=loc.label,
                            prefix=(prefix + " ") if prefix else "", suffix=inlines_to_rich(loc.suffix),
                            suppress_author=mode in ("SuppressAuthor", "AuthorInText"))
            if mode == "AuthorInText" and author is None and not items:
                # pandoc: an author-only cite with the prefix, then the cite without its author
                author = CiteItem(id=cid, prefix=item.prefix, author_only=True)
                item.prefix = ""
            items.append(item)
        note = int(spot.citations[0].get("citationNoteNum") or 0) if spot.citations and note_style else None
        clusters.append(Cluster(items, note_index=note or (k + 1 if note_style else None)))
        in_text.append(author)
        missing.append(lost)

    try:
        rendered = proc.process_document([c for c in clusters])
        authors = [_author_only(proc, a) if a is not None else "" for a in in_text]
        nocite = _nocite_ids(meta, known, refs)
        proc.register(nocite)
        bib_ids = proc.bibliography_ids()
        bib = proc.render_bibliography(bib_ids).entries if style.bibliography is not None else []
    except CitekitError as exc:
        raise FilterError(f"rendering failed: {exc}") from exc

    link = truish(meta.get("link-citations")) and not truish(meta.get("suppress-bibliography"))
    layout = style.citation.layout if style.citation else None
    for spot, html, author_html, lost, cl in zip(spots, rendered, authors, missing, clusters):
        html = _no_printed_form(html, layout)
        inlines = html_to_inlines(html) if html else []
        if lost:
            unknown: Inlines = []
            for key in lost:
                if unknown:
                    unknown += [str_(";"), dict(SPACE)]
                unknown.append({"t": "Strong", "c": [str_(f"{key}?")]})
            inlines = inlines + ([str_(";"), dict(SPACE)] if inlines else []) + unknown
            if not cl.items and layout is not None:
                inlines = html_to_inlines(layout.prefix) + unknown + html_to_inlines(layout.suffix)
        if link and len(cl.items) == 1 and inlines:
            inlines = _link(inlines, f"#ref-{cl.items[0].id}")
        if note_style and not spot.in_note and inlines:
            inlines = [{"t": "Note", "c": [{"t": "Para", "c": inlines}]}]
        if author_html:  # in a note style the names stay in the text, the citation goes to the note
            names = html_to_inlines(author_html)
            inlines = names + ([] if not inlines or inlines[0]["t"] == "Note" else [dict(SPACE)]) + inlines
        spot.node["c"][1] = inlines
    doc["blocks"] = _walk_lists(doc.get("blocks", []), _space_before_superscript)

    outcome = Outcome(doc, warnings, list(proc.order))
    if bib and not truish(meta.get("suppress-bibliography")):
        entries = _bib_blocks(bib_ids, bib, truish_default(meta.get("link-bibliography"), True))
        _insert_refs(doc, meta, entries, _refs_attrs(style))
    elif style.bibliography is not None and len(bib) != len(bib_ids):
        warnings.append("some entries have no printed form")
    return outcome


def resolve_identifiers(doc: Node, refs: list[Reference], base: Path) -> Resolved:
    """``[@doi:...]``, ``[@pmid:...]``, ``[@pmcid:...]`` resolved (:mod:`citekit.manuscript.byid`); with
    ``citekit-write-references: FILE`` in the metadata, the resolved records written there as CSL-JSON."""
    from citekit.errors import CitekitError
    from citekit.manuscript.byid import resolve_cites, write_references

    resolved = resolve_cites(doc, {str(r.id) for r in refs})
    target = meta_text(doc.get("meta", {}).get("citekit-write-references"))
    if target:
        path = Path(target) if Path(target).is_absolute() else base / target
        try:
            write_references(resolved.references, str(path))
        except CitekitError as exc:
            raise FilterError(f"citekit-write-references {target}: {exc}") from exc
    return resolved


def _no_printed_form(html: str, layout: Any) -> str:
    """A cite that renders nothing (MLA's ``[-@key]`` without a locator) is left out, as jgm/citeproc
    does; citeproc-js (and citekit) print a "no printed form" marker instead."""
    from citekit.csl.processor import NO_PRINTED_FORM

    if NO_PRINTED_FORM not in html:
        return html
    html = html.replace(NO_PRINTED_FORM, "")
    if layout is not None and html == layout.prefix + layout.suffix:
        return ""
    return html


def truish_default(value: Node | None, default: bool) -> bool:
    """``truish`` with a default for an absent value."""
    return default if value is None else truish(value)


def _author_only(proc: Processor, item: CiteItem) -> str:
    """The names of an author-in-text cite, without the layout's affixes (``(``, ``)``)."""
    from citekit.csl.processor import CiteItem as CI

    html = proc.cite([CI(id=item.id, author_only=True)])
    layout = proc.style.citation.layout if proc.style.citation else None
    if layout is not None:
        if layout.prefix and html.startswith(layout.prefix):
            html = html[len(layout.prefix):]
        if layout.suffix and html.endswith(layout.suffix):
            html = html[: -len(layout.suffix)]
    return (item.prefix + html) if html else ""


def _nocite_ids(meta: Node, known: set[str], refs: list[Reference]) -> list[str]:
    spots: list[CiteSpot] = []
    collect(meta.get("nocite"), spots)
    ids = [str(c.get("citationId")) for s in spots for c in s.citations]
    if "*" in ids:
        return [str(r.id) for r in refs]
    # jgm/citeproc adds the uncited references in the bibliography's order, not nocite's
    wanted = set(ids) & known
    return [str(r.id) for r in refs if str(r.id) in wanted]


def _link(inlines: Inlines, target: str) -> Inlines:
    """A single-cite cluster linked to its entry (inside a superscript when the cite is one)."""
    if len(inlines) == 1 and inlines[0]["t"] in ("Superscript", "Note"):
        inner = inlines[0]
        if inner["t"] == "Superscript":
            return [{"t": "Superscript", "c": _link(inner["c"], target)}]
        return inlines
    return [{"t": "Link", "c": [["", [], []], inlines, [target, ""]]}]


def _walk_lists(node: Any, fn: Any) -> Any:
    if isinstance(node, list):
        new = [_walk_lists(x, fn) for x in node]
        if new and all(isinstance(x, dict) and "t" in x for x in new):
            return fn(new)
        return new
    if isinstance(node, dict):
        return {k: _walk_lists(v, fn) for k, v in node.items()}
    return node


def _space_before_superscript(inlines: list[Node]) -> list[Node]:
    """pandoc's ``mvPunct``: no space before a citation rendered as a superscript; and a period after
    a citation that already ends in one is dropped."""
    out: list[Node] = []
    for k, node in enumerate(inlines):
        if node.get("t") in ("Space", "SoftBreak") and k + 1 < len(inlines):
            nxt = inlines[k + 1]
            if nxt.get("t") == "Cite" and nxt["c"][1] and nxt["c"][1][0].get("t") in ("Superscript", "Note"):
                continue
        if node.get("t") == "Str" and node.get("c") == "." and out and out[-1].get("t") == "Cite" \
                and stringify(out[-1]["c"][1]).endswith("."):
            continue
        out.append(node)
    return out


def _bib_blocks(ids: list[str], entries: list[str], link_bib: bool) -> list[Node]:
    blocks: list[Node] = []
    for key, html in zip(ids, entries):
        inlines = html_to_inlines(html)
        if link_bib:
            inlines = link_urls(inlines)
        if len(inlines) >= 2 and inlines[0]["t"] == "Span" and inlines[0]["c"][0][1] == ["csl-left-margin"] \
                and inlines[1]["t"] == "Span" and inlines[1]["c"][0][1] == ["csl-right-inline"]:
            margin = inlines[0]["c"][1]
            if not margin or margin[-1]["t"] != "Space":
                margin.append(dict(SPACE))
        blocks.append({"t": "Div", "c": [[f"ref-{key}", ["csl-entry"], []], [{"t": "Para", "c": inlines}]]})
    return blocks


def _refs_attrs(style: Style) -> tuple[list[str], list[list[str]]]:
    opts = style.bibliography.options if style.bibliography else {}
    classes = ["references", "csl-bib-body"] + (["hanging-indent"] if opts.get("hanging-indent") == "true" else [])
    kvs: list[list[str]] = []
    if opts.get("line-spacing", "1").isdigit() and int(opts.get("line-spacing", "1")) > 1:
        kvs.append(["line-spacing", opts["line-spacing"]])
    if "entry-spacing" in opts:
        kvs.insert(0, ["entry-spacing", opts["entry-spacing"]])
    return classes, kvs


def _insert_refs(doc: Node, meta: Node, entries: list[Node], attrs: tuple[list[str], list[list[str]]]) -> None:
    classes, kvs = attrs
    found = False

    def fill(node: Any) -> None:
        nonlocal found
        if isinstance(node, list):
            for x in node:
                fill(x)
        elif isinstance(node, dict):
            if node.get("t") == "Div":
                ident, cls, kv = node["c"][0]
                if ident == "refs" or str(ident).endswith("__refs"):
                    found = True
                    node["c"][0] = [ident, list(dict.fromkeys([*cls, *classes])), kv + [x for x in kvs if x not in kv]]
                    node["c"][1] = node["c"][1] + entries
                    return
            for v in node.values():
                fill(v)

    fill(doc["blocks"])
    if found:
        return
    blocks: list[Node] = doc["blocks"]
    div = {"t": "Div", "c": [["refs", classes, kvs], entries]}
    title = meta.get("reference-section-title")
    if title is not None:
        ils = title["c"] if title.get("t") == "MetaInlines" else [str_(stringify(title))]
        blocks += [{"t": "Header", "c": [1, ["bibliography", ["unnumbered"], []], ils]}, div]
    elif blocks and blocks[-1].get("t") == "Header":
        level, (ident, cls, kv), ils = blocks[-1]["c"]
        blocks[-1] = {"t": "Header", "c": [level, [ident, ["unnumbered", *[c for c in cls if c != "unnumbered"]], kv], ils]}
        blocks.append(div)
    else:
        blocks.append(div)


# ------------------------------------------------------------------------------ console script
def main(argv: list[str] | None = None) -> int:
    """``citekit-pandoc [FORMAT]``: pandoc's JSON on stdin, the processed JSON on stdout."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print("usage: pandoc paper.md --filter citekit-pandoc -o paper.docx\n\n" + (__doc__ or "").strip())
        return 0
    try:
        doc = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"citekit-pandoc: error: stdin is not pandoc's JSON AST: {exc}", file=sys.stderr)
        return 2
    if not isinstance(doc, dict) or "blocks" not in doc:
        print("citekit-pandoc: error: stdin is not pandoc's JSON AST (no 'blocks')", file=sys.stderr)
        return 2
    try:
        outcome = process(doc)
    except FilterError as exc:
        print(f"citekit-pandoc: error: {exc}", file=sys.stderr)
        return 2
    for warning in dict.fromkeys(outcome.warnings):
        print(f"citekit-pandoc: warning: {warning}", file=sys.stderr)
    sys.stdout.write(json.dumps(outcome.doc, ensure_ascii=False))
    sys.stdout.flush()
    return 0


def console() -> None:
    """The ``citekit-pandoc`` console script."""
    sys.exit(main())


if __name__ == "__main__":  # python -m citekit.manuscript.pandoc (what the tests give pandoc when no script is installed)
    console()

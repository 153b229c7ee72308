"""The public API: explicit, sorted, complete, lazy."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing
from typing import Any

import pytest

import citekit


def test_all_is_sorted_and_complete() -> None:
    assert citekit.__all__ == sorted(citekit.__all__)
    for name in citekit.__all__:
        assert getattr(citekit, name) is not None, name
    assert set(dir(citekit)) == set(citekit.__all__)


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        citekit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_import_citekit_is_light() -> None:
    mods = _imported_after("import citekit")
    assert "pydantic" not in mods and "requests" not in mods and "bibtexparser" not in mods


def test_cli_import_pulls_in_neither_pydantic_nor_requests() -> None:
    mods = _imported_after("import citekit.cli")
    assert "pydantic" not in mods and "requests" not in mods


def test_help_does_not_import_heavy_modules() -> None:
    mods = _imported_after("import sys; sys.argv=['citekit','--help']\nfrom citekit.cli import main\ntry: main()\nexcept SystemExit: pass")
    assert "pydantic" not in mods and "requests" not in mods and "bibtexparser" not in mods


# ---------------------------------------------------------------------- one name, one object
def test_every_public_name_is_one_object_under_one_name() -> None:
    objects: dict[int, str] = {}
    for name in citekit.__all__:
        if name == "__version__":
            continue
        value = getattr(citekit, name)
        assert id(value) not in objects, f"{name} and {objects.get(id(value))} are the same object"
        objects[id(value)] = name
        # a class or function is exported under its own name, never an alias
        assert getattr(value, "__name__", name) == name, (name, value)


def test_deprecated_spellings_warn_and_stay_out_of_all_and_dir() -> None:
    for old, new in (("CheckReport", "Report"), ("FindingCode", "Code")):
        assert old not in citekit.__all__ and old not in dir(citekit)
        with pytest.warns(DeprecationWarning, match=f"citekit.{new}"):
            assert getattr(citekit, old) is getattr(citekit, new)


def test_check_and_resolve_are_always_the_functions_whatever_was_imported() -> None:
    code = ("import citekit, sys, types\n"
            "before = (citekit.check, citekit.resolve, citekit.complete, citekit.match)\n"
            "import citekit.check.engine, citekit.check.complete, citekit.resolve.api, citekit.resolve.match\n"
            "after = (citekit.check, citekit.resolve, citekit.complete, citekit.match)\n"
            "assert before == after, (before, after)\n"
            "assert not any(isinstance(f, types.ModuleType) for f in after)\n"
            "assert citekit.check is sys.modules['citekit.check.engine'].check\n"
            "assert citekit.resolve is sys.modules['citekit.resolve.api'].resolve\n"
            "from citekit.check import Report\n"
            "assert Report is citekit.Report\n")
    # the other order too: the packages imported before citekit's names are first used
    first = "import citekit.check.engine, citekit.resolve.api, citekit.check.complete\n"
    for program in (code, first + code):
        subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True)


def _classes_in(annotation: Any) -> list[type]:
    """The classes an annotation names (``list[Found]`` → Found), builtins and typing left out."""
    found: list[type] = []
    origin = typing.get_origin(annotation)
    if origin is not None:
        for arg in typing.get_args(annotation):
            found.extend(_classes_in(arg))
        return found
    if isinstance(annotation, type) and annotation.__module__.startswith("citekit"):
        found.append(annotation)
    return found


def test_every_public_functions_return_type_is_importable_from_citekit() -> None:
    public = {name: getattr(citekit, name) for name in citekit.__all__ if name != "__version__"}
    namespace = {**public}
    checked = 0
    for name, value in public.items():
        functions = [value] if inspect.isfunction(value) else []
        for function in functions:
            hints = typing.get_type_hints(function, globalns={**function.__globals__, **namespace})
            assert "return" in hints, f"{name} has no return annotation"
            for cls in _classes_in(hints["return"]):
                assert getattr(citekit, cls.__name__, None) is cls, f"{name} returns {cls.__name__}, not in citekit"
                checked += 1
    assert checked >= 12  # Report, Completion, ParseResult, DumpResult, MatchResult, Result, Found, Format, ...


#: return types of public methods that are internal on purpose, with the reason
INTERNAL = {"ItemData": "the processor's per-item variable cache (Processor.add), used by the CSL test-suite runner"}


def test_every_public_methods_return_type_is_importable_from_citekit() -> None:
    public = {name: getattr(citekit, name) for name in citekit.__all__ if name != "__version__"}
    checked = 0
    for name, cls in public.items():
        if not inspect.isclass(cls):
            continue
        for method_name, member in vars(cls).items():
            function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
            function = function.fget if isinstance(function, property) else function
            if method_name.startswith("_") or not inspect.isfunction(function):
                continue
            function = inspect.unwrap(function)  # a @contextmanager's hints live on the function it wraps
            hints = typing.get_type_hints(function, globalns={**function.__globals__, **public})
            for returned in _classes_in(hints.get("return")):
                if returned.__name__ not in INTERNAL:
                    assert getattr(citekit, returned.__name__, None) is returned, f"{name}.{method_name}"
                    checked += 1
    assert checked >= 30


def test_named_return_types_are_exported() -> None:
    for name in ("Result", "Completion", "MatchResult", "FailedEntry", "Diagnostic", "Rendered", "Report", "Code",
                 "ParseResult", "DumpResult", "Format", "FormatInfo", "Found"):
        assert name in citekit.__all__, name


def test_format_bibliography_returns_the_same_type_as_the_processors() -> None:
    refs = [citekit.Reference(id="a", type="book", title="A Title", issued=citekit.Date.from_parts(2001))]
    text = citekit.format_bibliography(refs, style="apa", output="text", locale="en-US")
    proc = citekit.Processor("apa", locale="en-US")
    proc.bibliography(refs)
    assert isinstance(text, str) and text == proc.format_bibliography()
    assert typing.get_type_hints(citekit.Processor.format_bibliography)["return"] is str


# ---------------------------------------------------------------------- reprs
def test_short_reprs() -> None:
    from citekit.check.report import Finding

    ref = citekit.Reference.from_csl({
        "id": "morris2017", "type": "article-journal", "DOI": "10.1016/S1470-2045(17)30104-3",
        "title": "Nivolumab for previously treated unresectable metastatic anal cancer (NCI9673): "
                 "a multicentre, single-arm, phase 2 study",
        "author": [{"family": "Morris", "given": "Van K"}, {"family": "Salem", "given": "Mohamed E"},
                   {"family": "Nimeiri", "given": "Halla"}],
        "issued": {"date-parts": [[2017, 4]]}, "container-title": "The Lancet Oncology"})
    text = repr(ref)
    assert len(text) < 200 and "None" not in text
    for part in ("morris2017", "article-journal", "Morris et al. 2017", "Nivolumab for previously", "…"):
        assert part in text, part
    assert "single-arm" not in text  # the title is cut
    assert str(ref) == text
    bib = citekit.Bibliography([ref] * 7)
    assert repr(bib).startswith("Bibliography(7 references:") and "… 2 more" in repr(bib)
    assert repr(bib).count("morris2017") == 5
    report = citekit.Report(input="refs.bib", document="doc", references=[])
    report.findings.append(Finding(citekit.Code.CLAIM_UNSUPPORTED, citekit.Severity.WARNING, "no <b>support</b>",
                                   claim="c1"))
    assert repr(report) == "<Report 'refs.bib', document 'doc': 0 references, 1 warning>"
    proc = citekit.Processor("apa", locale="en-US", output="html")
    assert repr(proc) == "<Processor 'apa' locale='en-US' output='html': 0 items, 0 cited>"
    parsed = citekit.loads('[{"id": "a", "type": "book"}, {"id": "b"}]')
    assert repr(parsed) == "<ParseResult csl-json: 1 items, 1 failed, 0 warnings>"
    dumped = citekit.dumps(parsed.items, "ris")
    assert repr(dumped) == f"<DumpResult ris: {len(dumped.text)} characters, {len(dumped.warnings)} warnings>"


def test_html_reprs_escape_and_show_what_identifies() -> None:
    from citekit.check.report import Finding

    ref = citekit.Reference.from_csl({"id": "a<b", "type": "book", "title": "Fish & <i>Chips</i>", "DOI": "10.1/x",
                                      "author": [{"literal": "WHO"}]})
    html = ref._repr_html_()
    assert "a&lt;b" in html and "Fish &amp; Chips" in html and 'href="https://doi.org/10.1/x"' in html
    assert "<i>Chips</i>" not in html and "WHO" in html
    table = citekit.Bibliography([ref] * 60)._repr_html_()
    assert table.count("<tr>") == 51 and "… 10 more" in table  # header + 50 rows
    report = citekit.Report(input="x")
    report.findings.append(Finding(citekit.Code.CLAIM_UNSUPPORTED, citekit.Severity.WARNING, "no <b>support</b>",
                                   claim="c1"))
    html = report._repr_html_()
    assert "no &lt;b&gt;support&lt;/b&gt;" in html and "claim-unsupported" in html and ">c1<" in html


def test_all_is_a_literal_list_naming_exactly_the_exports() -> None:
    """mypy and pyright read ``__all__`` only as a literal: a computed one made ``citekit.read`` an
    "attribute not explicitly exported" error for every user type-checking with --strict."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(citekit.__file__).read_text(encoding="utf-8"))
    [value] = [node.value for node in tree.body if isinstance(node, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)]
    assert isinstance(value, ast.List) and all(isinstance(e, ast.Constant) for e in value.elts)
    assert [e.value for e in value.elts if isinstance(e, ast.Constant)] == citekit.__all__
    assert set(citekit.__all__) == {*citekit._EXPORTS, "__version__"}
    # and the names type checkers import are the same ones (the TYPE_CHECKING block)
    [block] = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    imported = {alias.asname or alias.name for node in ast.walk(block) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert imported == set(citekit._EXPORTS)

"""crossref / xdata inheritance and EDTF dates (issue 15), checked against pandoc 3.9's reading."""

from __future__ import annotations

import json
import subprocess

import pypandoc

from citekit.formats import loads

BIB = """@xdata{pub, publisher = {Kumarian Press}, location = {Bloomfield}}
@book{book, editor = {Salamon, Lester}, title = {Global Civil Society}, subtitle = {Dimensions}, year = {2004}, xdata = {pub}}
@inbook{inbook, author = {El-Husseini, Hashem}, crossref = {book}, pages = {227--32}, title = {Lebanon}}
@periodical{per, title = {Journal of Things}, year = {2000}}
@article{art, title = {A Paper}, crossref = {per}, author = {A, B}}
@inproceedings{ip, title = {Talk}, crossref = {procs}}
@proceedings{procs, title = {Proc of Conf}, year = {2001}, editor = {E, D}}
@article{orphan, title = {Alone}, crossref = {missing}}
@article{open, title = {X}, date = {2015/}}
@article{openstart, title = {X}, date = {/2015}}
"""


def test_children_inherit_as_pandoc_reads_them() -> None:
    ours = {str(r.id): r.to_csl() for r in loads(BIB, "biblatex").items}
    theirs = {i["id"]: i for i in json.loads(subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson"], input=BIB.encode(),
        capture_output=True, timeout=60, check=True).stdout)}
    assert set(ours) == set(theirs)  # the @xdata entry is no reference
    for key in ("inbook", "art", "ip"):
        for var in ("container-title", "editor", "issued", "publisher", "publisher-place"):
            assert ours[key].get(var) == theirs[key].get(var), (key, var)
    assert ours["inbook"]["container-title"] == "Global civil society: Dimensions"
    assert ours["open"]["issued"] == theirs["open"]["issued"] == {"date-parts": [[2015], [0]]}
    assert ours["openstart"]["issued"] == theirs["openstart"]["issued"] == {"date-parts": [[0], [2015]]}


def test_a_missing_parent_is_a_warning_naming_entry_and_field() -> None:
    result = loads(BIB, "biblatex")
    [w] = [w for w in result.warnings if w.item == "orphan"]
    assert w.field == "crossref" and "missing" in w.message and w.line == 8


def test_a_cycle_is_reported_not_followed() -> None:
    result = loads("@book{a, crossref = {b}}\n@book{b, title = {B}, crossref = {a}}\n", "biblatex")
    assert len(result.items) == 2 and any("cycle" in w.message for w in result.warnings)

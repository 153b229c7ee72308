"""The service registry: every registered service loads lazily, declares what it handles, and the
DOI services are asked in their declared order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from citekit.errors import NotFound, UnsupportedIdentifier
from citekit.ids import DOI, ISBN, PMCID, PMID
from citekit.ids.arxiv import ArxivId
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.services import BUILTIN, DOI_ORDER, service_class
from citekit.resolve.services.base import Service

from .conftest import FixtureServer


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_registered_service_loads_and_declares_its_identifiers(name: str) -> None:
    cls = service_class(name)
    assert issubclass(cls, Service) and cls.name == name and cls.label
    assert cls.handles and all(t in (DOI, PMID, PMCID, ArxivId, ISBN) for t in cls.handles)


def test_services_are_not_imported_until_used() -> None:
    import subprocess

    code = ("import sys; from citekit.resolve import services as s; print(sorted(m for m in sys.modules "
            "if m.startswith('citekit.resolve.services.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_each_identifier_kind_has_its_chain(config: ResolverConfig) -> None:
    resolver = Resolver(config)
    assert list(DOI_ORDER) == ["mirror", "crossref", "doiorg"]
    # the local mirror claims DOIs only when one is configured (CITEKIT_MIRROR)
    assert [s.name for s in resolver.chain(DOI.parse("10.1000/x"))] == ["crossref", "doiorg"]
    with_mirror = Resolver(config.with_(mirror_dir=Path("unused-until-asked")))
    assert [s.name for s in with_mirror.chain(DOI.parse("10.1000/x"))] == ["mirror", "crossref", "doiorg"]
    assert [s.name for s in resolver.chain(PMID.parse("1"))] == ["pubmed"]
    assert [s.name for s in resolver.chain(PMCID.parse("PMC1"))] == ["pmc"]
    assert [s.name for s in resolver.chain(ArxivId.parse("1605.08386"))] == ["arxiv"]
    assert [s.name for s in resolver.chain(ISBN.parse("0099560437"))] == ["isbn"]


def test_unknown_service_name_is_a_typed_error() -> None:
    with pytest.raises(UnsupportedIdentifier, match="no service called"):
        service_class("worldcat")


def test_a_doi_chain_without_doiorg_stops_at_crossref(server: FixtureServer, config: ResolverConfig) -> None:
    resolver = Resolver(config, services=["crossref"])
    with pytest.raises(NotFound, match="Crossref") as info:
        resolver.resolve("10.5281/zenodo.30799")  # a DataCite DOI: only doi.org has it
    assert "doi.org" not in str(info.value)
    assert not [p for p in server.paths() if p.startswith(("/doi", "/v1"))]
    assert str(Resolver(config).resolve("10.5281/zenodo.30799").doi).lower() == "10.5281/zenodo.30799"


def test_copies_of_a_record_are_equal_and_independent() -> None:
    import json

    from citekit.resolve.api import copy_reference
    from citekit.resolve.crossref import work_response_to_reference

    from .conftest import WORKS

    for path in WORKS.values():
        ref = work_response_to_reference(json.loads(path.read_text(encoding="utf-8")))
        copy = copy_reference(ref)
        assert copy == ref == ref.model_copy(deep=True) and copy.to_csl() == ref.to_csl(), path.name
        if copy.author:
            copy.author[0].family = "Changed"
            assert ref.author is not None and ref.author[0].family != "Changed"


def test_duplicate_inputs_get_independent_records(server: FixtureServer, config: ResolverConfig) -> None:
    first, second = Resolver(config).resolve_many(["10.1038/ng.3834", "doi:10.1038/NG.3834"])
    assert first.reference == second.reference and first.reference is not second.reference
    assert len(server.requests) == 1

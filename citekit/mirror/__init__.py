"""A local mirror of Crossref metadata: an embedded SQLite store (WAL) of works by DOI, and an
FTS5 bibliographic index for matching citations, built from Crossref's public data file.

The public data file is a folder of gzipped JSON files, each ``{"items": [work, ...]}`` with every
work as ``/works/{doi}`` returns it (``message``). ``citekit mirror build FILES... -o DIR`` loads
them; ``citekit mirror update`` adds or replaces works from more files. Each input file is loaded in
one transaction and recorded in ``loaded_files``: a build that was killed is re-run and skips the
files already committed. A malformed file or work is a :class:`~citekit.mirror.build.Problem`
naming the file and the item index; the rest goes on.

=====================  =====================================================================
module                 concern
=====================  =====================================================================
``store``              the SQLite schema, opening (WAL), DOI lookups, candidate searches
``index``              a work's index fields (title words, first author, year, journal,
                       volume, first page) and the FTS5 query built from a citation's fields
``build``              reading data files into the store, one transaction a file, resumable
=====================  =====================================================================

No network and no ``requests`` here: the resolver's ``mirror`` service
(:mod:`citekit.resolve.services.mirror`) maps the stored works to references.
"""

from __future__ import annotations

from citekit.mirror.build import BuildReport, Problem, build
from citekit.mirror.store import MirrorStore

__all__ = ["BuildReport", "MirrorStore", "Problem", "build"]

"""Checking reference lists at scale: ``citekit bulk check`` on Dask against a local mirror.

=================  ==========================================================================
module             concern
=================  ==========================================================================
``jats``           JATS ``<ref-list>`` (element-citation, mixed-citation) → references
``identify``       the bulk check's match against the mirror (plugged into the checker's identify list)
``worker``         one partition (one input file): read, check, write Parquet atomically
``run``            the Dask run: plan, resume, submit, retry, report failures
``synth``          a synthetic Crossref snapshot and reference corpus with planted errors (benchmarks, tests)
=================  ==========================================================================

Needs the ``bulk`` extra (dask[distributed], pyarrow; orjson speeds up the mirror). Nothing here is
imported by ``import citekit``.
"""

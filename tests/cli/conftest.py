"""Fixtures of the command tests: the local HTTP server of tests/resolve, replaying the recorded responses."""

from __future__ import annotations

from tests.resolve.conftest import FixtureServer, server  # noqa: F401  (fixture re-used)

__all__ = ["FixtureServer"]

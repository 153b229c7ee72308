"""``citekit bulk check --scheduler ADDRESS``: a scheduler that cannot be reached is exit 3 (distinct), named, no traceback.

Run in process (click's runner) so the test takes the 1-second ``--connect-timeout``, not an
interpreter's start; ``tests/bulk/test_cli.py`` runs the command as a subprocess.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from citekit.cli import cli
from citekit.cli.common import EXIT_UNREACHABLE, EXIT_USAGE


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _bulk(*args: str) -> Any:
    result = CliRunner().invoke(cli, ["bulk", "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _input(tmp_path: Path) -> str:
    path = tmp_path / "a.bib"
    path.write_text("@article{a, author={Chiang, Colby}, title={The impact of structural variation on human gene "
                    "expression}, journal={Nat Genet}, year={2017}}\n", encoding="utf-8")
    return str(path)


def test_an_unreachable_scheduler_exits_3_after_the_connect_timeout(mirror: Path, tmp_path: Path) -> None:
    import dask.distributed  # noqa: F401  (imported before the clock starts: the timeout is what is timed)

    address = f"tcp://127.0.0.1:{_closed_port()}"
    start = time.perf_counter()
    got = _bulk(_input(tmp_path), "-o", str(tmp_path / "out"), "--mirror", str(mirror), "--scheduler", address,
                "--connect-timeout", "1")
    took = time.perf_counter() - start
    assert EXIT_UNREACHABLE == 3
    assert got.exit_code == 3, (got.exit_code, got.stderr)
    assert f"the Dask scheduler {address} could not be reached" in got.stderr and "after 1 s" in got.stderr, got.stderr
    assert "Traceback" not in got.stderr, got.stderr
    print(f"took {took:.2f} s")
    assert 1 <= took < 10, took  # it waited the 1-second timeout, not the default 15 s
    assert not list((tmp_path / "out").glob("references/*.parquet"))  # nothing claimed as checked


def test_the_connect_timeout_must_be_positive(mirror: Path, tmp_path: Path) -> None:
    got = _bulk(_input(tmp_path), "-o", str(tmp_path / "out"), "--mirror", str(mirror), "--scheduler",
                f"tcp://127.0.0.1:{_closed_port()}", "--connect-timeout", "0")
    assert got.exit_code == EXIT_USAGE and "--connect-timeout" in got.stderr, got.stderr

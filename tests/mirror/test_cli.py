"""``citekit mirror build`` / ``update``: exit codes, and each refused file or work named on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from citekit.mirror import MirrorStore
from tests.mirror.conftest import MIRROR_DATA


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", "mirror", *args], capture_output=True, text=True,
                          env=env, check=False, timeout=120)


def test_build_then_update(tmp_path: Path) -> None:
    out = tmp_path / "m"
    done = _cli("build", str(MIRROR_DATA / "part-0.json.gz"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 files loaded, 0 already loaded, 24 works added, 0 replaced, 0 refused" in done.stderr
    env = {**os.environ, "CITEKIT_MIRROR": str(out)}
    done = _cli("update", str(MIRROR_DATA / "part-1.json.gz"), str(MIRROR_DATA / "part-0.json.gz"), env=env)
    assert done.returncode == 0, done.stderr
    assert "1 files loaded, 1 already loaded, 12 works added, 2 replaced, 0 refused" in done.stderr
    assert MirrorStore(out).count() == 36


def test_bad_input_is_named_and_the_rest_loaded(tmp_path: Path) -> None:
    done = _cli("build", str(MIRROR_DATA / "bad-items.json.gz"), str(MIRROR_DATA / "not-gzip.json.gz"),
                "-o", str(tmp_path / "m"))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert f"citekit: {MIRROR_DATA / 'bad-items.json.gz'}: item 2: work without a DOI string (DOI = 'None')" in lines
    assert any(line.startswith(f"citekit: {MIRROR_DATA / 'not-gzip.json.gz'}: not JSON") for line in lines)
    assert "Traceback" not in done.stderr
    assert MirrorStore(tmp_path / "m").count() == 2


def test_usage_errors(tmp_path: Path) -> None:
    done = _cli("build", str(tmp_path / "missing.json.gz"), "-o", str(tmp_path / "m"))
    assert done.returncode == 2 and "missing.json.gz: no such file or folder" in done.stderr
    env = {k: v for k, v in os.environ.items() if k != "CITEKIT_MIRROR"}
    done = _cli("update", str(MIRROR_DATA / "part-0.json.gz"), env=env)
    assert done.returncode == 2 and "give -o DIR or set CITEKIT_MIRROR" in done.stderr
    done = _cli("update", str(MIRROR_DATA / "part-0.json.gz"), "-o", str(tmp_path / "none"))
    assert done.returncode == 2 and "not a citekit mirror" in done.stderr
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "mirror.sqlite").write_text("not sqlite")
    done = _cli("update", str(MIRROR_DATA / "part-0.json.gz"), "-o", str(tmp_path / "junk"))
    assert done.returncode == 2 and "not a usable citekit mirror" in done.stderr and "Traceback" not in done.stderr


def test_json_summary_on_stdout(tmp_path: Path) -> None:
    import json

    done = _cli("build", str(MIRROR_DATA / "bad-items.json.gz"), "-o", str(tmp_path / "m"), "--to", "json", "-q")
    assert done.returncode == 1 and done.stderr == ""
    summary = json.loads(done.stdout)
    assert (summary["works_added"], [p["item"] for p in summary["problems"]]) == (2, [1, 2, 3])

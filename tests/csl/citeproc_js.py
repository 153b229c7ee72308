"""citeproc-js (the reference CSL engine, npm ``citeproc``) driven from Python through node.

Used by the differential test and ``benchmarks/bench_csl.py``. ``ensure_citeproc_js()`` installs the
npm package once into a cache folder (``CITEKIT_CITEPROC_JS`` names an existing ``node_modules``
folder instead); without node/npm it returns ``None``.

The script renders with the same style file and locale file we give citekit, so outputs compare
byte for byte: clusters are processed in order (``processCitationCluster``, noteIndex 1..n) and the
bibliography comes from ``makeBibliography`` (each entry as citeproc-js writes it). ``citations``
holds each cluster's last rendering (later clusters can change earlier ones, e.g. by
disambiguation), ``inserted`` its rendering when it was added (what ``Processor.cite`` returns).

Results of batched jobs are kept by a key that hashes every input (script, citeproc-js release,
items, style and locale bytes, clusters, format, language). ``tests/data/citeproc-js-results.json.gz``
ships the results citeproc-js 2.4.63 gave for the suite's jobs, so a clean clone compares against
them without running node for each module (a job whose inputs changed has another key and is
rendered by node). Rebuild it after a run with ``python -m tests.csl.citeproc_js --freeze``, which
keeps the results of the jobs the last suite run asked for.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

#: the rendering of one job, shared by the one-job script and the batch script
RENDER = r"""
const fs = require("fs");
const CSL = require("citeproc");
const path = require("path");
function render(itemsPath, stylePath, localePath, clustersPath, fmt, lang) {
  const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
  const byId = Object.fromEntries(items.map((it) => [String(it.id), it]));
  const locale = fs.readFileSync(localePath, "utf8");
  // without a lang the given file serves every language (as before); with one, the given file
  // serves it and another language (en-US, the fallback) comes from the file beside it
  const sibling = (l) => path.join(path.dirname(localePath), "locales-" + l + ".xml");
  const retrieveLocale = (l) => (!lang || l === lang || !fs.existsSync(sibling(l)) ? locale : fs.readFileSync(sibling(l), "utf8"));
  const sys = { retrieveLocale, retrieveItem: (id) => byId[id] };
  const engine = lang ? new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), lang, true)
    : new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
  engine.setOutputFormat(fmt || "html");
  const clusters = clustersPath && clustersPath !== "-" ? JSON.parse(fs.readFileSync(clustersPath, "utf8")) : [];
  const t0 = process.hrtime.bigint();
  const texts = {};
  const inserted = [];
  const pre = [];
  clusters.forEach((cl, i) => {
    const citation = { citationID: "C" + i, citationItems: cl, properties: { noteIndex: i + 1 } };
    const res = engine.processCitationCluster(citation, pre, []);
    pre.push(["C" + i, i + 1]);
    for (const [idx, text] of res[1]) texts[idx] = text;
    inserted.push(texts[i]);
  });
  if (!clusters.length) engine.updateItems(items.map((it) => String(it.id)));
  const bib = engine.makeBibliography();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { citations: clusters.map((_, i) => texts[i]), inserted, bibliography: bib ? bib[1] : [], ms };
}
"""

#: one job from the command line: items, style, locale, clusters (or ``-``), format[, lang]
SCRIPT = RENDER + r"""
process.stdout.write(JSON.stringify(render(...process.argv.slice(2))));
"""

#: many jobs in one node process (loading citeproc-js once): a JSON file of argument lists in,
#: a JSON list of results out; a job that throws gives ``{"error": message}``
BATCH_SCRIPT = RENDER + r"""
const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = jobs.map((args) => { try { return render(...args); } catch (e) { return { error: String(e && e.stack || e) }; } });
fs.writeFileSync(process.argv[3], JSON.stringify(out));
"""


#: the citeproc-js release the differential figures were measured against
CITEPROC_VERSION = "2.4.63"


def ensure_citeproc_js() -> Path | None:
    """A ``node_modules`` folder holding ``citeproc`` (installed with npm on first use), or None."""
    env = os.environ.get("CITEKIT_CITEPROC_JS")
    if env and (Path(env) / "citeproc").is_dir():
        return Path(env)
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "citekit" / "citeproc-js"
    modules = cache / "node_modules"
    cache.mkdir(parents=True, exist_ok=True)
    # Test workers (pytest-xdist) may get here at the same time: one installs, the others wait.
    with open(cache / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (modules / "citeproc" / "package.json").is_file():
            proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                                   f"citeproc@{CITEPROC_VERSION}"],
                                  capture_output=True, text=True, timeout=300, check=False)
            if proc.returncode != 0 or not (modules / "citeproc").is_dir():
                return None
    return modules


class Job(NamedTuple):
    """One rendering by citeproc-js: the arguments of ``run_citeproc_js``."""

    items: list[dict[str, Any]]
    style_path: Path
    locale_path: Path
    clusters: list[list[dict[str, Any]]] | None = None
    fmt: str = "html"
    lang: str | None = None


#: results of prefetched jobs in this process, by job key (``run_citeproc_js`` looks here first)
_STORE: dict[str, dict[str, Any]] = {}
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "citeproc-js-results.json.gz"
_SHIPPED: dict[str, dict[str, Any]] | None = None


def _shipped() -> dict[str, dict[str, Any]]:
    """The results shipped with the repository (citeproc-js 2.4.63's own output), by job key."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = json.loads(gzip.decompress(SHIPPED.read_bytes())) if SHIPPED.is_file() else {}
    return _SHIPPED


def _job_key(job: Job) -> str:
    """A digest of everything a rendering depends on: the script, the release, the items, the
    style file's and locale files' bytes, the clusters, the format and the language."""
    digest = hashlib.sha256()
    sibling = job.locale_path.with_name("locales-en-US.xml")
    for part in (RENDER, CITEPROC_VERSION, json.dumps(job.items, sort_keys=True), job.style_path.read_bytes(),
                 job.locale_path.read_bytes(), sibling.read_bytes() if job.lang and sibling.is_file() else b"",
                 json.dumps(job.clusters or [], sort_keys=True), job.fmt, job.lang or ""):
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "citekit" / "citeproc-js" / "results"


def prefetch(jobs: list[Job], modules: Path | None = None) -> None:
    """Render every job not yet known in one node process (citeproc-js loaded once, ~30 % less
    time than one process per job); later ``run_citeproc_js`` calls with the same arguments
    return the stored result. Results are kept on disk by job key (the key covers every input,
    so a changed style, locale, item or release renders afresh); pytest-xdist workers asking for
    the same batch wait for the first one instead of rendering it again."""
    keyed = {_job_key(job): job for job in jobs}
    folder = _cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    batch = hashlib.sha256("".join(sorted(keyed)).encode()).hexdigest()
    with open(folder / f"{batch}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = {}
        for key, job in keyed.items():
            if key in _STORE:
                continue
            stored = folder / f"{key}.json"
            if key in _shipped():
                _STORE[key] = _shipped()[key]
                (folder / f"{key}.used").touch()
            elif stored.is_file():
                _STORE[key] = json.loads(stored.read_text(encoding="utf-8"))
            else:
                missing[key] = job
        if missing:
            for key, result in zip(missing, _run_batch(list(missing.values()), modules)):
                if "error" in result:
                    continue  # not stored: run_citeproc_js renders it alone and raises its error
                _STORE[key] = result
                tmp = folder / f"{key}.json.{os.getpid()}"
                tmp.write_text(json.dumps(result), encoding="utf-8")
                tmp.replace(folder / f"{key}.json")
        for key in keyed:
            (folder / f"{key}.used").touch()
    (folder / f"{batch}.lock").unlink(missing_ok=True)


def _run_batch(jobs: list[Job], modules: Path | None) -> list[dict[str, Any]]:
    """The jobs' results, rendered by one node process per core (each takes every k-th job)."""
    modules = modules or ensure_citeproc_js()
    if modules is None:
        raise RuntimeError("node and the npm package citeproc are needed")
    parts = max(1, min(os.cpu_count() or 1, len(jobs)))
    results: list[dict[str, Any]] = [{} for _ in jobs]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "batch.js").write_text(BATCH_SCRIPT, encoding="utf-8")
        procs = []
        for part in range(parts):
            args = []
            for i in range(part, len(jobs), parts):
                job = jobs[i]
                (folder / f"items{i}.json").write_text(json.dumps(job.items), encoding="utf-8")
                (folder / f"clusters{i}.json").write_text(json.dumps(job.clusters or []), encoding="utf-8")
                args.append([str(folder / f"items{i}.json"), str(job.style_path), str(job.locale_path),
                             str(folder / f"clusters{i}.json"), job.fmt, *([job.lang] if job.lang else [])])
            (folder / f"jobs{part}.json").write_text(json.dumps(args), encoding="utf-8")
            procs.append(subprocess.Popen(
                ["node", str(folder / "batch.js"), str(folder / f"jobs{part}.json"), str(folder / f"out{part}.json")],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "NODE_PATH": str(modules)}))
        for part, proc in enumerate(procs):
            _, err = proc.communicate(timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(f"citeproc-js failed: {err[-2000:]}")
            out = json.loads((folder / f"out{part}.json").read_text(encoding="utf-8"))
            for i, result in zip(range(part, len(jobs), parts), out):
                results[i] = result
    return results


def run_citeproc_js(items: list[dict[str, Any]], style_path: Path, locale_path: Path,
                    clusters: list[list[dict[str, Any]]] | None = None, fmt: str = "html",
                    modules: Path | None = None, lang: str | None = None) -> dict[str, Any]:
    """citeproc-js's ``{"citations": [...], "inserted": [...], "bibliography": [...], "ms": float}``.

    ``lang`` forces the rendering language (as ``Processor(locale=lang)`` does); ``locale_path``
    is then that language's file. A job given to ``prefetch`` before returns its stored result.
    """
    if _STORE:
        known = _STORE.get(_job_key(Job(items, Path(style_path), Path(locale_path), clusters, fmt, lang)))
        if known is not None:
            return known
    modules = modules or ensure_citeproc_js()
    if modules is None:
        raise RuntimeError("node and the npm package citeproc are needed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "run.js").write_text(SCRIPT, encoding="utf-8")
        (folder / "items.json").write_text(json.dumps(items), encoding="utf-8")
        (folder / "clusters.json").write_text(json.dumps(clusters or []), encoding="utf-8")
        proc = subprocess.run(
            ["node", str(folder / "run.js"), str(folder / "items.json"), str(style_path), str(locale_path),
             str(folder / "clusters.json"), fmt, *([lang] if lang else [])],
            capture_output=True, text=True, timeout=600, check=False, env={**os.environ, "NODE_PATH": str(modules)},
        )
    if proc.returncode != 0:
        raise RuntimeError(f"citeproc-js failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def as_bib_entry(entry: str) -> str:
    """Our entry wrapped the way citeproc-js's makeBibliography writes one."""
    return f'  <div class="csl-entry">{entry}</div>\n'


def freeze(since: float) -> int:
    """Write the shipped results file from the results the jobs used since ``since`` (a time)."""
    folder = _cache_dir()
    keep: dict[str, dict[str, Any]] = {}
    for used in folder.glob("*.used"):
        if used.stat().st_mtime < since:
            continue
        key = used.name[: -len(".used")]
        stored = folder / f"{key}.json"
        if stored.is_file():
            keep[key] = json.loads(stored.read_text(encoding="utf-8"))
        elif key in _shipped():
            keep[key] = _shipped()[key]
    SHIPPED.write_bytes(gzip.compress(json.dumps(keep, sort_keys=True).encode("utf-8"), 9, mtime=0))
    return len(keep)


if __name__ == "__main__":
    import sys
    import time

    if sys.argv[1:2] != ["--freeze"]:
        raise SystemExit("usage: python -m tests.csl.citeproc_js --freeze [HOURS]  (results used in the last HOURS, default 6)")
    hours = float(sys.argv[2]) if len(sys.argv) > 2 else 6.0
    print(f"{freeze(time.time() - hours * 3600)} results written to {SHIPPED}")

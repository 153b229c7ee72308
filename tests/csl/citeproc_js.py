"""citeproc-js (the reference CSL engine, npm ``citeproc``) driven from Python through node.

Used by the differential test and ``benchmarks/bench_csl.py``. ``ensure_citeproc_js()`` installs the
npm package once into a cache folder (``CITEKIT_CITEPROC_JS`` names an existing ``node_modules``
folder instead); without node/npm it returns ``None``.

The script renders with the same style file and locale file we give citekit, so outputs compare
byte for byte: clusters are processed in order (``processCitationCluster``, noteIndex 1..n) and the
bibliography comes from ``makeBibliography`` (each entry as citeproc-js writes it). ``citations``
holds each cluster's last rendering (later clusters can change earlier ones, e.g. by
disambiguation), ``inserted`` its rendering when it was added (what ``Processor.cite`` returns).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SCRIPT = r"""
const fs = require("fs");
const CSL = require("citeproc");
const path = require("path");
const [itemsPath, stylePath, localePath, clustersPath, fmt, lang] = process.argv.slice(2);
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
process.stdout.write(JSON.stringify({ citations: clusters.map((_, i) => texts[i]), inserted, bibliography: bib ? bib[1] : [], ms }));
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


def run_citeproc_js(items: list[dict[str, Any]], style_path: Path, locale_path: Path,
                    clusters: list[list[dict[str, Any]]] | None = None, fmt: str = "html",
                    modules: Path | None = None, lang: str | None = None) -> dict[str, Any]:
    """citeproc-js's ``{"citations": [...], "inserted": [...], "bibliography": [...], "ms": float}``.

    ``lang`` forces the rendering language (as ``Processor(locale=lang)`` does); ``locale_path``
    is then that language's file.
    """
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

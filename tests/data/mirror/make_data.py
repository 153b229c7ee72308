"""Writes the mirror's test data files from the recorded real Crossref works (run from the repository root).

part-0.json.gz: the first 24 works; part-1.json.gz: the other 12 plus 2 of part-0's again with a
changed volume (to test that an update replaces); bad-items.json.gz: 2 real works and 3 malformed
items (a string, a work without DOI, a work with an invalid DOI); not-gzip.json.gz: not a data file.
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

from tests.mirror.conftest import recorded_works

OUT = Path("tests/data/mirror")


def write(name: str, items: list[object]) -> None:
    data = json.dumps({"items": items}, ensure_ascii=False).encode("utf-8")
    (OUT / name).write_bytes(gzip.compress(data, mtime=0))


def main() -> None:
    ws = recorded_works()
    write("part-0.json.gz", ws[:24])
    changed = []
    for w in ws[:2]:
        c = copy.deepcopy(w)
        c["volume"] = "999"
        changed.append(c)
    write("part-1.json.gz", ws[24:] + changed)
    write("bad-items.json.gz", [ws[0], "not a work", {"title": ["no DOI"]}, {"DOI": "11.1234/x"}, ws[1]])
    (OUT / "not-gzip.json.gz").write_bytes(b'{"items": [')


if __name__ == "__main__":
    main()

"""Write refs.json (CSL-JSON) and refs.bib (BibLaTeX) for the test manuscripts from real records.

Run from the repository root: ``python tests/data/manuscript/make_references.py``. The records are
the shipped document's curated references (references/anal-cancer-immunotherapy/references.json,
without citekit's ``custom`` data) and recorded Crossref work responses
(tests/data/fixtures/real/crossref-works, mapped by citekit.resolve.crossref). Each gets a key
``family + year + first title word`` (manubot/Zotero style). The files are inputs of the tests,
not expected outputs: the expected outputs come from ``pandoc --citeproc`` at test time.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from citekit.formats import dumps
from citekit.model import Reference
from citekit.resolve.crossref import work_response_to_reference

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
CROSSREF = [
    "10.1002_jor.1100150407", "10.1007_978-3-642-33191-6_49", "10.1016_j.neurobiolaging.2010.03.024",
    "10.1016_j.pediatrneurol.2015.06.002", "10.1016_j.xgen.2025.100814", "10.1038_ng.3834", "10.1038_srep16696",
    "10.1073_pnas.1414271111", "10.1098_rspb.2017.0132", "10.1101_097196", "10.1101_2024.04.01.587366",
    "10.1103_physrevlett.120.117701", "10.1109_iccv.2007.4408927", "10.1136_esmoopen-2020-000776",
    "10.1136_jclinpath-2020-206745", "10.1155_2012_291294", "10.1186_1471-2164-7-187",
    "10.1371_journal.pone.0020476", "10.1371_journal.pone.0033693", "10.1371_journal.ppat.1008184",
    "10.14264_uql.2020.791", "10.2903_j.efsa.2018.5239", "10.3892_ijo_00000353", "10.5005_jp_books_12414_3",
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def key_of(item: dict[str, object], taken: set[str]) -> str:
    """``family + year + first title word`` (a letter added when taken)."""
    authors = item.get("author") or []
    family = authors[0].get("family") or authors[0].get("literal") or "anon" if authors else "anon"  # type: ignore[union-attr,index]
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]  # type: ignore[union-attr]
    year = parts[0][0] or "nd"
    words = [w for w in re.findall(r"[A-Za-z]+", _ascii(str(item.get("title") or ""))) if len(w) > 3]
    base = re.sub(r"[^a-z]", "", _ascii(str(family)).split(" ")[0])[:12] + str(year) + (words[0] if words else "")
    key, n = base, 0
    while key in taken:
        n += 1
        key = base + "abcdefgh"[n - 1]
    taken.add(key)
    return key


def main() -> None:
    items: list[dict[str, object]] = []
    for obj in json.loads((ROOT / "references/anal-cancer-immunotherapy/references.json").read_text()):
        obj.pop("custom", None)
        if obj.get("title"):  # li2024tislelizumab is a placeholder with no metadata yet
            items.append(obj)
    taken = {str(i["id"]) for i in items}
    for name in CROSSREF:
        body = json.loads((ROOT / f"tests/data/fixtures/real/crossref-works/{name}.json").read_text())
        obj = work_response_to_reference(body).to_csl() if hasattr(Reference, "to_csl") else \
            work_response_to_reference(body).model_dump(by_alias=True, exclude_none=True)
        obj.pop("custom", None)
        obj["id"] = key_of(obj, taken)
        obj["citation-key"] = obj["id"]
        items.append(obj)
    (HERE / "refs.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    refs = [Reference.from_csl(i) for i in items]
    (HERE / "refs.bib").write_text(dumps(refs, "biblatex").text, encoding="utf-8")
    print(f"{len(items)} references: refs.json, refs.bib")


if __name__ == "__main__":
    main()

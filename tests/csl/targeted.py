"""Small targeted cases for issue 16's causes, with citeproc-js's rendering recorded as the golden.

Each case is a handful of CSL-JSON items, a style and a locale. ``python -m tests.csl.targeted``
renders every case with citeproc-js (through ``citeproc_js.py``, the same style file and the
locale file citekit ships) and writes ``data/targeted_expected.json``; ``test_targeted.py``
compares citekit's bibliography with it entry by entry. Nothing here is produced by citekit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
EXPECTED = HERE / "data" / "targeted_expected.json"


def _book(id_: str, family: str, issued: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": id_, "type": "book", "title": f"The {id_} book", "author": [{"family": family, "given": "Jan"}],
            "issued": issued, "publisher": "Polity", "publisher-place": "Cambridge", **extra}


DATES = [
    _book("same-year", "Smith", {"date-parts": [[2021], [2021]]}),
    _book("month-range", "Smith", {"date-parts": [[2021, 3], [2021, 5]]}),
    _book("day-range", "Smith", {"date-parts": [[2021, 3, 1], [2021, 3, 9]]}),
    _book("year-range", "Brown", {"date-parts": [[2019], [2021]]}),
    _book("literal", "Jones", {"literal": "forthcoming"}),
    {"id": "web-nd", "type": "webpage", "title": "A page", "author": [{"family": "Mones", "given": "Ada"}],
     "issued": {"literal": "n.d."}, "URL": "https://example.org/p"},
    {"id": "article-literal", "type": "article-journal", "title": "An article", "container-title": "Journal",
     "author": [{"family": "Kones", "given": "Ada"}], "issued": {"literal": "in press"}},
    {"id": "news-range", "type": "article-newspaper", "title": "News", "container-title": "The Times",
     "author": [{"family": "Lee", "given": "Bo"}], "issued": {"date-parts": [[2020, 5, 2], [2020, 5, 4]]}},
]

#: items for styles that test several types at once (``type="thesis manuscript"``, match "all")
TYPES = [
    {"id": "thesis", "type": "thesis", "title": "A thesis", "author": [{"family": "Abel", "given": "Ann"}],
     "issued": {"date-parts": [[2018]]}, "publisher": "University of Oslo", "publisher-place": "Oslo",
     "genre": "PhD thesis"},
    {"id": "manuscript", "type": "manuscript", "title": "A manuscript", "author": [{"family": "Bede", "given": "B"}],
     "issued": {"date-parts": [[2019]]}, "publisher": "Archive", "publisher-place": "York",
     "genre": "Unpublished manuscript", "number": "12"},
    {"id": "report", "type": "report", "title": "A report", "author": [{"family": "Cole", "given": "C"}],
     "issued": {"date-parts": [[2020]]}, "publisher": "Agency", "publisher-place": "Paris", "number": "7"},
    {"id": "webpage", "type": "webpage", "title": "A web page", "author": [{"family": "Dunn", "given": "D"}],
     "issued": {"date-parts": [[2021, 4, 2]]}, "container-title": "Site", "URL": "https://example.org/w",
     "accessed": {"date-parts": [[2024, 1, 5]]}},
    {"id": "post", "type": "post-weblog", "title": "A blog post", "author": [{"family": "Eden", "given": "E"}],
     "issued": {"date-parts": [[2022, 6, 1]]}, "container-title": "Blog", "URL": "https://example.org/b"},
    {"id": "interview", "type": "interview", "title": "An interview", "author": [{"family": "Fox", "given": "F"}],
     "issued": {"date-parts": [[2017, 3, 3]]}},
]

#: items whose labels and terms a style capitalises (editors, translators, a software version)
TERMS = [
    {"id": "edited", "type": "book", "title": "Un livre", "issued": {"date-parts": [[2020]]},
     "editor": [{"family": "Dupont", "given": "Jean"}, {"family": "Martin", "given": "Luc"}],
     "publisher": "Gallimard", "publisher-place": "Paris"},
    {"id": "translated", "type": "book", "title": "Traduit", "author": [{"family": "Tolstoï", "given": "Léon"}],
     "translator": [{"family": "Roy", "given": "Anne"}], "issued": {"date-parts": [[2019]]}, "publisher": "Seuil"},
    {"id": "software", "type": "software", "title": "citekit", "author": [{"family": "Müller", "given": "Eva"}],
     "version": "5.11.2", "issued": {"date-parts": [[2023]]}, "publisher": "Zenodo", "URL": "https://example.org/s"},
    {"id": "chapter", "type": "chapter", "title": "Kapitel", "author": [{"family": "Schmidt", "given": "Udo"}],
     "editor": [{"family": "Weber", "given": "Max"}], "container-title": "Sammelband",
     "issued": {"date-parts": [[2018]]}, "publisher": "Beck", "page": "10-20", "edition": "2"},
    {"id": "french", "type": "book", "title": "Le livre", "author": [{"family": "Zola", "given": "Émile"}],
     "editor": [{"family": "Petit", "given": "Jean"}], "translator": [{"family": "Blanc", "given": "Eve"}],
     "issued": {"date-parts": [[2017]]}, "publisher": "P", "language": "fr"},
]

#: titles with quotation marks of several kinds, spaces before French punctuation
QUOTES = [
    {"id": f"q{k}", "type": "article-journal", "title": title, "author": [{"family": f"Au{k}", "given": "J"}],
     "issued": {"date-parts": [[2020]]}, "container-title": "Journal"}
    for k, title in enumerate(["Alpha “quoted” word", 'Beta "quoted" word', "Gamma « quoted » word",
                               "Delta «quoted» word", "Epsilon ‘quoted’ word", "Zeta „quoted“ word",
                               "Eta what ? and: this ; that !", "Theta ‘curly’ and “double ‘in’ x” word"])
]

#: editors with translators (Chicago substitutes from a cs:choose), particles (no-break space in fr/ru/cs)
NAMES = [
    {"id": "ed-tr", "type": "book", "title": "Randomized", "issued": {"date-parts": [[2015]]}, "publisher": "Elsevier",
     "editor": [{"family": "Alvarez", "given": "Ana"}, {"family": "Brien", "given": "Jean"}],
     "translator": [{"family": "Zhou", "given": "Mary"}]},
    {"id": "same", "type": "book", "title": "Same", "issued": {"date-parts": [[2016]]}, "publisher": "Elsevier",
     "editor": [{"family": "Cole", "given": "Ana"}], "translator": [{"family": "Cole", "given": "Ana"}]},
    {"id": "particles", "type": "book", "title": "Particles", "issued": {"date-parts": [[2017]]}, "publisher": "Seuil",
     "author": [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
                {"family": "Wright", "given": "Olaf", "dropping-particle": "von"},
                {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de La"}]},
]

#: a CJK "and" term (和, と) with two and three names; a title with no Latin letter (not italicised)
CJK = [
    {"id": "two", "type": "book", "title": "Treebase", "issued": {"date-parts": [[2015]]}, "publisher": "CRAN",
     "author": [{"family": "Boettiger", "given": "Carl"}, {"family": "Phillips", "given": "Benjamin L."}]},
    {"id": "three", "type": "book", "title": "Three", "issued": {"date-parts": [[2016]]}, "publisher": "P",
     "author": [{"family": "Aa", "given": "Bo"}, {"family": "Cc", "given": "Do"}, {"family": "Ee", "given": "Fo"}]},
    {"id": "edited", "type": "book", "title": "Edited", "issued": {"date-parts": [[2018]]}, "publisher": "P",
     "editor": [{"family": "Ff", "given": "Go"}, {"family": "Hh", "given": "Io"}]},
    {"id": "hanzi", "type": "book", "title": "中文书", "issued": {"date-parts": [[2017]]}, "publisher": "出版社",
     "author": [{"family": "Zz", "given": "Wang"}]},
]

#: the same names with a month range and a later single date (ranges must sort by their start)
SORT = [
    {"id": "late", "type": "book", "title": "Late", "editor": [{"family": "Alvarez", "given": "Mary"}],
     "issued": {"date-parts": [[1998, 7, 23]]}, "publisher": "Springer"},
    {"id": "range", "type": "book", "title": "Range", "editor": [{"family": "Alvarez", "given": "Mary"}],
     "issued": {"date-parts": [[1991, 9], [1991, 10]]}, "publisher": "Wiley"},
    {"id": "etal", "type": "book", "title": "Et al", "issued": {"date-parts": [[2020, 11, 3]]}, "publisher": "P",
     "author": [{"family": "Brown", "given": "Tom"}, {"family": "Wright", "given": "Jo"},
                {"family": "Lee", "given": "Al"}, {"family": "Kim", "given": "Bo"}]},
    {"id": "days", "type": "article-newspaper", "title": "Days", "author": [{"family": "Brown", "given": "Tom"}],
     "issued": {"date-parts": [[2007, 11, 8], [2007, 11, 13]]}, "container-title": "The Guardian"},
]

#: particles that sort differently where they join with a no-break space (fr, ru, cs)
PARTICLE_SORT = [
    {"id": f"p{k}", "type": "book", "title": f"Book {k}", "issued": {"date-parts": [[2000 + k]]}, "publisher": "P",
     "author": [name]}
    for k, name in enumerate([{"family": "Li", "given": "Jo", "non-dropping-particle": "d'"},
                              {"family": "Álvarez", "given": "Ana", "non-dropping-particle": "de la"},
                              {"family": "Dubois", "given": "Wu", "non-dropping-particle": "van"},
                              {"family": "Dean", "given": "Al"}])
]

CASES: dict[str, dict[str, Any]] = {
    **{f"particle-sort-apa-{lang}": {"style": "apa", "lang": lang, "items": PARTICLE_SORT}
       for lang in ("en-US", "fr-FR", "ru-RU", "cs-CZ")},
    **{f"sort-{style}": {"style": style, "lang": "en-US", "items": SORT}
       for style in ("apa", "harvard-cite-them-right", "chicago-author-date")},
    **{f"cjk-{style}-{lang}": {"style": style, "lang": lang, "items": CJK}
       for style in ("apa", "chicago-author-date", "nlm-citation-sequence") for lang in ("zh-CN", "ja-JP")},
    **{f"names-{style}-{lang}": {"style": style, "lang": lang, "items": NAMES}
       for style in ("apa", "chicago-author-date") for lang in ("en-US", "fr-FR", "ru-RU", "de-DE")},
    **{f"quotes-{style}-{lang}": {"style": style, "lang": lang, "items": QUOTES}
       for style in ("apa", "chicago-author-date") for lang in ("en-US", "de-DE", "fr-FR", "ru-RU", "pt-BR")},
    **{f"terms-{style}-{lang}": {"style": style, "lang": lang, "items": TERMS}
       for style in ("apa", "chicago-author-date") for lang in ("fr-FR", "ru-RU", "de-DE", "en-US")},
    **{f"dates-{style}": {"style": style, "lang": "en-US", "items": DATES}
       for style in ("apa", "chicago-author-date", "harvard-cite-them-right", "modern-language-association")},
    **{f"dates-{style}-ja-JP": {"style": style, "lang": "ja-JP", "items": DATES}
       for style in ("apa", "chicago-author-date", "nlm-citation-sequence")},
    **{f"types-{style}": {"style": style, "lang": "en-US", "items": TYPES}
       for style in ("american-sociological-association", "accident-analysis-and-prevention", "begell-house-apa")},
}


def record() -> None:
    """Render every case with citeproc-js and write the golden file."""
    from citekit.csl.locale import locale_path
    from citekit.csl.repository import find_style
    from tests.csl.citeproc_js import ensure_citeproc_js, run_citeproc_js

    modules = ensure_citeproc_js()
    if modules is None:
        raise SystemExit("node and npm are needed to record citeproc-js's output")
    out = {}
    for name, case in CASES.items():
        res = run_citeproc_js(case["items"], find_style(case["style"]), locale_path(case["lang"]),
                              modules=modules, lang=case["lang"])
        out[name] = {"style": case["style"], "lang": case["lang"], "bibliography": res["bibliography"]}
    EXPECTED.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(out)} cases written to {EXPECTED}")


if __name__ == "__main__":
    record()

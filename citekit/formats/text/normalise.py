"""Labelled segments (``[(label, text, confidence)]``) → CSL-JSON fields.

Each label has its normaliser: names are split (``names.py``), dates read into ``issued``,
pages into a range with a hyphen, volume and issue out of ``Vol. 3``/``(2)``/``no. 4``, DOI,
PMID, arXiv id and URL out of identifiers and notes. The item type follows from the labels:
a journal → ``article-journal``; a container with editors or proceedings words → ``chapter`` or
``paper-conference``; ``thesis``/``report``/``preprint`` from the genre or identifiers; a URL alone →
``webpage``; a publisher alone → ``book``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.formats.text.names import split_names
from citekit.formats.text.numbers import expand_pages

_YEAR = re.compile(r"(?<![\d])((?:1[5-9]|20)\d\d)(?![\d])")
_YEAR_SUFFIX = re.compile(r"(?<![\d])(?:1[5-9]|20)\d\d([a-z])\b")
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero", "gennaio"),
            ("feb", "february", "février", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marzo"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio"),
            ("aug", "august", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "dezember", "diciembre", "dicembre"),
        ]
    )
    for m in names
}
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;)\]]")
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(PMC\d{5,9})\b")
_ARXIV = re.compile(r"\barXiv:\s*([\w.-]+/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*([\dX-]{10,17})", re.IGNORECASE)
#: identifiers found in a segment: (pattern, CSL variable, how its first group becomes the value)
_ID_RULES = ((_DOI, "DOI", "{}"), (_PMID, "PMID", "{}"), (_PMCID, "PMCID", "{}"), (_ARXIV, "number", "arXiv:{}"),
             (_ISBN, "ISBN", "{}"))
_NUMBER = re.compile(r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—/]\s*[A-Za-z]?\d+[A-Za-z]?)?")
_PAGES = re.compile(r"([A-Za-z]{0,2}\d+[A-Za-z]?)(?:\s*(?:[-–—‐‑−]+|\bto\b)\s*([A-Za-z]{0,2}\d+[A-Za-z]?))?")
_EDGE = " ,.;:()[]{}\"'“”‘’«»"
_QUOTES = "\"'“”‘’«»„"
_CONF = re.compile(r"\b(?:proc\.?|proceedings|conference|conf\.?|symposium|workshop|congress|meeting|colloquium|actes|tagung)\b", re.IGNORECASE)
_THESIS = re.compile(r"\b(?:thesis|dissertation|diss\.|ph\.?\s?d|doctoral|master'?s|mémoire|thèse|tesis|tesi|habilitation)\b", re.IGNORECASE)
_REPORT = re.compile(r"\b(?:report|tech\.?\s*rep|working paper|technical|memorandum|white paper|discussion paper|rapport|bericht)\b", re.IGNORECASE)
_PREPRINT = re.compile(r"\b(?:arxiv|preprint|biorxiv|medrxiv|ssrn|e-?print|hal-\d)\b", re.IGNORECASE)
_DATASET = re.compile(r"\b(?:data ?set|database|\[data\]|data file)\b", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:in\s*:?|in:|dans|en|im)\s+", re.IGNORECASE)


_TAG = re.compile(r"</?[a-zA-Z]{1,10}>")


def clean(text: str) -> str:
    """Spaces collapsed, markup tags, edge punctuation and quotes off (inner punctuation kept)."""
    text = " ".join(_TAG.sub(" ", text).split()).strip(_EDGE + " ")
    # a closing bracket or quote kept when its opener is inside ("Title (2nd edition)")
    return text


def _clean_title(text: str) -> str:
    t = " ".join(_TAG.sub(" ", text).split()).strip(" ,;:")
    t = t.strip(_QUOTES + " ,;:")
    if t.endswith(".") and not re.search(r"\b[A-Z]\.$|\b(?:al|etc|Inc|Ltd|Co|vs)\.$", t):
        t = t[:-1]
    t = t.strip(_QUOTES + " ,;:")
    if t.count("(") < t.count(")") and t.endswith(")"):
        t = t[:-1].rstrip()
    if t.count("(") > t.count(")") and t.startswith("("):
        t = t[1:].lstrip()
    return t


def _clean_container(text: str) -> str:
    t = _LEAD_IN.sub("", " ".join(_TAG.sub(" ", text).split()).lstrip(" ,;:." + _QUOTES))
    t = t.strip(" ,;:" + _QUOTES)
    if t.count("(") < t.count(")") and t.endswith(")"):
        t = t[:-1].rstrip(" ,;:")
    if t.count("(") > t.count(")") and t.startswith("("):
        t = t[1:].lstrip()
    # "J. Phys." keeps its abbreviation dot; "Nature." loses the sentence's
    if t.endswith(".") and not re.search(r"(?:\b[A-Z][a-z]{0,5}|\b[A-Z])\.$", t):
        t = t[:-1]
    return t


def _date(text: str) -> dict[str, Any] | None:
    m = _YEAR.search(text)
    if not m:
        return None
    parts: list[int] = [int(m.group(1))]
    words = re.findall(r"[^\W\d_]+\.?", text.casefold())
    month = next((MONTHS[w.rstrip(".")] for w in words if w.rstrip(".") in MONTHS), None)
    if month:
        parts.append(month)
        day = re.search(r"(?<!\d)([0-3]?\d)(?!\d)", text[: m.start()] + " " + text[m.end() :])
        if day and 1 <= int(day.group(1)) <= 31:
            parts.append(int(day.group(1)))
    return {"date-parts": [parts]}


def _volume(text: str) -> str | None:
    ym = _YEAR_VOLUME.match(text)
    if ym:  # "1998;71:", "2009; 90": Vancouver's year, then the volume
        text = ym.group(1)
    t = re.sub(r"(?i)\b(?:vol(?:ume)?s?|bd|band|t(?:ome)?|tomo|jg|jahrgang)\b\.?", " ", text)
    m = _NUMBER.search(t)
    if m:
        return re.sub(r"\s+", "", m.group())
    t = clean(t)
    return t or None


def _issue(text: str) -> str | None:
    sup = re.search(r"(?i)\bsuppl(?:ement)?\.?(?:\s*\w+)?", text)
    if sup:
        return clean(sup.group())
    t = re.sub(r"(?i)\b(?:no|nr|n°|issue|num|number|heft|h)\b\.?", " ", text)
    t = clean(t)
    m = re.search(r"[\w]+(?:\s*[-–/]\s*\w+)?", t)
    if not m:
        return None
    val = m.group()
    if not val.isascii() and (digits := re.search(r"\d+", val)):  # "제1호", "總第221期", "21期"
        return digits.group()
    if re.fullmatch(r"[A-Za-z]+", val) and len(val) > 3 and not val.lower().startswith("suppl"):
        return clean(t) or None
    return re.sub(r"\s*[-–]\s*", "-", val)


def _pages(text: str) -> str | None:
    t = re.sub(r"(?i)\b(?:pp?|pages?|págs?|s|seiten?|art(?:icle)?|no)\b\.?", " ", text)
    m = _PAGES.search(t)
    if not m:
        return None
    first, last = m.group(1), m.group(2)
    return expand_pages(f"{first}-{last}") if last else first


def _append(csl: dict[str, Any], key: str, value: str) -> None:
    csl[key] = f"{csl[key]}; {value}" if key in csl else value


_YEAR_VOLUME = re.compile(r"^\s*(?:1[5-9]|20)\d\d[a-z]?\s*;\s*(\S.*)$")
_RUN_ON = re.compile(r"^(.{8,}?)(?:[,.]|[’”\"],?)\s+(?:[Ii]n|[Dd]ans|[Ii]n:)\s+([A-Z].{4,})$")
_RUN_ON_JOURNAL = re.compile(r"^(.{12,}(?:[a-z\d)?!][.]|[’”\"],?))\s+([A-Z][^.:;?!]{2,60})$")
_TITLE_YEAR = re.compile(r"^(\S+(?:\s+\S+){2,}?)[\s,.(]+((?:1[6-9]|20)\d\d)[a-z]?\)?$")
_MARKUP = re.compile(r"</?[a-zA-Z]{1,10}>")


def to_csl(segments: list[tuple[str, str, float]]) -> tuple[dict[str, Any], dict[str, float], bool]:
    """CSL fields, their confidences, and whether the authors ended with ``et al.``."""
    csl: dict[str, Any] = {}
    conf: dict[str, float] = {}
    et_al = False
    labels = {lab for lab, _, _ in segments}

    def put(key: str, value: Any, c: float) -> None:
        if value in (None, "", []) or key in csl:
            return
        csl[key] = value
        conf[key] = round(c, 3)

    for label, text, c in segments:
        if "<" in text:  # markup left in the text ("<italic>8</italic>"): not part of any value
            text = _MARKUP.sub("", text).strip()
            if not text:
                continue
        if label in ("author", "editor", "translator"):
            names = split_names(text.strip(" ,;:" + _QUOTES), editors=label != "author")
            if label == "author":
                et_al = et_al or names.et_al
            key = label
            if key in csl:
                csl[key].extend(names.names)
            else:
                put(key, names.names, c)
        elif label == "title":
            put("title", _clean_title(text), c)
        elif label in ("journal", "container-title"):
            put("container-title", _clean_container(text), c)
        elif label == "collection-title":
            put("collection-title", _clean_container(text), c)
        elif label == "date":
            if "issued" not in csl:
                d = _date(text)
                put("issued", d, c)
                ys = _YEAR_SUFFIX.search(text)
                if ys and d:
                    put("year-suffix", ys.group(1), c)
        elif label == "volume":
            put("volume", _volume(text), c)
        elif label == "issue":
            put("issue", _issue(text), c)
        elif label == "pages":
            put("page", _pages(text), c)
        elif label == "publisher":
            put("publisher", clean(text), c)
        elif label == "location":
            put("publisher-place", clean(text), c)
        elif label == "edition":
            ed = clean(re.sub(r"(?i)\b(?:ed(?:ition)?|edn|aufl(?:age)?|éd)\b\.?", " ", text))
            put("edition", ed, c)
        elif label == "genre":
            put("genre", clean(text), c)
        elif label == "citation-number":
            m = re.search(r"\d+", text)
            if m:
                put("citation-number", int(m.group()), c)
        elif label in ("doi", "url", "identifier", "note"):
            _identifiers(csl, conf, text, label, c)
    _identifiers_from_any(csl, conf, segments)
    if "title" in csl and "container-title" not in csl and "journal" not in labels:
        # a title run on into its container: "Title, in Proceedings of …", "‘Title’, in Book"
        m = _RUN_ON.match(str(csl["title"]))
        if m is None and ("volume" in labels or "pages" in labels):
            # "Title. Parallel Computing, 7, 387-393": a journal's few words after the title's
            # last full stop or closing quote, with a volume or pages after it
            m = _RUN_ON_JOURNAL.match(str(csl["title"]))
        if m:
            csl["title"], csl["container-title"] = _clean_title(m.group(1)), _clean_container(m.group(2))
            conf["container-title"] = conf["title"] = round(conf["title"] * 0.8, 3)
            labels = labels | {"container-title"}
        elif "publisher" not in csl and conf["title"] < 0.5 and (m := _RUN_ON_JOURNAL.match(str(csl["title"]))):
            # the model unsure where the title ends, and a few capitalised words after its last
            # full stop: "Summary Report. Archaeology Data Service" (a publisher, with no locators)
            csl["title"], csl["publisher"] = _clean_title(m.group(1)), clean(m.group(2))
            conf["publisher"] = conf["title"]
            labels = labels | {"publisher"}
    if "issued" not in csl and "title" in csl:
        # "Collective dynamics of small world networks 1998 Nature": a year the title ran on into
        m = _TITLE_YEAR.match(str(csl["title"]))
        if m:
            csl["title"] = m.group(1)
            csl["issued"], conf["issued"] = {"date-parts": [[int(m.group(2))]]}, round(conf["title"] * 0.8, 3)
    if "title" not in csl and "container-title" in csl and "journal" not in labels:
        # a book's own title, read as the title of a container (AnyStyle's ugly.xml labels
        # whole books so): a container with nothing in it is the item itself
        csl["title"], conf["title"] = csl.pop("container-title"), conf.pop("container-title")
        labels = (labels - {"container-title"}) | {"title"}
        segments = [("title" if lab == "container-title" else lab, t, c) for lab, t, c in segments]
    csl["type"] = item_type(csl, labels, segments)
    conf["type"] = round(min((c for _, _, c in segments), default=0.5), 3)
    return csl, conf, et_al



def _identifiers(csl: dict[str, Any], conf: dict[str, float], text: str, label: str, c: float) -> None:
    found = False
    for pattern, variable, shape in _ID_RULES:
        hit = pattern.search(text)
        if hit and variable not in csl:
            csl[variable], conf[variable] = shape.format(hit.group(1)), round(c, 3)
            found = True
    u = _URL.search(text)
    if u and not (_DOI.search(text) and "doi.org" in u.group()):
        if "URL" not in csl:
            csl["URL"], conf["URL"] = u.group(), round(c, 3)
        found = True
    if found:
        return
    value = clean(text)
    if not value:
        return
    if label == "identifier":
        if "number" not in csl:
            csl["number"], conf["number"] = value, round(c, 3)
    elif label == "note":
        _append(csl, "note", value)
        conf.setdefault("note", round(c, 3))


def _identifiers_from_any(csl: dict[str, Any], conf: dict[str, float], segments: list[tuple[str, str, float]]) -> None:
    """A DOI printed inside another field (a URL, a note) is still the DOI."""
    if "DOI" in csl:
        return
    for _, text, c in segments:
        m = _DOI.search(text)
        if m:
            csl["DOI"], conf["DOI"] = m.group(1), round(c, 3)
            return


def item_type(csl: dict[str, Any], labels: set[str], segments: list[tuple[str, str, float]]) -> str:
    """The CSL type the labels point to (see the module docstring)."""
    genre = " ".join(t for lab, t, _ in segments if lab in ("genre", "note", "identifier", "publisher", "container-title"))
    whole = " ".join(t for _, t, _ in segments)
    number = str(csl.get("number", ""))
    if _THESIS.search(genre):
        return "thesis"
    if "journal" in labels:
        return "article-journal"
    if number.startswith("arXiv:") or _PREPRINT.search(genre):
        return "article"
    if _DATASET.search(genre):
        return "dataset"
    if _REPORT.search(genre) or "identifier" in labels and "publisher" in labels and "container-title" not in labels:
        return "report"
    if "container-title" in labels:
        cont = str(csl.get("container-title", ""))
        if _CONF.search(cont):
            return "paper-conference"
        if "editor" in labels or re.search(r"(?i)\b(?:in|dans)\s*:?\s", whole) or "publisher" in labels:
            return "chapter"
        if "volume" in labels or "pages" in labels:
            return "article-journal"
        return "chapter"
    if "url" in labels and "publisher" not in labels:
        return "webpage"
    if "publisher" in labels or "location" in labels or "edition" in labels:
        return "book"
    return "article"

"""Free-text citation → the DOI of the work it cites, verified, with a confidence and the reasons.

Crossref's ``query.bibliographic`` search returns candidates ranked by a relevance ``score`` that
says nothing about whether the top hit *is* the cited work. Each candidate is therefore verified
against what the citation says: title similarity (rapidfuzz), year, first author, journal, volume
and first page. The confidence is the weighted agreement over the fields the citation gives, with
hard caps: a title that does not match, or a year off by more than one, cannot give a confident
match whatever else agrees. Below the threshold — or when two different works score alike — the
answer is "no confident match": a wrong DOI is worse than none.

A DOI printed in the citation is verified the same way (printed DOIs are often wrong). When
Crossref has no confident match and the citation has journal, year, volume and first page,
PubMed's ECitMatch is asked, and its PMID is accepted only if its record's first author and year
agree with the citation (ECitMatch can return a wrong PMID).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from citekit.errors import CitekitError, ResolveError
from citekit.ids import DOI, find_identifiers
from citekit.model import Reference
from citekit.model.extensions import RelationType
from citekit.resolve import crossref, ncbi
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.markup import plain_text

#: weight of each field in the confidence (renormalised over the fields the citation gives)
WEIGHTS: dict[str, float] = {"title": 0.5, "year": 0.15, "author": 0.15, "journal": 0.08, "volume": 0.06, "page": 0.06}
THRESHOLD = 0.8
#: two different works within this margin of each other are ambiguous
AMBIGUITY_MARGIN = 0.03
_STOP = {"the", "of", "and", "a", "an", "in", "for", "on", "to", "&", "de", "la", "und", "der", "die"}


@dataclass
class Match:
    """One verified candidate: its record, the confidence in [0, 1], and why."""

    doi: str
    reference: Reference
    confidence: float
    reasons: list[str] = field(default_factory=list)
    source: str = "crossref"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (for ``citekit match --json``)."""
        return {"doi": self.doi, "confidence": round(self.confidence, 3), "reasons": list(self.reasons),
                "source": self.source, "title": plain_text(self.reference.title) if self.reference.title else None}


@dataclass
class MatchResult:
    """The outcome: the best match if confident, every verified candidate, and why not when not."""

    query: str
    best: Match | None
    candidates: list[Match]
    threshold: float = THRESHOLD
    reasons: list[str] = field(default_factory=list)
    #: why the search could not be made (a service unreachable, rate-limited ...), kept as data:
    #: "no confident match" after asking differs from "could not ask"
    error: ResolveError | None = None

    @property
    def confident(self) -> bool:
        """True when ``best`` is a match to trust."""
        return self.best is not None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {"query": self.query, "match": self.best.as_dict() if self.best else None,
                "confident": self.confident, "threshold": self.threshold, "reasons": list(self.reasons),
                "error": str(self.error) if self.error is not None else None,
                "candidates": [c.as_dict() for c in self.candidates]}


# ------------------------------------------------------------------ normalisation
def _fold(text: str | None) -> str:
    if not text:
        return ""
    text = plain_text(text) or ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w\s]", " ", text).strip()


def _words(text: str | None) -> list[str]:
    return [w for w in _fold(text).split() if w not in _STOP]


def title_similarity(a: str | None, b: str | None) -> float:
    """Similarity of two titles in [0, 1], ignoring case, accents, markup and punctuation."""
    fa, fb = " ".join(_fold(a).split()), " ".join(_fold(b).split())
    if not fa or not fb:
        return 0.0
    return max(fuzz.ratio(fa, fb), fuzz.token_sort_ratio(fa, fb)) / 100.0


def journal_agrees(cited: str | None, record: Reference) -> bool | None:
    """Whether a cited journal (full or abbreviated) names the record's container; None if unknown."""
    if not cited:
        return None
    names = [n for n in (record.container_title, record.container_title_short, record.journal_abbreviation) if n]
    if not names:
        return None
    cw = _words(cited)
    for name in names:
        nw = _words(name)
        if cw == nw or fuzz.ratio(" ".join(cw), " ".join(nw)) >= 90:
            return True
        # NLM/ISO abbreviations: every cited word is a prefix of the next words of the full title
        if cw and len(cw) <= len(nw):
            j = 0
            for w in nw:
                if j < len(cw) and w.startswith(cw[j]):
                    j += 1
            if j == len(cw):
                return True
    return False


def _first_page(page: Any) -> str | None:
    if page is None:
        return None
    m = re.match(r"\s*([A-Za-z]?\d+[A-Za-z]?)", str(page))
    return m.group(1).lower() if m else None


def _family(ref: Reference) -> str | None:
    name = ref.first_author
    if name is None:
        return None
    return _fold(name.family_full if not name.is_literal else name.literal)


# ------------------------------------------------------------------ verification
def verify(cited: Reference, candidate: Reference, *, raw_text: str = "") -> tuple[float, list[str]]:
    """Confidence that ``candidate`` is the work ``cited`` describes, and the reasons, field by field."""
    scores: dict[str, float] = {}
    reasons: list[str] = []
    if cited.title:
        sim = title_similarity(cited.title, candidate.title)
        if candidate.title_short:  # the citation leaves out the subtitle the record has
            sim = max(sim, title_similarity(cited.title, candidate.title_short))
        ct, rt = _fold(cited.title), _fold(candidate.title)
        if rt and len(rt) >= 20 and ct.startswith(rt):
            sim = max(sim, 0.95)  # the citation adds a subtitle the record lacks
        scores["title"] = sim
        reasons.append(f"title similarity {sim:.2f}")
    elif raw_text and candidate.title:
        sim = fuzz.partial_ratio(_fold(candidate.title), _fold(raw_text)) / 100.0
        scores["title"] = sim
        reasons.append(f"title found in the citation text {sim:.2f}")
    if cited.year is not None:
        if candidate.year is None:
            reasons.append("year: record has none")
        else:
            diff = abs(cited.year - candidate.year)
            online = candidate.available_date.year if candidate.available_date else None
            if diff == 0 or online == cited.year:
                scores["year"] = 1.0
                reasons.append(f"year {cited.year} matches")
            elif diff == 1:
                scores["year"] = 0.5
                reasons.append(f"year {candidate.year} is one off the cited {cited.year} (online vs print?)")
            else:
                scores["year"] = 0.0
                reasons.append(f"year {candidate.year} differs from the cited {cited.year}")
    cf = _family(cited)
    if cf:
        rf = _family(candidate)
        if not rf:
            reasons.append("first author: record has none")
        else:
            sim = fuzz.ratio(cf, rf) / 100.0
            if cf.split()[-1] == rf.split()[-1]:
                sim = 1.0  # a given-name initial deposited inside the family name ("M. Bran")
            if sim < 0.9 and any(_fold(n.family_full) == cf for n in (candidate.author or [])[1:3]):
                sim = 0.7  # the cited first author is listed second or third
            scores["author"] = 1.0 if sim >= 0.9 else sim * 0.5
            reasons.append(f"first author {'matches' if sim >= 0.9 else 'differs'}: {cf!r} vs {rf!r}")
    j = journal_agrees(cited.container_title, candidate)
    if j is not None:
        scores["journal"] = 1.0 if j else 0.0
        reasons.append(f"journal {'matches' if j else 'differs'}: {cited.container_title!r} vs {candidate.container_title!r}")
    if cited.volume and candidate.volume:
        ok = str(cited.volume).strip().lower() == str(candidate.volume).strip().lower()
        scores["volume"] = 1.0 if ok else 0.0
        reasons.append(f"volume {'matches' if ok else 'differs'}: {cited.volume} vs {candidate.volume}")
    cp, rp = _first_page(cited.page), _first_page(candidate.page)
    if cp and rp:
        ok = cp == rp
        scores["page"] = 1.0 if ok else 0.0
        reasons.append(f"first page {'matches' if ok else 'differs'}: {cp} vs {rp}")
    if not scores:
        return 0.0, ["nothing to compare"]
    total = sum(WEIGHTS[k] for k in scores)
    confidence = sum(WEIGHTS[k] * v for k, v in scores.items()) / total
    # caps: a different title or a distant year cannot be outvoted by the other fields
    if scores.get("title", 1.0) < 0.75:
        confidence = min(confidence, 0.5)
        reasons.append("title does not match: capped at 0.5")
    if scores.get("year") == 0.0:
        confidence = min(confidence, 0.6)
        reasons.append("year does not match: capped at 0.6")
    if len(scores) == 1:  # a title alone is not enough to be sure
        confidence = min(confidence, 0.75)
        reasons.append("only the title could be compared: capped at 0.75")
    return confidence, reasons


def parse_citation_text(text: str) -> Reference:
    """The citation's fields, parsed with citekit's free-text reader (AMA, Vancouver, APA)."""
    from citekit.formats.text.parse import parse_citation

    parsed = parse_citation(text)
    if parsed.reference is not None:
        return parsed.reference
    return Reference(note=text)


# ------------------------------------------------------------------ the matcher
class Matcher:
    """Matches citations using a :class:`Resolver` (its HTTP client, cache and limits)."""

    def __init__(self, resolver: Resolver | None = None, *, config: ResolverConfig | None = None,
                 rows: int = 5, threshold: float = THRESHOLD, use_pubmed: bool = True) -> None:
        self.resolver = resolver or Resolver(config)
        self.rows = rows
        self.threshold = threshold
        self.use_pubmed = use_pubmed

    def search(self, text: str) -> list[Reference]:
        """Crossref's candidates for a citation (``query.bibliographic``)."""
        cfg = self.resolver.config
        resp = self.resolver.client.get(crossref.doi_filter_url(cfg.crossref_url),
                                        {"query.bibliographic": text[:1000], "rows": str(self.rows)},
                                        kind="list", item=text[:60])
        return crossref.work_list_to_references(resp.json())[: self.rows]

    def match(self, text: str) -> MatchResult:
        """The verified best match for ``text``, or a result saying why there is none."""
        cited = parse_citation_text(text)
        reasons: list[str] = []
        candidates: list[Match] = []
        seen: set[str] = set()

        def consider(ref: Reference, source: str, extra: str | None = None) -> None:
            if not ref.doi or ref.doi.lower() in seen:
                return
            seen.add(ref.doi.lower())
            conf, why = verify(cited, ref, raw_text=text)
            if extra:
                why.insert(0, extra)
            candidates.append(Match(ref.doi, ref, conf, why, source))

        for found in find_identifiers(text):
            if isinstance(found.identifier, DOI):
                try:
                    consider(self.resolver.resolve_doi(found.identifier), "citation", "DOI printed in the citation")
                except CitekitError as exc:
                    reasons.append(f"printed DOI {found.identifier} could not be resolved: {exc}")
        error: ResolveError | None = None
        mirror = self.resolver.mirror()
        if mirror is not None:  # the local mirror's candidates first; a confident one spares the search
            for ref in mirror.candidates(cited, self.rows):
                consider(ref, "mirror")
        if mirror is None or max((c.confidence for c in candidates), default=0.0) < self.threshold:
            try:
                for ref in self.search(text):
                    consider(ref, "crossref")
            except ResolveError as exc:
                reasons.append(f"Crossref search failed: {exc}")
                error = exc
        self.resolver.count_search(error)
        candidates.sort(key=lambda m: -m.confidence)
        if (not candidates or candidates[0].confidence < self.threshold) and self.use_pubmed:
            self._pubmed(cited, consider, reasons)
            candidates.sort(key=lambda m: -m.confidence)
        best = candidates[0] if candidates else None
        if best is None:
            reasons.append("no candidates")
        elif best.confidence < self.threshold:
            reasons.append(f"best candidate {best.doi} scored {best.confidence:.2f} < {self.threshold}")
            best = None
        elif len(candidates) > 1 and candidates[1].confidence >= best.confidence - AMBIGUITY_MARGIN \
                and not _related(best.reference, candidates[1].reference):
            reasons.append(f"ambiguous: {best.doi} and {candidates[1].doi} score alike")
            best = None
        return MatchResult(text, best, candidates, self.threshold, reasons, error if best is None else None)

    def _pubmed(self, cited: Reference, consider: Any, reasons: list[str]) -> None:
        name = cited.first_author
        if not (cited.container_title and cited.year and cited.volume and cited.page and name):
            return
        initials = "".join(p[0] for p in (name.given or "").replace(".", " ").split())
        query = ncbi.CitationQuery(cited.container_title, cited.year, str(cited.volume),
                                   _first_page(cited.page) or "", f"{name.family_full} {initials}".strip())
        cfg = self.resolver.config
        params = {**ncbi.ecitmatch_params([query]), **ncbi.ncbi_params(cfg.tool, cfg.mailto, cfg.ncbi_api_key)}
        try:
            resp = self.resolver.client.get(f"{cfg.ncbi_url.rstrip('/')}/ecitmatch.cgi", params,
                                            accept="text/plain", expect_json=False, item="ECitMatch")
            pmid = ncbi.parse_ecitmatch(resp.text).get(query.key)
            if pmid is None:
                reasons.append("ECitMatch: no PMID")
                return
            record = self.resolver.resolve_pmid(pmid)
        except CitekitError as exc:
            reasons.append(f"ECitMatch failed: {exc}")
            return
        # ECitMatch can return a wrong PMID: accept it only if first author and year agree
        if record.year != cited.year or _family(record) != _family(cited):
            reasons.append(f"ECitMatch PMID {pmid} rejected: author or year differ")
            return
        if not record.doi:
            reasons.append(f"ECitMatch PMID {pmid} has no DOI")
            return
        consider(record, "pubmed", f"ECitMatch PMID {pmid}, first author and year verified")


def _related(a: Reference, b: Reference) -> bool:
    """True when two records are versions of one work (preprint ↔ published, new version)."""
    for x, y in ((a, b), (b, a)):
        if not y.doi:
            continue
        for rel in x.extensions.all_relations:
            if rel.type not in _NOTICES and (rel.doi or rel.id or "").lower() == y.doi.lower():
                return True
    return False


#: notices about a work (a retraction, a correction) are not versions of it
_NOTICES = frozenset({RelationType.RETRACTION, RelationType.CORRECTION, RelationType.EXPRESSION_OF_CONCERN})


def match(text: str, *, config: ResolverConfig | None = None, threshold: float = THRESHOLD) -> MatchResult:
    """Match one free-text citation to a DOI: ``citekit.match("Bran AM, ... Nat Mach Intell. 2024;6:525-535.")``."""
    from citekit.resolve.api import default_resolver

    resolver = default_resolver() if config is None else Resolver(config)
    return Matcher(resolver, threshold=threshold).match(text)

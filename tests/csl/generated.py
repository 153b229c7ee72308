"""A deterministic generator of varied CSL-JSON items for differential tests and benchmarks.

Covers what real bibliographies throw at a processor (issue 6): 1–30 authors, particles
(van, de la, d'), diacritics, hyphenated and organisation names, suffixes, titles ending in
``?`` or ``!``, acronyms and rich text (``<i>``, ``<sup>``, nocase), e-locators, supplements and
issue ranges, missing fields, months, days and seasons, and several item types.
"""

from __future__ import annotations

import random
from typing import Any

FAMILIES = ["Smith", "Nguyen", "García", "Müller", "O'Brien", "Kowalski", "Søndergaard", "Li", "Ångström",
            "Brown-Séquard", "Dubois", "Østergaard", "Zhou", "Álvarez", "Ivanova", "Papadopoulos", "Kim",
            "Yamamoto", "Çelik", "Jones", "Wright", "Hernández-López", "Ng", "Björk", "Łukasiewicz"]
GIVENS = ["John", "Mary Ann", "Jean-Paul", "Zoë", "Émile", "J. R. R.", "Wei", "Anne-Marie", "Olaf", "Siobhán",
          "Ana", "H. G.", "Chloé", "Jürgen", "Li", "Mohammed", "Ingrid", "Pål", "Thomas E.", "Ana María"]
PARTICLES = [("van", None), ("de la", None), ("d'", None), (None, "von"), ("van der", None)]
ORGS = ["World Health Organization", "National Comprehensive Cancer Network", "ACS Publications Division",
        "Centers for Disease Control and Prevention"]
WORDS = ["immune", "checkpoint", "inhibitors", "in", "patients", "with", "anal", "cancer", "a", "randomized",
         "trial", "of", "the", "effect", "on", "survival", "and", "quality", "life", "for", "long-term",
         "outcomes", "meta-analysis", "cohort", "study", "HIV", "PD-1", "DNA", "mRNA", "COVID-19"]
JOURNALS = [("Journal of Clinical Oncology", "J Clin Oncol"), ("The Lancet Oncology", "Lancet Oncol"),
            ("Nature Medicine", "Nat Med"), ("JAMA Oncology", "JAMA Oncol"), ("PLoS ONE", "PLoS One"),
            ("Annals of Oncology", "Ann Oncol"), ("New England Journal of Medicine", "N Engl J Med")]
PUBLISHERS = [("Springer", "Cham"), ("Oxford University Press", "Oxford"), ("Elsevier", "Amsterdam"),
              ("Wiley", "Hoboken, NJ")]


def _name(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.04:
        return {"literal": rng.choice(ORGS)}
    name: dict[str, Any] = {"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS)}
    if roll < 0.14:
        ndp, dp = rng.choice(PARTICLES)
        if ndp:
            name["non-dropping-particle"] = ndp
        if dp:
            name["dropping-particle"] = dp
    elif roll < 0.18:
        name["suffix"] = rng.choice(["Jr", "III"])
    elif roll < 0.20:
        del name["given"]
    return name


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 11))
    title = " ".join(words)
    title = title[0].upper() + title[1:]
    roll = rng.random()
    if roll < 0.1:
        title += "?"
    elif roll < 0.13:
        title += "!"
    elif roll < 0.2:
        title += ": " + " ".join(rng.sample(WORDS, 3))
    elif roll < 0.25:
        head, _, rest = title.partition(" ")
        second, _, tail = rest.partition(" ")
        title = f"{head} <i>{second}</i> {tail}".rstrip()
    elif roll < 0.28:
        head, _, last = title.rpartition(" ")
        title = f'{head} <span class="nocase">{last}</span>'

    elif roll < 0.3:
        title += " with CD8<sup>+</sup> cells"
    return title


def generate(n: int, seed: int = 6) -> list[dict[str, Any]]:
    """``n`` CSL-JSON items, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.random()
        item: dict[str, Any] = {"id": f"item{i:05d}", "title": _title(rng)}
        count = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 12, 21, 30])
        if rng.random() > 0.03:
            item["author"] = [_name(rng) for _ in range(count)]
        date: list[Any] = [rng.randint(1950, 2025)]
        roll = rng.random()
        if roll < 0.5:
            date.append(rng.randint(1, 12))
            if roll < 0.3:
                date.append(rng.randint(1, 28))
        if rng.random() > 0.03:
            item["issued"] = {"date-parts": [date]}
            if roll > 0.95:
                item["issued"] = {"date-parts": [[date[0]]], "season": rng.randint(1, 4)}
        if kind < 0.7:
            item["type"] = "article-journal"
            journal, short = rng.choice(JOURNALS)
            item["container-title"] = journal
            if rng.random() < 0.8:
                item["container-title-short"] = short
            if rng.random() < 0.95:
                item["volume"] = str(rng.randint(1, 400))
            r = rng.random()
            if r < 0.7:
                item["issue"] = str(rng.randint(1, 12))
            elif r < 0.75:
                item["issue"] = f"{rng.randint(1, 5)} Suppl {rng.randint(1, 3)}"
            elif r < 0.8:
                a = rng.randint(1, 10)
                item["issue"] = f"{a}-{a + 1}"
            p = rng.random()
            if p < 0.75:
                first = rng.randint(1, 2500)
                item["page"] = f"{first}-{first + rng.randint(1, 150)}"
            elif p < 0.9:
                item["page"] = f"e{rng.randint(10000, 99999)}"
            if rng.random() < 0.6:
                item["DOI"] = f"10.{rng.randint(1000, 9999)}/{rng.choice(['jco', 'nm', 's'])}.{rng.randint(100, 99999)}"
        elif kind < 0.85:
            item["type"] = "book"
            pub, place = rng.choice(PUBLISHERS)
            item["publisher"] = pub
            if rng.random() < 0.7:
                item["publisher-place"] = place
            if rng.random() < 0.3:
                item["edition"] = str(rng.randint(2, 5))
        elif kind < 0.95:
            item["type"] = "chapter"
            pub, place = rng.choice(PUBLISHERS)
            item["container-title"] = _title(rng)
            item["publisher"] = pub
            item["publisher-place"] = place
            item["editor"] = [_name(rng) for _ in range(rng.randint(1, 3))]
            first = rng.randint(1, 500)
            item["page"] = f"{first}-{first + rng.randint(5, 40)}"
        else:
            item["type"] = "webpage"
            item["container-title"] = rng.choice(ORGS)
            item["URL"] = f"https://example.org/{i}"
            item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
        out.append(item)
    return out


def generate_clusters(items: list[dict[str, Any]], seed: int = 7) -> list[list[dict[str, Any]]]:
    """A document's citation clusters over ``items`` (one per footnote, in order): mostly single
    cites, some of 2–3; repeats right after (ibid, ibid-with-locator) and later (subsequent,
    near-note and far), locators with labels (page, chapter, figure). Deterministic per seed."""
    rng = random.Random(seed)
    ids = [str(it["id"]) for it in items]
    clusters: list[list[dict[str, Any]]] = []
    cited: list[str] = []
    fresh = iter(ids)
    for _ in range(len(ids) + len(ids) // 2):
        size = rng.choice([1, 1, 1, 1, 2, 3])
        cluster: list[dict[str, Any]] = []
        for _ in range(size):
            roll = rng.random()
            if cited and roll < 0.15 and clusters:
                cid = str(clusters[-1][-1]["id"])              # ibid / ibid-with-locator
            elif cited and roll < 0.35:
                cid = rng.choice(cited[-8:] if rng.random() < 0.5 else cited)  # near or far
            else:
                cid = next(fresh, None) or rng.choice(ids)
            if any(c["id"] == cid for c in cluster):
                continue
            cite: dict[str, Any] = {"id": cid}
            loc = rng.random()
            if loc < 0.3:
                cite["locator"] = str(rng.randint(1, 400))
            elif loc < 0.35:
                a = rng.randint(1, 300)
                cite["locator"] = f"{a}-{a + rng.randint(1, 20)}"
            elif loc < 0.4:
                cite["locator"] = str(rng.randint(1, 20))
                cite["label"] = rng.choice(["chapter", "figure", "section"])
            cluster.append(cite)
            cited.append(cid)
        if cluster:
            clusters.append(cluster)
    return clusters

"""Author lists as printed in AMA, Vancouver and APA reference lists, read into CSL names.

AMA / Vancouver: ``Family INITIALS`` separated by commas, ``et al`` at the end::

    Morris VK, Salem ME, Nimeiri H, et al
    van Gogh V, Dalla Serra M, Smith JA Jr, Piha-Paul SA, Migden MR,Khushalani NI

APA 7: ``Family, I. I.`` separated by commas, ``&`` before the last, ``…`` after the 19th::

    Morris, V. K., Salem, M. E., & Nimeiri, H.

A part that is not a person (no initials) is an organisation, kept as a CSL ``literal`` name
(``National Comprehensive Cancer Network``). Names are CSL-JSON name objects (``{"family": ...,
"given": ..., "non-dropping-particle": ...}``), validated once with the whole Reference: building
a pydantic ``Name`` per author here cost a third of the parse time. Initials are returned the CSL
way, with periods (``VK`` → ``V. K.``, ``J-P`` → ``J.-P.``), so a style can print them either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: generational suffixes, as printed (AMA/Vancouver drop the period; APA keeps it)
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V", "2nd", "3rd", "4th"})
SUFFIX_RE = r"(?:Jr|Sr)\.?|II|III|IV|2nd|3rd|4th"
#: lowercase words that start a family name (non-dropping particles)
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ter", "ten", "vander", "van't", "zu", "af", "y", "d'", "l'", "el", "al", "bin", "ibn"}
)

_UP = r"A-ZÀ-ÖØ-ÞĀ-Ž"  # Latin capitals incl. accented ones (initials may carry accents: Á)
#: AMA/Vancouver person: family (anything) + initials (1-4 capitals, maybe hyphenated) + suffix
AMA_PERSON = re.compile(
    rf"^(?P<family>.+?)\s+(?P<given>[{_UP}]\.?(?:[{_UP}]\.?|-[{_UP}]\.?){{0,4}}(?:\s+(?:[a-z]{{1,4}}|[{_UP}]{{1,3}}))*?)(?:\s+(?P<suffix>{SUFFIX_RE}))?\.?$"
)
_ET_AL_TAIL = re.compile(r"(?<=\S)\s+et\.?\s*al\.?$")
ET_AL = re.compile(r"^(?:et\.?\s*al\.?|and others|et\s+al\b.*)$", re.IGNORECASE)
#: initials, maybe with lowercase particles among them ("R. C. de", "A. P. M. dos S.", "R. e S. H. da")
APA_INITIALS = rf"(?:[{_UP}][a-z]?\.(?:\s*[-‐]\s*|\s+)?|(?:da|de|do|dos|das|e|van|von|der|del|di|du|la|le)(?:\s+|(?=[,.])))+"
#: APA person: ``Family, I. I.[, Jr.]``
APA_PERSON = re.compile(rf"(?P<family>[^,&…]+?),\s*(?P<given>{APA_INITIALS})(?:,\s*(?P<suffix>{SUFFIX_RE}))?(?=\.?\s*(?:,|&|…|\.\.\.|$))")


@dataclass
class Authors:
    """Names read from an author segment, whether the list was cut (``et al``), and any doubts."""

    names: list[dict[str, str]] = field(default_factory=list)
    et_al: bool = False
    confidence: float = 1.0
    problems: list[str] = field(default_factory=list)
    #: comma-separated parts read, and how many of them were persons, ``et al`` or a suffix
    parts: int = 0
    matched: int = 0

    @property
    def looks_like_authors(self) -> bool:
        """True when most parts were ``Family INITIALS`` (or ``et al``): a real author list."""
        return self.matched >= max(1, (self.parts + 1) // 2)


def dotted(initials: str) -> str:
    """``VK`` → ``V. K.``; ``J-P`` → ``J.-P.``; ``APM dos S`` → ``A. P. M. dos S.``; ``V.K.`` → ``V. K.``."""
    initials = initials.replace(".", "")
    out: list[str] = []
    for token in initials.split():
        if token.islower():
            out.append(token)
            continue
        pieces = token.split("-")
        out.append("-".join(" ".join(f"{c}." for c in piece) for piece in pieces if piece))
    return " ".join(out).replace(". -", ".-")


def _split_family(family: str) -> tuple[str | None, str]:
    """``van der Berg`` → (``van der``, ``Berg``); a family without lowercase particles is kept whole."""
    words = family.split()
    particles: list[str] = []
    while len(words) > 1 and words[0].lower() in PARTICLES and words[0][0].islower():
        particles.append(words.pop(0))
    return (" ".join(particles) or None), " ".join(words)


def person(family: str, given: str | None, suffix: str | None = None) -> dict[str, str]:
    """A CSL person name; leading lowercase particles go to ``non-dropping-particle``."""
    particle, fam = _split_family(family.strip())
    data: dict[str, str] = {"family": fam}
    if given:
        data["given"] = given
    if particle:
        data["non-dropping-particle"] = particle
    if suffix:
        data["suffix"] = suffix
    return data


def organisation(text: str) -> dict[str, str]:
    """An organisation (or any name we cannot split) as a CSL literal name."""
    return {"literal": text.strip()}


def _ama_parts(segment: str) -> list[str]:
    # "Migden MR,Khushalani NI" (no space after the comma) splits like ", "; an "and"/"&" after
    # the last comma (hand-typed lists) goes. A bare " and " is not split: organisations use it.
    seg = re.sub(r"\s*[,;]\s*(?:and\s+|&\s*)?", ",", segment.strip().rstrip("."))
    seg = _ET_AL_TAIL.sub(",et al", seg)  # "Nimeiri H et al" (no comma before et al)
    return [p.strip() for p in seg.split(",") if p.strip()]


def parse_ama(segment: str) -> Authors:
    """An AMA/Vancouver author segment (without its final period) as names."""
    result = Authors()
    parts = _ama_parts(segment)
    result.parts = len(parts)
    people = 0
    for i, part in enumerate(parts):
        if ET_AL.match(part):
            result.et_al = True
            result.matched += 1
            continue
        if part in SUFFIXES and result.names and result.names[-1].get("family"):
            result.names[-1]["suffix"] = part.rstrip(".")  # "Smith J, Jr" (a stray comma)
            result.matched += 1
            continue
        m = AMA_PERSON.match(part)
        if m:
            result.matched += 1
            result.names.append(person(m.group("family"), dotted(m.group("given")), m.group("suffix") and m.group("suffix").rstrip(".")))
            people += 1
        else:
            result.names.append(organisation(part))
            if len(parts) > 1:
                result.problems.append(f"author {i + 1} {part!r} has no initials; kept as an organisation name")
                result.confidence = min(result.confidence, 0.6)
    if not people and result.names:
        result.confidence = min(result.confidence, 0.8)
    return result


def looks_like_ama_authors(segment: str) -> bool:
    """True when most comma-parts of ``segment`` are ``Family INITIALS`` (or it ends in et al)."""
    parts = _ama_parts(segment)
    if not parts:
        return False
    hits = sum(1 for p in parts if AMA_PERSON.match(p) or ET_AL.match(p) or p in SUFFIXES)
    return hits >= max(1, (len(parts) + 1) // 2)


def parse_apa(segment: str) -> Authors:
    """An APA author segment (before ``(year)``) as names; an organisation if no ``Family, I.``."""
    result = Authors()
    seg = segment.strip()
    if not seg:
        return result
    found = list(APA_PERSON.finditer(seg))
    if not found:
        result.names.append(organisation(seg.rstrip(".")))
        result.confidence = 0.85
        return result
    covered = 0
    for m in found:
        gap = seg[covered : m.start()].strip(" ,&")
        if gap and gap not in ("…", "...", ". . ."):
            if re.fullmatch(r"(?:\.\s*){3}|…", gap):
                pass
            else:
                result.names.append(organisation(gap.strip(" ,&.")))
                result.problems.append(f"{gap!r} is not 'Family, I.'; kept as an organisation name")
                result.confidence = min(result.confidence, 0.6)
        family = m.group("family").strip(" ,&")
        family = re.sub(r"^(?:…|\.\.\.|\.\s\.\s\.)\s*", "", family)
        family = re.sub(r"^(?:and|&)\s+", "", family)  # "..., and Zhang, Z." (APA without the ampersand)
        given = re.sub(r"\s+", " ", m.group("given").strip()).replace(". -", ".-").replace(" -", "-").replace("- ", "-")
        suffix = m.group("suffix")
        result.names.append(person(family, given, suffix))
        covered = m.end()
    rest = seg[covered:].strip(" ,&.")
    if rest:
        if ET_AL.match(rest):
            result.et_al = True
        else:
            result.names.append(organisation(rest))
            result.confidence = min(result.confidence, 0.7)
    return result

"""A labelled author/editor segment → CSL names, for every name order printed.

``D. Callahan, S. Carr, and K. Kennedy`` (given first), ``Marc Shapiro and Susan Horwitz``,
``Cooke, Ebenezer`` and ``Smith, J. A., Jones, B.`` (family, given pairs), ``Morris VK, Salem ME``
(Vancouver: family then initials), ``Heidegger M.``, ``de la Macorra JC`` (particles),
``Bugnon (A.-L.)``. ``et al.`` is dropped and reported as ``et_al``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ET_AL = re.compile(r"(?:,?\s*(?:et\.?\s*al\.?|and others|u\.\s*a\.|y col\.?|et coll?\.?)\s*)$", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,\s*)?(?:\band\b|&|\bund\b|\by\b|\bet\b)\s+(?=\S)", re.IGNORECASE)
_EDITOR_WORDS = re.compile(
    r"^\s*(?:in:?\s+)?|\s*[(\[]?\b(?:eds?|editors?|edited by|hrsg|hg|dir|coord|comp|trans|tr)\b\.?[)\]]?\s*[.,:]?\s*$",
    re.IGNORECASE,
)
_EDITED_BY = re.compile(r"^\s*(?:in:?\s+)?(?:edited by|ed\. by|eds?\.|hrsg\. v\.|\(eds?\.\))\s*", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:(?:[A-Z]\.?|[A-Z][a-z]\.)[-‐]?\s*){1,4}$")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "ten",
        "ter",
        "zu",
        "af",
        "st",
        "vander",
    ]
)
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd)\.?$")
_ORG = re.compile(
    r"\b(?:Group|Consortium|Collaboration|Committee|Association|Society|Organi[sz]ation|Institute|Agency|"
    r"Council|Department|Ministry|Office|Board|Foundation|Center|Centre|University|Network|Team|Bureau|Commission|Project|"
    r"Ltd|Inc|LLC|GmbH|News|Press|Services?|Archaeology|Panel|Working Party|Taskforce|Task Force)\b"
)


@dataclass
class Names:
    """CSL name objects and whether the list ended with ``et al.``."""

    names: list[dict[str, str]] = field(default_factory=list)
    et_al: bool = False


def _is_initials(part: str) -> bool:
    return bool(_INITIALS.match(part.strip())) and part.strip() != ""


def _person(family: str, given: str | None) -> dict[str, str]:
    family = family.strip(" ,;:")
    if family.endswith(".") and not _is_initials(family):
        family = family[:-1]
    words = family.split()
    out: dict[str, str] = {}
    # lowercase words before the family name are particles (van der Berg, de la Macorra)
    k = 0
    while k < len(words) - 1 and words[k].casefold() in _PARTICLES and words[k][:1].islower():
        k += 1
    if k:
        out["non-dropping-particle"] = " ".join(words[:k])
        family = " ".join(words[k:])
    out["family"] = family
    if given:
        given = given.strip(" ,;:")
        if re.fullmatch(r"(?:[A-Z] ?){1,4}\.?", given):
            given = " ".join(f"{ch}." for ch in given.rstrip(".").replace(" ", ""))  # "VK", "T S" → "V. K."
        last = given.split()[-1] if given.split() else ""
        if last.endswith(".") and len(last) > 2 and "." not in last[:-1]:
            given = given[:-1]  # "Ebenezer." / "OA." at the end of the list
        if given:
            out["given"] = given
    return out


def _given_first(text: str) -> dict[str, str]:
    """``D. Callahan``, ``Marc Shapiro``, ``W.-P. de Roever``, ``Smith AB`` (initials last)."""
    words = text.split()
    if len(words) > 4 and not any(_is_initials(w) for w in words) or _ORG.search(text) or "(" in text:
        return {"literal": text.strip(" ,;:")}  # an organisation among persons
    if not words:
        return {"literal": text}
    suffix = None
    if len(words) > 1 and _SUFFIX.match(words[-1]):
        suffix = words.pop()
    particles = [w for w in words[1:] if w in _PARTICLES]
    if particles and len(words) > 2 and words[0][:1].isupper() and any(_is_initials(w) for w in words[1:]):
        # Portuguese/Spanish Vancouver: "Medeiros ES de", "Barichello EMM da R"
        rest = [w for w in words[1:] if w not in _PARTICLES]
        out = _person(words[0], "".join(w.strip(".") for w in rest))
        out["dropping-particle"] = " ".join(particles)
        return out
    if len(words) == 1:
        out = _person(words[0], None)
    elif _is_initials(words[-1]) and not _is_initials(words[0]):
        # Vancouver / AMA: "Morris VK", "van der Berg JA", "Heidegger M.", "Biró T S"
        k = len(words) - 1
        while k > 1 and _is_initials(words[k - 1]):
            k -= 1
        out = _person(" ".join(words[:k]), " ".join(words[k:]))
    else:
        k = len(words) - 1
        while k > 1 and words[k - 1].casefold() in _PARTICLES and words[k - 1][:1].islower():
            k -= 1
        given = " ".join(words[:k])
        out = _person(" ".join(words[k:]), given)
    if suffix:
        out["suffix"] = suffix
    return out


def _strip(text: str) -> str:
    return text.strip(" ,;:-–")


def split_names(segment: str, *, editors: bool = False) -> Names:
    """The names of one labelled segment (see the module docstring)."""
    text = " ".join(segment.replace("…", ",").replace("...", ",").split())
    text = re.sub(r"^\s*\d{1,3}[.)]\s+|^\s*\[\d{1,4}\]\s*", "", text)  # a list number left on
    if editors:
        text = _EDITED_BY.sub("", text)
        text = _EDITOR_WORDS.sub("", text)
    text = text.strip(" ,;:")
    result = Names()
    m = _ET_AL.search(text)
    if m:
        result.et_al = True
        text = text[: m.start()]
    text = _strip(text)
    if not text:
        return result
    if _ORG.search(text) and "," not in text:
        result.names.append({"literal": text})
        return result
    # "Bugnon (A.-L.)": the given name in parentheses
    text = re.sub(r"\s*\(((?:[A-Z][a-z]?\.[\s-]?){1,4})\)", r", \1", text)
    # an organisation opening the list ("EFSA Panel on Food Additives (ANS), Younes M")
    while "," in text:
        head, rest = text.split(",", 1)
        if not (_ORG.search(head) or len(head.split()) > 4):
            break
        result.names.append({"literal": head.strip()})
        text = rest.strip(" ,;")
    if ";" in text:
        for part in text.split(";"):
            part = _strip(_AND.sub(" ", part) if _AND.fullmatch(part) else part)
            if part:
                result.names.extend(_one_or_pair(p) for p in [_AND.sub(", ", part)] if p)
        result.names = [n for n in result.names if n]
        return result
    chunks = [c for c in (_strip(c) for c in _AND.split(text)) if c]
    comma_parts = [[q for q in (_strip(x) for x in c.split(",")) if q] for c in chunks]
    inverted = _pairs(comma_parts[0]) if comma_parts else False
    for parts in comma_parts:
        if inverted and len(parts) % 2 == 0 and _pairs(parts):
            result.names.extend(_person(f, g) for f, g in zip(parts[::2], parts[1::2], strict=True))
            continue
        for p in parts:
            if _SUFFIX.match(p) and result.names:
                result.names[-1]["suffix"] = p
            else:
                result.names.append(_given_first(p))
    return result


def _one_or_pair(text: str) -> dict[str, str]:
    bits = [_strip(b) for b in text.split(",") if _strip(b)]
    if len(bits) >= 2:
        return _person(bits[0], " ".join(bits[1:]))
    return _given_first(bits[0]) if bits else {}


def _pairs(parts: list[str]) -> bool:
    """``Family, Given, Family, Given``: even count, the odd parts given names or initials and the
    even parts without initials of their own."""
    if len(parts) % 2 or not parts:
        return False
    fams, givs = parts[::2], parts[1::2]
    if any(_is_initials(f) or _is_initials(f.split()[0]) for f in fams):
        return False
    if all(_is_initials(g) for g in givs):
        return True
    # "Cooke, Ebenezer" / "Flynn, Maureen, Smith, John": single words in family position
    return all(
        len(f.split()) == 1 or len(f.split()) == 2 and f.split()[0].casefold() in _PARTICLES for f in fams
    ) and all(len(g.split()) <= 3 for g in givs)

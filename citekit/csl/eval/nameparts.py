"""A name's parts as rendered: particles parsed out of ``family`` / ``given`` the way citeproc-js
does (``CSL.parseParticles``): ``"van der Vlist"`` → non-dropping particle ``van der``,
``"Alexander von"`` → dropping particle ``von``; a family name in double quotes is never parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.model import Name as ModelName

_GIVEN_RX = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")
_FAMILY_RX = re.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_FIRST = re.compile(r"^[-'\u02bb\u2019\s]*(.).*$", re.DOTALL)


@dataclass(slots=True)
class NameParts:
    """The rendered pieces of one name."""

    family: str = ""
    given: str = ""
    ndp: str = ""
    dp: str = ""
    suffix: str = ""
    comma_suffix: bool = False
    literal: str | None = None


def _split(value: str, given: bool) -> tuple[str, list[str]]:
    orig = value
    particles: list[str] = []
    rx = _GIVEN_RX if given else _FAMILY_RX
    value = value[::-1] if given else value
    m = rx.match(value)
    while m:
        m1 = m.group(1)[::-1] if given else m.group(1)
        fc = _FIRST.sub(r"\1", m1)
        if not fc or fc.upper() == fc:
            break
        if given:
            particles.append(orig[-len(m1):])
            orig = orig[: -len(m1)]
        else:
            particles.append(orig[: len(m1)])
            orig = orig[len(m1):]
        value = m.group(2)
        m = rx.match(value)
    if given:
        value = value[::-1]
        particles.reverse()
        for i in range(1, len(particles)):
            if particles[i][:1] == " ":
                particles[i - 1] += " "
        particles = [p[1:] if p[:1] == " " else p for p in particles]
        return orig[: len(value)], particles
    return (orig[-len(value):] if value else ""), particles


def _trim_last(text: str) -> str:
    last = text[-1:]
    text = text.strip()
    if last == " " and text[-1:] in ("'", "\u2019"):
        text += " "
    return text


#: name parts by everything they depend on: a name recurs across a bibliography, its sort keys and
#: disambiguation, and splitting particles is regex work (issue 14). The parts are never mutated.
_PARTS: dict[tuple[object, ...], NameParts] = {}
_PARTS_MAX = 50_000


def name_parts(name: ModelName) -> NameParts:
    """Split a :class:`~citekit.model.Name` into rendered parts (never mutates the model).

    The result is shared between calls with equal names: callers read it, never change it."""
    extra = name.model_extra or {}
    parse = name.parse_names
    noparse = parse is not None and not parse
    key = (name.family, name.given, name.non_dropping_particle, name.dropping_particle, name.suffix,
           bool(name.comma_suffix), name.literal, noparse,
           bool(extra.get("isInstitution")), bool(extra.get("static-particles")))
    parts = _PARTS.get(key)
    if parts is None:
        if len(_PARTS) >= _PARTS_MAX:
            _PARTS.clear()
        parts = _PARTS[key] = _name_parts(name, extra, noparse)
    return parts


def _name_parts(name: ModelName, extra: dict[str, object], noparse: bool) -> NameParts:
    family = name.family or ""
    given = name.given or ""
    parts = NameParts(family=family, given=given, ndp=name.non_dropping_particle or "",
                      dp=name.dropping_particle or "", suffix=name.suffix or "",
                      comma_suffix=bool(name.comma_suffix), literal=name.literal)
    if family and not given and extra.get("isInstitution"):
        parts.literal, parts.family = family, ""
        return parts
    if family.startswith('"') and family.endswith('"') and len(family) > 1:
        parts.family = family[1:-1]
        return parts
    if noparse or not family or not given or parts.ndp or extra.get("static-particles"):
        return parts
    fam, plist = _split(family, False)
    parts.family = fam
    ndp = _trim_last("".join(plist))
    if ndp:
        parts.ndp = ndp
    if not parts.suffix:
        m = re.search(r"(\s*,!*\s*)", given)
        if m:
            idx = m.start(1)
            possible = given[idx + len(m.group(1)):]
            comma = re.sub(r"\s*", "", m.group(1))
            if possible.replace(".", "") == "et al" and not parts.dp:
                parts.dp = possible
            else:
                if len(comma) == 2:
                    parts.comma_suffix = True
                parts.suffix = possible
            given = given[:idx]
    if not parts.dp:
        gv, glist = _split(given, True)
        given = gv
        dp = "".join(glist).strip()
        if dp:
            parts.dp = dp
    parts.given = given
    return parts

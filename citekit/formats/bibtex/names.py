"""CSL names ⇄ BibTeX name lists (``von Last, Jr, First and …``).

Writing always uses BibTeX's comma form, which needs no guessing from the reader: particles go in
the "von" part (lowercase words), the family name after them, ``Jr`` between two commas. A family
name BibTeX would split wrongly (``{van der Berg}`` given as one CSL family name, a comma inside) is
braced; an organisation (CSL ``literal``) is one braced group. Reading uses bibtexparser's name
splitter (``split_multiple_persons_names`` and ``parse_single_name_into_parts``), then decodes
each part's LaTeX. ``and others`` is kept as a flag, not as a person called "others".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from citekit.formats.bibtex.latex import decode, encode_text
from citekit.model import Name

_NAME_KEYS = frozenset({"family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal"})
_AND_WORD = re.compile(r"(?i)(?:^|\s)and(?:\s|$)")
_DUMMY_GIVEN = "\ue002"


@dataclass
class NamesRead:
    """A decoded name list: the names, whether it ended in ``and others``, and problems."""

    names: list[Name] = field(default_factory=list)
    others: bool = False
    problems: list[str] = field(default_factory=list)


def _starts_lower(word: str) -> bool:
    """BibTeX's test for a "von" word: its first letter is lowercase (``van``, ``'t``, ``"van``)."""
    letter = next((c for c in word if c.isalpha()), "")
    return letter.islower()


def _enc(text: str, ascii: bool) -> str:
    encoded = encode_text(text, ascii=ascii, rich=False)
    # bibtexparser's name splitter skips the character after a backslash, so "x and \&" would
    # not be split at "and": a name part never starts with a bare backslash
    return _LEADING_BACKSLASH.sub(r"{\\\1}", encoded) if encoded.startswith("\\") else encoded


_LEADING_BACKSLASH = re.compile(r"^\\(.)")


def _brace_if(text: str, needed: bool) -> str:
    return "{" + text + "}" if needed else text


def encode_name(name: Name, ascii: bool = False) -> tuple[str | None, list[str]]:
    """One CSL name → one BibTeX name (``None`` if nothing to write), and what could not be kept."""
    if name.model_extra:
        return _encode_name(name, ascii)
    # the same people recur through a file: encode each distinct name once
    value, problems = _encode_plain(
        name.family, name.given, name.dropping_particle, name.non_dropping_particle, name.suffix, name.literal,
        name.comma_suffix, name.static_ordering, name.parse_names, ascii,
    )
    return value, list(problems)


@lru_cache(maxsize=8192)
def _encode_plain(*key: object) -> tuple[str | None, tuple[str, ...]]:
    fields = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal",
              "comma-suffix", "static-ordering", "parse-names")
    name = Name.model_validate({f: v for f, v in zip(fields, key[:-1], strict=True) if v is not None})
    value, problems = _encode_name(name, bool(key[-1]))
    return value, tuple(problems)


def _encode_name(name: Name, ascii: bool) -> tuple[str | None, list[str]]:
    problems: list[str] = []
    data = name.to_csl()
    for key in sorted(set(data) - _NAME_KEYS):
        problems.append(f"name property {key!r} ({data[key]!r}) has no BibTeX equivalent")
    family = (name.family or "").strip()
    given = (name.given or "").strip()
    if name.literal is not None and not family:
        if given:
            problems.append("name has both 'literal' and 'given'; written as the literal")
        return ("{" + _enc(name.literal, ascii) + "}" if name.literal.strip() else None), problems
    if not family:
        if not given:
            return None, ["empty name"]
        problems.append("name has a given name but no family name; written as one unsplittable name")
        return "{" + _enc(given, ascii) + "}", problems
    particles = " ".join(p.strip() for p in (name.dropping_particle, name.non_dropping_particle) if p and p.strip())
    if name.dropping_particle and name.dropping_particle.strip():
        problems.append("dropping-particle is written in BibTeX's von part and reads back as non-dropping-particle")
    if particles and (particles.endswith(("'", "’", "-")) or not all(_starts_lower(w) for w in particles.split())):
        # BibTeX only sees lowercase, space-separated words as "von": keep the particle in the family
        sep = "" if particles.endswith(("'", "’", "-")) else " "
        family = f"{particles}{sep}{family}"
        particles = ""
        problems.append("particle is not a lowercase word BibTeX recognises; written as part of the family name")
    words = family.split()
    split_risk = len(words) > 1 and not all(next((c for c in w if c.isalpha()), "A").isupper() for w in words[:-1])
    fam = _brace_if(_enc(family, ascii), split_risk or "," in family or bool(_AND_WORD.search(family)))
    von = _enc(particles, ascii) + " " if particles else ""
    suffix = (
        _brace_if(_enc(name.suffix.strip(), ascii), "," in name.suffix) if name.suffix and name.suffix.strip() else ""
    )
    first = _brace_if(_enc(given, ascii), "," in given or bool(_AND_WORD.search(given))) if given else ""
    if suffix:
        return f"{von}{fam}, {suffix}, {first}".rstrip(), problems
    if first:
        return f"{von}{fam}, {first}", problems
    if von or len(words) > 1 or fam.startswith("{"):
        # "von Last," with no first name: no guessing of the split, and not an organisation
        return f"{von}{fam},", problems
    return fam, problems


def encode_names(names: list[Name], ascii: bool = False, others: bool = False) -> tuple[str, list[str]]:
    """A CSL name list → a BibTeX ``and``-separated list, and problems (each naming the person)."""
    out: list[str] = []
    problems: list[str] = []
    if names and names[-1].is_others:  # the et-al marker ({"literal": "others"}) is BibTeX's "and others"
        names, others = names[:-1], True
    for i, name in enumerate(names, 1):
        value, issues = encode_name(name, ascii)
        if issues:
            label = name.display() or f"#{i}"
            problems.extend(f"name {i} ({label}): {issue}" for issue in issues)
        if value:
            out.append(value)
    if others:
        out.append("others")
    return " and ".join(out), problems


def _is_one_group(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or text[i - 1] != "\\"):
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def _text(raw: list[str], problems: list[str]) -> str | None:
    if not raw:
        return None
    text, problem = decode(" ".join(raw), rich=False)
    if problem:
        problems.append(problem)
    text = text.replace("\u00a0", " ")
    return text or None


_EXTENDED = re.compile(r"\s*(?:family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
_EXTENDED_PART = re.compile(r"\s*([A-Za-z-]+)\s*=\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[^,]*)\s*(?:,|$)")


def _extended_name(part: str, problems: list[str]) -> Name | None:
    """biber's extended name format (``family=Gogh, given=Vincent, prefix=van, useprefix=true``)."""
    values: dict[str, str] = {}
    pos = 0
    while pos < len(part):
        m = _EXTENDED_PART.match(part, pos)
        if not m or m.end() == pos:
            return None
        raw = m.group(2).strip()
        values[m.group(1).lower()] = raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw
        pos = m.end()
    props: dict[str, str | None] = {
        "family": _text([values["family"]], problems) if "family" in values else None,
        "given": _text([values["given"]], problems) if "given" in values else None,
        "suffix": _text([values["suffix"]], problems) if "suffix" in values else None,
    }
    if "prefix" in values:
        # biblatex's useprefix=false (its default) is CSL's dropping particle
        use = values.get("useprefix", "false").strip().lower() == "true"
        props["non-dropping-particle" if use else "dropping-particle"] = _text([values["prefix"]], problems)
    if not props["family"]:
        return None
    return Name.model_validate({k: v for k, v in props.items() if v is not None})


def decode_names(value: str) -> NamesRead:
    """A BibTeX name list → CSL names (organisations, i.e. one braced group, as ``literal``)."""
    props, others, problems = decode_name_props(value)
    return NamesRead(names=[Name.model_validate(p) for p in props], others=others, problems=problems)


def decode_name_props(value: str) -> tuple[list[dict[str, str]], bool, list[str]]:
    """:func:`decode_names` as CSL-JSON name objects (what the reader stores), without building
    :class:`Name` models only to dump them again: the names, ``and others``, and problems."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names: list[dict[str, str]] = []
    others = False
    problems: list[str] = []
    parts = split_multiple_persons_names(value)
    for k, part in enumerate(parts):
        part = part.strip()
        if not part:
            continue
        if part.lower() == "others" and k == len(parts) - 1:
            others = True
            continue
        props, issues = _one_name(part)
        problems.extend(issues)
        if props is not None:
            names.append(dict(props))
    return names, others, problems


@lru_cache(maxsize=8192)
def _one_name(part: str) -> tuple[dict[str, str] | None, tuple[str, ...]]:
    """One person's name → CSL name properties (None: nothing to keep) and problems; cached, as
    the same authors recur across a file (bibtexparser's splitter costs ~30 µs a name)."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    problems: list[str] = []
    if _is_one_group(part) and not part.startswith("{\\"):  # {\&} is a special character, not a group
        literal = _text([part], problems)
        return ({"literal": literal} if literal else None), tuple(problems)
    if _EXTENDED.match(part):
        extended = _extended_name(part, problems)
        if extended is not None:
            return extended.to_csl(), tuple(problems)  # type: ignore[return-value]
    trailing_comma = part.endswith(",") and not part.endswith("\\,")
    if trailing_comma:
        part = part + " " + _DUMMY_GIVEN  # "von Last," : a family name and no first name
    try:
        np = parse_single_name_into_parts(part, strict=False)
    except (InvalidNameError, ValueError, IndexError) as exc:
        problems.append(f"name {part!r} could not be split ({exc}); kept as one literal name")
        literal = _text([part], problems)
        return ({"literal": literal} if literal else None), tuple(problems)
    first = [w for w in np.first if w != _DUMMY_GIVEN]
    family = _text(np.last, problems)
    given = _text(first, problems)
    if family is None and given is not None:
        family, given = given, None
    props = {
        "family": family,
        "given": given,
        "non-dropping-particle": _text(np.von, problems),
        "suffix": _text(np.jr, problems),
    }
    return {key: v for key, v in props.items() if v is not None}, tuple(problems)

"""BibLaTeX ``langid`` (babel/polyglossia language names) ⇄ CSL ``language`` (IETF tags).

The table is pandoc's (``toIETF`` in pandoc's citeproc support, which maps the names biblatex
documents in its manual §2.2.3, ``langid``): pandoc reads ``langid = {ngerman}`` as CSL
``language: de-DE``. The writer goes back through the first name given for a tag, so
``de-DE`` is written ``ngerman`` and reads back as ``de-DE``; a value the table does not know
is kept as it is (``language`` field).
"""

from __future__ import annotations

#: langid → IETF tag (pandoc 3.9's table)
TO_IETF: dict[str, str] = {
    "english": "en-US", "usenglish": "en-US", "american": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-US", "australian": "en-GB", "newzealand": "en-GB",
    "afrikaans": "af-ZA", "arabic": "ar", "basque": "eu", "bulgarian": "bg-BG", "catalan": "ca-AD",
    "croatian": "hr-HR", "czech": "cs-CZ", "danish": "da-DK", "dutch": "nl-NL", "estonian": "et-EE",
    "finnish": "fi-FI", "canadien": "fr-CA", "acadian": "fr-CA", "french": "fr-FR", "francais": "fr-FR",
    "austrian": "de-AT", "naustrian": "de-AT", "german": "de-DE", "germanb": "de-DE", "ngerman": "de-DE",
    "greek": "el-GR", "polutonikogreek": "el-GR", "hebrew": "he-IL", "hungarian": "hu-HU",
    "icelandic": "is-IS", "italian": "it-IT", "japanese": "ja-JP", "latvian": "lv-LV",
    "lithuanian": "lt-LT", "magyar": "hu-HU", "mongolian": "mn-MN", "norsk": "nb-NO", "nynorsk": "nn-NO",
    "farsi": "fa-IR", "polish": "pl-PL", "brazil": "pt-BR", "brazilian": "pt-BR", "portugues": "pt-PT",
    "portuguese": "pt-PT", "romanian": "ro-RO", "russian": "ru-RU", "serbian": "sr-RS", "serbianc": "sr-RS",
    "slovak": "sk-SK", "slovene": "sl-SL", "spanish": "es-ES", "swedish": "sv-SE", "thai": "th-TH",
    "turkish": "tr-TR", "ukrainian": "uk-UA", "vietnamese": "vi-VN", "latin": "la",
}
#: IETF tag → the langid written for it (the first name of the table, except German's modern one)
FROM_IETF: dict[str, str] = {}
for _name, _tag in TO_IETF.items():
    FROM_IETF.setdefault(_tag, _name)
FROM_IETF.update({"de-DE": "ngerman", "de-AT": "naustrian"})


def to_ietf(langid: str) -> str:
    """``ngerman`` → ``de-DE``; a name the table does not know is returned as it is."""
    return TO_IETF.get(langid.strip().casefold(), langid.strip())


def from_ietf(language: str) -> str | None:
    """``de-DE`` → ``ngerman``; None when no langid reads back as exactly ``language``."""
    return FROM_IETF.get(language.strip())


__all__ = ["FROM_IETF", "TO_IETF", "from_ietf", "to_ietf"]

"""HTML output, as citeproc-js writes it (the CSL test-suite's RESULT uses the same markup)."""

from __future__ import annotations

import re
import unicodedata

_OPEN = {
    ("font-style", "italic"): "<i>",
    ("font-style", "oblique"): "<i>",
    ("font-weight", "bold"): "<b>",
    ("vertical-align", "sup"): "<sup>",
    ("vertical-align", "sub"): "<sub>",
    ("vertical-align", "baseline"): '<span style="baseline">',
}
_CLOSE = {"<i>": "</i>", "<b>": "</b>", "<sup>": "</sup>", "<sub>": "</sub>"}


def _superscripts() -> dict[str, str]:
    """Every Unicode character whose decomposition is ``<super> X`` (ordinals like 1ʳᵉ, 2ª...)."""
    table = {"ª": "a", "º": "o"}
    for start, end in ((0x00A0, 0x00C0), (0x02B0, 0x02FF), (0x1D2C, 0x1DC0), (0x2070, 0x20A0), (0x2C7D, 0x2C7E),
                       (0xA69C, 0xA6A0), (0xA770, 0xA771), (0xA7F8, 0xA7FA), (0xAB5C, 0xAB60)):
        for code in range(start, end):
            dec = unicodedata.decomposition(chr(code))
            if dec.startswith("<super>"):
                table[chr(code)] = "".join(chr(int(h, 16)) for h in dec.split()[1:])
    # the rest of citeproc-js's CSL.SUPERSCRIPTS: symbols, kanbun and modifier letters without a
    # <super> decomposition (fixture magic_SuperscriptChars)
    table.update({"℠": "SM", "™": "TM", "ˀ": "ʔ", "ˁ": "ʕ", "ۥ": "و", "ۦ": "ي", "㆒": "一", "㆓": "二", "㆔": "三",
                  "㆕": "四", "㆖": "上", "㆗": "中", "㆘": "下", "㆙": "甲", "㆚": "乙", "㆛": "丙", "㆜": "丁",
                  "㆝": "天", "㆞": "地", "㆟": "人"})
    return table


_SUPERSCRIPTS = _superscripts()
_SUPERSCRIPT_RX = re.compile("[" + "".join(_SUPERSCRIPTS) + "]")

#: citeproc-js's HTML for the display attribute (its test-suite RESULTs keep these line breaks)
_DISPLAY = {
    "block": ('\n\n    <div class="csl-block">', "</div>\n"),
    "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
    "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
    "indent": ('<div class="csl-indent">', "</div>\n  "),
}


class HtmlMarkup:
    """citeproc-js's HTML: ``<i>``, ``<b>``, ``<sup>``, styled spans, ``csl-*`` display divs."""

    name = "html"

    def escape(self, text: str) -> str:
        """Escape ``&``, ``<``, ``>`` as numeric entities (citeproc-js style)."""
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        if _SUPERSCRIPT_RX.search(text):
            # citeproc-js writes Unicode superscript letters (ordinals: 1ʳᵉ, 2ª) as <sup>
            text = _SUPERSCRIPT_RX.sub(lambda m: f"<sup>{_SUPERSCRIPTS[m.group(0)]}</sup>", text)
        return text

    def open(self, attr: str, value: str) -> str:
        """The opening tag for one formatting attribute."""
        tag = _OPEN.get((attr, value))
        if tag is not None:
            return tag
        if attr == "font-variant" and value == "small-caps":
            return '<span style="font-variant:small-caps;">'
        return f'<span style="{attr}:{value};">'

    def close(self, attr: str, value: str) -> str:
        """The closing tag matching :meth:`open`."""
        tag = _OPEN.get((attr, value))
        return _CLOSE.get(tag or "", "</span>")

    def open_display(self, display: str) -> str:
        """``<div class="csl-block">`` and friends, with citeproc-js's line breaks."""
        return _DISPLAY.get(display, ("", ""))[0] or f'<div class="csl-{display}">'

    def close_display(self, display: str) -> str:
        """Close a display div."""
        return _DISPLAY.get(display, ("", "</div>"))[1]

    def bibliography(self, entries: list[str]) -> str:
        """The ``csl-bib-body`` wrapper with one ``csl-entry`` div per entry."""
        body = "".join(f'  <div class="csl-entry">{e}</div>\n' for e in entries)
        return f'<div class="csl-bib-body">\n{body}</div>'

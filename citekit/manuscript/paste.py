"""A formatted bibliography as a file that pastes into Word: a whole HTML page, RTF or .docx.

citekit renders HTML (``<i>`` for journal titles, ``<b>``, ``<sup>``); :func:`html_page` wraps it
in a page with ``<meta charset="utf-8">`` (a fragment opened by a browser or Word guesses the
encoding and mangles accents); :func:`convert` has pandoc turn that page into RTF or .docx, which
keep the italics, bold and superscripts as character formatting.
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import tempfile
from pathlib import Path


class ConvertError(Exception):
    """pandoc could not turn the page into the asked format."""


_MARGIN = re.compile(r'<div class="csl-left-margin">(.*?)</div>\s*<div class="csl-right-inline">(.*?)</div>(?=\s*</div>)',
                     re.DOTALL)


def inline_margins(body: str) -> str:
    """A numbered style's ``csl-left-margin`` and ``csl-right-inline`` blocks as spans on one line: Word
    (and pandoc's readers) would otherwise put the number and the entry in two paragraphs."""
    return _MARGIN.sub(lambda m: f'<span class="csl-left-margin">{m.group(1).rstrip()} </span>'
                                 f'<span class="csl-right-inline">{m.group(2)}</span>', body)


def html_page(body: str, title: str = "References", lang: str = "en") -> str:
    """A whole, self-contained HTML page around ``body`` (numbers and entries on one line)."""
    body = inline_margins(body)
    return (f'<!DOCTYPE html>\n<html lang="{html_lib.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html_lib.escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def convert(page: str, to: str, pandoc: str) -> bytes:
    """The page converted by pandoc to ``to`` (``rtf`` or ``docx``), as bytes."""
    with tempfile.TemporaryDirectory(prefix="citekit-paste-") as tmp:
        src = Path(tmp) / "bib.html"
        out = Path(tmp) / f"bib.{to}"
        # the page's <title> would become a title paragraph of the document
        src.write_text(re.sub(r"<title>.*?</title>", "", page, flags=re.DOTALL), encoding="utf-8")
        args = [pandoc, str(src), "-f", "html", "-t", to, "--standalone", "-o", str(out)]
        try:
            done = subprocess.run(args, capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConvertError(f"pandoc ({pandoc}) could not run: {exc}") from exc
        if done.returncode != 0 or not out.is_file():
            raise ConvertError(f"pandoc could not write {to}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return out.read_bytes()

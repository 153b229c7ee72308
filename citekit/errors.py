"""citekit's one exception tree. Every error names the item and the field it concerns when it can.

::

    CitekitError
    ├── InputError                 bad input from the user: a file, an entry, a value
    │   ├── ParseError             a file or entry could not be read (line, item, field)
    │   ├── InvalidIdentifier      a DOI / PMID / PMCID / ISSN / ISBN that is not one
    │   ├── DuplicateIdError       two references share an id (strict collections)
    │   └── UnknownFormat          no format by that name, or none could be sniffed
    ├── OutputError                an output could not be written
    ├── DocumentError              a document's data is missing or inconsistent
    ├── ResolveError               fetching a record failed
    │   ├── NotFound
    │   ├── RateLimited
    │   ├── ServiceError           the service failed (5xx, refusal after the retries)
    │   │   └── Unreachable        the service could not be asked: no connection, deadline or budget spent
    │   ├── BadResponse            an answer that is not what was asked for (shape, type, size)
    │   │   └── WrongRecord        a valid record, but of another identifier than the one asked for
    │   ├── UnsupportedIdentifier  no registered service handles this kind of identifier
    │   └── OfflineMiss            offline mode, and the answer is not in the cache
    └── StyleError                 a CSL style or locale is invalid

Errors are raised with ``raise ... from exc`` so the cause stays visible. Every message is made
printable (:func:`printable`): a control character in a DOI or a server's answer never reaches the
terminal raw.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object, *, keep_newlines: bool = True) -> str:
    """``text`` with control characters (C0, C1, bidi overrides, line separators) escaped as ``\\x1b``.

    Tabs and newlines (not carriage returns) are kept unless ``keep_newlines`` is false (then one message stays one line).
    """
    s = str(text)
    if not keep_newlines:
        s = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return _CONTROL.sub(_escape, s)


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def locate(
    message: str,
    *,
    item: str | None = None,
    field: str | None = None,
    line: int | None = None,
    source: str | None = None,
) -> str:
    """``message`` prefixed with where it applies: ``refs.bib:42, entry 'k', field 'title': ...``."""
    where = []
    if source:
        where.append(source + (f":{line}" if line is not None else ""))
    elif line is not None:
        where.append(f"line {line}")
    if item:
        where.append(f"entry {item!r}")
    if field:
        where.append(f"field {field!r}")
    text = f"{', '.join(where)}: {message}" if where else message
    return printable(text)


class CitekitError(Exception):
    """Base of every citekit error.

    ``item`` names the entry (id, citation key or number), ``field`` the variable, ``line`` the
    1-based line in the input, ``source`` the file or service; all optional.
    """

    def __init__(
        self,
        message: str,
        *,
        item: str | None = None,
        field: str | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.item = item
        self.field = field
        self.line = line
        self.source = source

    def __str__(self) -> str:
        return locate(self.message, item=self.item, field=self.field, line=self.line, source=self.source)


class InputError(CitekitError):
    """The user's input is unusable: a file, an entry or a value."""


class ParseError(InputError):
    """A file or an entry could not be parsed."""


class InvalidIdentifier(InputError):
    """A string that should be an identifier (DOI, PMID, ...) is not a valid one."""


class DuplicateIdError(InputError):
    """Two references share one id where ids must be unique."""


class UnknownFormat(InputError):
    """No format by that name, or the format could not be recognised from the file."""


class OutputError(CitekitError):
    """An output file could not be written."""


class DocumentError(CitekitError):
    """A document's data is missing or inconsistent."""


class ResolveError(CitekitError):
    """Fetching an authoritative record failed."""


class NotFound(ResolveError):
    """The service has no record for the identifier."""


class RateLimited(ResolveError):
    """The service refused the request for exceeding its rate limit."""


class ServiceError(ResolveError):
    """The service failed (5xx, timeout, connection error)."""


class BadResponse(ResolveError):
    """The service answered with something that is not what it promised (HTML for JSON, ...)."""


class Unreachable(ServiceError):
    """The service could not be asked: no connection, the request's deadline or the run's budget ran out,
    or it asked us to wait longer than we will. Distinct from :class:`NotFound` ("asked, and it has no record")."""


class WrongRecord(BadResponse):
    """The service answered with a valid record of another identifier than the one asked for (never cached)."""


class UnsupportedIdentifier(ResolveError):
    """No registered service handles this kind of identifier."""


class OfflineMiss(ResolveError):
    """Offline mode: the answer is not in the cache (no request was made)."""


class StyleError(CitekitError):
    """A CSL style or locale is invalid or cannot be found."""


__all__ = [
    "BadResponse",
    "CitekitError",
    "DocumentError",
    "DuplicateIdError",
    "InputError",
    "InvalidIdentifier",
    "NotFound",
    "OfflineMiss",
    "OutputError",
    "ParseError",
    "RateLimited",
    "ResolveError",
    "ServiceError",
    "StyleError",
    "UnknownFormat",
    "Unreachable",
    "UnsupportedIdentifier",
    "WrongRecord",
    "printable",
]

"""What kubelint prints of its input: one inert line, and quotes of bounded length.

Anything read from an input (an object's name, a key, a file's name, a value, a template's
`fail` message) may hold any character. Printed as it is, a newline or a carriage return starts
a line of its own, which a CI runner reads as a command (GitHub Actions' `::error`,
`::add-mask::`; the runner splits lines at `\\r` too); an ESC sequence drives the terminal; a
line separator (U+2028) or a bidirectional override (U+202E) misleads whoever reads the line.
`escape` writes each such character as its Python escape (`\\n`, `\\x1b`, `\\u2028`): every
report and every line on stderr passes through it.

A message quotes a value from the input with `quote` (Python's `'web'`) or `json_quote`
(Kubernetes' `"web"`), which `cut` it to `QUOTE_LIMIT` characters and `…`, so that a finding
never carries a whole file; `capped` bounds a whole message to `MESSAGE_LIMIT` characters,
whatever it quotes.
"""

from __future__ import annotations

import json
import re
from typing import Any

QUOTE_LIMIT = 100  # characters of a value from the input that a message quotes
MESSAGE_LIMIT = 2_000  # characters of one message (a finding's, an error's)

# Control characters (C0, DEL, C1), surrogates (no UTF-8 can carry them), line and paragraph
# separators, and the bidirectional controls that reorder what a reader sees.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every control, separator and bidirectional character written as an escape."""
    return _UNPRINTABLE.sub(_escaped, text)


def printable(*texts: str | None) -> bool:
    """Whether every text prints as it is: `line` would change none of them."""
    return printed_length(*texts) <= MESSAGE_LIMIT


def printed_length(*texts: str | None) -> int:
    """The length of the texts joined when each prints as it is, else more than MESSAGE_LIMIT:
    texts are `printable` together when the sum of their parts' lengths is at most that."""
    joined = "".join(filter(None, texts))
    # (`str.isprintable`, in C, is False for every character _UNPRINTABLE matches and for a few
    # more, such as a no-break space: a third of the cost of the search for the common text)
    if joined.isprintable() or _UNPRINTABLE.search(joined) is None:
        return len(joined)
    return MESSAGE_LIMIT + 1


def cut(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text`, or its first `limit` characters and `…`."""
    return text if len(text) <= limit else text[:limit] + "…"


def capped(text: str) -> str:
    """A message of at most MESSAGE_LIMIT characters (and a note of how many were left out)."""
    if len(text) <= MESSAGE_LIMIT:
        return text
    return f"{text[:MESSAGE_LIMIT]}… ({len(text) - MESSAGE_LIMIT:,} more characters)"


def line(text: str) -> str:
    """One printable line of a message: capped, then escaped."""
    return escape(capped(text))


def printable_data(value: Any) -> Any:
    """JSON-like data with every string in it (keys too) a `line`: capped and escaped."""
    if isinstance(value, str):
        return line(value)
    if isinstance(value, dict):
        return {printable_data(key): printable_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable_data(item) for item in value]
    return value


def quote(value: object) -> str:
    """A value from the input as a message quotes it: its `repr`, cut to QUOTE_LIMIT."""
    if isinstance(value, str):
        return repr(cut(value))
    return cut(repr(value))


def json_quote(value: object, limit: int = QUOTE_LIMIT, ascii: bool = True) -> str:
    """A value from the input as JSON (as Kubernetes' messages quote it: `"web"`, `3`), cut."""
    if isinstance(value, str):
        return json.dumps(cut(value, limit), ensure_ascii=ascii)
    return cut(json.dumps(value, ensure_ascii=ascii), limit)

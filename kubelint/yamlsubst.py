"""Manifests meant for `sed`: a plain value `{{name}}` is no YAML until it is substituted.

`config: {{config_data}}` reads as a flow mapping inside a flow mapping, which YAML cannot
use as a key. A file that fails to parse only because of such values is read with each of
them quoted (`"{{config_data}}"`, a string in its place), and each is reported as a
`placeholder`; a file that still fails has a real syntax error, reported as before.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kubelint.findings import Position

# `key: {{name}}` or `- {{name}}`, the value alone on its line (a comment may follow)
_PLAIN = re.compile(
    r"(?m)(?:^|(?<=:)|(?<=-))([ \t]+)"  # after a key, a dash or the indentation
    r"(\{\{\s*[A-Za-z_.][\w.]*\s*\}\})"  # the placeholder
    r"(?=[ \t]*(?:#.*)?$)"  # to the end of the line
)


class Quoted(NamedTuple):
    """A text whose placeholder values were quoted, and where each placeholder was."""

    text: str  # the text with each placeholder value quoted
    places: tuple[tuple[Position, str], ...]  # where each was, and what


def quote_placeholders(text: str) -> Quoted | None:
    """The text with its plain `{{name}}` values quoted, or None when it has none."""
    places: list[tuple[Position, str]] = []
    pieces: list[str] = []
    done = line = 0  # the text up to `done` is copied; its lines are counted
    line_start = 0
    for match in _PLAIN.finditer(text):
        start = match.start(2)
        line += text.count("\n", done, start)
        line_start = max(line_start, text.rfind("\n", done, start) + 1)
        places.append((Position(line + 1, start - line_start + 1), match.group(2)))
        pieces += [text[done:start], f'"{match.group(2)}"']
        done = match.end(2)
        line += text.count("\n", start, done)
    if not places:
        return None
    return Quoted("".join(pieces) + text[done:], tuple(places))


def placeholder_syntax_message(value: str) -> str:
    return (
        f"{value} is a placeholder for text substitution (sed): the file is no YAML until "
        "it is substituted; read with the placeholder as a string"
    )

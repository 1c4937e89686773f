"""Manifests meant for `sed`: a plain value `{{name}}` is no YAML until it is substituted.

`config: {{config_data}}` reads as a flow mapping inside a flow mapping, which YAML cannot
use as a key. A file that fails to parse only because of such values is read with each of
them quoted (`"{{config_data}}"`, a string in its place), and each is reported as a
`placeholder`; a file that still fails has a real syntax error, reported as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kubelint.findings import Position

# `key: {{name}}` or `- {{name}}`, the value alone on its line (a comment may follow)
_PLAIN = re.compile(
    r"(?m)(?:^|(?<=:)|(?<=-))([ \t]+)"  # after a key, a dash or the indentation
    r"(\{\{\s*[A-Za-z_.][\w.]*\s*\}\})"  # the placeholder
    r"(?=[ \t]*(?:#.*)?$)"  # to the end of the line
)


@dataclass(frozen=True, slots=True)
class Quoted:
    text: str  # the text with each placeholder value quoted
    places: tuple[tuple[Position, str], ...]  # where each was, and what


def quote_placeholders(text: str) -> Quoted | None:
    """The text with its plain `{{name}}` values quoted, or None when it has none."""
    places: list[tuple[Position, str]] = []

    def quoted(match: re.Match[str]) -> str:
        start = match.start(2)
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        places.append((Position(line, column), match.group(2)))
        return f'{match.group(1)}"{match.group(2)}"'

    result = _PLAIN.sub(quoted, text)
    return Quoted(result, tuple(places)) if places else None


def placeholder_syntax_message(value: str) -> str:
    return (
        f"{value} is a placeholder for text substitution (sed): the file is no YAML until "
        "it is substituted; read with the placeholder as a string"
    )

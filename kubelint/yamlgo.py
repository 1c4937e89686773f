"""YAML read as Kubernetes and Helm read it (Go's yaml.v2), where PyYAML reads it otherwise.

Plain scalars: Go-YAML has no `value` type (a plain `=` is the string "="; PyYAML has no
constructor for it and fails), no sexagesimal numbers (`1:30` is a string, not 90), and reads
`1e3` and `0o17` as numbers. Timestamps stay strings and booleans stay YAML 1.1's (`yes`, `on`)
as kubelint has always read them.

Document separators: Helm splits a chart's output at every `---` that starts a line, whatever
follows it (`releaseutil.SplitManifests`), so `---apiVersion: v1` starts a document there,
where YAML reads one plain scalar key `---apiVersion`. `segments()` cuts a text at such
separators; each piece is parsed on its own, padded with newlines so that lines stay those of
the file.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml
from yaml.nodes import ScalarNode

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
VALUE_TAG = "tag:yaml.org,2002:value"

# Go's strconv.ParseInt(s, 0, 64) once underscores are removed (yaml.v2 resolve.go), and
# yaml.v2's float syntax: a sign, digits with at most one dot, an exponent whose sign is optional.
_GO_INT = re.compile(
    r"^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$"
)
_GO_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NUMBER_START = list("-+0123456789.")


def go_resolvers(
    resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]],
) -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers with Go-YAML's numbers and without the `value` type."""
    table = {
        first: [(tag, rx) for tag, rx in entries if tag not in (INT_TAG, FLOAT_TAG, VALUE_TAG)]
        for first, entries in resolvers.items()
    }
    for first in _NUMBER_START:
        # before the timestamps and the rest: an int is never a float, a float never a date
        table[first] = [(INT_TAG, _GO_INT), (FLOAT_TAG, _GO_FLOAT), *table.get(first, [])]
    return {first: entries for first, entries in table.items() if entries}


def construct_go_int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    """An int as Go's strconv reads it (base prefixes in either case, a leading 0 for octal)."""
    value = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return sign * int(digits, 8)
    return sign * int(digits, 0)


def construct_go_float(loader: yaml.SafeLoader, node: ScalarNode) -> float:
    value = str(loader.construct_scalar(node)).replace("_", "").lower()
    sign = -1.0 if value.startswith("-") else 1.0
    digits = value.lstrip("+-")
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)


def read_as_go(loader: type[Any]) -> None:
    """Make a PyYAML loader class resolve and construct plain scalars as Go-YAML does."""
    loader.yaml_implicit_resolvers = go_resolvers(loader.yaml_implicit_resolvers)
    loader.add_constructor(INT_TAG, construct_go_int)
    loader.add_constructor(FLOAT_TAG, construct_go_float)


# A line that starts with `---` and goes on with content: YAML reads no separator there (a
# plain scalar `---apiVersion`, or an error), Helm does. `---# note` is one too (cert-manager's
# chart renders it: `---` then `{{- if … -}}` eats the line break); `--- # note` is one in YAML.
# Matched at each `---` that starts a line (`_glued`).
_GLUED = re.compile(r"---(?:(?=#)|[ \t]*(?=[^\s#]))")


class Segment(NamedTuple):
    """A piece of a file to parse on its own: its text, padded with newlines to start at its
    line of the file, and the columns its first line lost (the `---` before the content)."""

    text: str
    line: int  # 1-based line of the file where the piece starts
    shift: int


def segments(text: str) -> list[Segment]:
    """The text cut at the separators Helm splits at and YAML does not: one segment (the text
    itself) when there is none."""
    found = _glued(text)
    if not found:
        return [Segment(text, 1, 0)]
    out = [Segment(text[: found[0].start()], 1, 0)]
    for match, end in zip(found, [m.start() for m in found[1:]] + [len(text)], strict=True):
        line = text.count("\n", 0, match.start())
        out.append(
            Segment("\n" * line + text[match.end() : end], line + 1, match.end() - match.start())
        )
    return out


def _glued(text: str) -> list[re.Match[str]]:
    """The glued separators of a text, matched at each `---` that starts a line (a pattern
    anchored at line starts, searched through a whole text, costs five times this)."""
    found = []
    start = text.find("---")
    while start >= 0:
        if start == 0 or text[start - 1] == "\n":
            match = _GLUED.match(text, start)
            if match is not None:
                found.append(match)
        start = text.find("---", start + 3)
    return found

"""Jinja2 expressions as text: each with its binding strength, so that it is parenthesised
only where Jinja2's grammar needs it, and what is known of the type of its value (a string
literal, a list in the default values), so that Go's semantics need a helper only where the
type is not known."""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from kubelint.chart.gotmpl.lexer import quote

# Binding strength, weakest first (Jinja2's grammar).
CONDITIONAL, OR, AND, NOT, COMPARE, ADD, FILTER, PRIMARY = range(8)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Names Jinja2's parser reads as something else than a name.
JINJA_WORDS = frozenset(
    {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False",
     "None", "loop", "self", "varargs", "kwargs", "caller", "super", "recursive", "with",
     "without", "context", "import", "from", "as", "for", "endfor", "block", "macro", "set",
     "namespace"}
)  # fmt: skip


class Expr(NamedTuple):
    text: str
    strength: int = PRIMARY
    kind: str = ""  # "str", "bool", "int", "map", "list", or "" when unknown
    sample: Any = None  # its value in the chart's default values, when it reads one

    @property
    def container(self) -> str:
        """ "map" or "list" when the value is known to be one (from its kind or sample)."""
        if self.kind in ("map", "list"):
            return self.kind
        if isinstance(self.sample, Mapping):
            return "map"
        if isinstance(self.sample, list):
            return "list"
        return ""

    def at(self, strength: int) -> str:
        """The text, parenthesised unless it binds at least as strongly as `strength`."""
        return self.text if self.strength >= strength else f"({self.text})"


def is_name(word: str) -> bool:
    return bool(_IDENTIFIER.match(word)) and word not in JINJA_WORDS and not keyword.iskeyword(word)


def member(base: Expr, name: str) -> Expr:
    """`base.name`, or `base["name"]` for a key that is no plain name."""
    text = base.at(PRIMARY)
    sample = base.sample.get(name) if isinstance(base.sample, Mapping) else None
    return Expr(f"{text}.{name}" if is_name(name) else f"{text}[{string(name)}]", sample=sample)


def string(value: str) -> str:
    """A Jinja2 string literal (Python's escapes)."""
    return quote(value)


def number(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def call(name: str, args: list[Expr], kind: str = "") -> Expr:
    return Expr(f"{name}({', '.join(a.at(CONDITIONAL) for a in args)})", PRIMARY, kind)


def piped(value: Expr, name: str, args: list[Expr], kind: str = "") -> Expr:
    """`value | name(args)`: the filter form."""
    tail = f"({', '.join(a.at(CONDITIONAL) for a in args)})" if args else ""
    base = value.text if value.strength >= FILTER else f"({value.text})"
    return Expr(f"{base} | {name}{tail}", FILTER, kind)

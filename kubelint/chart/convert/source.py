"""A Go template's text with each action replaced by its Jinja2 fragment: the text between
actions is kept byte for byte (what Jinja2 would read as its own syntax, `{%` or `{#`, is
printed as a string), trim markers become Jinja2's (`{{-` → `{%-`), and no line is added or
removed, so line N of the result is line N of the original."""

from __future__ import annotations

import re
from typing import NamedTuple

from kubelint.chart.convert.expr import string
from kubelint.chart.convert.translate import Fragment
from kubelint.chart.gotmpl.lexer import Kind, lex

_OPEN = {"expr": "{{", "stmt": "{%", "comment": "{#"}
_CLOSE = {"expr": "}}", "stmt": "%}", "comment": "#}"}
_JINJA_SYNTAX = re.compile(r"\{[%#]")


class Span(NamedTuple):
    start: int  # the `{{`
    end: int  # just past the `}}`
    left_trim: bool
    right_trim: bool


def spans(text: str) -> list[Span]:
    """Where each action and comment of a Go template is, with its trim markers."""
    found: list[Span] = []
    start = -1
    for token in lex(text):
        if token.kind is Kind.LEFT_DELIM:
            start = token.pos
        elif token.kind is Kind.RIGHT_DELIM:
            found.append(_span(text, start, token.pos + 2))
        elif token.kind is Kind.COMMENT:
            begin = text.rfind("{{", 0, token.pos)
            after = token.pos + len(token.value)
            end = text.find("}}", after) + 2
            found.append(_span(text, begin, end))
    return found


def _span(text: str, start: int, end: int) -> Span:
    left = text.startswith("{{-", start) and text[start + 3 : start + 4] in (" ", "\t", "\r", "\n")
    right = text[end - 4 : end - 2] in (" -", "\t-", "\r-", "\n-")
    return Span(start, end, left, right)


def render_fragment(fragment: Fragment, span: Span) -> str:
    """The Jinja2 tags of one action, its trim markers on the outer ones."""
    out = []
    for index, (kind, body) in enumerate(fragment):
        left = "-" if index == 0 and span.left_trim else ""
        right = "-" if index == len(fragment) - 1 and span.right_trim else ""
        if kind == "comment":
            out.append(f"{_OPEN[kind]}{left}{body.replace('#}', '# }')}{right}{_CLOSE[kind]}")
        else:
            out.append(f"{_OPEN[kind]}{left} {body} {right}{_CLOSE[kind]}")
    return "".join(out)


def escape_text(text: str) -> str:
    """Template text as Jinja2 prints it unchanged: its `{%` and `{#` as strings."""
    return _JINJA_SYNTAX.sub(lambda m: "{{ " + string(m.group()) + " }}", text)


class Spliced(NamedTuple):
    text: str
    macros: list[Span]  # where each macro is in `text`, with the trims of its tags


def splice(text: str, fragments: list[Fragment]) -> Spliced:
    found = spans(text)
    if len(found) != len(fragments):
        raise ValueError(f"{len(found)} actions but {len(fragments)} translations")
    out: list[str] = []
    size = 0
    macros: list[Span] = []
    opened: Span | None = None
    at = 0
    for span, fragment in zip(found, fragments, strict=True):
        out.append(escape_text(text[at : span.start]))
        size += len(out[-1])
        rendered = render_fragment(fragment, span)
        newlines = text.count("\n", span.start, span.end)
        if newlines:  # an action over several lines keeps them (a comment keeps its own)
            rendered = _with_lines(rendered, newlines, fragment)
        if fragment[0][1].startswith("macro "):
            opened = Span(size, size, span.left_trim, False)
        elif fragment[0][1] == "endmacro" and opened is not None:
            end = size + len(rendered)
            macros.append(Span(opened.start, end, opened.left_trim, span.right_trim))
        out.append(rendered)
        size += len(rendered)
        at = span.end
    out.append(escape_text(text[at:]))
    return Spliced("".join(out), macros)


def moved_macros(spliced: Spliced, helper: str) -> tuple[str, str]:
    """A template's macros moved into a helper file (Jinja2 shares macros only from helpers):
    the template keeps a comment of as many lines in their place, and the helper has each
    macro at the lines it had, so that line N of either is line N of the original."""
    text = spliced.text
    kept: list[str] = []
    moved = ""
    at = 0
    for span in spliced.macros:
        kept.append(text[at : span.start])
        region = text[span.start : span.end]
        left, right = "-" if span.left_trim else "", "-" if span.right_trim else ""
        lines = "\n" * region.count("\n")
        kept.append(f"{{#{left} a macro, moved to {helper} {lines}{right}#}}")
        line = text.count("\n", 0, span.start)
        moved += "\n" * (line - moved.count("\n")) + region
        at = span.end
    kept.append(text[at:])
    return "".join(kept), moved + "\n"


def _with_lines(rendered: str, newlines: int, fragment: Fragment) -> str:
    """An action written over several lines, translated onto one: its line breaks go back in
    before the closing delimiter, so the following lines keep their numbers."""
    missing = newlines - rendered.count("\n")
    if missing <= 0:
        return rendered
    close = len(_CLOSE[fragment[-1][0]]) + (1 if rendered[-3:-2] == "-" else 0)
    return rendered[:-close] + "\n" * missing + rendered[-close:]

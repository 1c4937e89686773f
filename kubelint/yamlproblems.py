"""What goes wrong reading a YAML file, as one-line problems with a position: text that is
no UTF-8 (or UTF-16/32 with a byte-order mark), and PyYAML's syntax errors."""

from __future__ import annotations

import codecs
from typing import NamedTuple

import yaml

from kubelint.findings import Position

_LIBYAML_DEPTH = "exceeded maximum nesting depth"  # libyaml stops at 1,000 levels


class LoadProblem(NamedTuple):
    """A problem found while reading a file, before any rule runs."""

    rule: str
    message: str
    position: Position | None

    def where(self, name: str) -> str:
        """The problem as a one-line error: `file:line:column: message`."""
        if self.position is None:
            return f"{name}: {self.message}"
        return f"{name}:{self.position.line}:{self.position.column}: {self.message}"


_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str | None, LoadProblem | None]:
    """Bytes to text: UTF-8 (a BOM is accepted), or UTF-16/32 with a BOM."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        problem = LoadProblem(
            "yaml-syntax",
            f"not {encoding.upper()} text: invalid byte 0x{byte:02x} (is this a binary file?)",
            Position(line, column),
        )
        return None, problem


def syntax_problem(exc: yaml.YAMLError, text: str) -> LoadProblem:
    """Turn a PyYAML error into a finding with the line and column PyYAML reports."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= text.count("\n"):
            mark = exc.context_mark  # "unexpected end of stream": point where the construct began
        message = exc.problem or exc.context or str(exc)
        if exc.problem == _LIBYAML_DEPTH:
            message = (
                "mappings and lists nest more than 1,000 levels deep, beyond what the YAML parser"
                " reads at all"
            )
            position = Position(mark.line + 1, mark.column + 1) if mark else None
            return LoadProblem("input-limit", message, position)
        if exc.problem and exc.context:
            started = (
                f" that starts at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            )
            message = f"{exc.problem} ({exc.context}{started})"
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        return LoadProblem("yaml-syntax", message, position)
    if isinstance(exc, yaml.reader.ReaderError):
        index = min(exc.position, len(text))
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        hint = (
            " (UTF-16 text without a byte-order mark, or a binary file?)"
            if not exc.character
            else ""
        )
        return LoadProblem(
            "yaml-syntax",
            f"unacceptable character #x{exc.character:04x}: {exc.reason}{hint}",
            Position(line, column),
        )
    return LoadProblem("yaml-syntax", str(exc), None)

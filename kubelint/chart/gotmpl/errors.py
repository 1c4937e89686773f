"""Errors as Go's text/template makes them, and as Helm words them.

A Go error is a message and, where Go wraps one (`%w`), the error it wraps: Helm walks that
chain to word an execution error, so it is kept. `str()` is Go's `err.Error()`.
"""

from __future__ import annotations

import re


class GoError(Exception):
    """An error with Go's message and the error it wraps."""

    def __init__(self, message: str, cause: GoError | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause

    def __str__(self) -> str:
        return self.message


class TemplateParseError(GoError):
    """`template: NAME:LINE: message`."""

    def __init__(self, parse_name: str, line: int, reason: str) -> None:
        super().__init__(f"template: {parse_name}:{line}: {reason}")
        self.parse_name = parse_name
        self.line = line
        self.reason = reason


class ExecError(GoError):
    """`template: FILE:LINE:COL: executing "NAME" at <NODE>: message`, raised while a template
    runs; `where` is (file, line, column) of the node, for findings."""

    def __init__(
        self, message: str, cause: GoError | None, where: tuple[str, int, int] | None
    ) -> None:
        super().__init__(message, cause)
        self.where = where


class BreakLoop(Exception):
    """`{{break}}`."""


class ContinueLoop(Exception):
    """`{{continue}}`."""


WARN_START, WARN_END = "HELM_ERR_START", "HELM_ERR_END"
_WARN = re.compile(WARN_START + "(.*)" + WARN_END, re.DOTALL)


def helm_parse_message(error: TemplateParseError) -> str:
    """Helm's cleanupParseError: `parse error at (FILE:LINE): last part of the message`."""
    tokens = str(error).split(": ")
    return f"parse error at ({tokens[1]}): {tokens[-1]}"


def helm_exec_message(error: GoError) -> str:
    """Helm's message for an execution error: `execution error at (FILE:LINE:COL): message`
    for `fail` and `required`; otherwise Go's message, on one line (Helm 4 breaks the same
    parts over lines)."""
    tokens = str(error).split(": ", 2)
    if len(tokens) == 3:
        warned = _WARN.search(tokens[2])
        if warned:
            return f"execution error at ({tokens[1]}): {warned.group(1)}"
    return str(error)

"""Reporters: one module a format, each a function of the same Result."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from kubelint.engine import Result
from kubelint.report import github, jsonfmt, junit, sarif, text

Reporter = Callable[[Result, TextIO], None]

FORMATS: dict[str, Reporter] = {
    "text": text.report,
    "json": jsonfmt.report,
    "sarif": sarif.report,
    "junit": junit.report,
    "github": github.report,
}

"""Reporters: one module a format, each a function of the same Result.

Every reporter is reached through `printed`, which hands it the findings as
`Finding.printable` gives them: nothing from the input prints as a control character, and no
message is unbounded, whatever the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TextIO

from kubelint.engine import Result
from kubelint.report import github, jsonfmt, junit, sarif, text

Reporter = Callable[[Result, TextIO], None]


def printed(reporter: Reporter) -> Reporter:
    """`reporter`, given the printable findings of a result."""

    def report(result: Result, out: TextIO) -> None:
        reporter(replace(result, findings=[f.printable() for f in result.findings]), out)

    return report


FORMATS: dict[str, Reporter] = {
    "text": printed(text.report),
    "json": printed(jsonfmt.report),
    "sarif": printed(sarif.report),
    "junit": printed(junit.report),
    "github": printed(github.report),
}

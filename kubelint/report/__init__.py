"""Reporters: one module a format, each a function of the same Result.

Every reporter is reached through `printed`, which hands it the findings as
`Finding.printable` gives them (`printable_findings`): nothing from the input prints as a
control character, and no message is unbounded, whatever the format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from kubelint.engine import Result
from kubelint.findings import printable_findings

Reporter = Callable[[Result, TextIO], None]


def printed(reporter: Reporter) -> Reporter:
    """`reporter`, given the printable findings of a result."""

    def report(result: Result, out: TextIO) -> None:
        reporter(result.with_findings(printable_findings(result.findings)), out)

    return report


def _module(name: str) -> Reporter:
    """`report` of kubelint.report.`name`, imported when a report is first written: a run
    loads one format's module, not every format's (JUnit's XML library, SARIF's hashing)."""

    def report(result: Result, out: TextIO) -> None:
        importlib.import_module(f"kubelint.report.{name}").report(result, out)

    return report


FORMATS: dict[str, Reporter] = {
    "text": printed(_module("text")),
    "json": printed(_module("jsonfmt")),
    "sarif": printed(_module("sarif")),
    "junit": printed(_module("junit")),
    "github": printed(_module("github")),
}

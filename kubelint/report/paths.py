"""How machine reports name a finding's file: relative to the working directory when inside it
(the repository root in CI, which is what code scanning and annotations resolve against)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def report_path(file: str) -> str:
    """`file` with forward slashes, relative to the working directory when it lies inside it."""
    if os.path.isabs(file):
        relative = os.path.relpath(file)
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            file = relative
    return os.path.normpath(file).replace(os.sep, "/") if file else file


def report_uri(file: str) -> str:
    """`file` as a URI reference: relative (percent-encoded) where it can be, else file:///…"""
    path = report_path(file)
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path, safe="/")


class ReportPaths(dict[str, tuple[str, str]]):
    """A file's `report_path` and `report_uri`, each worked out once for a report (a relative
    path costs a `getcwd` and a `relpath`: as much as the rest of a SARIF result)."""

    def __missing__(self, file: str) -> tuple[str, str]:
        self[file] = found = report_path(file), report_uri(file)
        return found

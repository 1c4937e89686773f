"""How machine reports name a finding's file: relative to the working directory when inside it
(the repository root in CI, which is what code scanning and annotations resolve against)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def _path(file: str, cwd: str) -> str:
    """`report_path`, given the working directory (absolute, normalised, as getcwd gives it)."""
    if os.path.isabs(file):
        normal = os.path.normpath(file)
        # (relpath, costly, only where it gives a path inside: the working directory or below)
        if normal == cwd or normal.startswith(cwd if cwd.endswith(os.sep) else cwd + os.sep):
            file = os.path.relpath(normal, cwd)
    return os.path.normpath(file).replace(os.sep, "/") if file else file


def _uri(path: str) -> str:
    """`report_uri` of a path as `report_path` gives it."""
    if not os.path.isabs(path):
        return quote(path, safe="/")
    if os.sep == "/":  # what PurePosixPath.as_uri gives a normalised path, without a Path
        return "file://" + quote(os.fsencode(path), safe="/")
    return Path(path).as_uri()


def report_path(file: str) -> str:
    """`file` with forward slashes, relative to the working directory when it lies inside it."""
    return _path(file, os.getcwd())


def report_uri(file: str) -> str:
    """`file` as a URI reference: relative (percent-encoded) where it can be, else file:///…"""
    return _uri(report_path(file))


class ReportPaths(dict[str, tuple[str, str]]):
    """A file's `report_path` and `report_uri`, each worked out once for a report, against the
    working directory as it is when the report starts (a relative path costs a `relpath`: as
    much as the rest of a SARIF result)."""

    def __init__(self) -> None:
        super().__init__()
        self._cwd = os.getcwd()

    def __missing__(self, file: str) -> tuple[str, str]:
        path = _path(file, self._cwd)
        self[file] = found = path, _uri(path)
        return found

"""`Files`: a chart's own files (not templates, values or Chart.yaml), read-only, in memory.

Names are relative to the chart's root. A name that leaves the chart (`..`, an absolute path) is
an error, never a read: the files were read when the chart was loaded, and nothing else is.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

import re2

from kubelint.chart.funcs.base import TemplateFailure
from kubelint.chart.funcs.encodings import to_yaml
from kubelint.chart.funcs.regex import RE2_OPTIONS


@lru_cache(maxsize=256)
def _glob(pattern: str) -> Any:
    """Glob with `/` as separator: `*` and `?` stay within a folder, `**` crosses folders,
    `[abc]` and `{a,b}` as usual; matched by RE2, in time linear in the name (no pattern can
    make Python's backtracking `re` take exponential time)."""
    out = ""
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out += re2.escape(char)
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = end
        elif char == "{":
            end = pattern.find("}", i + 1)
            if end < 0:
                out += re2.escape(char)
            else:
                options = pattern[i + 1 : end].split(",")
                out += "(?:" + "|".join(re2.escape(o) for o in options) + ")"
                i = end
        else:
            out += re2.escape(char)
        i += 1
    try:
        return re2.compile(out, RE2_OPTIONS)
    except re2.error:
        raise TemplateFailure(f'Files.Glob("{pattern}"): not a valid pattern') from None


class Files:
    """The object templates see as `Files`: Get, GetBytes, Glob, Lines, AsConfig, AsSecrets."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._files = files

    def _name(self, name: object, function: str) -> str:
        text = str(name)
        path = PurePosixPath(text)
        if path.is_absolute() or ".." in path.parts or "\\" in text:
            raise TemplateFailure(
                f'Files.{function}("{text}"): the path leaves the chart; a template may only'
                " read the chart's own files"
            )
        return path.as_posix()

    def Get(self, name: str) -> str:
        """The file's text (`""` when there is no such file)."""
        data = self._files.get(self._name(name, "Get"))
        return data.decode("utf-8", "replace") if data is not None else ""

    def GetBytes(self, name: str) -> bytes:
        """The file's bytes."""
        return self._files.get(self._name(name, "GetBytes"), b"")

    def Lines(self, name: str) -> list[str]:
        """The file's lines."""
        text = self.Get(name)
        return text.split("\n") if text else []

    def Glob(self, pattern: str) -> Files:
        """The files matching `pattern` (`*`, `?`, `**`, `[…]`, `{a,b}`), as a `Files` to
        iterate or to turn into `.AsConfig()` / `.AsSecrets()`."""
        regex = _glob(self._name(pattern, "Glob"))
        return Files({n: d for n, d in self._files.items() if regex.fullmatch(n)})

    def AsConfig(self) -> str:
        """A ConfigMap's `data`: file base names to contents, as YAML."""
        return to_yaml(
            {PurePosixPath(n).name: d.decode("utf-8", "replace") for n, d in self._files.items()}
        )

    def AsSecrets(self) -> str:
        """A Secret's `data`: file base names to base64 contents, as YAML."""
        return to_yaml(
            {PurePosixPath(n).name: base64.b64encode(d).decode() for n, d in self._files.items()}
        )

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._files))

    def __len__(self) -> int:
        return len(self._files)

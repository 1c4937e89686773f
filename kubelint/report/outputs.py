"""Where reports go: `--format` and `--output`, each repeatable, paired in order.

- The n-th `--output FILE` receives the report of the n-th `--format`.
- A `--format` left without an `--output` prints on standard output; only one may.
- An `--output` left without a `--format` takes the format its name ends with (`.sarif` or
  `.sarif.json`: sarif, `.xml`: junit, `.json`: json, `.txt`/`.log`: text); any other name is
  a usage error.
- A file whose name says another format than the one paired with it (`a.sarif` for junit) is a
  usage error: a sign that the pairs are out of order.
- Without any `--format`, the default format also prints on standard output.

`plan` checks all this before anything runs; `write` renders each report once the run is done,
files through `fileio.writing`
(atomically, as they are written).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple, TextIO

from kubelint.errors import UsageError
from kubelint.fileio import writing

# File name endings and the formats such a file may hold, the first inferred when none is given.
SUFFIXES = (
    (".sarif", ("sarif",)),
    (".sarif.json", ("sarif",)),
    (".xml", ("junit",)),
    (".json", ("json", "sarif")),
    (".txt", ("text", "github")),
    (".log", ("text", "github")),
)


class Output(NamedTuple):
    """One report to write: its format, and its file (None: standard output)."""

    format: str
    path: str | None = None  # None: standard output


Render = Callable[[str, TextIO], None]  # writes the report of a format to a stream


def _formats_for(path: str) -> tuple[str, ...] | None:
    name = path.lower()
    for suffix, formats in SUFFIXES:
        if name.endswith(suffix):
            return formats
    return None


def plan(
    formats: Sequence[str], outputs: Sequence[str], default: str, known: Collection[str]
) -> list[Output]:
    """The reports to write, or a UsageError saying what is wrong with the flags."""
    for name in formats:
        if name not in known:
            raise UsageError(f'unknown --format "{name}" (expected one of: {", ".join(known)})')
    planned: list[Output] = []
    for index, path in enumerate(outputs):
        allowed = _formats_for(path)
        if index < len(formats):
            name = formats[index]
            if allowed is not None and name not in allowed:
                raise UsageError(
                    f"--output {path} is paired with --format {name}, but its name says "
                    f"{allowed[0]} (the n-th --output takes the n-th --format)"
                )
        elif allowed is None:
            raise UsageError(
                f"--output {path} has no --format, and its name does not say one "
                "(give --format, or end the name with .sarif, .xml, .json or .txt)"
            )
        else:
            name = allowed[0]
        if any(output.path == path for output in planned):
            raise UsageError(f"--output {path} is given twice")
        planned.append(Output(name, path))
    to_stdout = list(formats[len(outputs) :]) if formats else [default]
    if len(to_stdout) > 1:
        raise UsageError(
            f"--format {' and --format '.join(to_stdout)} would all print on standard output: "
            "give each but one an --output FILE"
        )
    planned.extend(Output(name) for name in to_stdout)
    return planned


def write(planned: Sequence[Output], render: Render, stdout: TextIO) -> None:
    """Each planned report: files first (atomically), then standard output."""
    for output in planned:
        if output.path is not None:
            with writing(output.path) as binary:  # written as it is made, not held whole
                text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
                render(output.format, text)
                text.detach()  # (flushed; the file is `writing`'s to close)
    for output in planned:
        if output.path is None:
            render(output.format, stdout)

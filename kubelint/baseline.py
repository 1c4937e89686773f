"""Baselines: record today's findings, then report and fail only on new ones.

`kubelint lint --write-baseline FILE` writes every finding of the run to FILE, one JSON line a
finding, sorted, so a team can review and commit it. `--baseline FILE` hides the findings
recorded there. A finding is recognised by its file (relative to the baseline's folder, so the
working directory does not matter) and its fingerprint (`kubelint.fingerprint`: rule, object,
field path and message without line numbers), so findings still match when lines move,
documents are reordered or keys are shuffled. Matching counts: a baseline that records two
equal findings hides two, and a third is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kubelint import fingerprint
from kubelint.dataload import DataError, json_loads
from kubelint.errors import InputError
from kubelint.fileio import read_file, write_atomic
from kubelint.findings import Finding

FORMAT_KEY = "kubelint-baseline"
FORMAT_VERSION = 1

Key = tuple[str, str]  # (file relative to the baseline's folder, fingerprint)


def _relative(file: str | None, base: Path) -> str:
    if file is None or file.startswith("<"):  # no file, or <stdin>
        return file or ""
    try:
        return os.path.relpath(os.path.abspath(file), base).replace(os.sep, "/")
    except ValueError:  # another drive than the baseline's
        return file.replace(os.sep, "/")


def _entry(finding: Finding, base: Path) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "file": _relative(finding.file, base),
        "object": finding.object.to_json() if finding.object else None,
        "path": finding.path,
        "message": fingerprint.normalise(finding.message),  # a rewrite after moves: no diff
        "fingerprint": fingerprint.of(finding),
    }


def _order(entry: dict[str, Any]) -> tuple[str, ...]:
    obj = entry["object"] or {}
    return (
        entry["file"],
        entry["rule"],
        *(obj.get(k) or "" for k in ("kind", "namespace", "name")),
        entry["path"] or "",
        entry["fingerprint"],
    )


def write(path: str, findings: Iterable[Finding]) -> int:
    """Record `findings` in the baseline at `path`; the number recorded."""
    base = Path(os.path.abspath(path)).parent
    entries = sorted((_entry(f, base) for f in findings), key=_order)
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    body = ",\n    ".join(lines)
    text = (
        f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": [\n    {body}\n  ]\n}}\n'
        if lines
        else f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": []\n}}\n'
    )
    write_atomic(path, text)
    return len(entries)


def read(path: str) -> Counter[Key]:
    """The findings a baseline records, counted; a missing or malformed file is an InputError."""
    try:
        raw = read_file(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    try:
        document = json_loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a kubelint baseline: not UTF-8 text") from None
    except DataError as exc:
        raise InputError(
            f"{exc.where(path)}: not a kubelint baseline: invalid JSON: {exc}"
        ) from None
    if not isinstance(document, dict) or document.get(FORMAT_KEY) != FORMAT_VERSION:
        raise InputError(
            f'{path}: not a kubelint baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION}; '
            "write one with --write-baseline)"
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise InputError(f'{path}: not a kubelint baseline: "findings" is not a list')
    known: Counter[Key] = Counter()
    for number, entry in enumerate(entries, 1):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("file"), str)
            and isinstance(entry.get("fingerprint"), str)
        ):
            raise InputError(
                f"{path}: not a kubelint baseline: finding {number} lacks a file or fingerprint"
            )
        known[(entry["file"], entry["fingerprint"])] += 1
    return known


class Outcome(NamedTuple):
    """What applying a baseline left: the new findings, and how many it hid and how many entries
    are gone."""

    findings: list[Finding]  # the new ones, in their order
    hidden: int  # findings the baseline knew
    gone: int  # baseline entries no finding matched (fixed since)


def apply(path: str, findings: Sequence[Finding], known: Counter[Key]) -> Outcome:
    """The findings the baseline at `path` does not know, each entry hiding one finding."""
    base = Path(os.path.abspath(path)).parent
    left = Counter(known)
    new: list[Finding] = []
    for finding in findings:
        key = (_relative(finding.file, base), fingerprint.of(finding))
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(finding)
    return Outcome(new, len(findings) - len(new), sum(left.values()))


class Gate(NamedTuple):
    """What `--baseline` and `--write-baseline` ask of one run."""

    path: str
    known: Counter[Key] | None  # None: write the baseline instead of reading it

    @classmethod
    def open(cls, baseline: str | None, write_to: str | None) -> Gate | None:
        """Read the baseline now, before the run, so a bad one fails fast; None for neither."""
        if write_to is not None:
            return cls(write_to, None)
        return cls(baseline, read(baseline)) if baseline is not None else None

    def screen(self, findings: Sequence[Finding]) -> tuple[list[Finding], str]:
        """The findings to report, and a line for stderr that says what the baseline did."""
        if self.known is None:
            count = write(self.path, findings)
            noun = "finding" if count == 1 else "findings"
            return [], f"kubelint: wrote {count} {noun} to the baseline {self.path}"
        outcome = apply(self.path, findings, self.known)
        noun = "finding" if outcome.hidden == 1 else "findings"
        note = f"kubelint: the baseline {self.path} hid {outcome.hidden} known {noun}"
        if outcome.gone:
            note += f"; {outcome.gone} of its entries no longer occur (--write-baseline updates it)"
        return outcome.findings, note

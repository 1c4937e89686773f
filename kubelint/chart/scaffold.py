"""`kubelint create NAME`: a new chart from the starter shipped with kubelint, like
`helm create`: Chart.yaml, values.yaml with values.schema.json, a Deployment, Service,
ServiceAccount, Ingress, HorizontalPodAutoscaler, PodDisruptionBudget, helpers and NOTES.txt,
whose output passes `kubelint lint` with no findings."""

from __future__ import annotations

import re
from pathlib import Path

from kubelint.errors import UsageError
from kubelint.fileio import write_atomic

STARTER = Path(__file__).resolve().parent / "starter"
PLACEHOLDER = "<CHARTNAME>"
_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_RENAMED = {"helmignore": ".helmignore"}  # hidden files do not travel well in packages


def create(path: str) -> list[str]:
    """Write the chart at `path` (its folder name is the chart's name); the files written."""
    target = Path(path)
    name = target.name
    if not _NAME.fullmatch(name) or len(name) > 53:
        raise UsageError(
            f"chart name {name!r} is invalid: use lowercase letters, digits and '-', starting and"
            " ending with a letter or digit, at most 53 characters"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{path}: already exists and is not an empty folder")
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = source.relative_to(STARTER).as_posix()
        destination = target / _RENAMED.get(relative, relative)
        text = source.read_text(encoding="utf-8").replace(PLACEHOLDER, name)
        written.append(write_atomic(destination, text).as_posix())
    return written

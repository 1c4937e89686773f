"""`kubelint create NAME`: a new chart from the starter shipped with kubelint, like
`helm create`: Chart.yaml, values.yaml with values.schema.json, a Deployment, Service,
ServiceAccount, Ingress, HorizontalPodAutoscaler, PodDisruptionBudget, helpers and NOTES.txt,
whose output passes `kubelint lint` with no findings. Templates in kubelint's Jinja2 dialect, or
with `dialect="go"` in Helm's Go templates (`starter-go/templates` replaces `templates`), for
charts that Helm must render too."""

from __future__ import annotations

import re
from pathlib import Path

from kubelint.errors import UsageError
from kubelint.fileio import write_atomic

STARTER = Path(__file__).resolve().parent / "starter"
GO_TEMPLATES = Path(__file__).resolve().parent / "starter-go" / "templates"
PLACEHOLDER = "<CHARTNAME>"
_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_RENAMED = {"helmignore": ".helmignore"}  # hidden files do not travel well in packages


def create(path: str, dialect: str = "jinja2") -> list[str]:
    """Write the chart at `path` (its folder name is the chart's name); the files written."""
    if dialect not in ("jinja2", "go"):
        raise UsageError(f"invalid --dialect {dialect!r}: expected jinja2 or go")
    target = Path(path)
    name = target.name
    if not _NAME.fullmatch(name) or len(name) > 53:
        raise UsageError(
            f"chart name {name!r} is invalid: use lowercase letters, digits and '-', starting and"
            " ending with a letter or digit, at most 53 characters"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{path}: already exists and is not an empty folder")
    files = {
        source.relative_to(STARTER).as_posix(): source
        for source in STARTER.rglob("*")
        if source.is_file() and not (dialect == "go" and source.parent.name == "templates")
    }
    if dialect == "go":
        files.update((f"templates/{source.name}", source) for source in GO_TEMPLATES.iterdir())
    written = []
    for relative, source in sorted(files.items()):
        destination = target / _RENAMED.get(relative, relative)
        text = source.read_text(encoding="utf-8").replace(PLACEHOLDER, name)
        if relative == "Chart.yaml" and dialect == "go":
            text = text.replace("templated with Jinja2", "templated with Go templates")
        written.append(write_atomic(destination, text).as_posix())
    return written

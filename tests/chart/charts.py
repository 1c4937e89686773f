"""Write small charts into a temporary folder."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write


def chart_yaml(name: str, **extra: str) -> str:
    lines = [f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n"]
    lines += [f"{key}: {value}\n" for key, value in extra.items()]
    return "".join(lines)


def make_chart(root: Path, files: dict[str, str], name: str = "mychart") -> Path:
    """A chart `name` under `root` with `files` (paths relative to the chart); Chart.yaml is
    written unless given."""
    folder = root / name
    if "Chart.yaml" not in files:
        write(folder, "Chart.yaml", chart_yaml(name))
    for path, text in files.items():
        write(folder, path, text)
    return folder

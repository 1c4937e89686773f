"""Data files shipped with kubelint: the JSON schemas of the top-level `schemas/` folder."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries `schemas/` as `kubelint/_schemas/` (pyproject's force-include); a source tree
# or an editable install reads the folder beside the package.
_SCHEMA_FOLDERS = (_PACKAGE / "_schemas", _PACKAGE.parent / "schemas")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON schema `name` (e.g. `cluster.schema.json`), from the package or source tree."""
    for folder in _SCHEMA_FOLDERS:
        path = folder / name
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise FileNotFoundError(f"schema {name} is not installed with kubelint")

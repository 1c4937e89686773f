"""Built objects as YAML, as `kustomize build` prints them: one document each, keys in the
order built, lists unindented, multi-line strings as literal blocks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from kubelint.kustomize.model import Res


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = (
        "|"
        if "\n" in value and value.strip() and all(c >= " " or c in "\n\t" for c in value)
        else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def to_yaml(objects: Iterable[Res]) -> str:
    return "---\n".join(dump(obj.data) for obj in objects)

"""`toYamlPretty` as Helm writes YAML with it: Go's yaml.v3 encoder with an indent of 2.

Unlike `toYaml` (sigs.k8s.io/yaml over yaml.v2, see `goyaml`), there is no JSON round trip:
a list under a key is indented, lines are never folded, and numbers print as Go holds them (a
float64, every number of a Go chart's values, as strconv's %g: `1e+06`, `2.5`; `.inf`, `.nan`).
Keys are sorted and strings quoted as `toYaml` does them.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import yaml
from jinja2 import Undefined
from yaml.nodes import ScalarNode

from kubelint.chart.gotmpl.gotypes import format_float
from kubelint.chart.goyaml import STR, plain_is_string, represent_str, sorted_pairs

# The tag of every scalar that is not a string: never written, as each resolves to it.
_OTHER = "tag:kubelint,2026:plain"


class _PrettyDumper(yaml.SafeDumper):
    """PyYAML's Python emitter, where indentation is decided (libyaml's is not reachable)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # yaml.v3 indents a list under its key

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """A plain scalar is a string when it reads back as one, else one of the others."""
        if kind is ScalarNode and implicit[0]:
            return STR if value and plain_is_string(value) else _OTHER
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


def _float_text(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    return format_float(value)


def _plain(text: str) -> Any:
    return lambda dumper, data: dumper.represent_scalar(_OTHER, text)


_PrettyDumper.add_representer(str, represent_str)
_PrettyDumper.add_representer(bool, lambda d, data: d.represent_scalar(_OTHER, str(data).lower()))
_PrettyDumper.add_representer(type(None), _plain("null"))
_PrettyDumper.add_multi_representer(Undefined, _plain("null"))
# An int subclass (a Go chart's float64) prints as that type prints itself (`1e+06`).
_PrettyDumper.add_representer(int, lambda d, data: d.represent_scalar(_OTHER, str(data)))
_PrettyDumper.add_multi_representer(int, lambda d, data: d.represent_scalar(_OTHER, str(data)))
_PrettyDumper.add_representer(float, lambda d, data: d.represent_scalar(_OTHER, _float_text(data)))


def _mapping(dumper: yaml.SafeDumper, data: Any) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", sorted_pairs(data))


_PrettyDumper.add_representer(dict, _mapping)
_PrettyDumper.add_multi_representer(dict, _mapping)
_PrettyDumper.add_representer(tuple, lambda d, data: d.represent_list(list(data)))


def dump_pretty(value: Any) -> str:
    """`value` as Helm's `toYamlPretty` writes it, without the final newline."""
    text = yaml.dump(
        value,
        Dumper=_PrettyDumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=sys.maxsize,
    )
    if text.endswith("\n...\n"):  # PyYAML's document end after an open-ended scalar
        text = text[: -len("...\n")]
    return text.removesuffix("\n")

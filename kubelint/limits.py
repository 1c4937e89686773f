"""Bounds that keep hostile input cheap: the `limits:` of the configuration."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _limit(default: int, unit: str, doc: str, minimum: int = 1) -> Any:
    return field(default=default, metadata={"unit": unit, "doc": doc, "minimum": minimum})


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input cheap; each is a configuration key under `limits:`
    (`max_file_size` is `limits.max-file-size`), documented by its metadata."""

    max_file_size: int = _limit(
        50_000_000,
        "bytes",
        "Size of one input file: a manifest, a values file, any file of a chart (an archive's"
        " members and headers included).",
    )
    max_chart_size: int = _limit(
        104_857_600,
        "bytes",
        "All files of one chart, with its subcharts and what their `.tgz` archives expand to,"
        " each file and folder counting 512 bytes more (Helm's limit, 100 MiB).",
    )
    max_alias_nodes: int = _limit(
        100_000,
        "nodes",
        "Nodes a YAML document gains by expanding its aliases (the billion-laughs attack).",
        minimum=0,
    )
    max_depth: int = _limit(100, "levels", "Nesting of mappings and lists in a YAML document.")
    max_render_size: int = _limit(
        20_000_000, "characters", "Output of one chart's templates, together."
    )
    max_template_depth: int = _limit(
        50, "levels", "Helpers (`include`) and `tpl` called within each other."
    )
    max_loop_iterations: int = _limit(
        1_000_000, "iterations", "Iterations of all `{% for %}` loops of one chart's render."
    )
    max_render_operations: int = _limit(
        1_000_000,
        "operations",
        "Work of one chart's render: each call of a function or macro is one operation, each"
        " item or 100 characters a function is given one more, costly functions (key"
        " generation, bcrypt) many.",
    )
    max_render_memory: int = _limit(
        200_000_000,
        "bytes",
        "Strings and lists one chart's render builds (with operators and functions, and"
        " printed), in total: a value over what is left is refused before it is built.",
    )
    max_render_seconds: int = _limit(
        10,
        "seconds",
        "Processor time of one chart's render, a last resort: the operations and memory bounds"
        " stop a costly chart first.",
    )
    max_integer_digits: int = _limit(
        1_000,
        "digits",
        "Digits of an integer a template computes with `*`, `**` or `mul` (Go's have 19).",
    )
    max_schedule_pods: int = _limit(
        20_000, "pods", "Pods `schedule` (and `lint --schedule`) places in one run, in total."
    )
    max_jobs: int = _limit(64, "processes", "Worker processes of `--jobs` and `jobs:`.")

    @staticmethod
    def key(name: str) -> str:
        """The configuration key of a field: `max_file_size` → `limits.max-file-size`."""
        return "limits." + name.replace("_", "-")

    def exceeded(self, name: str, what: str) -> str:
        """A message about a limit: what happened, which limit, and how to raise it."""
        value, unit = getattr(self, name), _FIELDS[name].metadata["unit"]
        return f"{what} (over {self.key(name)}: {value:,} {unit}; raise it in .kubelint.yaml)"

    @staticmethod
    def documented() -> list[tuple[str, int, str, str, int]]:
        """Each limit: (configuration key, default, unit, what it bounds, lowest value)."""
        return [
            (
                Limits.key(f.name),
                getattr(DEFAULT_LIMITS, f.name),
                f.metadata["unit"],
                f.metadata["doc"],
                f.metadata["minimum"],
            )
            for f in fields(Limits)
        ]


_FIELDS = {f.name: f for f in fields(Limits)}


DEFAULT_LIMITS = Limits()

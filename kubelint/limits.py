"""Bounds that keep hostile input cheap: the `limits:` of the configuration."""

from __future__ import annotations

import functools
from typing import Annotated, NamedTuple, get_type_hints


class About(NamedTuple):
    """What a limit bounds: its unit, one sentence of documentation, and its lowest value."""

    unit: str
    doc: str
    minimum: int = 1


# A NamedTuple, not a frozen dataclass: a tenth of the cost to create at every start-up (1 ms).
class Limits(NamedTuple):
    """Bounds that keep hostile input cheap; each is a configuration key under `limits:`
    (`max_file_size` is `limits.max-file-size`), documented by the `About` of its type."""

    max_file_size: Annotated[
        int,
        About(
            "bytes",
            "Size of one input file: a manifest, a values file, any file of a chart (an"
            " archive's members and headers included).",
        ),
    ] = 50_000_000
    max_chart_size: Annotated[
        int,
        About(
            "bytes",
            "All files of one chart, with its subcharts and what their `.tgz` archives expand"
            " to, each file and folder counting 512 bytes more (Helm's limit, 100 MiB).",
        ),
    ] = 104_857_600
    max_alias_nodes: Annotated[
        int,
        About(
            "nodes",
            "Nodes a YAML document gains by expanding its aliases (the billion-laughs attack).",
            minimum=0,
        ),
    ] = 100_000
    max_depth: Annotated[
        int, About("levels", "Nesting of mappings and lists in a YAML document.")
    ] = 100
    max_render_size: Annotated[
        int, About("characters", "Output of one chart's templates, together.")
    ] = 20_000_000
    max_template_depth: Annotated[
        int, About("levels", "Helpers (`include`) and `tpl` called within each other.")
    ] = 50
    max_loop_iterations: Annotated[
        int, About("iterations", "Iterations of all `{% for %}` loops of one chart's render.")
    ] = 1_000_000
    max_render_operations: Annotated[
        int,
        About(
            "operations",
            "Work of one chart's render: each call of a function or macro is one operation,"
            " each item or 100 characters a function is given one more, costly functions (key"
            " generation, bcrypt) many.",
        ),
    ] = 1_000_000
    max_render_memory: Annotated[
        int,
        About(
            "bytes",
            "Strings and lists one chart's render builds (with operators and functions, and"
            " printed), in total: a value over what is left is refused before it is built.",
        ),
    ] = 200_000_000
    max_render_seconds: Annotated[
        int,
        About(
            "seconds",
            "Processor time of one chart's render, a last resort: the operations and memory"
            " bounds stop a costly chart first.",
        ),
    ] = 10
    max_integer_digits: Annotated[
        int,
        About(
            "digits",
            "Digits of an integer a template computes with `*`, `**` or `mul` (Go's have 19).",
        ),
    ] = 1_000
    max_schedule_pods: Annotated[
        int,
        About("pods", "Pods `schedule` (and `lint --schedule`) places in one run, in total."),
    ] = 20_000
    max_jobs: Annotated[int, About("processes", "Worker processes of `--jobs` and `jobs:`.")] = 64

    @staticmethod
    def key(name: str) -> str:
        """The configuration key of a field: `max_file_size` → `limits.max-file-size`."""
        return "limits." + name.replace("_", "-")

    def exceeded(self, name: str, what: str) -> str:
        """A message about a limit: what happened, which limit, and how to raise it."""
        value, unit = getattr(self, name), _about()[name].unit
        return f"{what} (over {self.key(name)}: {value:,} {unit}; raise it in .kubelint.yaml)"

    @staticmethod
    def documented() -> list[tuple[str, int, str, str, int]]:
        """Each limit: (configuration key, default, unit, what it bounds, lowest value)."""
        return [
            (Limits.key(name), default, about.unit, about.doc, about.minimum)
            for (name, about), default in zip(_about().items(), DEFAULT_LIMITS, strict=True)
        ]


@functools.cache  # (read only to document a limit or say one was exceeded)
def _about() -> dict[str, About]:
    """Each limit's `About`, by field name, in the order of the fields."""
    hints = get_type_hints(Limits, include_extras=True)
    return {name: hints[name].__metadata__[0] for name in Limits._fields}


DEFAULT_LIMITS = Limits()

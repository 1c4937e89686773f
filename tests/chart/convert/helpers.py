"""Convert a one-template chart and look at the result."""

from __future__ import annotations

from pathlib import Path

from kubelint.chart.convert.chart import Converted, convert
from kubelint.chart.convert.verify import Difference, verify
from kubelint.chart.options import ChartOptions
from tests.chart.charts import make_chart


def one_template(
    root: Path, template: str, values: str = "", **files: str
) -> tuple[str, Converted, list[Difference]]:
    """`template` as the chart's `templates/t.yaml` (with `values` and `files`, whose keys use
    `__` for `/`): its converted text, the conversion, and the differences of both renders."""
    chart = make_chart(
        root,
        {
            "templates/t.yaml": template,
            "values.yaml": values,
            **{name.replace("__", "/"): text for name, text in files.items()},
        },
        name="c",
    )
    out = root / "out"
    result = convert(str(chart), str(out), ChartOptions())
    assert not result.problems, result.problems
    _, differences = verify(str(chart), str(out), result.values, ChartOptions())
    return (out / "templates/t.yaml").read_text(encoding="utf-8"), result, differences

"""A lint renders a chart's random values the same way every time (`kubelint.chart.chance`);
`kubelint template` stays as random as Helm."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kubelint.chart.chance import reproducible, source
from tests.chart.charts import make_chart
from tests.conftest import kubelint

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
    - name: check
      image: busybox:1.36
"""
NAMES = {
    "go": "{{ .Release.Name }}-test-{{ randAlphaNum 5 | lower }}-{{ uuidv4 }}",
    "jinja": "{{ Release.Name }}-test-{{ randAlphaNum(5) | lower }}-{{ uuidv4() }}",
}


@pytest.mark.parametrize("dialect", sorted(NAMES))
def test_a_lint_of_a_chart_with_random_names_repeats(tmp_path: Path, dialect: str) -> None:
    chart = make_chart(tmp_path, {"templates/test.yaml": POD.format(name=NAMES[dialect])})
    runs = [kubelint("lint", str(chart), "--format", "json") for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    names = {f["object"]["name"] for f in runs[0].json()["findings"] if f["object"]}
    (name,) = names
    assert re.fullmatch(r"release-name-test-[a-z0-9]{5}-[-0-9a-f]{36}", name)

    baseline = tmp_path / "baseline.json"
    kubelint("lint", str(chart), "--write-baseline", str(baseline))
    hidden = kubelint("lint", str(chart), "--baseline", str(baseline), "--format", "json")
    assert hidden.exit_code == 0
    assert hidden.json()["findings"] == []

    rendered = {kubelint("template", str(chart)).stdout for _ in range(2)}
    assert len(rendered) == 2  # as random as Helm's


def test_values_repeat_only_inside_a_reproducible_block() -> None:
    def draw() -> list[float]:
        return [source().random() for _ in range(3)]

    with reproducible("chart 1.0.0"):
        first = draw()
    with reproducible("chart 1.0.0"):
        assert draw() == first
    with reproducible("chart 1.0.1"):
        assert draw() != first
    assert draw() != first

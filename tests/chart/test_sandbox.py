"""Charts come from strangers: what a template may not do, each a clear error at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ cycler.__init__.__globals__ }}", "access to attribute '__init__' of 'type' object is unsafe"),
        ("{{ Files._files }}", "access to attribute '_files' of 'Files' object is unsafe"),
        ("{{ Files.Get('../../etc/passwd') }}", 'Files.Get("../../etc/passwd"): the path leaves the chart'),
        ("{{ Files.Get('/etc/passwd') }}", 'Files.Get("/etc/passwd"): the path leaves the chart'),
        ("{{ Files.Glob('../**') }}", 'Files.Glob("../**"): the path leaves the chart'),
        ("{% for i in range(10**9) %}x{% endfor %}", "Range too big"),
        ("{{ 'x' * 10**9 }}", "the sandbox does not build sequences of more than 1000000 items"),
        ("{{ 'abc' | repeat(10**9) }}", "builds more than 1000000 characters"),
        ("{{ '%999999999d' % 1 }}", "over limits.max-render-memory"),
        ("{{ '{:>999999999}'.format(1) }}", "access to attribute 'format' of 'str' object is unsafe"),
        ("{{ 2 ** 100000 }}", "the sandbox does not compute numbers that large"),
        ("{% macro r() %}{{ include('r') }}{% endmacro %}{{ r() }}", 'include "r": nested too deep'),
        ("{{ tpl(Values.loop) }}", "tpl: nested too deep"),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "recursion too deep"),
        ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
        ("{% include 'other.yaml' %}", "no loader for this environment specified"),
        ("{% for i in range(99999) %}{{ 'x' * 999999 }}{% endfor %}", "renders too much output (over limits.max-render-size"),
    ],
)  # fmt: skip
def test_refused(tmp_path: Path, template: str, message: str) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/t.yaml": f"a: 1\n{template}\n",
            "values.yaml": "loop: '{{ tpl(Values.loop) }}'\n",
        },
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr.startswith(f"kubelint: error: {chart.as_posix()}/templates/t.yaml")
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_symbolic_link_out_of_the_chart(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret\n")
    chart = make_chart(tmp_path, {"templates/t.yaml": "a: {{ Files.Get('link.txt') }}\n"})
    os.symlink(secret, chart / "link.txt")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert "top secret" not in run.stdout + run.stderr
    assert run.stderr == (
        f"kubelint: error: {chart.as_posix()}/link.txt: symbolic link out of the chart; a chart"
        " may only use its own files\n"
    )


def test_symbolic_link_to_a_folder_out_of_the_chart(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "key").write_text("k")
    chart = make_chart(tmp_path, {"templates/t.yaml": "a: 1\n"})
    os.symlink(outside, chart / "files")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert "symbolic link out of the chart" in run.stderr


def test_symbolic_link_inside_the_chart_is_read(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path, {"data/real.txt": "hello", "templates/t.yaml": "a: {{ Files.Get('link.txt') }}\n"}
    )
    os.symlink(chart / "data" / "real.txt", chart / "link.txt")
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert "a: hello" in run.stdout


def test_environment_variables_are_not_reachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELINT_SECRET", "s3cr3t")
    chart = make_chart(
        tmp_path, {"templates/t.yaml": "a: '{{ env }}{{ environ }}{{ os }}{{ Values.env }}'\n"}
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 0
    assert "s3cr3t" not in run.stdout
    assert "a: ''" in run.stdout

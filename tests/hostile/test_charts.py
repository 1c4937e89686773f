"""Charts from strangers, through `template` and `lint` in a subprocess: every escape from the
sandbox, read outside the chart and resource bomb is stopped quickly with a clear error at the
template's line, and the secret next to the chart never appears in the output.

tests/chart/test_sandbox.py checks the sandbox's messages in-process; this runs the real CLI
under a time and memory budget, as a CI job would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.hostile.runner import Ran, run_cli, run_selected

SECRET = "TOP-SECRET-7c1d"  # the content of a file next to the chart


def _link_out(chart: Path) -> None:
    os.symlink("../../secret.txt", chart / "files" / "link.txt")


@dataclass(frozen=True)
class Attack:
    id: str
    template: str  # line 2 of templates/t.yaml (line 1 is `a: 1`)
    message: str  # what the error says
    files: dict[str, str] = field(default_factory=dict)  # more files of the chart
    prepare: Callable[[Path], None] | None = None  # given the chart's folder
    line: int | None = 2  # the template line the error names
    file: str = "templates/t.yaml"  # the template the error names


ATTACKS = (
    Attack("str-class-mro", "{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    Attack("cycler-globals-os", "{{ cycler.__init__.__globals__.os }}", "access to attribute '__init__' of 'type' object is unsafe"),
    Attack("joiner-globals", "{{ joiner.__init__.__globals__ }}", "access to attribute '__init__' of 'type' object is unsafe"),
    Attack("template-reference-context", "{{ self._TemplateReference__context }}", "access to attribute '_TemplateReference__context'"),
    Attack("lipsum-globals", "{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
    Attack("range-class", "{{ range.__class__.__subclasses__() }}", "access to attribute '__class__' of 'function' object is unsafe"),
    Attack("values-class", "{{ Values.__class__.__mro__ }}", "Values.__class__ is not defined"),
    Attack("files-private", "{{ Files._files }}", "access to attribute '_files' of 'Files' object is unsafe"),
    Attack("files-dot-dot", "{{ Files.Get('../../secret.txt') }}", 'Files.Get("../../secret.txt"): the path leaves the chart'),
    Attack("files-absolute", "{{ Files.Get(Values.secret) }}", "the path leaves the chart"),
    Attack(
        "files-symlink-out",
        "{{ Files.Get('files/link.txt') }}",
        "symbolic link out of the chart",
        files={"files/keep.txt": "k"},
        prepare=_link_out,
        line=None,
    ),
    Attack("range-bomb", "{% for i in range(10**9) %}x{% endfor %}", "Range too big"),
    Attack("string-bomb", "{{ 'x' * 10**10 }}", "the sandbox does not build sequences of more than 1000000 items"),
    Attack("nested-loops", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "over limits.max-loop-iterations"),
    Attack("regex-backtracking", "{{ regexMatch('(a+)+$', '" + "a" * 40 + "b') }}{{ fail('matched in time') }}", "matched in time"),
    Attack("tpl-recursion", "{{ Values.loop | tpl }}", "tpl: nested too deep"),
    Attack(
        "include-recursion",
        "{{ include('loop') }}",
        'include "loop": nested too deep',
        files={"templates/_helpers.tpl": "{% macro loop() %}{{ include('loop') }}{% endmacro %}\n"},
        line=1,
        file="templates/_helpers.tpl",
    ),
    Attack("gigabytes", "{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "over limits.max-render-size"),
    # nesting deeper than a parser follows: refused as Go's parser refuses it (both dialects)
    Attack("deep-parentheses", "{{ " + "(" * 20000 + "1" + ")" * 20000 + " }}", "max expression depth exceeded", line=None),
    Attack("deep-ifs", "{% if 1 %}" * 5000 + "x" + "{% endif %}" * 5000, "max expression depth exceeded", line=None),
    Attack("go-deep-parentheses", "{{/* go */}}{{ " + "(" * 20000 + ".Values" + ")" * 20000 + " }}", "max expression depth exceeded", line=None),
    Attack("go-deep-ifs", "{{/* go */}}" + "{{ if .Values }}" * 5000 + "x" + "{{ end }}" * 5000, "max expression depth exceeded", line=None),
)  # fmt: skip
COMMANDS = ("template", "lint")
CASES = [(attack, command) for attack in ATTACKS for command in COMMANDS]


def _ids(case: tuple[Attack, str]) -> str:
    return f"{case[0].id}-{case[1]}"


def _run(attack: Attack, command: str, root: Path) -> Ran:
    secret = root / "secret.txt"
    secret.write_text(SECRET)
    values = f"loop: '{{{{ Values.loop | tpl }}}}'\nsecret: {secret}\n"
    files = {"templates/t.yaml": f"a: 1\n{attack.template}\n", "values.yaml": values}
    chart = make_chart(root / "charts", {**files, **attack.files})
    if attack.prepare is not None:
        attack.prepare(chart)
    return run_cli((command, "charts/mychart"), root)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Ran]]]:
    yield from run_selected(
        request, tmp_path_factory, _ids, lambda case, root: _run(case[0], case[1], root)
    )


@pytest.mark.parametrize("case", CASES, ids=[_ids(case) for case in CASES])
def test_attack_is_stopped(case: tuple[Attack, str], runs: dict[str, Future[Ran]]) -> None:
    attack, _ = case
    ran = runs[_ids(case)].result()
    ran.check_finished()
    assert ran.code == 1, ran.said
    assert SECRET not in ran.said
    assert attack.message in ran.said
    if attack.line is not None:
        assert f"charts/mychart/{attack.file}:{attack.line}" in ran.said, ran.said


def test_an_alias_bomb_in_a_value_is_bounded_by_from_yaml(tmp_path: Path) -> None:
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    make_chart(
        tmp_path,
        {
            "templates/t.yaml": "a: {{ Values.bomb | fromYaml | toJson }}\n",
            "values.yaml": "bomb: |\n" + "".join(f"  {line}\n" for line in bomb),
        },
    )
    ran = run_cli(("template", "mychart"), tmp_path)
    ran.check_finished()
    assert ran.code == 0
    assert "over limits.max-alias-nodes" in ran.stdout

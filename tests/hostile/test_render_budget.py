"""Charts that would hang the run or exhaust memory, through `template` and `lint`: each stopped
by the render's budget (kubelint/chart/budget.py) at the template line, within the time and
memory bounds, with one line naming the `limits` key that stopped it.

tests/chart/test_budget.py checks the budget's guards in-process; this runs the real CLI under a
time and memory cap, as a CI job would.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import write
from tests.hostile.runner import Ran, run_cli, run_selected

SECONDS = 15.0  # the processor time a render or lint of any hostile chart may take
MEMORY_MB = 600  # … and its peak memory
# The time a run may take on a busy machine before it counts as hung (tests run in parallel
# with other work: wall time is several times processor time there).
HUNG = 60.0
BOMB_MB = 300  # … for a memory bomb
DOUBLE = "{% macro f(n) %}{% if n > 0 %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}\n"
TWICE = "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}\n"
# The value `d.x`, doubled (or squared) by EXPR 40 times: `x` is the value before.
GROW = (
    "{% set d = dict('x', START) %}{% for i in range(40) %}{% do set(d, 'x', EXPR) %}{% endfor %}"
)

# The same without a function call: only the operator builds the string.
NAMESPACE = "{% set n = namespace(x='ab') %}{% for i in range(40) %}{% set n.x = EXPR %}{% endfor %}{{ n.x | length }}"  # fmt: skip

# Two lists shared and doubled 60 times, equal but built apart: comparing them takes 2^60 steps.
APART = "{% set d = dict('a', [1], 'b', [1]) %}{% for i in range(60) %}{% do set(d, 'a', [d.a, d.a]) %}{% do set(d, 'b', [d.b, d.b]) %}{% endfor %}"  # fmt: skip


def _grow(start: str, expr: str, then: str = "{{ d.x | length }}") -> str:
    return GROW.replace("START", start).replace("EXPR", expr) + then


@dataclass(frozen=True)
class Attack:
    id: str
    template: str  # line 2 of templates/t.yaml (line 1 is `a: 1`)
    limits: tuple[str, ...]  # the limit keys one of which the error names
    helpers: str = ""  # templates/_helpers.tpl
    files: dict[str, str] = field(default_factory=dict)  # more files of the chart
    memory_mb: int = MEMORY_MB
    line: str = "templates/t.yaml:2"  # where the error is


OPERATIONS = ("limits.max-render-operations",)
MEMORY = ("limits.max-render-memory",)
# A value doubled: built by operators, or handed to functions (each 100 characters an
# operation), whichever bound it reaches first.
DOUBLED = (*MEMORY, *OPERATIONS)
# Costly crypto is bounded by the operations it is charged; on a slow machine the processor
# time may run out first.
COSTLY = ("limits.max-render-operations", "limits.max-render-seconds")
LONG_NAME = "files/" + "a" * 200

ATTACKS = (
    Attack("uniq-of-a-million", "{{ uniq(until(1000000)) | length }}", OPERATIONS),
    Attack("uniq-of-lists", "{{ uniq(chunk(1, until(100000))) | length }}", OPERATIONS),
    Attack("has-in-a-loop", "{% for i in until(100000) %}{{ has(i, until(100000)) }}{% endfor %}", OPERATIONS),
    Attack("macro-twice-40-deep", "{{ f(40) }}", OPERATIONS, helpers=DOUBLE, line="templates/_helpers.tpl:1"),
    Attack("recursive-loop", "{% for x in range(10) recursive %}{% if loop.depth < 9 %}{{ loop(range(10)) }}{% endif %}{% endfor %}", ("limits.max-loop-iterations", *OPERATIONS)),
    Attack("shared-list-printed", _grow("[1]", "[d.x, d.x]", "{{ d.x }}"), OPERATIONS, memory_mb=BOMB_MB),
    Attack("shared-list-to-json", _grow("[1]", "[d.x, d.x]", "{{ d.x | toJson }}"), OPERATIONS, memory_mb=BOMB_MB),
    Attack("shared-list-joined", _grow("[1]", "[d.x, d.x]", "{{ d.x | join(',') }}"), OPERATIONS, memory_mb=BOMB_MB),
    Attack("shared-lists-compared", APART + "{{ d.a == d.b }}", OPERATIONS, memory_mb=BOMB_MB),
    Attack("shared-lists-deep-equal", APART + "{{ deepEqual(d.a, d.b) }}", OPERATIONS, memory_mb=BOMB_MB),
    Attack("integer-squared", _grow("10", "d.x * d.x", "{{ d.x }}"), ("limits.max-integer-digits",)),
    Attack("integer-mul", _grow("10", "mul(d.x, d.x)", "{{ d.x }}"), ("limits.max-integer-digits",)),
    Attack("tilde-doubling", _grow("'ab'", "d.x ~ d.x"), DOUBLED, memory_mb=BOMB_MB),
    Attack("plus-doubling", _grow("'ab'", "d.x + d.x"), DOUBLED, memory_mb=BOMB_MB),
    Attack("tilde-doubling-in-a-namespace", NAMESPACE.replace("EXPR", "n.x ~ n.x"), MEMORY, memory_mb=BOMB_MB),
    Attack("plus-doubling-in-a-namespace", NAMESPACE.replace("EXPR", "n.x + n.x"), MEMORY, memory_mb=BOMB_MB),
    Attack("macro-doubling", _grow("'ab'", "twice(d.x)"), DOUBLED, helpers=TWICE, memory_mb=BOMB_MB),
    Attack("list-doubling", _grow("[1]", "d.x + d.x"), DOUBLED, memory_mb=BOMB_MB),
    Attack("format-precision", "{{ '%.999999999d' % 1 }}", MEMORY, memory_mb=BOMB_MB),
    Attack("printf-precision", "{{ printf('%.999999999f', 1.0) }}", MEMORY, memory_mb=BOMB_MB),
    Attack("gen-private-key-loop", "{% for i in range(100) %}{{ genPrivateKey('rsa') | length }}{% endfor %}", COSTLY),
    Attack("htpasswd-loop", "{% for i in range(1000) %}{{ htpasswd('u', 'p') | length }}{% endfor %}", COSTLY),
    Attack("wrap-with-huge-separator", "{{ wrapWith(1, 'x' * 1000000, 'y' * 1000000) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("wrap-with-in-a-loop", "{% for i in range(1000) %}{{ wrapWith(1, '-', 'y' * 1000000) | length }}{% endfor %}", OPERATIONS),
    Attack("replace-empty", "{{ ('y' * 1000000) | replace('', 'x' * 1000000) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("str-replace-method", "{{ ('y' * 1000000).replace('', 'x' * 1000000) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("str-join-method", "{{ ('x' * 1000000).join(until(100000) | map('string') | list) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("join-huge-separator", "{{ join('x' * 1000000, until(100000)) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("jinja-join-huge-separator", "{{ until(100000) | join('x' * 1000000) | length }}", MEMORY, memory_mb=BOMB_MB),
    Attack("glob-backtracking", "{{ Files.Glob('files/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b') | length }}{{ fail('globbed in time') }}", ("globbed in time",), files={LONG_NAME: "x"}),
    Attack("api-versions-append", "{% do Capabilities.APIVersions.append('evil/v1') %}", ("Capabilities.APIVersions is read-only",)),
    Attack("release-set", "{% do set(Release, 'Name', 'evil') %}", ("Release is read-only",)),
    Attack("chart-merge", "{% do mergeOverwrite(Chart, dict('Name', 'evil')) %}", ("Chart is read-only",)),
)  # fmt: skip
# The same budget holds for charts in Helm's Go-template dialect (kubelint/chart/gotmpl/).
GO_TWICE = '{{- define "f" }}{{ if gt . 0 }}{{ include "f" (sub . 1) }}{{ include "f" (sub . 1) }}{{ end }}{{ end }}\n'
GO_GROW = "{{ $x := START }}{{ range until 40 }}{{ $x = EXPR }}{{ end }}THEN"
GO_ATTACKS = (
    Attack("go-uniq-of-a-million", "{{ until 1000000 | uniq | len }}", OPERATIONS),
    Attack("go-define-twice-40-deep", '{{ include "f" 40 }}', OPERATIONS, helpers=GO_TWICE, line="templates/_helpers.tpl:1"),
    Attack("go-nested-ranges", "{{ range until 2000 }}{{ range until 2000 }}{{ end }}{{ end }}", ("limits.max-loop-iterations",)),
    Attack("go-printf-doubling", GO_GROW.replace("START", '"ab"').replace("EXPR", 'printf "%s%s" $x $x').replace("THEN", "{{ len $x }}"), DOUBLED, memory_mb=BOMB_MB),
    Attack("go-shared-list-printed", GO_GROW.replace("40", "60").replace("START", "list 1").replace("EXPR", "list $x $x").replace("THEN", "{{ $x }}"), (*MEMORY, *OPERATIONS), memory_mb=BOMB_MB),
    Attack("go-shared-list-to-json", GO_GROW.replace("40", "60").replace("START", "list 1").replace("EXPR", "list $x $x").replace("THEN", "{{ toJson $x }}"), (*MEMORY, *OPERATIONS), memory_mb=BOMB_MB),
    Attack("go-printf-precision", '{{ printf "%.999999999f" 1.0 }}', MEMORY, memory_mb=BOMB_MB),
    Attack("go-gen-private-key-loop", '{{ range until 100 }}{{ genPrivateKey "rsa" | len }}{{ end }}', COSTLY),
    Attack("go-repeat-huge", '{{ range until 1000 }}{{ repeat 1000000 "x" | len }}{{ end }}', DOUBLED),
)  # fmt: skip
COMMANDS = ("template", "lint")
CASES = [(attack, command) for attack in ATTACKS + GO_ATTACKS for command in COMMANDS]


def _ids(case: tuple[Attack, str]) -> str:
    return f"{case[0].id}-{case[1]}"


def _run(attack: Attack, command: str, root: Path) -> Ran:
    # a Go attack says its dialect with a Go comment, as Go charts do with their `.Values`
    template = ("{{/* go */}}" if attack.id.startswith("go-") else "") + attack.template
    files = {"templates/t.yaml": f"a: 1\n{template}\n", **attack.files}
    if attack.helpers:
        files["templates/_helpers.tpl"] = attack.helpers
    make_chart(root / "charts", files)
    return run_cli((command, "charts/mychart"), root, HUNG)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Ran]]]:
    yield from run_selected(
        request, tmp_path_factory, _ids, lambda case, root: _run(case[0], case[1], root)
    )


@pytest.mark.parametrize("case", CASES, ids=[_ids(case) for case in CASES])
def test_attack_is_stopped_within_its_bound(
    case: tuple[Attack, str], runs: dict[str, Future[Ran]]
) -> None:
    attack, command = case
    ran = runs[_ids(case)].result()
    ran.check_finished()
    assert ran.code == 1, ran.said
    assert any(limit in ran.said for limit in attack.limits), ran.said
    if attack.limits[0].startswith("limits."):
        assert "raise it in .kubelint.yaml" in ran.said
    assert f"charts/mychart/{attack.line}" in ran.said, ran.said
    assert ran.cpu_seconds is not None
    assert ran.cpu_seconds < SECONDS
    assert ran.peak_mb is not None
    assert ran.peak_mb < attack.memory_mb
    if command == "template":  # one line on stderr, nothing else
        assert ran.stdout == ""


def test_loop_recursion_counts_its_iterations(tmp_path: Path) -> None:
    template = "{% for x in range(10) recursive %}{% if loop.depth < 4 %}{{ loop(range(10)) }}{% endif %}{% endfor %}"  # fmt: skip
    make_chart(tmp_path / "charts", {"templates/t.yaml": f"a: 1\n{template}\n"})
    write(tmp_path, ".kubelint.yaml", "limits: {max-loop-iterations: 1000}\n")
    ran = run_cli(("template", "charts/mychart"), tmp_path, HUNG)
    ran.check_finished()
    assert ran.code == 1
    assert (
        "charts/mychart/templates/t.yaml:2: the chart's loops run too many times (over"
        in ran.stderr
    )
    assert "limits.max-loop-iterations: 1,000 iterations" in ran.stderr


def test_out_of_memory_is_one_line_at_the_template(tmp_path: Path) -> None:
    """With the memory budget raised past the machine's (here, the run's cap), running out of
    memory is still a clear error at the template line."""
    template = _grow("'ab'", "d.x ~ d.x")
    make_chart(tmp_path / "charts", {"templates/t.yaml": f"a: 1\n{template}\n"})
    no_bounds = "{max-render-memory: 100000000000, max-render-operations: 100000000000}"
    write(tmp_path, ".kubelint.yaml", f"limits: {no_bounds}\n")
    ran = run_cli(("template", "charts/mychart"), tmp_path, HUNG)
    ran.check_finished()
    assert ran.code == 1
    assert ran.stderr.startswith(
        "kubelint: error: charts/mychart/templates/t.yaml:2: out of memory"
    )


@pytest.mark.parametrize(
    ("config", "args", "said"),
    [
        ("jobs: 100000\n", (), "jobs: 100000 is too many worker processes"),
        ("", ("-j", "100000"), "--jobs 100000 is too many worker processes"),
    ],
)
def test_jobs_have_a_maximum(tmp_path: Path, config: str, args: tuple[str, ...], said: str) -> None:
    write(tmp_path, ".kubelint.yaml", config or "fail-on: error\n")
    write(tmp_path, "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    ran = run_cli(("lint", *args, "a.yaml"), tmp_path)
    ran.check_finished()
    assert ran.code == 2
    assert ran.stderr == (
        f"kubelint: error: {said} (over limits.max-jobs: 64 processes; raise it in .kubelint.yaml)\n"
    )


def _workload(index: int) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: w{index}}}
spec:
  replicas: 10000
  selector: {{matchLabels: {{app: w{index}}}}}
  template:
    metadata: {{labels: {{app: w{index}}}}}
    spec: {{containers: [{{name: c, image: nginx:1.27}}]}}
"""


@pytest.mark.parametrize("command", ["schedule", "lint --schedule"])
def test_schedule_has_a_total_pods_limit(tmp_path: Path, command: str) -> None:
    write(tmp_path, "w.yaml", "---\n".join(_workload(i) for i in range(200)))
    ran = run_cli((*command.split(), "w.yaml"), tmp_path, HUNG)
    ran.check_finished()
    assert ran.cpu_seconds is not None
    assert ran.cpu_seconds < SECONDS
    assert ran.peak_mb is not None
    assert ran.peak_mb < MEMORY_MB
    assert "w.yaml:25:13" in ran.said  # the `replicas` of the workload over the limit
    assert (
        "the workloads make too many pods together (over limits.max-schedule-pods: 20,000 pods;"
        " raise it in .kubelint.yaml)"
    ) in ran.said
    assert ran.code == (2 if command == "schedule" else 1)

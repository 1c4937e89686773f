"""The render's budget: what each guard charges, and that it refuses before building."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kubelint.chart import functions
from kubelint.chart.budget import Budget, OverBudget, charged, spending
from kubelint.chart.files import Files
from kubelint.chart.funcs.lists import chunk, set_key, uniq
from kubelint.limits import Limits
from kubelint.parallel import worker_count
from tests.chart.charts import make_chart
from tests.conftest import kubelint, write


def test_operations_are_bounded_and_named() -> None:
    budget = Budget(Limits(max_render_operations=5000))
    budget.spend(5000)
    with pytest.raises(OverBudget, match=r"over limits\.max-render-operations: 5,000 operations"):
        budget.spend(2000)


def test_memory_is_refused_before_it_is_built() -> None:
    budget = Budget(Limits(max_render_memory=1000))
    budget.allocate(600)
    budget.room(400)
    with pytest.raises(OverBudget, match=r"a value of 401 bytes here\) \(over limits\.max-render"):
        budget.room(401)
    assert budget.memory == 600


def test_a_shared_list_is_measured_without_walking_all_of_it() -> None:
    shared: list[object] = [1]
    for _ in range(60):
        shared = [shared, shared]  # 2**60 items when printed
    budget = Budget()
    start = time.process_time()
    assert budget.text_size(shared, 10_000) > 10_000
    assert time.process_time() - start < 0.1
    assert budget.operations < 10_000


def test_a_function_is_charged_for_what_it_is_given_and_builds() -> None:
    budget = Budget()
    with spending(budget):
        assert charged(lambda items, text: text * 2)([1, 2, 3], "x" * 250) == "x" * 500
    assert budget.operations == 1 + 3 + 2
    assert budget.memory == 500


def test_what_a_function_returns_of_its_arguments_is_not_charged() -> None:
    budget = Budget()
    mapping = {"a": 1}
    with spending(budget):
        assert charged(set_key)(mapping, "b", 2) is mapping
    assert budget.memory == 0


@pytest.mark.parametrize(
    ("call", "limit"),
    [
        (lambda: functions.FUNCTIONS["uniq"](chunk(1, list(range(5000)))), "max-render-operations"),
        (lambda: functions.FUNCTIONS["replace"]("", "x" * 1000, "y" * 1000), "max-render-memory"),
        (lambda: functions.FUNCTIONS["join"]("x" * 1000, list(range(1000))), "max-render-memory"),
        (lambda: functions.FUNCTIONS["wrapWith"](1, "x" * 1000, "y" * 1000), "max-render-memory"),
        (lambda: functions.FUNCTIONS["printf"]("%.999999f", 1.0), "max-render-memory"),
        (lambda: functions.FUNCTIONS["mul"](10**600, 10**600), "max-integer-digits"),
        (lambda: functions.FUNCTIONS["toJson"](_doubled(40)), "max-render-memory"),
    ],
)  # fmt: skip
def test_functions_refuse_what_the_budget_cannot_afford(call: object, limit: str) -> None:
    limits = Limits(max_render_operations=100_000, max_render_memory=100_000)
    with spending(Budget(limits)), pytest.raises(OverBudget, match=limit):
        call()  # type: ignore[operator]


def _doubled(times: int) -> list[object]:
    value: list[object] = [1]
    for _ in range(times):
        value = [value, value]
    return value


def test_uniq_keeps_the_first_of_equal_items_in_order() -> None:
    assert uniq([3, 1, 3, "1", 1, [1], [1], None, None]) == [3, 1, "1", [1], None]


def test_glob_takes_linear_time_on_any_pattern() -> None:
    files = Files({"files/" + "a" * 200: b"x", "files/" + "a" * 20 + "b": b"y"})
    start = time.process_time()
    matched = files.Glob("files/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")
    assert list(matched) == ["files/" + "a" * 20 + "b"]
    assert time.process_time() - start < 0.5


def test_the_shared_objects_are_read_only_and_deep_copies_are_not(tmp_path: Path) -> None:
    template = (
        "a: {% set c = deepCopy(Chart) %}{% do set(c, 'Name', 'copy') %}{{ c.Name }}\n"
        "b: {{ Capabilities.APIVersions.Has('apps/v1') }}\n"
    )
    chart = make_chart(tmp_path, {"templates/t.yaml": template})
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert "a: copy\nb: true\n" in run.stdout


def test_a_template_cannot_change_what_a_later_one_sees(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/a.yaml": "a: {% do Capabilities.APIVersions.append('evil/v1') %}\n",
            "templates/b.yaml": "b: {{ Capabilities.APIVersions.Has('evil/v1') }}\n",
        },
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert "templates/a.yaml:1: Capabilities.APIVersions is read-only" in run.stderr


def test_worker_count_is_bounded() -> None:
    limits = Limits(max_jobs=4)
    assert worker_count(None, None, limits) <= 4
    assert worker_count(None, 3, limits) == 3
    assert worker_count(2, 3, limits) == 2
    with pytest.raises(Exception, match=r"jobs: 5 is too many worker processes \(over limits"):
        worker_count(None, 5, limits)


def test_out_of_memory_outside_a_render_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*_args: object) -> None:
        raise MemoryError

    monkeypatch.setattr("kubelint.lintrun.lint", exhausted)
    write(tmp_path, "a.yaml", "a: 1\n")
    run = kubelint("lint", str(tmp_path / "a.yaml"))
    assert run.exit_code == 2
    assert run.stderr == (
        f"kubelint: error: out of memory running `kubelint lint` on {tmp_path / 'a.yaml'}: an"
        " input is too large for this machine\n"
    )

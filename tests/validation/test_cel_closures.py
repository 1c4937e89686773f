"""CEL compiled into closures (kubelint/validation/cel_closures.py) evaluates as cel-python's
interpreter does: the same value or error, and the same steps counted against the budget, for
each kind of node, error path and macro; what the closures leave to the interpreter still
evaluates, by the interpreter."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.validation.cel_eval import (
    VARIABLES,
    Meter,
    OutOfBudget,
    Program,
    _failure,
    _run,
    evaluate,
    program,
    to_cel,
)

SELF = {
    "name": "web",
    "n": 3,
    "big": 2**62,
    "ratio": 1.5,
    "flag": True,
    "tags": ["b", "a", "c"],
    "nums": [3, 1, 2],
    "labels": {"app": "web", "tier": "front"},
    "items": [{"name": "a", "port": 80}, {"name": "b"}, {"name": "a", "port": 81}],
    "empty": [],
    "nothing": None,
}
SCHEMA = {
    "type": "object",
    "properties": {
        "when": {"type": "string", "format": "date-time"},
        "wait": {"type": "string", "format": "duration"},
    },
}

EXPRESSIONS = [
    # literals, arithmetic and its errors
    "1 + 2 * 3 - 4 / 2 % 3 == 5",
    "-self.n + 1u == 1",
    "1u + 2u",
    "3.5 * 2.0 / 0.0",
    "b'ab' + b'c'",
    "'''multi\nline''' + r'\\d' + \"x\"",
    "null == self.nothing",
    "self.n / 0",
    "self.n % 0",
    "self.big * self.big",
    "self.big + self.big + self.big",
    "-(-9223372036854775807 - 1)",
    "self.name + 1",
    "self.name * 2",
    "!self.n",
    "-self.name",
    "0x1F + 017",
    # relations
    "self.n < 4 && self.n <= 3 && self.n > 2 && self.n >= 3 && self.n != 4",
    "self.name == 1",
    "self.name < 1",
    "'a' in self.tags && !('z' in self.tags) && 'app' in self.labels",
    "1 in ['a', 'b']",
    "1 in [1u, 'x']",
    "self.missing in self.tags",
    # logic and the ternary, with errors on either side
    "self.missing || true",
    "true || self.missing",
    "self.missing && false",
    "self.missing || false",
    "self.n || true",
    "self.n && self.name",
    "self.missing ? 1 : 2",
    "self.n ? 1 : 2",
    "self.flag ? self.missing : 2",
    "!self.flag ? 1 : self.nums.min()",
    "true ? 1 : 'x'",
    # selection, indexing, has, dyn
    "self.labels.app + self.labels['tier']",
    "self.labels.nope",
    "self.labels['nope']",
    "self.tags[1] + self.tags[5]",
    "self.tags[-1]",
    "self.tags['x']",
    "self.n.x",
    "self.name[0]",
    "has(self.labels.app) && !has(self.labels.nope) && has(self.items)",
    "has(self.n.x)",
    "dyn(self.n) + 1",
    "self.items[1].port",
    # lists and maps
    "[] == [] && {} == {}",
    "[1, self.missing, 2]",
    "[self.n, self.name].size()",
    "{'a': 1, 'a': 2}",
    "{'a': self.missing}",
    "{[1]: 2}",
    "{'k': self.n, 1: 'one'}[1]",
    "size(self.labels) + size(self.tags) + self.name.size()",
    "size(1)",
    # functions and methods: standard, strings, lists, sets, kinds of errors
    "int('12') + int(self.ratio) + int(true)",
    "int('x')",
    "uint(-1)",
    "double(self.n) / 2.0",
    "string(self.n) + string(self.ratio) + string(true)",
    "type(self.n) == int && type(self.name) == string && type(self.tags) == list",
    "bool('maybe')",
    "self.name.startsWith('w') && self.name.endsWith('b') && self.name.matches('^w.b$')",
    "self.name.matches('(')",
    "self.name.contains('e') && self.tags.contains('a')",
    "self.name.charAt(9)",
    "self.name.substring(1) + self.name.upperAscii() + self.name.replace('w', 'W')",
    "self.name.split('e').join('-')",
    "'%s/%d'.format([self.name, self.n])",
    "'%d'.format(['x'])",
    "self.nums.isSorted() || self.nums.sum() == 6",
    "self.nums.min() + self.nums.max()",
    "min(self.nums) + max(3, 9)",
    "self.empty.min()",
    "[1, 'a'].min()",
    "self.nums.min(7)",
    "sets.contains(self.tags, ['a']) && sets.intersects(self.tags, ['z'])",
    "self.n.startsWith('x')",
    "self.missing.startsWith('x')",
    "self.name.startsWith(self.missing)",
    "quantity('1Gi').isGreaterThan(quantity(self.name))",
    "url('https://x/y').getHost() + ip('10.0.0.1').family()",
    "optional.of(self.n).orValue(0) + optional.none().orValue(1)",
    "optional.none().value()",
    "format.dns1123Label().validate(self.name).hasValue()",
    "ip.isCanonical('::1') && isCIDR('10.0.0.0/8')",
    # macros: values, errors raised from the body, nesting and shadowing
    "self.tags.all(t, t.size() == 1) && self.nums.exists(n, n > 2)",
    "self.items.all(i, i.port > 0)",
    "self.items.exists(i, i.port > 80)",
    "self.items.exists(i, i.port > 100)",
    "self.items.all(i, i.port)",
    "self.items.exists_one(i, i.name == 'b')",
    "self.items.exists_one(i, i.name == 'a') || self.nums.exists_one(n, n > 5)",
    "self.items.exists_one(i, i.port == 80)",
    "self.items.map(i, i.name).join(',')",
    "self.items.map(i, i.port)",
    "self.items.filter(i, has(i.port)).size()",
    "self.items.filter(i, i.port == 80)",
    "self.labels.all(k, k.size() > 2) && self.labels.map(k, self.labels[k]).size() == 2",
    "self.nums.all(x, self.nums.exists_one(y, x == y))",
    "self.nums.all(self, self > 0) && self.n == 3",
    "self.nums.map(x, self.tags.map(x, x + 'z')).size()",
    "self.n.all(x, true)",
    "self.missing.all(x, true)",
    "self.items.all(i, self.items.exists(j, i.name == j.name && has(j.port)))",
    # timestamps and durations typed by the schema
    "self.when + self.wait > timestamp('2020-01-01T00:00:00Z')",
    "self.when.getFullYear() == 2024 && self.wait.getMinutes() == 90",
    "duration('1h') > self.wait",
    "timestamp('nope')",
]


def _outcome(compiled: Program, variables: dict[str, Any], left: int) -> tuple[Any, ...]:
    meter = Meter(left)
    try:
        value = _run(compiled, {**VARIABLES, **variables}, meter)
    except OutOfBudget:
        return ("out of budget", meter.left < 0)
    except Exception as exc:
        args = exc.args[:2] if type(exc).__name__ == "CELEvalError" else exc.args
        return ("raised", type(exc), args, _failure(exc), meter.left)
    return ("value", type(value), repr(value), meter.left)


def _variables() -> dict[str, Any]:
    value = {**SELF, "when": "2024-05-01T10:00:00Z", "wait": "1h30m"}
    return {"self": to_cel(value, SCHEMA)}


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_closures_evaluate_as_the_interpreter(expression: str) -> None:
    compiled = program(expression)
    assert compiled is not None
    assert compiled.run is not None  # the closures take every construct here
    interpreted = Program(compiled.runner, None)
    assert _outcome(compiled, _variables(), 10_000) == _outcome(interpreted, _variables(), 10_000)


@pytest.mark.parametrize("left", [0, 1, 5, 17, 60, 200])
def test_the_budget_runs_out_at_the_same_step(left: int) -> None:
    expression = "self.items.all(i, self.items.exists(j, i.name == j.name && has(j.port)))"
    compiled = program(expression)
    assert compiled is not None
    assert compiled.run is not None
    interpreted = Program(compiled.runner, None)
    assert _outcome(compiled, _variables(), left) == _outcome(interpreted, _variables(), left)


@pytest.mark.parametrize(
    "expression",
    [
        "google.protobuf.Int32Value{value: 1} == 1",  # protobuf names and messages
        "self.nums.reduce(r, x, 0, r + x) > 0",
        ".self.n == 3",
        "nosuchfunction(self.n)",
        "self.nums.all(x, y, true)",
        "has()",
        "(" * 120 + "self.n" + ")" * 120 + " == 3",
    ],
)
def test_what_the_closures_leave_is_interpreted(expression: str) -> None:
    compiled = program(expression)
    assert compiled is not None
    assert compiled.run is None
    assert _outcome(compiled, _variables(), 10_000)[0] in ("value", "raised", "out of budget")


def test_a_name_bound_nowhere_is_left_to_the_interpreter_from_the_first_step() -> None:
    compiled = program("self.n == 3 && undeclared")
    assert compiled is not None
    assert compiled.run is not None
    meter = Meter(100)
    assert evaluate("self.n == 3 && undeclared", _variables(), meter) is None
    assert _outcome(Program(compiled.runner, None), _variables(), 100)[-1] == meter.left

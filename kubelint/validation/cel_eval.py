"""Evaluating one CEL expression of a CRD as the API server does: the standard CEL of
cel-python, the libraries of `cel_text` and `cel_kube`, a value typed by its schema, and a cost
budget.

An expression is parsed by cel-python once, then compiled into closures (`cel_closures`) that
evaluate it as cel-python's interpreter does; what they leave to the interpreter is evaluated by
it.

The budget counts the interpreter's steps (one per node of the expression it visits, in every
iteration of a macro; the closures count the same) for the whole object, as the server counts a
cost for the whole object. Python is much slower than cel-go, so the budget is lower than the
server's: past it, the object's remaining rules are not evaluated (kubelint says nothing rather
than guess; a hostile rule costs a bounded time).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from celpy import celtypes  # (cel_text and cel_kube import cel-python too)
from celpy.adapter import json_to_cel
from celpy.evaluation import CELEvalError

from kubelint.k8s.data import is_mapping, mapping
from kubelint.validation import cel_kube, cel_text
from kubelint.validation.cel_closures import Unsupported, compile_tree

_CACHED = 1024  # compiled expressions kept
BUDGET = 50_000  # steps for one object's rules (tens of ms; the interpreter took up to a second)


class OutOfBudget(Exception):
    """The object's budget is spent."""


@dataclass
class Meter:
    left: int = BUDGET

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise OutOfBudget


@dataclass(frozen=True, slots=True)
class Failure:
    """An evaluation error the server reports, in its words (`no such key: replicas`)."""

    message: str


# What an evaluation gives: a value (a Python bool for a boolean), a Failure the server reports,
# or None (not known here: the expression or a function it calls is beyond cel-python).
Outcome = Any


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    """cel-python's environment (its parser: `cel_parser`) and evaluator class, on first use."""
    import celpy
    from celpy.evaluation import Evaluator

    from kubelint.validation.cel_parser import prepare

    prepare()

    class Budgeted(Evaluator):
        def __init__(self, ast: Any, activation: Any, meter: Meter) -> None:
            super().__init__(ast, activation=activation)
            self.meter = meter

        def _visit_tree(self, tree: Any) -> Any:  # lark's one step, for every node visited
            self.meter.spend()
            return super()._visit_tree(tree)

        def sub_evaluator(self, ast: Any) -> Any:
            return Budgeted(ast, self.activation, self.meter)

    return celpy.Environment(), Budgeted


def _logic(absorbing: bool) -> Any:
    """cel-go's `||` (`absorbing` true) and `&&` (false): an error on one side gives way to the
    absorbing value on the other, else the first error stands."""
    decided, undecided = celtypes.BoolType(absorbing), celtypes.BoolType(not absorbing)

    def operator(left: Any, right: Any) -> Any:
        left_bool = isinstance(left, celtypes.BoolType)
        right_bool = isinstance(right, celtypes.BoolType)
        if (left_bool and bool(left) is absorbing) or (right_bool and bool(right) is absorbing):
            return decided
        if isinstance(left, CELEvalError):
            return left
        if isinstance(right, CELEvalError):
            return right
        if left_bool and right_bool:
            return undecided
        raise TypeError("no such overload")

    return operator


FUNCTIONS = {
    **cel_text.FUNCTIONS,
    **cel_kube.FUNCTIONS,
    "_||_": _logic(True),
    "_&&_": _logic(False),
}
VARIABLES = {**cel_text.VARIABLES, **cel_kube.VARIABLES}


class Program(NamedTuple):  # (a NamedTuple: a dataclass costs a process 0.7 ms to define)
    """A parsed expression: cel-python's runner, and its closures unless they leave it to
    cel-python's interpreter."""

    runner: Any
    run: Any  # cel_closures.Run | None


@functools.lru_cache(maxsize=_CACHED)
def program(expression: str) -> Program | None:
    """The compiled expression, or None when cel-python cannot parse it."""
    environment, _ = _environment()
    try:
        runner = environment.program(environment.compile(expression), functions=FUNCTIONS)
    except Exception:  # a rule cel-python cannot take is skipped
        return None
    try:
        return Program(runner, compile_tree(runner.ast, FUNCTIONS))
    except Unsupported:
        return Program(runner, None)


def _failure(error: Any) -> Failure | None:
    """The server's words for an evaluation error, for those kubelint words the same."""
    if isinstance(error, CELEvalError) and len(error.args) >= 3 and error.args[1] is KeyError:
        text = str(error.args[0])
        if text.startswith("no such member in mapping: "):
            key = text.removeprefix("no such member in mapping: ").strip("'\"")
            return Failure(f"no such key: {key}")
    return None


def evaluate(expression: str, variables: Mapping[str, Any], meter: Meter) -> Outcome:
    """The value of `expression` with `variables` bound (CEL values), a Failure, or None.
    Raises OutOfBudget when the meter runs out."""
    compiled = program(expression)
    if compiled is None:
        return None
    try:
        result = _run(compiled, {**VARIABLES, **variables}, meter)
    except OutOfBudget:
        raise
    except RecursionError:
        raise OutOfBudget from None
    except Exception as exc:  # cel-python's errors, and any of its own faults
        return _failure(exc)
    return bool(result) if isinstance(result, celtypes.BoolType) else result


def _run(compiled: Program, variables: dict[str, Any], meter: Meter) -> Any:
    """The expression's value; an error raised as cel-python's interpreter raises it."""
    if compiled.run is not None:
        start = meter.left
        try:
            value = compiled.run(variables, meter)
        except Unsupported:  # (a name bound nowhere): the interpreter counts from the start
            meter.left = start
        else:
            if isinstance(value, CELEvalError):
                raise value
            return value
    _, budgeted = _environment()
    runner = compiled.runner
    return budgeted(runner.ast, runner.new_activation(), meter).evaluate(variables)


_RESERVED = frozenset(
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for",
        "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
        "void", "while",
    }
)  # fmt: skip
_ESCAPES = {"__": "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__"}
_TO_ESCAPE = re.compile(r"__|[-./]|[^a-zA-Z0-9_]")


def escape(name: str) -> str | None:
    """A property's name as rules read it (`cel.Escape`): `x-y` is `self.x__dash__y`, a
    keyword `namespace` is `self.__namespace__`; None when no rule can name it."""
    if not name or name[0].isdigit():
        return None
    if name in _RESERVED:
        return f"__{name}__"
    escaped = _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), "\0"), name)
    return None if "\0" in escaped else escaped


def to_cel(value: Any, schema: Any) -> Any:
    """`value` as a CEL value of its schema's type: a `date-time` string is a timestamp, a
    `duration` string a duration, as the server types them; an object's properties under
    their escaped names."""
    if not is_mapping(schema):
        return json_to_cel(value)
    if isinstance(value, str) and schema.get("type") == "string":
        kind = schema.get("format")
        try:
            if kind == "date-time":
                return celtypes.TimestampType(value)
            if kind == "duration":
                return celtypes.DurationType(value)
        except ValueError:
            return celtypes.StringType(value)
        return celtypes.StringType(value)
    if schema.get("type") == "number" and isinstance(value, int) and not isinstance(value, bool):
        return celtypes.DoubleType(value)  # a number is a double, however it is written
    if is_mapping(value):
        properties = mapping(schema.get("properties"))
        extra = schema.get("additionalProperties")
        converted = {}
        for key, item in value.items():
            named = key in properties
            field = escape(str(key)) if named else str(key)
            if field is not None:
                sub = properties[key] if named else extra
                converted[celtypes.StringType(field)] = to_cel(item, sub)
        return celtypes.MapType(converted)
    if isinstance(value, list):
        return celtypes.ListType([to_cel(item, schema.get("items")) for item in value])
    return json_to_cel(value)

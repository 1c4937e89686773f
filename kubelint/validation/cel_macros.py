"""The macros of a compiled CEL expression (`map`, `filter`, `all`, `exists`, `exists_one`,
cel-go's `min`), as closures that do what cel-python's interpreter does for each item
(`kubelint.validation.cel_closures` compiles the rest)."""

from __future__ import annotations

import functools
from collections.abc import Callable, MutableMapping
from typing import Any, Protocol

from celpy import celtypes
from celpy.evaluation import CELEvalError, eval_error
from lark import Tree

ABSENT = object()  # a name or function not found
FALSE = celtypes.BoolType(False)
TRUE = celtypes.BoolType(True)
# `all` and `exists` fold their items as the interpreter does: a type error is a value.
_ALL = eval_error("no such overload", TypeError)(celtypes.logical_and)
_EXISTS = eval_error("no such overload", TypeError)(celtypes.logical_or)


class Budget(Protocol):
    def spend(self, steps: int = 1) -> None: ...


Env = MutableMapping[str, Any]  # the variables in scope, a macro's own bound over the others
Run = Callable[[Env, Budget], Any]

Each = Callable[[Env, Budget, Any], Any]


def bound(name: str, body: Run) -> Each:
    """A macro's body for one item bound to `name`: its value, an error raised."""

    def each(env: Env, meter: Budget, item: Any) -> Any:
        saved = env.get(name, ABSENT)
        env[name] = item
        try:
            value = body(env, meter)
        finally:
            if saved is ABSENT:
                del env[name]
            else:
                env[name] = saved
        if isinstance(value, CELEvalError):
            raise value
        return value

    return each


def _caught(each: Each, env: Env, meter: Budget) -> Callable[[Any], Any]:
    """`all` and `exists` take an item's error as a value."""

    def one(item: Any) -> Any:
        try:
            return each(env, meter, item)
        except CELEvalError as exc:
            return exc

    return one


Finish = Callable[[Any, Env, Budget], Any]  # a macro's work over its list's items


def _over(member: Run, steps: int, finish: Finish) -> Run:
    """A macro: its steps counted, the list it ranges over evaluated (an error is its value),
    then its work over the items."""

    def run(env: Env, meter: Budget) -> Any:
        meter.spend(steps)
        items = member(env, meter)
        if isinstance(items, CELEvalError):
            return items
        return finish(items, env, meter)

    return run


def _map(member: Run, each: Each, steps: int) -> Run:
    def finish(items: Any, env: Env, meter: Budget) -> Any:
        return celtypes.ListType(each(env, meter, item) for item in items)

    return _over(member, steps, finish)


def _filter(member: Run, each: Each, steps: int) -> Run:
    def finish(items: Any, env: Env, meter: Budget) -> Any:
        return celtypes.ListType(item for item in items if each(env, meter, item))

    return _over(member, steps, finish)


def _fold(combine: Callable[[Any, Any], Any], start: Any) -> Callable[[Run, Each, int], Run]:
    def make(member: Run, each: Each, steps: int) -> Run:
        def finish(items: Any, env: Env, meter: Budget) -> Any:
            return functools.reduce(combine, map(_caught(each, env, meter), items), start)

        return _over(member, steps, finish)

    return make


def _exists_one(member: Run, each: Each, steps: int) -> Run:
    def finish(items: Any, env: Env, meter: Budget) -> Any:
        return celtypes.BoolType(sum(1 for item in items if bool(each(env, meter, item))) == 1)

    return _over(member, steps, finish)


def minimum(member: Run, steps: int, tree: Tree[Any]) -> Run:
    def finish(items: Any, env: Env, meter: Budget) -> Any:
        try:
            return min(items)
        except ValueError as exc:
            text = "Attempt to reduce an empty sequence or a sequence with a None value"
            return CELEvalError(text, exc.__class__, exc.args, tree=tree)

    return _over(member, steps, finish)


MACRO_RUNS: dict[str, Callable[[Run, Each, int], Run]] = {
    "map": _map,
    "filter": _filter,
    "all": _fold(_ALL, TRUE),
    "exists": _fold(_EXISTS, FALSE),
    "exists_one": _exists_one,
}

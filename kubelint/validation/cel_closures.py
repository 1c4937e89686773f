"""A parsed CEL expression (cel-python's lark tree) compiled once into nested Python closures
that evaluate it as cel-python's interpreter (`celpy.evaluation.Evaluator`) does.

Why: the interpreter walks the lark tree anew at every evaluation, through lark's visitor, with
a `typing.cast(Union[...])` at most nodes, and builds a new evaluator and activation for every
evaluation and for every item a macro (`all`, `exists`, `map`, …) visits. On CRD-heavy input
that walk was nearly all of kubelint's time. The closures do the same operations, in the same
order, with the same functions and values (celpy's operators, `celtypes`, kubelint's libraries),
catch the same exceptions around the same calls, and return the same results and errors.

The budget is counted as the interpreter counts it (`cel_eval.Meter`): one step for every node
of the tree the interpreter visits, every time it visits it. A chain of nodes that only pass
their one child's value on (`expr` → `conditionalor` → … → `member` → `primary`) is one closure
that counts the whole chain at once (nothing happens between those steps).

What this compiler does not take raises `Unsupported`, and the caller evaluates with the
interpreter instead: message construction (`Msg{…}`), names from the root (`.name`), the
`reduce` macro, the protobuf package names (`google.…`), a call to a function no library
defines, a malformed macro, a literal the interpreter rejects, and an expression nested so
deeply that the interpreter's own recursion limit may decide its fate. At evaluation, a name
bound nowhere raises it too (the interpreter's error then names its activation).
"""

from __future__ import annotations

import collections
import operator
from collections.abc import Callable, Mapping
from typing import Any

from celpy import celtypes, evaluation
from celpy.evaluation import (
    CELEvalError,
    Evaluator,
    NameContainer,
    base_functions,
    boolean,
)
from lark import Token, Tree

from kubelint.validation.cel_macros import (
    ABSENT,
    FALSE,
    MACRO_RUNS,
    Budget,
    Env,
    Run,
    bound,
    minimum,
)

MAX_DEPTH = 200  # lark tree levels; the interpreter fails past about 400 (RecursionError)
# Nodes whose one child's value is their own (the interpreter's `values[0]`).
_PASS = frozenset(
    {"expr", "conditionalor", "conditionaland", "relation", "addition", "multiplication", "unary",
     "member"}
)  # fmt: skip
_MACROS = frozenset({"map", "filter", "all", "exists", "exists_one", "reduce", "min"})
# cel-python's comparisons build their wrapper (`boolean`, with functools.wraps) at every call:
# the same wrappers, built once (a tenth of the evaluation of real CRDs' rules).
_BUILT = {
    evaluation.bool_lt: boolean(operator.lt),
    evaluation.bool_le: boolean(operator.le),
    evaluation.bool_gt: boolean(operator.gt),
    evaluation.bool_ge: boolean(operator.ge),
    evaluation.bool_eq: boolean(operator.eq),
    evaluation.bool_ne: boolean(operator.ne),
}
_OPERATORS = {
    "relation_lt": "_<_", "relation_le": "_<=_", "relation_ge": "_>=_", "relation_gt": "_>_",
    "relation_eq": "_==_", "relation_ne": "_!=_", "relation_in": "_in_",
    "addition_add": "_+_", "addition_sub": "_-_",
    "multiplication_div": "_/_", "multiplication_mul": "_*_", "multiplication_mod": "_%_",
    "unary_not": "!_", "unary_neg": "-_",
}  # fmt: skip
_OVERFLOW = ((ValueError, OverflowError), "return error for overflow")
# What the interpreter turns into an error value around a binary operator, beside TypeError.
_ARITHMETIC: dict[str, tuple[tuple[tuple[type[Exception], ...], str], ...]] = {
    "relation": (),
    "addition": (_OVERFLOW,),
    "multiplication": (((ZeroDivisionError,), "modulus or divide by zero"), _OVERFLOW),
}


class Unsupported(Exception):
    """An expression (or, at evaluation, a name) left to cel-python's interpreter."""


def _error(text: str, cause: BaseException, tree: Tree[Any] | None = None) -> CELEvalError:
    """The interpreter's error value for a Python exception (at `tree`, as it says)."""
    value = CELEvalError(text, cause.__class__, cause.args, tree=tree)
    value.__cause__ = cause
    return value


def _overload(name: str, *values: Any) -> str:
    types = ", ".join(str(type(v)) for v in values)
    return f"found no matching overload for {name} applied to '({types})'"


def compile_tree(tree: Tree[Any], functions: Mapping[str, Any]) -> Run:
    """The closure evaluating `tree` with `functions` (over cel-python's base functions).
    Raises Unsupported for what is left to the interpreter."""
    if _depth(tree) > MAX_DEPTH:
        raise Unsupported("nested too deeply")
    return _Compiler(collections.ChainMap(dict(functions), base_functions)).node(tree, 0)


def _depth(tree: Tree[Any]) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((c, level + 1) for c in node.children if isinstance(c, Tree))
    return deepest


class _Compiler:
    def __init__(self, functions: Mapping[str, Any]) -> None:
        self.functions = functions

    def function(self, name: str) -> Any:
        if name not in self.functions:
            raise Unsupported(f"no function {name}")
        found = self.functions[name]
        return _BUILT.get(found, found)

    def node(self, tree: Any, pending: int) -> Run:
        """`tree`'s closure, which first counts `pending` steps (the pass-through nodes above
        it) and its own."""
        if not isinstance(tree, Tree):
            raise Unsupported("a token where a node is expected")
        children = tree.children
        if tree.data in _PASS and len(children) == 1:
            return self.node(children[0], pending + 1)
        steps = pending + 1
        if tree.data == "expr" and len(children) == 3:
            return self.ternary(tree, steps)
        if tree.data in ("conditionalor", "conditionaland") and len(children) == 2:
            return self.logic(tree, steps)
        if tree.data in _ARITHMETIC and len(children) == 2:
            return self.binary(tree, steps)
        if tree.data == "unary" and len(children) == 2:
            return self.unary(tree, steps)
        if tree.data == "member_dot" and len(children) == 2:
            return self.member_dot(tree, steps)
        if tree.data == "member_dot_arg" and len(children) in (2, 3):
            return self.member_dot_arg(tree, steps)
        if tree.data == "member_index" and len(children) == 2:
            return self.member_index(tree, steps)
        if tree.data == "primary" and len(children) == 1:
            return self.primary(tree, steps)
        if tree.data == "exprlist":
            return self.exprlist(children, steps)
        if tree.data == "mapinits":
            return self.mapinits(children, steps)
        if tree.data == "literal":
            return self.literal(tree, steps)
        raise Unsupported(tree.data)

    def ternary(self, tree: Tree[Any], steps: int) -> Run:
        cond, then, other = (self.node(c, 0) for c in tree.children)
        choose = self.function("_?_:_")

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            value = cond(env, meter)
            left = right = FALSE
            try:
                if value:
                    left = then(env, meter)
                else:
                    right = other(env, meter)
                return choose(value, left, right)
            except TypeError as exc:
                return _error(_overload("_?_:_", value, left, right), exc, tree)

        return run

    def logic(self, tree: Tree[Any], steps: int) -> Run:
        name = "_||_" if tree.data == "conditionalor" else "_&&_"
        lhs, rhs = (self.node(c, 0) for c in tree.children)
        apply = self.function(name)

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            left, right = lhs(env, meter), rhs(env, meter)  # both sides, as the interpreter
            try:
                return apply(left, right)
            except TypeError as exc:
                return _error(_overload(name, left, right), exc, tree)

        return run

    def operand(self, tree: Any) -> tuple[Run, str]:
        """The left operand of a binary operator node (`relation_lt: relation "<"`), and the
        operator's function name."""
        if not isinstance(tree, Tree) or tree.data not in _OPERATORS or len(tree.children) != 1:
            raise Unsupported("operator")
        return self.node(tree.children[0], 0), _OPERATORS[tree.data]

    def binary(self, tree: Tree[Any], steps: int) -> Run:
        operator_tree, right_tree = tree.children
        lhs, name = self.operand(operator_tree)
        rhs = self.node(right_tree, 0)
        apply = self.function(name)
        label = repr(operator_tree.data)
        others = _ARITHMETIC[tree.data]
        caught: tuple[type[Exception], ...] = (TypeError, *(c for cs, _ in others for c in cs))
        steps += 1  # the operator's node

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            left, right = lhs(env, meter), rhs(env, meter)
            try:
                return apply(left, right)
            except caught as exc:
                if isinstance(exc, TypeError):
                    return _error(_overload(label, left, right), exc, tree)
                text = next(t for classes, t in others if isinstance(exc, classes))
                return _error(text, exc, tree)

        return run

    def unary(self, tree: Tree[Any], steps: int) -> Run:
        operator_tree, operand_tree = tree.children
        if not isinstance(operator_tree, Tree) or operator_tree.children:
            raise Unsupported("unary operator")
        apply = self.function(_OPERATORS.get(operator_tree.data, ""))
        operand = self.node(operand_tree, 0)
        label = repr(operator_tree.data)
        steps += 1  # the operator's node

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            value = operand(env, meter)
            try:
                return apply(value)
            except TypeError as exc:
                return _error(_overload(label, value), exc, tree)
            except ValueError as exc:
                return _error("return error for overflow", exc, tree)

        return run

    def member_dot(self, tree: Tree[Any], steps: int) -> Run:
        member_tree, name = tree.children
        member = self.node(member_tree, 0)
        key = str(name)

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            value = member(env, meter)
            if type(value) is celtypes.MapType:  # the common case first: a field of an object
                try:
                    return value[key]
                except KeyError:
                    return _missing(key, tree)
            return _select(value, key, tree)

        return run

    def member_dot_arg(self, tree: Tree[Any], steps: int) -> Run:
        children = tree.children
        member_tree, name = children[:2]
        method = str(name)
        member = self.node(member_tree, 0)
        if method in _MACROS:
            return self.macro(tree, member, steps)
        function = self.function(method)
        arguments = self.node(children[2], 0) if len(children) == 3 else None

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            target = member(env, meter)
            values = arguments(env, meter) if arguments is not None else None
            if isinstance(target, CELEvalError):
                return target
            if isinstance(values, CELEvalError):
                return values
            try:
                return function(target, *(values or []))
            except ValueError as exc:
                return _error("return error for overflow", exc)
            except (TypeError, AttributeError) as exc:
                return _error("no such overload", exc)

        return run

    def macro(self, tree: Tree[Any], member: Run, steps: int) -> Run:
        method, rest = str(tree.children[1]), tree.children[2:]
        if method == "min":
            return minimum(member, steps, tree)
        if method == "reduce" or not rest or len(rest[0].children) != 2:
            raise Unsupported(f"macro {method}")
        variable, body_tree = rest[0].children
        idents = list(variable.find_data("ident")) if isinstance(variable, Tree) else []
        if len(idents) != 1:
            raise Unsupported("macro variable")
        each = bound(str(idents[0].children[0]), self.node(body_tree, 0))
        return MACRO_RUNS[method](member, each, steps)

    def member_index(self, tree: Tree[Any], steps: int) -> Run:
        member, index = (self.node(c, 0) for c in tree.children)
        getitem = self.function("_[_]")

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            target, key = member(env, meter), index(env, meter)
            try:
                return getitem(target, key)
            except TypeError as exc:
                return _error(_overload("_[_]", target, key), exc, tree)
            except KeyError as exc:
                return _error("no such key", exc, tree)
            except IndexError as exc:
                return _error("invalid_argument", exc, tree)

        return run

    def primary(self, tree: Tree[Any], steps: int) -> Run:
        child = tree.children[0]
        if not isinstance(child, Tree):
            raise Unsupported("primary")
        kind, children = child.data, child.children
        if kind in ("literal", "paren_expr"):  # the literal's node counts, the paren's not
            if kind == "paren_expr" and len(children) != 1:
                raise Unsupported("paren")
            return self.node(child if kind == "literal" else children[0], steps)
        if kind in ("list_lit", "map_lit"):
            if not children:
                empty = celtypes.ListType if kind == "list_lit" else celtypes.MapType
                return _constant(empty, steps)
            if len(children) != 1:
                raise Unsupported(kind)
            inner = self.node(children[0], steps)
            return inner if kind == "list_lit" else _map_literal(inner, tree)
        if kind == "ident_arg":
            return self.call(children, steps)
        if kind == "ident" and len(children) == 1:
            return self.ident(str(children[0]), steps)
        raise Unsupported(kind)

    def call(self, children: list[Any], steps: int) -> Run:
        name = str(children[0])
        argument_trees = children[1].children if len(children) == 2 else []
        arguments = [self.node(c, 0) for c in argument_trees]
        if name in ("has", "dyn"):
            if len(arguments) != 1:
                raise Unsupported(name)
            (argument,) = arguments
            if name == "dyn":
                return _counted(argument, steps)

            def has(env: Env, meter: Budget) -> Any:
                meter.spend(steps)
                return celtypes.BoolType(not isinstance(argument(env, meter), CELEvalError))

            return has
        function = self.function(name)

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            values = [a(env, meter) for a in arguments]
            for value in values:
                if isinstance(value, CELEvalError):
                    return value
            try:
                return function(*values)
            except ValueError as exc:
                return _error("return error for overflow", exc)
            except (TypeError, AttributeError) as exc:
                return _error("no such overload", exc)

        return run

    def ident(self, name: str, steps: int) -> Run:
        if name == "google":  # the interpreter's protobuf package names
            raise Unsupported(name)
        function = self.functions.get(name, ABSENT)

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            value = env.get(name, function)
            if value is ABSENT:
                raise Unsupported(f"undeclared {name}")
            return value

        return run

    def exprlist(self, children: list[Any], steps: int) -> Run:
        items = [self.node(c, 0) for c in children]

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            values = [item(env, meter) for item in items]
            for value in values:
                if isinstance(value, CELEvalError):
                    return value
            return celtypes.ListType(values)

        return run

    def mapinits(self, children: list[Any], steps: int) -> Run:
        items = [self.node(c, 0) for c in children]

        def run(env: Env, meter: Budget) -> Any:
            meter.spend(steps)
            result = celtypes.MapType()
            values = [item(env, meter) for item in items]
            for key, value in zip(values[0::2], values[1::2], strict=False):
                if key in result:
                    raise ValueError(f"Duplicate key {key!r}")
                result[key] = value
            return result

        return run

    def literal(self, tree: Tree[Any], steps: int) -> Run:
        if len(tree.children) != 1 or not isinstance(tree.children[0], Token):
            raise Unsupported("literal")
        try:  # the interpreter's own reading of the token (its values are immutable)
            value = Evaluator(ast=tree, activation=None).literal(tree)  # type: ignore[arg-type]
        except Exception as exc:
            raise Unsupported("literal") from exc
        if isinstance(value, CELEvalError):
            raise Unsupported("literal")
        return _constant(lambda: value, steps)


def _missing(key: str, tree: Tree[Any]) -> CELEvalError:
    return CELEvalError(f"no such member in mapping: {key!r}", KeyError, None, tree=tree)


def _select(value: Any, key: str, tree: Tree[Any]) -> Any:
    """`value.key` for what is not a plain map: the interpreter's other cases."""
    if isinstance(value, CELEvalError):
        return value
    if isinstance(value, NameContainer):
        raise Unsupported("a package name")
    if isinstance(value, celtypes.MessageType):
        return value.get(key)
    if isinstance(value, celtypes.MapType):
        try:
            return value[key]
        except KeyError:
            return _missing(key, tree)
    text = f"{value!r} with type: '{type(value)}' does not support field selection"
    return CELEvalError(text, TypeError, None, tree=tree)


def _constant(make: Callable[[], Any], steps: int) -> Run:
    def run(env: Env, meter: Budget) -> Any:
        meter.spend(steps)
        return make()

    return run


def _counted(inner: Run, steps: int) -> Run:
    def run(env: Env, meter: Budget) -> Any:
        meter.spend(steps)
        return inner(env, meter)

    return run


def _map_literal(inner: Run, tree: Tree[Any]) -> Run:
    def run(env: Env, meter: Budget) -> Any:
        try:
            return inner(env, meter)
        except (ValueError, TypeError) as exc:  # a duplicate or unhashable key
            return CELEvalError(exc.args[0], exc.__class__, exc.args, tree=tree)

    return run

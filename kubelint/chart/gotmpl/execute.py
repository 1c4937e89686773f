"""The executor: walks a template's tree with Go's semantics, as Go's text/template/exec.go.

Truth is Go's (`0`, `""`, empty lists and maps and nil are false); `range` visits maps in key
order; `and`/`or` stop at the argument that decides; a missing map key is nil (printed
`<no value>`, which Helm then removes) or, with `missing_key_error`, an error; walking a field
through nil is an error (`nil pointer evaluating interface {}.b`). Errors carry Go's message:
`template: FILE:LINE:COL: executing "NAME" at <NODE>: reason`.

Output goes to an `Output`, which can record where each rendered line came from (the template
line of the text or action that wrote it), for findings.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from kubelint.chart import budget as shared_budget
from kubelint.chart.budget import OverBudget
from kubelint.chart.engine import LineOrigin, _LineMap
from kubelint.chart.funcs.base import affordable
from kubelint.chart.gotmpl import nodes as n
from kubelint.chart.gotmpl.builtins import BUILTINS, SPECIAL, FuncError
from kubelint.chart.gotmpl.errors import BreakLoop, ContinueLoop, ExecError, GoError
from kubelint.chart.gotmpl.gofmt import FormatError, value_text
from kubelint.chart.gotmpl.gotypes import (
    NO_VALUE,
    Float64,
    GoList,
    GoMap,
    GoStruct,
    truth,
    type_name,
)
from kubelint.limits import DEFAULT_LIMITS, Limits

_MISSING = object()  # no final (piped) argument
Functions = Mapping[str, Callable[..., Any]]


class LimitExceeded(Exception):
    """A render bound (`limits`) was passed: the render stops with this message, at `where`
    (file, line, column of the template node that passed it) when known."""

    def __init__(self, message: str, where: tuple[str, int, int] | None = None) -> None:
        super().__init__(message)
        self.where = where


class Output:
    """Rendered text, and where each of its lines came from when `track`."""

    def __init__(self, track: bool = False) -> None:
        self.pieces: list[str] = []
        self.lines = _LineMap() if track else None

    def write(self, text: str, line: int, static: bool, column: int) -> None:
        self.pieces.append(text)
        if self.lines is not None:
            self.lines.feed(text, line, static, column)

    def text(self) -> str:
        return "".join(self.pieces)

    def origins(self) -> list[LineOrigin]:
        return self.lines.finish() if self.lines is not None else []


class Budget:
    """What one render may spend: output and template nesting here; operations, loop
    iterations and memory in `shared`, the budget every dialect and function charges
    (kubelint.chart.budget: the render runs inside `spending(budget.shared)`)."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.shared = shared_budget.Budget(limits)
        self.output = 0
        self.depth = 0

    def spend_output(self, size: int) -> None:
        self.output += size
        if self.output > self.limits.max_render_size:
            what = "the chart renders too much output"
            raise LimitExceeded(self.limits.exceeded("max_render_size", what))
        self.shared.allocate(size)

    def spend_iteration(self) -> None:
        self.shared.iterate()

    def enter(self, what: str) -> None:
        self.depth += 1
        if self.depth > self.limits.max_template_depth:
            reason = f"{what}: nested too deep (a helper or tpl that calls itself without end?)"
            raise LimitExceeded(self.limits.exceeded("max_template_depth", reason))

    def leave(self) -> None:
        self.depth -= 1


class TemplateSet:
    """Named trees (files and their `define`s) and the functions they call."""

    def __init__(
        self,
        trees: dict[str, n.Tree],
        functions: Functions,
        missing_key_error: bool = False,
        budget: Budget | None = None,
    ) -> None:
        self.trees = trees
        self.functions = functions
        self.missing_key_error = missing_key_error
        self.budget = budget or Budget()

    def names(self) -> _FunctionNames:
        return _FunctionNames(self.functions)

    def execute(self, name: str, dot: Any, out: Output) -> None:
        """Run template `name` with `dot`; a missing one is Go's `no template` error."""
        tree = self.trees.get(name)
        if tree is None:
            raise GoError(f'template: no template "{name}" associated with template "gotpl"')
        self.run(tree, dot, out)

    def run(self, tree: n.Tree, dot: Any, out: Output) -> None:
        _State(self, tree, out, [("$", dot)]).run(dot, tree.root)


class _FunctionNames:
    """What the parser accepts as a function name: Helm's and Go's."""

    def __init__(self, functions: Functions) -> None:
        self.functions = functions

    def __contains__(self, name: object) -> bool:
        return name in self.functions or name in BUILTINS or name in SPECIAL

    def all(self) -> set[str]:
        return {*self.functions, *BUILTINS, *SPECIAL}


@functools.lru_cache(maxsize=1024)
def _arity(function: Callable[..., Any]) -> tuple[int, int | None]:
    """(fewest, most) arguments a Python function takes; most is None when variadic."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return 0, None
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    fewest = sum(1 for p in positional if p.default is p.empty)
    variadic = any(p.kind is p.VAR_POSITIONAL for p in parameters)
    return fewest, None if variadic else len(positional)


class _State:
    def __init__(
        self, templates: TemplateSet, tree: n.Tree, out: Output, variables: list[tuple[str, Any]]
    ) -> None:
        self.templates = templates
        self.tree = tree
        self.out = out
        self.vars = variables
        self.node: n.Node | None = None

    # -- errors ----------------------------------------------------------------------------------
    def error(self, reason: str, cause: GoError | None = None) -> ExecError:
        node = self.node
        if node is None:
            return ExecError(f"template: {self.tree.name}: {reason}", cause, None)
        location = self.tree.location(node)
        file, line, column = location.rsplit(":", 2)
        return ExecError(
            f'template: {location}: executing "{self.tree.name}" at <{node}>: {reason}',
            cause,
            (file, int(line), int(column)),
        )

    # -- variables -------------------------------------------------------------------------------
    def var(self, name: str) -> Any:
        for var_name, value in reversed(self.vars):
            if var_name == name:
                return value
        raise self.error(f"undefined variable: {name}")

    def set_var(self, name: str, value: Any) -> None:
        for index in range(len(self.vars) - 1, -1, -1):
            if self.vars[index][0] == name:
                self.vars[index] = (name, value)
                return
        raise self.error(f"undefined variable: {name}")

    # -- walking ---------------------------------------------------------------------------------
    def run(self, dot: Any, node: n.Node) -> None:
        """Run `node`; a bound passed within it is a LimitExceeded at the innermost node (the
        node being run then: `self.node`, left as it was as the error unwinds)."""
        try:
            self.walk(dot, node)
        except LimitExceeded as exc:
            if exc.where is None:
                exc.where = self._where()
            raise
        except OverBudget as exc:
            raise LimitExceeded(str(exc), self._where()) from None
        except MemoryError:
            limit = self.templates.budget.limits.key("max_render_memory")
            reason = (
                "out of memory: the template builds more than this machine holds (lower"
                f" {limit} in .kubelint.yaml to stop it sooner)"
            )
            raise LimitExceeded(reason, self._where()) from None

    def _where(self) -> tuple[str, int, int] | None:
        if self.node is None:
            return None
        file, line, column = self.tree.location(self.node).rsplit(":", 2)
        return file, int(line), int(column)

    def walk(self, dot: Any, node: n.Node) -> None:
        walker = _WALKERS.get(type(node))
        if walker is None:
            self.node = node
            raise self.error(f"unknown node: {node}")
        walker(self, dot, node)

    def walk_text(self, dot: Any, node: n.Text) -> None:
        self.templates.budget.spend_output(len(node.text))
        self.out.write(node.text, node.line, True, 0)

    def walk_action(self, dot: Any, node: n.Action) -> None:
        value = self.pipeline(dot, node.pipe)
        if not node.pipe.decl:
            self.node = node
            if isinstance(value, list | tuple | dict):
                affordable(value)  # measured before its text is built (shared, doubled…)
            text = "<no value>" if value is None or value is NO_VALUE else value_text(value)
            self.templates.budget.spend_output(len(text))
            self.out.write(text, node.line, False, self._column(node))

    def walk_list(self, dot: Any, node: n.ListNode) -> None:
        walk = self.walk
        for child in node.nodes:
            walk(dot, child)

    def walk_if(self, dot: Any, node: n.If | n.With) -> None:
        mark = len(self.vars)
        value = self.pipeline(dot, node.pipe)
        if truth(value):
            self.walk(value if type(node) is n.With else dot, node.body)
        elif node.otherwise is not None:
            self.walk(dot, node.otherwise)
        del self.vars[mark:]

    def walk_break(self, dot: Any, node: n.Break) -> None:
        raise BreakLoop

    def walk_continue(self, dot: Any, node: n.Continue) -> None:
        raise ContinueLoop

    def walk_comment(self, dot: Any, node: n.Comment) -> None:
        pass

    def _column(self, node: n.Node) -> int:
        return node.pos - self.tree.text.rfind("\n", 0, node.pos)

    def walk_range(self, dot: Any, node: n.Range) -> None:
        self.node = node
        mark = len(self.vars)
        value = self.pipeline(dot, node.pipe)
        items = self._items(value, node)
        inner = len(self.vars)
        ran = False
        budget = self.templates.budget
        for key, element in items:
            ran = True
            budget.spend_iteration()
            decl = node.pipe.decl
            if decl:
                if node.pipe.is_assign:
                    if len(decl) > 1:
                        self.set_var(decl[0].names[0], key)
                        self.set_var(decl[1].names[0], element)
                    else:
                        self.set_var(decl[0].names[0], element)
                else:
                    self.vars[inner - 1] = (self.vars[inner - 1][0], element)
                    if len(decl) > 1:
                        self.vars[inner - 2] = (self.vars[inner - 2][0], key)
            try:
                self.walk(element, node.body)
            except BreakLoop:
                del self.vars[inner:]
                break
            except ContinueLoop:
                pass
            del self.vars[inner:]
        if not ran and node.otherwise is not None:
            self.walk(dot, node.otherwise)
        del self.vars[mark:]

    def _items(self, value: Any, node: n.Range) -> list[tuple[Any, Any]]:
        if value is None or value is NO_VALUE:
            return []
        if isinstance(value, Mapping):
            return [(key, value[key]) for key in sorted(value)]
        if isinstance(value, list | tuple):
            return list(enumerate(value))
        if isinstance(value, int) and not isinstance(value, bool | Float64):
            if len(node.pipe.decl) > 1:
                raise self.error(f"can't use {value} to iterate over more than one variable")
            return [(i, i) for i in range(value)]
        raise self.error(f"range can't iterate over {value_text(value)}")

    def walk_template(self, dot: Any, node: n.Template) -> None:
        self.node = node
        tree = self.templates.trees.get(node.name)
        if tree is None:
            raise self.error(f'template "{node.name}" not defined')
        value = self.pipeline(dot, node.pipe) if node.pipe is not None else NO_VALUE
        budget = self.templates.budget
        budget.enter(f'template "{node.name}"')
        try:
            _State(self.templates, tree, self.out, [("$", value)]).run(value, tree.root)
        finally:
            budget.leave()

    # -- pipelines -------------------------------------------------------------------------------
    def pipeline(self, dot: Any, pipe: n.Pipe) -> Any:
        self.node = pipe
        value: Any = _MISSING
        for command in pipe.commands:
            value = self.command(dot, command, value)
            if value is None:
                value = NO_VALUE  # a nil interface is no value once the command is done
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.names[0], value)
            else:
                self.vars.append((variable.names[0], value))
        return value

    def command(self, dot: Any, command: n.Command, final: Any) -> Any:
        first = command.args[0]
        if type(first) is n.Field:
            self.node = first
            return self.field_chain(dot, dot, first, first.names, command.args, final, False)
        if type(first) is n.Identifier:
            return self.function(dot, first, command, command.args, final)
        if type(first) is n.Variable:
            return self.variable(first, command.args, final)
        if type(first) is n.Chain:
            return self.chain(dot, first, command.args, final)
        if type(first) is n.Pipe:
            self.not_a_function(command.args, final)
            return self.pipeline(dot, first)
        self.node = first
        self.not_a_function(command.args, final)
        if isinstance(first, n.Bool):
            return first.value
        if isinstance(first, n.Dot):
            return dot
        if isinstance(first, n.Nil):
            raise self.error("nil is not a command")
        if isinstance(first, n.Number):
            return first.value
        if isinstance(first, n.String):
            return first.value
        raise self.error(f"can't evaluate command {first}")

    def not_a_function(self, args: list[n.Node], final: Any) -> None:
        if len(args) > 1 or final is not _MISSING:
            raise self.error(f"can't give argument to non-function {args[0]}")

    def variable(self, node: n.Variable, args: list[n.Node], final: Any) -> Any:
        self.node = node
        value = self.var(node.names[0])
        if len(node.names) == 1:
            self.not_a_function(args, final)
            return value
        return self.field_chain(value, value, node, node.names[1:], args, final, False)

    def chain(self, dot: Any, node: n.Chain, args: list[n.Node], final: Any) -> Any:
        self.node = node
        if isinstance(node.node, n.Nil):
            raise self.error(f"indirection through explicit nil in {node}")
        receiver = self.arg(dot, node.node)
        return self.field_chain(dot, receiver, node, node.names, args, final, False)

    def field_chain(
        self,
        dot: Any,
        receiver: Any,
        node: n.Node,
        names: tuple[str, ...],
        args: list[n.Node],
        final: Any,
        from_map: bool,
    ) -> Any:
        for name in names[:-1]:
            receiver, from_map = self.field(dot, name, node, [], _MISSING, receiver, from_map)
        value, _ = self.field(dot, names[-1], node, args, final, receiver, from_map)
        return value

    def field(
        self,
        dot: Any,
        name: str,
        node: n.Node,
        args: list[n.Node],
        final: Any,
        receiver: Any,
        from_map: bool,
    ) -> tuple[Any, bool]:
        """The field, key or method `name` of `receiver`, and whether it came from a map."""
        has_args = len(args) > 1 or final is not _MISSING
        if type(receiver) is dict and not has_args:  # values: a plain map, the common case
            if name in receiver:
                return receiver[name], True
            if self.templates.missing_key_error:
                raise self.error(f'map has no entry for key "{name}"')
            return None, True
        if receiver is NO_VALUE:
            if self.templates.missing_key_error:
                raise self.error(f'nil data; no entry for key "{name}"')
            return NO_VALUE, False
        static_type = "interface {}" if from_map else type_name(receiver)
        if receiver is None:
            raise self.error(f"nil pointer evaluating {static_type}.{name}")
        methods = getattr(receiver, "methods", None)
        if methods is not None and name in methods:
            return self.call(dot, methods[name], node, name, args, final), False
        if isinstance(receiver, GoStruct):
            if name in receiver.fields:
                if has_args:
                    raise self.error(f"{name} has arguments but cannot be invoked as function")
                return receiver.fields[name], False
        elif isinstance(receiver, Mapping):
            if has_args:
                raise self.error(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name], True
            if self.templates.missing_key_error:
                raise self.error(f'map has no entry for key "{name}"')
            return None, True
        raise self.error(f"can't evaluate field {name} in type {static_type}")

    # -- functions -------------------------------------------------------------------------------
    def function(
        self, dot: Any, node: n.Identifier, command: n.Node, args: list[n.Node], final: Any
    ) -> Any:
        self.node = node
        name = node.name
        if name in ("and", "or"):
            return self.and_or(dot, name, args, final)
        function = self.templates.functions.get(name) or BUILTINS.get(name)
        if name == "call" and function is None:
            return self.call_function(dot, command, args, final)
        if function is None:
            raise self.error(f'"{name}" is not a defined function')
        return self.call(dot, function, command, name, args, final)

    def and_or(self, dot: Any, name: str, args: list[n.Node], final: Any) -> Any:
        if len(args) < 2:
            raise self.error(f"wrong number of args for {name}: want at least 1 got 0")
        value: Any = NO_VALUE
        for arg in args[1:]:
            value = self.arg(dot, arg)
            if truth(value) == (name == "or"):
                return value
        return final if final is not _MISSING else value

    def call_function(self, dot: Any, command: n.Node, args: list[n.Node], final: Any) -> Any:
        if len(args) < 2:
            raise self.error("wrong number of args for call: want at least 1 got 0")
        function = self.arg(dot, args[1])
        if not callable(function):
            self.node = command
            kind = type_name(function)
            raise self.error(f"error calling call: non-function {args[1]} of type {kind}")
        return self.call(dot, function, command, "call", args[1:], final)

    def call(
        self,
        dot: Any,
        function: Callable[..., Any],
        node: n.Node,
        name: str,
        args: list[n.Node],
        final: Any,
    ) -> Any:
        count = len(args) - 1 + (final is not _MISSING)
        fewest, most = _arity(function)
        if count < fewest or (most is not None and count > most):
            want = fewest if count < fewest or most is None else most
            at_least = "at least " if most is None else ""
            raise self.error(f"wrong number of args for {name}: want {at_least}{want} got {count}")
        values = [self.arg(dot, arg) for arg in args[1:]]
        if final is not _MISSING:
            values.append(final)
        if NO_VALUE in values:  # (identity first: no value compares equal to it)
            values = [None if v is NO_VALUE else v for v in values]
        shared = self.templates.budget.shared  # one operation (Budget.spend, inlined)
        shared.operations += 1
        if shared.operations >= shared.next_clock:
            shared.look()
        try:
            return function(*values)
        except (LimitExceeded, OverBudget, MemoryError):
            raise
        except GoError as exc:
            self.node = node
            raise self.error(f"error calling {name}: {exc}", exc) from None
        except (FuncError, FormatError, RecursionError) as exc:
            self.node = node
            raise self.error(f"error calling {name}: {exc}", GoError(str(exc))) from None
        except Exception as exc:  # a function's own failure: Helm reports it the same way
            self.node = node
            message = str(exc) or type(exc).__name__
            raise self.error(f"error calling {name}: {message}", GoError(message)) from None

    def arg(self, dot: Any, node: n.Node) -> Any:
        self.node = node
        if type(node) is n.Field:
            return self.field_chain(dot, dot, node, node.names, [node], _MISSING, False)
        if type(node) is n.String or type(node) is n.Number or type(node) is n.Bool:
            return node.value
        if type(node) is n.Dot:
            return dot
        if type(node) is n.Variable:
            return self.variable(node, [node], _MISSING)
        if type(node) is n.Pipe:
            return self.pipeline(dot, node)
        if type(node) is n.Identifier:
            return self.function(dot, node, node, [node], _MISSING)
        if type(node) is n.Chain:
            return self.chain(dot, node, [], _MISSING)
        if type(node) is n.Nil:
            return None
        raise self.error(f"can't handle {node} for arg")


_Walker = Callable[[_State, Any, Any], None]
# The runner of each kind of node, found by its exact type (Go's switch on the node's type).
_WALKERS: dict[type[n.Node], _Walker] = {
    n.Text: _State.walk_text,
    n.Action: _State.walk_action,
    n.ListNode: _State.walk_list,
    n.If: _State.walk_if,
    n.With: _State.walk_if,
    n.Range: _State.walk_range,
    n.Template: _State.walk_template,
    n.Break: _State.walk_break,
    n.Continue: _State.walk_continue,
    n.Comment: _State.walk_comment,
}

__all__ = ["Budget", "GoList", "GoMap", "Output", "TemplateSet"]

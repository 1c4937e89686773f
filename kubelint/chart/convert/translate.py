"""A file's Go trees translated into Jinja2: one fragment per action of the source, in source
order, so that `source` can put each where its action was.

Go's `.` has no Jinja2 counterpart: it is followed here as an expression — the template's top
(`.Values.x` is `Values.x`), a loop's item, a `with`'s value, or a helper's argument. A
`define` becomes a macro: without a parameter when every caller passes its top (`include "x" .`
is `x()`), with one named `dot` otherwise. What has no faithful translation is reported with
its line instead of being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kubelint.chart.convert import functions as fn
from kubelint.chart.convert.analysis import (
    TOP,
    else_chain,
    float_text_differs,
    has_range,
    is_helper,
    loop_assigned,
    pure,
    singular,
)
from kubelint.chart.convert.expr import (
    AND,
    CONDITIONAL,
    PRIMARY,
    Expr,
    call,
    is_name,
    member,
    number,
    string,
)
from kubelint.chart.gotmpl import nodes as n

DOT_PARAMETER = "dot"
# Methods Go calls without arguments where Jinja2 needs the parentheses.
_NO_ARGUMENT_METHODS = frozenset({"AsConfig", "AsSecrets"})

# A fragment: the Jinja2 tags that replace one Go action, each ("expr" | "stmt" | "comment", body).
Fragment = tuple[tuple[str, str], ...]


class Unconvertible(Exception):
    """A construct with no faithful translation (reported at its line)."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True, slots=True)
class Macro:
    name: str  # the Jinja2 macro's name
    takes_dot: bool  # a parameter for Go's `.`; False: the caller's top is meant


@dataclass
class Chart:
    """What translating a chart's files needs and learns."""

    values: Mapping[str, Any]  # the chart's default values: the types of `.Values` paths
    macros: dict[str, Macro]  # by Go template name, for the whole tree
    reserved: frozenset[str]  # names a variable must not take (functions, macros, objects)
    calls: dict[str, bool] = field(default_factory=dict)  # template name → every call passes top


@dataclass
class _Var:
    jinja: str
    loop: int  # the loop depth it was declared at
    boxed: bool = False  # a `namespace`: assigned inside a loop, read after it
    kind: str = ""  # what is known of its value's type (while every assignment agrees)
    sample: Any = None
    block: int = 0  # the depth of the Go block that declared it

    @property
    def value(self) -> str:
        return f"{self.jinja}.value" if self.boxed else self.jinja


@dataclass
class _Scope:
    dot: Expr | None  # None: the template's top
    dollar: Expr | None
    variables: dict[str, _Var]
    loop: int = 0
    names: set[str] = field(default_factory=set)  # Jinja2 names in use (loop items)
    block: int = 0  # how deep in Go's blocks (each has its own variables)


class FileTranslator:
    """The fragments of one file (its body and its `define`s), in the order of its actions."""

    def __init__(
        self, chart: Chart, trees: Mapping[str, n.Tree], body: str, text: str, tpl: bool = False
    ) -> None:
        self.chart = chart
        self.tpl = tpl  # a `tpl` string: its `.x` may be a name `tpl` was given (`tpl(s, {x: …})`)
        self.text = text
        self.trees = trees
        self.body = body
        self.fragments: list[Fragment] = []
        self.boxed: set[str] = set()  # the variables of the tree being walked that need boxes
        self.macro: str | None = None  # the define being walked, when it takes no parameter
        # A helper file's own body: Helm never runs it, Jinja2 would (making its macros).
        self.inert = False

    # -- walking -------------------------------------------------------------------------------
    def run(self) -> list[Fragment]:
        units: list[tuple[int, str, n.Node | n.Tree]] = []
        for node in self.trees[self.body].root.nodes if self.body in self.trees else []:
            units.append((node.pos, "node", node))
        for name, tree in self.trees.items():
            if name != self.body:
                units.append((tree.root.pos, "define", tree))
        units.sort(key=lambda unit: unit[0])
        top = _Scope(None, None, {})
        if self.body in self.trees:
            self.boxed = loop_assigned(self.trees[self.body].root)
        for _, _kind, item in units:
            if isinstance(item, n.Tree):
                self.define(item)
                self.boxed = (
                    loop_assigned(self.trees[self.body].root) if self.body in self.trees else set()
                )
            else:
                assert isinstance(item, n.Node)
                self.inert = is_helper(self.body)
                self.node(item, top)
                self.inert = False
        return self.fragments

    def emit(self, *parts: tuple[str, str]) -> None:
        if self.inert:  # never run: kept as comments
            parts = tuple(p if p[0] == "comment" else ("comment", f" {p[1]} ") for p in parts)
        self.fragments.append(tuple(parts))

    def define(self, tree: n.Tree) -> None:
        macro = self.chart.macros.get(tree.name)
        if macro is None:
            raise Unconvertible(f'define "{tree.name}" in a tpl string', tree.root.line)
        self.boxed = loop_assigned(tree.root)
        self.macro = None if macro.takes_dot else tree.name
        if macro.takes_dot:  # a caller that passes its top passes nothing
            parameter = Expr(DOT_PARAMETER)
            self.emit(
                ("stmt", f"macro {macro.name}({DOT_PARAMETER}=none)"),
                (
                    "stmt",
                    f"set {DOT_PARAMETER} = go_root() if {DOT_PARAMETER} is none"
                    f" else {DOT_PARAMETER}",
                ),
            )
            scope = _Scope(parameter, parameter, {}, names={DOT_PARAMETER})
        else:
            self.emit(("stmt", f"macro {macro.name}()"))
            scope = _Scope(None, None, {})
        self.walk_list(tree.root, scope)
        self.emit(("stmt", "endmacro"))
        self.macro = None

    def walk_list(self, body: n.ListNode, scope: _Scope) -> None:
        for node in body.nodes:
            self.node(node, scope)

    def node(self, node: n.Node, scope: _Scope) -> None:
        if isinstance(node, n.Text):
            return
        if isinstance(node, n.Comment):
            self.emit(("comment", node.text[2:-2]))
        elif isinstance(node, n.Action):
            self.action(node, scope)
        elif isinstance(node, n.If | n.With):
            self.conditional(node, scope)
        elif isinstance(node, n.Range):
            self.loop(node, scope)
        elif isinstance(node, n.Break):
            self.emit(("stmt", "break"))
        elif isinstance(node, n.Continue):
            self.emit(("stmt", "continue"))
        elif isinstance(node, n.Template):
            if re.search(r"\bblock\s*$", self.text[: node.pos]):
                raise Unconvertible("`block` has no Jinja2 counterpart here", node.line)
            arg = self.pipe(node.pipe, scope) if node.pipe is not None else Expr("none")
            root = node.pipe is not None and self.is_top(node.pipe, scope)
            self.emit(("expr", self.include(node.name, arg, root, node.line).text))
        else:
            raise Unconvertible(f"unexpected {node}", node.line)

    def action(self, node: n.Action, scope: _Scope) -> None:
        pipe = node.pipe
        if not pipe.decl:
            value = self.pipe(pipe, scope)
            if value.container:  # Go prints them with fmt's %v
                value = fn.filtered(value, "toString", [])
            elif float_text_differs(value.sample):  # a float64 from values: `1e+06`
                value = fn.filtered(value, "go_float", [])
            self.emit(("expr", value.text))
            return
        value = self.pipe(pipe, scope)
        name = pipe.decl[0].names[0]
        if pipe.is_assign:
            var = self.lookup(name, scope, node.line)
            if var.loop < scope.loop and not var.boxed:
                raise Unconvertible(
                    f"{name} is assigned inside a block but declared outside it: a Jinja2 loop"
                    " keeps its assignments to itself",
                    node.line,
                )
            self.emit(("stmt", f"set {var.value} = {value.text}"))
            if (var.kind, var.sample) != (value.kind, value.sample):
                var.kind, var.sample = "", None
            return
        var = self.declare(name, scope, node.line)
        var.kind, var.sample = value.kind, value.sample
        if var.boxed:
            self.emit(("stmt", f"set {var.jinja} = namespace(value={value.text})"))
        else:
            self.emit(("stmt", f"set {var.jinja} = {value.text}"))

    # -- variables -----------------------------------------------------------------------------
    def declare(self, name: str, scope: _Scope, line: int) -> _Var:
        existing = scope.variables.get(name)
        if existing is not None and existing.block == scope.block:  # declared again
            var = scope.variables[name] = _Var(
                existing.jinja, scope.loop, existing.boxed, block=scope.block
            )
            return var
        # A new one, or one that shadows an outer block's until its block ends: Jinja2's `if`
        # has no scope of its own, so it takes another name.
        jinja = name[1:] or "top"
        while not is_name(jinja) or jinja in self.chart.reserved or jinja in scope.names:
            jinja += "_"
        var = scope.variables[name] = _Var(jinja, scope.loop, name in self.boxed, block=scope.block)
        scope.names.add(jinja)
        return var

    def lookup(self, name: str, scope: _Scope, line: int) -> _Var:
        var = scope.variables.get(name)
        if var is None:
            raise Unconvertible(f"undefined variable {name}", line)
        return var

    def fresh(self, scope: _Scope, base: str) -> str:
        name = base
        count = 1
        while name in scope.names or name in self.chart.reserved:
            count += 1
            name = f"{base}{count}"
        scope.names.add(name)
        return name

    @staticmethod
    def inner(scope: _Scope) -> _Scope:
        return _Scope(
            scope.dot,
            scope.dollar,
            dict(scope.variables),
            scope.loop,
            set(scope.names),
            scope.block + 1,
        )

    # -- control -------------------------------------------------------------------------------
    def opening(
        self, node: n.If | n.With, scope: _Scope, chained: bool
    ) -> tuple[list[tuple[str, str]], _Scope, list[str]]:
        """The tags that open `if`/`with` (`chained`: an `else if`/`else with` of a chain), the
        scope of its body, and the tags that close what they opened."""
        inner = self.inner(scope)
        tags: list[tuple[str, str]] = []
        closers: list[str] = []
        value = self.pipe(node.pipe, inner)
        if node.pipe.decl:
            var = self.declare(node.pipe.decl[0].names[0], inner, node.line)
            tags.append(("stmt", f"set {var.jinja} = {value.text}"))
            value = Expr(var.jinja, PRIMARY, value.kind)
        elif isinstance(node, n.With) and not pure(node.pipe):
            name = self.fresh(inner, "value")
            tags.append(("stmt", f"with {name} = {value.text}"))
            value = Expr(name, PRIMARY, value.kind)
            closers.append("endwith")
        if isinstance(node, n.With):
            inner.dot = value
        if chained and not tags:
            return [("stmt", f"elif {value.at(CONDITIONAL)}")], inner, []
        if chained:
            tags.insert(0, ("stmt", "else"))
        tags.append(("stmt", f"if {value.at(CONDITIONAL)}"))
        return tags, inner, ["endif", *closers]

    def conditional(self, node: n.If | n.With, scope: _Scope) -> None:
        tags, inner, closers = self.opening(node, scope, chained=False)
        self.emit(*tags)
        current: n.If | n.With = node
        while True:
            self.walk_list(current.body, inner)
            otherwise = current.otherwise
            if otherwise is None:
                break
            chained = else_chain(otherwise, self.text)
            if chained is None:
                self.emit(("stmt", "else"))
                rest = self.inner(inner)
                rest.dot = scope.dot
                self.walk_list(otherwise, rest)
                break
            tags, inner, more = self.opening(chained, scope, chained=True)
            self.emit(*tags)
            closers = [*more, *closers]
            current = chained
        self.emit(*(("stmt", closer) for closer in closers))

    def loop(self, node: n.Range, scope: _Scope) -> None:
        inner = self.inner(scope)
        inner.loop += 1
        collection = self.pipe(node.pipe, inner)
        decl = [v.names[0] for v in node.pipe.decl]
        nested = has_range(node.body)
        is_list = collection.container == "list"
        sample = collection.sample[0] if is_list and collection.sample else None
        if len(decl) == 2:
            item = self.declare(decl[1], inner, node.line)
            if is_list and not nested:
                inner.variables[decl[0]] = _Var("loop.index0", inner.loop)
                head = f"for {item.jinja} in {collection.at(PRIMARY)}"
            else:
                key = self.declare(decl[0], inner, node.line)
                items = fn.filtered(collection, "go_items", []).text
                head = f"for {key.jinja}, {item.jinja} in {items}"
            inner.dot = Expr(item.jinja, sample=sample)
        else:
            if decl:
                name = self.declare(decl[0], inner, node.line).jinja
            else:
                name = self.fresh(inner, singular(collection.text))
            inner.dot = Expr(name, sample=sample)
            if is_list:
                head = f"for {name} in {collection.at(PRIMARY)}"
            else:
                head = f"for {name} in {fn.filtered(collection, 'go_range', []).text}"
        self.emit(("stmt", head))
        self.walk_list(node.body, inner)
        if node.otherwise is not None:
            self.emit(("stmt", "else"))
            self.walk_list(node.otherwise, self.inner(scope))
        self.emit(("stmt", "endfor"))

    # -- pipelines -----------------------------------------------------------------------------
    def pipe(self, pipe: n.Pipe, scope: _Scope) -> Expr:
        value: Expr | None = None
        for command in pipe.commands:
            value = self.command(command, scope, value)
        assert value is not None
        return value

    def command(self, command: n.Command, scope: _Scope, piped: Expr | None) -> Expr:
        first, rest = command.args[0], command.args[1:]
        if isinstance(first, n.Identifier):
            return self.function(first.name, rest, scope, piped, command.line)
        args = [self.operand(a, scope) for a in rest] + ([piped] if piped is not None else [])
        base = self.operand(first, scope, method=bool(args))
        if args:
            return call(base.text, args)
        return base

    def operand(self, node: n.Node, scope: _Scope, method: bool = False) -> Expr:
        if isinstance(node, n.String):
            return Expr(string(node.value), PRIMARY, "str")
        if isinstance(node, n.Number):
            return Expr(
                number(node.value), PRIMARY, "int" if isinstance(node.value, int) else "num"
            )
        if isinstance(node, n.Bool):
            return Expr("true" if node.value else "false", PRIMARY, "bool")
        if isinstance(node, n.Nil):
            return Expr("none")
        if isinstance(node, n.Dot):
            return self.top(scope.dot)
        if isinstance(node, n.Field):
            return self.path(scope.dot, node.names, node.line, method)
        if isinstance(node, n.Variable):
            head, *names = node.names
            if head == "$":
                return self.path(scope.dollar, tuple(names), node.line, method)
            var = self.lookup(head, scope, node.line)
            read = Expr(var.value, PRIMARY, var.kind, var.sample)
            return self.path(read, tuple(names), node.line, method)
        if isinstance(node, n.Chain):  # Go's `(x).a` is nil for a nil x, where Jinja2 fails
            inner = self.operand(node.node, scope)
            return self.path(Expr(f"({inner.at(AND)} or {{}})"), node.names, node.line, method)
        if isinstance(node, n.Pipe):
            return self.pipe(node, scope)
        if isinstance(node, n.Identifier):
            return self.function(node.name, [], scope, None, node.line)
        raise Unconvertible(f"unexpected {node}", node.line)

    @staticmethod
    def top(dot: Expr | None) -> Expr:
        return dot if dot is not None else Expr("go_root()", PRIMARY, "map")

    def path(self, base: Expr | None, names: tuple[str, ...], line: int, method: bool) -> Expr:
        if not names:
            return self.top(base)
        if base is None and names[0] not in TOP:
            if self.macro is not None:
                self.chart.calls[self.macro] = False  # its `.` is no template's top
            if self.tpl:  # a name `tpl` was given: `tpl(text, {"x": …})`
                value = Expr(names[0])
                for name in names[1:]:
                    value = member(value, name)
                return value
            base = Expr("go_root()")  # nil in Go: a missing key of the top
        if base is None:
            sample = self.chart.values if names[0] == "Values" else None
            value = Expr(names[0], sample=sample)
            for name in names[1:]:
                value = member(value, name)
        else:
            value = base
            for name in names:
                value = member(value, name)
        if names[-1] in _NO_ARGUMENT_METHODS and not method:
            value = Expr(value.text + "()")
        return value

    def is_top(self, pipe: n.Pipe, scope: _Scope) -> bool:
        """Whether a pipeline is Go's `.` or `$` where that is the template's top."""
        if pipe.decl or len(pipe.commands) != 1 or len(pipe.commands[0].args) != 1:
            return False
        return self.is_top_node(pipe.commands[0].args[0], scope)

    @staticmethod
    def is_top_node(arg: n.Node, scope: _Scope) -> bool:
        if isinstance(arg, n.Pipe):
            return (
                len(arg.commands) == 1
                and len(arg.commands[0].args) == 1
                and (FileTranslator.is_top_node(arg.commands[0].args[0], scope))
            )
        if isinstance(arg, n.Dot):
            return scope.dot is None
        if isinstance(arg, n.Variable) and arg.names == ("$",):
            return scope.dollar is None
        return False

    def function(
        self, name: str, nodes: list[n.Node], scope: _Scope, piped: Expr | None, line: int
    ) -> Expr:
        if name == "include" and len(nodes) + (piped is not None) == 2:
            if piped is None:
                arg, root = self.operand(nodes[1], scope), self.is_top_node(nodes[1], scope)
            else:
                arg, root = piped, False
            if isinstance(nodes[0], n.String):
                return self.include(nodes[0].value, arg, root, line)
            target = self.operand(nodes[0], scope)
            return call("include", [target] if root else [target, arg], "str")
        if name == "tpl" and len(nodes) + (piped is not None) == 2:
            args = [self.operand(a, scope) for a in nodes] + ([piped] if piped else [])
            if len(nodes) == 2 and self.is_top_node(nodes[1], scope):
                return call("tpl", args[:1], "str")
            return call("tpl", args, "str")
        args = [self.operand(a, scope) for a in nodes] + ([piped] if piped is not None else [])
        try:
            return fn.translate(name, args, piped is not None)
        except fn.NoCounterpart:
            raise Unconvertible(f"function {name} has no Jinja2 counterpart", line) from None

    def include(self, name: str, arg: Expr, root: bool, line: int) -> Expr:
        previous = self.chart.calls.get(name, True)
        self.chart.calls[name] = previous and root
        macro = self.chart.macros.get(name)
        if macro is None:
            return call(
                "include", [Expr(string(name)), arg] if not root else [Expr(string(name))], "str"
            )
        return call(macro.name, [arg] if macro.takes_dot and not root else [], "str")

"""The tree of a template, as Go's text/template/parse/node.go: typed nodes, each with its
offset in the template's text and its line. `str(node)` is the template text Go shows in
errors (`<.Values.a.b>`, `<include "x" .>`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kubelint.chart.gotmpl.lexer import go_quote


@dataclass(slots=True, eq=False)
class Node:
    pos: int
    line: int

    def __reduce__(self) -> tuple[type[Node], tuple[object, ...]]:
        """Pickled as the class and its fields: loaded by a call, several times faster than
        the default for slots (the tree cache, `treecache`)."""
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


@dataclass(slots=True, eq=False)
class Text(Node):
    text: str

    def __str__(self) -> str:
        return go_quote(self.text[:20]) + ("..." if len(self.text) > 20 else "")


@dataclass(slots=True, eq=False)
class Comment(Node):
    text: str

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


@dataclass(slots=True, eq=False)
class Dot(Node):
    def __str__(self) -> str:
        return "."


@dataclass(slots=True, eq=False)
class Nil(Node):
    def __str__(self) -> str:
        return "nil"


@dataclass(slots=True, eq=False)
class Bool(Node):
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(slots=True, eq=False)
class Number(Node):
    text: str
    value: int | float  # Go's ideal constant: an int, or a float64 when written as one

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, eq=False)
class String(Node):
    quoted: str
    value: str

    def __str__(self) -> str:
        return self.quoted


@dataclass(slots=True, eq=False)
class Field(Node):
    names: tuple[str, ...]  # `.a.b` → ("a", "b")

    def __str__(self) -> str:
        return "".join("." + name for name in self.names)


@dataclass(slots=True, eq=False)
class Variable(Node):
    names: tuple[str, ...]  # `$x.a` → ("$x", "a")

    def __str__(self) -> str:
        return ".".join(self.names)


@dataclass(slots=True, eq=False)
class Identifier(Node):
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True, eq=False)
class Chain(Node):
    node: Node  # `(pipeline).a.b`
    names: tuple[str, ...]

    def __str__(self) -> str:
        inner = str(self.node)
        if isinstance(self.node, Pipe):
            inner = f"({inner})"
        return inner + "".join("." + name for name in self.names)


@dataclass(slots=True, eq=False)
class Command(Node):
    args: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, Pipe) else str(a) for a in self.args)


@dataclass(slots=True, eq=False)
class Pipe(Node):
    is_assign: bool = False
    decl: list[Variable] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)

    def __str__(self) -> str:
        text = ""
        if self.decl:
            text = ", ".join(str(v) for v in self.decl) + " := "  # Go writes := for both
        return text + " | ".join(str(c) for c in self.commands)


@dataclass(slots=True, eq=False)
class Action(Node):
    pipe: Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass(slots=True, eq=False)
class ListNode(Node):
    nodes: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


@dataclass(slots=True, eq=False)
class Branch(Node):
    """`if`, `range` and `with`."""

    pipe: Pipe
    body: ListNode
    otherwise: ListNode | None

    keyword = ""

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.body)
        if self.otherwise is not None:
            text += "{{else}}" + str(self.otherwise)
        return text + "{{end}}"


@dataclass(slots=True, eq=False)
class If(Branch):
    keyword = "if"


@dataclass(slots=True, eq=False)
class Range(Branch):
    keyword = "range"


@dataclass(slots=True, eq=False)
class With(Branch):
    keyword = "with"


@dataclass(slots=True, eq=False)
class Break(Node):
    def __str__(self) -> str:
        return "{{break}}"


@dataclass(slots=True, eq=False)
class Continue(Node):
    def __str__(self) -> str:
        return "{{continue}}"


@dataclass(slots=True, eq=False)
class Template(Node):
    name: str
    pipe: Pipe | None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + go_quote(self.name) + "}}"
        return "{{template " + go_quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass(slots=True, eq=False)
class End(Node):
    """`{{end}}`: only while parsing."""

    def __str__(self) -> str:
        return "{{end}}"


@dataclass(slots=True, eq=False)
class Else(Node):
    """`{{else}}`: only while parsing."""

    def __str__(self) -> str:
        return "{{else}}"


@dataclass(slots=True, eq=False)
class Tree:
    """One named template: a file's body, or a `define`/`block`."""

    name: str
    parse_name: str  # the file it was written in (Go's ParseName), for error positions
    text: str  # that file's text, to turn offsets into line:column
    root: ListNode

    def __reduce__(self) -> tuple[type[Tree], tuple[object, ...]]:
        return Tree, (self.name, self.parse_name, self.text, self.root)

    def location(self, node: Node) -> str:
        """`file:line:column` of a node, as Go's ErrorContext (the column counts bytes from 0)."""
        before = self.text[: node.pos]
        start = before.rfind("\n") + 1
        column = len(before[start:].encode())
        return f"{self.parse_name}:{before.count(chr(10)) + 1}:{column}"

    @property
    def is_empty(self) -> bool:
        return all(
            isinstance(n, Comment) or (isinstance(n, Text) and not n.text.strip())
            for n in self.root.nodes
        )


def identifiers(node: Node) -> Iterator[Identifier]:
    """Every function name the tree under `node` calls, in order."""
    if isinstance(node, Identifier):
        yield node
    elif isinstance(node, Action):
        yield from identifiers(node.pipe)
    elif isinstance(node, Pipe):
        for command in node.commands:
            yield from identifiers(command)
    elif isinstance(node, Command):
        for arg in node.args:
            yield from identifiers(arg)
    elif isinstance(node, Chain):
        yield from identifiers(node.node)
    elif isinstance(node, ListNode):
        for child in node.nodes:
            yield from identifiers(child)
    elif isinstance(node, Branch):
        yield from identifiers(node.pipe)
        yield from identifiers(node.body)
        if node.otherwise is not None:
            yield from identifiers(node.otherwise)
    elif isinstance(node, Template) and node.pipe is not None:
        yield from identifiers(node.pipe)

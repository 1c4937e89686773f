"""The parser: tokens into trees, as Go's text/template/parse/parse.go.

`parse(name, text, functions)` gives the trees of one file: the file's own body under `name`,
and one per `{{define}}` and `{{block}}`. As in Go, a function must exist when the template is
parsed (`function "x" not defined`), a variable must be declared before it is used, and
`{{break}}`/`{{continue}}` only appear inside `{{range}}`. Errors are Go's, with the file and
the line: `template: x.yaml:3: unexpected {{end}}`.
"""

from __future__ import annotations

from collections.abc import Container

from kubelint.chart.gotmpl import nodes as n
from kubelint.chart.gotmpl.errors import TemplateParseError
from kubelint.chart.gotmpl.lexer import Kind, Token, lex

_OPERAND_START = frozenset(
    {Kind.BOOL, Kind.CHAR_CONSTANT, Kind.DOT, Kind.FIELD, Kind.IDENTIFIER, Kind.NUMBER,
     Kind.RAW_STRING, Kind.STRING, Kind.VARIABLE, Kind.LEFT_PAREN}
)  # fmt: skip
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def unquote(text: str) -> str:
    """strconv.Unquote of a Go string or character literal (`"…"`, `` `…` ``, `'…'`)."""
    if text[0] == "`":
        return text[1:-1].replace("\r", "")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        code = body[i + 1] if i + 1 < len(body) else ""
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
        elif code in "\\\"'":
            if (code == "'" and text[0] == '"') or (code == '"' and text[0] == "'"):
                raise ValueError("invalid syntax")
            out.append(code)
            i += 2
        elif code in "xuU":
            size = {"x": 2, "u": 4, "U": 8}[code]
            digits = body[i + 2 : i + 2 + size]
            if len(digits) != size or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 16)))
            i += 2 + size
        elif code in "01234567":
            digits = body[i + 1 : i + 4]
            if len(digits) != 3 or any(c not in "01234567" for c in digits):
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 8)))
            i += 4
        else:
            raise ValueError("invalid syntax")
    return "".join(out)


def number(text: str, is_char: bool = False) -> int | float:
    """A number constant's value: an int, or a float64 when written with `.`, `e` or `p`."""
    if is_char:
        char = unquote(text)
        if len(char) != 1:
            raise ValueError(f"malformed character constant: {text}")
        return ord(char)
    if text.endswith("i"):
        raise ValueError(f"complex constants are not supported: {text}")
    plain = text.replace("_", "")
    hexadecimal = plain.lstrip("+-")[:2].lower() == "0x"
    if not hexadecimal and any(c in plain for c in ".eE"):
        return float(plain)
    if hexadecimal and any(c in plain for c in ".pP"):
        return float.fromhex(plain)
    sign = -1 if plain.startswith("-") else 1
    digits = plain.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        digits = "0o" + digits[1:]  # Go's leading-zero octal
    value: int = sign * int(digits, 0)
    if not -(2**63) <= value < 2**64:
        raise ValueError(f"integer overflow: {go_text(text)}")
    return value


def go_text(text: str) -> str:
    return '"' + text + '"'


class _Parser:
    def __init__(
        self,
        name: str,
        text: str,
        functions: Container[str],
        trees: dict[str, n.Tree],
    ) -> None:
        self.name = name
        self.text = text
        self.tokens = lex(text)
        self.count = len(self.tokens)
        self.index = 0
        self.read = 0
        self.functions = functions
        self.trees = trees
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.action_line = 0

    # -- tokens ----------------------------------------------------------------------------------
    def next(self) -> Token:
        token = self.peek()
        self.index += 1
        return token

    @property
    def furthest(self) -> Token:
        """The furthest token read so far (lookahead included): Go's errors give its line."""
        return self.tokens[min(self.read, len(self.tokens) - 1)]

    def backup(self, count: int = 1) -> None:
        self.index -= count

    def peek(self) -> Token:
        """The next token; past the end, the last one (EOF, or the lexer's error) again."""
        index = self.index
        self.read = max(self.read, index)
        return self.tokens[index] if index < self.count else self.tokens[-1]

    def next_non_space(self) -> Token:
        token = self.next()
        while token.kind is Kind.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        self.backup()
        return token

    def error(self, reason: str, token: Token | None = None) -> TemplateParseError:
        line = (token or self.furthest).line
        return TemplateParseError(self.name, line, reason)

    def unexpected(self, token: Token, context: str) -> TemplateParseError:
        if token.kind is Kind.ERROR:
            extra = ""
            if self.action_line and self.action_line != token.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if token.value.endswith(" action"):
                    extra = extra[len(" in action") :]
            return self.error(f"{token}{extra}", token)
        return self.error(f"unexpected {token} in {context}", token)

    def expect(self, kind: Kind, context: str) -> Token:
        token = self.next_non_space()
        if token.kind is not kind:
            raise self.unexpected(token, context)
        return token

    # -- the template --------------------------------------------------------------------------
    def parse(self) -> None:
        root = n.ListNode(self.peek().pos, self.peek().line)
        while self.peek().kind is not Kind.EOF:
            if self.peek().kind is Kind.LEFT_DELIM:
                mark = self.index
                self.next()
                token = self.next_non_space()
                if token.kind is Kind.KEYWORD and token.value == "define":
                    self.definition()
                    continue
                self.index = mark
            node = self.text_or_action()
            if isinstance(node, n.End | n.Else):
                raise self.error(f"unexpected {node}")
            root.nodes.append(node)
        self.add(n.Tree(self.name, self.name, self.text, root))

    def add(self, tree: n.Tree) -> None:
        """A tree into the set; a second non-empty definition in one file is an error."""
        existing = self.trees.get(tree.name)
        if existing is None or existing.is_empty:
            self.trees[tree.name] = tree
        elif not tree.is_empty:
            raise self.error(f"template: multiple definition of template {go_text(tree.name)}")

    def definition(self) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token.kind not in (Kind.STRING, Kind.RAW_STRING):
            raise self.unexpected(token, context)
        name = unquote(token.value)
        self.expect(Kind.RIGHT_DELIM, context)
        self.named_tree(name, context)

    def item_list(self) -> tuple[n.ListNode, n.Node]:
        start = self.peek_non_space()
        body = n.ListNode(start.pos, start.line)
        while self.peek_non_space().kind is not Kind.EOF:
            node = self.text_or_action()
            if isinstance(node, n.End | n.Else):
                return body, node
            body.nodes.append(node)
        raise self.error("unexpected EOF")

    def text_or_action(self) -> n.Node:
        token = self.next_non_space()
        if token.kind is Kind.TEXT:
            return n.Text(token.pos, token.line, token.value)
        if token.kind is Kind.LEFT_DELIM:
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        if token.kind is Kind.COMMENT:
            return n.Comment(token.pos, token.line, token.value)
        raise self.unexpected(token, "input")

    def action(self) -> n.Node:
        token = self.next_non_space()
        if token.kind is Kind.KEYWORD:
            keyword = token.value
            if keyword == "block":
                return self.block()
            if keyword in ("break", "continue"):
                return self.loop_control(token)
            if keyword == "else":
                return self.else_control()
            if keyword == "end":
                end = self.expect(Kind.RIGHT_DELIM, "end")
                return n.End(end.pos, end.line)
            if keyword in ("if", "range", "with"):
                return self.control(keyword)
            if keyword == "template":
                return self.template_control()
        self.backup()
        start = self.peek()
        return n.Action(start.pos, start.line, self.pipeline("command", Kind.RIGHT_DELIM))

    def loop_control(self, token: Token) -> n.Node:
        after = self.next_non_space()
        if after.kind is not Kind.RIGHT_DELIM:
            raise self.unexpected(after, "{{" + token.value + "}}")
        if not self.range_depth:
            raise self.error("{{" + token.value + "}} outside {{range}}")
        kind = n.Break if token.value == "break" else n.Continue
        return kind(token.pos, token.line)

    def else_control(self) -> n.Node:
        peek = self.peek_non_space()
        if peek.kind is Kind.KEYWORD and peek.value in ("if", "with"):
            return n.Else(peek.pos, peek.line)  # `else if`/`else with`: the keyword stays
        token = self.expect(Kind.RIGHT_DELIM, "else")
        return n.Else(token.pos, token.line)

    def control(self, context: str) -> n.Node:
        depth = len(self.vars)
        pipe = self.pipeline(context, Kind.RIGHT_DELIM)
        if context == "range":
            self.range_depth += 1
        body, following = self.item_list()
        if context == "range":
            self.range_depth -= 1
        otherwise: n.ListNode | None = None
        if isinstance(following, n.Else):
            keyword = self.peek()
            if (
                context in ("if", "with")
                and keyword.kind is Kind.KEYWORD
                and keyword.value == context
            ):
                self.next()
                otherwise = n.ListNode(following.pos, following.line)
                otherwise.nodes.append(self.control(context))
            else:
                otherwise, end = self.item_list()
                if not isinstance(end, n.End):
                    raise self.error(f"expected end; found {end}")
        del self.vars[depth:]
        kind = {"if": n.If, "range": n.Range, "with": n.With}[context]
        return kind(pipe.pos, pipe.line, pipe, body, otherwise)

    def named_tree(self, name: str, context: str) -> None:
        """The body of a `define` or `block` up to its `end`, added as the template `name`
        (its own variables: only `$`)."""
        outer_vars, self.vars = self.vars, ["$"]
        body, end = self.item_list()
        self.vars = outer_vars
        if not isinstance(end, n.End):
            raise self.error(f"unexpected {end} in {context}")
        self.add(n.Tree(name, self.name, self.text, body))

    def template_name(self, token: Token, context: str) -> str:
        if token.kind not in (Kind.STRING, Kind.RAW_STRING):
            raise self.unexpected(token, context)
        try:
            return unquote(token.value)
        except ValueError as exc:
            raise self.error(str(exc), token) from None

    def template_control(self) -> n.Node:
        context = "template clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = None
        if self.next_non_space().kind is not Kind.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, Kind.RIGHT_DELIM)
        return n.Template(token.pos, token.line, name, pipe)

    def block(self) -> n.Node:
        context = "block clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = self.pipeline(context, Kind.RIGHT_DELIM)
        self.named_tree(name, context)
        return n.Template(token.pos, token.line, name, pipe)

    # -- pipelines -----------------------------------------------------------------------------
    def pipeline(self, context: str, end: Kind) -> n.Pipe:
        start = self.peek_non_space()
        pipe = n.Pipe(start.pos, start.line)
        self.declarations(pipe, context)
        while True:
            token = self.next_non_space()
            if token.kind is end:
                if not pipe.commands:
                    raise self.error(f"missing value for {context}", token)
                for stage, command in enumerate(pipe.commands[1:], start=2):
                    if isinstance(command.args[0], n.Bool | n.Dot | n.Nil | n.Number | n.String):
                        raise self.error(f"non executable command in pipeline stage {stage}")
                return pipe
            if token.kind in _OPERAND_START or (
                token.kind is Kind.KEYWORD and token.value == "nil"
            ):
                self.backup()
                pipe.commands.append(self.command())
            else:
                raise self.unexpected(token, context)

    def declarations(self, pipe: n.Pipe, context: str) -> None:
        while True:
            variable = self.peek_non_space()
            if variable.kind is not Kind.VARIABLE:
                return
            mark = self.index
            self.next_non_space()
            next_token = self.peek_non_space()
            if next_token.kind in (Kind.ASSIGN, Kind.DECLARE):
                pipe.is_assign = next_token.kind is Kind.ASSIGN
                self.next_non_space()
                pipe.decl.append(n.Variable(variable.pos, variable.line, (variable.value,)))
                self.vars.append(variable.value)
                return
            if next_token.kind is Kind.CHAR and next_token.value == ",":
                self.next_non_space()
                pipe.decl.append(n.Variable(variable.pos, variable.line, (variable.value,)))
                self.vars.append(variable.value)
                if context == "range" and len(pipe.decl) < 2:
                    following = self.peek_non_space()
                    if following.kind in (Kind.VARIABLE, Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            self.index = mark
            return

    def command(self) -> n.Command:
        start = self.peek_non_space()
        command = n.Command(start.pos, start.line)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            token = self.next()
            if token.kind is Kind.SPACE:
                continue
            if token.kind in (Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                self.backup()
            elif token.kind is not Kind.PIPE:
                raise self.unexpected(token, "operand")
            break
        if not command.args:
            raise self.error("empty command")
        return command

    def operand(self) -> n.Node | None:
        node = self.term()
        if node is None or self.peek().kind is not Kind.FIELD:
            return node
        start = self.peek()
        names: list[str] = []
        while self.peek().kind is Kind.FIELD:
            names.append(self.next().value[1:])
        if isinstance(node, n.Field):
            return n.Field(start.pos, start.line, (*node.names, *names))
        if isinstance(node, n.Variable):
            return n.Variable(start.pos, start.line, (*node.names, *names))
        if isinstance(node, n.Bool | n.String | n.Number | n.Nil | n.Dot):
            raise self.error(f"unexpected . after term {go_text(str(node))}")
        return n.Chain(start.pos, start.line, node, tuple(names))

    def term(self) -> n.Node | None:
        token = self.next_non_space()
        kind = token.kind
        if kind is Kind.IDENTIFIER:
            if token.value not in self.functions:
                raise self.error(f"function {go_text(token.value)} not defined", token)
            return n.Identifier(token.pos, token.line, token.value)
        if kind is Kind.DOT:
            return n.Dot(token.pos, token.line)
        if kind is Kind.KEYWORD and token.value == "nil":
            return n.Nil(token.pos, token.line)
        if kind is Kind.VARIABLE:
            names = tuple(token.value.split("."))
            if names[0] not in self.vars:
                raise self.error(f"undefined variable {go_text(names[0])}", token)
            return n.Variable(token.pos, token.line, names)
        if kind is Kind.FIELD:
            return n.Field(token.pos, token.line, (token.value[1:],))
        if kind is Kind.BOOL:
            return n.Bool(token.pos, token.line, token.value == "true")
        if kind in (Kind.NUMBER, Kind.CHAR_CONSTANT):
            try:
                value = number(token.value, kind is Kind.CHAR_CONSTANT)
            except ValueError as exc:
                raise self.error(str(exc), token) from None
            return n.Number(token.pos, token.line, token.value, value)
        if kind is Kind.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", Kind.RIGHT_PAREN)
        if kind in (Kind.STRING, Kind.RAW_STRING):
            try:
                text = unquote(token.value)
            except ValueError as exc:
                raise self.error(str(exc), token) from None
            return n.String(token.pos, token.line, token.value, text)
        self.backup()
        return None


def parse(
    name: str, text: str, functions: Container[str], trees: dict[str, n.Tree]
) -> dict[str, n.Tree]:
    """The trees of file `name` (its body, its `define`s and `block`s), also added to `trees`
    (see `add`)."""
    own: dict[str, n.Tree] = {}
    _Parser(name, text, functions, own).parse()
    add(trees, own)
    return own


def add(trees: dict[str, n.Tree], own: dict[str, n.Tree]) -> None:
    """A file's trees into a set, as Go adds them: a later file's definition replaces an
    earlier one, except by an empty one."""
    for tree_name, tree in own.items():
        existing = trees.get(tree_name)
        if existing is None or not (tree.is_empty and not existing.is_empty):
            trees[tree_name] = tree

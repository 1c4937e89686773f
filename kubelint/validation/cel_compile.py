"""Compile-checking a CEL expression of a built-in kind as the API server does before storing it
(a DRA device selector, an admission policy's validations, variables, match conditions): the
errors cel-go reports as `compilation failed: ERROR: <input>:L:C: …`.

Two kinds of error are found, each worded as cel-go words the first line of it:
- a syntax error (`Syntax error: mismatched input '<EOF>'`); cel-go's parser is ANTLR's, whose
  list of expected tokens is left out, and the column is the offending token's;
- a reference to a variable the expression's environment does not declare
  (`undeclared reference to 'objet' (in container '')`), outside the names a macro binds.

Said nothing about, rather than guessed: what cel-python cannot parse but cel-go can (the
optional syntax `a.?b`, `[?0]`), type errors, the cost limit, and the code frame cel-go adds
under the message.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

_CACHED = 1024
# Identifiers every environment declares: type names and the namespaces of library functions.
_TYPES = frozenset(
    {"bool", "bytes", "double", "int", "list", "map", "null_type", "string", "type", "uint", "dyn"}
)
_NAMESPACES = frozenset(
    {
        "cel",
        "math",
        "strings",
        "sets",
        "optional",
        "base64",
        "lists",
        "regex",
        "ext",
        "format",
        "jsonpatch",
    }
)
_MACROS = frozenset(
    {
        "all", "exists", "exists_one", "existsOne", "map", "filter",
        "transformList", "transformMap", "transformMapEntry",
    }
)  # fmt: skip


class _Reference(NamedTuple):
    """A name an expression uses, and where it stands in the expression."""

    name: str
    line: int
    column: int


def _ident_name(tree: Any) -> str | None:
    """The name of a bare identifier expression (`x`, as a macro's bound variable), else None."""
    from lark import Token, Tree

    node = tree
    while isinstance(node, Tree):
        if node.data == "ident":
            token = node.children[0]
            return str(token) if isinstance(token, Token) else None
        if len(node.children) != 1:
            return None
        node = node.children[0]
    return None


def _references(tree: Any, bound: frozenset[str]) -> Iterator[_Reference]:
    """The free identifiers of `tree` (those not in `bound`), in source order."""
    from lark import Tree

    if not isinstance(tree, Tree):
        return
    if tree.data == "ident":
        name = str(tree.children[0])
        if name not in bound:
            yield _Reference(name, tree.meta.line, tree.meta.column)
        return
    if tree.data == "member_dot_arg":  # receiver.method(arguments), the arguments optional
        receiver, method, *rest = tree.children
        args = list(rest[0].children) if rest and isinstance(rest[0], Tree) else []
        receiver_name = _ident_name(receiver)
        if receiver_name not in _NAMESPACES:
            yield from _references(receiver, bound)
        macro = str(method) in _MACROS or (receiver_name == "cel" and str(method) == "bind")
        if macro and len(args) >= 2:
            names = {_ident_name(arg) for arg in args[:-1]} - {None}
            inner = bound | {name for name in names if name}
            for arg in args:
                if _ident_name(arg) not in names:
                    yield from _references(arg, inner)
            return
        for arg in args:
            yield from _references(arg, bound)
        return
    if tree.data in ("dot_ident", "dot_ident_arg"):
        return  # a name from the root of the container
    for child in tree.children:
        yield from _references(child, bound)


def _syntax_error(error: BaseException, expression: str) -> str:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    cause = error.__context__
    line, column = getattr(error, "line", 1) or 1, getattr(error, "column", 1) or 1
    if isinstance(cause, UnexpectedToken):
        token = cause.token
        text = "<EOF>" if token.type == "$END" else str(token)
        if token.type == "$END":  # cel-go places the end of input after the last character
            lines = expression.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
        return f"ERROR: <input>:{line}:{column}: Syntax error: mismatched input '{text}'"
    if isinstance(cause, UnexpectedCharacters):
        return f"ERROR: <input>:{line}:{column}: Syntax error: token recognition error"
    return f"ERROR: <input>:{line}:{column}: Syntax error"


@functools.lru_cache(maxsize=_CACHED)
def compile_error(expression: str, declared: frozenset[str]) -> str | None:
    """`compilation failed: …` for an expression cel-go refuses to compile in an environment
    declaring `declared`, or None (it compiles, or kubelint cannot tell)."""
    if ".?" in expression or "[?" in expression:
        return None  # the optional syntax: beyond cel-python's parser
    from celpy import Environment
    from celpy.celparser import CELParseError

    from kubelint.validation.cel_parser import prepare

    prepare()

    try:
        tree = Environment().compile(expression)
    except CELParseError as error:
        return "compilation failed: " + _syntax_error(error, expression)
    except Exception:  # cel-python's own limits (its macro expansion): not cel-go's errors
        return None
    allowed = declared | _TYPES
    for reference in _references(tree, allowed):
        return (
            f"compilation failed: ERROR: <input>:{reference.line}:{reference.column}: "
            f"undeclared reference to '{reference.name}' (in container '')"
        )
    return None

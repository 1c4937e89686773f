"""Go's functions as Jinja2 expressions: operators where Jinja2's mean the same (`and`, `or`,
`not`, `<`, `==` of a string literal), a conditional for `ternary`, a subscript for `index`,
a filter where the piped value reads first (`Values.x | toYaml | nindent(4)`), and Helm's
function by its own name otherwise. A compatibility helper (`go_eq`) only where the types
cannot be known and Go's semantics differ."""

from __future__ import annotations

import functools

from kubelint.chart.convert.expr import (
    ADD,
    AND,
    COMPARE,
    CONDITIONAL,
    FILTER,
    NOT,
    OR,
    PRIMARY,
    Expr,
    call,
    is_name,
    member,
    piped,
    string,
)


class NoCounterpart(Exception):
    """A Go function the Jinja2 dialect does not have."""


# Functions whose Jinja2 filter keeps a mapping or list first, or is Jinja2's own with other
# semantics (`int`, `join`, `first`, …): always called as functions, in Go's argument order.
_FUNCTION_ONLY = frozenset(
    {"hasKey", "get", "set", "unset", "pick", "omit", "merge", "mergeOverwrite", "dig", "append",
     "push", "prepend", "without", "slice", "regexReplaceAll", "regexReplaceAllLiteral",
     "mustMerge", "mustMergeOverwrite", "mustAppend", "mustPush", "mustPrepend", "mustWithout",
     "mustSlice", "mustRegexReplaceAll", "mustRegexReplaceAllLiteral", "first", "last", "join",
     "title", "list", "int", "max", "min", "round", "dict", "print", "printf", "tuple", "concat",
     "until", "untilStep", "add", "sub", "mul", "div", "mod", "cat", "coalesce", "semverCompare",
     "hasPrefix", "hasSuffix", "contains", "has", "regexMatch", "regexFind", "regexFindAll",
     "lookup", "tpl", "include", "keys", "values", "pluck", "splitList", "split", "len"}
)  # fmt: skip
# Functions whose last argument reads best piped in, even when Go gives it as an argument.
_PIPED_LAST = frozenset(
    {"default", "trunc", "trimSuffix", "trimPrefix", "trimAll", "indent", "nindent", "replace",
     "required", "quote", "squote", "toYaml", "toJson", "toPrettyJson", "toRawJson", "b64enc",
     "b64dec", "sha256sum", "sha1sum", "toString", "upper", "lower", "trim", "fromYaml",
     "fromJson", "fromYamlArray", "fromJsonArray", "toYamlPretty", "nospace", "kebabcase",
     "snakecase", "camelcase", "base", "dir", "toStrings", "sortAlpha", "uniq", "compact",
     "abbrev", "wrap", "adler32sum", "mustToJson", "mustToYaml", "toDecimal",
     "urlParse", "empty", "float64", "int64", "atoi", "kindOf", "typeOf", "deepCopy",
     "repeat", "substr", "regexQuoteMeta", "b32enc", "b32dec", "ext", "clean", "initials"}
)  # fmt: skip
STRING_FUNCTIONS = frozenset(
    {"printf", "print", "include", "tpl", "quote", "squote", "toYaml", "toJson", "toPrettyJson",
     "toRawJson", "upper", "lower", "trim", "trimSuffix", "trimPrefix", "trimAll", "replace",
     "b64enc", "b64dec", "sha256sum", "sha1sum", "toString", "trunc", "cat", "join", "nindent",
     "indent", "base", "dir", "kebabcase", "snakecase", "camelcase", "nospace", "title",
     "substr", "repeat", "abbrev", "kindOf", "typeOf", "toYamlPretty", "randAlphaNum"}
)  # fmt: skip
_BOOL_FUNCTIONS = frozenset(
    {"hasKey", "hasPrefix", "hasSuffix", "contains", "empty", "semverCompare", "has",
     "regexMatch", "kindIs", "typeIs", "deepEqual", "isAbs", "all", "any"}
)  # fmt: skip
_INT_FUNCTIONS = frozenset({"len", "int", "int64", "atoi", "add", "sub", "mul", "div", "mod"})
_LIST_FUNCTIONS = frozenset(
    {"list", "tuple", "concat", "splitList", "until", "untilStep", "keys", "values", "sortAlpha",
     "uniq", "compact", "append", "push", "prepend", "without", "reverse", "initial", "rest",
     "toStrings", "pluck", "regexFindAll", "regexSplit", "chunk", "fromYamlArray",
     "fromJsonArray", "mustAppend", "mustPrepend", "mustUniq", "mustCompact", "mustWithout"}
)  # fmt: skip
_MAP_FUNCTIONS = frozenset({"dict", "merge", "mergeOverwrite", "pick", "omit", "split"})
_COMPARISONS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}


@functools.cache
def jinja_names() -> frozenset[str]:
    """The functions a Jinja2 template of the dialect can call."""
    from kubelint.chart.engine import HelmEnvironment

    return frozenset(HelmEnvironment().globals)


def _kind(name: str) -> str:
    if name in STRING_FUNCTIONS:
        return "str"
    if name in _BOOL_FUNCTIONS:
        return "bool"
    if name in _INT_FUNCTIONS:
        return "int"
    if name in _LIST_FUNCTIONS:
        return "list"
    if name in _MAP_FUNCTIONS:
        return "map"
    return ""


def filtered(value: Expr, name: str, args: list[Expr], kind: str = "") -> Expr:
    return piped(value, name, args, kind)


def _proven(left: Expr, right: Expr) -> bool:
    """Whether `==` says what Go's `eq` says: a string or boolean literal (or a function
    known to give one) on a side, or integers on both."""
    kinds = {left.kind, right.kind}
    return bool(kinds & {"str", "bool"}) or kinds == {"int"}


def translate(name: str, args: list[Expr], was_piped: bool) -> Expr:
    """Go's call `name args…` (the piped value last, as Go passes it)."""
    if name in ("and", "or"):
        strength = AND if name == "and" else OR
        joined = f" {name} ".join(a.at(strength + 1) for a in args)
        return Expr(joined, strength)
    if name == "not" and len(args) == 1:
        return Expr(f"not {args[0].at(NOT)}", NOT, "bool")
    if name in ("eq", "ne") and len(args) >= 2:
        return _equality(name, args)
    if name in _COMPARISONS and len(args) == 2:
        operator = _COMPARISONS[name]
        text = f"{args[0].at(ADD)} {operator} {args[1].at(ADD)}"
        return Expr(text, COMPARE, "bool")
    if name == "index" and args:
        value = args[0]
        for key in args[1:]:
            if key.kind == "str" and is_name(key.text[1:-1]) and key.text[1:-1].isascii():
                value = member(value, key.text[1:-1])
            else:
                value = Expr(f"{value.at(PRIMARY)}[{key.text}]")
        return value
    if name == "println" and len(args) <= 1:
        if not args:
            return Expr('"\\n"', PRIMARY, "str")
        return Expr(f'{call("print", args).text} ~ "\\n"', ADD, "str")
    if name == "len" and len(args) == 1:
        return filtered(args[0], "length", [], "int")
    if name == "ternary" and len(args) == 3:
        if_true, if_false, condition = args
        text = f"{if_true.at(OR)} if {condition.at(OR)} else {if_false.at(CONDITIONAL)}"
        return Expr(text, CONDITIONAL)
    if name in ("html", "js", "urlquery"):  # text/template's escapers
        return (
            filtered(args[-1], f"go_{name}", args[:-1], "str")
            if was_piped
            else call(f"go_{name}", args, "str")
        )
    if name == "contains" and len(args) == 2 and args[0].text == '"{{"':
        # "is this a template?" (Bitnami's tplvalues): Jinja2's statements count too
        text = f"{call(name, args).text} or {call(name, [Expr(string('{%')), args[1]]).text}"
        return Expr(text, OR, "bool")
    if name not in jinja_names():
        raise NoCounterpart(name)
    kind = _kind(name)
    if name not in _FUNCTION_ONLY and args and (was_piped or name in _PIPED_LAST):
        *rest, last = args
        if was_piped or not _literal(last) or rest:
            return filtered(last, name, rest, kind)
    return call(name, args, kind)


def _literal(value: Expr) -> bool:
    return (
        value.kind in ("str", "int", "bool")
        and value.strength == PRIMARY
        and (value.text[:1] in '"-0123456789' or value.text in ("true", "false"))
    )


def _equality(name: str, args: list[Expr]) -> Expr:
    first, others = args[0], args[1:]
    if len(others) == 1 and "none" in (first.text, others[0].text):
        value = others[0] if first.text == "none" else first
        if name == "eq":  # Go's nil: a missing value or a null one
            text = f"{value.at(FILTER)} is undefined or {value.at(FILTER)} is none"
            return Expr(text, OR, "bool")
        text = f"{value.at(FILTER)} is defined and {value.at(FILTER)} is not none"
        return Expr(text, AND, "bool")
    if all(_proven(first, other) for other in others):
        if len(others) == 1:
            operator = "==" if name == "eq" else "!="
            return Expr(f"{first.at(ADD)} {operator} {others[0].at(ADD)}", COMPARE, "bool")
        choices = ", ".join(o.at(CONDITIONAL) for o in others)
        return Expr(f"{first.at(ADD)} in ({choices})", COMPARE, "bool")
    return call(f"go_{name}", args, "bool")

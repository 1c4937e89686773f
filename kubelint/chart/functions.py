"""Helm's template functions (Helm's own and Sprig's) for Jinja2, with Sprig's semantics.

Each function is written once, with Helm's argument order (the piped value last), and exists
both as a function (`default("x", Values.a)`, as Helm writes `default "x" .Values.a`) and as a
filter (`Values.a | default("x")`, as Helm writes `.Values.a | default "x"`). Functions that take
a mapping first (`hasKey`, `pick`, `get`, …) keep that order as filters: `Values | hasKey("a")`.

A missing value is `none` here, like Go's nil; with `--strict`, handing one to a function that
uses it (anything but `default`, `empty`, `required`, `coalesce`, `ternary`, the type tests and
the mapping lookups) is an error.

`GROUPS` is the registry: each function with its arguments and one line of documentation, from
which the README's function reference is generated (`kubelint.chart.reference`). The functions
are in `kubelint.chart.funcs`, a module per family; dates are in `dates`, hashes, passwords and
certificates in `crypto`, Helm's YAML in `goyaml`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, Undefined

from kubelint.chart.budget import charged
from kubelint.chart.funcs import (
    arithmetic,
    clock,
    defaults,
    encodings,
    lists,
    paths,
    randomness,
    regex,
    strings,
)
from kubelint.chart.funcs.base import HelmFunction, plain

# The registry: each family's functions under the heading the README gives them.
GROUPS: dict[str, dict[str, HelmFunction]] = {
    "Strings": strings.GROUP,
    "Regular expressions (Python's syntax; `${1}` in a replacement)": regex.GROUP,
    "Encodings and hashes": encodings.GROUP,
    "Types and defaults": defaults.GROUP,
    "Lists": lists.LISTS,
    "Mappings": lists.MAPPINGS,
    "Numbers (integers truncate as in Go; the `…f` forms use decimals)": arithmetic.GROUP,
    "Paths (`/`-separated, as Go's `path`; the `os…` forms are the same here)": paths.GROUP,
    "Dates (Go layouts: `2006-01-02T15:04:05Z07:00`; the local zone is UTC)": clock.GROUP,
    "Random values, passwords and certificates": randomness.GROUP,
}


# Sprig's `must…` forms: here the plain forms already stop rendering where Sprig's would panic.
_MUST_FORMS = frozenset(
    {
        "compact", "deepCopy", "merge", "mergeOverwrite", "append", "push", "prepend", "first",
        "rest", "last", "initial", "reverse", "uniq", "without", "has", "slice", "chunk",
        "regexMatch", "regexFindAll", "regexFind", "regexReplaceAll", "regexReplaceAllLiteral",
        "regexSplit",
    }
)  # fmt: skip
for _group in GROUPS.values():
    for _name in list(_group):
        _must = "must" + _name[:1].upper() + _name[1:]
        if _name in _MUST_FORMS and _must not in _group:
            _group[_must] = HelmFunction(
                _group[_name].func,
                _group[_name].args,
                f"`{_name}`, an error where Sprig's `{_name}` would panic",
            )

# Each function charged to the render's budget (`budget.charged`), whichever dialect calls it.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: charged(entry.func) for group in GROUPS.values() for name, entry in group.items()
}

# Functions whose output changes from one render to the next: `kubelint lint` warns where a
# chart calls them. Sprig's non-hermetic list (the date functions that format "now" for an
# argument that is not a time), plus what draws random numbers or reads the clock.
NON_DETERMINISTIC = frozenset(
    {
        "now", "date", "dateInZone", "dateModify", "mustDateModify", "htmlDate", "htmlDateInZone",
        "date_in_zone", "date_modify", "must_date_modify",
        "ago", "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "randInt", "randBytes",
        "uuidv4", "shuffle", "bcrypt", "htpasswd", "encryptAES", "genPrivateKey", "genCA",
        "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
        "genSignedCertWithKey",
    }
)  # fmt: skip


# Functions that look at a missing value without using it: no error with --strict.
_LENIENT = frozenset(
    {
        "default",
        "empty",
        "coalesce",
        "ternary",
        "required",
        "kindOf",
        "kindIs",
        "typeOf",
        "hasKey",
        "get",
        "dig",
        "quote",
        "squote",
        "all",
        "any",
        "typeIs",
        "typeIsLike",
        "pluck",
    }
)
# Functions whose first argument is the mapping or list they work on: their filter keeps it first.
_SUBJECT_FIRST = frozenset(
    {
        "hasKey",
        "get",
        "set",
        "unset",
        "pick",
        "omit",
        "merge",
        "mergeOverwrite",
        "dig",
        "append",
        "push",
        "prepend",
        "without",
        "slice",
        "regexReplaceAll",
        "regexReplaceAllLiteral",
        "mustMerge",
        "mustMergeOverwrite",
        "mustAppend",
        "mustPush",
        "mustPrepend",
        "mustWithout",
        "mustSlice",
        "mustRegexReplaceAll",
        "mustRegexReplaceAllLiteral",
    }
)
# Jinja2 filters kept as they are (same meaning, value first) rather than replaced.
_JINJA_FILTERS_KEPT = frozenset(
    {
        "first",
        "last",
        "join",
        "trim",
        "upper",
        "lower",
        "title",
        "list",
        "int",
        "max",
        "min",
        "round",
        "length",
    }
)


def _lenient(value: Any) -> Any:
    """A value as a function that looks at a missing one sees it: `none` (unless --strict)."""
    return (
        None if isinstance(value, Undefined) and not isinstance(value, StrictUndefined) else value
    )


def helm_globals() -> dict[str, Callable[..., Any]]:
    """Each function as Jinja2 templates call it: charged, and a missing value `none` (or an
    error with --strict, unless the function only looks at it)."""
    out: dict[str, Callable[..., Any]] = {}
    for group in GROUPS.values():
        for name, entry in group.items():
            out[name] = charged(entry.func, _lenient if name in _LENIENT else plain)
            out[name].__name__ = name
    return out


def helm_filters() -> dict[str, Callable[..., Any]]:
    out: dict[str, Callable[..., Any]] = {}
    for name, func in helm_globals().items():
        if name in _JINJA_FILTERS_KEPT:
            continue
        if name in _SUBJECT_FIRST:
            out[name] = func
        else:
            out[name] = _piped(func)
    return out


def _piped(func: Callable[..., Any]) -> Callable[..., Any]:
    def filter_(value: Any, *args: Any) -> Any:
        return func(*args, value)

    filter_.__name__ = func.__name__
    return filter_

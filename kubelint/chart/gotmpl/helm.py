"""Helm's function map for Go templates: Sprig's functions and Helm's own.

One implementation serves both dialects: the Sprig functions are `kubelint.chart.functions`'s
(written with Go's argument order, the piped value last), looked up through `SPRIG`, a table
of names; the few Sprig functions that module lacks are in `kubelint.chart.sprig_extra`.
What differs in Go is only here and small: text/template's own `print`/`printf`/`len` win over
the Jinja2 ones, numbers Helm holds as float64 are shown as such to the type functions, and
Helm's `include`, `tpl`, `required`, `fail` and `lookup` run templates or stop rendering with
Helm's errors.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from kubelint.chart import functions as sprig
from kubelint.chart import sprig_extra
from kubelint.chart.gotmpl.errors import WARN_END, WARN_START, GoError, TemplateParseError
from kubelint.chart.gotmpl.execute import Budget, Output, TemplateSet
from kubelint.chart.gotmpl.gotypes import Float64
from kubelint.chart.gotmpl.lexer import go_quote
from kubelint.chart.gotmpl.parser import parse

# Jinja2-side names that are text/template builtins in Go (Go's own semantics apply).
_GO_BUILTINS = frozenset({"print", "printf", "len"})
# Functions that name a value's Go type: a float64 from the values must say so.
_TYPE_FUNCTIONS = frozenset({"kindOf", "kindIs", "typeOf", "typeIs", "typeIsLike"})
NO_VALUE_TEXT = "<no value>"
# The texts `tpl` renders, collected while a set is given (`kubelint convert` learns which
# values are templates).
TPL_TEXTS: ContextVar[set[str] | None] = ContextVar("tpl_texts", default=None)


def _as_float(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        return function(*(float(a) if isinstance(a, Float64) else a for a in args))

    return call


def _sprig_table() -> dict[str, Callable[..., Any]]:
    table: dict[str, Callable[..., Any]] = {}
    for name, function in sprig.FUNCTIONS.items():
        if name in _GO_BUILTINS:
            continue
        table[name] = _as_float(function) if name in _TYPE_FUNCTIONS else function
    table.update(sprig_extra.FUNCTIONS)
    return table


SPRIG = _sprig_table()


def _warn(message: Any) -> GoError:
    """`fail` and `required`: Helm marks the message so its error names the call's place."""
    return GoError(f"{WARN_START}{message}{WARN_END}")


def required(warn: str, value: Any) -> Any:
    if value is None or value == "":
        raise _warn(warn)
    return value


def fail(message: str) -> str:
    raise _warn(message)


def lookup(api_version: str, kind: str, namespace: str, name: str) -> dict[str, Any]:
    """Offline, as `helm template`: the cluster has nothing."""
    return {}


class HelmFunctions:
    """The function map of one template set: `include` and `tpl` run its templates."""

    def __init__(self, trees_source: dict[str, Any], budget: Budget, strict: bool) -> None:
        self.functions: dict[str, Callable[..., Any]] = dict(SPRIG)
        self.functions.update(
            include=self.include, tpl=self.tpl, required=required, fail=fail, lookup=lookup
        )
        self.templates = TemplateSet(trees_source, self.functions, strict, budget)

    def include(self, name: str, data: Any) -> str:
        out = Output()
        budget = self.templates.budget
        budget.enter(f'include "{name}"')
        try:
            self.templates.execute(name, data, out)
        finally:
            budget.leave()
        return out.text()

    def tpl(self, text: str, data: Any) -> str:
        """`text` as a template of its own, seeing this set's definitions (its own `define`s
        stay its own), run with `data`."""
        seen = TPL_TEXTS.get()
        if seen is not None:
            seen.add(str(text))
        clone = HelmFunctions(dict(self.templates.trees), self.templates.budget, self.strict)
        try:
            own = parse("gotpl", str(text), clone.templates.names(), clone.templates.trees)
        except TemplateParseError as exc:
            raise GoError(f"cannot parse template {_quote(text)}: {exc}", exc) from None
        out = Output()
        clone.templates.budget.enter("tpl")
        try:
            clone.templates.run(own["gotpl"], data, out)  # its own text, even when empty
        except GoError as exc:
            message = f"error during tpl function execution for {_quote(text)}: {exc}"
            raise GoError(message, exc) from None
        finally:
            clone.templates.budget.leave()
        return out.text().replace(NO_VALUE_TEXT, "")

    @property
    def strict(self) -> bool:
        return self.templates.missing_key_error


def _quote(text: Any) -> str:
    return go_quote(str(text))

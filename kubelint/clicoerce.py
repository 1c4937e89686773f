"""Typer's coercion of option values, without Pydantic where it has nothing to do.

Typer (0.29) coerces every parameter's value through a Pydantic `TypeAdapter` that it builds
for the parameter before it looks at the value: the first one imports Pydantic (about 50 ms)
and each costs a millisecond or two, on every run, for options that were not even given. Here
a parameter's coercion starts as `Deferred`: a missing value gives what Typer gives for it
(None, or `()` for an option taking many values, whatever the type, in `RuntimeParam.coerce`),
a plain string for a `str` parameter and strings for a `list[str]` one are what Typer's
adapter returns for them (the strings, in a list), and anything else builds Typer's own
coercion and hands over to it for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typer import _click
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperArgument, TyperOption


@dataclass(frozen=True)
class Deferred(RuntimeParam):
    """A parameter's coercion until a value needs Typer's own."""

    plain: bool  # no parser and no file type: the value is the string(s) the command line gave

    def _coerce_value(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        if self.plain and self.annotation is str and type(value) is str:
            return value
        if (
            self.plain
            and self.annotation == list[str]
            and isinstance(value, list | tuple)
            and all(type(item) is str for item in value)
        ):
            return list(value)
        param._runtime_param = own = build_runtime_param(param.type_descriptor)
        return own.coerce(value, param=param, ctx=ctx)


def deferred(param: TyperArgument | TyperOption) -> None:
    """Start `param`'s coercion as `Deferred` (unless Typer built its own already)."""
    if param._runtime_param is None:
        descriptor = param.type_descriptor
        param._runtime_param = Deferred(
            annotation=descriptor.annotation,
            parameter_info=descriptor.parameter_info,
            plain=descriptor.parameter_info.parser is None and descriptor.file_annotation is None,
        )

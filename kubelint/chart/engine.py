"""The sandboxed Jinja2 engine: Helm's names and functions, bounded, and a line map.

Templates render in a `SandboxedEnvironment`: no attribute starting with `_`, no loader (no
`{% include %}` of files, no filesystem), no environment variables, and bounds on ranges,
repetition, string widths, helper nesting and output size. An attribute of a mapping is its key
(`Values.items` is the value named `items`, as `.Values.items` is in Helm), never a dict method.

Rendering also records where each rendered line came from: a line of static template text maps
to its own line, a line produced by an expression to the line of that expression. Errors name
the template file and line, following the traceback into helpers.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import BuiltinMethodType, CodeType, TracebackType
from typing import Any, TypeVar

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    Undefined,
    nodes,
    pass_context,
    pass_environment,
)
from jinja2.compiler import CodeGenerator, Frame, operators
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from kubelint.chart import gocompat
from kubelint.chart.budget import Budget, OverBudget, charged, current, size_of, spending
from kubelint.chart.codecache import CodePack, template_key
from kubelint.chart.dates import go_time_string
from kubelint.chart.funcs.base import (
    MAX_REPEAT,
    NESTED,
    TemplateFailure,
    affordable,
    format_float,
    plain,
)
from kubelint.chart.functions import helm_filters, helm_globals
from kubelint.errors import ChartError
from kubelint.limits import DEFAULT_LIMITS, Limits

_WIDE_STR_METHODS = frozenset(
    {"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs"}
)
# A `%` conversion: its flags, width and precision (`*`: taken from the arguments).
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")
_TAG = re.compile(r"\{[{%]")


# Where a rendered line came from: (template line, template column); column 0 means "the
# rendered column" (static text, which keeps its columns).
LineOrigin = tuple[int, int]
# Compiling is most of a render's time: a process that renders a chart again (--values-matrix,
# a folder of charts sharing templates) compiles each template source once, and a new process
# finds the code of a chart it rendered before in the chart's pack on disk (`codecache`).
# Each entry: the code, its Python source, and the origin of each yield (code line → template
# line, constant text or not), filled in as renders meet them.
_CODE_CACHE: dict[
    tuple[str, str, str], tuple[CodeType, list[str], dict[int, tuple[int, bool]]]
] = {}
_CODE_CACHE_SIZE = 2048
T = TypeVar("T")


# A template whose expressions or blocks nest deeper than the parser can follow (thousands of
# parentheses or `{% if %}`s): refused as Go's parser refuses one past its maximum depth.
NESTED_TOO_DEEP = (
    "max expression depth exceeded: the template's expressions or blocks nest too deep"
)


class RenderError(ChartError):
    """A template that fails to render, with the template file and line where known."""

    def __init__(
        self,
        reason: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = f"{file}:{line}" if file and line else file
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column


class ValueMap(dict[str, Any]):
    """A mapping of values that knows its path (`Values.image`), for messages."""

    __slots__ = ("path",)

    def __init__(self, data: Mapping[str, Any] = (), path: str = "") -> None:  # type: ignore[assignment]
        super().__init__(data)
        self.path = path


def wrap(value: Any, path: str) -> Any:
    """Values as templates see them: mappings become ValueMaps (copies), the rest as is."""
    if isinstance(value, Mapping):
        return ValueMap({k: wrap(v, f"{path}.{k}") for k, v in value.items()}, path)
    if isinstance(value, list):
        return [wrap(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def read_only(value: Any, path: str) -> Any:
    """An object every template of a chart shares (`Release`, `Chart`, `Capabilities`,
    `Template`) as templates see it: read-only, so that no template changes what the next
    one sees (`Values` stays writable, as in Helm)."""
    if isinstance(value, Mapping):
        return ReadOnlyMap({k: read_only(v, f"{path}.{k}") for k, v in value.items()}, path)
    if isinstance(value, list):
        return ReadOnlyList((read_only(v, f"{path}[{i}]") for i, v in enumerate(value)), path)
    return value


def _refuse(self: ReadOnlyMap | ReadOnlyList, *_args: Any, **_kwargs: Any) -> Any:
    raise TemplateFailure(
        f"{self.path} is read-only: a template cannot change what the chart's other templates see"
    )


class ReadOnlyMap(ValueMap):
    """A ValueMap that refuses changes (`set`, `unset`, `merge` into it)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    pop = popitem = clear = update = setdefault = _refuse

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        """`deepCopy`: a writable copy."""
        return {k: copy.deepcopy(v, memo) for k, v in self.items()}


class ReadOnlyList(list[Any]):
    """A list that refuses changes (`append`, `sort`, … on it)."""

    __slots__ = ("path",)

    def __init__(self, items: Iterable[Any] = (), path: str = "") -> None:
        super().__init__(items)
        self.path = path

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(v, memo) for v in self]


class HelmUndefined(Undefined):
    """A missing value: empty when printed, an error when used further (Helm's nil)."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        if self._undefined_hint is None and isinstance(owner, ValueMap) and owner.path:
            return f"{owner.path}.{self._undefined_name} is not defined"
        return str(super()._undefined_message)


class StrictHelmUndefined(HelmUndefined, StrictUndefined):
    """`--strict`: any use of a missing value is an error, printing included."""

    __slots__ = ()


@pass_environment
def _finalize(environment: HelmEnvironment, value: Any) -> Any:
    """What `{{ x }}` prints: Go's text for booleans, none and floats. What is printed is
    charged to the render's budget (in a macro or `{% set %}` block too, whose output is a
    value), and a list or mapping is measured before its text is built."""
    if isinstance(value, str):
        budget, size = environment.budget, len(value)
        if budget.memory + size > budget.max_memory:
            budget.room(size)
        budget.memory += size  # `allocate`, without a call: this runs for every `{{ … }}`
        return value
    if isinstance(value, NESTED):
        affordable(value)
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, dt.datetime):
        return go_time_string(value)
    return value


@dataclass(slots=True)
class Compiled:
    """A compiled template, and what is needed to map its code lines back to template lines."""

    path: str  # the template file as findings show it
    name: str  # the `# Source:` name
    source: str
    template: Template
    code: list[str]
    origins: dict[int, tuple[int, bool]]  # shared by every render of the same source
    line_starts: list[int] = field(default_factory=list)
    columns: dict[int, int] = field(default_factory=dict)
    debug_info: list[tuple[int, int]] = field(default_factory=list)  # (code line, template line)

    def __post_init__(self) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]

    def template_line(self, code_line: int) -> int:
        """The template line of a line of the compiled code (Jinja2's
        `get_corresponding_lineno`, without parsing its debug info on every call)."""
        if not self.debug_info:
            self.debug_info = sorted((code, line) for line, code in self.template.debug_info)
        at = bisect.bisect_right(self.debug_info, (code_line, math.inf))
        return self.debug_info[at - 1][1] if at else 1

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def column_of_expression(self, line: int) -> int:
        column = self.columns.get(line)
        if column is None:
            start = self.line_starts[line - 1] if 1 <= line <= len(self.line_starts) else 0
            end = self.source.find("\n", start)
            text = self.source[start : end if end >= 0 else len(self.source)]
            column = self.columns[line] = tag_column(text, 1)
        return column


def tag_column(source: str, line: int) -> int:
    """1-based column of the first tag on `line` of `source` (or of its first non-blank)."""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return 1
    text = lines[line - 1]
    match = _TAG.search(text)
    if match:
        return match.start() + 1
    return len(text) - len(text.lstrip()) + 1


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code, with each operand of a comparison (`==`, `<`, `in`, …) measured first
    (`environment.measured`): comparing two lists shared and doubled 60 times, equal but
    built apart, takes 2^60 steps in Python's `==`, which nothing could interrupt."""

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        self.write("(environment.measured(")
        self.visit(node.expr, frame)
        self.write(")")
        for operand in node.ops:
            self.write(f" {operators[operand.op]} environment.measured(")
            self.visit(operand.expr, frame)
            self.write(")")
        self.write(")")


class HelmEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"+", "*", "**", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(
            keep_trailing_newline=True,
            autoescape=False,
            undefined=StrictHelmUndefined if strict else HelmUndefined,
            finalize=_finalize,
            extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        )
        self.globals.pop("lipsum", None)
        self.globals.update(helm_globals())
        self.globals.update(include=_include, tpl=_tpl, lookup=_lookup)
        self.globals.update(gocompat.GLOBALS)
        for unbounded in ("center", "batch", "wordwrap"):  # fill or pad without a bound
            self.filters.pop(unbounded, None)
        self.filters.update(
            {name: _guarded_filter(name, func) for name, func in self.filters.items()}
        )
        self.filters.update(helm_filters())
        self.filters.update(include=_include, tpl=_tpl, format=_format)
        self.filters.update(gocompat.FILTERS)
        self.budget = Budget(limits)
        self.compiled: dict[str, Compiled] = {}
        # What shapes the compiled code besides the source (the disk cache's key includes it).
        self._settings = repr(
            (
                sorted(self.extensions), sorted(self.intercepted_binops), self.optimized,
                self.keep_trailing_newline, self.finalize is not None, self.autoescape,
                self.sandboxed, self.code_generator_class.__name__,
            )
        )  # fmt: skip
        self.limits = limits
        self.nesting = 0
        self.output = 0
        self._tpl_cache: dict[str, Template] = {}

    # -- the sandbox ---------------------------------------------------------------------------
    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict):
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _WIDE_STR_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> None:
        return None  # `str.format` is refused outright (its field widths are unbounded)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes is an operation; a recursive loop's `loop(items)`
        counts its items as `{% for %}` does; a string's `replace` and `join` methods are
        refused before they build what the budget cannot afford."""
        budget = __self.budget
        budget.operations += 1  # `spend`, without a call: this runs for every call
        if budget.operations >= budget.next_clock:
            budget.look()
        if isinstance(__obj, LoopContext) and args:
            args = (__self.counted(args[0]), *args[1:])
        elif isinstance(__obj, BuiltinMethodType) and isinstance(__obj.__self__, str):
            budget.allocate(_method_size(__obj.__self__, __obj.__name__, args))
        if not __self.is_safe_callable(__obj):  # as SandboxedEnvironment.call does
            raise SecurityError(f"{__obj!r} is not safely callable")
        return __context.call(__obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe."
        )

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`+`, `*`, `**` and `%`, refused before they build what the budget cannot afford."""
        budget = self.budget
        if operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                budget.allocate(size_of(left) + size_of(right))
        elif operator == "*":
            if _is_int(left) and _is_int(right):
                budget.integer(left.bit_length() + right.bit_length())
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    if len(seq) * count > MAX_REPEAT:
                        raise SecurityError(
                            f"the sandbox does not build sequences of more than {MAX_REPEAT} items"
                        )
                    budget.allocate(size_of(seq) * max(count, 0))
        elif operator == "**":
            if isinstance(left, int | float) and isinstance(right, int | float):
                size = abs(right) * math.log2(abs(left)) if abs(left) > 1 else 0
                if size > 4096:
                    raise SecurityError("the sandbox does not compute numbers that large")
                if _is_int(left) and _is_int(right):
                    budget.integer(size)
        elif isinstance(left, str):
            budget.allocate(_formatted_size(left, right))
        return self.binop_table[operator](left, right)

    @staticmethod
    def measured(value: Any) -> Any:
        """`value`, once a list or mapping is found affordable (see `_BoundedCodeGenerator`)."""
        if isinstance(value, NESTED):
            affordable(value)
        return value

    def joined(self, *parts: Any) -> str:
        """`a ~ b`: the parts' text joined, refused before it is built when too long."""
        texts = []
        for part in parts:
            if isinstance(part, Mapping | list | tuple):
                affordable(part)
            texts.append(part if isinstance(part, str) else str(part))
        self.budget.allocate(sum(map(len, texts)))
        return "".join(texts)

    # -- compiling -----------------------------------------------------------------------------
    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        """Python code for a template; every `{% for %}` iterates through `counted`, which
        bounds the iterations of a render (nested loops multiply), and every `~` is `joined`,
        which bounds the strings it builds."""
        for loop in source.find_all(nodes.For):
            counted = nodes.EnvironmentAttribute("counted", lineno=loop.lineno)
            loop.iter = nodes.Call(counted, [loop.iter], [], None, None, lineno=loop.lineno)
        _BoundedConcat().visit(source)
        return str(super()._generate(source, name, filename, defer_init))

    def load(self, path: str, name: str, source: str, pack: CodePack | None = None) -> Compiled:
        known = self.compiled.get(path)
        if known is not None and known.name == name:  # a subchart under two aliases: two names
            return known
        key = (path, name, source)
        cached = _CODE_CACHE.get(key)
        disk_key = template_key(self._settings, name, source) if pack is not None else ""
        if cached is None:
            stored = pack.get(disk_key, path) if pack is not None else None
            if stored is None:
                try:
                    code_text = self.compile(source, name=name, filename=path, raw=True)
                    stored = code_text, compile(code_text, path, "exec")
                except TemplateSyntaxError as exc:
                    column = tag_column(source, exc.lineno)
                    raise RenderError(exc.message or str(exc), path, exc.lineno, column) from None
                except RecursionError:
                    raise RenderError(NESTED_TOO_DEEP, path) from None
            if len(_CODE_CACHE) >= _CODE_CACHE_SIZE:
                _CODE_CACHE.clear()
            cached = _CODE_CACHE[key] = (stored[1], stored[0].splitlines(), {})
        if pack is not None:
            pack.keep(disk_key, "\n".join(cached[1]), cached[0])
        code, lines, origins = cached
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        compiled = Compiled(path, name, source, template, lines, origins)
        self.compiled[path] = compiled
        return compiled

    def counted(self, iterable: Any) -> Iterator[Any]:
        """A loop's items, each counted against the render's `max-loop-iterations` (templates
        cannot name this: they do not see the environment)."""
        budget = self.budget
        for item in iterable:
            budget.iterate()
            yield item

    def tpl_template(self, text: str) -> Template:
        template = self._tpl_cache.get(text)
        if template is None:
            try:
                template = self.from_string(text)
            except TemplateSyntaxError as exc:
                raise TemplateFailure(f"tpl: line {exc.lineno}: {exc.message}") from None
            except RecursionError:
                raise TemplateFailure(f"tpl: {NESTED_TOO_DEEP}") from None
            if len(self._tpl_cache) < 1024:
                self._tpl_cache[text] = template
        return template

    def enter(self, what: str) -> None:
        self.nesting += 1
        if self.nesting > self.limits.max_template_depth:
            raise TemplateFailure(
                self.limits.exceeded(
                    "max_template_depth",
                    f"{what}: nested too deep (a helper or tpl that calls itself without end?)",
                )
            )

    # -- rendering -----------------------------------------------------------------------------
    def scope(self, names: Mapping[str, Any], helpers: list[Compiled]) -> dict[str, Any]:
        """The names a template sees: globals, the chart's objects, and every helper macro
        (later helpers override earlier ones)."""
        scope: dict[str, Any] = dict(self.globals)
        scope.update(names)
        macros: dict[str, Any] = {}
        for helper in helpers:
            module = self.guard(helper, functools.partial(helper.template.make_module, scope, True))
            macros.update(
                (name, value)
                for name, value in vars(module).items()
                if isinstance(value, Macro) and not name.startswith("_")
            )
        scope.update(macros)
        return scope

    def render(
        self, compiled: Compiled, scope: dict[str, Any], track: bool = True
    ) -> tuple[str, list[LineOrigin]]:
        """The template's text, and the origin of each rendered line (none unless `track`:
        finding where each piece came from is a third of rendering's time)."""
        return self.guard(compiled, lambda: self._render(compiled, scope, track))

    def _render(
        self, compiled: Compiled, scope: dict[str, Any], track: bool
    ) -> tuple[str, list[LineOrigin]]:
        context = compiled.template.new_context(scope, shared=True)
        generator = compiled.template.root_render_func(context)
        pieces: list[str] = []
        lines = _LineMap()
        for piece in generator:
            if not piece:
                continue
            self.output += len(piece)
            if self.output > self.limits.max_render_size:
                line, _ = self._origin(compiled, generator, piece)
                what = "the chart renders too much output"
                reason = self.limits.exceeded("max_render_size", what)
                raise RenderError(reason, compiled.path, line, compiled.column_of_expression(line))
            pieces.append(piece)
            if track:
                line, static = self._origin(compiled, generator, piece)
                column = 0 if static else compiled.column_of_expression(line)
                lines.feed(piece, line, static, column)
        return "".join(pieces), lines.finish()

    def _origin(self, compiled: Compiled, generator: Any, piece: str) -> tuple[int, bool]:
        inner = generator
        while getattr(inner, "gi_yieldfrom", None) is not None:
            inner = inner.gi_yieldfrom
        frame = inner.gi_frame
        if frame is None:
            return 1, False
        target = self.compiled.get(frame.f_code.co_filename, compiled)
        known = target.origins.get(frame.f_lineno)
        if known is None:
            hint = target.template_line(frame.f_lineno)
            code = (
                target.code[frame.f_lineno - 1].strip()
                if frame.f_lineno <= len(target.code)
                else ""
            )
            static = code.startswith(("yield '", 'yield "'))
            if static:  # constant text: find where it starts in the template
                start = target.line_starts[min(hint, len(target.line_starts)) - 1]
                found = target.source.find(piece, start)
                hint = target.line_of(found) if found >= 0 else hint
            known = target.origins[frame.f_lineno] = (hint, static)
        return known

    def guard(self, compiled: Compiled, action: Callable[[], T]) -> T:
        """Run `action`, charging this render's budget; an error becomes a RenderError at the
        template line it came from."""
        try:
            with spending(self.budget):
                return action()
        except RenderError:
            raise
        except MemoryError as exc:
            raise self._error(
                "out of memory: the template builds more than this machine holds (lower"
                f" {self.limits.key('max_render_memory')} in .kubelint.yaml to stop it sooner)",
                compiled,
                exc.__traceback__,
            ) from None
        except RecursionError:
            raise self._error(
                "recursion too deep (a helper that calls itself without end?)", compiled, None
            ) from None
        except TemplateFailure as exc:
            raise self._error(str(exc), compiled, exc.__traceback__) from None
        except Exception as exc:  # a template's own mistake: undefined, type, sandbox, …
            reason = str(exc)
            if (
                not isinstance(exc, SecurityError | Undefined | OverBudget)
                and type(exc).__module__ == "builtins"
            ):
                reason = f"{type(exc).__name__}: {exc}"
            raise self._error(reason, compiled, exc.__traceback__) from None

    def _error(self, reason: str, compiled: Compiled, tb: TracebackType | None) -> RenderError:
        frames: list[tuple[Compiled, int]] = []
        while tb is not None:
            found = self.compiled.get(tb.tb_frame.f_code.co_filename)
            if found is not None:
                frames.append((found, found.template_line(tb.tb_lineno)))
            tb = tb.tb_next
        if not frames:
            return RenderError(reason, compiled.path)
        inner, line = frames[-1]
        outer, outer_line = frames[0]
        if outer is not inner:
            reason += f" (in a helper used at {outer.path}:{outer_line})"
        return RenderError(reason, inner.path, line, inner.column_of_expression(line))


class _LineMap:
    """Assigns each rendered line the origin of its first non-blank character."""

    def __init__(self) -> None:
        self.lines: list[LineOrigin] = []
        self.current: LineOrigin | None = None
        self.content = False

    def feed(self, piece: str, line: int, static: bool, column: int) -> None:
        for index, segment in enumerate(piece.split("\n")):
            if index:
                self.lines.append(self.current or (line, column))
                self.current = None
                self.content = False
            here = (line + index, 0) if static else (line, column)
            if self.current is None:
                self.current = here
            if not self.content and segment.strip():
                self.current = here
                self.content = True

    def finish(self) -> list[LineOrigin]:
        if self.current is not None:
            self.lines.append(self.current)
        return self.lines


@pass_context
def _include(context: Context, name: str, *args: Any, **kwargs: Any) -> str:
    """`include("name", args…)` (or `"name" | include`): the output of helper macro `name`
    (a Helm-style `a.b-c` names the macro `a_b_c`), or of a template of the chart tree by its
    name (`include(Template.BasePath ~ "/configmap.yaml")`, rendered with the caller's names,
    as Helm includes a file)."""
    environment = context.environment
    assert isinstance(environment, HelmEnvironment)
    macro = context.resolve_or_missing(name)
    if not isinstance(macro, Macro):
        macro = context.resolve_or_missing(re.sub(r"[.\-]", "_", name))
    if not isinstance(macro, Macro):
        template = next((c for c in environment.compiled.values() if c.name == name), None)
        if template is None or args or kwargs:
            raise TemplateFailure(f'include: no helper named "{name}"')
        environment.enter(f'include "{name}"')
        try:
            return template.template.render(context.get_all())
        finally:
            environment.nesting -= 1
    environment.enter(f'include "{name}"')
    try:
        return str(macro(*args, **kwargs))
    finally:
        environment.nesting -= 1


@pass_context
def _tpl(context: Context, text: Any, extra: Any = None) -> str:
    """`tpl(string[, names])`: render a string from the values as a template, in the same
    sandbox, with the caller's names (and `names`, a mapping, over them)."""
    environment = context.environment
    assert isinstance(environment, HelmEnvironment)
    template = environment.tpl_template(str(plain(text) or ""))
    names = dict(context.get_all())
    if isinstance(extra, Mapping):
        names.update(extra)
    environment.enter("tpl")
    try:
        return template.render(names)
    finally:
        environment.nesting -= 1


def _lookup(*_args: Any) -> ValueMap:
    """`lookup(...)`: offline, a cluster has nothing to give: an empty mapping, as in
    `helm template`."""
    return ValueMap({}, "lookup")


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    text = str(value)
    arguments = kwargs or args
    current().allocate(_formatted_size(text, arguments))
    return text % arguments


def _method_size(text: str, method: str, args: tuple[Any, ...]) -> int:
    """At most how long what a string's method returns is (its own length, unless the method
    repeats an argument: `replace` and `join`)."""
    if method == "replace" and len(args) >= 2 and isinstance(args[0], str):
        found = text.count(args[0]) if args[0] else len(text) + 1
        return len(text) + found * len(str(args[1]))
    if method == "join" and args and isinstance(args[0], list | tuple):
        return len(text) * len(args[0]) + sum(len(str(item)) for item in args[0])
    return len(text)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _formatted_size(text: str, arguments: Any) -> int:
    """At most how long `text % arguments` is; a width or precision taken from the arguments
    (`*`) is refused."""
    size = len(text)
    for match in _PRINTF_SPEC.finditer(text):
        width, precision = match.group(1), match.group(2) or ""
        if "*" in (width, precision):
            raise SecurityError("the sandbox does not format fields of a width given by `*`")
        size += int(width or 0) + int(precision or 0)
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for value in values:
        if isinstance(value, Mapping | list | tuple):
            affordable(value)
        size += len(value) if isinstance(value, str) else 32
    return size


class _BoundedConcat(NodeTransformer):
    """Turns each `a ~ b` into `environment.joined(a, b)`."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        concat = nodes.EnvironmentAttribute("joined", lineno=node.lineno)
        return nodes.Call(concat, node.nodes, [], None, None, lineno=node.lineno)


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A Jinja2 filter charged to the render's budget (as Helm's functions are), a list or
    mapping it prints or compares measured first; `join` refused before it builds too much."""
    guarded = charged(_join(func) if name == "join" else func)
    if name in _MEASURING_FILTERS:
        guarded = _measured(guarded)
    pass_arg = getattr(func, "jinja_pass_arg", None)  # pass_context and the like
    if pass_arg is not None:
        setattr(guarded, "jinja_pass_arg", pass_arg)  # noqa: B010 (a Callable has no such field)
    return guarded


def _measured(func: Callable[..., Any]) -> Callable[..., Any]:
    def measured(*args: Any, **kwargs: Any) -> Any:
        for arg in args:
            if isinstance(arg, NESTED):
                affordable(arg)
        return func(*args, **kwargs)

    return measured


# Jinja2's filters that turn a list or mapping into text, or compare lists and mappings.
_MEASURING_FILTERS = frozenset(
    {"string", "pprint", "tojson", "e", "escape", "forceescape", "urlencode", "xmlattr", "join"}
    | {"sort", "unique", "min", "max", "dictsort", "groupby"}  # and those that compare them
)


def _join(func: Callable[..., Any]) -> Callable[..., Any]:
    def join(context: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        if isinstance(value, list | tuple):
            current().room(len(str(d)) * len(value))
        return func(context, value, d, attribute)

    return join

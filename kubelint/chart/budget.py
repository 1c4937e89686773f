"""The work and memory one chart's render may spend, whichever template dialect runs it.

A render runs inside `spending(Budget(limits))`; the template runtime and the functions charge the
budget that is current (`current()`), so a guard written once holds for every dialect:

- `spend(n)`: operations, the render's time. A dialect charges one for each call and macro call,
  functions charge for the items and characters they are given (`charged`) and costly ones for
  their cost. Loop iterations count apart (`iterate`, against `max-loop-iterations`).
- `room(size)` before a value is built, `allocate(size)` once it is: the bytes of the strings
  and lists that operators and functions build, and of what is printed, in total. What cannot
  be afforded is refused before it is built: a memory bomb stops at its first step over.
- `text_size(value, stop)`: how long a nested value's text would be, found without building it
  (a list shared and doubled 60 times has 2^60 items), stopping past `stop`; measured so before
  it is printed or compared.
- `integer(bits)`: an integer over `max-integer-digits` is refused before it is computed.
- `max-render-seconds` of processor time bound the render as a last resort (`look`).

A dialect other than Jinja2 (the Go-template one) gets the functions' guards by calling the
functions of `functions.FUNCTIONS` inside `spending`, and adds its own `spend()` per call and
`iterate()` per `range` iteration.

Each refusal is an `OverBudget` whose message names the `limits` key and how to raise it; the
dialect reports it at the template line where it happened.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from kubelint.limits import DEFAULT_LIMITS, Limits

# Operations between two looks at the clock (and at `max-render-operations`). The clock is the
# process's CPU time: a render's own work, whatever else the machine runs.
OPERATIONS_PER_CLOCK = 1024
# Characters of a string argument that cost a function one more operation.
CHARACTERS_PER_OPERATION = 100
_TEXT = (str, bytes)
_SEQUENCES = (list, tuple)
_MAPPINGS = (dict, Mapping)  # dict first: found without the ABC's check
_CONTAINERS = (list, tuple, dict, bytes)
_DIGITS_PER_BIT = math.log10(2)


class OverBudget(Exception):
    """A render that reached one of its limits: the message names it and how to raise it."""


class Budget:
    """What one render has spent: operations, loop iterations and bytes built."""

    __slots__ = (
        "deadline", "iterations", "limits", "max_memory", "memory", "next_clock", "operations"
    )  # fmt: skip

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.operations = 0
        self.iterations = 0
        self.memory = 0
        self.max_memory = limits.max_render_memory
        self.deadline = time.process_time() + limits.max_render_seconds
        # The operations at which to look at the clock and the operations bound next.
        self.next_clock = OPERATIONS_PER_CLOCK

    def spend(self, operations: int = 1) -> None:
        self.operations += operations
        if self.operations >= self.next_clock:
            self.look()

    def look(self) -> None:
        """Check the operations and the time spent (`spend` does, every so many operations)."""
        self.next_clock = self.operations + OPERATIONS_PER_CLOCK
        if self.operations > self.limits.max_render_operations:
            what = "the chart's templates do too much work"
            raise OverBudget(self.limits.exceeded("max_render_operations", what))
        if time.process_time() > self.deadline:
            what = "the chart's templates take too long"
            raise OverBudget(self.limits.exceeded("max_render_seconds", what))

    def iterate(self) -> None:
        """One iteration of a loop (its own bound: what its body does is charged there)."""
        self.iterations += 1
        if self.iterations > self.limits.max_loop_iterations:
            what = "the chart's loops run too many times"
            raise OverBudget(self.limits.exceeded("max_loop_iterations", what))

    def room(self, size: int) -> None:
        """Refuse to build a value of `size` bytes that the render cannot afford."""
        if self.memory + size > self.max_memory:
            what = f"the chart's templates build too much data (a value of {size:,} bytes here)"
            raise OverBudget(self.limits.exceeded("max_render_memory", what))

    def allocate(self, size: int) -> None:
        """Charge a value of `size` bytes, built or about to be."""
        if self.memory + size > self.max_memory:
            self.room(size)
        self.memory += size

    def integer(self, bits: float) -> None:
        """Refuse to compute an integer of about `bits` bits over `max-integer-digits`."""
        if bits * _DIGITS_PER_BIT > self.limits.max_integer_digits:
            what = f"a number of about {int(bits * _DIGITS_PER_BIT):,} digits"
            raise OverBudget(self.limits.exceeded("max_integer_digits", what))

    def text_size(self, value: Any, stop: int) -> int:
        """The length of the text of `value` printed (nested lists and mappings included),
        roughly, stopping as soon as it passes `stop`; one operation per item visited."""
        size, pending, visited = 0, [value], 0
        while pending and size <= stop:
            item = pending.pop()
            visited += 1
            if isinstance(item, _TEXT):
                size += len(item) + 2
            elif isinstance(item, int):
                size += item.bit_length() // 3 + 1
            elif isinstance(item, _SEQUENCES):
                size += 2 + 2 * len(item)
                pending.extend(item)
            elif isinstance(item, _MAPPINGS):
                size += 2 + 4 * len(item)
                pending.extend(item.keys())
                pending.extend(item.values())
            else:
                size += 24
            if visited % 1024 == 0:
                self.spend(1024)
        self.spend(visited % 1024)
        return size


_CURRENT: ContextVar[Budget | None] = ContextVar("kubelint_render_budget", default=None)


def size_of(value: Any) -> int:
    """The bytes a string, list or mapping takes, roughly (a character or an item's reference
    each), not counting the items themselves."""
    if isinstance(value, _TEXT):
        return len(value)
    if isinstance(value, _SEQUENCES):
        return 8 * len(value)
    return sys.getsizeof(value)


def current() -> Budget:
    """The budget of the render under way (outside a render, a fresh one with the defaults)."""
    budget = _CURRENT.get()
    return budget if budget is not None else Budget()


@contextmanager
def spending(budget: Budget) -> Iterator[Budget]:
    """Make `budget` the one that templates and functions charge, for the `with` block."""
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def charged(
    func: Callable[..., Any], convert: Callable[[Any], Any] | None = None
) -> Callable[..., Any]:
    """`func` as templates call it: one operation, one more for each item of a list or
    mapping argument and each 100 characters of a string, and the bytes of a new value it
    returns; a value over the budget stops the render. Each argument is given to `convert`
    first, if there is one (a dialect's view of its values)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if convert is not None:
            args = tuple(map(convert, args))
        budget = _CURRENT.get() or Budget()
        cost = 1
        for arg in args:
            if isinstance(arg, str):
                cost += len(arg) // CHARACTERS_PER_OPERATION
            elif isinstance(arg, _CONTAINERS):
                cost += len(arg)
        budget.operations += cost
        if budget.operations >= budget.next_clock:
            budget.look()
        result = func(*args, **kwargs)
        if isinstance(result, str):
            size = len(result)
            if budget.memory + size > budget.max_memory:
                budget.room(size)
            budget.memory += size
        elif isinstance(result, _CONTAINERS) and all(result is not arg for arg in args):
            budget.allocate(size_of(result))
        return result

    call.__name__ = getattr(func, "__name__", "function")
    call.__doc__ = func.__doc__
    return call

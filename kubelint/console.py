"""Rich consoles that honour NO_COLOR (no-color.org) completely.

Rich reads NO_COLOR as "no colours" but still writes bold, dim and the other styles; here a
set NO_COLOR (or `plain`) means no escape codes at all. Rich itself (20 ms to import) is
loaded only for a console that may write colour: `colourless` tells the common case of a file
or a pipe without importing it.
"""

from __future__ import annotations

import builtins
import os
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def no_color() -> bool:
    """Whether NO_COLOR is set (to anything but the empty string)."""
    return bool(os.environ.get("NO_COLOR"))


def colourless(file: TextIO, *, plain: bool = False) -> bool:
    """Whether `console(file, plain=plain)` surely writes no escape codes: with `plain` or
    NO_COLOR, or where Rich sees no terminal (none of the variables that force one, not in
    IPython or Jupyter, and `file` not a tty). False means Rich has to decide."""
    if plain or no_color():
        return True
    forced = {"FORCE_COLOR", "TTY_COMPATIBLE"}.intersection(os.environ)
    if forced or hasattr(builtins, "get_ipython"):
        return False
    isatty = getattr(file, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed file: Rich sees no terminal either
        return True


def console(file: TextIO | None = None, *, plain: bool = False, **options: Any) -> Console:
    """A console on `file` (stdout by default); without styles with `plain` or NO_COLOR."""
    from rich.console import Console

    return Console(file=file, color_system=None if plain or no_color() else "auto", **options)

"""Rich consoles that honour NO_COLOR (no-color.org) completely.

Rich reads NO_COLOR as "no colours" but still writes bold, dim and the other styles; here a
set NO_COLOR (or `plain`) means no escape codes at all.
"""

from __future__ import annotations

import os
from typing import Any, TextIO

from rich.console import Console


def no_color() -> bool:
    """Whether NO_COLOR is set (to anything but the empty string)."""
    return bool(os.environ.get("NO_COLOR"))


def console(file: TextIO | None = None, *, plain: bool = False, **options: Any) -> Console:
    """A console on `file` (stdout by default); without styles with `plain` or NO_COLOR."""
    return Console(file=file, color_system=None if plain or no_color() else "auto", **options)

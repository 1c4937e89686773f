"""Sprig functions that Helm ships and `functions` does not have yet, in its style: each with
Go's argument order (the piped value last)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from kubelint.chart.functions import go_str


def sha512sum(text: Any) -> str:
    return hashlib.sha512(go_str(text).encode()).hexdigest()


def get_host_by_name(name: str) -> str:
    """Helm without `--enable-dns`: no lookup, an empty string."""
    return ""


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sha512sum": sha512sum,
    "getHostByName": get_host_by_name,
}

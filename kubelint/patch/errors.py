"""The one error type of `kubelint.patch`."""

from __future__ import annotations


class PatchError(ValueError):
    """A patch that cannot be applied: the message is one line saying why (and where)."""

"""The `assume-exist` option of the rules that report a missing object: names (shell patterns)
of objects that exist in the cluster without being in the input, such as Secrets made by an
external secrets operator or a ServiceAccount created by the platform team."""

from __future__ import annotations

import fnmatch

from kubelint.rules.base import Context, Option

ASSUME_EXIST = Option(
    schema={"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    default=[],
    help="names (shell patterns) of objects that exist in the cluster though not in the input",
)


def assumed(ctx: Context, name: str) -> bool:
    """Whether the user declared an object of this name to exist outside the input."""
    patterns = ctx.options["assume-exist"]
    return bool(patterns) and any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

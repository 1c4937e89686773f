"""What a file's Go tree tells before it is translated: which variables a loop assigns, which
pipelines only read a path, where an `else if` is one action, a loop item's name."""

from __future__ import annotations

import re
from typing import Any

from kubelint.chart.convert.expr import is_name
from kubelint.chart.gotmpl import nodes as n

# The objects at the top of a template, as both dialects name them.
TOP = frozenset({"Values", "Release", "Chart", "Capabilities", "Template", "Files"})


def is_helper(name: str) -> bool:
    return name.rpartition("/")[2].startswith("_")


def float_text_differs(sample: Any) -> bool:
    """Whether a number of the values prints otherwise as Go's float64 (`1e+06`, `1e-05`)."""
    if isinstance(sample, bool) or not isinstance(sample, int | float):
        return False
    return sample != 0 and not 1e-4 <= abs(sample) < 1e6


def loop_assigned(root: n.ListNode) -> set[str]:
    """The variables of a tree assigned (`$x = …`) inside a `range` (or a `with` that needs a
    Jinja2 block) deeper than where they were declared: they need a `namespace`, as a Jinja2
    loop keeps its own assignments."""
    found: set[str] = set()

    def walk(body: n.ListNode, depth: int, declared: dict[str, int]) -> None:
        for node in body.nodes:
            if isinstance(node, n.Action) and node.pipe.decl:
                name = node.pipe.decl[0].names[0]
                if node.pipe.is_assign:
                    if depth > declared.get(name, depth):
                        found.add(name)
                else:
                    declared[name] = depth
            elif isinstance(node, n.Branch):
                deeper = depth + (
                    1
                    if isinstance(node, n.Range)
                    or (isinstance(node, n.With) and not pure(node.pipe))
                    else 0
                )
                inner = dict(declared)
                for variable in node.pipe.decl:
                    inner[variable.names[0]] = deeper
                walk(node.body, deeper, inner)
                if node.otherwise is not None:
                    walk(node.otherwise, depth, dict(declared))

    walk(root, 0, {})
    return found


def singular(collection: str) -> str:
    """A loop item's name from its collection's: `Values.hosts` → `host`, else `item`."""
    last = re.split(r"[^A-Za-z0-9_]", collection.rstrip(")"))[-1]
    if last.endswith("ies") and len(last) > 4:
        word = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        word = last[:-1]
    else:
        return "item"
    return word if is_name(word) and word not in TOP else "item"


def pure(pipe: n.Pipe) -> bool:
    """A pipeline that only reads a path (`.Values.x`, `$v.a`): read again, it gives the same."""
    if pipe.decl or len(pipe.commands) != 1 or len(pipe.commands[0].args) != 1:
        return False
    return isinstance(pipe.commands[0].args[0], n.Field | n.Variable | n.Dot)


def has_range(body: n.ListNode) -> bool:
    for node in body.nodes:
        if isinstance(node, n.Range):
            return True
        if isinstance(node, n.Branch) and (
            has_range(node.body) or (node.otherwise is not None and has_range(node.otherwise))
        ):
            return True
    return False


def else_chain(otherwise: n.ListNode, text: str) -> n.If | n.With | None:
    """The `if`/`with` of an `else if`/`else with` (one action in the source), or None for a
    plain `else`."""
    if len(otherwise.nodes) != 1 or not isinstance(otherwise.nodes[0], n.If | n.With):
        return None
    if text.startswith(("if", "with"), otherwise.pos):
        return otherwise.nodes[0]
    return None

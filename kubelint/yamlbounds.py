"""Bounds on hostile YAML, checked on composed nodes before any data is built: how far a
document's aliases expand it ("billion laughs"), and how deep its collections nest."""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Something that may be an alias (`*name`) where a value can start: at the start of the text,
# or after a space or one of `[{,:-`; false positives only cost a count of the document's nodes.
# Each pattern begins at the `*`, which the search finds at C speed: one that begins with the
# character before it is tried at every character of the text.
_ALIAS_FIRST = re.compile(r"\*[^\s,\[\]{}]")
_ALIAS = re.compile(r"\*(?<=[\s\[{,:-]\*)[^\s,\[\]{}]")


# Something that may be an anchor (`&name`), found as aliases are.
_ANCHOR_FIRST = re.compile(r"&[^\s,\[\]{}]")
_ANCHOR = re.compile(r"&(?<=[\s\[{,:-]&)[^\s,\[\]{}]")


def may_have_alias(text: str) -> bool:
    """Whether the text may hold an alias at all (cheap; false positives only cost a count)."""
    return "*" in text and (_ALIAS_FIRST.match(text) is not None or _ALIAS.search(text) is not None)


def may_share_nodes(text: str, start: int, end: int) -> bool:
    """Whether the document at `text[start:end]` may hold an alias: only after an anchor of its
    own (anchors do not outlive their document). A `*` in a description, as in a CRD's
    `(e.g. *.yaml.sealed)`, no longer sends a document without anchors to the slow path."""
    anchor = _ANCHOR_FIRST.match(text, start) if start == 0 else None
    anchor = anchor or _ANCHOR.search(text, start, end)
    return anchor is not None and _ALIAS.search(text, anchor.end(), end) is not None


def may_nest(text: str, root: Node, limit: int) -> bool:
    """Whether a document's text could nest more than `limit` levels, cheaply over-counted:
    each level opens on a new line, after a `-` or a `?` (at most two or three levels each, with
    a compact mapping), or at a `[` (two, with a single-pair mapping) or a `{`."""
    start, end = root.start_mark.index, root.end_mark.index
    bound = (
        1
        + text.count("\n", start, end)
        + 2 * text.count("-", start, end)
        + 3 * text.count("?", start, end)
        + 2 * text.count("[", start, end)
        + text.count("{", start, end)
    )
    return bound > limit


def too_deep(root: Node, limit: int) -> Node | None:
    """The first collection nested more than `limit` levels deep, or None. Aliases are followed
    (the data nests as deep as they expand), after the alias count has bounded the expansion.
    Level by level, looking only at collections: a small part of what constructing costs."""
    level: list[Node] = [root]
    for _ in range(limit):
        inner: list[Node] = []
        for node in level:
            if isinstance(node, MappingNode):
                for key, value in node.value:
                    if not isinstance(value, ScalarNode):
                        inner.append(value)
                    if not isinstance(key, ScalarNode):
                        inner.append(key)
            elif isinstance(node, SequenceNode):
                inner.extend(child for child in node.value if not isinstance(child, ScalarNode))
        if not inner:
            return None
        level = inner
    return level[0]


def count_nodes(root: Node) -> tuple[int, int]:
    """(nodes once aliases are expanded, distinct nodes), without expanding anything."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)], len(sizes)

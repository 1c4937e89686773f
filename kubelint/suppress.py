"""Suppressions written in the manifests themselves.

- the annotation `kubelint.io/ignore: "rule-a,rule-b"` (or `"all"`) on an object;
- a comment `# kubelint: disable-line=rule-a,rule-b` at the end of a line (that line), or alone
  on a line (the next line);
- a comment `# kubelint: disable-file=rule-a` anywhere in a file (the whole file).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from kubelint.k8s.data import is_mapping

IGNORE_ANNOTATION = "kubelint.io/ignore"
ALL = "all"
_COMMENT = re.compile(r"(?:^|\s)#\s*kubelint:\s*disable-(line|file)\s*=\s*([\w.,\s-]+?)\s*$")


def _ids(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def ignored_by_annotation(metadata: Mapping[str, object]) -> frozenset[str]:
    annotations = metadata.get("annotations")
    if not is_mapping(annotations):  # (most objects have none: no abstract-class check)
        return frozenset()
    value = annotations.get(IGNORE_ANNOTATION)
    return _ids(value) if isinstance(value, str) else frozenset()


class Comments:
    """The disable comments of one file."""

    __slots__ = ("file", "lines")

    def __init__(self) -> None:
        self.lines: dict[int, set[str]] = defaultdict(set)
        self.file: set[str] = set()

    def suppresses(self, rule: str, line: int | None) -> bool:
        if rule in self.file or ALL in self.file:
            return True
        ids = self.lines.get(line or 0, ())
        return rule in ids or ALL in ids


def parse_comments(text: str) -> Comments:
    comments = Comments()
    if "kubelint:" not in text:  # the fast path: almost no file has any
        return comments
    for number, line in enumerate(text.splitlines(), start=1):
        if "kubelint:" not in line:
            continue
        match = _COMMENT.search(line)
        if not match:
            continue
        scope, ids = match.group(1), _ids(match.group(2))
        if scope == "file":
            comments.file |= ids
        else:
            own_line = line.lstrip().startswith("#")
            comments.lines[number + 1 if own_line else number] |= ids
    return comments

"""From what the checks found to findings: configuration and suppressions applied, positions
resolved, each finding recorded once.

`Collector.make` builds a finding (or drops it); `Collector.record` keeps it unless the same
finding was recorded before. A worker process makes the findings of the local rules in the
files it parsed (`local_findings`) and sends them; this process records them.
"""

from __future__ import annotations

from kubelint.config import Config
from kubelint.findings import Finding, ObjectRef, Position, Severity
from kubelint.fingerprint import fingerprint
from kubelint.k8s.placeholders import PLACEHOLDER, placeholder_at, placeholder_message
from kubelint.objects import Resource
from kubelint.rules.base import Problem
from kubelint.suppress import ALL, Comments, ignored_by_annotation, parse_comments
from kubelint.yamlload import SourceFile, format_path

# A local rule's problem in a parsed file: (document, object of the document, rule, problem).
LocalProblem = tuple[int, int, str, Problem]
# Where a problem is (`Collector.where`): the placeholder's message if its value is one, the
# file, the position and the path of its field.
Where = tuple[str | None, SourceFile, Position, str | None]


class Collector:
    """Applies configuration and suppressions, then records a finding."""

    __slots__ = ("_at", "_built_at", "_comments", "_lines", "_seen", "config", "findings")

    def __init__(self, config: Config) -> None:
        self.config = config
        self.findings: list[Finding] = []
        self._comments: dict[str, Comments] = {}
        self._lines: dict[str, list[str]] = {}
        # what was recorded, to record it once (a file reached twice, an object in two units)
        self._seen: set[tuple[object, ...]] = set()
        # (rule, file, line, column, message) of every finding, and of those on built objects: a
        # finding on a built object at a line already reported is not reported again, nor is
        # one on a file's own object at a line a build reported
        self._at: set[tuple[object, ...]] = set()
        self._built_at: set[tuple[object, ...]] = set()

    def comments(self, source: SourceFile) -> Comments:
        found = self._comments.get(source.name)
        if found is None:
            found = self._comments[source.name] = parse_comments(source.text)
        return found

    def line_text(self, source: SourceFile, line: int | None) -> str:
        """The text of a line (for the fingerprint of a finding without an object)."""
        if source.name not in self._lines:
            self._lines[source.name] = source.text.splitlines()
        lines = self._lines[source.name]
        return lines[line - 1] if line is not None and 0 < line <= len(lines) else ""

    def add(
        self,
        rule: str,
        message: str,
        source: SourceFile,
        position: Position | None,
        obj: ObjectRef | None = None,
        path: str | None = None,
        cap: Severity | None = None,
    ) -> None:
        finding = self.make(rule, message, source, position, obj, path, cap)
        if finding is not None:
            self.record(finding)

    def make(
        self,
        rule: str,
        message: str,
        source: SourceFile,
        position: Position | None,
        obj: ObjectRef | None = None,
        path: str | None = None,
        cap: Severity | None = None,
    ) -> Finding | None:
        """The finding, or None when configuration or a disable comment drops it."""
        settings = self.config.rules[rule]
        file = origin_file(source)
        if not settings.enabled or (settings.exclude and self.config.excludes(file, rule)):
            return None
        line = position.line if position else None
        if self.comments(source).suppresses(rule, line):
            return None
        # A finding on an object is fingerprinted when a report or a baseline asks (JSON and
        # text never do: 2% of a lint's CPU); one without is now, by its line's text.
        text = None if obj is not None else self.line_text(source, line)
        rendered = None
        if source.origin is not None and position is not None:
            rendered = (source.name, position)
            position = source.origin.locate(position)
            line = position.line
        severity = min(settings.severity, cap) if cap else settings.severity
        column = position.column if position else None
        # (positional: this runs once per finding)
        return Finding(
            rule, severity, message, file, line, column, obj, path, rendered,
            None if text is None else fingerprint(rule, message, None, path, text),
        )  # fmt: skip

    def record(self, finding: Finding, once: bool = False) -> None:
        """Keep a finding, unless it was recorded before; `once`: at most one at a line,
        whatever object it is about (an object built by several Kustomizations: a base's line
        is reported once)."""
        # A finding as printed, once: the objects a template line renders in a loop print
        # as one line; one placeholder is one finding, from the loader or from a rule.
        rule = finding.rule
        at: tuple[object, ...] = (rule, finding.file, finding.line, finding.column, finding.message)
        if at in (self._at if once else self._built_at):
            return
        key = at
        if rule == PLACEHOLDER:
            key = at[:4]
        elif not finding.rendered and not once:
            # the object's parts, which equal where the objects do (no ObjectRef.__hash__: a
            # call in Python); no object is one part, so keys of each kind never meet
            obj = finding.object
            key += (None,) if obj is None else (obj.api_version, obj.kind, obj.namespace, obj.name)
        seen = self._seen
        before = len(seen)
        seen.add(key)  # (added or not: one hash of the key, not two)
        if len(seen) == before:
            return
        self._at.add(at)
        if once:
            self._built_at.add(at)
        self.findings.append(finding)

    def problem(self, rule: str, obj: Resource, problem: Problem) -> None:
        """Record a rule's problem (see `make_problem`)."""
        finding = self.make_problem(rule, obj, problem)
        if finding is not None:
            self.record(finding, once=obj.locator is not None)

    def make_problem(
        self, rule: str, obj: Resource, problem: Problem, where: Where | None = None
    ) -> Finding | None:
        """A rule's problem as a finding; one about a placeholder value is the placeholder's.
        `where`: `where(obj, problem)`, when the caller has it."""
        placeholder, source, position, path = where or self.where(obj, problem)
        rule, message = (PLACEHOLDER, placeholder) if placeholder else (rule, problem.message)
        return self.make(rule, message, source, position, obj.ref, path, problem.severity)

    def where(self, obj: Resource, problem: Problem) -> Where:
        """Where a problem is: the placeholder's message when its value is a placeholder (see
        `make_problem`), the file, the position and the path of its field."""
        message = None
        if not problem.key and self.config.rules[PLACEHOLDER].enabled:
            found = placeholder_at(obj.data, problem.path)
            if found is not None:
                message = placeholder_message(found)
        source, position = obj.locate(problem.path, problem.key)
        return message, source, position, format_path(obj.path + problem.path) or None


def origin_file(source: SourceFile) -> str:
    """The file a source stands for: its template for a rendered chart file, else itself."""
    return source.origin.file if source.origin else source.name


def wanted(rule: str, ignored: frozenset[str] | None) -> bool:
    """Whether an object whose annotation ignores these rules wants this rule's findings."""
    return not ignored or (rule not in ignored and ALL not in ignored)


def local_findings(
    found: list[LocalProblem], objects: list[list[Resource]], collector: Collector
) -> list[Finding]:
    """The findings of what the local rules found in a file, whose objects are `objects` by
    document (not recorded: the caller records them)."""
    out: list[Finding] = []
    last: Resource | None = None
    ignored: frozenset[str] = frozenset()
    # Where each field named is, by object and path (with its parts' types: 1 == True): the
    # local rules often name a field several times (four rules name each container), and
    # finding it is most of making a finding.
    places: dict[tuple[object, ...], Where] = {}
    for d, o, rule, problem in found:
        obj = objects[d][o]
        if obj is not last:  # an object's problems come together
            last, ignored = obj, ignored_by_annotation(obj.metadata)
        if wanted(rule, ignored):
            path = problem.path
            key = (d, o, path, tuple(map(type, path)), problem.key)
            where = places.get(key)
            if where is None:
                where = places[key] = collector.where(obj, problem)
            finding = collector.make_problem(rule, obj, problem, where)
            if finding is not None:
                out.append(finding)
    return out

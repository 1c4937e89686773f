"""The lint pipeline: inputs → load → check → filter → Result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kubelint.config import Config
from kubelint.errors import UsageError
from kubelint.findings import Finding, ObjectRef, Position, Severity
from kubelint.inputs import ChartInput, Input
from kubelint.objects import ObjectIndex, Resource, expand
from kubelint.rules import REGISTRY
from kubelint.rules.base import Context, Problem, Settings
from kubelint.suppress import ALL, Comments, ignored_by_annotation, parse_comments
from kubelint.yamlload import SourceFile, format_path, load


@dataclass(slots=True)
class Result:
    findings: list[Finding]
    files: int = 0
    documents: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity >= threshold for f in self.findings)


@dataclass(slots=True)
class _Collector:
    """Applies configuration and suppressions, then records a finding."""

    config: Config
    findings: list[Finding] = field(default_factory=list)
    _comments: dict[str, Comments] = field(default_factory=dict)

    def comments(self, source: SourceFile) -> Comments:
        if source.name not in self._comments:
            self._comments[source.name] = parse_comments(source.text)
        return self._comments[source.name]

    def add(
        self,
        rule: str,
        message: str,
        source: SourceFile,
        position: Position | None,
        obj: ObjectRef | None = None,
        path: str | None = None,
    ) -> None:
        settings = self.config.rules[rule]
        if not settings.enabled or (settings.exclude and self.config.excludes(source.name, rule)):
            return
        line = position.line if position else None
        if self.comments(source).suppresses(rule, line):
            return
        self.findings.append(
            Finding(
                rule=rule,
                severity=settings.severity,
                message=message,
                file=source.name,
                line=line,
                column=position.column if position else None,
                object=obj,
                path=path,
            )
        )

    def problem(self, rule: str, obj: Resource, problem: Problem) -> None:
        self.add(
            rule,
            problem.message,
            obj.document.source,
            obj.position(problem.path, problem.key),
            obj.ref,
            format_path(obj.path + problem.path) or None,
        )


def lint(inputs: Sequence[Input], config: Config, settings: Settings) -> Result:
    collector = _Collector(config)
    resources: list[Resource] = []
    documents = 0
    for item in inputs:
        if isinstance(item, ChartInput):
            raise UsageError(
                f"{item.name}: is a chart (it has Chart.yaml); charts cannot be rendered yet"
            )
        loaded = load(item.name, item.read(), config.limits)
        for load_problem in loaded.problems:
            collector.add(
                load_problem.rule, load_problem.message, loaded.source, load_problem.position
            )
        for document in loaded.documents:
            documents += 1
            objects, not_objects = expand(document, settings.namespace)
            resources.extend(objects)
            for position, message in not_objects:
                collector.add("required-fields", message, loaded.source, position)
    _check(resources, config, settings, collector)
    findings = sorted(collector.findings, key=Finding.sort_key)
    return Result(findings, files=len(inputs), documents=documents)


def _check(
    resources: list[Resource], config: Config, settings: Settings, collector: _Collector
) -> None:
    index = ObjectIndex(resources)
    ignored = {id(r): ids for r in resources if (ids := ignored_by_annotation(r.metadata))}

    def wanted(rule: str, obj: Resource) -> bool:
        ids = ignored.get(id(obj))
        return not ids or (rule not in ids and ALL not in ids)

    for rule in REGISTRY.values():
        if not config.rules[rule.id].enabled:
            continue
        ctx = Context(config.rules[rule.id].options, index, settings)
        if rule.check is not None:
            check = rule.check
            for obj in resources:
                if wanted(rule.id, obj):
                    for problem in check(obj, ctx):
                        collector.problem(rule.id, obj, problem)
        if rule.check_all is not None:
            pairs: Iterable[tuple[Resource, Problem]] = rule.check_all(index, ctx)
            for obj, problem in pairs:
                if wanted(rule.id, obj):
                    collector.problem(rule.id, obj, problem)

"""Local findings (`collector.local_findings`): one field named by several problems is found
once, and each finding still has its own field's place."""

from __future__ import annotations

from kubelint.collector import Collector, LocalProblem, local_findings
from kubelint.config import default_config
from kubelint.findings import Finding, ObjectRef, Severity
from kubelint.objects import expand
from kubelint.rules.base import Problem
from kubelint.yamlload import load

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    true: "x"
spec:
  containers:
    - name: web
      image: nginx
"""


def _findings(problems: list[tuple[str, Problem]]) -> list[tuple[str, int | None, str | None]]:
    loaded = load("pod.yaml", POD.encode())
    objects = [expand(document, "default")[0] for document in loaded.documents]
    found: list[LocalProblem] = [(0, 0, rule, problem) for rule, problem in problems]
    made = local_findings(found, objects, Collector(default_config()))
    return [(f.rule, f.line, f.path) for f in made]


def test_a_field_named_by_several_rules_is_placed_for_each() -> None:
    name = ("spec", "containers", 0, "name")
    problems = [
        ("run-as-non-root", Problem("root", name)),
        ("read-only-root-fs", Problem("writable", name)),
        ("image-tag", Problem("no tag", ("spec", "containers", 0, "image"))),
        ("capabilities-dropped", Problem("caps", name)),
    ]
    assert _findings(problems) == [
        ("run-as-non-root", 9, "spec.containers[0].name"),
        ("read-only-root-fs", 9, "spec.containers[0].name"),
        ("image-tag", 10, "spec.containers[0].image"),
        ("capabilities-dropped", 9, "spec.containers[0].name"),
    ]


def test_paths_equal_in_python_but_of_other_types_are_placed_apart() -> None:
    """`("metadata", "labels", 1) == ("metadata", "labels", True)`, but only the key `true`
    is there: the first is not found (at `labels`), the second is."""
    problems = [
        ("api-validation", Problem("the int key", ("metadata", "labels", 1))),
        ("api-validation", Problem("the bool key", ("metadata", "labels", True))),
    ]
    assert _findings(problems) == [
        ("api-validation", 5, "metadata.labels[1]"),
        ("api-validation", 6, "metadata.labels[True]"),
    ]


def test_a_finding_is_recorded_once_per_object_as_equal_objects_go() -> None:
    collector = Collector(default_config())

    def about(obj: ObjectRef | None) -> Finding:
        return Finding("image-tag", Severity.WARNING, "m", "a.yaml", 3, 5, obj)

    for obj in (
        ObjectRef("v1", "Pod", "ns", "web"),
        ObjectRef("v1", "Pod", "ns", "web"),  # an equal one (made in another process): the same
        ObjectRef("v1", "Pod", "ns", "api"),
        None,
        ObjectRef(None, None, None, None),  # not the same as no object
        None,
    ):
        collector.record(about(obj))
    assert [f.object for f in collector.findings] == [
        ObjectRef("v1", "Pod", "ns", "web"),
        ObjectRef("v1", "Pod", "ns", "api"),
        None,
        ObjectRef(None, None, None, None),
    ]

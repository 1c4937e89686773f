"""Kubernetes objects as rules see them: plain data, a reference, and positions on demand."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from kubelint.findings import ObjectRef, Position
from kubelint.k8s.data import entries, is_mapping, mapping
from kubelint.k8s.kinds import (
    CLUSTER_SCOPED_KINDS,
    is_config_file,
    is_custom_resource,
    is_list_kind,
)
from kubelint.k8s.made import made
from kubelint.k8s.selectors import matches, matches_map
from kubelint.k8s.workloads import (
    ORDINAL_LABELS,
    WORKLOAD_KINDS,
    declared_replicas,
    operator_labels,
    pod_labels,
    statefulset_pod_labels,
)
from kubelint.printable import quote
from kubelint.units import Place, Units
from kubelint.yamlload import Document, JsonPath, SourceFile

T = TypeVar("T")
Locator = Callable[[JsonPath, bool], tuple[SourceFile, Position]]


# Records on lint's import path are NamedTuples or plain classes, never dataclasses: those cost
# 0.4 ms each to create and `dataclasses` imports `inspect` (tests/cli/test_startup.py).
class Resource:
    """One Kubernetes object: a document, or an item of a `kind: List` document."""

    __slots__ = ("_derived", "data", "document", "locator", "path", "ref")

    def __init__(
        self,
        data: Mapping[str, Any],
        document: Document,
        path: JsonPath,  # where the object sits in its document: () or ("items", i)
        ref: ObjectRef,
        # Where a field was set, for an object built from several files (a Kustomize build: the
        # base, a patch, the Kustomization); None: the object's own document.
        locator: Locator | None = None,
    ) -> None:
        self.data = data
        self.document = document
        self.path = path
        self.ref = ref
        self.locator = locator
        # What rules derive from `data` (its containers, its references), computed once.
        self._derived: dict[Callable[[Mapping[str, Any]], Any], Any] = {}

    def derived(self, compute: Callable[[Mapping[str, Any]], T]) -> T:
        """`compute(self.data)`, computed once: for pure helpers many rules call (containers,
        ports, references), which must return immutable values."""
        try:
            value: T = self._derived[compute]
        except KeyError:
            value = self._derived[compute] = compute(self.data)
        return value

    @property
    def file(self) -> str:
        return self.document.source.name

    @property
    def kind(self) -> str | None:
        return self.ref.kind

    @property
    def metadata(self) -> Mapping[str, Any]:
        meta = self.data.get("metadata")
        return meta if type(meta) is dict else mapping(meta)  # (asked for ~3 times per object)

    def locate(self, path: JsonPath = (), key: bool = False) -> tuple[SourceFile, Position]:
        """The file and the position of a field (of its key with `key`)."""
        if self.locator is not None:
            return self.locator(path, key)
        return self.document.source, self.document.position(self.path + path, key)

    def position(self, path: JsonPath = (), key: bool = False) -> Position:
        return self.locate(path, key)[1]

    def where(self, path: JsonPath = ()) -> str:
        """`file:line` of a field, for a message naming another object."""
        source, position = self.locate(path)
        return f"{source.name}:{position.line}"


def describe(value: object) -> str:
    """How a message names a value's YAML type: "a list", "the string 'x'", "null"."""
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the {type(value).__name__} {quote(value)}".replace("the str ", "the string ")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def make_ref(data: Mapping[str, Any], default_namespace: str) -> ObjectRef:
    meta = mapping(data.get("metadata"))
    kind = _text(data.get("kind"))
    namespace = _text(meta.get("namespace"))
    if namespace is None and kind not in CLUSTER_SCOPED_KINDS:
        namespace = default_namespace
    name = _text(meta.get("name")) or _text(meta.get("generateName"))
    return ObjectRef(_text(data.get("apiVersion")), kind, namespace, name)


def foreign(data: Any) -> bool:
    """A document that is no Kubernetes object and does not try to be one: neither it nor any
    item of it has an `apiVersion` or a `kind` (a config file, a package.json, a list of data),
    or its apiVersion and kind are a tool's configuration file (skaffold.yaml, a kubeconfig)."""
    if is_mapping(data):
        if "apiVersion" not in data and "kind" not in data:
            return True
        return is_config_file(data.get("apiVersion"), data.get("kind"))
    if isinstance(data, list):
        return all(foreign(item) for item in data if isinstance(item, Mapping))
    return True


def expand(
    document: Document, default_namespace: str, skip_foreign: bool = True
) -> tuple[list[Resource], list[tuple[Position, str]]]:
    """The objects of a document (a `List` gives its items), and documents that are no object.
    A foreign document (see `foreign`) gives neither, unless `skip_foreign` is false."""
    data = document.data
    if skip_foreign and foreign(data):
        return [], []
    if is_mapping(data):
        items = data.get("items")
        if not (isinstance(items, list) and is_list_kind(data.get("kind"))):  # (most are so)
            return [Resource(data, document, (), make_ref(data, default_namespace))], []
        resources: list[Resource] = []
        not_objects: list[tuple[Position, str]] = []
        for i, item in enumerate(items):
            if is_mapping(item):
                ref = make_ref(item, default_namespace)
                resources.append(Resource(item, document, ("items", i), ref))
            else:
                not_objects.append(_not_object(document, ("items", i), item))
        return resources, not_objects
    return [], [_not_object(document, (), data)]


def _not_object(document: Document, path: JsonPath, data: Any) -> tuple[Position, str]:
    message = f"expected a Kubernetes object (a mapping), found {describe(data)}"
    return document.position(path), message


class ObjectIndex:
    """Every object of the run, indexed for rules that look across objects.

    Look-ups are by kind, by (kind, namespace, name), and — for the pods workloads create — by
    namespace and label; the label and name indexes are built on first use, so a run whose rules
    need none of them pays nothing for them.

    `seen_from(place)` gives the same index as an object at `place` sees it (kubelint.units):
    only the objects it may refer to, and of several candidates the nearest.
    """

    def __init__(
        self, resources: Iterable[Resource], units: Units | None = None, together: bool = True
    ) -> None:
        self.resources = list(resources)
        # whether the files of these objects are surely applied together: not so for a plain
        # folder's files, which may be alternatives (kubelint.units)
        self.together = together
        self._tables = _Tables(self.resources)
        self._units = units
        self._viewer: Place | None = None

    def seen_from(self, place: Place) -> ObjectIndex:
        """This index as seen by an object at `place` (the tables are shared)."""
        view = ObjectIndex.__new__(ObjectIndex)
        view.resources, view._tables, view._units = self.resources, self._tables, self._units
        view.together = self.together
        view._viewer = place
        return view

    def look_from(self, place: Place) -> None:
        """Make this view see from `place`: the engine moves one view from object to object
        (a view and a context per file and rule cost more than many rules' own work)."""
        self._viewer = place

    def _nearest(self, found: list[Resource]) -> list[Resource]:
        """Of these candidates, those this view sees, the nearest ones only."""
        units, viewer = self._units, self._viewer
        if units is None or viewer is None or not found:
            return found
        if len(found) == 1:  # the usual case: one candidate, near or far
            file = found[0].file  # (a file sees itself: no need to ask the units)
            return found if file == viewer.file or units.sees(viewer, file) else []
        distances = [
            (viewer.distance(units.place(r.file)), r) for r in found if units.sees(viewer, r.file)
        ]
        if not distances:
            return []
        nearest = min(d for d, _ in distances)
        return [r for d, r in distances if d == nearest]

    def _visible(self, found: list[Resource]) -> list[Resource]:
        units, viewer = self._units, self._viewer
        if units is None or viewer is None:
            return found
        return [r for r in found if units.sees(viewer, r.file)]

    def of_kind(self, *kinds: str) -> list[Resource]:
        by_kind = self._tables.by_kind
        return self._visible([r for kind in kinds for r in by_kind.get(kind, ())])

    def get(self, kind: str, namespace: str | None, name: str) -> Resource | None:
        """The object of this kind and name in a namespace (None for cluster-scoped kinds)."""
        found = self._tables.by_name.get((kind, namespace, name))
        if found is None:  # (most look-ups of a missing object)
            return None
        found = self._nearest(found)
        return found[0] if found else None

    def workloads(self, namespace: str | None) -> list[Resource]:
        """The objects with a pod template (every workload kind and Pods) in a namespace."""
        return self._visible(self._tables.pods.by_namespace.get(namespace, []))

    def selected_by_map(self, namespace: str | None, selector: Mapping[str, Any]) -> list[Resource]:
        """Workloads of a namespace whose pod labels carry every pair of a map selector (a
        Service's `spec.selector`). An empty map selects nothing, as for a Service."""
        if not selector:
            return []
        return self._nearest(self._tables.selected_by_map(namespace, selector))

    def selected(self, namespace: str | None, selector: Mapping[str, Any]) -> list[Resource]:
        """Workloads of a namespace whose pod labels a LabelSelector selects (`{}`: all).
        Raises SelectorError for a selector the API server would reject."""
        match_labels = selector.get("matchLabels")
        pods = self._tables.pods
        if isinstance(match_labels, Mapping) and match_labels:
            candidates = pods.candidates(namespace, match_labels)
        else:
            candidates = pods.by_namespace.get(namespace, [])
        keys = [e.get("key") for _, e in entries(selector.get("matchExpressions"))]
        if isinstance(match_labels, Mapping):
            keys += match_labels
        if ORDINAL_LABELS.isdisjoint(keys):
            found = [r for r in candidates if matches(selector, r.derived(pod_labels))]
        else:
            found = [r for r in candidates if any(matches(selector, p) for p in _pods_labels(r))]
        return self._nearest(found)

    def maker(self, kind: str, namespace: str | None, name: str) -> Resource | None:
        """The custom resource of the input whose operator makes this object
        (`kubelint.k8s.made`): a reference to it does not dangle."""
        found = self._nearest(self._tables.makers.get((kind, namespace, name), []))
        return found[0] if found else None

    def labelled_custom_resources(
        self, namespace: str | None, selector: Mapping[str, Any]
    ) -> list[Resource]:
        """Custom resources of a namespace with a label map a LabelSelector selects
        (`operator_labels`): where no workload of the input has the pods a selector asks for,
        an operator may make them from one, as prometheus-operator does from a Prometheus.
        Raises SelectorError for a selector the API server would reject."""
        found = [
            r
            for r in self._tables.custom_resources.get(namespace, ())
            if any(matches(selector, labels) for labels in r.derived(operator_labels))
        ]
        return self._nearest(found)

    def autoscaler(self, target: Resource) -> Resource | None:
        """The HorizontalPodAutoscaler whose scaleTargetRef names this object."""
        ref = target.ref
        if ref.kind is None or ref.name is None:
            return None
        found = self._nearest(self._tables.autoscalers.get((ref.namespace, ref.kind, ref.name), []))
        return found[0] if found else None

    def least_replicas(self, workload: Resource) -> int | None:
        """The fewest pods a workload runs in steady state: its autoscaler's `minReplicas`
        (default 1) when one targets it, else its declared count (None when unknown)."""
        hpa = self.autoscaler(workload)
        if hpa is not None:
            spec = hpa.data.get("spec")
            low = spec.get("minReplicas", 1) if isinstance(spec, Mapping) else 1
            return low if isinstance(low, int) and not isinstance(low, bool) else None
        return declared_replicas(workload.data)


class _Tables:
    """The look-up tables of an index, shared by its views; each built on first use."""

    def __init__(self, resources: list[Resource]) -> None:
        self.resources = resources
        self.by_kind: dict[str | None, list[Resource]] = defaultdict(list)
        for resource in resources:
            self.by_kind[resource.kind].append(resource)
        self._selections: dict[tuple[str | None, tuple[tuple[str, str], ...]], list[Resource]] = {}

    @functools.cached_property
    def by_name(self) -> dict[tuple[str | None, str | None, str | None], list[Resource]]:
        named: dict[tuple[str | None, str | None, str | None], list[Resource]] = defaultdict(list)
        for r in self.resources:
            named[(r.ref.kind, r.ref.namespace, r.ref.name)].append(r)
        return named

    @functools.cached_property
    def pods(self) -> _PodIndex:
        return _PodIndex(r for kind in WORKLOAD_KINDS for r in self.by_kind.get(kind, ()))

    def selected_by_map(self, namespace: str | None, selector: Mapping[str, Any]) -> list[Resource]:
        if len(selector) == 1:  # (most select on one label: nothing to sort)
            ((k, v),) = selector.items()
            pairs: tuple[tuple[str, str], ...] = ((str(k), str(v)),)
        else:
            pairs = tuple(sorted([(str(k), str(v)) for k, v in selector.items()]))
        key = (namespace, pairs)
        found = self._selections.get(key)
        if found is None:
            candidates = self.pods.candidates(namespace, selector)
            if ORDINAL_LABELS.isdisjoint(selector):
                found = [r for r in candidates if matches_map(selector, r.derived(pod_labels))]
            else:
                found = [
                    r for r in candidates if any(matches_map(selector, p) for p in _pods_labels(r))
                ]
            self._selections[key] = found
        return found

    @functools.cached_property
    def makers(self) -> dict[tuple[str, str | None, str], list[Resource]]:
        found: dict[tuple[str, str | None, str], list[Resource]] = defaultdict(list)
        for r in self.resources:
            for kind, name in made(r.data):
                found[(kind, r.ref.namespace, name)].append(r)
        return found

    @functools.cached_property
    def custom_resources(self) -> dict[str | None, list[Resource]]:
        found: dict[str | None, list[Resource]] = defaultdict(list)
        for r in self.resources:
            if is_custom_resource(r.data.get("apiVersion")):
                found[r.ref.namespace].append(r)
        return found

    @functools.cached_property
    def autoscalers(self) -> dict[tuple[str | None, str, str], list[Resource]]:
        found: dict[tuple[str | None, str, str], list[Resource]] = defaultdict(list)
        for hpa in self.by_kind.get("HorizontalPodAutoscaler", ()):
            target = hpa.data.get("spec")
            target = target.get("scaleTargetRef") if isinstance(target, Mapping) else None
            if isinstance(target, Mapping):
                kind, name = target.get("kind"), target.get("name")
                if isinstance(kind, str) and isinstance(name, str):
                    found[(hpa.ref.namespace, kind, name)].append(hpa)
        return found


def _pods_labels(workload: Resource) -> tuple[Mapping[str, Any], ...]:
    """The labels of a workload's pods, one map per pod where they differ (a StatefulSet's
    pods carry their names and ordinals), else one map for all."""
    if workload.kind == "StatefulSet":
        return workload.derived(statefulset_pod_labels)
    return (workload.derived(pod_labels),)


class _PodIndex:
    """Workloads by namespace, and by (namespace, label key, label value) of their pods."""

    def __init__(self, workloads: Iterable[Resource]) -> None:
        self.by_namespace: dict[str | None, list[Resource]] = defaultdict(list)
        self.by_label: dict[tuple[str | None, str, str], list[Resource]] = defaultdict(list)
        by_namespace, by_label = self.by_namespace, self.by_label
        for r in workloads:
            namespace = r.ref.namespace
            by_namespace[namespace].append(r)
            for key, value in r.derived(pod_labels).items():
                by_label[(namespace, str(key), str(value))].append(r)

    def candidates(self, namespace: str | None, pairs: Mapping[str, Any]) -> list[Resource]:
        """The workloads carrying the rarest of these label pairs: a superset of the matches.
        (A pod's name and ordinal are not in its template: any StatefulSet may carry them.)"""
        lists = [
            self.by_label.get((namespace, str(k), str(v)), [])
            for k, v in pairs.items()
            if k not in ORDINAL_LABELS
        ]
        return min(lists, key=len) if lists else self.by_namespace.get(namespace, [])

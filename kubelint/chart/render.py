"""Render a chart like `helm template`: every template of the chart and its enabled subcharts,
split into documents, in Helm's install order, each preceded by `# Source: <chart>/templates/…`.

`render` gives each template's text and line map (what `kubelint lint` checks); `manifests`
turns that into `helm template`'s output.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from kubelint.chart import semver
from kubelint.chart.codecache import CodePack
from kubelint.chart.dialect import dialect
from kubelint.chart.engine import (
    Compiled,
    HelmEnvironment,
    LineOrigin,
    ReadOnlyList,
    ReadOnlyMap,
    RenderError,
    ValueMap,
    read_only,
    wrap,
)
from kubelint.chart.files import Files
from kubelint.chart.gotmpl.chart import HELM_VERSION, Capabilities, GoChart, render_go
from kubelint.chart.model import Chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.values import Node, resolve, user_values
from kubelint.errors import ChartError, UsageError
from kubelint.k8s.versions import schema_root, supported_versions
from kubelint.printable import escape
from kubelint.yamlproblems import syntax_problem

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _HeadLoader(_Loader):  # type: ignore[valid-type,misc]
    """Composes a document to check its syntax and read its kind and annotations: scalars stay
    text (no implicit typing, which is most of composing's cost)."""

    _TAGS: ClassVar[dict[type[YamlNode], str]] = {
        ScalarNode: "tag:yaml.org,2002:str",
        SequenceNode: "tag:yaml.org,2002:seq",
        MappingNode: "tag:yaml.org,2002:map",
    }

    def resolve(self, kind: type[YamlNode], value: Any, implicit: Any) -> str:
        return self._TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None  # no path resolvers to follow

    def ascend_resolver(self) -> None:
        return None


NOTES = "NOTES.txt"
HOOK_ANNOTATION = "helm.sh/hook"
HOOK_EVENTS = frozenset(
    {
        "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade",
        "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success",
    }
)  # fmt: skip
INSTALL_ORDER = (
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService",
)  # fmt: skip
_RANK = {kind: rank for rank, kind in enumerate(INSTALL_ORDER)}
# Helm splits a template's output at every `---` that starts a line, whatever follows it
# (`releaseutil.SplitManifests`): `---apiVersion: v1` starts a document too, and `---# note`.
_SEPARATOR = re.compile(r"---")
_ANY_SEPARATOR = re.compile(r"^---", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RenderedTemplate:
    path: str  # the template file, as findings show it
    source: str  # the `# Source:` name: <chart>/templates/… or <chart>/charts/<sub>/templates/…
    text: str
    lines: tuple[LineOrigin, ...]  # per rendered line (index 0 = line 1)


@dataclass(frozen=True, slots=True)
class Rendering:
    chart: Chart
    templates: tuple[RenderedTemplate, ...]  # sorted by source name
    notes: str | None
    crds: tuple[tuple[str, str], ...]  # (source name, text) of each chart's crds/ files


class APIVersions(ReadOnlyList):
    """`Capabilities.APIVersions`: group/versions and group/version/kinds; `Has("apps/v1")`."""

    __slots__ = ("_loaded", "_version")

    def __init__(self, version: str, extra: tuple[str, ...]) -> None:
        super().__init__(extra, "Capabilities.APIVersions")
        self._version = version
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            list.extend(self, _api_versions(self._version))

    def Has(self, name: str) -> bool:
        self._load()
        return name in self


@functools.cache
def _api_versions(version: str) -> tuple[str, ...]:
    path = schema_root() / f"v{version}.0-local" / "_definitions.json"
    try:
        definitions = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return ()
    found: set[str] = set()
    for definition in (definitions.get("definitions") or definitions.get("$defs") or {}).values():
        for gvk in definition.get("x-kubernetes-group-version-kind") or ():
            group_version = "/".join(p for p in (gvk.get("group"), gvk.get("version")) if p)
            found.update((group_version, f"{group_version}/{gvk.get('kind')}"))
    return tuple(sorted(found))


def _kube_version(requested: str | None) -> tuple[str, str]:
    """("1.31", "v1.31.0"): the minor version and Capabilities.KubeVersion.Version."""
    if requested is None:
        minor = supported_versions()[-1]
        return minor, f"v{minor}.0"
    parsed = semver.parse_version(requested)
    if parsed is None:
        raise UsageError(f"invalid --kube-version {requested!r}: expected a version like 1.31.0")
    return f"{parsed.major}.{parsed.minor}", f"v{parsed}"


def _chart_object(chart: Chart, is_root: bool) -> ReadOnlyMap:
    """`Chart`: the Chart.yaml fields, Helm-capitalised (`Name`, `AppVersion`, `APIVersion`);
    `Name` is the alias of an aliased dependency."""
    fields: dict[str, Any] = {
        "APIVersion" if key == "apiVersion" else key[:1].upper() + key[1:]: value
        for key, value in chart.metadata.items()
    }
    for name in ("Version", "AppVersion", "Description", "Type", "KubeVersion", "Icon", "Home"):
        fields.setdefault(name, "")
    fields.update(Name=chart.name, IsRoot=is_root)
    return read_only(fields, "Chart")  # type: ignore[no-any-return]


def _walk(node: Node, prefix: str) -> Iterator[tuple[Node, str, list[str]]]:
    """Each chart of the tree with its `# Source:` prefix and its path of value sections."""

    def visit(
        current: Node, source: str, sections: list[str]
    ) -> Iterator[tuple[Node, str, list[str]]]:
        yield current, source, sections
        for child in current.children:
            yield from visit(child, f"{source}/charts/{child.name}", [*sections, child.name])

    yield from visit(node, prefix, [])


def render(
    chart: Chart, options: ChartOptions, notes: bool = False, lines: bool = True
) -> Rendering:
    """Render every template of the chart tree; a ChartError (exit 1) when it cannot. Without
    `lines`, the templates' line maps are left empty (faster; what `kubelint template` needs
    unless a document turns out not to be YAML)."""
    options.validate()
    if chart.is_library:
        raise ChartError(f"{chart.location}: library charts are not installable")
    minor, kube_version = _kube_version(options.kube_version)
    for node_chart in _charts(chart):
        constraint = node_chart.metadata.get("kubeVersion")
        if constraint and not semver.parse_constraint(str(constraint)).check(
            semver.parse_version(kube_version) or semver.Version(0, 0, 0)
        ):
            raise ChartError(
                f"{node_chart.location}/Chart.yaml: chart requires kubeVersion: {constraint}"
                f" which is incompatible with Kubernetes {kube_version}"
            )
    tree, values = resolve(chart, user_values(options.values, options.limits))
    environment = HelmEnvironment(strict=options.strict, limits=options.limits)
    charts = list(_walk(tree, chart.name))
    go_charts = [
        GoChart(node.chart, source, tuple(sections))
        for node, source, sections in charts
        if not node.chart.templates or dialect(node.chart) == "go"  # no templates: `.Subcharts`
    ]
    go_sources = {item.source for item in go_charts}
    compiled: dict[str, list[Compiled]] = {}
    helpers: list[Compiled] = []
    pack = CodePack(chart.location)  # the code compiled for this chart by an earlier run
    try:
        for node, source, _ in reversed(charts):  # deepest first: a parent's helper wins
            own = compiled[source] = []
            if source in go_sources:
                continue
            for name, text in node.chart.templates.items():
                path = node.chart.template_path(name)
                template = environment.load(path, f"{source}/{name}", text, pack)
                (helpers if _is_helper(name) else own).append(template)
    finally:
        pack.save()
    release = read_only(
        {
            "Name": options.release,
            "Namespace": options.namespace,
            "Service": "Helm",
            "IsInstall": True,
            "IsUpgrade": False,
            "Revision": 1,
        },
        "Release",
    )
    major, _, minor_number = minor.partition(".")
    capabilities = ReadOnlyMap(
        {
            "KubeVersion": read_only(
                {
                    "Version": kube_version,
                    "GitVersion": kube_version,
                    "Major": major,
                    "Minor": minor_number,
                },
                "Capabilities.KubeVersion",
            ),
            "APIVersions": APIVersions(minor, options.api_versions),
            # the Go dialect's: both dialects give templates the same objects
            "HelmVersion": read_only({"Version": HELM_VERSION}, "Capabilities.HelmVersion"),
        },
        "Capabilities",
    )
    # The Go charts first (Go's templates see only each other), then the Jinja2 ones.
    rendered, notes_text = _render_go(
        go_charts, values, release, capabilities, options, lines, notes and chart.name in go_sources
    )
    crds: list[tuple[str, str]] = []
    for node, source, sections in charts:
        section: Any = values
        for name in sections:
            section = section.get(name, {}) if isinstance(section, Mapping) else {}
        names = {
            "Values": wrap(section, "Values"),
            "Release": release,
            "Chart": _chart_object(node.chart, is_root=not sections),
            "Capabilities": capabilities,
            "Files": Files(node.chart.files),
        }
        crds.extend(
            (f"{source}/{name}", data.decode("utf-8", "replace"))
            for name, data in node.chart.files.items()
            if name.startswith("crds/") and name.endswith((".yaml", ".yml", ".json"))
        )
        if node.chart.is_library or not compiled[source]:
            continue
        # One scope per chart: its helpers are instantiated once, and they read `Template` from
        # this mapping when called, so setting it before each template is what they see.
        scope = environment.scope({**names, "Template": None}, helpers)
        for template in compiled[source]:
            short = template.name[len(source) + 1 :]
            is_notes = PurePosixPath(short).name == NOTES
            scope["Template"] = _template_object(template.name, source)
            text, origins = environment.render(template, scope, track=lines)
            if is_notes:  # every chart's notes are rendered (an error fails the render), as
                if notes and not sections:  # in Helm; the root's are printed
                    notes_text = text
            else:
                rendered.append(
                    RenderedTemplate(template.path, template.name, text, tuple(origins))
                )
    rendered.sort(key=lambda r: r.source)
    return Rendering(chart, tuple(rendered), notes_text, tuple(crds))


def _render_go(
    charts: list[GoChart],
    values: Mapping[str, Any],
    release: ValueMap,
    capabilities: ValueMap,
    options: ChartOptions,
    lines: bool,
    notes: bool,
) -> tuple[list[RenderedTemplate], str | None]:
    """The templates of the tree's Go-template charts (with the same Capabilities)."""
    if not charts:
        return [], None
    kube = capabilities["KubeVersion"]
    api_versions = capabilities["APIVersions"]
    api_versions.Has("")  # loads the bundled list: Go templates may print it whole
    found, notes_text = render_go(
        charts,
        values,
        release,
        Capabilities(kube["Version"], kube["Major"], kube["Minor"], api_versions, api_versions.Has),
        options.strict,
        options.limits,
        lines,
        notes,
    )
    return [RenderedTemplate(t.path, t.source, t.text, t.lines) for t in found], notes_text


def _charts(chart: Chart) -> Iterator[Chart]:
    yield chart
    for sub in chart.subcharts:
        yield from _charts(sub)


def _is_helper(name: str) -> bool:
    return PurePosixPath(name).name.startswith("_")


def _template_object(name: str, source: str) -> ReadOnlyMap:
    return read_only({"Name": name, "BasePath": f"{source}/templates"}, "Template")  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Manifest:
    source: str
    content: str
    kind: str
    hooks: frozenset[str]  # the `helm.sh/hook` events; empty for an ordinary document

    @property
    def is_test(self) -> bool:
        return bool(self.hooks & {"test", "test-success"})


def split_documents(text: str) -> Iterator[tuple[str, int]]:
    """Each non-empty document of a template's output (split at `---` lines, as Helm does),
    trimmed, with the 0-based line of the rendered text where its content starts."""
    if not _ANY_SEPARATOR.search(text):  # one document: the common case, without the lines
        body = text.strip()
        if body:
            yield body, text.count("\n", 0, len(text) - len(text.lstrip()))
        return
    lines: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), "---"]):
        if _SEPARATOR.match(line):
            content = [(n, t) for n, t in lines if t.strip()]
            if content:
                first, last = content[0][0], content[-1][0]
                body = "\n".join(t for n, t in lines if first <= n <= last).strip()
                yield body, first
            rest = line[3:].lstrip()
            lines = [(number, rest)] if rest else []
        else:
            lines.append((number, line))


def manifests(rendering: Rendering) -> list[Manifest]:
    """The documents of the rendering as `helm template` prints them: the ordinary documents in
    Helm's install order, then the hooks (documents with a `helm.sh/hook` annotation), sorted
    by kind in the same order — not by `helm.sh/hook-weight`, which orders only their
    execution. As in Helm, a document whose hook annotation names an unknown event is dropped."""
    found: list[Manifest] = []
    for template in rendering.templates:
        for content, first_line in split_documents(template.text):
            head = _head(content, template, first_line)
            annotations = _child(_child(head, "metadata"), "annotations")
            hook = _child(annotations, HOOK_ANNOTATION)
            events = (
                frozenset(event.strip().lower() for event in str(hook.value).split(","))
                if isinstance(hook, ScalarNode)
                else frozenset()
            )
            if not events <= HOOK_EVENTS:
                continue
            kind = _child(head, "kind")
            found.append(
                Manifest(template.source, content, kind.value if kind is not None else "", events)
            )
    ordinary = sorted((m for m in found if not m.hooks), key=_order)
    return ordinary + sorted((m for m in found if m.hooks), key=_order)


def _order(manifest: Manifest) -> tuple[int, str]:
    rank = _RANK.get(manifest.kind)
    return (rank, "") if rank is not None else (len(_RANK), manifest.kind)


def _child(node: YamlNode | None, key: str) -> Any:
    """The value node of `key` in a mapping node (None when there is none)."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value
    return None


def _head(content: str, template: RenderedTemplate, first_line: int) -> YamlNode | None:
    """The document's YAML nodes (composing checks the syntax, without building the data)."""
    try:
        node = yaml.compose(content, Loader=_HeadLoader)
    except yaml.YAMLError as exc:
        problem = syntax_problem(exc, content)
        line = problem.position.line if problem.position else 1
        rendered_line = first_line + line
        shown = content.splitlines()[line - 1].strip() if line <= content.count("\n") + 1 else ""
        origin = (
            template.lines[rendered_line - 1] if rendered_line <= len(template.lines) else (1, 0)
        )
        raise RenderError(
            f"the rendered output is not valid YAML: {problem.message} (rendered line"
            f" {rendered_line} of {template.source}: {shown!r})",
            template.path,
            origin[0],
            origin[1] or (problem.position.column if problem.position else 1),
        ) from None
    if node is not None and not isinstance(node, MappingNode):
        raise RenderError(
            f"a rendered document is not a Kubernetes object (a mapping) at rendered line"
            f" {first_line + 1} of {template.source}",
            template.path,
            template.lines[first_line][0] if first_line < len(template.lines) else 1,
        )
    return node


def output(manifests_: list[Manifest]) -> str:
    return "".join(f"---\n# Source: {escape(m.source)}\n{m.content}\n" for m in manifests_)


def show_only(manifests_: list[Manifest], patterns: tuple[str, ...], chart: str) -> list[Manifest]:
    """Helm's --show-only: template paths (`templates/x.yaml` or `<chart>/templates/x.yaml`),
    glob patterns allowed; a pattern that matches nothing is an error."""
    kept: list[Manifest] = []
    for pattern in patterns:
        full = pattern if pattern.startswith(f"{chart}/") else f"{chart}/{pattern}"
        matched = [m for m in manifests_ if fnmatch.fnmatchcase(m.source, full)]
        if not matched:
            raise UsageError(f"could not find template {pattern} in chart")
        kept.extend(m for m in matched if m not in kept)
    return [m for m in manifests_ if m in kept]

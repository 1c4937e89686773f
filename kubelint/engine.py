"""The lint pipeline: inputs → load → check → filter → Result."""

from __future__ import annotations

import gc
import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from kubelint.chart.options import ChartOptions
from kubelint.collector import Collector, LocalProblem, local_findings, origin_file, wanted
from kubelint.config import Config
from kubelint.findings import Finding, Severity
from kubelint.gcpause import uncollected
from kubelint.inputs import STDIN_NAME, ChartInput, Input
from kubelint.kustomize import Layout, is_kustomization
from kubelint.objects import ObjectIndex, Resource, expand, foreign, make_ref
from kubelint.parallel import load_files
from kubelint.progress import Progress, Silent
from kubelint.rules import REGISTRY
from kubelint.rules.base import CheckObject, Context, Problem, Rule, Settings
from kubelint.rules.schema import run_crds, schema_for
from kubelint.schema.crd import custom_kinds
from kubelint.schema.store import InvalidSchema, Schema
from kubelint.suppress import ignored_by_annotation
from kubelint.units import Place, Units, plan
from kubelint.yamlload import LoadedFile, SourceFile, format_path, load

__all__ = ["Result", "findings_of", "lint", "origin_file", "within"]  # reporters import origin_file

# What a report makes of a finding ahead of time (`lint`'s `prepare`): its text of it.
Prepare = Callable[[Finding], str]


# Records on lint's import path are NamedTuples or plain classes, never dataclasses: those cost
# 0.4 ms each to create and `dataclasses` imports `inspect` (tests/cli/test_startup.py).
class Result:
    """What a lint found, with the counts and objects the reports and the exit code need."""

    __slots__ = (
        "documents", "files", "findings", "made", "objects", "prepared", "skipped", "units",
    )  # fmt: skip

    def __init__(
        self,
        findings: list[Finding],
        files: int = 0,
        documents: int = 0,
        objects: list[Resource] | None = None,  # every object that was checked
        skipped: int = 0,  # documents that are no Kubernetes object (kubelint.objects.foreign)
        units: list[list[Resource]] | None = None,  # the objects of each unit
        made: tuple[object, ...] = (),
        prepared: dict[int, tuple[Finding, str]] | None = None,
    ) -> None:
        self.findings = findings
        self.files = files
        self.documents = documents
        self.objects = [] if objects is None else objects
        self.skipped = skipped
        self.units = [] if units is None else units
        # What else the run made (its collector's sets of what it recorded, the files, the
        # workers that loaded them): held as long as the result, so that a process ending with
        # its result frees none of it (5 ms of the field corpus's serial end), and its workers
        # end with it
        self.made = made
        # What `prepare` made of findings ahead of the report, by the finding's id (with the
        # finding, which keeps the id its own while the result lives)
        self.prepared = {} if prepared is None else prepared

    def with_findings(self, findings: list[Finding]) -> Result:
        """The same result with other findings."""
        return Result(
            findings, self.files, self.documents, self.objects, self.skipped, self.units,
            self.made, self.prepared,
        )  # fmt: skip

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity >= threshold for f in self.findings)


def lint(
    inputs: Sequence[Input],
    config: Config,
    settings: Settings,
    charts: ChartOptions | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    prepare: Prepare | None = None,
) -> Result:
    """Check `inputs`. Manifests are parsed by `jobs` worker processes when that pays; the rules
    that are not local run here as soon as every file is in, unit by unit (kubelint.units),
    while the workers run the local rules on the files each parsed; meanwhile, the findings
    made here are `prepare`d for the report (`Result.prepared`)."""
    progress = progress or Silent()
    collector = Collector(config)
    options = charts or ChartOptions(
        namespace=settings.namespace,
        kube_version=settings.kubernetes_version,
        limits=config.limits,
    )
    manifests = [item for item in inputs if not isinstance(item, ChartInput)]
    enabled = [rule for rule in REGISTRY.values() if config.rules[rule.id].enabled]
    local = _LocalCheck([rule for rule in enabled if rule.local], config, settings)

    def loaded_some(steps: int = 1) -> None:
        progress.advance(steps)
        # What was loaded lives until the run ends: frozen, it is spared the garbage
        # collector's full scans, which otherwise grow with it (a fifth of a large run).
        gc.freeze()

    progress.phase("reading", len(inputs))
    # each file, with the chart it was rendered from (None: a file of the input)
    files: list[tuple[LoadedFile, str | None]] = []
    meanwhile = _meanwhile(settings, enabled)
    try:
        loading = load_files(manifests, config.limits, local, jobs, loaded_some, meanwhile)
        with loading.closing_on_error():  # (held by the result: see `Result.made`)
            parsed = iter(loading.files())
            for item in inputs:
                if isinstance(item, ChartInput):
                    files += [(f, item.name) for f in _render(item, options, config, collector)]
                    loaded_some()
                else:
                    files.append((next(parsed), None))
            found = _Found.of(files, settings.namespace, config, collector)
            built_names = [r.file for objects in found.built for r in objects[:1]]
            units = plan(
                [loaded.source.name for loaded, _ in files] + built_names,
                {loaded.source.name: chart for loaded, chart in files if chart is not None},
                found.layout.applied,
                config.is_unit,
            )
            rest = [rule for rule in enabled if not rule.local]
            # objects, indexes, derived values and findings live until the run ends: collections
            # would find nothing (28 ms of the field corpus's 0.40 s here), later ones scan it
            with uncollected(kept=True):
                groups = _check(found.resources, rest, config, settings, collector, progress, units)
            _check_patches(found, config, settings, collector)
            # made here, while the workers finish theirs (the report's work, left otherwise
            # for when they are done: 10 ms of the field corpus's last 50)
            prepared: dict[int, tuple[Finding, str]] = {}
            if prepare is not None and loading.parallel:
                prepared = {id(f): (f, prepare(f)) for f in collector.findings}
            inspected = iter(loading.inspected())
            for (_, chart), objects in zip(files, found.by_file, strict=True):
                made = None if chart is not None else next(inspected)  # None: check here
                if objects is None:
                    continue
                if made is None:
                    made = local_findings(local.check(objects), objects, collector)
                for finding in made:
                    collector.record(finding)
            for built in found.built:  # a base's line is reported once, whatever built it
                for finding in local_findings(local.check([built]), [built], collector):
                    collector.record(finding, once=True)
        # sorted while frozen: its many new tuples would set off a full collection otherwise
        findings = sorted(collector.findings, key=Finding.sort_key)
    finally:
        gc.unfreeze()
    documents = sum(len(loaded.documents) for loaded, _ in files)
    return Result(
        findings,
        files=len(inputs),
        documents=documents,
        objects=found.resources,
        skipped=found.skipped,
        units=groups,
        made=(collector, files, found, loading, local, units),
        prepared=prepared,
    )


class _Found:
    """What a run's files hold: objects (by file, then document; None for a Kustomize file or
    a patch), the Kustomize layout, the patches' documents, and the documents skipped."""

    __slots__ = ("built", "by_file", "layout", "patches", "resources", "skipped")

    def __init__(self) -> None:
        self.resources: list[Resource] = []
        self.by_file: list[list[list[Resource]] | None] = []
        self.layout = Layout()
        self.patches: list[tuple[LoadedFile, str]] = []
        self.skipped = 0
        self.built: list[list[Resource]] = []  # each Kustomize root's objects

    @classmethod
    def of(
        cls,
        files: list[tuple[LoadedFile, str | None]],
        namespace: str,
        config: Config,
        collector: Collector,
    ) -> _Found:
        with uncollected(kept=True):  # (what it makes lives until the run ends)
            return cls._of(files, namespace, config, collector)

    @classmethod
    def _of(
        cls,
        files: list[tuple[LoadedFile, str | None]],
        namespace: str,
        config: Config,
        collector: Collector,
    ) -> _Found:
        found = cls()
        kustomizations = {
            loaded.source.name: loaded
            for loaded, chart in files
            if chart is None and is_kustomization(loaded.source.name)
        }
        replaced: frozenset[str] = frozenset()
        trees: frozenset[str] = frozenset()  # the folders of the Kustomizations
        if kustomizations:  # (Kustomize's checks and build load only for a run that has one)
            from kubelint.kustomize import run_folder
            from kubelint.kustomize.checks import analyse, unnamed_patch

            common = run_folder(loaded.source.name for loaded, chart in files if chart is None)
            found.layout = analyse(kustomizations, common)
            replaced = found.build(files, namespace, config, collector, common)
            trees = frozenset(posixpath.dirname(name) or "." for name in kustomizations)
        skip = config.non_objects == "skip"
        for loaded, chart in files:
            name = loaded.source.name
            if chart is None and name in replaced:  # a Kustomize build's objects stand for it
                for problem in loaded.problems:
                    collector.add(problem.rule, problem.message, loaded.source, problem.position)
                found.by_file.append(None)
                continue
            kustomize = name in kustomizations or name in found.layout.patches
            if skip and chart is None and not kustomize and _foreign_text(loaded):
                found.skipped += 1
                found.by_file.append(None)
                continue
            if skip and chart is None and name in found.layout.data:
                found.skipped += len(loaded.documents)  # read by a Kustomization, never applied
                found.by_file.append(None)
                continue
            for problem in loaded.problems:
                collector.add(problem.rule, problem.message, loaded.source, problem.position)
            if name in kustomizations:
                found.by_file.append(None)
            elif chart is None and name in found.layout.patches:
                found.by_file.append(None)
                found.patches.append((loaded, found.layout.patches[name]))
            elif chart is None and trees and unnamed_patch(name, found.layout, trees):
                found.by_file.append(None)
                found.patches.append((loaded, "patch"))
            else:
                found.by_file.append(_add_file(loaded, namespace, skip, collector, found))
        for bad in found.layout.problems:
            document = kustomizations[bad.file].documents[bad.document]
            position = document.position(bad.problem.path, bad.problem.key)
            path = format_path(bad.problem.path) or None
            collector.add(
                bad.rule, bad.problem.message, document.source, position, None, path,
                bad.problem.severity,
            )  # fmt: skip
        return found

    def build(
        self,
        files: list[tuple[LoadedFile, str | None]],
        namespace: str,
        config: Config,
        collector: Collector,
        common: str,
    ) -> frozenset[str]:
        """Build the Kustomize roots (kubelint.kustomize.lint); each built root's unit is its
        objects (`common`: the folder holding the run's files). The files whose objects the
        builds stand for."""
        from kubelint.kustomize.lint import build_roots

        parsed = {loaded.source.name: loaded for loaded, chart in files if chart is None}
        builds = build_roots(list(self.layout.applied), parsed, namespace, config.limits, common)
        # an error whose cause is reported already: a Kustomization's own problem, a file
        # that is no YAML
        reported = {problem.file for problem in self.layout.problems}
        reported |= {name for name, loaded in parsed.items() if _broken(loaded)}
        for failure in builds.failures:
            if failure.severity < Severity.ERROR or not failure.read & reported:
                cap = failure.severity if failure.severity < Severity.ERROR else None
                collector.add(
                    "kustomization", failure.message, failure.source, failure.position, cap=cap
                )
        applied, holds = dict(self.layout.applied), self.layout.holds  # (before any change)
        _leave_nested_roots(self.layout.applied, holds, builds.objects.keys())
        # (a patch stays a patch: its fields are checked against its kind's schema)
        replaced = builds.replaced(self.layout.applied) - self.layout.patches.keys()
        for root, objects in builds.objects.items():
            if any(_holds(other, root, applied, holds) for other in builds.objects):
                # a base: linted as what the roots that hold it build, not on its own
                del self.layout.applied[root]
                continue
            self.built.append(objects)
            self.resources.extend(objects)
            # its objects, with what it applies and did not read (a Component no root names)
            own = frozenset(r.file for r in objects[:1])
            self.layout.applied[root] = own | (self.layout.applied[root] - builds.read[root])
        return replaced


def _leave_nested_roots(
    applied: dict[str, frozenset[str]],
    holds: Mapping[str, frozenset[str]],
    built: Collection[str],
) -> None:
    """A root that did not build is linted file by file, but not the files of the roots it
    holds: each of those is linted as its own unit (built, or file by file). Else a remote
    resource of a top-level Kustomization (Kubeflow's `example/`) sent every base of the tree,
    unprefixed and without its namespace, into one unit: false duplicates and missing
    namespaces by the dozen."""
    original = dict(applied)
    for root, files in original.items():
        if root in built:
            continue
        nested = [other for name, other in original.items() if _holds(root, name, original, holds)]
        if nested:
            applied[root] = files - frozenset().union(*nested)


def _holds(
    root: str,
    other: str,
    applied: Mapping[str, frozenset[str]],
    holds: Mapping[str, frozenset[str]],
) -> bool:
    """Whether `root` holds the root `other`: names its folder among its resources (at any
    depth), or applies its files and more. (An overlay that only patches its base applies the
    same files as the base: it holds it all the same.)"""
    return other != root and (other in holds[root] or applied[other] < applied[root])


def _broken(loaded: LoadedFile) -> bool:
    return any(p.rule in ("yaml-syntax", "input-limit") for p in loaded.problems)


def _foreign_text(loaded: LoadedFile) -> bool:
    """A file that is no YAML and names neither an `apiVersion` nor a `kind` anywhere (a
    dashboard JSON with a comment, a template of another tool): no manifest, skipped, even
    when a document before its error was read (a line of text)."""
    text = loaded.source.text
    return (
        loaded.source.name != STDIN_NAME  # sent on standard input to be checked: errors stay
        and bool(text)  # a file that is no text (binary, UTF-16 without BOM) stays an error
        and "\x00" not in text
        and any(p.rule == "yaml-syntax" for p in loaded.problems)
        and "apiVersion" not in text
        and "kind" not in text
    )


def _check_patches(found: _Found, config: Config, settings: Settings, collector: Collector) -> None:
    """The files Kustomizations name as patches (`kubelint.kustomize.checks.patch_problems`)."""
    if not found.patches:
        return
    from kubelint.kustomize.checks import patch_problems

    custom: Mapping[tuple[str, str], Any] | None = None

    def schema_of(api_version: str, kind: str) -> Schema | None:
        nonlocal custom
        if not config.rules["schema"].enabled:
            return None
        if custom is None:
            custom = custom_kinds(run_crds(ObjectIndex(found.resources), settings))
        try:
            return schema_for(api_version, kind, settings, custom)
        except InvalidSchema:
            return None  # the CRD's own problem, reported with its objects

    for loaded, kind in found.patches:
        for rule, document, problem in patch_problems(loaded, kind, schema_of):
            if rule == "schema":  # about a patch of an object: named like one
                data = document.data
                patch = Resource(data, document, (), make_ref(data, settings.namespace))
                collector.problem(rule, patch, problem)
            else:
                position = document.position(problem.path, problem.key)
                where = format_path(problem.path) or None
                collector.add(rule, problem.message, loaded.source, position, None, where)


def within(result: Result, inputs: Sequence[Input]) -> Result:
    """The part of a result about some of its inputs (the others were context for the rules
    across objects): the findings and objects in them, counted as a run of them alone counts."""
    names = {item.name for item in inputs}
    folders = tuple(f"{item.name.rstrip('/')}/" for item in inputs if isinstance(item, ChartInput))

    def inside(file: str | None) -> bool:
        return file is None or file in names or file.startswith(folders)

    objects = [o for o in result.objects if inside(origin_file(o.document.source))]
    return Result(
        [f for f in result.findings if inside(f.file)],
        files=len(inputs),
        documents=len({id(o.document) for o in objects}),
        objects=objects,
    )


def _meanwhile(settings: Settings, enabled: list[Rule]) -> Callable[[], None]:
    """What this process prepares while workers parse: the schemas' registry, when `schema`
    runs (here, after the parse: its first schema would otherwise wait for it)."""
    if not any(rule.id == "schema" for rule in enabled):
        return lambda: None
    return lambda: settings.schemas.prepare(settings.kubernetes_version, settings.strict)


def _render(
    item: ChartInput, options: ChartOptions, config: Config, collector: Collector
) -> list[LoadedFile]:
    """A chart's rendered templates, each mapped back to its template; a chart that does not
    render is a `chart-render` finding (and other inputs are still checked)."""
    from kubelint.chart.lint import render_for_lint  # Jinja2 and friends: only for charts

    sources, problems = render_for_lint(item.name, options)
    for problem in problems:
        collector.add(problem.rule, problem.message, SourceFile(problem.file, ""), problem.position)
    files = []
    for source in sources:
        loaded = load(source.name, source.text.encode(), config.limits)
        loaded.source.origin = source.origin
        files.append(loaded)
    return files


class _LocalCheck:
    """The rules that need nothing but their object (`Rule.local`): run on a parsed file where
    it was parsed (so worker processes share this work, see `parallel`), or on objects here."""

    __slots__ = ("_by_kind", "config", "rules", "settings")

    def __init__(self, rules: list[Rule], config: Config, settings: Settings) -> None:
        self.rules = rules
        self.config = config
        self.settings = settings
        # per kind: (rule id, its check, its context) of each rule that checks the kind
        self._by_kind: dict[str | None, list[tuple[str, CheckObject, Context]]] = {}

    def _for(self, kind: str | None) -> list[tuple[str, CheckObject, Context]]:
        if kind not in self._by_kind:
            checks = []
            for rule in self.rules:
                if not rule.kinds or kind in rule.kinds:
                    assert rule.check is not None  # a local rule checks one object
                    options = self.config.rules[rule.id].options
                    checks.append((rule.id, rule.check, Context(options, _NO_INDEX, self.settings)))
            self._by_kind[kind] = checks
        return self._by_kind[kind]

    def check(self, objects: list[list[Resource]]) -> list[LocalProblem]:
        """What the local rules find in a file's objects (by document)."""
        found: list[LocalProblem] = []
        if not self.rules:
            return found
        add = found.append
        for d, of_document in enumerate(objects):
            for o, obj in enumerate(of_document):
                for rule, check, ctx in self._for(obj.kind):
                    for problem in check(obj, ctx):
                        add((d, o, rule, problem))
        return found

    def __call__(self, loaded: LoadedFile) -> list[Finding]:
        """The findings of the local rules in a file, made where it was parsed (in a worker:
        its objects are made there, positions resolved there; only findings travel). A
        Kustomize file holds none (a patch is known later: what is found in it is dropped)."""
        if not self.rules or is_kustomization(loaded.source.name):
            return []
        skip = self.config.non_objects == "skip"
        objects = [expand(d, self.settings.namespace, skip)[0] for d in loaded.documents]
        return local_findings(self.check(objects), objects, Collector(self.config))


# What a local rule's context holds for an index: nothing (a local rule asks none).
_NO_INDEX = ObjectIndex(())


def _add_file(
    loaded: LoadedFile, namespace: str, skip: bool, collector: Collector, found: _Found
) -> list[list[Resource]]:
    """Record a file's objects (and what is no object); its objects, by document."""
    objects: list[list[Resource]] = []
    for document in loaded.documents:
        found_objects, not_objects = expand(document, namespace, skip)
        objects.append(found_objects)
        found.resources.extend(found_objects)
        if skip and not found_objects and not not_objects:
            found.skipped += foreign(document.data)
        for position, message in not_objects:
            collector.add("required-fields", message, loaded.source, position)
    return objects


def findings_of(
    rule: str, pairs: Iterable[tuple[Resource, Problem]], config: Config
) -> list[Finding]:
    """One rule's problems found outside `lint` (`schedule --format sarif`), as `lint` reports
    them: configuration, ignore annotations and disable comments applied."""
    collector = Collector(config)
    for obj, problem in pairs:
        if wanted(rule, ignored_by_annotation(obj.metadata)):
            collector.problem(rule, obj, problem)
    return sorted(collector.findings, key=Finding.sort_key)


# Where a view of the index sees from before the engine moves it to its first object.
_NOWHERE = Place(None, (), "")


def _check(
    resources: list[Resource],
    rules: list[Rule],
    config: Config,
    settings: Settings,
    collector: Collector,
    progress: Progress,
    units: Units,
) -> list[list[Resource]]:
    """The rules that are not local: a rule per object sees the index from where its object
    is; a rule across objects runs unit by unit (or once over the run, `Rule.whole_run`).
    Returns the objects of each unit."""
    index = ObjectIndex(resources, units)
    ignored = {id(r): ids for r in resources if (ids := ignored_by_annotation(r.metadata))}
    places: dict[str, Place] = {}
    by_file: dict[str, list[Resource]] = {}
    for r in resources:
        by_file.setdefault(r.file, []).append(r)
    groups = [
        ObjectIndex([r for file in group for r in by_file.get(file, ())], together=together)
        for group, together in units.groups(by_file)
    ]
    progress.phase("checking", len(rules))
    for rule in rules:
        options = config.rules[rule.id].options
        # the objects whose annotation ignores this rule (usually none: then no test per object)
        skipped = {key for key, ids in ignored.items() if not wanted(rule.id, ids)}
        if rule.check is not None:
            check = rule.check
            # One view of the index, moved to each object's place before its check (the
            # check is done with it then): a view and a context per file and rule cost more.
            view = index.seen_from(_NOWHERE)
            file, ctx = None, Context(options, view, settings)
            for obj in index.of_kind(*rule.kinds) if rule.kinds else resources:
                if skipped and id(obj) in skipped:
                    continue
                if obj.document.source.name != file:  # objects come file by file, mostly
                    file = obj.document.source.name
                    if file not in places:
                        places[file] = units.place(file)
                    view.look_from(places[file])
                for problem in check(obj, ctx):
                    collector.problem(rule.id, obj, problem)
        if rule.check_all is not None:
            for scope in [index] if rule.whole_run else groups:
                pairs: Iterable[tuple[Resource, Problem]] = rule.check_all(
                    scope, Context(options, scope, settings)
                )
                for obj, problem in pairs:
                    if id(obj) not in skipped:
                        collector.problem(rule.id, obj, problem)
        progress.advance()
    return [group.resources for group in groups]

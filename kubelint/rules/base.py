"""What a rule is: metadata, documentation, declared options and a pure check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from kubelint.findings import Severity
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import ObjectIndex, Resource
from kubelint.schema.store import SchemaStore
from kubelint.yamlload import JsonPath

if TYPE_CHECKING:
    from kubelint.schedule.cluster import Cluster


# Records on lint's import path are NamedTuples or plain classes, never dataclasses: those cost
# 0.4 ms each to create and `dataclasses` imports `inspect` (tests/cli/test_startup.py).
class Problem(NamedTuple):
    """What a check yields: a message and the JSON path (relative to the object) it is about.

    The engine, not the rule, adds the rule id, the configured severity and the position.
    """

    message: str
    path: JsonPath = ()
    key: bool = False  # point at the field's key (an unknown or duplicate field), not its value
    # At most this severe: a rule's lesser case (deprecated, where removed is the rule's default).
    severity: Severity | None = None


class Option(NamedTuple):
    """A rule option: its JSON schema, its default and one line of help."""

    schema: Mapping[str, Any]
    default: Any
    help: str


class Settings:
    """What the user chose for the whole run (flags and configuration), as checks see it."""

    __slots__ = (
        "cluster",
        "crds",
        "kubernetes_version",
        "limits",
        "namespace",
        "schemas",
        "strict",
    )

    def __init__(
        self,
        kubernetes_version: str,  # "1.31": the target API version
        namespace: str = "default",  # the namespace of objects that name none
        strict: bool = True,  # unknown fields are schema errors (kubectl apply --validate=strict)
        crds: tuple[Mapping[str, Any], ...] = (),  # CustomResourceDefinitions given with --crd
        # The cluster rule `unschedulable` places pods on: None unless scheduling is asked for
        # (`lint --schedule`, `--cluster`, `--nodes`, or the rule's options).
        cluster: Cluster | None = None,
        limits: Limits = DEFAULT_LIMITS,  # the configuration's bounds (`max-schedule-pods`)
    ) -> None:
        self.kubernetes_version = kubernetes_version
        self.namespace = namespace
        self.strict = strict
        self.crds = crds
        self.cluster = cluster
        self.limits = limits
        # The run's compiled schemas: a cache created with the settings, never shared across runs.
        self.schemas = SchemaStore()


class Context:
    """What a check may look at besides its object: its options, the run's settings, and every
    object of the run."""

    __slots__ = ("index", "options", "settings")

    def __init__(self, options: Mapping[str, Any], index: ObjectIndex, settings: Settings) -> None:
        self.options = options
        self.index = index
        self.settings = settings


CheckObject = Callable[[Resource, Context], Iterable[Problem]]
CheckAll = Callable[[ObjectIndex, Context], Iterable[tuple[Resource, Problem]]]


class Rule(NamedTuple):
    """A rule: its id, default severity, documentation and options, and the check that finds its
    problems."""

    id: str
    severity: Severity
    summary: str
    doc: str  # Markdown: What it does / Why is this bad? / Example / Use instead
    options: Mapping[str, Option] = MappingProxyType({})  # (read-only: shared)
    # The same check in the peers, as "tool:check-id" (kube-linter, kube-score, polaris, …):
    # README's migration table is generated from these.
    peers: tuple[str, ...] = ()
    check: CheckObject | None = None  # called once per object (of `kinds`)
    kinds: frozenset[str] = frozenset()  # the kinds `check` is for; empty: every object
    check_all: CheckAll | None = None  # called once per unit (kubelint.units), across objects
    # `check_all` is called once with every object of the run instead (CRDs, the cluster).
    whole_run: bool = False
    # `check` needs nothing but its object, options and settings (never `ctx.index`): the
    # engine runs it where the object's file was parsed, in the worker processes of `--jobs`.
    local: bool = False
    # Rules with neither are reported by the loader (YAML syntax, duplicate keys).

    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}

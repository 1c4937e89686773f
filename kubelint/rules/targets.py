"""What a Service or a label selector of the input points at, as several rules ask it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.k8s.data import entries, mapping
from kubelint.k8s.selectors import SelectorError, format_selector
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem
from kubelint.yamlload import JsonPath

HELM_HOOK = "helm.sh/hook"


def is_helm_hook(obj: Resource) -> bool:
    """A Helm hook or test (annotation `helm.sh/hook`): a pod that runs for a moment around an
    install or a `helm test`, never one a Service is meant to serve from."""
    return HELM_HOOK in mapping(obj.metadata.get("annotations"))


def service_ports(
    service: Resource, ctx: Context
) -> Iterator[tuple[int, Mapping[str, Any], list[Resource]]]:
    """`(index, port, workloads)` for each port of a Service that sends traffic to the pods of
    the workloads its selector picks (none for ExternalName and selector-less Services). Helm
    hooks and tests the selector happens to match are left out: they serve nothing."""
    spec = mapping(service.data.get("spec"))
    selector = spec.get("selector")
    if not isinstance(selector, Mapping) or spec.get("type") == "ExternalName":
        return
    workloads = [
        workload
        for workload in ctx.index.selected_by_map(service.ref.namespace, selector)
        if not is_helm_hook(workload)
    ]
    for i, port in entries(spec.get("ports")):
        yield i, port, workloads


def selects_nothing(
    obj: Resource, ctx: Context, selector: Mapping[str, Any], path: JsonPath, what: str
) -> Problem | None:
    """The problem of a LabelSelector of `obj` that selects no pod of its namespace; None when
    it selects some, when a custom resource of the namespace carries labels it selects (an
    operator may make the pods), or when it is invalid (the API validation reports that)."""
    try:
        if ctx.index.selected(obj.ref.namespace, selector) or ctx.index.labelled_custom_resources(
            obj.ref.namespace, selector
        ):
            return None
    except SelectorError:
        return None
    return Problem(
        f'{what} "{format_selector(selector)}" selects no pods in namespace "{obj.ref.namespace}"',
        path,
        key=True,
    )

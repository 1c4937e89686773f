"""The policy group: `pkg/apis/policy/validation` (PodDisruptionBudget)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import is_mapping
from kubelint.validation.common import Options, int_or_percent, label_selector, one_of
from kubelint.validation.field import Errors, invalid
from kubelint.yamlload import JsonPath


def pod_disruption_budget(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    errors: Errors = []
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        detail = "minAvailable and maxUnavailable cannot be both set"
        errors.append(invalid(path, spec, detail, at=(*path, "maxUnavailable")))
    for field in ("minAvailable", "maxUnavailable"):
        if spec.get(field) is not None:
            errors += int_or_percent(spec[field], (*path, field))[0]
    errors += label_selector(spec.get("selector"), (*path, "selector"))
    errors += one_of(
        spec.get("unhealthyPodEvictionPolicy"), (*path, "unhealthyPodEvictionPolicy"),
        ("AlwaysAllow", "IfHealthyBudget"),
    )  # fmt: skip
    return errors

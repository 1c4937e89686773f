"""The autoscaling group: `pkg/apis/autoscaling/validation` (HorizontalPodAutoscaler)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import integer, is_mapping
from kubelint.validation.common import Options, name, path_segment
from kubelint.validation.field import Errors, invalid, required
from kubelint.yamlload import JsonPath


def horizontal_pod_autoscaler(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    errors: Errors = []
    low = integer(spec.get("minReplicas"))
    high = integer(spec.get("maxReplicas"))
    if low is not None and low < 1:
        errors.append(invalid((*path, "minReplicas"), low, "must be greater than or equal to 1"))
    if high is not None and high < 1:
        errors.append(invalid((*path, "maxReplicas"), high, "must be greater than 0"))
    if high is not None and high < (1 if low is None else low):
        detail = "must be greater than or equal to `minReplicas`"
        errors.append(invalid((*path, "maxReplicas"), high, detail))
    target = spec.get("scaleTargetRef")
    if is_mapping(target):
        where = (*path, "scaleTargetRef")
        for field in ("kind", "name"):
            if not target.get(field):
                errors.append(required((*where, field)))
            else:
                errors += name(target.get(field), (*where, field), path_segment)
    return errors

"""Cluster-wide kinds of the scheduling and storage groups: PriorityClass, StorageClass."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import dig, integer
from kubelint.validation.common import Options, label_name, one_of
from kubelint.validation.field import Errors, forbidden, required

HIGHEST_USER_PRIORITY = 1_000_000_000
SYSTEM_PRIORITY_CLASSES = ("system-cluster-critical", "system-node-critical")


def priority_class(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    class_name = dig(data, "metadata", "name")
    if isinstance(class_name, str) and class_name.startswith("system-"):
        if class_name not in SYSTEM_PRIORITY_CLASSES:
            detail = "priority class names with 'system-' prefix are reserved"
            errors.append(forbidden(("metadata", "name"), detail, key=False))
    else:
        value = integer(data.get("value"))
        if value is not None and value > HIGHEST_USER_PRIORITY:
            detail = f"maximum allowed value of a user defined priority is {HIGHEST_USER_PRIORITY}"
            errors.append(forbidden(("value",), detail, key=False))
    errors += one_of(
        data.get("preemptionPolicy"), ("preemptionPolicy",), ("PreemptLowerPriority", "Never")
    )
    return errors


def storage_class(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    provisioner = data.get("provisioner")
    if not provisioner:
        errors.append(required(("provisioner",)))
    else:
        errors += label_name(
            provisioner.lower() if isinstance(provisioner, str) else provisioner, ("provisioner",)
        )
    errors += one_of(data.get("reclaimPolicy"), ("reclaimPolicy",), ("Delete", "Retain"))
    errors += one_of(
        data.get("volumeBindingMode"), ("volumeBindingMode",), ("Immediate", "WaitForFirstConsumer")
    )
    return errors

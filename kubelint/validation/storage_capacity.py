"""VolumeAttributesClass and CSIStorageCapacity (`pkg/apis/storage/validation`): the classes
of mutable volume attributes a CSI driver offers, and the capacity a driver reports for a
storage class in a topology segment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.validation.common import NEGATIVE, Options, label_selector
from kubelint.validation.core.resources import quantity
from kubelint.validation.field import Errors, invalid, invalid_all
from kubelint.validation.storage import parameters, provisioner


def volume_attributes_class(data: Mapping[str, Any], options: Options) -> Errors:
    """`ValidateVolumeAttributesClass`: a driver name, and at least one parameter."""
    errors = provisioner(data.get("driverName"), ("driverName",))
    return errors + parameters(data.get("parameters"), allow_empty=False)


def _nonnegative(data: Mapping[str, Any], field: str) -> Errors:
    """`ValidateNonnegativeQuantity`, when the quantity is set."""
    value = data.get(field)
    amount = quantity(value) if value is not None else None
    return [invalid((field,), str(value), NEGATIVE)] if amount is not None and amount < 0 else []


def csi_storage_capacity(data: Mapping[str, Any], options: Options) -> Errors:
    """`ValidateCSIStorageCapacity`: the topology selector, the storage class name and
    non-negative sizes."""
    errors = label_selector(data.get("nodeTopology"), ("nodeTopology",))
    class_name = data.get("storageClassName")
    text = class_name if isinstance(class_name, str) else ""
    errors += invalid_all(("storageClassName",), text, names.dns1123_subdomain(text))
    return errors + _nonnegative(data, "capacity") + _nonnegative(data, "maximumVolumeSize")

"""A device class's or request's CEL selectors on one device, as the allocator evaluates them
(`k8s.io/dynamic-resource-allocation/cel`): `device.driver`, `device.attributes[domain]` and
`device.capacity[domain]` (an unknown domain is an empty map; a missing name in it is the
runtime error `no such key: <name>`), capacities as quantities (`compareTo(quantity("1Gi"))`).

cel-python runs them with kubelint's Kubernetes CEL libraries (kubelint.validation.cel_eval).
An expression it cannot evaluate (the `semver` library, the optional syntax) is taken as
matching: kubelint would rather place a pod than keep it Pending on a guess.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from kubelint.schedule.dra.objects import Device


class SelectorError(Exception):
    """A selector that fails at run time: kube-scheduler aborts the pod's scheduling."""


@functools.lru_cache(maxsize=1)
def _defaulting() -> Any:
    from celpy import celtypes

    class Defaulting(celtypes.MapType):
        """A map of domains: an unknown one reads as an empty map, as in kube's DRA CEL."""

        def __getitem__(self, key: Any) -> Any:
            try:
                return super().__getitem__(key)
            except KeyError:
                return celtypes.MapType()

    return Defaulting


def _variables(driver: str, device: Device) -> dict[str, Any]:
    from celpy import celtypes
    from celpy.adapter import json_to_cel

    from kubelint.validation.cel_kube import Quantity

    defaulting = _defaulting()
    attributes = defaulting(
        {
            celtypes.StringType(domain): json_to_cel(dict(values))
            for domain, values in device.attributes.items()
        }
    )
    capacity = defaulting(
        {
            celtypes.StringType(domain): celtypes.MapType(
                {celtypes.StringType(k): Quantity(v) for k, v in values.items()}
            )
            for domain, values in device.capacity.items()
        }
    )
    return {
        "device": celtypes.MapType(
            {
                celtypes.StringType("driver"): celtypes.StringType(driver),
                celtypes.StringType("attributes"): attributes,
                celtypes.StringType("capacity"): capacity,
            }
        )
    }


def matches(expressions: tuple[str, ...], driver: str, device: Device) -> int | None:
    """The index of the first selector the device fails, else None. Raises SelectorError
    (`#<index>`, why) for one whose evaluation fails as kube's would."""
    if not expressions:
        return None
    # cel-python and kubelint's libraries load on the first selector (a third of a second)
    from kubelint.validation.cel_eval import Failure, Meter, evaluate

    variables = _variables(driver, device)
    for index, expression in enumerate(expressions):
        outcome = evaluate(expression, variables, Meter())
        if isinstance(outcome, Failure):
            raise SelectorError(index, outcome.message)
        if outcome is False:
            return index
    return None


def failed(error: SelectorError) -> tuple[int, str]:
    index, message = error.args
    return int(index), str(message)


def attribute(device: Device, name: str, driver: str) -> Any:
    """A device's attribute by a fully qualified name (matchAttribute): as written, or
    unqualified when the domain is the driver's."""
    raw: Mapping[str, Any] = device.raw_attributes
    if name in raw:
        return raw[name]
    domain, _, short = name.rpartition("/")
    return raw.get(short) if domain == driver else None

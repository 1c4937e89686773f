"""MutatingAdmissionPolicy and MutatingAdmissionPolicyBinding
(`pkg/apis/admissionregistration/validation`): what they share with a validating policy (see
`admission_policy`), the mutations (a patch type and its CEL expression, compile-checked with
the `Object` and `JSONPatch` types declared), the reinvocation policy, and the operations a
mutating policy may match (not DELETE)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import entries, is_mapping, mapping
from kubelint.validation.admission_policy import binding_spec, compiled, declared, policy_spec
from kubelint.validation.common import Options, listed
from kubelint.validation.field import (
    Errors,
    invalid,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

PATCH_TYPES = ("ApplyConfiguration", "JSONPatch")
REINVOCATION_POLICIES = ("IfNeeded", "Never")
OPERATIONS = ("*", "CONNECT", "CREATE", "UPDATE")
PATCH_FIELDS = {"JSONPatch": "jsonPatch", "ApplyConfiguration": "applyConfiguration"}
PATCH_TYPE_NAMES = frozenset({"Object", "JSONPatch"})


def _operations(resources: Any, path: JsonPath) -> Errors:
    """Operations a mutating policy may not match, named by the rules' path as the server
    names them."""
    errors: Errors = []
    for i, rule in entries(mapping(resources).get("resourceRules")):
        for j, operation in enumerate(listed(rule.get("operations"))):
            if operation not in OPERATIONS:
                at = (*path, "resourceRules", i, "operations", j)
                where = (*path, "resourceRules", "operations")
                errors.append(not_supported(where, operation, OPERATIONS, at=at))
    return errors


def _mutation(item: Mapping[str, Any], path: JsonPath, params: bool) -> Errors:
    patch_type = item.get("patchType")
    if not patch_type:
        return [required((*path, "patchType"))]
    field = PATCH_FIELDS.get(patch_type) if isinstance(patch_type, str) else None
    if field is None:
        return [not_supported((*path, "patchType"), patch_type, PATCH_TYPES)]
    errors: Errors = []
    patch = item.get(field)
    if not is_mapping(patch):
        detail = f"must be specified when patchType is {patch_type}"
        errors.append(required((*path, field), detail))
    else:
        expression = str(patch.get("expression") or "").strip()
        where = (*path, field, "expression")
        if not expression:
            errors.append(required(where))
        errors += compiled(expression, where, declared(params) | PATCH_TYPE_NAMES)
    for other in PATCH_FIELDS.values():
        if other != field and item.get(other) is not None:
            detail = f"must not be specified when patchType is {patch_type}"
            errors.append(invalid((*path, other), f"{{{other}}}", detail))
    return errors


def mutating_admission_policy(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors, params = policy_spec(spec, path)
    errors += _operations(spec.get("matchConstraints"), (*path, "matchConstraints"))
    mutations = listed(spec.get("mutations"))
    if not mutations:
        detail = "mutations must contain at least one item"
        errors.append(required((*path, "mutations"), detail))
    for i, item in entries(mutations):
        errors += _mutation(item, (*path, "mutations", i), params)
    policy = spec.get("reinvocationPolicy")
    if not policy:
        errors.append(required((*path, "reinvocationPolicy")))
    elif policy not in REINVOCATION_POLICIES:
        where = (*path, "reinvocationPolicy")
        errors.append(not_supported(where, policy, REINVOCATION_POLICIES))
    return errors


def mutating_admission_policy_binding(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    resources = spec.get("matchResources")
    return binding_spec(spec, path) + _operations(resources, (*path, "matchResources"))

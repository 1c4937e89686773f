"""What admission webhooks and policies share in `pkg/apis/admissionregistration/validation`:
rules (operations, API groups and versions, resources, scope), match conditions and the
match resources of policies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, is_mapping
from kubelint.validation.common import (
    label_selector,
    listed,
    one_of,
    path_segment,
    repeated,
)
from kubelint.validation.field import (
    Errors,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_many,
    typed_list,
)
from kubelint.yamlload import JsonPath

OPERATIONS = ("*", "CONNECT", "CREATE", "DELETE", "UPDATE")
SCOPES = ("*", "Cluster", "Namespaced")
MATCH_POLICIES = ("Equivalent", "Exact")
MATCH_CONDITIONS_MAX = 64


def _wildcard_with_others(
    values: list[Any], path: JsonPath, what: str, go_type: str | None = None
) -> Errors:
    """`go_type`: the type of the values, when not `string`."""
    if len(values) > 1 and "*" in values:
        detail = f"if '*' is present, must not specify other {what}"
        return [invalid(path, values if go_type is None else typed_list(go_type, values), detail)]
    return []


def _resources(resources: list[Any], path: JsonPath) -> Errors:
    """`validateResources`: subresources and wildcards that do not overlap."""
    errors: Errors = [] if resources else [required(path)]
    wild_subresources: set[str] = set()  # x/*
    wild_resources: set[str] = set()  # */x
    single = bare = False
    for i, item in enumerate(resources):
        if not item:
            errors.append(required((*path, i)))
            continue
        text = str(item)
        single = single or text == "*"
        resource, slash, sub = text.partition("/")
        if not slash:
            bare = text != "*"
            continue
        if resource in wild_subresources:
            detail = f"if '{resource}/*' is present, must not specify {text}"
            errors.append(invalid((*path, i), text, detail))
        if sub in wild_resources:
            detail = f"if '*/{sub}' is present, must not specify {text}"
            errors.append(invalid((*path, i), text, detail))
        if sub == "*":
            wild_subresources.add(resource)
        if resource == "*":
            wild_resources.add(sub)
    if len(resources) > 1 and "*/*" in resources:
        detail = "if '*/*' is present, must not specify other resources"
        errors.append(invalid(path, resources, detail))
    if single and bare:
        detail = "if '*' is present, must not specify other resources without subresources"
        errors.append(invalid(path, resources, detail))
    return errors


def rule_with_operations(rule: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateRuleWithOperations` and `validateRule`."""
    operations = listed(rule.get("operations"))
    errors: Errors = [] if operations else [required((*path, "operations"))]
    operation_type = "admissionregistration.OperationType"
    errors += _wildcard_with_others(operations, (*path, "operations"), "operations", operation_type)
    for i, operation in enumerate(operations):
        if operation not in OPERATIONS:
            errors.append(not_supported((*path, "operations", i), operation, OPERATIONS))
    groups, versions = listed(rule.get("apiGroups")), listed(rule.get("apiVersions"))
    if not groups:
        errors.append(required((*path, "apiGroups")))
    errors += _wildcard_with_others(groups, (*path, "apiGroups"), "API groups")
    if not versions:
        errors.append(required((*path, "apiVersions")))
    errors += _wildcard_with_others(versions, (*path, "apiVersions"), "API versions")
    errors += [required((*path, "apiVersions", i)) for i, v in enumerate(versions) if v == ""]
    errors += _resources(listed(rule.get("resources")), (*path, "resources"))
    return errors + one_of(rule.get("scope"), (*path, "scope"), SCOPES)


def match_conditions(conditions: Any, path: JsonPath) -> Errors:
    """`validateMatchConditions` (the expressions' compilation is the server's)."""
    items = listed(conditions)
    errors: Errors = []
    if len(items) > MATCH_CONDITIONS_MAX:
        errors.append(too_many(path, len(items), MATCH_CONDITIONS_MAX))
    seen: set[Any] = set()
    for i, condition in entries(items):
        where = (*path, i)
        if not str(condition.get("expression") or "").strip():
            errors.append(required((*where, "expression")))
        condition_name = condition.get("name")
        if not condition_name:
            errors.append(required((*where, "name")))
            continue
        if isinstance(condition_name, str):
            reasons = names.qualified_name(condition_name)
            errors += invalid_all((*where, "name"), condition_name, reasons)
        errors += repeated(condition_name, seen, (*where, "name"))
    return errors


def match_resources(resources: Any, path: JsonPath) -> Errors:
    """`validateMatchResources`: selectors, match policy and named rules."""
    if not is_mapping(resources):
        return []
    errors = one_of(resources.get("matchPolicy"), (*path, "matchPolicy"), MATCH_POLICIES)
    for field in ("namespaceSelector", "objectSelector"):
        errors += label_selector(resources.get(field), (*path, field))
    for field in ("resourceRules", "excludeResourceRules"):
        for i, rule in entries(resources.get(field)):
            where = (*path, field, i)
            seen: set[Any] = set()
            for j, resource_name in enumerate(listed(rule.get("resourceNames"))):
                at = (*where, "resourceNames", j)
                if isinstance(resource_name, str):
                    errors += invalid_all(at, resource_name, path_segment(resource_name))
                errors += repeated(resource_name, seen, at)
            errors += rule_with_operations(rule, where)
    return errors

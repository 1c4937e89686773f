"""ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
(`pkg/apis/admissionregistration/validation`): param kind, match constraints, validations,
audit annotations, variables; a binding's policy name, param reference and actions.

The CEL expressions are compiled by the server against the types they match; kubelint checks
what does not need those types (present, one line, known reasons) and what `cel_compile` finds
without them: syntax errors and references to variables the expression's environment does not
declare (`params` without a `paramKind`, `authorizer` in a `messageExpression`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, is_mapping, mapping
from kubelint.validation.admission_rules import match_conditions, match_resources
from kubelint.validation.cel_compile import compile_error
from kubelint.validation.common import (
    Options,
    label_selector,
    listed,
    one_of,
    path_segment,
    repeated,
)
from kubelint.validation.field import (
    Errors,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    required,
    typed_list,
)
from kubelint.yamlload import JsonPath

FAILURE_POLICIES = ("Fail", "Ignore")
REASONS = ("Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized")
ACTIONS = ("Audit", "Deny", "Warn")
AUDIT_ANNOTATIONS_MAX = 20
EXPRESSION_MAX = 5000  # bytes of an audit annotation's value expression
_IDENTIFIER = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
ONE_OF = "validations or auditAnnotations must contain at least one item"
NOT_FOUND_ACTIONS = ("Deny", "Allow")
_REQUEST = frozenset({"object", "oldObject", "request", "namespaceObject", "variables"})


def declared(params: bool, authorizer: bool = True) -> frozenset[str]:
    """The variables a policy's expression may name: `params` only when the policy has a
    `paramKind`, `authorizer` except in a message expression."""
    optional = {"params": params, "authorizer": authorizer}
    return _REQUEST | {name for name, present in optional.items() if present}


def compiled(expression: Any, path: JsonPath, names_: frozenset[str]) -> Errors:
    """`Invalid value` on an expression cel-go does not compile (see `cel_compile`)."""
    if not isinstance(expression, str) or not expression.strip():
        return []
    detail = compile_error(expression, names_)
    return [invalid(path, expression, detail)] if detail else []


def condition_expressions(conditions: Any, path: JsonPath, params: bool) -> Errors:
    """The match conditions' expressions compiled (trimmed, as the server compiles them)."""
    errors: Errors = []
    for i, condition in entries(conditions):
        expression = condition.get("expression")
        if isinstance(expression, str):
            errors += compiled(expression.strip(), (*path, i, "expression"), declared(params))
    return errors


def param_kind(kind: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    api_version = kind.get("apiVersion")
    where = (*path, "apiVersion")
    if not api_version:
        errors.append(required(where))
    elif isinstance(api_version, str):
        group, _, version = api_version.rpartition("/")
        if api_version.count("/") > 1:
            detail = f"unexpected GroupVersion string: {api_version}"
            errors.append(invalid(where, api_version, detail))
        else:
            if group:
                errors += invalid_all(where, group, names.dns1123_subdomain(group))
            if not version:
                errors.append(invalid(where, api_version, "version must be specified"))
            else:
                errors += invalid_all(where, version, names.dns1035_label(version))
    kind_name = kind.get("kind")
    if not kind_name:
        errors.append(required((*path, "kind")))
    elif isinstance(kind_name, str) and (reasons := names.dns1035_label(kind_name.lower())):
        detail = "may have mixed case, but should otherwise match: " + ",".join(reasons)
        errors.append(invalid((*path, "kind"), kind_name, detail))
    return errors


def _validation(item: Mapping[str, Any], path: JsonPath, params: bool) -> Errors:
    errors: Errors = []
    if not str(item.get("expression") or "").strip():
        errors.append(required((*path, "expression"), "expression is not specified"))
    errors += compiled(item.get("expression"), (*path, "expression"), declared(params))
    message_expression = item.get("messageExpression")
    if isinstance(message_expression, str) and message_expression.isspace():
        detail = "must be non-empty if specified"
        errors.append(invalid((*path, "messageExpression"), message_expression, detail))
    where = (*path, "messageExpression")
    errors += compiled(message_expression, where, declared(params, authorizer=False))
    message = item.get("message")
    if isinstance(message, str) and message:
        if not message.strip():
            detail = "message must be non-empty if specified"
            errors.append(invalid((*path, "message"), message, detail))
        elif "\n" in message.strip():
            detail = "message must not contain line breaks"
            errors.append(invalid((*path, "message"), message, detail))
    reason = item.get("reason")
    if reason is not None and reason not in REASONS:
        errors.append(not_supported((*path, "reason"), reason, REASONS))
    return errors


def _audit_annotation(
    item: Mapping[str, Any], policy_name: Any, path: JsonPath, params: bool
) -> Errors:
    errors: Errors = []
    key = item.get("key")
    if policy_name:
        full = f"{policy_name}/{key or ''}"
        errors += invalid_all((*path, "key"), full, names.qualified_name(full))
    else:
        errors.append(invalid((*path, "key"), key, "requires metadata.name be non-empty"))
    expression = str(item.get("valueExpression") or "").strip()
    if not expression:
        detail = "valueExpression is not specified"
        errors.append(required((*path, "valueExpression"), detail))
    elif len(expression.encode()) > EXPRESSION_MAX:
        detail = f"must not exceed {EXPRESSION_MAX} bytes in length"
        errors.append(required((*path, "valueExpression"), detail))
    elif failure := compile_error(expression, declared(params)):
        errors.append(invalid((*path, "valueExpression"), item.get("valueExpression"), failure))
    return errors


def variable(item: Mapping[str, Any], path: JsonPath, params: bool) -> Errors:
    errors: Errors = []
    variable_name = item.get("name")
    if not str(variable_name or "").strip():
        errors.append(required((*path, "name"), "name is not specified"))
    elif not _IDENTIFIER.fullmatch(str(variable_name)):
        detail = "name is not a valid CEL identifier"
        errors.append(invalid((*path, "name"), variable_name, detail))
    if not str(item.get("expression") or "").strip():
        errors.append(required((*path, "expression"), "expression is not specified"))
    return errors + compiled(item.get("expression"), (*path, "expression"), declared(params))


def validating_admission_policy(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors, params = policy_spec(spec, path)
    validations, annotations = listed(spec.get("validations")), listed(spec.get("auditAnnotations"))
    if not validations and not annotations:
        errors.append(required((*path, "validations"), ONE_OF))
        errors.append(required((*path, "auditAnnotations"), ONE_OF))
        return errors
    for i, item in entries(validations):
        errors += _validation(item, (*path, "validations", i), params)
    if len(annotations) > AUDIT_ANNOTATIONS_MAX:
        detail = f"must not have more than {AUDIT_ANNOTATIONS_MAX} auditAnnotations"
        errors.append(invalid((*path, "auditAnnotations"), annotations, detail))
    keys: set[Any] = set()
    policy_name = dig(data, "metadata", "name")
    for i, item in entries(annotations):
        where = (*path, "auditAnnotations", i)
        errors += _audit_annotation(item, policy_name, where, params)
        errors += repeated(item.get("key"), keys, (*where, "key"))
    return errors


def policy_spec(spec: Mapping[str, Any], path: JsonPath) -> tuple[Errors, bool]:
    """What a validating and a mutating policy share: failure policy, param kind, match
    constraints and conditions, variables. Also whether the policy has params."""
    errors = one_of(spec.get("failurePolicy"), (*path, "failurePolicy"), FAILURE_POLICIES)
    params = is_mapping(spec.get("paramKind"))
    if params:
        errors += param_kind(spec["paramKind"], (*path, "paramKind"))
    constraints = spec.get("matchConstraints")
    if not is_mapping(constraints):
        errors.append(required((*path, "matchConstraints")))
    else:
        errors += match_resources(constraints, (*path, "matchConstraints"))
        if not listed(constraints.get("resourceRules")):
            errors.append(required((*path, "matchConstraints", "resourceRules")))
    conditions = spec.get("matchConditions")
    errors += match_conditions(conditions, (*path, "matchConditions"))
    errors += condition_expressions(conditions, (*path, "matchConditions"), params)
    for i, item in entries(spec.get("variables")):
        errors += variable(item, (*path, "variables", i), params)
    return errors, params


def param_ref(ref: Any, path: JsonPath) -> Errors:
    if not is_mapping(ref):
        return []
    errors: Errors = []
    ref_name, selector = ref.get("name"), ref.get("selector")
    if ref_name and isinstance(ref_name, str):
        errors += invalid_all((*path, "name"), ref_name, path_segment(ref_name))
        if selector is not None:
            detail = "name and selector are mutually exclusive"
            errors.append(forbidden((*path, "name"), detail))
    namespace = ref.get("namespace")
    if namespace and isinstance(namespace, str):
        errors += invalid_all((*path, "namespace"), namespace, names.dns1123_label(namespace))
    if selector is not None:
        errors += label_selector(selector, (*path, "selector"))
        if ref_name:
            detail = "name and selector are mutually exclusive"
            errors.append(forbidden((*path, "selector"), detail))
    if not ref_name and selector is None:
        errors.append(required(path, "one of name or selector must be specified"))
    action = ref.get("parameterNotFoundAction")
    if not action:
        errors.append(required((*path, "parameterNotFoundAction")))
    elif action not in NOT_FOUND_ACTIONS:
        where = (*path, "parameterNotFoundAction")
        errors.append(not_supported(where, action, NOT_FOUND_ACTIONS))
    return errors


def _actions(actions: Any, path: JsonPath) -> Errors:
    items = listed(actions)
    errors: Errors = []
    seen: set[Any] = set()
    for i, action in enumerate(items):
        if action not in ACTIONS:
            errors.append(not_supported((*path, i), action, ACTIONS))
        errors += repeated(action, seen, (*path, i))
    if "Deny" in seen and "Warn" in seen:
        detail = (
            "must not contain both Deny and Warn (repeating the same validation failure "
            "information in the API response and headers serves no purpose)"
        )
        errors.append(
            invalid(path, typed_list("admissionregistration.ValidationAction", items), detail)
        )
    if not seen:
        errors.append(required(path, "at least one validation action is required"))
    return errors


def binding_spec(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """What a validating and a mutating policy binding share: the policy's name, the parameter
    reference and the resources matched."""
    errors: Errors = []
    policy = spec.get("policyName")
    if not policy:
        errors.append(required((*path, "policyName")))
    elif isinstance(policy, str):
        errors += invalid_all((*path, "policyName"), policy, names.dns1123_subdomain(policy))
    errors += param_ref(spec.get("paramRef"), (*path, "paramRef"))
    return errors + match_resources(spec.get("matchResources"), (*path, "matchResources"))


def validating_admission_policy_binding(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors = binding_spec(spec, path)
    return errors + _actions(spec.get("validationActions"), (*path, "validationActions"))

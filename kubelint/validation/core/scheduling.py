"""A pod's placement fields: tolerations, affinity, topology spread constraints
(`ValidateTolerations`, `validateAffinity`, `validateTopologySpreadConstraints`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import (
    NOT_POSITIVE,
    hashable,
    label_name,
    label_selector,
    listed,
    name,
    one_of,
    requirement_key_values,
    set_operator,
)
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
WHEN_UNSATISFIABLE = ("DoNotSchedule", "ScheduleAnyway")
INCLUSION_POLICIES = ("Honor", "Ignore")


def tolerations(items: Any, path: JsonPath) -> Errors:
    """`ValidateTolerations`."""
    errors: Errors = []
    for i, toleration in entries(items):
        where = (*path, i)
        key, operator = toleration.get("key") or "", toleration.get("operator") or ""
        value, effect = toleration.get("value") or "", toleration.get("effect") or ""
        if key:
            errors += label_name(key, (*where, "key"))
        if not key and operator != "Exists":
            detail = 'operator must be Exists when `key` is empty, which means "match all values '
            errors.append(invalid((*where, "operator"), operator, detail + 'and all keys"'))
        if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
            detail = "effect must be 'NoExecute' when `tolerationSeconds` is set"
            errors.append(invalid((*where, "effect"), effect, detail))
        if operator in ("Equal", ""):
            if isinstance(value, str) and (reasons := names.label_value(value)):
                errors.append(invalid((*where, "operator"), value, ";".join(reasons)))
        elif operator == "Exists":
            if value:
                detail = "value must be empty when `operator` is 'Exists'"
                errors.append(invalid((*where, "operator"), value, detail))
        else:
            errors.append(not_supported((*where, "operator"), operator, ("Equal", "Exists")))
        if effect:
            errors += one_of(effect, (*where, "effect"), TAINT_EFFECTS)
    return errors


def node_selector_requirement(
    requirement: Mapping[str, Any], path: JsonPath, check_values: bool
) -> Errors:
    """`ValidateNodeSelectorRequirement`."""
    operator, values = requirement.get("operator"), requirement.get("values") or []
    errors = set_operator(operator, values, path)
    if errors is None:
        errors = []
        if operator in ("Gt", "Lt"):
            if not isinstance(values, list) or len(values) != 1:
                detail = "must be specified single value when `operator` is 'Lt' or 'Gt'"
                errors.append(required((*path, "values"), detail))
        else:
            detail = "not a valid selector operator"
            errors.append(invalid((*path, "operator"), operator, detail))
    return errors + requirement_key_values(requirement, values, path, check_values)


def node_field_requirement(requirement: Mapping[str, Any], path: JsonPath) -> Errors:
    """`ValidateNodeFieldSelectorRequirement`: only `metadata.name` In/NotIn one name."""
    errors: Errors = []
    operator, values = requirement.get("operator"), requirement.get("values") or []
    if operator in ("In", "NotIn"):
        if not isinstance(values, list) or len(values) != 1:
            detail = "must be only one value when `operator` is 'In' or 'NotIn' for node field "
            errors.append(required((*path, "values"), detail + "selector"))
    else:
        errors.append(invalid((*path, "operator"), operator, "not a valid selector operator"))
    key = requirement.get("key")
    if key != "metadata.name":
        errors.append(invalid((*path, "key"), key, "not a valid field selector key"))
    elif isinstance(values, list):
        for i, item in enumerate(values):
            errors += name(item, (*path, "values", i))
    return errors


def node_selector_term(term: Any, path: JsonPath, check_values: bool) -> Errors:
    if not is_mapping(term):
        return []
    errors: Errors = []
    for j, requirement in entries(term.get("matchExpressions")):
        errors += node_selector_requirement(
            requirement, (*path, "matchExpressions", j), check_values
        )
    for j, requirement in entries(term.get("matchFields")):
        errors += node_field_requirement(requirement, (*path, "matchFields", j))
    return errors


def node_selector(selector: Any, path: JsonPath) -> Errors:
    """`ValidateNodeSelector` (a required node affinity, a PersistentVolume's)."""
    if not is_mapping(selector):
        return []
    terms = selector.get("nodeSelectorTerms")
    where = (*path, "nodeSelectorTerms")
    if not terms:
        return [required(where, "must have at least one node selector term")]
    errors: Errors = []
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        errors += node_selector_term(term, (*where, i), check_values=True)
    return errors


def _weight(item: Mapping[str, Any], path: JsonPath) -> Errors:
    weight = integer(item.get("weight"))
    if weight is not None and not 1 <= weight <= 100:
        return [invalid((*path, "weight"), weight, "must be in the range 1-100")]
    return []


def _pod_affinity_term(term: Mapping[str, Any], path: JsonPath) -> Errors:
    errors = label_selector(term.get("labelSelector"), (*path, "labelSelector"))
    errors += label_selector(term.get("namespaceSelector"), (*path, "namespaceSelector"))
    for namespace in listed(term.get("namespaces")):
        errors += name(namespace, (*path, "namespace"), names.dns1123_label)
    for field in ("matchLabelKeys", "mismatchLabelKeys"):
        keys = term.get(field)
        if keys and term.get("labelSelector") is None:
            detail = "must not be specified when labelSelector is not set"
            errors.append(forbidden((*path, field), detail))
        elif isinstance(keys, list):
            for i, key in enumerate(keys):
                errors += label_name(key, (*path, field, i))
    if "topologyKey" in term:
        topology = term.get("topologyKey") or ""
        if not topology:
            errors.append(required((*path, "topologyKey"), "can not be empty"))
        errors += label_name(topology, (*path, "topologyKey"))
    return errors


def affinity(data: Any, path: JsonPath) -> Errors:
    """`validateAffinity`."""
    if not is_mapping(data):
        return []
    errors: Errors = []
    node = data.get("nodeAffinity")
    if is_mapping(node):
        where = (*path, "nodeAffinity")
        hard = "requiredDuringSchedulingIgnoredDuringExecution"
        errors += node_selector(node.get(hard), (*where, hard))
        soft = "preferredDuringSchedulingIgnoredDuringExecution"
        for i, item in entries(node.get(soft)):
            errors += _weight(item, (*where, soft, i))
            errors += node_selector_term(
                item.get("preference"), (*where, soft, i, "preference"), False
            )
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = data.get(kind)
        if not is_mapping(pod):
            continue
        where = (*path, kind)
        hard = "requiredDuringSchedulingIgnoredDuringExecution"
        for i, term in entries(pod.get(hard)):
            errors += _pod_affinity_term(term, (*where, hard, i))
        soft = "preferredDuringSchedulingIgnoredDuringExecution"
        for i, item in entries(pod.get(soft)):
            errors += _weight(item, (*where, soft, i))
            weighted = item.get("podAffinityTerm")
            if is_mapping(weighted):
                errors += _pod_affinity_term(weighted, (*where, soft, i, "podAffinityTerm"))
    return errors


def topology_spread(items: Any, path: JsonPath) -> Errors:
    """`validateTopologySpreadConstraints`."""
    errors: Errors = []
    listed = list(entries(items))
    for i, constraint in listed:
        where = (*path, i)
        skew = integer(constraint.get("maxSkew"))
        if skew is not None and skew <= 0:
            errors.append(invalid((*where, "maxSkew"), skew, NOT_POSITIVE))
        if "topologyKey" in constraint and not constraint.get("topologyKey"):
            errors.append(required((*where, "topologyKey"), "can not be empty"))
        action = constraint.get("whenUnsatisfiable")
        errors += one_of(action, (*where, "whenUnsatisfiable"), WHEN_UNSATISFIABLE)
        pair = (constraint.get("topologyKey"), action)
        if any(
            (c.get("topologyKey"), c.get("whenUnsatisfiable")) == pair for _, c in listed[i + 1 :]
        ):
            named = (*where, "{topologyKey, whenUnsatisfiable}")
            errors.append(duplicate(named, f"{{{pair[0]}, {pair[1]}}}", at=where))
        domains = integer(constraint.get("minDomains"))
        if constraint.get("minDomains") is not None and domains is not None:
            if domains <= 0:
                errors.append(invalid((*where, "minDomains"), domains, NOT_POSITIVE))
            if action != "DoNotSchedule":
                detail = f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                errors.append(invalid((*where, "minDomains"), domains, detail))
        for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            errors += one_of(constraint.get(policy), (*where, policy), INCLUSION_POLICIES)
        errors += _match_label_keys(constraint, (*where, "matchLabelKeys"))
        errors += label_selector(constraint.get("labelSelector"), (*where, "labelSelector"))
    return errors


def _match_label_keys(constraint: Mapping[str, Any], path: JsonPath) -> Errors:
    keys = constraint.get("matchLabelKeys")
    if not keys or not isinstance(keys, list):
        return []
    selector = constraint.get("labelSelector")
    if not is_mapping(selector):
        return [forbidden(path, "must not be specified when labelSelector is not set")]
    match_labels = selector.get("matchLabels")
    taken = {*(match_labels if is_mapping(match_labels) else {})}
    taken |= {hashable(e.get("key")) for _, e in entries(selector.get("matchExpressions"))}
    errors: Errors = []
    for i, key in enumerate(keys):
        errors += label_name(key, (*path, i))
        if hashable(key) in taken:
            detail = "exists in both matchLabelKeys and labelSelector"
            errors.append(invalid((*path, i), key, detail))
    return errors

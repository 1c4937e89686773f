"""The rbac group: `pkg/apis/rbac/validation` (Role, ClusterRole and their bindings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import entries, is_mapping
from kubelint.validation.common import Options, label_selector, name, path_segment
from kubelint.validation.field import Errors, invalid, not_supported, required
from kubelint.yamlload import JsonPath

GROUP = "rbac.authorization.k8s.io"


def _rule(rule: Mapping[str, Any], path: JsonPath, namespaced: bool) -> Errors:
    """`ValidatePolicyRule`."""
    errors: Errors = []
    if not rule.get("verbs"):
        errors.append(required((*path, "verbs"), "verbs must contain at least one value"))
    urls = rule.get("nonResourceURLs")
    if urls:
        where = (*path, "nonResourceURLs")
        if namespaced:
            detail = "namespaced rules cannot apply to non-resource URLs"
            errors.append(invalid(where, urls, detail))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            detail = "rules cannot apply to both regular resources and non-resource URLs"
            errors.append(invalid(where, urls, detail))
        return errors
    if not rule.get("apiGroups"):
        detail = "resource rules must supply at least one api group"
        errors.append(required((*path, "apiGroups"), detail))
    if not rule.get("resources"):
        detail = "resource rules must supply at least one resource"
        errors.append(required((*path, "resources"), detail))
    return errors


def _rules(data: Mapping[str, Any], namespaced: bool) -> Errors:
    errors: Errors = []
    for i, rule in entries(data.get("rules")):
        errors += _rule(rule, ("rules", i), namespaced)
    return errors


def role(data: Mapping[str, Any], options: Options) -> Errors:
    return _rules(data, namespaced=True)


def cluster_role(data: Mapping[str, Any], options: Options) -> Errors:
    errors = _rules(data, namespaced=False)
    aggregation = data.get("aggregationRule")
    if is_mapping(aggregation):
        selectors = aggregation.get("clusterRoleSelectors")
        where: JsonPath = ("aggregationRule", "clusterRoleSelectors")
        if not selectors:
            detail = "at least one clusterRoleSelector required if aggregationRule is non-nil"
            errors.append(required(where, detail))
        for i, selector in entries(selectors):
            errors += label_selector(selector, (*where, i))
    return errors


def _subject(subject: Mapping[str, Any], path: JsonPath, namespaced: bool) -> Errors:
    """`ValidateRoleBindingSubject` (User and Group default their apiGroup)."""
    errors: Errors = []
    subject_name, kind, group = subject.get("name"), subject.get("kind"), subject.get("apiGroup")
    if not subject_name:
        errors.append(required((*path, "name")))
    if kind == "ServiceAccount":
        errors += name(subject_name, (*path, "name"))
        if group:
            errors.append(not_supported((*path, "apiGroup"), group, ("",)))
        if not namespaced and not subject.get("namespace"):
            errors.append(required((*path, "namespace")))
    elif kind in ("User", "Group"):
        if group and group != GROUP:
            errors.append(not_supported((*path, "apiGroup"), group, (GROUP,)))
    elif kind is not None:
        errors.append(not_supported((*path, "kind"), kind, ("ServiceAccount", "User", "Group")))
    return errors


def _binding(data: Mapping[str, Any], kinds: tuple[str, ...], namespaced: bool) -> Errors:
    errors: Errors = []
    ref = data.get("roleRef")
    if is_mapping(ref):
        group = ref.get("apiGroup")
        if group is not None and group != GROUP:
            errors.append(not_supported(("roleRef", "apiGroup"), group, (GROUP,)))
        kind = ref.get("kind")
        if kind is not None and kind not in kinds:
            errors.append(not_supported(("roleRef", "kind"), kind, kinds))
        ref_name = ref.get("name")
        if not ref_name:
            errors.append(required(("roleRef", "name")))
        else:
            errors += name(ref_name, ("roleRef", "name"), path_segment)
    for i, subject in entries(data.get("subjects")):
        errors += _subject(subject, ("subjects", i), namespaced)
    return errors


def role_binding(data: Mapping[str, Any], options: Options) -> Errors:
    return _binding(data, ("Role", "ClusterRole"), namespaced=True)


def cluster_role_binding(data: Mapping[str, Any], options: Options) -> Errors:
    return _binding(data, ("ClusterRole",), namespaced=False)

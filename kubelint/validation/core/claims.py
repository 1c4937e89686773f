"""A pod's dynamic resource claims (`validatePodResourceClaims`) and the claims its containers
use (`validateResourceClaimNames`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries
from kubelint.validation.common import hashable
from kubelint.validation.common import name as name_check
from kubelint.validation.field import (
    Errors,
    ErrorType,
    FieldError,
    Typed,
    duplicate,
    invalid,
    required,
)
from kubelint.yamlload import JsonPath


def resource_claims(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodResourceClaims` and each container's `validateResourceClaimNames`: named
    claims, each from a claim or a template, and containers using only the pod's claims."""
    errors: Errors = []
    names_seen: set[Any] = set()
    for i, claim in entries(spec.get("resourceClaims")):
        where = (*path, "resourceClaims", i)
        claim_name = hashable(claim.get("name"))
        if not claim_name:
            errors.append(required((*where, "name")))
        elif claim_name in names_seen:
            errors.append(duplicate((*where, "name"), claim_name))
        else:
            errors += name_check(claim_name, (*where, "name"), names.dns1123_label)
            names_seen.add(claim_name)
        from_claim, from_template = (
            claim.get("resourceClaimName"),
            claim.get("resourceClaimTemplateName"),
        )
        if (from_claim is None) == (from_template is None):
            detail = (
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
                if from_claim is None
                else "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be "
                "specified"
            )
            shown = Typed(
                f'core.PodResourceClaim{{Name:"{claim_name or ""}", …}}',
                {"Name": claim_name or "", "ResourceClaimName": from_claim,
                 "ResourceClaimTemplateName": from_template},
            )  # fmt: skip
            errors.append(invalid(where, shown, detail))
        for field, value in (
            ("resourceClaimName", from_claim),
            ("resourceClaimTemplateName", from_template),
        ):
            errors += name_check(value, (*where, field))
    known = sorted(str(n) for n in names_seen)
    for field in ("containers", "initContainers", "ephemeralContainers"):
        for i, container in entries(spec.get(field)):
            claims = dig(container, "resources", "claims")
            if claims is not None:  # (the usual case: none, no path to make)
                where = (*path, field, i, "resources", "claims")
                errors += _container_claims(claims, where, known)
    return errors


def _container_claims(claims: Any, path: JsonPath, known: list[str]) -> Errors:
    errors: Errors = []
    seen: set[str] = set()
    for i, claim in entries(claims):
        claim_name = claim.get("name")
        if not claim_name or not isinstance(claim_name, str):
            errors.append(required((*path, i)))
            continue
        request = claim.get("request")
        key = f"{claim_name}/{request}" if request else claim_name
        if claim_name in seen or key in seen:
            errors.append(duplicate((*path, i), claim_name if claim_name in seen else key))
        elif not request and any(k.startswith(claim_name + "/") for k in seen):
            errors.append(duplicate((*path, i), claim_name))
        if isinstance(request, str) and request:
            errors += name_check(request, (*path, i, "request"), names.dns1123_label)
        seen.add(key)
        if claim_name not in known:
            detail = "must be one of the names in pod.spec.resourceClaims" + (
                ": " + ", ".join(known) if known else " which is empty"
            )
            errors.append(FieldError(ErrorType.NOT_FOUND, (*path, i), claim_name, detail))
    return errors

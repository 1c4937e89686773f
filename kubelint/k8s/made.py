"""Objects an operator makes from a custom resource of the input: a reference to one of them
is no dangling reference (a pod reading the Secret a cert-manager Certificate writes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kubelint.k8s.data import dig, entries, text
from kubelint.k8s.kinds import api_group


def _certificate(data: Mapping[str, Any]) -> Iterable[Any]:
    return (dig(data, "spec", "secretName"),)


def _external_secret(data: Mapping[str, Any]) -> Iterable[Any]:
    target = dig(data, "spec", "target")
    target = target if isinstance(target, Mapping) else {}
    if target.get("creationPolicy") in ("Merge", "None"):  # it fills a Secret made elsewhere
        return ()
    return (target.get("name") or dig(data, "metadata", "name"),)


def _own_name(data: Mapping[str, Any]) -> Iterable[Any]:
    return (dig(data, "metadata", "name"),)


def _secret_provider_class(data: Mapping[str, Any]) -> Iterable[Any]:
    return (item.get("secretName") for _, item in entries(dig(data, "spec", "secretObjects")))


# (group, kind) of a custom resource → (the kind it makes, the names it gives them).
MAKERS: dict[tuple[str, str], tuple[str, Callable[[Mapping[str, Any]], Iterable[Any]]]] = {
    ("cert-manager.io", "Certificate"): ("Secret", _certificate),
    ("external-secrets.io", "ExternalSecret"): ("Secret", _external_secret),
    ("bitnami.com", "SealedSecret"): ("Secret", _own_name),  # unsealed under its own name
    ("secrets-store.csi.x-k8s.io", "SecretProviderClass"): ("Secret", _secret_provider_class),
}


def made(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """`(kind, name)` of each object an operator makes from this one (in its namespace)."""
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return ()
    maker = MAKERS.get((api_group(api_version), kind))
    if maker is None:
        return ()
    made_kind, names = maker
    return tuple((made_kind, name) for name in map(text, names(data)) if name)

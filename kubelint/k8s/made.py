"""Objects an operator makes from a custom resource of the input, or a Job of the input writes:
a reference to one of them is no dangling reference (a pod reading the Secret a cert-manager
Certificate writes, or the one kube-webhook-certgen's `create --secret-name` Job writes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kubelint.k8s.data import dig, entries, text
from kubelint.k8s.kinds import api_group
from kubelint.k8s.workloads import containers


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


def _secret_writer(data: Mapping[str, Any]) -> Iterable[Any]:
    """The Secret a Job's container writes with `create --secret-name NAME` (kube-webhook-certgen,
    the hook Job of ingress-nginx's and prometheus-operator's charts), in the Job's namespace
    (not when its `--namespace` names another, literally)."""
    own = dig(data, "metadata", "namespace")
    for container in containers(data):
        words = [
            word
            for key in ("command", "args")
            if isinstance(container.data.get(key), list)
            for word in container.data[key]
            if isinstance(word, str)
        ]
        if "create" not in words:
            continue
        flags = dict(_flags(words))
        namespace = flags.get("--namespace")  # (`$(POD_NAMESPACE)`: read from the pod's env)
        if namespace and own is not None and "$(" not in namespace and namespace != own:
            continue
        yield flags.get("--secret-name")


def _flags(words: list[str]) -> Iterable[tuple[str, str]]:
    """`(--flag, value)` of `--flag=value` and `--flag value`."""
    for i, word in enumerate(words):
        if word.startswith("--"):
            flag, equals, value = word.partition("=")
            if equals:
                yield flag, value
            elif i + 1 < len(words) and not words[i + 1].startswith("-"):
                yield flag, words[i + 1]


# (group, kind) of a custom resource, or of a Job → (the kind it makes, the names it gives them).
MAKERS: dict[tuple[str, str], tuple[str, Callable[[Mapping[str, Any]], Iterable[Any]]]] = {
    ("cert-manager.io", "Certificate"): ("Secret", _certificate),
    ("external-secrets.io", "ExternalSecret"): ("Secret", _external_secret),
    ("bitnami.com", "SealedSecret"): ("Secret", _own_name),  # unsealed under its own name
    ("secrets-store.csi.x-k8s.io", "SecretProviderClass"): ("Secret", _secret_provider_class),
    ("batch", "Job"): ("Secret", _secret_writer),
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

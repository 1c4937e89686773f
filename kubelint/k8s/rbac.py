"""RBAC: what a Role's or ClusterRole's rules grant, and whom the bindings of the input give
it to. Used by the `rbac-*` rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from kubelint.k8s.data import dig, entries, mapping, text
from kubelint.objects import ObjectIndex, Resource

ROLE_KINDS = frozenset({"Role", "ClusterRole"})
BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")


class PolicyRule(NamedTuple):
    """One entry of a Role's `rules`."""

    entry: int  # its index in the role's `rules` (a NamedTuple has its own `index`)
    groups: frozenset[str]
    resources: frozenset[str]
    verbs: frozenset[str]
    names: bool  # limited to some resourceNames

    def grants(self, verbs: set[str], resources: set[str], groups: set[str]) -> set[str]:
        """The verbs of `verbs` this rule grants on one of `resources` of one of `groups` (a
        `*` in the rule grants them all); empty when it grants none."""
        if not ("*" in self.groups or self.groups & groups):
            return set()
        if not ("*" in self.resources or self.resources & resources):
            return set()
        return set(verbs) if "*" in self.verbs else set(self.verbs & verbs)


def _strings(value: Any) -> frozenset[str]:
    items = value if isinstance(value, list) else []
    return frozenset(v for v in items if isinstance(v, str))


def policy_rules(role: Mapping[str, Any]) -> tuple[PolicyRule, ...]:
    """The rules of a Role or ClusterRole (ones that name URLs only grant no resource)."""
    return tuple(
        PolicyRule(
            i,
            _strings(rule.get("apiGroups")),
            _strings(rule.get("resources")),
            _strings(rule.get("verbs")),
            bool(rule.get("resourceNames")),
        )
        for i, rule in entries(role.get("rules"))
    )


def bindings_by_role(index: ObjectIndex) -> dict[tuple[str, str | None, str], list[Resource]]:
    """The input's bindings by the role they grant: `(Role, namespace, name)` for a Role (a
    RoleBinding grants a Role of its own namespace), `(ClusterRole, None, name)`."""
    out: dict[tuple[str, str | None, str], list[Resource]] = {}
    for binding in index.of_kind(*BINDING_KINDS):
        ref = mapping(binding.data.get("roleRef"))
        kind, name = text(ref.get("kind")), text(ref.get("name"))
        if kind in ROLE_KINDS and name:
            namespace = binding.ref.namespace if kind == "Role" else None
            out.setdefault((kind, namespace, name), []).append(binding)
    return out


def subjects(binding: Resource) -> Iterator[str]:
    """`ServiceAccount shop/app`, `User alice`, `Group devs`: whom a binding grants its role."""
    for _, subject in entries(binding.data.get("subjects")):
        kind, name = text(subject.get("kind")) or "?", text(subject.get("name")) or "?"
        if kind == "ServiceAccount":
            namespace = text(subject.get("namespace")) or binding.ref.namespace or "?"
            yield f"ServiceAccount {namespace}/{name}"
        else:
            yield f"{kind} {name}"


def granted_to(bindings: list[Resource]) -> str:
    """`bound to User alice, …` (the subjects of a role's bindings in the input), or that the
    input binds it to no one."""
    names = sorted({s for binding in bindings for s in subjects(binding)})
    return f"bound to {', '.join(names)}" if names else "bound to no subject in the input"


def role_ref_name(binding: Mapping[str, Any]) -> str | None:
    return text(dig(binding, "roleRef", "name"))

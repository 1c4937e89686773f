"""What the `rbac-*` rules about a Role's grants share: one finding per rule of the role that
grants the risk, at that rule, naming whom the input binds the role to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kubelint.k8s.rbac import ROLE_KINDS, PolicyRule, bindings_by_role, granted_to, policy_rules
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import CheckAll, Context, Problem

# What a rule of a role grants that the check is about, worded for the message; None: nothing.
Describe = Callable[[PolicyRule], "str | None"]


def grants_check(describe: Describe) -> CheckAll:
    def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
        bindings: dict[tuple[str, str | None, str], list[Resource]] | None = None
        for role in index.of_kind(*sorted(ROLE_KINDS)):
            found = [(rule, what) for rule in policy_rules(role.data) if (what := describe(rule))]
            if not found or role.kind is None:
                continue
            if bindings is None:
                bindings = bindings_by_role(index)
            namespace = role.ref.namespace if role.kind == "Role" else None
            bound = granted_to(bindings.get((role.kind, namespace, role.ref.name or ""), []))
            for rule, what in found:
                yield (
                    role,
                    Problem(
                        f'{role.kind} "{role.ref.name}" rules[{rule.entry}] {what}; {bound}',
                        ("rules", rule.entry),
                    ),
                )

    return check_all


def listed(verbs: set[str]) -> str:
    return ", ".join(sorted(verbs))

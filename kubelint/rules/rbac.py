"""What the `rbac-*` rules about a Role's grants share: one finding per rule of the role that
grants the risk, at that rule, naming whom the input binds the role to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kubelint.k8s.rbac import PolicyRule, granted_to, policy_rules
from kubelint.objects import Resource
from kubelint.rules.base import CheckObject, Context, Problem

# What a rule of a role grants that the check is about, worded for the message; None: nothing.
Describe = Callable[[PolicyRule], "str | None"]


def grants_check(describe: Describe) -> CheckObject:
    def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
        found = [(rule, what) for rule in policy_rules(obj.data) if (what := describe(rule))]
        if not found:
            return
        bound = granted_to(ctx.index, obj)
        for rule, what in found:
            yield Problem(
                f'{obj.kind} "{obj.ref.name}" rules[{rule.index}] {what}; {bound}',
                ("rules", rule.index),
            )

    return check


def listed(verbs: set[str]) -> str:
    return ", ".join(sorted(verbs))

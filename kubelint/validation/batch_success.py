"""A Job's success policy (`validateSuccessPolicy` of `pkg/apis/batch/validation`): its rules,
their succeeded indexes (`validateIndexesFormat`) and counts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import NEGATIVE, listed
from kubelint.validation.field import (
    Errors,
    Typed,
    invalid,
    required,
    too_long,
    too_many,
)
from kubelint.yamlload import JsonPath

RULES_MAX = 20
INDEXES_MAX = 64 * 1024  # bytes of a rule's succeededIndexes
INT64_MAX = 2**63 - 1
_ATOI = re.compile(r"[+-]?[0-9]+")  # what Go's strconv.Atoi reads


class IndexesError(ValueError):
    """An index list that does not parse, in the server's words."""


def _index(text: str, completions: int) -> int:
    # Atoi fails on anything but digits (and a sign) and on what overflows an int64.
    if not _ATOI.fullmatch(text) or len(text.lstrip("+-")) > 19 or abs(int(text)) > INT64_MAX:
        raise IndexesError(f'cannot convert string to integer for index: "{text}"')
    value = int(text)
    if value >= completions:
        raise IndexesError(f'too large index: "{text}"')
    return value


def _interval(text: str, completions: int) -> tuple[int, int]:
    """`parseIndexInterval`: `3` or `3-5`."""
    limits = text.split("-")
    if len(limits) > 2:
        raise IndexesError(
            f'the fragment "{text}" violates the requirement that an index interval can have at '
            "most two parts separated by '-'"
        )
    first = _index(limits[0], completions)
    if len(limits) == 1:
        return first, first
    last = _index(limits[1], completions)
    if first >= last:
        raise IndexesError(f"non-increasing order, previous: {first}, current: {last}")
    return first, last


def count_indexes(text: str, completions: int) -> int:
    """`validateIndexesFormat`: how many indexes `1,3,5-9` names, below `completions`."""
    if not text:
        return 0
    total, previous = 0, None
    for part in text.split(","):
        first, last = _interval(part, completions)
        if previous is not None and previous >= first:
            raise IndexesError(f"non-increasing order, previous: {previous}, current: {first}")
        total += last - first + 1
        previous = last
    return total


def _rule(rule: Mapping[str, Any], completions: int | None, path: JsonPath) -> Errors:
    indexes, count = rule.get("succeededIndexes"), integer(rule.get("succeededCount"))
    if indexes is None and rule.get("succeededCount") is None:
        detail = "at least one of succeededCount or succeededIndexes must be specified"
        return [required(path, detail)]
    if completions is None:
        return []  # reported as a missing `completions`
    errors: Errors = []
    total = 0
    if isinstance(indexes, str):
        where = (*path, "succeededIndexes")
        if len(indexes.encode()) > INDEXES_MAX:
            errors.append(too_long(where, INDEXES_MAX))
        try:
            total = count_indexes(indexes, completions)
        except IndexesError as error:
            errors.append(invalid(where, indexes, f"error parsing succeededIndexes: {error}"))
    if count is not None:
        where = (*path, "succeededCount")
        if count < 0:
            errors.append(invalid(where, count, NEGATIVE))
        if count > completions:
            detail = f"must be less than or equal to {completions} (the number of specified "
            errors.append(invalid(where, count, detail + "completions)"))
        if indexes is not None and count > total:
            detail = f"must be less than or equal to {total} (the number of indexes in the "
            errors.append(invalid(where, count, detail + "specified succeededIndexes field)"))
    return errors


def _shown(policy: Mapping[str, Any]) -> Typed:
    """The policy as the server prints it (its `%#v` leaves the rules' pointers out)."""
    rules = listed(policy.get("rules"))
    data = [
        {
            "SucceededIndexes": rule.get("succeededIndexes"),
            "SucceededCount": rule.get("succeededCount"),
        }
        for rule in rules
        if isinstance(rule, Mapping)
    ]
    go = f"batch.SuccessPolicy{{Rules:[]batch.SuccessPolicyRule{{{'…' if rules else ''}}}}}"
    return Typed(go, {"Rules": data if policy.get("rules") is not None else None})


def success_policy(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateSuccessPolicy`, which only Indexed Jobs may have."""
    policy = spec.get("successPolicy")
    if not is_mapping(policy):
        return []
    where = (*path, "successPolicy")
    if spec.get("completionMode") != "Indexed":
        return [invalid(where, _shown(policy), "requires indexed completion mode")]
    rules = listed(policy.get("rules"))
    errors: Errors = []
    if not rules:
        detail = "at least one rules must be specified when the successPolicy is specified"
        errors.append(required((*where, "rules"), detail))
    if len(rules) > RULES_MAX:
        errors.append(too_many((*where, "rules"), len(rules), RULES_MAX))
    completions = integer(spec.get("completions"))
    for i, rule in entries(rules):
        errors += _rule(rule, completions, (*where, "rules", i))
    return errors

"""The batch group: `pkg/apis/batch/validation` (Job, CronJob)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.cron import schedule_error
from kubelint.k8s.data import dig, integer, is_mapping
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.validation.batch_policy import pod_failure_policy
from kubelint.validation.common import Options, label_selector, nonnegative, one_of
from kubelint.validation.core.pod import pod_template
from kubelint.validation.field import (
    Errors,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

CRONJOB_NAME_MAX = 52  # the names of the Jobs it creates add 11 characters
INDEXED_MAX = 100_000


def job_spec(spec: Any, path: JsonPath, options: Options) -> Errors:
    """`validateJobSpec` (the selector is generated unless `manualSelector`)."""
    if not is_mapping(spec):
        return []
    errors = nonnegative(
        spec, path, "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
        "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes",
    )  # fmt: skip
    mode = spec.get("completionMode") or "NonIndexed"
    errors += one_of(
        spec.get("completionMode"), (*path, "completionMode"), ("NonIndexed", "Indexed")
    )
    if mode == "Indexed":
        completions = integer(spec.get("completions"))
        if spec.get("completions") is None:
            errors.append(required((*path, "completions"), "when completion mode is Indexed"))
        elif completions is not None and completions > INDEXED_MAX:
            detail = f"must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"
            errors.append(invalid((*path, "completions"), completions, detail))
    elif spec.get("backoffLimitPerIndex") is not None:
        detail = "requires indexed completion mode"
        errors.append(forbidden((*path, "backoffLimitPerIndex"), detail))
    errors += one_of(
        spec.get("podReplacementPolicy"), (*path, "podReplacementPolicy"),
        ("Failed", "TerminatingOrFailed"),
    )  # fmt: skip
    template = spec.get("template")
    if spec.get("manualSelector") is True:
        selector = spec.get("selector")
        if selector is None:
            errors.append(required((*path, "selector")))
        else:
            errors += label_selector(selector, (*path, "selector"))
            errors += _selects_template(selector, template, path)
    errors += pod_template(template, (*path, "template"), options)
    errors += pod_failure_policy(spec, path)
    policy = dig(template, "spec", "restartPolicy") or "Always"
    if is_mapping(template) and policy not in ("OnFailure", "Never"):
        where = (*path, "template", "spec", "restartPolicy")
        errors.append(not_supported(where, policy, ("OnFailure", "Never")))
    return errors


def _selects_template(selector: Any, template: Any, path: JsonPath) -> Errors:
    if not is_mapping(selector):
        return []
    template_labels = dig(template, "metadata", "labels")
    template_labels = template_labels if is_mapping(template_labels) else {}
    try:
        selected = matches(selector, template_labels)
    except SelectorError:
        return []
    if selected:
        return []
    where = (*path, "template", "metadata", "labels")
    return [invalid(where, template_labels, "`selector` does not match template `labels`")]


def job(data: Mapping[str, Any], options: Options) -> Errors:
    return job_spec(data.get("spec"), ("spec",), options)


def cron_job(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    cron_name = dig(data, "metadata", "name")
    if isinstance(cron_name, str) and len(cron_name) > CRONJOB_NAME_MAX:
        errors += invalid_all(
            ("metadata", "name"), cron_name, names.too_long(cron_name, CRONJOB_NAME_MAX)
        )
    spec = data.get("spec")
    if not is_mapping(spec):
        return errors
    path: JsonPath = ("spec",)
    schedule = spec.get("schedule")
    if not schedule:
        errors.append(required((*path, "schedule")))
    elif isinstance(schedule, str):
        if "TZ" in schedule:
            detail = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
            errors.append(invalid((*path, "schedule"), schedule, detail))
        elif (error := schedule_error(schedule)) is not None:
            errors.append(invalid((*path, "schedule"), schedule, error))
    errors += nonnegative(
        spec,
        path,
        "startingDeadlineSeconds",
        "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
    )
    errors += one_of(
        spec.get("concurrencyPolicy"), (*path, "concurrencyPolicy"), ("Allow", "Forbid", "Replace")
    )
    template = spec.get("jobTemplate")
    if is_mapping(template):
        errors += job_spec(template.get("spec"), (*path, "jobTemplate", "spec"), options)
    return errors

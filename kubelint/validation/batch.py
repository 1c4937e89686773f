"""The batch group: `pkg/apis/batch/validation` (Job, CronJob)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.cron import schedule_error
from kubelint.k8s.data import dig, integer, is_mapping, mapping
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.validation.batch_policy import pod_failure_policy
from kubelint.validation.batch_success import success_policy
from kubelint.validation.common import (
    Options,
    label_selector,
    nonnegative,
    one_of,
    selector_value,
)
from kubelint.validation.core.pod import pod_template
from kubelint.validation.field import (
    Errors,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_long,
)
from kubelint.validation.networking import domain_prefixed_path
from kubelint.yamlload import JsonPath

CRONJOB_NAME_MAX = 52  # the names of the Jobs it creates add 11 characters
INDEXED_MAX = 100_000
HIGH_COMPLETIONS_MAX = 10_000  # parallelism and failed indexes past INDEXED_MAX completions
MANAGED_BY_MAX = 63
IANA = "https://www.iana.org/time-zones"
REPLACEMENTS = ("Failed", "TerminatingOrFailed")
_TZ_PART = re.compile(r"[A-Za-z.\-_0-9+]{1,14}")


def job_spec(spec: Any, path: JsonPath, options: Options, in_template: bool = False) -> Errors:
    """`validateJobSpec` (the selector is generated unless `manualSelector`; a CronJob's job
    template, `in_template`, always has it generated)."""
    if not is_mapping(spec):
        return []
    errors = nonnegative(
        spec, path, "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
        "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes",
    )  # fmt: skip
    if spec.get("maxFailedIndexes") is not None and spec.get("backoffLimitPerIndex") is None:
        detail = "when maxFailedIndexes is specified"
        errors.append(required((*path, "backoffLimitPerIndex"), detail))
    errors += _managed_by(spec.get("managedBy"), (*path, "managedBy"))
    errors += one_of(
        spec.get("completionMode"), (*path, "completionMode"), ("NonIndexed", "Indexed")
    )
    if spec.get("completionMode") == "Indexed":
        errors += _indexed(spec, path, options)
    elif spec.get("completionMode") in (None, "NonIndexed"):
        for field in ("backoffLimitPerIndex", "maxFailedIndexes"):
            if (value := spec.get(field)) is not None:
                where = (*path, field)
                errors.append(invalid(where, value, "requires indexed completion mode"))
    errors += pod_failure_policy(spec, path)
    errors += success_policy(spec, path)
    errors += _replacement_policy(spec, (*path, "podReplacementPolicy"))
    template = spec.get("template")
    if spec.get("manualSelector") is True and not in_template:
        selector = spec.get("selector")
        if selector is None:
            errors.append(required((*path, "selector")))
        else:
            errors += label_selector(selector, (*path, "selector"))
            errors += _selects_template(selector, template, path)
    errors += pod_template(template, (*path, "template"), options)
    if is_mapping(template):
        errors += _restart_policy(spec, template, path, options)
    return errors


def _managed_by(value: Any, path: JsonPath) -> Errors:
    if value is None:
        return []
    errors = domain_prefixed_path(value, path)
    if isinstance(value, str) and len(value) > MANAGED_BY_MAX:
        errors.append(too_long(path, MANAGED_BY_MAX))
    return errors


def _indexed(spec: Mapping[str, Any], path: JsonPath, options: Options) -> Errors:
    """The limits of an Indexed Job: completions required; parallelism (completions before
    1.27) and failed indexes capped; more limits past 100,000 completions per index."""
    completions = integer(spec.get("completions"))
    parallelism = integer(spec.get("parallelism"))
    failed = integer(spec.get("maxFailedIndexes"))
    errors: Errors = []
    if spec.get("completions") is None:
        errors.append(required((*path, "completions"), "when completion mode is Indexed"))
    capped, field = (
        (parallelism, "parallelism") if options.minor >= 27 else (completions, "completions")
    )
    if capped is not None and capped > INDEXED_MAX:
        detail = f"must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"
        errors.append(invalid((*path, field), capped, detail))
    if completions is not None and failed is not None and failed > completions:
        detail = "must be less than or equal to completions"
        errors.append(invalid((*path, "maxFailedIndexes"), failed, detail))
    if failed is not None and failed > INDEXED_MAX:
        detail = f"must be less than or equal to {INDEXED_MAX}"
        errors.append(invalid((*path, "maxFailedIndexes"), failed, detail))
    if (
        completions is not None
        and completions > INDEXED_MAX
        and spec.get("backoffLimitPerIndex") is not None
    ):
        high = (
            f"must be less than or equal to {HIGH_COMPLETIONS_MAX} when completions are above "
            f"{INDEXED_MAX} and used with backoff limit per index"
        )
        if spec.get("maxFailedIndexes") is None:
            detail = f"must be specified when completions is above {INDEXED_MAX}"
            errors.append(required((*path, "maxFailedIndexes"), detail))
        if parallelism is not None and parallelism > HIGH_COMPLETIONS_MAX:
            errors.append(invalid((*path, "parallelism"), parallelism, high))
        if failed is not None and failed > HIGH_COMPLETIONS_MAX:
            errors.append(invalid((*path, "maxFailedIndexes"), failed, high))
    return errors


def _replacement_policy(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodReplacementPolicy`: only `Failed` with a pod failure policy."""
    policy = spec.get("podReplacementPolicy")
    if policy is None:
        return []
    if spec.get("podFailurePolicy") is not None:
        return [] if policy == "Failed" else [not_supported(path, policy, ("Failed",))]
    return (
        one_of(policy, path, ("Failed", "TerminatingOrFailed"))
        if policy
        else [not_supported(path, policy, ("Failed", "TerminatingOrFailed"))]
    )


def _restart_policy(
    spec: Mapping[str, Any], template: Mapping[str, Any], path: JsonPath, options: Options
) -> Errors:
    """A Job's pods restart `OnFailure` or `Never` (left out, it is `Always`); only `Never`
    with a pod failure policy. From 1.27 the server words `Always` as a missing value."""
    template_spec = mapping(template.get("spec"))
    policy = template_spec.get("restartPolicy") or "Always"
    where = (*path, "template", "spec", "restartPolicy")
    if policy == "Always" and options.minor >= 27:
        missing = required(where, 'valid values: "OnFailure", "Never"')
        # Written out, the finding points at the value that is as good as missing.
        return [missing._replace(key=False) if "restartPolicy" in template_spec else missing]
    if policy not in ("OnFailure", "Never"):
        return [not_supported(where, policy, ("OnFailure", "Never"))]
    if spec.get("podFailurePolicy") is not None and policy != "Never":
        detail = 'only "Never" is supported when podFailurePolicy is specified'
        return [invalid(where, policy, detail)]
    return []


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
    return job_spec(data.get("spec"), ("spec",), options) + _indexed_hostnames(data)


def _indexed_hostnames(data: Mapping[str, Any]) -> Errors:
    """`ValidateJob`: an Indexed Job's pods are named `<job>-<index>`, a DNS label."""
    spec, job_name = data.get("spec"), dig(data, "metadata", "name")
    if not is_mapping(spec) or spec.get("completionMode") != "Indexed":
        return []
    completions = integer(spec.get("completions"))
    if not isinstance(job_name, str) or completions is None or completions <= 0:
        return []
    hostname = f"{job_name}-{completions - 1}"
    if not names.dns1123_label(hostname):
        return []
    detail = f"will not able to create pod with invalid DNS label: {hostname}"
    return [invalid(("metadata", "name"), job_name, detail)]


def time_zone(value: Any, path: JsonPath) -> Errors:
    """`validateTimeZone`: an IANA name the server's time zone database knows."""
    if value is None:
        return []
    text = str(value)
    if not text:
        return [invalid(path, text, "timeZone must be nil or non-empty string")]
    for part in text.split("/"):
        if part in (".", "..") or part.startswith("-") or not _TZ_PART.fullmatch(part):
            return [invalid(path, text, f"unknown time zone {text}")]
    if text.lower() == "local":
        detail = "timeZone must be an explicit time zone as defined in " + IANA
        return [invalid(path, text, detail)]
    if text != "UTC" and text not in _zones():
        return [invalid(path, text, f"unknown time zone {text}")]
    return []


@functools.cache
def _zones() -> frozenset[str]:
    import zoneinfo  # for a CronJob's timeZone only: 2 ms of every start-up otherwise

    return frozenset(zoneinfo.available_timezones())


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
    errors += time_zone(spec.get("timeZone"), (*path, "timeZone"))
    errors += one_of(
        spec.get("concurrencyPolicy"), (*path, "concurrencyPolicy"), ("Allow", "Forbid", "Replace")
    )
    template = spec.get("jobTemplate")
    if is_mapping(template):
        errors += _job_template(template.get("spec"), (*path, "jobTemplate", "spec"), options)
    return errors


def _job_template(spec: Any, path: JsonPath, options: Options) -> Errors:
    """`ValidateJobTemplateSpec`: the selector of the Jobs a CronJob makes is generated."""
    errors = job_spec(spec, path, options, in_template=True)
    if not is_mapping(spec):
        return errors
    if spec.get("selector") is not None:
        detail = "`selector` will be auto-generated"
        errors.append(invalid((*path, "selector"), selector_value(spec["selector"]), detail))
    if spec.get("manualSelector") is True:
        errors.append(not_supported((*path, "manualSelector"), True, ("nil", "false")))
    return errors

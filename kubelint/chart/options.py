"""What a chart render depends on besides the chart: the values flags, the release, the target
Kubernetes version. Light on purpose: every `lint` run builds one, charts or not."""

from __future__ import annotations

import re
from typing import NamedTuple

from kubelint.errors import UsageError
from kubelint.limits import DEFAULT_LIMITS, Limits

RELEASE_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
MAX_RELEASE_NAME = 53


class ValueOptions(NamedTuple):
    """The values flags of `template` and `lint`, each in the order given."""

    files: tuple[str, ...] = ()
    set_json: tuple[str, ...] = ()
    set: tuple[str, ...] = ()
    set_string: tuple[str, ...] = ()
    set_file: tuple[str, ...] = ()
    set_literal: tuple[str, ...] = ()


class ChartOptions(NamedTuple):
    """How a chart is rendered: its values, release, namespace, Kubernetes version and bounds."""

    values: ValueOptions = ValueOptions()
    release: str = "release-name"
    namespace: str = "default"
    kube_version: str | None = None  # "1.31" or "v1.31.2"; default: the newest bundled
    api_versions: tuple[str, ...] = ()
    strict: bool = False  # a missing value used in a template is an error
    limits: Limits = DEFAULT_LIMITS  # what values files, Chart.yaml and the render may take

    def validate(self) -> None:
        if len(self.release) > MAX_RELEASE_NAME or not RELEASE_NAME.fullmatch(self.release):
            raise UsageError(
                f"invalid release name {self.release!r}: must match regex"
                f" ^{RELEASE_NAME.pattern}$ and the length must not be longer than"
                f" {MAX_RELEASE_NAME}"
            )

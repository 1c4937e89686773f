"""Errors a user can cause, each mapped to an exit code in one place (the CLI)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class KubelintError(Exception):
    """An error caused by the user's input or invocation: one line, no traceback."""

    exit_code = EXIT_USAGE


class UsageError(KubelintError):
    """Bad flags or arguments, or a command that is not available."""


class InputError(KubelintError):
    """An input path that cannot be read."""


class ConfigError(KubelintError):
    """An invalid configuration file."""


class ChartError(KubelintError):
    """A chart that cannot be loaded or rendered: exit 1, like a finding."""

    exit_code = EXIT_FINDINGS

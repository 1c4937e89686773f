"""Name and label syntax the API server enforces, with its own words.

The rules of `k8s.io/apimachinery/pkg/util/validation`: each function returns the reasons a
value is invalid (empty when it is valid), worded like the API server's messages. The checks are
pure and the same label keys, values and names recur across a run's objects, so each function
remembers its recent answers (a bounded cache: memory stays flat on any input).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = rf"{_LABEL}(\.{_LABEL})*"
_DNS1035 = r"[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = rf"({_QUALIFIED})?"

LABEL_MAX = 63
SUBDOMAIN_MAX = 253
PORT_NAME_MAX = 15
ANNOTATIONS_MAX = 256 * 1024  # bytes of all keys and values together

_IS_QUALIFIED = re.compile(_QUALIFIED).fullmatch
_IS_PORT_NAME = re.compile(r"[-a-z0-9]+").fullmatch
_HAS_LETTER = re.compile(r"[a-z]").search

_CACHED = 8192  # answers each function remembers

Reasons = tuple[str, ...]
Check = Callable[[str], Reasons]


def too_long(value: str, limit: int) -> Reasons:
    return (f"must be no more than {limit} characters",) if len(value) > limit else ()


def _syntax(pattern: str, limit: int, description: str) -> Check:
    """A check of a length limit and a regular expression, with the API server's message."""
    is_valid = re.compile(pattern).fullmatch
    message = f"{description}, regex used for validation is '{pattern}')"

    @functools.lru_cache(maxsize=_CACHED)
    def check(value: str) -> Reasons:
        return too_long(value, limit) + (() if is_valid(value) else (message,))

    return check


dns1123_label = _syntax(
    _LABEL,
    LABEL_MAX,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc'",
)
dns1123_subdomain = _syntax(
    _SUBDOMAIN,
    SUBDOMAIN_MAX,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com'",
)
dns1035_label = _syntax(
    _DNS1035,
    LABEL_MAX,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or "
    "'abc-123'",
)
label_value = _syntax(
    _LABEL_VALUE,
    LABEL_MAX,
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue', or "
    "'my_value', or '12345'",
)


@functools.lru_cache(maxsize=_CACHED)
def qualified_name(value: str) -> Reasons:
    """A label or annotation key: an optional DNS subdomain prefix and `/`, then a name."""
    prefix, slash, name = value.rpartition("/")
    errors: list[str] = []
    if value.count("/") > 1:
        return (
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character, with an optional DNS subdomain "
            "prefix and '/' (e.g. 'example.com/MyName')",
        )
    if slash:
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend(f"prefix part {reason}" for reason in dns1123_subdomain(prefix))
    if not name:
        return (*errors, "name part must be non-empty")
    errors.extend(f"name part {reason}" for reason in too_long(name, LABEL_MAX))
    if not _IS_QUALIFIED(name):
        errors.append(
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', "
            f"regex used for validation is '{_QUALIFIED}')"
        )
    return tuple(errors)


@functools.lru_cache(maxsize=_CACHED)
def port_name(value: str) -> Reasons:
    """IANA_SVC_NAME (RFC 6335): what a container port's or a Service port's name must be."""
    errors = list(too_long(value, PORT_NAME_MAX))
    if not _IS_PORT_NAME(value):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if "--" in value:
        errors.append("must not contain consecutive hyphens")
    if not _HAS_LETTER(value):
        errors.append("must contain at least one letter (a-z)")
    if value.startswith("-") or value.endswith("-"):
        errors.append("must not begin or end with a hyphen")
    return tuple(errors)

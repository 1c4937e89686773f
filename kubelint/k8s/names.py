"""Name and label syntax the API server enforces, with its own words.

The rules of `k8s.io/apimachinery/pkg/util/validation`: each function returns the reasons a
value is invalid (an empty list when it is valid), worded like the API server's messages.
"""

from __future__ import annotations

import re

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = rf"{_LABEL}(\.{_LABEL})*"
_DNS1035 = r"[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = rf"({_QUALIFIED})?"

LABEL_MAX = 63
SUBDOMAIN_MAX = 253
PORT_NAME_MAX = 15
ANNOTATIONS_MAX = 256 * 1024  # bytes of all keys and values together

_IS_LABEL = re.compile(_LABEL).fullmatch
_IS_SUBDOMAIN = re.compile(_SUBDOMAIN).fullmatch
_IS_DNS1035 = re.compile(_DNS1035).fullmatch
_IS_QUALIFIED = re.compile(_QUALIFIED).fullmatch
_IS_LABEL_VALUE = re.compile(_LABEL_VALUE).fullmatch
_IS_PORT_NAME = re.compile(r"[-a-z0-9]+").fullmatch
_HAS_LETTER = re.compile(r"[a-z]").search


def too_long(value: str, limit: int) -> list[str]:
    return [f"must be no more than {limit} characters"] if len(value) > limit else []


def dns1123_label(value: str) -> list[str]:
    errors = too_long(value, LABEL_MAX)
    if not _IS_LABEL(value):
        errors.append(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
            "'-', and must start and end with an alphanumeric character (e.g. 'my-name', or "
            f"'123-abc', regex used for validation is '{_LABEL}')"
        )
    return errors


def dns1123_subdomain(value: str) -> list[str]:
    errors = too_long(value, SUBDOMAIN_MAX)
    if not _IS_SUBDOMAIN(value):
        errors.append(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character (e.g. "
            f"'example.com', regex used for validation is '{_SUBDOMAIN}')"
        )
    return errors


def dns1035_label(value: str) -> list[str]:
    errors = too_long(value, LABEL_MAX)
    if not _IS_DNS1035(value):
        errors.append(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
            "with an alphabetic character, and end with an alphanumeric character (e.g. "
            f"'my-name', or 'abc-123', regex used for validation is '{_DNS1035}')"
        )
    return errors


def qualified_name(value: str) -> list[str]:
    """A label or annotation key: an optional DNS subdomain prefix and `/`, then a name."""
    prefix, slash, name = value.rpartition("/")
    errors: list[str] = []
    if value.count("/") > 1:
        return [
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character, with an optional DNS subdomain "
            "prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if slash:
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend(f"prefix part {reason}" for reason in dns1123_subdomain(prefix))
    if not name:
        return [*errors, "name part must be non-empty"]
    errors.extend(f"name part {reason}" for reason in too_long(name, LABEL_MAX))
    if not _IS_QUALIFIED(name):
        errors.append(
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', "
            f"regex used for validation is '{_QUALIFIED}')"
        )
    return errors


def label_value(value: str) -> list[str]:
    errors = too_long(value, LABEL_MAX)
    if not _IS_LABEL_VALUE(value):
        errors.append(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', "
            "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
            f"or 'my_value', or '12345', regex used for validation is '{_LABEL_VALUE}')"
        )
    return errors


def port_name(value: str) -> list[str]:
    """IANA_SVC_NAME (RFC 6335): what a container port's or a Service port's name must be."""
    errors = too_long(value, PORT_NAME_MAX)
    if not _IS_PORT_NAME(value):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if "--" in value:
        errors.append("must not contain consecutive hyphens")
    if not _HAS_LETTER(value):
        errors.append("must contain at least one letter (a-z)")
    if value.startswith("-") or value.endswith("-"):
        errors.append("must not begin or end with a hyphen")
    return errors

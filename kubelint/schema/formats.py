"""The string formats a CRD's schema may name, checked on custom resources as the API server
checks them (apiextensions-apiserver `validation/formats.go` keeps these formats and strips the
others; kube-openapi's `strfmt` default registry validates them). JSON schema treats `format` as
an annotation, so the schema rule's validator does not.

An error is worded as the server words it:
`spec.ip: Invalid value: "300.1.1.1": spec.ip in body must be of type ipv4: "300.1.1.1"`.

Format names are compared without dashes (`date-time` is `datetime`), as go-openapi does.
`isbn`, `isbn10`, `isbn13` and `creditcard` are accepted unchecked, as are an empty string and a
hostname or email address with characters beyond ASCII (the server's patterns use Unicode
classes): kubelint says nothing rather than guess.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.printable import json_quote
from kubelint.validation.field import go_value
from kubelint.validation.ipam import sloppy_ip
from kubelint.yamlload import JsonPath

Check = Callable[[str], bool]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))")
_GO_DURATION = re.compile(r"[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+|[-+]?0")
_SCALA_PART = re.compile(r"(\d+)\s*([A-Za-zµ]+)")
_UNITS = (
    ("ns", "nano"), ("us", "µs", "micro"), ("ms", "milli"), ("s", "sec"), ("m", "min"),
    ("h", "hr", "hour"), ("d", "day"), ("w", "wk", "week"),
)  # fmt: skip
_HOSTNAME = re.compile(
    r"([a-zA-Z0-9]((-?[a-zA-Z0-9]{0,62})?)|([a-zA-Z0-9](([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.))"
    r"{1,}([a-zA-Z]){2,63})"
)
_UUID = r"[0-9a-f]{8}-?[0-9a-f]{4}-?%s[0-9a-f]{3}-?%s[0-9a-f]{3}-?[0-9a-f]{12}"
_BASE64 = re.compile(
    r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})"
)
_BYTE = r"(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])"
_RGB = rf"rgb\(\s*{_BYTE}\s*,\s*{_BYTE}\s*,\s*{_BYTE}\s*\)"
_MAC_SEPARATED = re.compile(r"[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2})*")
_MAC_DOTTED = re.compile(r"[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})*")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_BAD_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+|[^<>]*<[^@\s<>]+@[^@\s<>]+>\s*")


def _date(text: str) -> bool:
    """Go's `time.Parse("2006-01-02")`."""
    if not _DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date_time(text: str) -> bool:
    """strfmt's `IsDateTime`: a date, a `t`, then a time whose fields compare as strings."""
    parts = text.lower().split("t")
    if len(text) < 4 or len(parts) < 2 or not _date(parts[0]):
        return False
    match = _TIME.match(parts[1])
    if match is None or match.end() != len(parts[1]):
        return False
    return match[1] <= "23" and match[2] <= "59" and match[3] <= "59"


def _duration(text: str) -> bool:
    """Go's `time.ParseDuration`, else the Scala-like `3 days 2 hours` that strfmt reads."""
    if _GO_DURATION.fullmatch(text):
        return True
    for _, written in _SCALA_PART.findall(text):
        unit = written.lower().strip()
        for variants in _UNITS:
            if unit.startswith(variants[-1]) or any(unit == v.lower() for v in variants):
                return True
    return False


def _ipv4(text: str) -> bool:
    return sloppy_ip(text) is not None and "." in text


def _ipv6(text: str) -> bool:
    return sloppy_ip(text) is not None and ":" in text


def _cidr(text: str) -> bool:
    address, slash, prefix = text.partition("/")
    found = sloppy_ip(address)
    return bool(slash and prefix.isdigit() and found and int(prefix) <= found.max_prefixlen)


def _mac(text: str) -> bool:
    """Go's `net.ParseMAC`: 6, 8 or 20 octets, by colons, dashes or dotted quads."""
    if _MAC_SEPARATED.fullmatch(text):
        return (len(text) + 1) // 3 in (6, 8, 20)
    if _MAC_DOTTED.fullmatch(text):
        return (len(text) + 1) // 5 * 2 in (6, 8, 20)
    return False


def _uuid(version: str, variant: str) -> Check:
    pattern = re.compile(_UUID % (version, variant), re.IGNORECASE)
    return lambda text: pattern.fullmatch(text) is not None


def _hostname(text: str) -> bool:
    if not text.isascii():
        return True  # the server's pattern reads Unicode letters and symbols
    if not _HOSTNAME.fullmatch(text) or len(text) > 255:
        return False
    return all(len(part) <= 63 for part in text.split("."))


def _email(text: str) -> bool:
    return not text.isascii() or _EMAIL.fullmatch(text) is not None


def _uri(text: str) -> bool:
    """Go's `url.ParseRequestURI`: an absolute URI or an absolute path, without spaces, control
    characters or broken escapes."""
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return False
    if _BAD_ESCAPE.search(text):
        return False
    return text.startswith("/") or _SCHEME.match(text) is not None


def _byte(text: str) -> bool:
    if not _BASE64.fullmatch(text):
        return False
    try:
        base64.b64decode(text, validate=True)
    except binascii.Error:
        return False
    return True


def _matches(pattern: str, length: int | None = None) -> Check:
    compiled = re.compile(pattern)
    return lambda text: (length is None or len(text) == length) and bool(compiled.fullmatch(text))


def _short_name(text: str) -> bool:
    return not names.dns1123_label(text)


def _long_name(text: str) -> bool:
    return not names.dns1123_subdomain(text)


def _anything(text: str) -> bool:
    return True


# Normalised format name → its check, and the first minor release whose server knows it.
FORMATS: dict[str, tuple[Check, int]] = {
    "bsonobjectid": (_matches(r"[0-9a-fA-F]{24}"), 0),
    "uri": (_uri, 0),
    "email": (_email, 0),
    "hostname": (_hostname, 0),
    "ipv4": (_ipv4, 0),
    "ipv6": (_ipv6, 0),
    "cidr": (_cidr, 0),
    "mac": (_mac, 0),
    "uuid": (_uuid("[0-9a-f]", "[0-9a-f]"), 0),
    "uuid3": (_uuid("3", "[0-9a-f]"), 0),
    "uuid4": (_uuid("4", "[89ab]"), 0),
    "uuid5": (_uuid("5", "[89ab]"), 0),
    "isbn": (_anything, 0),
    "isbn10": (_anything, 0),
    "isbn13": (_anything, 0),
    "creditcard": (_anything, 0),
    "ssn": (_matches(r"\d{3}[- ]?\d{2}[- ]?\d{4}", length=11), 0),
    "hexcolor": (_matches(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})"), 0),
    "rgbcolor": (_matches(_RGB), 0),
    "byte": (_byte, 0),
    "password": (_anything, 0),
    "date": (_date, 0),
    "duration": (_duration, 0),
    "datetime": (_date_time, 0),
    "k8sshortname": (_short_name, 34),
    "k8slongname": (_long_name, 34),
}


def _name(path: JsonPath) -> str:
    """kube-openapi's name of a field: `spec.ips[0]`, `spec.labels.key`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(path: JsonPath, value: str, format_name: str, minor: int) -> str:
    name = _name(path)
    return (
        f"{name}: Invalid value: {go_value(value, minor)}: {name} in body must be of type "
        f"{format_name}: {json_quote(value, ascii=False)}"
    )


def format_errors(
    schema: Any, value: Any, minor: int, path: JsonPath = ()
) -> Iterator[tuple[str, JsonPath]]:
    """`(message, path)` for each string of `value` its schema's `format` refuses."""
    if not isinstance(schema, Mapping):
        return
    format_name = schema.get("format")
    if isinstance(value, str) and value and isinstance(format_name, str):
        check, since = FORMATS.get(format_name.replace("-", ""), (_anything, 0))
        if since <= minor and schema.get("type") in (None, "string") and not check(value):
            yield _message(path, value, format_name, minor), path
    for branch in schema.get("allOf") or ():  # every branch of an allOf applies
        yield from format_errors(branch, value, minor, path)
    if isinstance(value, Mapping):
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key) if isinstance(properties, Mapping) else None
            yield from format_errors(sub if sub is not None else extra, item, minor, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from format_errors(schema.get("items"), item, minor, (*path, i))

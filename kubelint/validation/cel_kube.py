"""Kubernetes' own CEL libraries (`k8s.io/apiserver/pkg/cel/library`) as cel-python functions:
quantities (`quantity("1Gi").isGreaterThan(…)`), URLs (`url(self).getHost()`), IP addresses
and CIDRs (`ip(self).family()`, `cidr(self).containsIP(…)`) and named formats
(`format.dns1123Label().validate(self)`).

Values of these types are small frozen records; an invalid argument to a constructor raises
ValueError, which cel-python turns into an evaluation error, as the server's is.
"""

from __future__ import annotations

import base64
import ipaddress
import re
import urllib.parse
import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from celpy import celtypes

from kubelint.k8s import names
from kubelint.k8s.quantity import QuantityError, parse_quantity
from kubelint.validation.cel_text import NONE, Function, Namespace, Optional, _string

INT64 = 2**63
FORMAT = Namespace("format")
IP = Namespace("ip")


# Quantities.


@dataclass(frozen=True, slots=True)
class Quantity:
    amount: Decimal

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Quantity) and self.amount == other.amount

    def __hash__(self) -> int:
        return hash(self.amount)


def _quantity_of(text: Any) -> Quantity | None:
    try:
        return Quantity(parse_quantity(_string(text)))
    except QuantityError:
        return None


def quantity(text: Any) -> Quantity:
    found = _quantity_of(text)
    if found is None:
        raise ValueError("quantities must match the regular expression")
    return found


def is_quantity(text: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_quantity_of(text) is not None)


def _amount(value: Any) -> Decimal:
    if isinstance(value, Quantity):
        return value.amount
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(int(value))
    raise TypeError("expected a quantity or an int")


def sign(value: Any) -> celtypes.IntType:
    amount = _amount(value)
    return celtypes.IntType((amount > 0) - (amount < 0))


def is_integer(value: Any) -> celtypes.BoolType:
    amount = _amount(value)
    return celtypes.BoolType(amount == amount.to_integral_value() and -INT64 <= amount < INT64)


def as_integer(value: Any) -> celtypes.IntType:
    if not is_integer(value):
        raise ValueError("cannot convert value to integer")
    return celtypes.IntType(int(_amount(value)))


def as_approximate_float(value: Any) -> celtypes.DoubleType:
    return celtypes.DoubleType(float(_amount(value)))


def add(value: Any, other: Any) -> Quantity:
    return Quantity(_amount(value) + _amount(other))


def sub(value: Any, other: Any) -> Quantity:
    return Quantity(_amount(value) - _amount(other))


def is_greater_than(value: Any, other: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_amount(value) > _amount(other))


def is_less_than(value: Any, other: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_amount(value) < _amount(other))


def compare_to(value: Any, other: Any) -> celtypes.IntType:
    a, b = _amount(value), _amount(other)
    return celtypes.IntType((a > b) - (a < b))


# URLs: Go's url.ParseRequestURI, an absolute URI or an absolute path.


@dataclass(frozen=True, slots=True)
class URL:
    parsed: urllib.parse.SplitResult


def _url_of(text: Any) -> URL | None:
    raw = _string(text)
    if not raw or any(c in raw for c in " \x7f") or any(ord(c) < 0x20 for c in raw):
        return None
    try:
        parsed = urllib.parse.urlsplit(raw)
        parsed.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if not parsed.scheme and not raw.startswith("/"):
        return None
    if parsed.scheme and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parsed.scheme):
        return None
    return URL(parsed._replace(fragment=""))


def url(text: Any) -> URL:
    found = _url_of(text)
    if found is None:
        raise ValueError(f"URL parse error during conversion from string: {text}")
    return found


def is_url(text: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_url_of(text) is not None)


def _parsed(value: Any) -> urllib.parse.SplitResult:
    if not isinstance(value, URL):
        raise TypeError("expected a URL")
    return value.parsed


def get_scheme(value: Any) -> celtypes.StringType:
    return celtypes.StringType(_parsed(value).scheme)


def get_host(value: Any) -> celtypes.StringType:
    return celtypes.StringType(_parsed(value).netloc.rpartition("@")[2])


def get_hostname(value: Any) -> celtypes.StringType:
    host = _parsed(value).netloc.rpartition("@")[2]
    if host.startswith("["):
        return celtypes.StringType(host[1 : host.find("]")])
    return celtypes.StringType(host.partition(":")[0])


def get_port(value: Any) -> celtypes.StringType:
    host = _parsed(value).netloc.rpartition("@")[2]
    tail = host[host.find("]") + 1 :] if host.startswith("[") else host
    return celtypes.StringType(tail.partition(":")[2])


def get_escaped_path(value: Any) -> celtypes.StringType:
    return celtypes.StringType(_parsed(value).path)


def get_query(value: Any) -> celtypes.MapType:
    query = urllib.parse.parse_qs(_parsed(value).query, keep_blank_values=True)
    return celtypes.MapType(
        {
            celtypes.StringType(k): celtypes.ListType([celtypes.StringType(v) for v in vs])
            for k, vs in query.items()
        }
    )


# IP addresses and CIDRs (Kubernetes 1.31): no zones, no IPv4-mapped IPv6 addresses.

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class CIDR:
    address: Address
    network: Network


def _address_of(text: Any) -> Address | None:
    raw = _string(text)
    if "%" in raw:
        return None
    try:
        found = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return None
    return found


def _cidr_of(text: Any) -> CIDR | None:
    raw = _string(text)
    address_text, slash, prefix = raw.partition("/")
    address = _address_of(address_text)
    if address is None or not slash or not prefix.isdigit() or prefix != str(int(prefix)):
        return None
    try:
        network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    except ValueError:
        return None
    return CIDR(address, network)


def ip(value: Any) -> Address:
    """`ip("10.0.0.1")`, and `cidr.ip()`: its address."""
    if isinstance(value, CIDR):
        return value.address
    found = _address_of(value)
    if found is None:
        raise ValueError(f"IP Address {value!r} parse error during conversion from string")
    return found


def is_canonical(namespace: Any, text: Any) -> celtypes.BoolType:
    """`ip.isCanonical("…")`: the address written as Go writes it."""
    if namespace is not IP:
        raise TypeError("no such overload")
    return celtypes.BoolType(str(ip(text)) == text)


def is_ip(text: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_address_of(text) is not None)


def _address(value: Any) -> Address:
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return value
    raise TypeError("expected an IP address")


def family(value: Any) -> celtypes.IntType:
    return celtypes.IntType(_address(value).version)


def is_unspecified(value: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_address(value).is_unspecified)


def is_loopback(value: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_address(value).is_loopback)


_LINK_MULTICAST = (ipaddress.ip_network("224.0.0.0/24"), ipaddress.ip_network("ff02::/16"))


def is_link_local_multicast(value: Any) -> celtypes.BoolType:
    address = _address(value)
    return celtypes.BoolType(
        any(address in n for n in _LINK_MULTICAST if n.version == address.version)
    )


def is_link_local_unicast(value: Any) -> celtypes.BoolType:
    address = _address(value)
    return celtypes.BoolType(address.is_link_local and not address.is_multicast)


def is_global_unicast(value: Any) -> celtypes.BoolType:
    """Go's IsGlobalUnicast: not unspecified, loopback, link-local, multicast or broadcast."""
    address = _address(value)
    broadcast = address == ipaddress.IPv4Address("255.255.255.255")
    return celtypes.BoolType(
        not (address.is_unspecified or address.is_loopback or address.is_link_local)
        and not address.is_multicast
        and not broadcast
    )


def cidr(text: Any) -> CIDR:
    found = _cidr_of(text)
    if found is None:
        raise ValueError(f"network address {text!r} parse error during conversion from string")
    return found


def is_cidr(text: Any) -> celtypes.BoolType:
    return celtypes.BoolType(_cidr_of(text) is not None)


def _network(value: Any) -> Network:
    if isinstance(value, CIDR):
        return value.network
    raise TypeError("expected a CIDR")


def contains_ip(value: Any, address: Any) -> celtypes.BoolType:
    found = ip(address) if isinstance(address, str) else _address(address)
    network = _network(value)
    return celtypes.BoolType(found.version == network.version and found in network)


def contains_cidr(value: Any, other: Any) -> celtypes.BoolType:
    inner = cidr(other).network if isinstance(other, str) else _network(other)
    outer = _network(value)
    return celtypes.BoolType(inner.version == outer.version and inner.subnet_of(outer))  # type: ignore[arg-type]


def prefix_length(value: Any) -> celtypes.IntType:
    return celtypes.IntType(_network(value).prefixlen)


def masked(value: Any) -> CIDR:
    network = _network(value)
    return CIDR(network.network_address, network)


# Named formats (Kubernetes 1.32): `format.dns1123Label().validate(s)` → optional list of errors.


@dataclass(frozen=True, slots=True)
class Format:
    name: str


def _prefix(check: names.Check) -> names.Check:
    """A name prefix (for generateName): a trailing dash is allowed."""
    return lambda value: check(value[:-1] + "a" if value.endswith("-") else value)


def _parses(parse: Any, message: str) -> names.Check:
    def check(value: str) -> names.Reasons:
        try:
            parse(value)
        except ValueError:
            return (message,)
        return ()

    return check


_URI = _parses(url, "invalid URI")
FORMATS: dict[str, names.Check] = {
    "dns1123Label": names.dns1123_label,
    "dns1123Subdomain": names.dns1123_subdomain,
    "dns1035Label": names.dns1035_label,
    "qualifiedName": names.qualified_name,
    "dns1123LabelPrefix": _prefix(names.dns1123_label),
    "dns1123SubdomainPrefix": _prefix(names.dns1123_subdomain),
    "dns1035LabelPrefix": _prefix(names.dns1035_label),
    "labelValue": names.label_value,
    "uri": _URI,
    "uuid": _parses(uuidlib.UUID, "does not match the UUID format"),
    "byte": _parses(lambda v: base64.b64decode(v, validate=True), "invalid base64"),
    "date": _parses(date.fromisoformat, "invalid date"),
    "datetime": _parses(
        lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")), "invalid datetime"
    ),
}


def named(namespace: Any, name: Any) -> Optional:
    if namespace is not FORMAT:
        raise TypeError("no such overload")
    key = _string(name)
    return Optional(Format(key), True) if key in FORMATS else NONE


def _format_function(key: str) -> Function:
    def make(namespace: Any) -> Format:
        if namespace is not FORMAT:
            raise TypeError("no such overload")
        return Format(key)

    return make


def validate(value: Any, text: Any) -> Optional:
    if not isinstance(value, Format):
        raise TypeError("expected a format")
    reasons = FORMATS[value.name](_string(text))
    if not reasons:
        return NONE
    return Optional(celtypes.ListType([celtypes.StringType(r) for r in reasons]), True)


FUNCTIONS: dict[str, Function] = {
    "quantity": quantity,
    "isQuantity": is_quantity,
    "sign": sign,
    "isInteger": is_integer,
    "asInteger": as_integer,
    "asApproximateFloat": as_approximate_float,
    "add": add,
    "sub": sub,
    "isGreaterThan": is_greater_than,
    "isLessThan": is_less_than,
    "compareTo": compare_to,
    "url": url,
    "isURL": is_url,
    "getScheme": get_scheme,
    "getHost": get_host,
    "getHostname": get_hostname,
    "getPort": get_port,
    "getEscapedPath": get_escaped_path,
    "getQuery": get_query,
    "ip": ip,
    "isIP": is_ip,
    "isCanonical": is_canonical,
    "family": family,
    "isUnspecified": is_unspecified,
    "isLoopback": is_loopback,
    "isLinkLocalMulticast": is_link_local_multicast,
    "isLinkLocalUnicast": is_link_local_unicast,
    "isGlobalUnicast": is_global_unicast,
    "cidr": cidr,
    "isCIDR": is_cidr,
    "containsIP": contains_ip,
    "containsCIDR": contains_cidr,
    "prefixLength": prefix_length,
    "masked": masked,
    "named": named,
    "validate": validate,
    **{key: _format_function(key) for key in FORMATS},
}
VARIABLES: dict[str, Any] = {"format": FORMAT, "ip": IP}

"""IPAddress and ServiceCIDR (`pkg/apis/networking/validation`): the objects the API server
allocates Service IPs with. An IPAddress is named by its address, in canonical form, and
names the object it is allocated to; a ServiceCIDR holds one range, or one of each family.

The addresses are checked as apimachinery's strict `IsValidIP` and `IsValidCIDR` do: what Go's
lenient parser reads (leading zeros in IPv4 octets included), then no leading zeros, no
IPv4-mapped IPv6 address, no bits beyond the prefix, and the canonical spelling.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import is_mapping, mapping
from kubelint.validation.common import CIDR_FORMAT, IP_FORMAT, Options, listed, path_segment
from kubelint.validation.field import Errors, Typed, go_syntax, invalid, invalid_all, required
from kubelint.yamlload import JsonPath

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_DOTTED = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_PREFIX = re.compile(r"\d+")
DUAL_STACK = (
    "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64"
)


def _sloppy(value: str) -> tuple[Address | None, bool]:
    """The address Go's `ParseIPSloppy` reads, and whether it had leading zeros."""
    if _DOTTED.fullmatch(value):
        octets = [int(part) for part in value.split(".")]
        if any(octet > 255 for octet in octets):
            return None, False
        leading = any(len(part) > 1 and part.startswith("0") for part in value.split("."))
        return ipaddress.IPv4Address(".".join(map(str, octets))), leading
    if ":" not in value or "%" in value:
        return None, False
    try:
        return ipaddress.IPv6Address(value), False
    except ValueError:
        return None, False


def sloppy_ip(value: str) -> Address | None:
    """The address Go's `ParseIPSloppy` reads in `value`, or None."""
    return _sloppy(value)[0]


def strict_ip(value: Any, path: JsonPath) -> Errors:
    """`IsValidIP`."""
    text = value if isinstance(value, str) else ""
    address, leading = _sloppy(text)
    if address is None:
        return [invalid(path, text, IP_FORMAT)]
    errors: Errors = []
    if leading:
        errors.append(invalid(path, text, "must not have leading 0s"))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        errors.append(invalid(path, text, "must not be an IPv4-mapped IPv6 address"))
    if errors:
        return errors
    if text != str(address):
        return [invalid(path, text, f'must be in canonical form ("{address}")')]
    return []


def strict_cidr(value: Any, path: JsonPath) -> Errors:
    """`IsValidCIDR`."""
    text = value if isinstance(value, str) else ""
    address_text, slash, prefix_text = text.partition("/")
    address, leading = _sloppy(address_text)
    if address is None or not slash or not _PREFIX.fullmatch(prefix_text):
        return [invalid(path, text, CIDR_FORMAT)]
    prefix = int(prefix_text)
    if prefix > address.max_prefixlen:
        return [invalid(path, text, CIDR_FORMAT)]
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    if leading or (len(prefix_text) > 1 and prefix_text.startswith("0")):
        return [invalid(path, text, "must not have leading 0s in IP or prefix length")]
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return [invalid(path, text, "must not have an IPv4-mapped IPv6 address")]
    if network.network_address != address:
        return [invalid(path, text, "must not have bits set beyond the prefix length")]
    if text != str(network):
        return [invalid(path, text, f'must be in canonical form ("{network}")')]
    return []


def _parent_ref(ref: Any, path: JsonPath) -> Errors:
    if not is_mapping(ref):
        return [required(path)]
    errors: Errors = []
    group = ref.get("group")
    if group and isinstance(group, str):
        errors += invalid_all((*path, "group"), group, names.dns1123_subdomain(group))
    for field in ("resource", "name"):
        value = ref.get(field)
        if not value:
            errors.append(required((*path, field)))
        elif isinstance(value, str):
            errors += invalid_all((*path, field), value, path_segment(value))
    namespace = ref.get("namespace")
    if namespace and isinstance(namespace, str):
        errors += invalid_all((*path, "namespace"), namespace, path_segment(namespace))
    return errors


def ip_address(data: Mapping[str, Any], options: Options) -> Errors:
    return _parent_ref(mapping(data.get("spec")).get("parentRef"), ("spec", "parentRef"))


def address_name(value: str) -> names.Reasons:
    """`ValidateIPAddressName`: the name is the address, in canonical form."""
    return tuple(error.detail for error in strict_ip(value, ()))


def _families(cidrs: list[Any]) -> set[int]:
    found: set[int] = set()
    for cidr in cidrs:
        address, _ = _sloppy(str(cidr).partition("/")[0])
        if address is None:
            return set()
        found.add(address.version)
    return found


def service_cidr(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec", "cidrs")
    cidrs = listed(spec.get("cidrs"))
    if not cidrs:
        return [required(path, "at least one CIDR required")]
    if len(cidrs) > 2 or (len(cidrs) == 2 and len(_families(cidrs)) != 2):
        shown = Typed(f"networking.ServiceCIDRSpec{{CIDRs:{go_syntax(cidrs)}}}", {"CIDRs": cidrs})
        detail = "may only hold up to 2 values" if len(cidrs) > 2 else DUAL_STACK
        return [invalid(path, shown, detail)]
    errors: Errors = []
    for i, cidr in enumerate(cidrs):
        errors += strict_cidr(cidr, (*path, i))
    return errors

"""CRD validation rules in CEL: the Kubernetes libraries, messageExpression, transition rules,
defaults, fieldPath and reason, and the evaluation budget (kubelint/validation/cel*.py).

The library cases follow the examples of the Kubernetes CEL documentation
(https://kubernetes.io/docs/reference/using-api/cel/) and of `k8s.io/apiserver/pkg/cel/library`'s
tests: each a rule, the value bound to `self`, and its verdict.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kubelint.validation import cel
from kubelint.validation.cel_eval import Meter, evaluate, to_cel

LIBRARY = [
    # strings (cel-go ext.Strings)
    ("self.charAt(1) == 'b'", "abc", True),
    ("self.indexOf('c') == 2 && self.indexOf('x') == -1", "abc", True),
    ("self.indexOf('a', 1) == 3", "abca", True),
    ("self.lastIndexOf('a') == 3", "abca", True),
    ("self.lowerAscii() == 'tacoÇat'", "TacoÇat", True),
    ("self.upperAscii() == 'TACOÇAT'", "tacoÇat", True),
    ("self.replace('he', 'we') == 'wello wello'", "hello hello", True),
    ("self.replace('he', 'we', 1) == 'wello hello'", "hello hello", True),
    ("self.split(',') == ['a', 'b', 'c']", "a,b,c", True),
    ("self.split(',', 2) == ['a', 'b,c']", "a,b,c", True),
    ("self.split(',', 0) == []", "a,b,c", True),
    ("self.substring(1, 3) == 'bc'", "abcd", True),
    ("self.trim() == 'x'", "  x \t", True),
    ("self.join('-') == 'a-b'", ["a", "b"], True),
    (
        "'%s has %d items'.format([self.name, size(self.items)]) == 'x has 2 items'",
        {"name": "x", "items": [1, 2]},
        True,
    ),
    ("'%.2f'.format([self]) == '1.50'", 1.5, True),
    # regular expressions (Kubernetes regex library, RE2)
    ("self.find('[0-9]+') == '123'", "abc123def456", True),
    ("self.findAll('[0-9]+') == ['123', '456']", "abc123def456", True),
    ("self.findAll('[0-9]+', 1) == ['123']", "abc123def456", True),
    ("self.matches('^[a-z]+$')", "abc1", False),
    # lists (Kubernetes lists library)
    ("self.isSorted()", [1, 2, 3], True),
    ("self.isSorted()", ["b", "a"], False),
    ("self.sum() == 6 && self.min() == 1 && self.max() == 3", [3, 1, 2], True),
    ("self.indexOf(2) == 1 && self.lastIndexOf(2) == 3", [1, 2, 3, 2], True),
    # sets (cel-go ext.Sets)
    ("sets.contains(self, [1, 2])", [1, 2, 3], True),
    ("sets.equivalent(self, [3, 2, 1])", [1, 2, 3], True),
    ("sets.intersects(self, [7, 8])", [1, 2, 3], False),
    # quantities
    ("quantity(self).isGreaterThan(quantity('1Gi'))", "2Gi", True),
    ("quantity(self).isLessThan(quantity('100m'))", "1", False),
    ("quantity(self) == quantity('1000m')", "1", True),
    ("quantity(self).add(quantity('500m')).compareTo(quantity('1.5')) == 0", "1", True),
    ("quantity(self).sub(1).sign() == -1", "500m", True),
    ("quantity(self).isInteger() && quantity(self).asInteger() == 1024", "1Ki", True),
    ("quantity(self).asApproximateFloat() == 0.5", "500m", True),
    ("isQuantity(self)", "10GB", False),
    # URLs
    (
        "url(self).getScheme() == 'https' && url(self).getHost() == 'example.com:8443'",
        "https://example.com:8443/a?b=c",
        True,
    ),
    ("url(self).getHostname() == '::1' && url(self).getPort() == '80'", "http://[::1]:80/", True),
    ("url(self).getEscapedPath() == '/a%20b'", "https://x/a%20b", True),
    ("url(self).getQuery() == {'b': ['c', 'd']}", "https://x/?b=c&b=d", True),
    ("isURL(self)", "not a url", False),
    ("isURL(self)", "/absolute/path", True),
    # IP addresses and CIDRs
    ("isIP(self) && ip(self).family() == 4", "10.0.0.1", True),
    ("ip(self).isLoopback()", "::1", True),
    ("ip(self).isGlobalUnicast()", "8.8.8.8", True),
    ("ip.isCanonical(self)", "2001:DB8::1", False),
    ("isIP(self)", "::ffff:10.0.0.1", False),
    (
        "cidr(self).containsIP('192.168.1.7') && cidr(self).prefixLength() == 24",
        "192.168.1.0/24",
        True,
    ),
    ("cidr(self).containsCIDR('10.0.0.0/8')", "10.1.0.0/16", False),
    ("cidr(self).masked() == cidr('10.0.0.0/8')", "10.1.2.3/8", True),
    ("isCIDR(self)", "10.0.0.0/33", False),
    # named formats
    ("!format.dns1123Label().validate(self).hasValue()", "my-name", True),
    ("format.dns1123Label().validate(self).hasValue()", "My_Name", True),
    ("format.named('uuid').value().validate(self).hasValue()", "nope", True),
    ("!format.named('nope').hasValue()", "x", True),
    # optional values
    ("optional.of(self).value() == 'x' && optional.none().orValue('y') == 'y'", "x", True),
]


@pytest.mark.parametrize(("rule", "value", "expected"), LIBRARY)
def test_library(rule: str, value: Any, expected: bool) -> None:
    assert evaluate(rule, {"self": to_cel(value, None)}, Meter()) is expected


def _schema(node: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"spec": node}}


def _messages(schema: dict[str, Any], spec: Any) -> list[str]:
    resource = cel.defaulted(schema, {"apiVersion": "x/v1", "spec": spec})
    return [e.message(37) for e in cel.rules(schema, resource)]


def test_message_expression_is_evaluated_and_falls_back_to_message() -> None:
    node = {
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "self.a < 3", "messageExpression": "'a is ' + string(self.a)"},
            {"rule": "self.a < 2", "messageExpression": "'\\n'", "message": "fallback"},
            {"rule": "self.a < 1", "messageExpression": "self.nope", "message": " spaced "},
        ],
        "properties": {"a": {"type": "integer"}},
    }
    assert _messages(_schema(node), {"a": 5}) == [
        'spec: Invalid value: "object": a is 5',
        'spec: Invalid value: "object": fallback',
        'spec: Invalid value: "object": spaced',
    ]


def test_transition_rules_are_skipped_on_create_unless_old_self_is_optional() -> None:
    node = {
        "type": "string",
        "x-kubernetes-validations": [
            {"rule": "self == oldSelf", "message": "immutable"},
            {"rule": "!oldSelf.hasValue()", "optionalOldSelf": True, "message": "runs"},
            {
                "rule": "oldSelf.hasValue() || self != 'x'",
                "optionalOldSelf": True,
                "message": "new objects may not be x",
            },
        ],
    }
    assert _messages(_schema(node), "x") == [
        'spec: Invalid value: "string": new objects may not be x'
    ]


def test_defaults_are_applied_before_the_rules_and_missing_keys_fail_as_on_the_server() -> None:
    node = {
        "type": "object",
        "x-kubernetes-validations": [{"rule": "self.replicas <= self.max"}],
        "properties": {"replicas": {"type": "integer"}, "max": {"type": "integer", "default": 3}},
    }
    assert _messages(_schema(node), {"replicas": 2}) == []
    assert _messages(_schema(node), {"replicas": 4}) == [
        'spec: Invalid value: "object": failed rule: self.replicas <= self.max'
    ]
    assert _messages(_schema(node), {"max": 1}) == [
        'spec: Invalid value: "object": no such key: replicas evaluating rule: '
        "self.replicas <= self.max"
    ]


def test_reason_field_path_and_the_resource_root() -> None:
    schema = {
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "!has(self.metadata.labels)", "message": "root sees name only"},
            {"rule": "self.metadata.name.startsWith('w')", "message": "name"},
        ],
        "properties": {
            "metadata": {"type": "object"},
            "spec": {
                "type": "object",
                "x-kubernetes-validations": [
                    {
                        "rule": "size(self.tags) < 2",
                        "reason": "FieldValueDuplicate",
                        "fieldPath": ".tags",
                    },
                    {
                        "rule": "'a' in self.labels",
                        "reason": "FieldValueRequired",
                        "fieldPath": ".labels['a']",
                        "message": "label a is required",
                    },
                ],
                "properties": {
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
    }
    resource = {
        "metadata": {"name": "v", "labels": {"x": "y"}},
        "spec": {"tags": ["a", "b"], "labels": {}},
    }
    assert [e.message(37) for e in cel.rules(schema, resource)] == [
        'Invalid value: "object": name',
        'spec.tags: Duplicate value: "object"',
        "spec.labels[a]: Required value: label a is required",
    ]


def test_all_of_rules_run_too() -> None:
    node = {"type": "integer", "allOf": [{"x-kubernetes-validations": [{"rule": "self > 1"}]}]}
    assert _messages(_schema(node), 0) == ['spec: Invalid value: "integer": failed rule: self > 1']


def test_hostile_rules_are_bounded() -> None:
    rule = "self.all(a, self.all(b, self.all(c, a + b + c >= 0)))"
    node = {
        "type": "array",
        "items": {"type": "integer"},
        "x-kubernetes-validations": [
            {"rule": rule},
            {"rule": "self.exists(x, x.string().matches('^(a+)+$'))"},
        ],
    }
    started = time.monotonic()
    assert _messages(_schema(node), list(range(2000))) == []  # not evaluated to the end
    assert time.monotonic() - started < 10


def test_backtracking_patterns_run_in_linear_time() -> None:
    started = time.monotonic()
    assert (
        evaluate("self.matches('^(a+)+$')", {"self": to_cel("a" * 5000 + "b", None)}, Meter())
        is False
    )
    assert evaluate("self.findAll('(a|aa)+b')", {"self": to_cel("a" * 5000, None)}, Meter()) == []
    assert time.monotonic() - started < 5


def test_property_names_are_escaped_as_the_server_escapes_them() -> None:
    node = {
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "self.max__dash__surge <= 5", "message": "dash"},
            {"rule": "self.__namespace__ == 'ns'", "message": "keyword"},
            {"rule": "self.a__underscores__b && self.x__dot__y__slash__z", "message": "others"},
            {"rule": "self.labels['app-name'] == 'web'", "message": "map keys stay"},
        ],
        "properties": {
            "max-surge": {"type": "integer"},
            "namespace": {"type": "string"},
            "a__b": {"type": "boolean"},
            "x.y/z": {"type": "boolean"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
    good = {
        "max-surge": 1,
        "namespace": "ns",
        "a__b": True,
        "x.y/z": True,
        "labels": {"app-name": "web"},
    }
    assert _messages(_schema(node), good) == []
    bad = {**good, "max-surge": 9, "namespace": "other"}
    assert _messages(_schema(node), bad) == [
        'spec: Invalid value: "object": dash',
        'spec: Invalid value: "object": keyword',
    ]


def test_numbers_are_doubles_whatever_their_spelling() -> None:
    node = {"type": "number", "x-kubernetes-validations": [{"rule": "self > 2.5"}]}
    assert _messages(_schema(node), 3) == []
    assert _messages(_schema(node), 2) == ['spec: Invalid value: "number": failed rule: self > 2.5']

"""The regular expression functions: Go's RE2 syntax and semantics, as in Helm."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import re2

from kubelint import printable
from kubelint.chart.funcs.base import HelmFunction, TemplateFailure, go_str


class _Pattern(Protocol):
    """What templates use of a compiled RE2 pattern (google-re2 has no type information)."""

    def search(self, text: str) -> Any: ...
    def finditer(self, text: str) -> Iterator[Any]: ...
    def split(self, text: str, maxsplit: int = 0) -> list[str]: ...
    def sub(self, repl: str | Callable[[Any], str], text: str) -> str: ...


RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False  # an invalid pattern is the template's error, not a line on stderr


def _regex(pattern: str) -> _Pattern:
    """A template's regular expression, with Go's syntax and semantics as in Helm (RE2): no
    backtracking, so no pattern or text can make a match take longer than linear time."""
    try:
        compiled: _Pattern = re2.compile(pattern, RE2_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise TemplateFailure(
            f"invalid regular expression {printable.quote(pattern)}: {reason}"
        ) from None
    return compiled


def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    repl = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: f"\\g<{m.group(1) or m.group(2)}>", replacement)
    return _regex(pattern).sub(repl, text)


def _regex_find_all(pattern: str, text: str, count: int) -> list[str]:
    found = [m.group(0) for m in _regex(pattern).finditer(go_str(text))]
    return found[: (None if count < 0 else count)]


def _regex_split(pattern: str, text: str, count: int) -> list[str]:
    if count == 0:
        return []
    return _regex(pattern).split(go_str(text), maxsplit=max(count - 1, 0))


GROUP: dict[str, HelmFunction] = {
    "regexMatch": HelmFunction(
        lambda pattern, s: _regex(pattern).search(go_str(s)) is not None,
        "regex, text",
        "whether `regex` matches in `text`",
    ),
    "regexFind": HelmFunction(
        lambda pattern, s: m.group(0) if (m := _regex(pattern).search(go_str(s))) else "",
        "regex, text",
        'the first match, or `""`',
    ),
    "regexFindAll": HelmFunction(
        _regex_find_all, "regex, text, count", "the first `count` matches (all when negative)"
    ),
    "regexReplaceAll": HelmFunction(
        regex_replace_all, "regex, text, replacement", "every match replaced; `${1}` is a group"
    ),
    "regexReplaceAllLiteral": HelmFunction(
        lambda pattern, s, r: _regex(pattern).sub(lambda _: r, go_str(s)),
        "regex, text, replacement",
        "every match replaced by the text as is",
    ),
    "regexSplit": HelmFunction(
        _regex_split,
        "regex, text, count",
        "the parts between matches (at most `count`; all when negative)",
    ),
    "regexQuoteMeta": HelmFunction(
        lambda s: re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\1", go_str(s)),
        "text",
        "`text` with the regex metacharacters escaped",
    ),
}

"""The string functions: quoting, trimming, cutting, case, wrapping, `printf`."""

from __future__ import annotations

import re
import string
from typing import Any

from jinja2 import Undefined

from kubelint.chart.budget import current
from kubelint.chart.chance import source
from kubelint.chart.funcs.base import (
    HelmFunction,
    as_list,
    as_number,
    bounded,
    format_float,
    go_quote,
    go_str,
)


def quote(*values: Any) -> str:
    return " ".join(go_quote(go_str(v)) for v in values if v is not None)


def squote(*values: Any) -> str:
    return " ".join(f"'{go_str(v)}'" for v in values if v is not None)


def indent(width: int, text: Any) -> str:
    pad = " " * bounded(int(width), str(text).count("\n") + 1)
    return pad + go_str(text).replace("\n", "\n" + pad)


def nindent(width: int, text: Any) -> str:
    return "\n" + indent(width, text)


def trim_all(chars: str, value: Any) -> str:
    return go_str(value).strip(chars)


def trunc(count: int, value: Any) -> str:
    text = go_str(value)
    if count < 0 and len(text) + count > 0:
        return text[len(text) + count :]
    if count >= 0 and len(text) > count:
        return text[:count]
    return text


def repeat(count: int, value: Any) -> str:
    text = go_str(value)
    times = bounded(int(count), len(text))
    current().room(len(text) * times)
    return text * times


def go_replace(old: str, new: str, value: Any) -> str:
    """Every `old` replaced by `new`, refused before it is built when that is too long."""
    text, old, new = go_str(value), go_str(old), go_str(new)
    found = text.count(old) if old else len(text) + 1
    current().room(len(text) + found * (len(new) - len(old)))
    return text.replace(old, new)


def go_join(separator: Any, items: Any) -> str:
    """The items as strings, joined by `separator`, refused before it is built when too long."""
    parts = [go_str(i) for i in _strslice(items)]
    between = go_str(separator)
    current().room(sum(map(len, parts)) + len(between) * len(parts))
    return between.join(parts)


def substr(start: int, end: int, value: Any) -> str:
    text = go_str(value)
    if start < 0:
        return text[:end]
    if end < 0 or end > len(text):
        return text[start:]
    return text[start:end]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", text)


def kebabcase(text: str) -> str:
    return "-".join(w.lower() for w in _words(text))


def snakecase(text: str) -> str:
    return "_".join(w.lower() for w in _words(text))


def camelcase(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[_\-\s]+", text) if w)


_GO_VERB = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([vsdqtfxXgeoc%T])")


def printf(fmt: str, *args: Any) -> str:
    """Go's fmt.Sprintf for the verbs templates use: %v %s %d %q %t %f %x %g %%."""
    values = list(args)

    def verb(match: re.Match[str]) -> str:
        flags, width, precision, kind = match.groups()
        if kind == "%":
            return "%"
        if not values:
            return f"%!{kind}(MISSING)"
        value = values.pop(0)
        if value is None and kind != "v":  # Go's nil for a verb other than %v
            return f"%!{kind}(<nil>)"
        if kind in "vs":
            out = go_str(value)
        elif kind == "q":
            out = go_quote(go_str(value))
        elif kind == "d":
            out = str(int(value)) if isinstance(value, int | float) else f"%!d({go_str(value)})"
        elif kind in "fge":
            number = float(value)
            current().room(int(precision or 0))
            out = f"{number:.{precision or 6}{kind}}" if kind != "g" else format_float(number)
        elif kind in "xX":
            raw = value.encode().hex() if isinstance(value, str) else format(int(value), "x")
            out = raw.upper() if kind == "X" else raw
        elif kind == "t":
            out = go_str(bool(value))
        elif kind == "T":
            out = type(value).__name__
        else:
            out = go_str(value)
        if width:
            size = bounded(int(width))
            current().room(size)
            out = out.ljust(size) if "-" in flags else out.rjust(size, "0" if "0" in flags else " ")
        return out

    text = _GO_VERB.sub(verb, fmt)
    if values:
        text += "%!(EXTRA " + ", ".join(go_str(v) for v in values) + ")"
    return text


def go_print(*args: Any) -> str:
    out = ""
    for index, value in enumerate(args):
        if index and not isinstance(value, str) and not isinstance(args[index - 1], str):
            out += " "
        out += go_str(value)
    return out


def _strslice(value: Any) -> list[Any]:
    """Sprig's strslice: a list as it is, nil as no items, anything else as one item."""
    if value is None or isinstance(value, Undefined):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _abbreviate(text: str, offset: int, width: int) -> str:
    """Sprig's (commons-lang's) AbbreviateFull."""
    if len(text) <= width:
        return text
    offset = min(offset, len(text))
    if len(text) - offset < width - 3:
        offset = len(text) - (width - 3)
    if offset <= 4:
        return text[: width - 3] + "..."
    if offset + width - 3 < len(text):
        return "..." + _abbreviate(text[offset:], 0, width - 3)
    return "..." + text[len(text) - (width - 3) :]


def abbrev(width: int, text: Any) -> str:
    value = go_str(text)
    return value if width < 4 else _abbreviate(value, 0, width)


def abbrevboth(left: int, right: int, text: Any) -> str:
    value = go_str(text)
    if right < 4 or (left > 0 and right < 7):
        return value
    return _abbreviate(value, left, right)


def wrap_custom(width: int, separator: str, text: Any, long_words: bool) -> str:
    """Sprig's (commons-lang's) WrapCustom: break at spaces, lines at most `width` long."""
    value, offset = go_str(text), 0
    out: list[str] = []
    width = max(int(width), 1)
    separator = separator or "\n"
    budget = current()
    lines = len(value) // width + value.count(" ") + 1  # at most
    budget.room(len(value) + lines * len(separator))
    budget.spend(len(value) // width)
    while len(value) - offset > width:
        if value[offset] == " ":
            offset += 1
            continue
        space = value.rfind(" ", offset, width + offset + 1)
        if space >= offset:
            out += (value[offset:space], separator)
            offset = space + 1
        elif long_words:
            out += (value[offset : offset + width], separator)
            offset += width
        else:
            space = value.find(" ", width + offset)
            if space < 0:
                out.append(value[offset:])
                offset = len(value)
            else:
                out += (value[offset:space], separator)
                offset = space + 1
    out.append(value[offset:])
    return "".join(out)


def split_map(separator: str, text: Any, count: int = -1) -> dict[str, str]:
    parts = go_str(text).split(separator, count - 1) if count > 0 else go_str(text).split(separator)
    return {f"_{i}": part for i, part in enumerate(parts)}


def shuffle(text: Any) -> str:
    letters = list(go_str(text))
    source().shuffle(letters)
    return "".join(letters)


GROUP: dict[str, HelmFunction] = {
    "quote": HelmFunction(
        quote, "values…", "each value in Go double quotes, joined by spaces; none gives nothing"
    ),
    "squote": HelmFunction(
        squote, "values…", "each value in single quotes, joined by spaces; none gives nothing"
    ),
    "upper": HelmFunction(lambda s: go_str(s).upper(), "text", "upper case"),
    "lower": HelmFunction(lambda s: go_str(s).lower(), "text", "lower case"),
    "title": HelmFunction(
        lambda s: string.capwords(go_str(s), " ") if s else "", "text", "each word capitalised"
    ),
    "untitle": HelmFunction(
        lambda s: " ".join(w[:1].lower() + w[1:] for w in go_str(s).split(" ")),
        "text",
        "each word's first letter in lower case",
    ),
    "swapcase": HelmFunction(
        lambda s: go_str(s).swapcase(), "text", "upper case to lower and lower to upper"
    ),
    "initials": HelmFunction(
        lambda s: "".join(w[0] for w in go_str(s).split()),
        "text",
        "the first letter of each word",
    ),
    "trim": HelmFunction(
        lambda s: go_str(s).strip(), "text", "without leading and trailing white space"
    ),
    "trimAll": HelmFunction(trim_all, "chars, text", "without leading and trailing `chars`"),
    "trimall": HelmFunction(trim_all, "chars, text", "Sprig's old name of `trimAll`"),
    "trimPrefix": HelmFunction(
        lambda prefix, s: go_str(s).removeprefix(prefix),
        "prefix, text",
        "without the leading `prefix`",
    ),
    "trimSuffix": HelmFunction(
        lambda suffix, s: go_str(s).removesuffix(suffix),
        "suffix, text",
        "without the trailing `suffix`",
    ),
    "trunc": HelmFunction(
        trunc,
        "count, text",
        "the first `count` characters; a negative `count` keeps the last ones",
    ),
    "abbrev": HelmFunction(abbrev, "width, text", "cut to `width` characters ending in `...`"),
    "abbrevboth": HelmFunction(abbrevboth, "left, right, text", "abbreviated on both sides"),
    "nospace": HelmFunction(
        lambda s: re.sub(r"\s+", "", go_str(s)), "text", "without any white space"
    ),
    "repeat": HelmFunction(repeat, "count, text", "`text` `count` times"),
    "substr": HelmFunction(
        substr, "start, end, text", "the characters from `start` to `end` (Sprig's bounds)"
    ),
    "replace": HelmFunction(
        go_replace,
        "old, new, text",
        "every `old` replaced by `new`",
    ),
    "contains": HelmFunction(
        lambda sub, s: sub in go_str(s), "part, text", "whether `text` contains `part`"
    ),
    "hasPrefix": HelmFunction(
        lambda prefix, s: go_str(s).startswith(prefix),
        "prefix, text",
        "whether `text` starts with `prefix`",
    ),
    "hasSuffix": HelmFunction(
        lambda suffix, s: go_str(s).endswith(suffix),
        "suffix, text",
        "whether `text` ends with `suffix`",
    ),
    "cat": HelmFunction(
        lambda *v: " ".join(go_str(x) for x in v if x is not None),
        "values…",
        "the values joined by spaces, none left out",
    ),
    "indent": HelmFunction(indent, "width, text", "every line padded with `width` spaces"),
    "nindent": HelmFunction(nindent, "width, text", "a newline, then `indent`"),
    "wrap": HelmFunction(
        lambda width, s: wrap_custom(width, "\n", s, False),
        "width, text",
        "lines broken at spaces to `width` characters",
    ),
    "wrapWith": HelmFunction(
        lambda width, sep, s: wrap_custom(width, sep, s, True),
        "width, separator, text",
        "`wrap` with `separator` between lines, long words broken",
    ),
    "plural": HelmFunction(
        lambda one, many, count: one if as_number(count) == 1 else many,
        "one, many, count",
        "`one` when `count` is 1, else `many`",
    ),
    "kebabcase": HelmFunction(kebabcase, "text", "`MyApp` → `my-app`"),
    "snakecase": HelmFunction(snakecase, "text", "`MyApp` → `my_app`"),
    "camelcase": HelmFunction(camelcase, "text", "`my_app` → `MyApp`"),
    "shuffle": HelmFunction(shuffle, "text", "the characters in random order (non-deterministic)"),
    "toString": HelmFunction(go_str, "value", "the value as Go's `%v` prints it"),
    "toStrings": HelmFunction(
        lambda items: [go_str(i) for i in as_list(items)], "list", "each item as a string"
    ),
    "printf": HelmFunction(
        printf, "format, values…", "Go's `fmt.Sprintf` (`%s %d %v %q %t %f %x %g`)"
    ),
    "print": HelmFunction(go_print, "values…", "the values as Go's `fmt.Sprint` joins them"),
    "split": HelmFunction(
        split_map,
        "separator, text",
        "a mapping `_0`, `_1`, … of the parts",
    ),
    "splitn": HelmFunction(
        lambda sep, n, s: split_map(sep, s, int(n)),
        "separator, count, text",
        "`split` into at most `count` parts",
    ),
    "splitList": HelmFunction(
        lambda sep, s: go_str(s).split(sep), "separator, text", "a list of the parts"
    ),
    "join": HelmFunction(
        go_join,
        "separator, list",
        "the items joined by `separator`",
    ),
    "sortAlpha": HelmFunction(
        lambda items: sorted(go_str(i) for i in as_list(items)),
        "list",
        "the items as strings, sorted",
    ),
    "hello": HelmFunction(lambda: "Hello!", "", "`Hello!`"),
}

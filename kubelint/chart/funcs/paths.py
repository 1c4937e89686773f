"""The path functions (`/`-separated, as Go's `path`) and the URL ones."""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Mapping
from typing import Any

from kubelint.chart.funcs.base import HelmFunction, go_str


def go_path_clean(path: str) -> str:
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


def go_path_base(path: str) -> str:
    if not path:
        return "."
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[-1] if stripped else "/"


def go_path_dir(path: str) -> str:
    return go_path_clean(path[: path.rfind("/") + 1])


def go_path_ext(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def url_parse(text: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(str(text))
    user = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    return {
        "scheme": parts.scheme,
        "host": parts.netloc.rpartition("@")[2],
        "hostname": parts.hostname or "",
        "path": parts.path,
        "query": parts.query,
        "opaque": "",
        "fragment": parts.fragment,
        "userinfo": user,
    }


def url_join(parts: Mapping[str, Any]) -> str:
    host = str(parts.get("host", ""))
    if parts.get("userinfo"):
        host = f"{parts['userinfo']}@{host}"
    return urllib.parse.urlunsplit(
        (
            str(parts.get("scheme", "")),
            host,
            str(parts.get("path", "")),
            str(parts.get("query", "")),
            str(parts.get("fragment", "")),
        )
    )


GROUP: dict[str, HelmFunction] = {
    "base": HelmFunction(go_path_base, "path", "the last element"),
    "dir": HelmFunction(go_path_dir, "path", "all but the last element"),
    "clean": HelmFunction(go_path_clean, "path", "the shortest equivalent path"),
    "ext": HelmFunction(go_path_ext, "path", 'the extension (`.yaml`), or `""`'),
    "isAbs": HelmFunction(
        lambda p: go_str(p).startswith("/"), "path", "whether the path is absolute"
    ),
    "osBase": HelmFunction(go_path_base, "path", "`base`"),
    "osDir": HelmFunction(go_path_dir, "path", "`dir`"),
    "osClean": HelmFunction(go_path_clean, "path", "`clean`"),
    "osExt": HelmFunction(go_path_ext, "path", "`ext`"),
    "osIsAbs": HelmFunction(lambda p: go_str(p).startswith("/"), "path", "`isAbs`"),
    "urlParse": HelmFunction(
        url_parse,
        "url",
        "`scheme`, `host`, `hostname`, `path`, `query`, `fragment`, `userinfo`, `opaque`",
    ),
    "urlJoin": HelmFunction(url_join, "mapping", "the URL of such a mapping"),
}

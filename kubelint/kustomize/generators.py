"""`configMapGenerator` and `secretGenerator`, `generatorOptions`, and the name-hash suffix.

Sources are read in kustomize's order: `envs` (and the older `env`), then `literals`, then
`files`. The hash is kustomize's (api/hasher): the SHA-256 of a JSON encoding (Go's:
sorted keys, HTML characters escaped) of the kind and data, whose first ten hex digits
have 0, 1, 3, a and e replaced by g, h, k, m and t, so that no suffix reads as a number or a
word. It is taken over the object as finally built, after every overlay.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Mapping
from typing import Any

from kubelint.kustomize import BEHAVIORS
from kubelint.kustomize.files import Files, join
from kubelint.kustomize.model import BuildError, Res
from kubelint.kustomize.trace import Site, Trace
from kubelint.yamlload import Document, JsonPath

_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_DIGITS = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


def generate(key: str, document: Document, folder: str, files: Files) -> list[Res]:
    """The objects a Kustomization's `configMapGenerator` or `secretGenerator` (`key`) makes."""
    data = document.data
    out = []
    for i, args in enumerate(data.get(key) or ()):
        if not isinstance(args, Mapping):
            raise BuildError(f"{key}[{i}] is no mapping", document.source.name, (key, i))
        options = merged_options(args.get("options"), data.get("generatorOptions"))
        out.append(_make(key, i, args, options, document, folder, files))
    return out


def merged_options(local: Any, common: Any) -> dict[str, Any]:
    """An entry's options with the Kustomization's `generatorOptions` under them."""
    mine = dict(local) if isinstance(local, Mapping) else {}
    if not isinstance(common, Mapping):
        return mine
    for name in ("labels", "annotations"):
        theirs = common.get(name)
        if isinstance(theirs, Mapping):
            own = dict(mine.get(name) or {})
            mine[name] = {**theirs, **own}
    for flag in ("disableNameSuffixHash", "immutable"):
        if common.get(flag):
            mine[flag] = True
    return mine


def _make(
    key: str,
    i: int,
    args: Mapping[str, Any],
    options: Mapping[str, Any],
    document: Document,
    folder: str,
    files: Files,
) -> Res:
    secret = key == "secretGenerator"
    name = args.get("name")
    if not isinstance(name, str) or not name:
        raise BuildError(
            f"a {'secret' if secret else 'configmap'} must have a name",
            document.source.name,
            (key, i),
        )
    at: JsonPath = (key, i)
    trace = Trace()
    trace.set((), Site(document, at))
    trace.set(("metadata", "name"), Site(document, (*at, "name")))
    pairs = _pairs(args, at, document, folder, files)
    seen: set[str] = set()
    for pair_key, _, _ in pairs:
        if not _KEY.match(pair_key):
            raise BuildError(
                f'"{pair_key}" is not a valid key name for a {"Secret" if secret else "ConfigMap"}',
                document.source.name,
                at,
            )
        if pair_key in seen:
            raise BuildError(
                f"configmap {name} illegally repeats the key `{pair_key}`", document.source.name, at
            )
        seen.add(pair_key)
    meta: dict[str, Any] = {"name": name}
    if isinstance(args.get("namespace"), str) and args["namespace"]:
        meta["namespace"] = args["namespace"]
        trace.set(("metadata", "namespace"), Site(document, (*at, "namespace")))
    for field in ("labels", "annotations"):
        values = options.get(field)
        if isinstance(values, Mapping) and values:
            meta[field] = {str(k): _string(v) for k, v in sorted(values.items())}
    out: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret" if secret else "ConfigMap"}
    if secret:
        out["type"] = str(args.get("type") or "Opaque")
    out["metadata"] = meta
    for pair_key, value, site_path in sorted(pairs):
        if secret:
            field, text = "data", wrapped_base64(value)
        else:
            try:
                field, text = "data", value.decode("utf-8")
            except UnicodeDecodeError:
                field, text = "binaryData", wrapped_base64(value)
        out.setdefault(field, {})[pair_key] = text
        trace.set((field, pair_key), Site(document, site_path))
    if options.get("immutable"):
        out["immutable"] = True
    behavior = str(args.get("behavior") or "create")
    if behavior not in BEHAVIORS:  # kustomize reads any other word as none: a create
        behavior = "unspecified"
    return Res(out, trace, hash_suffix=not options.get("disableNameSuffixHash"), behavior=behavior)


def wrapped_base64(value: bytes) -> str:
    """Base64 as kustomize writes it: from 70 characters on, in lines of 70, each ended."""
    text = base64.b64encode(value).decode()
    if len(text) < 70:
        return text
    return "".join(text[i : i + 70] + "\n" for i in range(0, len(text), 70))


def _pairs(
    args: Mapping[str, Any], at: JsonPath, document: Document, folder: str, files: Files
) -> list[tuple[str, bytes, JsonPath]]:
    """(key, value, where in the Kustomization) of each source, in kustomize's order."""
    out: list[tuple[str, bytes, JsonPath]] = []
    envs = [(j, e) for j, e in enumerate(args.get("envs") or ()) if isinstance(e, str)]
    sources: list[tuple[JsonPath, str]] = [((*at, "envs", j), e) for j, e in envs]
    if isinstance(args.get("env"), str):
        sources.append(((*at, "env"), args["env"]))
    for where, entry in sources:
        path = _file(entry, folder, files, document, where)
        for name, value in _env_lines(files.raw(path), path):
            out.append((name, value.encode(), where))
    for j, literal in enumerate(args.get("literals") or ()):
        text = literal if isinstance(literal, str) else str(literal)
        name, sep, value = text.partition("=")
        if not sep or not name:
            raise BuildError(
                f"invalid literal source {text}, expected key=value",
                document.source.name,
                (*at, "literals", j),
            )
        out.append((name, _unquote(value).encode(), (*at, "literals", j)))
    for j, source in enumerate(args.get("files") or ()):
        where = (*at, "files", j)
        name, path = _file_source(str(source), document, where)
        out.append((name, files.raw(_file(path, folder, files, document, where)), where))
    return out


def _file(entry: str, folder: str, files: Files, document: Document, where: JsonPath) -> str:
    path = join(folder, entry)
    try:
        files.check(path, folder, entry)
    except BuildError as exc:
        raise BuildError(exc.message, document.source.name, where) from None
    return path


def _file_source(source: str, document: Document, where: JsonPath) -> tuple[str, str]:
    count = source.count("=")
    if count == 0:
        return posixpath.basename(source), source
    key, _, path = source.partition("=")
    if count > 1 or not key or not path:
        raise BuildError(f"source {source!r}: expected key=path", document.source.name, where)
    return key, path


def _env_lines(raw: bytes, path: str) -> list[tuple[str, str]]:
    out = []
    for n, line in enumerate(raw.decode("utf-8", "replace").splitlines()):
        text = line.removeprefix("\ufeff") if n == 0 else line
        text = text.lstrip()
        if not text or text.startswith("#"):
            continue
        name, _, value = text.partition("=")
        if not name or any(c.isspace() for c in name):
            raise BuildError(f"{path}:{n + 1}: {name!r} is not a valid environment variable name")
        out.append((name, value))
    return out


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def name_hash(data: Mapping[str, Any]) -> str:
    """kustomize's hash of a ConfigMap or a Secret: its kind and data (and a Secret's type).
    Its encoding has a name too, always empty: kustomize looks it up as one key named
    `metadata/name`, which no object has."""
    encoded: dict[str, Any] = {"kind": data.get("kind"), "name": ""}
    if data.get("kind") == "Secret":
        encoded["type"] = data.get("type", "")
        encoded["data"] = data.get("data", "")
        if isinstance(data.get("stringData"), Mapping):
            encoded["stringData"] = data["stringData"]
    else:
        encoded["kind"] = "ConfigMap"
        encoded["data"] = data.get("data", "")
        if isinstance(data.get("binaryData"), Mapping):
            encoded["binaryData"] = data["binaryData"]
    digest = hashlib.sha256(go_json(encoded).encode()).hexdigest()
    return digest[:10].translate(_DIGITS)


def go_json(value: Any) -> str:
    """JSON as Go's encoding/json writes it: sorted keys, no spaces, <, > and & escaped."""
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{_go_string(k)}:{go_json(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    if isinstance(value, str):
        return _go_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _go_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " " or char in "<>&\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'

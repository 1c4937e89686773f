"""`kubelint package` and `kubelint repo index`: chart archives and repository indexes in
Helm's formats (`helm package`, `helm repo index`).

Archives are reproducible: members in path order, owned by nobody, dated at SOURCE_DATE_EPOCH
(or 0), so the same chart always gives the same bytes and digest. The index is dated now (or at
SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from kubelint.chart import semver
from kubelint.chart.loader import Budget, read_folder
from kubelint.chart.model import load_chart
from kubelint.errors import ChartError, InputError
from kubelint.fileio import inside, write_atomic
from kubelint.limits import DEFAULT_LIMITS


def _epoch(default: int = 0) -> int:
    try:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    except (KeyError, ValueError):
        return default


def package(path: str, destination: str) -> Path:
    """Write `<name>-<version>.tgz` of the chart at `path` into `destination`."""
    if not Path(path).is_dir():
        raise InputError(f"{path}: not a chart folder (package writes an archive of one)")
    chart = load_chart(path)  # a chart that does not load is not packaged
    files = read_folder(Path(path), chart.location, Budget(DEFAULT_LIMITS))
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=_epoch()) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for name in sorted(files):
            data = files[name]
            info = tarfile.TarInfo(f"{chart.name}/{name}")
            info.size = len(data)
            info.mtime = _epoch()
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    target = Path(destination) / f"{chart.name}-{chart.version}.tgz"
    return write_atomic(target, buffer.getvalue())


def index(directory: str, url: str | None = None) -> Path:
    """Write `index.yaml` for the chart archives in `directory` (searched recursively)."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{directory}: no such folder")
    entries: dict[str, list[dict[str, Any]]] = {}
    now = int(datetime.now(UTC).timestamp())
    created = datetime.fromtimestamp(_epoch(now), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    real_root = os.path.realpath(root)
    for archive in sorted(root.rglob("*.tgz")):
        if not inside(os.path.realpath(archive), real_root):
            raise ChartError(
                f"{archive}: symbolic link out of the repository folder; an index lists only"
                " the archives in it"
            )
        try:
            chart = load_chart(archive.as_posix())
        except ChartError as exc:
            raise ChartError(f"{archive}: not a chart archive: {exc}") from None
        relative = archive.relative_to(root).as_posix()
        entry: dict[str, Any] = dict(chart.metadata)
        entry.update(
            created=created,
            digest=hashlib.sha256(archive.read_bytes()).hexdigest(),
            urls=[f"{url.rstrip('/')}/{relative}" if url else relative],
        )
        entries.setdefault(chart.name, []).append(entry)
    for versions in entries.values():
        versions.sort(
            key=lambda e: semver.parse_version(e["version"]) or semver.Version(0, 0, 0),
            reverse=True,
        )
    document = {"apiVersion": "v1", "entries": dict(sorted(entries.items())), "generated": created}
    return write_atomic(
        root / "index.yaml", yaml.safe_dump(document, sort_keys=True, allow_unicode=True)
    )

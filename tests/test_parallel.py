"""`--jobs N`: worker processes give exactly what a sequential parse gives, errors included."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kubelint import parallel
from kubelint.config import default_config
from kubelint.engine import _LocalCheck, _meanwhile, lint
from kubelint.errors import InputError
from kubelint.findings import Finding
from kubelint.inputs import STDIN_NAME, ManifestInput, discover
from kubelint.k8s.versions import resolve_version
from kubelint.limits import Limits
from kubelint.report import jsonfmt
from kubelint.rules import REGISTRY
from kubelint.rules.base import Settings
from kubelint.yamlload import LoadedFile, load
from tests.conftest import kubelint, write

BUNDLE = Path(__file__).parent / "rules" / "bundle"

DOC = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata: {{k: v{i}}}\n"
PARENT = os.getpid()
T = TypeVar("T")


def _files(tmp_path: Path, count: int = 12) -> list[ManifestInput]:
    items = []
    for i in range(count):
        text = "---\n".join(DOC.format(i=f"{i}-{j}") for j in range(i + 1))
        if i == 7:
            text += "---\nkind: [\n"  # a syntax error keeps the documents before it
        items.append(ManifestInput(str(write(tmp_path, f"f{i:02d}.yaml", text))))
    return items


def _summary(files: Sequence[LoadedFile]) -> list[object]:
    return [
        (f.source.name, f.source.text, [(d.index, d.line, d.data) for d in f.documents],
         [(p.rule, p.message, p.position) for p in f.problems])
        for f in files
    ]  # fmt: skip


def _nothing(loaded: LoadedFile) -> None:
    return None


def _where(loaded: LoadedFile) -> tuple[int, int]:
    """What inspecting a file gives in these tests: the process it ran in, its documents."""
    return os.getpid(), len(loaded.documents)


def _load(
    items: Sequence[ManifestInput], jobs: int, inspect: parallel.Inspect[T], **kwargs: Any
) -> tuple[list[LoadedFile], list[T | None]]:
    loading = parallel.load_files(items, Limits(), inspect, jobs, **kwargs)
    with contextlib.closing(loading):
        return loading.files(), loading.inspected()


@pytest.fixture
def workers_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers even for small inputs; the list records how many runs each load used."""
    used: list[int] = []
    real = parallel.Loading.start

    def spy(loading: parallel.Loading[Any], jobs: int) -> None:
        used.append(len(loading._runs))
        real(loading, jobs)

    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parallel.Loading, "start", spy)
    return used


@pytest.mark.parametrize("jobs", [2, 3, 20])
def test_workers_give_the_sequential_result(
    tmp_path: Path, workers_always: list[int], jobs: int
) -> None:
    items = _files(tmp_path)
    sequential = _summary([load(item.name, item.read()) for item in items])
    steps: list[int] = []
    files, found = _load(items, jobs, _where, advance=steps.append)
    assert _summary(files) == sequential
    # each file was inspected in a worker, after the parse, and what that gave came back
    inspected = [where for where in found if where is not None]
    assert [count for _, count in inspected] == [len(f.documents) for f in files]
    assert all(pid != PARENT for pid, _ in inspected)
    [runs] = workers_always
    assert 1 < runs <= jobs * parallel.CHUNKS_PER_JOB
    assert sum(steps) == len(items)
    assert len(steps) == runs


def test_this_process_works_meanwhile_only_with_workers(
    tmp_path: Path, workers_always: list[int]
) -> None:
    items = _files(tmp_path, 4)
    calls: list[int] = []
    _load(items, 2, _nothing, meanwhile=lambda: calls.append(os.getpid()))
    assert calls == [PARENT]  # once, here, while the workers parse
    _load(items, 1, _nothing, meanwhile=lambda: calls.append(0))
    assert calls == [PARENT]  # no workers: nothing to wait for


def test_the_workers_stop_when_the_work_meanwhile_fails(
    tmp_path: Path, workers_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[int] = []
    real = parallel.Loading.close

    def spy(loading: parallel.Loading[Any]) -> None:
        closed.append(len(loading._workers))
        real(loading)

    def fails() -> None:
        raise InputError("the schemas cannot be read")

    monkeypatch.setattr(parallel.Loading, "close", spy)
    with pytest.raises(InputError, match="schemas"):
        parallel.load_files(_files(tmp_path, 4), Limits(), _nothing, 2, meanwhile=fails)
    assert closed == [2]  # both workers, stopped


def test_one_job_parses_here_and_leaves_the_inspection_to_the_caller(
    tmp_path: Path, workers_always: list[int]
) -> None:
    items = _files(tmp_path, 3)
    steps: list[int] = []
    files, found = _load(items, 1, _where, advance=steps.append)
    assert _summary(files) == _summary([load(item.name, item.read()) for item in items])
    assert found == [None] * 3
    assert workers_always == []
    assert steps == [1, 1, 1]


def test_small_inputs_are_parsed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.Loading, "start", None)  # would fail if called
    files, found = _load(_files(tmp_path, 3), 8, _nothing)
    assert len(files) == 3
    assert found == [None] * 3


@pytest.mark.parametrize("count", [1, 2, 3, 7, 50])
@pytest.mark.parametrize("big", [1000, 10, 0])
def test_chunks_are_contiguous_and_balanced(count: int, big: int) -> None:
    items = [ManifestInput(f"f{i}") for i in range(20)]
    sizes = [big if i % 5 == 0 else big // 100 for i in range(20)]
    runs = parallel.chunks(items, sizes, count)
    assert [item for run in runs for item in run] == items
    assert all(runs)
    assert len(runs) <= count
    largest = max(sum(sizes[items.index(item)] for item in run) for run in runs)
    assert largest <= sum(sizes) / min(count, len(runs)) + max(sizes)


def test_an_unreadable_file_raises_as_sequentially(
    tmp_path: Path, workers_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _files(tmp_path)
    monkeypatch.setattr(parallel, "_sizes", lambda found: [1] * len(found))  # a worker reads it
    for broken in (0, 6, 12):  # in the first run, a middle one, the last
        missing = [*items[:broken], ManifestInput(str(tmp_path / "gone.yaml")), *items[broken:]]
        with pytest.raises(InputError, match=r"gone\.yaml: cannot read"):
            _load(missing, 2, _nothing)
    assert len(workers_always) == 3


def test_a_worker_that_dies_parsing_does_not_hang_the_run(
    tmp_path: Path, workers_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _files(tmp_path)
    sequential = _summary([load(item.name, item.read()) for item in items])
    real = parallel.parse_run

    def dies_in_a_worker(run: Sequence[ManifestInput], limits: Limits) -> parallel.Parsed:
        if os.getpid() != PARENT and any(item.name.endswith("f05.yaml") for item in run):
            os._exit(9)  # as if killed: no result, no exception
        return real(run, limits)

    monkeypatch.setattr(parallel, "parse_run", dies_in_a_worker)
    files, found = _load(items, 2, _where)
    assert _summary(files) == sequential
    # the dead worker's files were parsed here, and are left to the caller to inspect
    assert found[5] is None
    assert any(inspected is not None for inspected in found)  # the other worker's


def test_a_worker_that_dies_inspecting_leaves_its_files_to_the_caller(
    tmp_path: Path, workers_always: list[int]
) -> None:
    items = _files(tmp_path)

    def dies_on_f05(loaded: LoadedFile) -> str:
        if loaded.source.name.endswith("f05.yaml"):
            os._exit(9)
        return loaded.source.name

    files, found = _load(items, 2, dies_on_f05)
    assert len(files) == len(items)
    assert found[5] is None
    assert [name for name in found if name is not None] == [
        f.source.name for f, name in zip(files, found, strict=True) if name is not None
    ]
    assert 1 <= found.count(None) < len(items)  # the other worker's files were inspected


def test_a_worker_stops_when_the_main_process_is_gone() -> None:
    """A worker closes the main process's ends of the pipes it inherited: when the main process
    dies, its own pipe ends, and it stops instead of waiting for work for ever."""
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    worker = context.Process(target=parallel._serve, args=(theirs, [mine], [], Limits(), _nothing))
    worker.start()
    theirs.close()
    mine.close()  # as when the main process dies
    worker.join(timeout=30)
    assert worker.exitcode == 1


def test_workers_wait_idle_until_the_loading_is_let_go(
    tmp_path: Path, workers_always: list[int]
) -> None:
    """Once they have sent everything, the workers wait (their ending, which frees their memory,
    would otherwise compete with what this process does next); they end when the loading is
    closed, or freed."""
    items = _files(tmp_path)
    for let_go in ("closed", "freed"):
        loading = parallel.load_files(items, Limits(), _where, 2)
        with loading.closing_on_error():
            found = loading.inspected() if loading.files() else []
        assert found
        assert workers_always
        processes = [worker.process for worker in loading._workers]
        assert len(processes) == 2
        for process in processes:
            process.join(timeout=0.3)
            assert process.exitcode is None  # sent everything, and waits
        if let_go == "closed":
            loading.close()
        else:
            del loading  # (its ends of the pipes closed as it is freed)
        for process in processes:
            process.join(timeout=30)
            assert process.exitcode == (0 if let_go == "freed" else -signal.SIGTERM)


def test_a_failing_block_closes_the_loading(tmp_path: Path, workers_always: list[int]) -> None:
    loading = parallel.load_files(_files(tmp_path), Limits(), _where, 2)
    with pytest.raises(KeyError), loading.closing_on_error():
        raise KeyError("a check failed")
    assert workers_always
    assert not loading._workers


def test_stdin_is_read_here(tmp_path: Path) -> None:
    items = [*_files(tmp_path, 2), ManifestInput(STDIN_NAME)]
    assert parallel._sizes(items) is None


def test_jobs_give_the_same_findings_through_the_cli(
    tmp_path: Path, workers_always: list[int]
) -> None:
    _files(tmp_path, 30)
    for i in range(30):  # findings of rules on single objects and across objects
        write(tmp_path, f"svc/s{i:02d}.yaml",
              f"apiVersion: v1\nkind: Service\nmetadata: {{name: s{i % 7}}}\n"
              f"spec: {{type: NodePort, ports: [{{port: 80, nodePort: {30000 + i % 3}}}]}}\n")  # fmt: skip
    one = kubelint("lint", str(tmp_path), "--format", "json", "--jobs", "1")
    two = kubelint("lint", str(tmp_path), "--format", "json", "--jobs", "2")
    assert len(workers_always) == 1  # only --jobs 2 used workers
    assert two.stdout == one.stdout
    assert {f["rule"] for f in one.json()["findings"]} >= {
        "yaml-syntax", "duplicate-object", "service-nodeport-unique"
    }  # fmt: skip
    assert two.exit_code == one.exit_code == 1


def test_findings_made_here_are_prepared_while_the_workers_finish(
    tmp_path: Path, workers_always: list[int]
) -> None:
    _files(tmp_path, 6)
    for i in range(6):
        write(tmp_path, f"pod/p{i}.yaml", f"kind: Pod\napiVersion: v1\nmetadata: {{name: p{i}}}\n"
              "spec: {containers: [{name: app, image: nginx}]}\n")  # fmt: skip
        write(tmp_path, f"svc/s{i}.yaml",
              f"apiVersion: v1\nkind: Service\nmetadata: {{name: s{i % 2}}}\n"
              f"spec: {{type: NodePort, ports: [{{port: 80, nodePort: 30000}}]}}\n")  # fmt: skip
    config = default_config()
    inputs = discover([str(tmp_path)], config.excludes)
    settings = Settings(resolve_version(None))
    result = lint(inputs, config, settings, jobs=2, prepare=jsonfmt.finding_text)
    assert workers_always
    across = [
        f for f in result.findings if f.rule in ("duplicate-object", "service-nodeport-unique")
    ]
    assert across
    for finding in across:  # made here, while the workers went on
        assert result.prepared[id(finding)] == (finding, jsonfmt.finding_text(finding))
    local = [f for f in result.findings if REGISTRY[f.rule].local]
    assert local
    assert not any(id(f) in result.prepared for f in local)  # a worker's: written once all are in
    alone = lint(inputs, config, settings, jobs=1, prepare=jsonfmt.finding_text)
    assert alone.findings == result.findings
    assert alone.prepared == {}  # (no workers to wait for: nothing ahead of the report)


IGNORED = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  annotations: {{kubelint.io/ignore: "image-tag, run-as-non-root"}}
spec:
  containers:
    - name: app
      image: nginx  # kubelint: disable-line=image-pull-policy
"""


def test_local_rules_in_workers_give_the_sequential_findings(
    tmp_path: Path, workers_always: list[int]
) -> None:
    """The seeded bundle's defects (local rules and rules across objects), with an annotation
    and a comment that suppress local rules: the same report whichever process checked."""
    shutil.copytree(BUNDLE / "seeded", tmp_path / "seeded")
    for i in range(12):
        write(tmp_path, f"pods/p{i:02d}.yaml", IGNORED.format(name=f"p{i}"))
    one = kubelint("lint", str(tmp_path), "--format", "json", "--jobs", "1")
    two = kubelint("lint", str(tmp_path), "--format", "json", "--jobs", "3")
    assert len(workers_always) == 1
    assert two.stdout == one.stdout
    findings = one.json()["findings"]
    local = {rule for rule, found in REGISTRY.items() if found.local}
    assert len({f["rule"] for f in findings} & local) >= 5
    pods = [f for f in findings if "/pods/" in f["file"]]
    assert {f["rule"] for f in pods}.isdisjoint(
        {"image-tag", "run-as-non-root", "image-pull-policy"}
    )
    assert {f["rule"] for f in pods} >= {"container-resources", "bare-pod"}


def test_jobs_from_the_configuration(tmp_path: Path, workers_always: list[int]) -> None:
    _files(tmp_path, 4)
    write(tmp_path, ".kubelint.yaml", "jobs: 1\n")
    assert kubelint("lint", str(tmp_path)).exit_code == 0
    assert workers_always == []
    assert kubelint("lint", str(tmp_path), "--jobs", "2").exit_code == 0  # the flag wins
    assert len(workers_always) == 1
    assert kubelint("lint", str(tmp_path), "--jobs", "0").exit_code == 2
    write(tmp_path, ".kubelint.yaml", "jobs: 0\n")
    wrong = kubelint("lint", str(tmp_path))
    assert wrong.exit_code == 2
    assert ".kubelint.yaml:1:1: jobs: 0 is less than the minimum of 1" in wrong.stderr


def test_one_job_a_core_by_default() -> None:
    assert 1 <= parallel.default_jobs() <= (os.cpu_count() or 1)


def test_the_engine_prepares_schemas_meanwhile_only_for_the_schema_rule() -> None:
    settings = Settings(resolve_version(None))
    _meanwhile(settings, [REGISTRY["api-validation"]])()
    assert not settings.schemas._versions
    _meanwhile(settings, [REGISTRY["schema"]])()
    assert list(settings.schemas._versions) == [(settings.kubernetes_version, True)]


def test_workers_send_findings_with_their_positions(
    tmp_path: Path, workers_always: list[int]
) -> None:
    """What a worker sends back for a file is its local findings, positions resolved there."""
    items = [ManifestInput(str(write(tmp_path, f"p{i}.yaml", IGNORED.format(name=f"p{i}"))))
             for i in range(4)]  # fmt: skip
    config = default_config()
    local = _LocalCheck(
        [r for r in REGISTRY.values() if r.local], config, Settings(resolve_version(None))
    )
    _, found = _load(items, 2, local)
    assert workers_always
    for findings in found:
        assert findings is not None
        by_rule = {f.rule: f for f in findings}
        assert isinstance(by_rule["container-resources"], Finding)
        assert (by_rule["container-resources"].line, by_rule["container-resources"].column) == (
            8,
            7,
        )
        assert "image-pull-policy" not in by_rule  # the disable comment, applied there

"""`--executor dask`: documents analysed as tasks on a real Dask cluster give the exports of a local build."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import LocalCluster

from nlp.on_dask import _environment_kept

ROOT = Path(__file__).resolve().parent.parent


def build(tmp: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", "--out", str(tmp / "site"), "--build-dir", str(tmp / "build"), *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    run = build(tmp)
    assert run.returncode == 0, run.stderr[-2000:]
    return tmp


def assert_same_build(tmp: Path, local: Path) -> None:
    assert files(tmp / "site" / "data") == files(local / "site" / "data")
    assert files(tmp / "build" / "cache") == files(local / "build" / "cache")  # the analyses, byte for byte


def test_build_on_a_dask_scheduler_with_two_worker_processes_equals_the_local_build(tmp_path, local_build):
    with _environment_kept(), LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run = build(tmp_path, "--executor", "dask", env={"DASK_SCHEDULER_ADDRESS": cluster.scheduler_address})
        assert run.returncode == 0, run.stderr[-2000:]
        assert "analysed 5/5 documents" in run.stderr
        ran = cluster.scheduler.task_prefixes["analyse_task"]  # the analyses ran there (Dask drops the leading "_")
        assert ran.all_durations["compute"] > 0
    assert_same_build(tmp_path, local_build)


def test_executor_dask_without_a_scheduler_starts_a_local_cluster_of_jobs_workers(tmp_path, local_build):
    run = build(tmp_path, "--executor", "dask", "--jobs", "2", env={"DASK_SCHEDULER_ADDRESS": ""})
    assert run.returncode == 0, run.stderr[-2000:]
    assert_same_build(tmp_path, local_build)


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # a port nothing listens on once the socket is closed
    run = build(tmp_path, "--executor", "dask", env={"DASK_SCHEDULER_ADDRESS": f"tcp://127.0.0.1:{port}",
                                                      "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert errors == [line for line in run.stderr.splitlines() if not line.startswith(("[", " "))]
    assert len(errors) == 1 and f"tcp://127.0.0.1:{port}" in errors[0] and "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists()

"""`--executor dask`: the same per-file job on a dask.distributed cluster, the same report."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from aislop.cli import app
from aislop.config import Config
from aislop.engine import scan
from test_engine import crash_plugin  # noqa: F401 - the fixture

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
dask = pytest.importorskip("dask")

runner = CliRunner()


@pytest.fixture(scope="module")
def cluster():
    """A real scheduler and two worker processes on 127.0.0.1, started by the test."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as local:
            yield local.scheduler_address


@pytest.fixture
def project(tmp_path, fixtures):
    """The demo deliverable plus a code project: every family, cross-file facts included."""
    root = tmp_path / "deliverable"
    shutil.copytree(fixtures / "demo", root)
    shutil.copytree(fixtures / "code" / "aiproject", root / "aiproject")
    return root


def _json(*args) -> str:
    result = runner.invoke(app, ["scan", *map(str, args), "--format", "json", "--no-cache", "--exit-zero"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_cluster_scan_equals_the_process_pool_scan_byte_for_byte(project, cluster):
    local = _json(project, "--jobs", "2")
    remote = _json(project, "--executor", "dask", "--scheduler", cluster)
    assert json.loads(local)["findings"], "the project should have findings"
    assert remote == local


def test_a_file_that_kills_its_worker_is_pinned_to_it_and_the_scan_goes_on(tmp_path, crash_plugin):  # noqa: F811
    """Without --scheduler a LocalCluster starts here (after the crash plugin is installed, so its
    workers load it); a file that kills every worker it lands on is an unreadable-file finding."""
    leftover = "I hope this helps! Let me know if you'd like me to adjust the tone.\n"
    for i in range(8):
        (tmp_path / f"f{i}.md").write_text(leftover + ("CRASH\n" if i == 3 else ""), encoding="utf-8")
    config = Config(settings={"no_cache": True}, executor="dask")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        result = scan([tmp_path], config, jobs=2)
    assert [r.path for r in result.files] == [f"f{i}.md" for i in range(8)]
    for r in result.files:
        if r.path == "f3.md":
            assert r.error == "the worker process crashed while checking this file"
            assert [f.rule.name for f in r.findings] == ["unreadable-file"]
        else:
            assert r.error is None and [f.rule.name for f in r.findings] == ["chat-leftover"]


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    (tmp_path / "a.md").write_text("# Note\n\nPlain text.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["scan", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9", "--no-cache"]
    )
    assert result.exit_code == 2
    assert "cannot reach the dask scheduler tcp://127.0.0.1:9" in result.output

"""Paths given as fsspec URLs (remote.py): an archive in object storage is scanned where it
lies, and the report is the one a scan of the same files on disk gives, byte for byte."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import fsspec
import pytest
from typer.testing import CliRunner

from aislop.cli import app
from aislop.remote import discover_url, is_url, remote_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _upload(fs, folder: Path, prefix: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            fs.pipe_file(f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())


def _local_copy(folder: Path, target: Path) -> Path:
    """The fixture's regular files (links left out, as in the upload) in a folder of their own."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            dest = target / path.relative_to(folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(path.read_bytes())
    return target


def _scan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["scan", "-f", "json", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def memory_archive():
    """A fresh folder on fsspec's in-memory filesystem, removed afterwards."""
    fs = fsspec.filesystem("memory")
    prefix = f"/archive-{uuid.uuid4().hex[:8]}"
    yield fs, prefix
    if fs.exists(prefix):
        fs.rm(prefix, recursive=True)


@pytest.mark.parametrize("fixture", ["demo", "documents", "code"])
def test_memory_url_scan_equals_the_scan_on_disk(fixture, memory_archive, tmp_path):
    fs, prefix = memory_archive
    folder = _local_copy(FIXTURES / fixture, tmp_path / fixture)
    _upload(fs, folder, prefix)
    local = _scan("--no-cache", "--jobs", "2", str(folder))
    remote = _scan("--no-cache", "--jobs", "2", f"memory://{prefix}/")
    assert remote[0] == local[0] and remote[0] in (0, 1), remote[2]
    assert remote[1] == local[1]  # the JSON report, byte for byte (it has no root field)
    report = json.loads(remote[1])
    assert report["files"] and report["findings"]  # a scan that found nothing would prove nothing


def test_memory_url_scan_from_the_cache_equals_a_fresh_one(memory_archive, tmp_path):
    fs, prefix = memory_archive
    _upload(fs, FIXTURES / "demo", prefix)
    cache = str(tmp_path / "cache")
    fresh = _scan("--no-cache", f"memory://{prefix}")
    first = _scan("--cache-dir", cache, f"memory://{prefix}")
    assert any((tmp_path / "cache").rglob("*")), "the remote scan wrote no cache entries"
    again = _scan("--cache-dir", cache, f"memory://{prefix}")
    assert fresh[1] == first[1] == again[1]
    # The cache key is the content: a changed file is scanned again, not served from the cache.
    fs.pipe_file(f"{prefix}/about.md", b"# About\n\nAs an AI language model, I cannot.\n")
    changed = _scan("--cache-dir", cache, f"memory://{prefix}")
    assert any(f["path"] == "about.md" for f in json.loads(changed[1])["findings"])
    assert not any(f["path"] == "about.md" for f in json.loads(again[1])["findings"])


def test_file_url_scan_equals_the_plain_path_scan(tmp_path):
    folder = _local_copy(FIXTURES / "demo", tmp_path / "demo")
    local = _scan("--no-cache", str(folder))
    remote = _scan("--no-cache", folder.as_uri())
    assert remote[0] == local[0] and remote[1] == local[1]


def test_a_single_remote_file_is_scanned_alone(memory_archive):
    fs, prefix = memory_archive
    _upload(fs, FIXTURES / "demo", prefix)
    local = _scan("--no-cache", str(FIXTURES / "demo" / "blog-post.md"))
    remote = _scan("--no-cache", f"memory://{prefix}/blog-post.md")
    assert remote[1] == local[1]
    assert [f["path"] for f in json.loads(remote[1])["files"]] == ["blog-post.md"]


def test_excludes_apply_to_a_remote_tree(memory_archive):
    fs, prefix = memory_archive
    _upload(fs, FIXTURES / "demo", prefix)
    root, files = discover_url(f"memory://{prefix}", ["tests/", "*.png"])
    assert [f.relpath for f in files] == ["about.md", "app/pricing.py", "blog-post.md"]
    assert root.url == f"memory://{prefix}"


def test_a_missing_url_is_a_clear_error(memory_archive):
    fs, prefix = memory_archive
    code, _, err = _scan(f"memory://{prefix}/nothing-here")
    assert code == 2 and f"path does not exist: memory://{prefix}/nothing-here" in err
    code, _, err = _scan("nosuchprotocol://bucket/archive")
    assert code == 2 and "nosuchprotocol" in err
    _upload(fs, FIXTURES / "demo", prefix)
    code, _, err = _scan(f"memory://{prefix}", str(FIXTURES / "demo"))
    assert code == 2 and "a URL must be the only path" in err


def test_remote_paths_travel_to_worker_processes_and_never_pass_for_local_files(memory_archive):
    fs, prefix = memory_archive
    fs.pipe_file(f"{prefix}/a.md", b"text")
    path = remote_path(fs, f"{prefix}/a.md")
    copy = pickle.loads(pickle.dumps(path))
    assert copy == path and copy.read_bytes() == b"text" and (copy.parent / "a.md").is_file()
    with pytest.raises(TypeError):
        os.fspath(path)  # a library must not open a local file of the same name
    assert is_url("s3://bucket/archive/") and is_url("file:///tmp/x") and not is_url("C:\\docs") and not is_url("a/b")


def test_an_s3_bucket_on_a_loopback_server_is_scanned_where_it_lies(tmp_path):
    """moto's S3 server on 127.0.0.1, read through s3fs, configured by environment as a user would."""
    server_module = pytest.importorskip("moto.server", reason="moto[server] is in the test extra")
    s3fs = pytest.importorskip("s3fs", reason="s3fs is in the test extra")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        env = dict(
            os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
            FSSPEC_S3_ENDPOINT_URL=endpoint, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
        )
        fs = s3fs.S3FileSystem(endpoint_url=endpoint, key="testing", secret="testing", skip_instance_cache=True)
        fs.mkdir("archive")
        folder = _local_copy(FIXTURES / "demo", tmp_path / "demo")
        _upload(fs, folder, "archive/deliverable")

        def run(target: str) -> subprocess.CompletedProcess:
            command = [sys.executable, "-m", "aislop", "scan", "--no-cache", "-f", "json", target]
            return subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=300)

        local, remote = run(str(folder)), run("s3://archive/deliverable/")
        assert remote.returncode == local.returncode == 1, remote.stderr[-2000:]
        assert remote.stdout == local.stdout
        missing = run("s3://archive/no-such-folder/")
        assert missing.returncode == 2 and "path does not exist: s3://archive/no-such-folder" in missing.stderr
    finally:
        server.stop()


def test_html_report_of_a_remote_archive_shows_its_pictures_and_its_url(memory_archive, tmp_path):
    fs, prefix = memory_archive
    folder = _local_copy(FIXTURES / "documents", tmp_path / "documents")
    _upload(fs, folder, prefix)
    local = CliRunner().invoke(app, ["scan", "--no-cache", "-f", "html", str(folder)]).stdout
    remote = CliRunner().invoke(app, ["scan", "--no-cache", "-f", "html", f"memory://{prefix}"]).stdout
    url = remote_path(fs, prefix).url
    assert f"<code>{url}</code>" in remote and "px · " in remote and "data:image/png;base64," in remote
    # Thumbnails, picture sizes and source lines as on disk; only the folder line names the URL.
    assert remote.replace(url, "ROOT") == local.replace(str(folder), "ROOT")


def test_diff_needs_a_checkout_not_a_url(memory_archive):
    fs, prefix = memory_archive
    _upload(fs, FIXTURES / "demo", prefix)
    code, _, err = _scan("--diff", "HEAD", f"memory://{prefix}")
    assert code == 2 and "--diff needs a git checkout" in err

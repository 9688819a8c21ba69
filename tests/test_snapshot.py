"""A scan's finished store kept whole (aislop.snapshot): a re-scan of unchanged files copies it
and reports the same bytes; any change to a file, the weights or the rules is another key; a
damaged snapshot, or a scan with a result that is not cached, keeps nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

import aislop.engine as engine
from aislop import cache as cache_module
from aislop import snapshot
from aislop.cli import app
from aislop.registry import load_registry

LEFTOVER = "Intro.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n"
AS_AN_AI = "Intro.\n\nAs an AI language model, I cannot browse the web. According to experts, 73% agree.\n"


def _report(tree, cache_dir, *extra) -> str:
    args = ["scan", str(tree), "--format", "json", "--exit-zero", "--no-respect-gitignore", "--jobs", "1",
            "--cache-dir", str(cache_dir), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _snapshots(cache_dir) -> list:
    return sorted(cache_dir.glob(f"v*/{snapshot.FOLDER}/*.sqlite"))


@pytest.fixture()
def tree(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    (tree / "b.md").write_text(AS_AN_AI)
    (tree / "c.py").write_text("def f(x):\n    print(x)\n    return x\n")
    return tree


@pytest.fixture()
def watched(monkeypatch):
    """The files checked and the cache entries read, per run."""
    seen = {"checked": [], "entries": 0}
    real_scan, real_get = engine.scan_file, cache_module.ResultCache.get_compact
    monkeypatch.setattr(engine, "scan_file", lambda *a, **k: seen["checked"].append(a[0].relpath) or real_scan(*a, **k))

    def get_compact(self, key):
        seen["entries"] += 1
        return real_get(self, key)

    monkeypatch.setattr(cache_module.ResultCache, "get_compact", get_compact)
    return seen


def test_a_rescan_of_unchanged_files_copies_the_kept_store(tree, tmp_path, watched):
    cache_dir = tmp_path / "cache"
    cold = _report(tree, cache_dir)
    assert len(_snapshots(cache_dir)) == 1 and json.loads(cold)["findings"]
    watched["checked"].clear()
    assert _report(tree, cache_dir) == cold
    assert watched == {"checked": [], "entries": 3}  # the cold run's misses; the re-scan read none
    assert _report(tree, cache_dir, "--baseline", _baseline(tree, tmp_path)) != cold  # dropping works on the copy
    assert _report(tree, cache_dir) == cold  # ... which left the kept store as it was


def _baseline(tree, tmp_path) -> str:
    out = tmp_path / "baseline.json"
    result = CliRunner().invoke(app, ["baseline", str(tree), "--no-respect-gitignore", "--no-cache", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return str(out)


def test_an_edited_file_is_another_key_and_checked_again(tree, tmp_path, watched):
    cache_dir = tmp_path / "cache"
    _report(tree, cache_dir)
    (tree / "a.md").write_text("Intro.\n\nA plain sentence.\n")
    watched["checked"].clear()
    edited = _report(tree, cache_dir)
    assert watched["checked"] == ["a.md"] and len(_snapshots(cache_dir)) == 2
    assert edited == _report(tree, tmp_path / "other-cache")


def test_other_weights_are_another_key(tree, tmp_path):
    cache_dir, config = tmp_path / "cache", tmp_path / "aislop.toml"
    cold = _report(tree, cache_dir)
    config.write_text("[severity-weights]\ninfo = 40\n")
    reweighted = _report(tree, cache_dir, "--config", str(config))
    assert len(_snapshots(cache_dir)) == 2 and reweighted != cold
    assert reweighted == _report(tree, tmp_path / "other-cache", "--config", str(config))


def test_a_rule_whose_figures_change_is_another_key():
    rules = load_registry().rules
    key = snapshot.snapshot_key(["k1", "k2"], {"error": 10, "warning": 3, "info": 1}, rules)
    assert key == snapshot.snapshot_key(["k1", "k2"], {"error": 10, "warning": 3, "info": 1}, reversed(rules))
    assert key != snapshot.snapshot_key(["k2", "k1"], {"error": 10, "warning": 3, "info": 1}, rules)
    assert key != snapshot.snapshot_key(["k1", "k2"], {"error": 10, "warning": 3, "info": 2}, rules)
    for change in ({"effort_minutes": 99}, {"visibility": 1}, {"confidence": 0.11}, {"family": "code"}):
        changed = [replace(rules[5], **change), *rules[:5], *rules[6:]]
        assert snapshot.snapshot_key(["k1", "k2"], {"error": 10, "warning": 3, "info": 1}, changed) != key


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # a bit flipped
    lambda data: b"",
    lambda data: b"not a database",
])
def test_a_damaged_snapshot_is_a_miss(tree, tmp_path, watched, damage):
    cache_dir = tmp_path / "cache"
    cold = _report(tree, cache_dir)
    (kept,) = _snapshots(cache_dir)
    kept.write_bytes(damage(kept.read_bytes()))
    watched["entries"] = 0
    assert _report(tree, cache_dir) == cold and watched["entries"] == 3  # from the entries
    assert _report(tree, cache_dir) == cold and watched["entries"] == 3  # ... which kept it whole again


def test_a_foreign_database_with_a_valid_digest_is_a_miss(tree, tmp_path, watched):
    import hashlib
    import sqlite3

    cache_dir = tmp_path / "cache"
    cold = _report(tree, cache_dir)
    (kept,) = _snapshots(cache_dir)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE files (idx INTEGER)")
    body = other.read_bytes()
    kept.write_bytes(hashlib.sha256(body).digest() + body)
    watched["entries"] = 0
    assert _report(tree, cache_dir) == cold and watched["entries"] == 3


def test_a_scan_with_a_result_that_is_not_cached_keeps_nothing(tree, tmp_path):
    cache_dir = tmp_path / "cache"
    (tree / "bad.md").write_bytes(bytes(range(256)) * 4)  # unreadable: never cached
    _report(tree, cache_dir)
    _report(tree, cache_dir)
    assert _snapshots(cache_dir) == []


def test_at_most_keep_snapshots_stay(tree, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(snapshot, "KEEP", 2)
    for n in range(4):
        (tree / "a.md").write_text(f"Intro {n}.\n\nA plain sentence.\n")
        _report(tree, cache_dir)
    assert len(_snapshots(cache_dir)) == 2


def test_cache_clear_removes_the_snapshots(tree, tmp_path):
    cache_dir = tmp_path / "cache"
    _report(tree, cache_dir)
    assert _snapshots(cache_dir)
    cache_module.clear(cache_dir)
    assert not _snapshots(cache_dir)


def test_a_scan_of_more_files_than_max_files_keeps_none(tree, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(snapshot, "MAX_FILES", 2)
    cold = _report(tree, cache_dir)
    assert _snapshots(cache_dir) == [] and _report(tree, cache_dir) == cold


def test_a_store_over_max_bytes_is_neither_kept_nor_read(tree, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    cold = _report(tree, cache_dir)
    (kept,) = _snapshots(cache_dir)
    monkeypatch.setattr(snapshot, "MAX_BYTES", kept.stat().st_size // 2)
    real = snapshot.ScanStore
    monkeypatch.setattr(snapshot, "ScanStore", lambda *a, **k: pytest.fail("an oversized snapshot was read"))
    assert _report(tree, cache_dir) == cold
    monkeypatch.setattr(snapshot, "ScanStore", real)
    kept.unlink()
    assert _report(tree, cache_dir) == cold and _snapshots(cache_dir) == []

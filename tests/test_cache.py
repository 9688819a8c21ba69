"""The result cache: hits on unchanged files, misses on changed content, config or project."""

from __future__ import annotations

import shutil

import pytest

from aislop import cache as cache_module
from aislop import snapshot
from aislop.config import Config
from aislop.engine import scan

LEFTOVER = "Intro.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n"


def _result(tmp_path, cache_dir, **config):
    return scan([tmp_path], Config(cache_dir=str(cache_dir), **config), jobs=1)


def _key(result):
    return [(f.path, f.line, f.column, f.rule.code, f.message, f.fingerprint) for f in result.findings]


def test_warm_run_reuses_results_and_matches_cold(tmp_path, monkeypatch):
    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    (tree / "b.py").write_text("def f():\n    pass\n")
    cold = _result(tree, cache_dir)
    assert cold.findings
    entries = list((cache_dir).rglob("*.json"))
    assert len(entries) == 2

    calls = []
    import aislop.engine as engine

    real = engine.scan_file
    monkeypatch.setattr(engine, "scan_file", lambda *a, **k: calls.append(a[0].relpath) or real(*a, **k))
    warm = _result(tree, cache_dir)
    assert calls == [] and _key(warm) == _key(cold)

    (tree / "a.md").write_text(LEFTOVER + "\nMore.\n")
    _result(tree, cache_dir)
    assert calls == ["a.md"]

    calls.clear()
    (tree / "test_b.py").write_text("from b import f\n\ndef test_f():\n    assert f() is None\n")
    _result(tree, cache_dir)
    assert sorted(calls) == ["b.py", "test_b.py"], "a new test file must invalidate code results only"

    calls.clear()
    _result(tree, cache_dir, ignore=["unreadable-file"])
    assert sorted(calls) == ["a.md", "b.py", "test_b.py"], "a config change invalidates everything"


def test_no_cache_setting_and_clear(tmp_path):
    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    scan([tree], Config(cache_dir=str(cache_dir), settings={"no_cache": True}), jobs=1)
    assert not list(cache_dir.rglob("*.json"))
    _result(tree, cache_dir)
    assert cache_module.clear(cache_dir) == 1
    assert not list(cache_dir.rglob("*.json"))


def test_corrupt_entry_is_a_miss(tmp_path):
    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    cold = _result(tree, cache_dir)
    for entry in cache_dir.rglob("*.json"):
        entry.write_text("{broken")
    assert _key(_result(tree, cache_dir)) == _key(cold)


def test_edited_check_package_invalidates(tmp_path, monkeypatch):
    import os

    from aislop.cache import plugin_signature
    from aislop.registry import load_registry

    registry = load_registry()
    before = plugin_signature(registry)
    pack = next(p for p in before if p.endswith(".toml") or ".toml:" in p).rsplit(":", 2)[0]
    stat = os.stat(pack)
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    try:
        assert plugin_signature(registry) != before
    finally:
        os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_shared_check_modules_count_in_the_plugin_signature():
    """A family's check reads checks/text/: editing a shared phrase module must invalidate too."""
    from aislop.cache import plugin_signature
    from aislop.registry import load_registry

    paths = [entry.rsplit(":", 2)[0].replace("\\", "/") for entry in plugin_signature(load_registry())]
    assert any(p.endswith("checks/text/phrases.py") for p in paths)


def test_unreadable_file_reported_whatever_is_selected(tmp_path):
    (tmp_path / "bad.md").write_bytes(bytes(range(256)) * 4)
    result = scan([tmp_path], Config(select=["code"], settings={"no_cache": True}), jobs=1)
    assert [f.rule.name for f in result.findings] == ["unreadable-file"]
    result = scan([tmp_path], Config(ignore=["unreadable-file"], settings={"no_cache": True}), jobs=1)
    assert result.findings == []


# Cross-file inputs: (files before, the edit to an existing file, the rule whose result changes).
# Each edit leaves the list of files unchanged, so only the checks' declared project inputs
# (Check.project_signature) can invalidate the cached result.
CROSS_FILE_EDITS = {
    "subclass-in-another-module": (
        {
            "base.py": "class Exporter:\n    def name(self):\n        return 'x'\n\n"
            "    def export(self, rows):\n        raise NotImplementedError\n",
            "other.py": "VALUE = 1\n",
        },
        ("other.py", "from base import Exporter\n\n\nclass CsvExporter(Exporter):\n"
                     "    def export(self, rows):\n        return rows\n"),
        "AIS303",
    ),
    "test-in-a-test-folder": (
        {
            "b.py": "def area(w, h):\n    return w * h\n",
            "test/check_b.py": "def test_nothing():\n    assert 1 + 1 == 2\n",
        },
        ("test/check_b.py", "from b import area\n\n\ndef test_area():\n    assert area(2, 3) == 6\n"),
        "AIS310",
    ),
    "nested-requirements-file": (
        {
            "app.py": "import yaml\n\n\ndef load(text):\n    return yaml.safe_load(text)\n",
            "requirements/base.txt": "requests\n",
        },
        ("requirements/base.txt", "requests\nPyYAML>=6\n"),
        "AIS302",
    ),
}


@pytest.mark.parametrize("case", sorted(CROSS_FILE_EDITS))
def test_editing_a_cross_file_input_invalidates_cached_results(tmp_path, case):
    files, (edited, new_text), rule = CROSS_FILE_EDITS[case]
    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    for rel, text in files.items():
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(text)
    before = _result(tree, cache_dir)
    assert rule in {f.rule.code for f in before.findings}, "the setup must produce the finding"
    (tree / edited).write_text(new_text)
    fresh = scan([tree], Config(settings={"no_cache": True}), jobs=1)
    assert rule not in {f.rule.code for f in fresh.findings}, "the edit must change the result"
    assert _key(_result(tree, cache_dir)) == _key(fresh), "a cached result outlived its input"


def test_a_new_vector_master_invalidates_the_logo_result(tmp_path):
    from aislop.checks.images import examples as ex

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    ex.logo("logo.png", (2000, 1000))(tree)
    assert "AIS401" in {f.rule.code for f in _result(tree, cache_dir).findings}
    ex.svg("logo.svg", "vector")(tree)
    assert "AIS401" not in {f.rule.code for f in _result(tree, cache_dir).findings}


def test_prose_results_do_not_depend_on_other_files(tmp_path, monkeypatch):
    import aislop.engine as engine

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    _result(tree, cache_dir)
    calls = []
    real = engine.scan_file
    monkeypatch.setattr(engine, "scan_file", lambda *a, **k: calls.append(a[0].relpath) or real(*a, **k))
    (tree / "b.py").write_text("def f():\n    return 1\n")
    (tree / "test_b.py").write_text("from b import f\n\n\ndef test_f():\n    assert f() == 1\n")
    _result(tree, cache_dir)
    assert sorted(calls) == ["b.py", "test_b.py"]


def test_an_svg_master_edited_from_a_bitmap_wrapper_to_vectors_invalidates_the_logo(tmp_path):
    from aislop.checks.images import examples as ex

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    ex.logo("logo.png", (2000, 1000))(tree)
    ex.svg("logo.svg", "wrapped")(tree)
    assert "AIS401" in {f.rule.code for f in _result(tree, cache_dir).findings}
    ex.svg("logo.svg", "vector")(tree)  # same file list, new content
    assert "AIS401" not in {f.rule.code for f in _result(tree, cache_dir).findings if f.path == "logo.png"}


def _report(tree, cache_dir) -> str:
    """The JSON report of `aislop scan` (its findings in a store), with the cache in ``cache_dir``."""
    from typer.testing import CliRunner

    from aislop.cli import app

    args = ["scan", str(tree), "--format", "json", "--exit-zero", "--no-respect-gitignore", "--jobs", "1",
            "--cache-dir", str(cache_dir)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_warm_scan_into_a_store_reports_as_the_cold_one_without_a_finding_object(tmp_path, monkeypatch):
    """Every cached fixture's result (autofixes, embedded pictures, every family) goes from its
    entry to the scan's store as flat findings: the report is the cold scan's, byte for byte."""
    import aislop.engine as engine
    from conftest import FIXTURES

    cache_dir = tmp_path / "cache"
    cold = _report(FIXTURES, cache_dir)
    calls = []
    real = engine.scan_file
    monkeypatch.setattr(engine, "scan_file", lambda *a, **k: calls.append(a[0].relpath) or real(*a, **k))
    monkeypatch.setattr(cache_module, "unflatten", None)  # a Finding made from an entry would fail
    assert _report(FIXTURES, cache_dir) == cold
    cached = len(list(cache_dir.rglob("*.json")))
    assert cached > 100 and len(calls) == len(__import__("json").loads(cold)["files"]) - cached  # unreadable: again


def test_a_warm_scan_into_a_store_checks_an_edited_file_again(tmp_path, monkeypatch):
    import aislop.engine as engine

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    (tree / "b.md").write_text("Intro.\n\nAs an AI language model, I cannot do that.\n")
    _report(tree, cache_dir)
    calls = []
    real = engine.scan_file
    monkeypatch.setattr(engine, "scan_file", lambda *a, **k: calls.append(a[0].relpath) or real(*a, **k))
    (tree / "a.md").write_text("Intro.\n\nA plain sentence.\n")
    edited = _report(tree, cache_dir)
    assert calls == ["a.md"] and "chat-leftover" not in [f["name"] for f in __import__("json").loads(edited)[
        "findings"] if f["path"] == "a.md"]
    assert edited == _report(tree, tmp_path / "empty-cache")


@pytest.mark.parametrize("damage", [
    "{broken", "[]", '{"result": {}, "findings": []}', "null",
    lambda e: {**e, "findings": [f[:-1] for f in e["findings"]]},  # a value short
    lambda e: {**e, "findings": [["AIS999", *f[1:]] for f in e["findings"]]},  # a rule that no longer exists
    lambda e: {**e, "findings": [[f[0], 7, *f[2:]] for f in e["findings"]]},  # a path that is no text
    lambda e: {**e, "findings": [[*f[:-1], [[["x"]], False]] for f in e["findings"]]},  # a broken autofix
    lambda e: {"findings": e["findings"]},
])
def test_a_damaged_entry_is_a_miss_in_a_store_and_in_a_list(tmp_path, damage):
    import json

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text(LEFTOVER)
    cold, listed = _report(tree, cache_dir), _key(_result(tree, cache_dir))
    shutil.rmtree(next(cache_dir.glob("v*")) / snapshot.FOLDER)  # the entries themselves are read
    for entry in cache_dir.rglob("*.json"):
        text = damage if isinstance(damage, str) else json.dumps(damage(json.loads(entry.read_text())))
        entry.write_text(text)
    assert _report(tree, cache_dir) == cold
    shutil.rmtree(next(cache_dir.glob("v*")) / snapshot.FOLDER, ignore_errors=True)
    for entry in cache_dir.rglob("*.json"):
        entry.write_text(text)
    assert _key(_result(tree, cache_dir)) == listed

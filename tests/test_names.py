"""names.py: what a module binds, read statically, its stubs first and its source only when
the stubs do not bind the name asked about."""

from __future__ import annotations

import pytest

from aislop.checks.code import names

pytest.importorskip("typeshed_client")  # the standard library's stubs


def test_the_source_is_read_only_for_a_name_the_stubs_do_not_bind(monkeypatch):
    names.module_facts.cache_clear()
    read: list[str] = []
    original = names._read
    monkeypatch.setattr(names, "_read", lambda path, *args, **kw: read.append(path.suffix) or original(path, *args, **kw))
    assert names.defines("textwrap", "dedent") is True
    assert read == [".pyi"]
    assert names.defines("textwrap", "_whitespace") is True  # bound in textwrap.py, not in its stub
    assert read == [".pyi", ".py"]
    assert names.defines("textwrap", "no_such_name") is False
    assert names.defines("textwrap", "dedent") is True
    assert read == [".pyi", ".py"]  # each text is read once
    assert "_whitespace" in names.module_facts("textwrap").names
    names.module_facts.cache_clear()


@pytest.fixture
def artifact_folder(tmp_path):
    from aislop import artifacts

    previous = artifacts.folder()
    artifacts.use_folder(tmp_path / "cache")
    names.module_facts.cache_clear()
    names._locate.cache_clear()
    yield tmp_path / "cache" / artifacts.SUBFOLDER
    artifacts._folder = previous
    names.module_facts.cache_clear()
    names._locate.cache_clear()


def test_what_a_text_binds_is_kept_between_runs_and_read_back_without_parsing(artifact_folder, monkeypatch):
    first = (names.module_facts("textwrap").names, names.module_facts("textwrap").knowable)
    assert "dedent" in first[0] and "_whitespace" in first[0]
    assert len(list(artifact_folder.glob("module-bindings-*.bin"))) == 2  # the stub and the source
    names.module_facts.cache_clear()
    monkeypatch.setattr(names.ast, "parse", lambda *a, **kw: pytest.fail("parsed again"))
    assert (names.module_facts("textwrap").names, names.module_facts("textwrap").knowable) == first


def test_a_star_import_is_followed_on_every_read_not_kept(artifact_folder, tmp_path, monkeypatch):
    package = tmp_path / "site" / "starpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from starpkg.inner import *\n", encoding="utf-8")
    (package / "inner.py").write_text("def one():\n    pass\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert names.defines("starpkg", "one") is True and names.defines("starpkg", "two") is False
    (package / "inner.py").write_text("def two():\n    pass\n", encoding="utf-8")
    names.module_facts.cache_clear()
    # starpkg/__init__.py is read back from the folder; inner.py changed, and so does the answer.
    assert names.defines("starpkg", "two") is True and names.defines("starpkg", "one") is False


def test_a_damaged_kept_reading_is_read_again(artifact_folder):
    first = names.module_facts("textwrap").names
    for entry in artifact_folder.glob("module-bindings-*.bin"):
        entry.write_bytes(entry.read_bytes()[:-3])
    names.module_facts.cache_clear()
    assert names.module_facts("textwrap").names == first

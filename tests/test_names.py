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

"""What a file's path says about it: a test, a script folder, its dotted module name."""

from __future__ import annotations

import re

from aislop.checks.code.imports import NON_PACKAGE_DIRS

TEST_DIRS = frozenset({"tests", "test"})


def in_non_package_dir(relpath: str) -> bool:
    """Under a folder of scripts, examples, docs or benchmarks (also ``typing-examples``,
    ``usage_examples``): not the shipped package."""
    return any(p in NON_PACKAGE_DIRS or not NON_PACKAGE_DIRS.isdisjoint(re.split(r"[-_.]", p)) for p in relpath.split("/")[:-1])


def is_test_path(relpath: str) -> bool:
    """Test files and test support: test_*.py, *_test.py, tests.py, conftest.py, tests/."""
    parts = relpath.split("/")
    name = parts[-1]
    if not name.endswith(".py"):
        return False
    if name.startswith("test_") or name.endswith("_test.py") or name in ("tests.py", "test.py", "conftest.py"):
        return True
    return any(part in TEST_DIRS for part in parts[:-1])


def module_name(relpath: str) -> str:
    """Dotted module path for a file: src/pkg/mod.py -> pkg.mod; pkg/__init__.py -> pkg."""
    parts = relpath.split("/")
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    parts[-1] = parts[-1].rsplit(".", 1)[0]
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)

"""Helpers to run rules on small samples through the full pipeline (used by the test suite
and available to plugin authors for their own rule examples)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aislop.config import Config
from aislop.engine import ScanResult, scan
from aislop.loopback import loopback_http_server
from aislop.model import Example, Finding, Rule
from aislop.registry import Registry

__all__ = ["loopback_http_server", "run_example", "scan_folder", "scan_text"]


def run_example(rule: Rule, example: Example, root: Path | None = None) -> list[Finding]:
    """Materialise ``example`` in a fresh folder, scan it with only ``rule`` selected and
    return that rule's findings."""
    if root is None:
        with tempfile.TemporaryDirectory(prefix="aislop-example-") as tmp:
            return run_example(rule, example, Path(tmp))
    example.materialise(root)
    rules = {rule.code: dict(example.options)} if example.options else None
    result = scan_folder(root, [rule.code], rules=rules, **example.settings)
    return [f for f in result.findings if f.rule.code == rule.code]


def run_fix_example(rule: Rule, example: Example, root: Path | None = None, *, unsafe: bool | None = None) -> str:
    """Materialise a fix example, fix it in memory with only ``rule`` selected (``--unsafe``
    when the example says so, or as ``unsafe`` asks) and return the fixed text of its file."""
    if root is None:
        with tempfile.TemporaryDirectory(prefix="aislop-fix-") as tmp:
            return run_fix_example(rule, example, Path(tmp), unsafe=unsafe)
    from aislop.fix import plan

    example.materialise(root)
    rules = {rule.code: dict(example.options)} if example.options else None
    result = scan_folder(root, [rule.code], rules=rules, **example.settings)
    run = plan(result, result.job, result.registry, unsafe=example.unsafe if unsafe is None else unsafe)
    if run.skipped:
        raise AssertionError(f"not fixed: {run.skipped}")
    fixed = {fix.relpath: fix.after for fix in run.fixes}
    data = fixed.get(example.path, (root / example.path).read_bytes())
    return data.decode("utf-8")


def scan_text(text: str, path: str = "example.md", select: list[str] | None = None) -> list[Finding]:
    """Scan one in-memory file (written to a temporary folder) and return all findings."""
    with tempfile.TemporaryDirectory(prefix="aislop-text-") as tmp:
        target = Path(tmp) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return scan_folder(Path(tmp), select).findings


def scan_folder(
    root: Path,
    select: list[str] | None = None,
    *,
    rules: dict[str, dict] | None = None,
    registry: Registry | None = None,
    **settings,
) -> ScanResult:
    """Scan a folder as tests do: no result cache, .gitignore not read, one process.
    ``select`` and ``rules`` are as in the configuration; ``settings`` the scan-wide ones
    (``online=True``, ``coverage=...``)."""
    config = Config(select=select, rules=dict(rules or {}), respect_gitignore=False,
                    settings={"no_cache": True, **settings})
    return scan([root], config, jobs=1, registry=registry)

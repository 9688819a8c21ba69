"""The boundaries the layout promises: checks reach the engine only through the Check API,
and every family folder has the same shape."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "checks"
FAMILIES = ("prose", "hallucination", "code", "images")

# What a check may not import: the engine and its machinery. The Check API (aislop.registry,
# aislop.model, aislop.document) is the way in; format readers (aislop.loaders.pdf...) may be
# used to read a file's parts, but the engine's errors come from the registry.
ENGINE_INTERNALS = ("aislop.engine", "aislop.cache", "aislop.config", "aislop.pool", "aislop.cli",
                    "aislop.reporters", "aislop.testing", "aislop.triage", "aislop.baseline")


def _aislop_imports(path: Path) -> set[str]:
    """``module`` and ``module:name`` for every aislop import outside aislop.checks."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}:{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("aislop") and not m.startswith("aislop.checks")}


def _forbidden(imported: set[str]) -> list[str]:
    bad = [m for m in imported if m.split(":")[0].startswith(ENGINE_INTERNALS)]
    bad += [m for m in imported if m.startswith("aislop.loaders") and m.endswith(":UnreadableFile")]
    return sorted(bad)


def test_checks_import_only_the_check_api():
    offending = {str(p.relative_to(ROOT)): _forbidden(_aislop_imports(p)) for p in CHECKS.rglob("*.py")}
    offending = {path: bad for path, bad in offending.items() if bad}
    assert not offending, f"checks must use the Check API (aislop.registry), not engine internals: {offending}"


def test_the_boundary_test_sees_a_forbidden_import():
    assert _forbidden({"aislop.cache:default_cache_dir", "aislop.cache", "aislop.model:Rule"}) == [
        "aislop.cache", "aislop.cache:default_cache_dir"
    ]
    assert _forbidden({"aislop.loaders:UnreadableFile", "aislop.loaders.pdf:read_pdf"}) == ["aislop.loaders:UnreadableFile"]


def test_the_loopback_server_does_not_import_the_engine():
    imported = {m.split(":")[0] for m in _aislop_imports(ROOT / "src" / "aislop" / "loopback.py")}
    assert not imported & {"aislop.engine", "aislop.testing"}


def test_every_family_has_the_same_shape():
    for family in FAMILIES:
        folder = CHECKS / family
        for required in ("__init__.py", "rules.py", "check.py"):
            assert (folder / required).is_file(), f"checks/{family}/{required} is missing"
    assert (CHECKS / "text" / "__init__.py").is_file()


def test_the_engine_names_no_rule_option():
    """Options belong to their rules: the engine must not read one by name (as it once read
    every rule's "online")."""
    from aislop.registry import load_registry

    options = {name for rule in load_registry().rules for name in rule.options}
    source = (ROOT / "src" / "aislop" / "engine.py").read_text(encoding="utf-8")
    quoted = {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)}
    assert not options & quoted, sorted(options & quoted)

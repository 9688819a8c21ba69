"""The boundaries the layout promises: checks reach the engine only through the Check API,
and every family folder has the same shape."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "checks"
FAMILIES = ("prose", "hallucination", "code", "images")

# What a check may import from aislop itself: the Check API and the data model. Not the
# engine, the loaders, the cache or the configuration.
CHECK_API = {"aislop.registry", "aislop.model", "aislop.document", "aislop.loopback"}


def _aislop_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "aislop" or m.startswith("aislop.") and not m.startswith("aislop.checks")}


def test_checks_import_only_the_check_api():
    offending = {
        str(path.relative_to(ROOT)): sorted(_aislop_imports(path) - CHECK_API)
        for path in CHECKS.rglob("*.py")
        if _aislop_imports(path) - CHECK_API
    }
    assert not offending, f"checks must use the Check API (aislop.registry), not engine internals: {offending}"


def test_the_loopback_server_does_not_import_the_engine():
    imported = _aislop_imports(ROOT / "src" / "aislop" / "loopback.py")
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

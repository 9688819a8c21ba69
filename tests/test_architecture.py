"""The boundaries the layout promises: checks reach the engine only through the Check API,
and every family folder has the same shape."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "checks"
FAMILIES = ("prose", "hallucination", "code", "images")

# What a check may not import: the engine and its machinery. The Check API (aislop.registry,
# aislop.model, aislop.document) is the way in; format readers (aislop.loaders.pdf...) may be
# used to read a file's parts, but the engine's errors come from the registry.
ENGINE_INTERNALS = ("aislop.engine", "aislop.cache", "aislop.config", "aislop.pool", "aislop.cli",
                    "aislop.reporters", "aislop.testing", "aislop.triage", "aislop.baseline")


def _imports(path: Path, separator: str = ":") -> set[str]:
    """``module`` and ``module<separator>name`` for every absolute import in ``path``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}{separator}{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _aislop_imports(path: Path) -> set[str]:
    """``module`` and ``module:name`` for every aislop import outside aislop.checks."""
    return {m for m in _imports(path) if m.startswith("aislop") and not m.startswith("aislop.checks")}


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


# Rules of a family's RULES that its check.py decides itself rather than a rule module: each
# needs a reason here. None today.
DECIDED_BY_CHECK: dict[str, frozenset[str]] = {family: frozenset() for family in FAMILIES}


def _family(family: str):
    import importlib

    from aislop.checks.text.discovery import rule_modules

    package = f"aislop.checks.{family}"
    check = importlib.import_module(f"{package}.check")
    if "rule_modules" not in vars(check):
        pytest.skip(f"checks/{family}/check.py does not run rule modules yet")
    return importlib.import_module(f"{package}.rules").RULES, rule_modules(package), check.CHECKS


@pytest.mark.parametrize("family", FAMILIES)
def test_every_declared_rule_is_decided_by_exactly_one_rule_module(family):
    declared, modules, _ = _family(family)
    deciders: dict[str, list[str]] = {rule.name: [] for rule in declared}
    for module in modules:
        for rule in module.RULES:
            deciders[rule.name].append(module.__name__)
    for name in DECIDED_BY_CHECK[family]:
        deciders[name].append("check.py")
    wrong = {name: found for name, found in deciders.items() if len(found) != 1}
    assert not wrong, f"checks/{family}: each rule needs exactly one module deciding it: {wrong}"


@pytest.mark.parametrize("family", FAMILIES)
def test_the_family_checks_run_every_rule_module_and_declare_every_rule(family):
    declared, modules, checks = _family(family)
    owned = [{rule.code for rule in check.rules} for check in checks]
    assert sorted(code for codes in owned for code in codes) == sorted(rule.code for rule in declared), (
        f"checks/{family}: the checks' rules and rules.RULES differ"
    )
    for module in modules:
        codes = {rule.code for rule in module.RULES}
        assert any(codes <= mine for mine in owned), f"{module.__name__}: no check of its family owns all its RULES"


def test_code_rule_modules_do_not_import_each_other():
    """A rule module decides from the family's shared facts; what two rules share belongs in a
    facts or helper module, so that each rule can be read, changed or removed on its own.
    (The code family; prose's headings.py still borrows emoji.py's detector.)"""
    _, modules, _ = _family("code")
    names = {module.__name__ for module in modules}
    tangled = {m.__name__: sorted(_imports(Path(m.__file__), ".") & (names - {m.__name__})) for m in modules}
    assert not {name: found for name, found in tangled.items() if found}


def test_code_rules_decide_from_the_recorded_facts():
    """One walk per file, whatever the number of rules: a code rule reads the FileFacts the
    pass (visitor.py) recorded and never walks the tree itself."""
    _, modules, _ = _family("code")
    traversal = {"CSTVisitor", "CSTTransformer", "MetadataWrapper", "visit", "walk"}
    for module in modules:
        path = Path(module.__file__)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        imported = _imports(path, ".")
        assert "aislop.checks.code.visitor" not in imported, f"{module.__name__} imports the pass"
        assert not any(m.startswith(("libcst.metadata", "libcst.matchers")) for m in imported), module.__name__
        assert not used & traversal, f"{module.__name__} walks the tree: {sorted(used & traversal)}"


def test_the_engine_names_no_rule_option():
    """Options belong to their rules: the engine must not read one by name (as it once read
    every rule's "online")."""
    from aislop.registry import load_registry

    options = {name for rule in load_registry().rules for name in rule.options}
    source = (ROOT / "src" / "aislop" / "engine.py").read_text(encoding="utf-8")
    quoted = {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)}
    assert not options & quoted, sorted(options & quoted)

"""Rule modules found, not listed: a family's check runs every module of its package that
declares which rules it decides (a module-level ``RULES`` tuple) and decides them (a
``findings`` function), so adding a rule is one module plus its declaration in rules.py, with
no wiring line in check.py.

Modules come in the order of their first rule in the family's ``rules.RULES`` tuple, so
reports keep a stable order whatever the file system lists first.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from functools import cache
from types import ModuleType

__all__ = ["rule_modules"]

# The family's own plumbing: never a rule module.
_NOT_RULE_MODULES = frozenset({"rules", "check"})

# A cheap look at the source before importing: helpers (examples.py, scholarly.py...) that
# declare no RULES are not imported just to be turned away.
_DECLARES_RULES = re.compile(r"^RULES\b", re.MULTILINE)


def rule_modules(package_name: str) -> list[ModuleType]:
    """The modules of ``package_name`` that define a ``RULES`` tuple and a ``findings``
    function, ordered by the position of their first rule in ``<package_name>.rules.RULES``.

    Found once per process. A module whose RULES names a rule the family does not declare
    is a programming error (``ValueError``): its findings would have no declared rule."""
    return list(_discover(package_name))


@cache
def _discover(package_name: str) -> tuple[ModuleType, ...]:
    package = importlib.import_module(package_name)
    declared = importlib.import_module(f"{package_name}.rules").RULES
    position = {rule.code: index for index, rule in enumerate(declared)}
    found: list[tuple[int, str, ModuleType]] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg or info.name in _NOT_RULE_MODULES or not _may_declare_rules(f"{package_name}.{info.name}"):
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        rules = getattr(module, "RULES", None)
        if not isinstance(rules, tuple) or not callable(getattr(module, "findings", None)):
            continue
        unknown = [rule.name for rule in rules if rule.code not in position]
        if not rules or unknown:
            raise ValueError(
                f"{module.__name__}.RULES must name rules declared in {package_name}.rules.RULES; "
                f"it names {unknown or 'none'}"
            )
        found.append((min(position[rule.code] for rule in rules), info.name, module))
    return tuple(module for *_, module in sorted(found, key=lambda item: item[:2]))


def _may_declare_rules(module_name: str) -> bool:
    """False only when the module's source is readable and has no top-level ``RULES``."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return True
    try:
        with open(spec.origin, encoding="utf-8") as source:
            return bool(_DECLARES_RULES.search(source.read()))
    except OSError:
        return True

"""Rule options, typed and resolved in one place.

A rule declares its options with their defaults (``Rule.options``); the default's type is the
option's type. ``[tool.aislop.rules.NAME]`` tables are checked here, once, before any file is
read: an unknown option or a value of the wrong type (``min_px = "abc"``) is a ConfigError
(exit 2) naming the rule and the option, never an error per file later. Checks read the merged
values through ``Context.options(rule)``.

Each option has one home: scan-wide settings (``online``, ``languagetool-url``...) live at the
top level of the configuration, a rule's tuning lives in its own table, and no key is both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aislop.config import Config, ConfigError, parse_severity
from aislop.model import Rule, Severity
from aislop.registry import Registry


def option_type(default: Any) -> tuple[type, ...] | None:
    """The types a configured value may have, read from the declared default (None: any).
    An integer is accepted where a float is declared, never a bool where a number is."""
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, int):
        return (int,)
    if isinstance(default, float):
        return (int, float)
    if isinstance(default, str):
        return (str,)
    if isinstance(default, list | tuple):
        return (list, tuple)
    if isinstance(default, Mapping):
        return (dict,)
    return None


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string", list: "a list",
               dict: "a table"}


def check_option(rule: Rule, name: str, value: Any) -> Any:
    """``value`` for ``rule``'s option ``name`` in its declared type; ConfigError otherwise."""
    return _typed(f"rules.{rule.name}.{name}", rule.options[name], value)


def _typed(where: str, default: Any, value: Any) -> Any:
    """``value`` when it has the type of ``default`` (see option_type); ConfigError otherwise."""
    accepted = option_type(default)
    if accepted is None:
        return value
    wrong_bool = isinstance(value, bool) and bool not in accepted
    if wrong_bool or not isinstance(value, accepted):
        expected = _TYPE_NAMES[float if float in accepted else accepted[0]]
        raise ConfigError(f"{where} must be {expected} (default {default!r}), not {value!r}")
    return value


def check_settings(registry: Registry, settings: Mapping[str, Any]) -> None:
    """The scan-wide settings that checks declare (``Check.setting_defaults``) in their declared
    types: a table (``prose-weights``) entry by entry, where an entry the default does not name
    is an error too. ConfigError (exit 2) before any file is read, never an error per file."""
    for check in registry.checks:
        for key, default in check.setting_defaults.items():
            if key not in settings:
                continue
            where, value = key.replace("_", "-"), settings[key]
            _typed(where, default, value)
            if isinstance(default, Mapping):
                for name, entry in value.items():
                    if name not in default:
                        raise ConfigError(f"{where}: unknown entry {name!r} (entries: {', '.join(default)})")
                    _typed(f"{where}.{name}", default[name], entry)


def resolve_rule_options(
    registry: Registry, config: Config
) -> tuple[dict[str, dict[str, Any]], dict[str, Severity]]:
    """Per-rule options (by rule code) and severity overrides from ``[tool.aislop.rules.NAME]``."""
    options: dict[str, dict[str, Any]] = {}
    severities: dict[str, Severity] = {}
    for key, values in config.rules.items():
        rule = registry.rule(key)
        if rule is None:
            raise ConfigError(f"rules.{key}: unknown rule{registry.did_you_mean(key)}")
        for name, value in values.items():
            if name == "severity":
                severities[rule.code] = parse_severity(value, f"rules.{key}.")
            elif name not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none besides severity"
                raise ConfigError(f"rules.{key}: unknown option {name!r} (options: {known})")
            else:
                options.setdefault(rule.code, {})[name] = check_option(rule, name, value)
    return options, severities

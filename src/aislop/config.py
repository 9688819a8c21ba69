"""Configuration: ``[tool.aislop]`` in pyproject.toml or top-level keys in aislop.toml.

Found from the scanned path upwards (the first file that has aislop settings wins); CLI
flags override it. Unknown keys are an error, never silently ignored: a typo in a linter's
configuration that quietly does nothing is worse than no configuration.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aislop.model import Severity

DEFAULT_EXCLUDE = (
    ".git/",
    ".hg/",
    ".svn/",
    ".venv/",
    "venv/",
    "node_modules/",
    "__pycache__/",
    ".tox/",
    ".nox/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    "*.egg-info/",
)
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
DEFAULT_SEVERITY_WEIGHTS = {"error": 10.0, "warning": 3.0, "info": 1.0}

# Keys accepted in the configuration file, with the type each must have.
KNOWN_KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "extend-select": list,
    "ignore": list,
    "per-file-ignores": dict,
    "exclude": list,
    "extend-exclude": list,
    "respect-gitignore": bool,
    "fail-on": str,
    "max-file-size": (int, str),
    "jobs": int,
    "cache-dir": str,
    "rules": dict,
    "severity-weights": dict,
    "block-confidence": (int, float),
    "languagetool-url": str,
    "crossref-url": str,
    "openalex-url": str,
    "mailto": str,
    "logo-globs": list,
    "prose-weights": dict,
    "online": bool,
    "require-reason": bool,
    "coverage": str,
}

_EXPECTED = {list: "a list", dict: "a table", bool: "true or false", str: "a string", int: "an integer",
             (int, str): "a size (5242880 or \"5MB\")", (int, float): "a number"}

# Keys that are a rule's option, not a scan-wide setting: each option has one home.
RULE_OPTION_KEYS = {"target-grade": ("readability", "target_grade")}


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


@dataclass
class Config:
    select: list[str] | None = None  # None: every rule
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    fail_on: Severity = Severity.ERROR
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int | None = None
    executor: str = "process"  # "process" (a local pool) or "dask" (aislop.cluster)
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    cache_dir: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SEVERITY_WEIGHTS))
    block_confidence: float = 0.8
    require_reason: bool = False  # a suppression comment without ` -- reason` is a finding
    settings: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    @property
    def all_excludes(self) -> list[str]:
        return [*self.exclude, *self.extend_exclude]


def parse_size(value: int | str) -> int:
    """Accept 5242880, "5MB", "500 kB"."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*", value, re.I)
    if not m:
        raise ConfigError(f"max-file-size: cannot read {value!r} as a size (e.g. 5MB)")
    unit = (m.group(2) or "").lower().rstrip("b").rstrip("i")
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit])


def find_config_file(start: Path) -> Path | None:
    """The nearest aislop.toml, or pyproject.toml with a [tool.aislop] table, upwards."""
    here = start if start.is_dir() else start.parent
    for folder in [here, *here.parents]:
        candidate = folder / "aislop.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "aislop" in data.get("tool", {}):
                return candidate
    return None


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("aislop", {})
    return data.get("tool", {}).get("aislop", data) if "tool" in data else data


def build_config(raw: dict[str, Any], source: Path | None = None) -> Config:
    """Validate raw TOML values into a Config. Rule names are checked later, against the registry."""
    where = f"{source}: " if source else ""
    for key, value in raw.items():
        if key in RULE_OPTION_KEYS:
            rule, option = RULE_OPTION_KEYS[key]
            raise ConfigError(
                f"{where}{key!r} is an option of the {rule} rule: set it as {option} under "
                f"[tool.aislop.rules.{rule}] (in aislop.toml: [rules.{rule}])"
            )
        if key not in KNOWN_KEYS:
            close = [k for k in KNOWN_KEYS if k.replace("-", "") == key.replace("_", "").replace("-", "")]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{where}unknown configuration key {key!r}{hint}")
        if not isinstance(value, KNOWN_KEYS[key]) or isinstance(value, bool) and KNOWN_KEYS[key] is not bool:
            raise ConfigError(f"{where}{key!r} must be {_EXPECTED[KNOWN_KEYS[key]]}, not {value!r}")
        if KNOWN_KEYS[key] is list and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}{key!r} must be a list of strings, not {value!r}")
    config = Config(source=source)
    if "select" in raw:
        config.select = [str(s) for s in raw["select"]]
    config.extend_select = [str(s) for s in raw.get("extend-select", [])]
    config.ignore = [str(s) for s in raw.get("ignore", [])]
    for pattern, rules in raw.get("per-file-ignores", {}).items():
        if not isinstance(rules, list):
            raise ConfigError(f"{where}per-file-ignores[{pattern!r}] must be a list of rules")
        config.per_file_ignores[pattern] = [str(r) for r in rules]
    if "exclude" in raw:
        config.exclude = [str(s) for s in raw["exclude"]]
    config.extend_exclude = [str(s) for s in raw.get("extend-exclude", [])]
    config.respect_gitignore = raw.get("respect-gitignore", True)
    if "fail-on" in raw:
        config.fail_on = parse_severity(raw["fail-on"], where)
    if "max-file-size" in raw:
        config.max_file_size = parse_size(raw["max-file-size"])
    config.jobs = raw.get("jobs")
    config.cache_dir = raw.get("cache-dir")
    for name, options in raw.get("rules", {}).items():
        if not isinstance(options, dict):
            raise ConfigError(f"{where}rules.{name} must be a table of options")
        config.rules[name] = dict(options)
    for sev, weight in raw.get("severity-weights", {}).items():
        if sev not in DEFAULT_SEVERITY_WEIGHTS or not isinstance(weight, int | float):
            raise ConfigError(f"{where}severity-weights.{sev}: expected error/warning/info = number")
        config.severity_weights[sev] = float(weight)
    config.block_confidence = float(raw.get("block-confidence", 0.8))
    config.require_reason = raw.get("require-reason", False)
    for key in ("languagetool-url", "logo-globs", "prose-weights", "online", "crossref-url", "openalex-url",
                "mailto"):
        if key in raw:
            config.settings[key.replace("-", "_")] = raw[key]
    if "coverage" in raw:  # a coverage data file, relative to the configuration file's folder
        config.settings["coverage"] = str((source.parent if source else Path.cwd()) / raw["coverage"])
    return config


def parse_severity(value: str, where: str = "") -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"{where}severity must be error, warning or info, not {value!r}") from None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """The configuration for a scan rooted at ``start`` (or from ``explicit``)."""
    path = explicit or find_config_file(start.resolve())
    if path is None:
        return Config()
    return build_config(read_config_file(path), source=path)

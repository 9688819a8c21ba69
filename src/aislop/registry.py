"""The plugin API and the registry that finds checks through entry points.

A third-party package exposes checks exactly like the built-ins do::

    [project.entry-points."aislop.checks"]
    mychecks = "mypkg.checks"          # a module with CHECKS = [MyCheck(), ...]
    # or  one = "mypkg.checks:MyCheck"  # a Check subclass or instance

A check declares its rules and yields findings for a document it accepts.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from aislop.document import Document
from aislop.loaders.errors import UnreadableFile
from aislop.model import FAMILIES, Finding, Rule, Severity

ENTRY_POINT_GROUP = "aislop.checks"

# Part of the Check API: a check raises UnreadableFile (or a subclass) when the file turns out
# to be unreadable (a corrupt image), and the engine reports it as unreadable-file.
__all__ = ["Check", "Context", "ProjectIndex", "Registry", "RegistryError", "UnreadableFile", "load_registry"]


class Check:
    """Base class for every check. Subclasses set ``rules`` and ``kinds``, implement ``check``.

    ``kinds`` lists the document kinds the check reads (prose, code, image). ``check`` must
    only yield findings for its own rules; the engine filters out rules the user disabled
    and turns any exception into an ``internal-error`` finding for that file.
    """

    rules: tuple[Rule, ...] = ()
    kinds: frozenset[str] = frozenset({"prose"})
    # True when results depend on which other files exist (sibling masters, local modules):
    # the result cache then re-checks files of these kinds whenever the file list changes.
    reads_file_list: bool = False
    # Scan-wide settings the check reads from ``ctx.settings`` (e.g. "prose_weights"), with their
    # defaults. A configured value of another type is a configuration error (exit 2), and for a
    # table so is an entry the default does not name, checked once before any file is read.
    setting_defaults: Mapping[str, Any] = {}

    @property
    def name(self) -> str:
        return type(self).__name__

    def project_signature(self, project: ProjectIndex) -> str:
        """A string that changes whenever anything this check reads *outside* the checked
        file changes (test files, dependency declarations...); "" when it reads nothing else.
        The result cache mixes it into the key of every file of the check's kinds, so a
        cross-file check must declare its inputs here or serve stale results."""
        return ""

    def shared_setup(self, settings: dict[str, Any], rule_options: Mapping[str, Mapping[str, Any]],
                     enabled: frozenset[str]) -> None:
        """Called once per scan in the main process, before any file is checked and after the
        cache key is made: start a service the worker processes share (one LanguageTool
        server, not one per worker) and put where to reach it in ``settings``."""

    def shared_facts(self, project: ProjectIndex, enabled: frozenset[str]) -> None:
        """Called once per scan in the main process when the files are checked by worker
        processes (a process pool, a cluster), before any is checked: compute the cross-file
        facts every worker would otherwise compute for itself (a test map) with
        ``project.share(key, compute)``; they travel to the workers with the job."""

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError


@dataclass
class ProjectIndex:
    """What a check may know about the whole scan: its root, every discovered file and the
    other files beside them (``assets``: not scanned, but e.g. a logo's .pdf master).

    ``memo`` caches derived, cross-file facts (the test map, the module list) once per
    process so that checks never recompute them per file; ``share`` does the same and sends
    the value with the project to worker processes (computed once per scan).
    """

    root: Path
    files: dict[str, str] = field(default_factory=dict)  # relpath -> kind
    assets: tuple[str, ...] = ()  # relpaths of discovered files aislop does not scan
    # The scan's settings, for project_signature(): a setting may name an input outside the
    # scanned files (the coverage data file).
    settings: Mapping[str, Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _shared: set[str] = field(default_factory=set, repr=False, compare=False)  # memo keys that travel

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def share(self, key: str, compute: Callable[[], Any]) -> Any:
        """``memo``, and the value is pickled with the project (so it must be picklable)."""
        value = self.memo(key, compute)
        self._shared.add(key)
        return value

    def __getstate__(self) -> dict:
        shared = {key: self._memo[key] for key in self._shared}
        return {"root": self.root, "files": self.files, "assets": self.assets, "settings": self.settings,
                "_memo": shared, "_shared": set(self._shared)}


@dataclass
class Context:
    """Per-scan settings a check may read."""

    project: ProjectIndex
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    enabled: frozenset[str] = frozenset()  # rule codes that will be reported
    notes: list[str] = field(default_factory=list)
    # Set by a check whose service failed for this file (a LanguageTool server down): the
    # file's result is then reported but not cached, so the next scan asks again.
    incomplete: bool = False
    # A folder where a check may keep its own answers between scans (the link checker's), or
    # None when the user turned caching off (--no-cache).
    cache_dir: Path | None = None

    def options(self, rule: Rule) -> dict[str, Any]:
        """The rule's options: its declared defaults overridden by configuration."""
        merged = dict(rule.options)
        merged.update(self.rule_options.get(rule.code, {}))
        return merged

    def is_enabled(self, rule: Rule) -> bool:
        return not self.enabled or rule.code in self.enabled

    def note(self, message: str) -> None:
        """A one-line note for the user (deduplicated across the scan)."""
        if message not in self.notes:
            self.notes.append(message)


# ---------------------------------------------------------------------- internal rules
INTERNAL_ERROR = Rule(
    code="AIS900",
    name="internal-error",
    family="internal",
    severity=Severity.WARNING,
    confidence=1.0,
    visibility=1,
    effort_minutes=5,
    summary="A check failed on this file; the rest of the scan went on.",
    why="aislop could not finish one of its checks on this file, so the file was only partly checked.",
    fix="Report the message to the aislop maintainers; meanwhile review the file by hand.",
)
UNREADABLE_FILE = Rule(
    code="AIS901",
    name="unreadable-file",
    family="internal",
    severity=Severity.ERROR,
    confidence=1.0,
    visibility=3,
    effort_minutes=10,
    summary="The file could not be read or parsed.",
    why="A corrupt, truncated or unreadable file in a deliverable is the first thing a client "
    "will notice, and aislop could not check it at all.",
    fix="Open the file in the program that made it, re-export it, and scan again.",
)
FILE_TOO_LARGE = Rule(
    code="AIS902",
    name="file-too-large",
    family="internal",
    severity=Severity.INFO,
    confidence=1.0,
    visibility=1,
    effort_minutes=1,
    summary="The file is larger than the size cap and was skipped.",
    why="Very large files are rarely hand-written deliverables and would slow the scan down.",
    fix="Raise `max-file-size` in the configuration if this file should be checked.",
)
UNEXPLAINED_SUPPRESSION = Rule(
    code="AIS903",
    name="unexplained-suppression",
    family="internal",
    severity=Severity.WARNING,
    confidence=1.0,
    visibility=1,
    effort_minutes=1,
    summary="A suppression comment gives no reason (reported only with `require-reason = true`).",
    why="A review record must say why each finding was waived; a bare `aislop: ignore` hides a "
    "defect without telling the next reader whether someone looked at it.",
    fix="Write the reason after ` -- `: `<!-- aislop: ignore placeholder-text -- the client fills "
    "this slot -->` or `# aislop: ignore[debug-print] -- CLI output, on purpose`.",
)
PARTLY_READ = Rule(
    code="AIS904",
    name="partly-read-file",
    family="internal",
    severity=Severity.INFO,
    confidence=1.0,
    visibility=1,
    effort_minutes=5,
    summary="Only part of the file was read (a page tree past the page cap); the rest was not checked.",
    why="aislop bounds the work one file may cost, so a hostile or enormous document cannot stall "
    "the scan; what lies past the bound was not checked and must not pass for clean.",
    fix="Check the rest by hand, or split the document; a real deliverable rarely has this many pages.",
)
INTERNAL_RULES = (INTERNAL_ERROR, UNREADABLE_FILE, FILE_TOO_LARGE, UNEXPLAINED_SUPPRESSION, PARTLY_READ)


class RegistryError(Exception):
    """A plugin could not be loaded or declares an invalid rule."""


def _checks_from(obj: Any) -> list[Check]:
    if isinstance(obj, types.ModuleType):
        return [c for item in getattr(obj, "CHECKS", ()) for c in _checks_from(item)]
    if isinstance(obj, type) and issubclass(obj, Check):
        return [obj()]
    if isinstance(obj, Check):
        return [obj]
    if isinstance(obj, list | tuple):
        return [c for item in obj for c in _checks_from(item)]
    raise RegistryError(f"{obj!r} is not a Check, a list of checks or a module with CHECKS")


@dataclass(frozen=True)
class Registry:
    checks: tuple[Check, ...]
    rules: tuple[Rule, ...]

    def rule(self, key: str) -> Rule | None:
        """Find a rule by code (AIS201) or name (dangling-citation), case-insensitively."""
        key = key.strip().lower()
        for rule in self.rules:
            if key in (rule.code.lower(), rule.name.lower()):
                return rule
        return None

    def did_you_mean(self, key: str) -> str:
        """`` (did you mean 'chat-leftover'?)`` for a misspelt rule name, code or family; else ''."""
        import difflib

        words = [r.name for r in self.rules] + [r.code.lower() for r in self.rules] + sorted(FAMILIES)
        close = difflib.get_close_matches(key.strip().lower().replace("_", "-"), words, n=1, cutoff=0.7)
        if not close:
            return ""
        return f" (did you mean {(close[0].upper() if close[0].startswith('ais') else close[0])!r}?)"

    def resolve(self, selectors: Iterable[str]) -> set[str]:
        """Turn codes, names, families or code prefixes (AIS2) into rule codes."""
        codes: set[str] = set()
        for raw in selectors:
            key = raw.strip()
            if not key:
                continue
            low = key.lower()
            if low == "all":
                codes.update(r.code for r in self.rules)
            elif low in FAMILIES:
                codes.update(r.code for r in self.rules if r.family == low)
            elif rule := self.rule(key):
                codes.add(rule.code)
            elif any(r.code.lower().startswith(low) for r in self.rules) and low.startswith("ais"):
                codes.update(r.code for r in self.rules if r.code.lower().startswith(low))
            else:
                raise RegistryError(f"unknown rule, family or code prefix: {key!r}{self.did_you_mean(key)}")
        return codes


def build_registry(checks: Iterable[Check]) -> Registry:
    checks = tuple(checks)
    rules: list[Rule] = list(INTERNAL_RULES)
    seen = {r.code: "aislop" for r in rules} | {r.name: "aislop" for r in rules}
    for check in checks:
        for rule in check.rules:
            for key in (rule.code, rule.name):
                if key in seen:
                    raise RegistryError(f"{check.name}: rule {key} is already declared by {seen[key]}")
                seen[key] = check.name
            rules.append(rule)
    rules.sort(key=lambda r: r.code)
    return Registry(checks=checks, rules=tuple(rules))


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """Load every check registered under the ``aislop.checks`` entry-point group."""
    checks: list[Check] = []
    # The same module registered twice (an old install under the former distribution name
    # `aislop` beside `aislop-qa`) is loaded once, not refused as a duplicate of itself.
    unique = {(ep.name, ep.value): ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    found = sorted(unique.values(), key=lambda ep: ep.name)
    for ep in found:
        try:
            checks.extend(_checks_from(ep.load()))
        except RegistryError:
            raise
        except Exception as exc:  # a broken third-party plugin must not kill the scan
            print(f"aislop: could not load plugin {ep.name!r}: {exc}", file=sys.stderr)
    if not found:
        print(
            "aislop: no checks registered (is aislop installed? try `pip install .`)",
            file=sys.stderr,
        )
    return build_registry(checks)

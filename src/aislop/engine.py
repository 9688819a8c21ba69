"""The engine: discover -> load -> check, file by file, isolated and (optionally) parallel.

One file never sees another file's failure: a file that cannot be loaded becomes an
``unreadable-file`` finding, an exception inside a check becomes an ``internal-error``
finding naming the check, and the scan goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from aislop.config import Config, ConfigError, parse_severity
from aislop.discovery import DiscoveredFile, discover
from aislop.document import Document
from aislop.loaders import UnreadableFile, load
from aislop.model import FileResult, Finding, Severity
from aislop.registry import (
    FILE_TOO_LARGE,
    INTERNAL_ERROR,
    UNREADABLE_FILE,
    Context,
    ProjectIndex,
    Registry,
    RegistryError,
    load_registry,
)

# Exceptions that mean "this file is broken", not "aislop is broken".
_UNREADABLE_ERRORS: tuple[type[BaseException], ...] = (UnreadableFile, OSError, SyntaxError, RecursionError, EOFError)


def _unreadable_errors() -> tuple[type[BaseException], ...]:
    extra: list[type[BaseException]] = []
    try:
        from PIL import Image

        extra.append(Image.DecompressionBombError)
    except ImportError:  # pragma: no cover - pillow is a dependency
        pass
    try:
        import libcst

        extra.append(libcst.ParserSyntaxError)
    except ImportError:  # pragma: no cover - libcst is a dependency
        pass
    return _UNREADABLE_ERRORS + tuple(extra)


@dataclass
class Job:
    """Everything a worker needs to scan one file; picklable for the process pool."""

    project: ProjectIndex
    enabled: frozenset[str]
    rule_options: dict[str, dict[str, Any]]
    severity_overrides: dict[str, Severity]
    settings: dict[str, Any]
    per_file_ignores: list[tuple[str, frozenset[str]]]
    max_file_size: int


@dataclass
class ScanResult:
    root: Path
    files: list[FileResult]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    registry: Registry | None = None


class ScanError(Exception):
    """A problem with the scan request itself (bad path, bad configuration): exit code 2."""


# ------------------------------------------------------------------------ rule selection
def enabled_rules(registry: Registry, config: Config) -> frozenset[str]:
    """Codes of the rules to report, after select / extend-select / ignore."""
    try:
        selected = registry.resolve(config.select) if config.select is not None else {r.code for r in registry.rules}
        selected |= registry.resolve(config.extend_select)
        selected -= registry.resolve(config.ignore)
        for rules in config.per_file_ignores.values():
            registry.resolve(rules)
    except RegistryError as exc:
        raise ConfigError(str(exc)) from exc
    selected.add(INTERNAL_ERROR.code)
    return frozenset(selected)


def rule_options(registry: Registry, config: Config) -> tuple[dict[str, dict[str, Any]], dict[str, Severity]]:
    """Per-rule options and severity overrides from ``[tool.aislop.rules.NAME]``."""
    options: dict[str, dict[str, Any]] = {}
    severities: dict[str, Severity] = {}
    for key, values in config.rules.items():
        rule = registry.rule(key)
        if rule is None:
            raise ConfigError(f"rules.{key}: unknown rule")
        for name, value in values.items():
            if name == "severity":
                severities[rule.code] = parse_severity(value, f"rules.{key}.")
            elif name not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none besides severity"
                raise ConfigError(f"rules.{key}: unknown option {name!r} (options: {known})")
            else:
                options.setdefault(rule.code, {})[name] = value
    return options, severities


# ------------------------------------------------------------------------ one file
def _check_document(doc: Document, checks: Iterable, ctx: Context, result: FileResult) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        if doc.kind not in check.kinds or not any(ctx.is_enabled(r) for r in check.rules):
            continue
        try:
            produced = [f for f in check.check(doc, ctx) if ctx.is_enabled(f.rule)]
        except _unreadable_errors() as exc:
            reason = _reason(exc)
            if result.error is None:
                result.error = reason
                findings.append(doc.file_finding(UNREADABLE_FILE, f"Cannot read this file: {reason}."))
            continue
        except Exception as exc:  # noqa: BLE001 - isolation is the point
            findings.append(
                doc.file_finding(
                    INTERNAL_ERROR,
                    f"Check {check.name} failed on this file ({type(exc).__name__}: {exc}); "
                    "the other checks still ran.",
                )
            )
            continue
        suppressions = doc.suppressions
        findings.extend(f for f in produced if not any(s.covers(f.line, f.rule) for s in suppressions))
    return findings


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply to parse"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def scan_file(item: DiscoveredFile, job: Job, registry: Registry | None = None) -> FileResult:
    """Load and check one file; never raises for problems with the file itself."""
    registry = registry or load_registry()
    ctx = Context(project=job.project, rule_options=job.rule_options, settings=job.settings, enabled=job.enabled)
    result = FileResult(path=item.relpath, kind=item.kind)
    findings: list[Finding] = []
    try:
        size = item.path.stat().st_size
    except OSError as exc:
        size = 0
        result.error = f"cannot read file: {(exc.strerror or str(exc)).lower()}"
    if result.error is None and size > job.max_file_size:
        findings.append(
            Finding(
                rule=FILE_TOO_LARGE,
                path=item.relpath,
                message=f"Skipped: {size / 2**20:.1f} MB is over the {job.max_file_size / 2**20:.1f} MB size cap.",
            )
        )
        result.notes.append(f"{item.relpath}: skipped, larger than max-file-size")
    elif result.error is None:
        try:
            docs = load(item.path, item.relpath)
        except _unreadable_errors() as exc:
            result.error = _reason(exc)
            docs = []
        except Exception as exc:  # noqa: BLE001 - a loader bug must not stop the scan
            result.error = f"{type(exc).__name__}: {exc}"[:300]
            docs = []
        for doc in docs:
            findings.extend(_check_document(doc, registry.checks, ctx, result))
            result.scores.update(doc.meta.get("scores", {}))
            result.words += doc.words
    if result.error is not None and not any(f.rule is UNREADABLE_FILE for f in findings):
        findings.insert(0, Finding(rule=UNREADABLE_FILE, path=item.relpath, message=f"Cannot read this file: {result.error}."))
    result.findings = _apply_file_policies(findings, item.relpath, job)
    result.notes.extend(ctx.notes)
    return result


def _apply_file_policies(findings: list[Finding], relpath: str, job: Job) -> list[Finding]:
    ignored: set[str] = set()
    for pattern, codes in job.per_file_ignores:
        if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(relpath):
            ignored |= codes
    kept = []
    for finding in findings:
        code = finding.rule.code
        if code in ignored or code not in job.enabled:
            continue
        if code in job.severity_overrides and finding.severity is None:
            finding.severity = job.severity_overrides[code]
        kept.append(finding)
    return kept


# ------------------------------------------------------------------------ fingerprints
def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def assign_fingerprints(findings: list[Finding]) -> None:
    """rule + path + normalised matched text (+ symbol) + occurrence index; never the line."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        key = (finding.rule.code, finding.path, _normalise(finding.matched or finding.symbol or ""))
        index = seen[key]
        seen[key] += 1
        raw = "\x1f".join([*key, str(index)])
        finding.fingerprint = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


# ------------------------------------------------------------------------ the scan
def _worker_scan(args: tuple[DiscoveredFile, Job]) -> FileResult:
    return scan_file(*args)


def scan(
    paths: list[Path],
    config: Config,
    *,
    jobs: int | None = None,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Scan ``paths`` with ``config``. Raises ScanError / ConfigError for bad requests."""
    missing = [str(p) for p in paths if not (p.exists() or p.is_symlink())]
    if missing:
        raise ScanError(f"path does not exist: {missing[0]}")
    custom_registry = registry is not None
    registry = registry or load_registry()
    enabled = enabled_rules(registry, config)
    options, severities = rule_options(registry, config)
    root, files = discover(paths, config.all_excludes, config.respect_gitignore)
    project = ProjectIndex(root=root, files={f.relpath: f.kind for f in files})
    per_file = [(pattern, frozenset(registry.resolve(rules))) for pattern, rules in config.per_file_ignores.items()]
    settings = dict(config.settings)
    settings.setdefault("cache_dir", config.cache_dir)
    job = Job(project, enabled, options, severities, settings, per_file, config.max_file_size)

    workers = jobs or config.jobs or os.cpu_count() or 1
    results: list[FileResult] = []
    if workers > 1 and len(files) >= 4 * workers and not custom_registry:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, min(32, len(files) // (workers * 4)))
            for i, result in enumerate(pool.map(_worker_scan, [(f, job) for f in files], chunksize=chunk)):
                results.append(result)
                if progress:
                    progress(i + 1, len(files))
    else:
        for i, item in enumerate(files):
            results.append(scan_file(item, job, registry))
            if progress:
                progress(i + 1, len(files))

    findings = [f for r in results for f in r.findings]
    assign_fingerprints(findings)
    notes: list[str] = []
    for result in results:
        for note in result.notes:
            if note not in notes:
                notes.append(note)
    return ScanResult(root=root, files=results, findings=findings, notes=notes, registry=registry)

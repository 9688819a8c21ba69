"""The engine: discover -> load -> check, file by file, isolated and (optionally) parallel.

One file never sees another file's failure: a file that cannot be loaded becomes an
``unreadable-file`` finding, an exception inside a check becomes an ``internal-error``
finding naming the check, a file that kills its worker process becomes an ``unreadable-file``
finding (see pool.py), and the scan goes on.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pathspec

from aislop import artifacts
from aislop.cache import ResultCache, config_signature, default_cache_dir, plugin_signature, project_signatures, store
from aislop.collector import rare_collections
from aislop.config import Config, ConfigError
from aislop.discovery import DiscoveredFile, discover, gitignore_spec, unscanned_by_extension
from aislop.document import Document
from aislop.flat import normalise
from aislop.loaders import UnreadableFile, load
from aislop.model import FileResult, Finding, Rule, Severity
from aislop.options import check_settings, resolve_rule_options
from aislop.triage import priority_of
from aislop.pool import run_isolated
from aislop.remote import RemoteError, RemotePath, discover_url, for_loader, is_url
from aislop import snapshot as snapshots
from aislop.spill import Compact, ScanStore, StoredFiles, StoredFindings, compact
from aislop.registry import (
    FILE_TOO_LARGE,
    INTERNAL_ERROR,
    PARTLY_READ,
    UNEXPLAINED_SUPPRESSION,
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
    cache_dir: Path | None = None  # handed to checks (Context.cache_dir); None with --no-cache
    artifact_dir: Path | None = None  # where set-up results are kept between runs (aislop.artifacts)


@dataclass
class ScanResult:
    root: Path
    files: list[FileResult]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    registry: Registry | None = None
    not_scanned: dict[str, int] = field(default_factory=dict)  # extension -> files no loader takes
    items: list[DiscoveredFile] = field(default_factory=list)  # what was discovered (for aislop fix)
    job: Job | None = None
    # With scan(spill=True): the on-disk store behind ``files`` and ``findings`` (aislop.spill);
    # close it when the report is written.
    store: ScanStore | None = None


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
    # A file aislop could not read or check is reported whatever was selected; only an
    # explicit ignore silences it.
    selected.add(INTERNAL_ERROR.code)
    ignored = registry.resolve(config.ignore)
    selected |= {r.code for r in (UNREADABLE_FILE, PARTLY_READ) if r.code not in ignored}
    if config.require_reason and UNEXPLAINED_SUPPRESSION.code not in ignored:
        selected.add(UNEXPLAINED_SUPPRESSION.code)
    elif not config.require_reason:
        selected.discard(UNEXPLAINED_SUPPRESSION.code)
    return frozenset(selected)


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
                    f"Check {check.name} failed on this file ({type(exc).__name__}: {printable(str(exc)[:300])}); "
                    "the other checks still ran.",
                )
            )
            continue
        findings.extend(_unsuppressed(produced, doc, result))
    return findings


def _unsuppressed(produced: list[Finding], doc: Document, result: FileResult) -> list[Finding]:
    """The findings no suppression comment covers; the others are kept as waivers."""
    kept = []
    for f in produced:
        waiver = next((s for s in doc.suppressions if s.covers(f.line, f.rule)), None)
        if waiver is None:
            kept.append(f)
            continue
        result.waived.append(
            {
                "rule": f.rule.code, "name": f.rule.name, "path": f.path, "line": f.line,
                "matched": " ".join((f.matched or f.symbol or "").split())[:120], "reason": waiver.reason,
                "source": f"{doc.relpath}:{waiver.at or waiver.first}",
            }
        )
    return kept


def _unexplained(doc: Document) -> list[Finding]:
    """A finding per suppression comment that gives no reason (kept only with require-reason)."""
    return [
        doc.file_finding(
            UNEXPLAINED_SUPPRESSION,
            "This suppression gives no reason; write why after ` -- ` so the review record can say "
            "why the finding was waived.",
            line=s.at or s.first,
            column=1,
        )
        for s in doc.suppressions
        if not s.reason
    ]


def _reason(exc: BaseException) -> str:
    """The first line of an exception's text, fit for a message: control characters and raw
    bytes from a broken file escaped, no final period (the message adds its own)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to parse"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    first = str(exc).strip().split("\n", 1)[0].strip()  # not splitlines(): a \r or \x1c is data here
    return printable(first[:300]).rstrip(".") or type(exc).__name__


def printable(text: str) -> str:
    """``text`` with every character that is not printable (a \\r, \\x00 or escape from a broken
    file, a stray surrogate from undecodable bytes) written as its Python escape, so that a
    message stays one readable line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def scan_file(
    item: DiscoveredFile, job: Job, registry: Registry | None = None, data: bytes | None = None
) -> FileResult:
    """Load and check one file; never raises for problems with the file itself."""
    registry = registry or load_registry()
    if job.artifact_dir is not None and artifacts.folder() is None:
        artifacts.use_folder(job.artifact_dir)  # a pool worker: the scan's folder
    ctx = Context(
        project=job.project, rule_options=job.rule_options, settings=job.settings, enabled=job.enabled,
        cache_dir=job.cache_dir,
    )
    result = FileResult(path=item.relpath, kind=item.kind)
    findings: list[Finding] = []
    size = 0
    if item.problem is not None:
        result.error = item.problem
    else:
        try:
            size = item.path.stat().st_size
        except OSError as exc:
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
        # Libraries warn about odd files on stderr (Pillow: "Invalid APNG..."): from a worker
        # that text lands in the middle of the report. Keep it as a note on this file instead.
        with warnings.catch_warnings(record=True) as caught, rare_collections():
            findings += _load_and_check(item, job, data, registry, ctx, result)
        for warning in caught:
            note = f"{item.relpath}: {warning.category.__name__}: {printable(str(warning.message))[:300]}"
            if note not in result.notes:
                result.notes.append(note)
    if result.error is not None and not any(f.rule is UNREADABLE_FILE for f in findings):
        findings.insert(0, Finding(rule=UNREADABLE_FILE, path=item.relpath, message=f"Cannot read this file: {result.error}."))
    result.findings = _drop_deferred(_apply_file_policies(findings, item.relpath, job))
    result.notes.extend(ctx.notes)
    result.incomplete = ctx.incomplete
    return result


def _load_and_check(
    item: DiscoveredFile, job: Job, data: bytes | None, registry: Registry, ctx: Context, result: FileResult
) -> list[Finding]:
    try:
        path, data = for_loader(item.path, data)  # a remote file's bytes are read here, in the worker
        docs = load(path, item.relpath, data)
    except _unreadable_errors() as exc:
        result.error = _reason(exc)
        return []
    except Exception as exc:  # noqa: BLE001 - a loader bug must not stop the scan
        result.error = printable(f"{type(exc).__name__}: {exc}"[:300])
        return []
    findings: list[Finding] = []
    for doc in docs:
        findings.extend(_check_document(doc, registry.checks, ctx, result))
        if UNEXPLAINED_SUPPRESSION.code in job.enabled:
            findings.extend(_unexplained(doc))
        result.scores.update(doc.meta.get("scores", {}))
        if "references" in doc.meta:
            result.references = [*(result.references or []), *doc.meta["references"]]
        result.notes.extend(doc.meta.get("notes", ()))
        if reason := doc.meta.get("partly_read"):  # a loader stopped at its bound: never pass for clean
            findings.append(doc.file_finding(PARTLY_READ, f"Only part of this file was checked: {reason}."))
        result.score_sources.update(doc.meta.get("score_sources", {}))
        result.words += doc.words
        if doc.meta.get("container") and isinstance(doc.meta.get("data"), bytes):
            data = doc.meta["data"]  # a picture inside the file: named and hashed for the record
            result.embedded.append({"path": doc.relpath, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return findings


@lru_cache(maxsize=256)
def _pattern_spec(pattern: str) -> pathspec.PathSpec:
    """One per-file-ignores pattern, compiled once per process (not once per file)."""
    return gitignore_spec([pattern])


def _apply_file_policies(findings: list[Finding], relpath: str, job: Job) -> list[Finding]:
    ignored: set[str] = set()
    for pattern, codes in job.per_file_ignores:
        if _pattern_spec(pattern).match_file(relpath):
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


def _span(f: Finding) -> tuple[tuple[int, int], tuple[int, int]] | None:
    if f.line is None:
        return None
    return (f.line, f.column or 0), (f.end_line or f.line, f.end_column or f.column or 0)


def _drop_deferred(findings: list[Finding]) -> list[Finding]:
    """Drop a finding when a rule it defers to flagged an overlapping span (one defect, one finding)."""
    deferring = [f for f in findings if f.rule.defers_to and f.line is not None]
    if not deferring:
        return findings
    dropped: set[int] = set()
    for f in deferring:
        (a0, a1) = _span(f)
        for other in findings:
            if other.rule.name in f.rule.defers_to and other.location == f.location and (span := _span(other)):
                b0, b1 = span
                if a0 <= b1 and b0 <= a1:
                    dropped.add(id(f))
                    break
    return [f for f in findings if id(f) not in dropped]


# ------------------------------------------------------------------------ fingerprints
def assign_fingerprints(findings: list[Finding]) -> None:
    """rule + path + normalised matched text (+ symbol) + occurrence index; never the line."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        key = (finding.rule.code, finding.path, normalise(finding.matched or finding.symbol or ""))
        index = seen[key]
        seen[key] += 1
        raw = "\x1f".join([*key, str(index)])
        finding.fingerprint = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


# ------------------------------------------------------------------------ the scan
# Scans with at least this many files to check start their pool workers as fresh interpreters
# (pool.py): a forked worker's memory holds the main process's archive-sized file list.
CLEAN_WORKERS_FROM = 2000


def _scan_task(
    args: tuple[DiscoveredFile, bytes | None, Path | None, str | None, bool], shared: Job
) -> FileResult | Compact:
    """A worker's task, in the process pool or on the cluster: ``shared`` (the job) is sent to
    each worker once."""
    item, data, cache_folder, key, spill = args
    result = scan_file(item, shared, None, data)
    if cache_folder is not None and key is not None and _cacheable(result):
        store(cache_folder, key, result)  # here, not in the main process: it is the bottleneck
    return compact(result) if spill else result  # compact: no Finding object travels to the main process


def _worker_crashed(item: DiscoveredFile, job: Job) -> FileResult:
    """The file that killed its worker process even when checked alone (a segfault in a parser,
    memory exhausted): reported as unreadable, like any file aislop could not check."""
    result = FileResult(path=item.relpath, kind=item.kind, error="the worker process crashed while checking this file")
    finding = Finding(rule=UNREADABLE_FILE, path=item.relpath, message=f"Cannot read this file: {result.error}.")
    result.findings = _apply_file_policies([finding], item.relpath, job)
    return result


def _open_cache(config: Config, job: Job, registry: Registry) -> ResultCache | None:
    if job.settings.get("no_cache") or job.settings.get("online"):
        return None  # network answers change; never serve them from the cache
    signature = config_signature(
        {
            "enabled": sorted(job.enabled),
            "options": job.rule_options,
            "severities": {k: v.value for k, v in job.severity_overrides.items()},
            "per_file": [(p, sorted(c)) for p, c in job.per_file_ignores],
            "settings": {k: v for k, v in job.settings.items() if k != "no_cache"},
            "max_file_size": job.max_file_size,
            "plugins": plugin_signature(registry),
        }
    )
    folder = default_cache_dir(config.cache_dir)
    return ResultCache(folder, signature, project_signatures(registry, job.project), registry)


def _cache_key(
    cache: ResultCache, item: DiscoveredFile, max_size: int, for_store: bool = False
) -> tuple[str | None, bytes | None]:
    """(cache key, the bytes read to hash it, reused by the loader); no key for a file that
    cannot be read or is over the size cap. For a scan into a store (``for_store``) only a
    remote file's bytes are kept (an archive's bytes would otherwise all sit in the main process
    until their worker takes them); a local file is read again."""
    try:
        if item.path.stat().st_size > max_size:
            return None, None
        data = item.path.read_bytes()
    except OSError:
        return None, None
    key = cache.key(item.relpath, item.kind, data)
    remote = isinstance(item.path, RemotePath)  # fetched once, not again in the worker
    keep = data if remote or (not for_store and item.kind != "image" and not item.relpath.endswith(".docx")) else None
    return key, keep


def _cacheable(result: FileResult) -> bool:
    return (
        result.error is None
        and not result.incomplete
        and not any(f.rule.code == INTERNAL_ERROR.code for f in result.findings)
    )


def _share_facts(registry: Registry, job: Job, kinds: set[str]) -> None:
    """Cross-file facts computed once here and shipped with the job, not once per worker. A
    check that fails here is left to compute them in the workers, which report the failure
    against the files as usual."""
    for check in registry.checks:
        if check.kinds & kinds:
            try:
                check.shared_facts(job.project, job.enabled)
            except Exception:  # noqa: BLE001 - the workers compute and report it
                continue


def _rules(registry: Registry) -> dict[str, Rule]:
    return {r.code: r for r in registry.rules}


def _priority(config: Config) -> Callable[[str, float, int, float], float]:
    weights = config.severity_weights
    return lambda severity, confidence, visibility, effort: priority_of(
        severity, confidence, visibility, effort, weights
    )


def _open_store(registry: Registry, config: Config) -> ScanStore:
    return ScanStore(_rules(registry), _priority(config))


def scan(
    paths: list[Path | str],
    config: Config,
    *,
    jobs: int | None = None,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
    spill: bool = False,
) -> ScanResult:
    """Scan ``paths`` (local paths, or one fsspec URL: see remote.py) with ``config``.
    Raises ScanError / ConfigError for bad requests.

    With ``spill`` the findings and file results go to an on-disk store as they arrive (memory
    does not grow with the archive): ``files`` and ``findings`` of the result then read from it,
    fingerprinted, and ``findings`` is ranked by ``result.store.rank()`` (aislop.spill)."""
    urls = [str(p) for p in paths if is_url(p)]
    if urls and len(paths) > 1:
        raise ScanError(f"a URL must be the only path scanned ({urls[0]} was given with {len(paths) - 1} more)")
    local = [Path(p) for p in paths if not is_url(p)]
    missing = [str(p) for p in local if not (p.exists() or p.is_symlink())]
    if missing:
        raise ScanError(f"path does not exist: {missing[0]}")
    custom_registry = registry is not None
    registry = registry or load_registry()
    enabled = enabled_rules(registry, config)
    options, severities = resolve_rule_options(registry, config)
    check_settings(registry, config.settings)
    assets: list[str] = []
    if urls:
        try:
            root, files = discover_url(urls[0], config.all_excludes, assets)
        except RemoteError as exc:
            raise ScanError(str(exc)) from None
    else:
        root, files = discover(local, config.all_excludes, config.respect_gitignore, assets)
    per_file = [(pattern, frozenset(registry.resolve(rules))) for pattern, rules in config.per_file_ignores.items()]
    settings = dict(config.settings)
    project = ProjectIndex(root=root, files={f.relpath: f.kind for f in files}, assets=tuple(assets), settings=settings)
    cache_folder = default_cache_dir(config.cache_dir)
    check_cache = None if settings.get("no_cache") else cache_folder
    job = Job(project, enabled, options, severities, settings, per_file, config.max_file_size, check_cache)
    artifacts.use_folder(cache_folder)  # also with --no-cache: compiled patterns, not results

    cache = None if custom_registry else _open_cache(config, job, registry)
    keys, snapshot_key, restored = None, None, None
    if spill and cache is not None and not urls and len(files) <= snapshots.MAX_FILES:  # perhaps one kept whole
        keys = [_cache_key(cache, item, config.max_file_size, for_store=True) for item in files]  # no bytes kept
        if all(key for key, _ in keys):
            snapshot_key = snapshots.snapshot_key([key for key, _ in keys], config.severity_weights, registry.rules)
            restored = snapshots.load(cache.folder, snapshot_key, len(files), _rules(registry), _priority(config))
    spilled = restored if restored is not None else _open_store(registry, config) if spill else None
    slots: list[FileResult | None] = [None] * len(files)
    todo: list[tuple[int, str | None, bytes | None]] = []
    for i, item in enumerate(files if restored is None else ()):
        if cache is None:
            todo.append((i, None, None))
            continue
        key, data = keys[i] if keys is not None else _cache_key(cache, item, config.max_file_size, for_store=spill)
        hit = None if key is None else cache.get_compact(key) if spilled is not None else cache.get(key)
        if hit is None:
            todo.append((i, key, data))
        elif spilled is not None:
            spilled.add(i, hit)  # compact
        else:
            slots[i] = hit
    done = len(files) - len(todo)
    all_cached = True  # every result this scan made was cached here: its finished store can be kept whole

    if todo:
        for check in registry.checks:
            check.shared_setup(job.settings, job.rule_options, job.enabled)
    workers = jobs or config.jobs or os.cpu_count() or 1
    on_cluster = config.executor == "dask" and bool(todo) and not custom_registry
    job.artifact_dir = None if on_cluster else cache_folder  # a cluster's machines keep none
    in_pool = not on_cluster and workers > 1 and len(todo) >= 4 * workers and not custom_registry

    def deliver(n: int, result: FileResult | Compact) -> None:
        nonlocal done, all_cached
        i, key, _ = todo[n]
        done += 1
        if isinstance(result, FileResult) and cache is not None and key is not None and not in_pool and _cacheable(result):
            cache.put(key, result)  # pool workers store their own; cluster workers cannot reach this cache
        else:
            all_cached = False  # not cached, or cached by a worker out of the main process's sight
        if spilled is not None:
            spilled.add(i, result if not isinstance(result, FileResult) else compact(result))
        else:
            slots[i] = result
        if progress:
            progress(done, len(files))

    if on_cluster or in_pool:
        _share_facts(registry, job, {files[i].kind for i, _, _ in todo})
    if on_cluster:
        from aislop.cluster import run_on_dask

        run_on_dask(  # cluster workers cannot reach this cache; the main process stores their results
            _scan_task, [(files[i], data, None, None, False) for i, _, data in todo], shared=job,
            scheduler=config.scheduler, workers=workers, deliver=deliver, crashed=lambda a: _worker_crashed(a[0], job),
        )
    elif in_pool:
        folder = cache.folder if cache is not None else None
        run_isolated(
            _scan_task, [(files[i], data, folder, key, spill) for i, key, data in todo], workers=workers,
            chunk=max(1, min(32, len(todo) // (workers * 4))), deliver=deliver,
            crashed=lambda a: _worker_crashed(a[0], job), shared=(job,),
            start_method="spawn" if len(todo) >= CLEAN_WORKERS_FROM else None,
        )
    else:
        for n, (i, _, data) in enumerate(todo):
            deliver(n, scan_file(files[i], job, registry, data))
    if spilled is not None:
        if restored is None:
            spilled.finish()
            if snapshot_key and all_cached:
                spilled.rank()  # kept ranked: a re-scan that drops nothing need not rank again
                snapshots.save(spilled, cache.folder, snapshot_key)
        return ScanResult(
            root=root, files=StoredFiles(spilled), findings=StoredFindings(spilled), notes=spilled.notes(),  # type: ignore[arg-type]
            registry=registry, not_scanned=unscanned_by_extension(assets), items=files, job=job, store=spilled,
        )
    results = [r for r in slots if r is not None]

    findings = [f for r in results for f in r.findings]
    assign_fingerprints(findings)
    notes: list[str] = []
    for result in results:
        for note in result.notes:
            if note not in notes:
                notes.append(note)
    return ScanResult(
        root=root, files=results, findings=findings, notes=notes, registry=registry,
        not_scanned=unscanned_by_extension(assets), items=files, job=job,
    )

"""Per-file result cache, so a rerun on an unchanged archive costs little more than hashing.

A file's entry is keyed by the SHA-256 of
  * its content,
  * aislop's version,
  * the effective configuration of the rules that run (enabled codes, rule options,
    severity overrides, per-file ignores, settings), and
  * for each kind of file, a *project signature* built from what the checks of that kind
    read outside the file: the list of discovered files when a check sets
    ``reads_file_list`` (missing-vector-master looks for sibling masters,
    hallucinated-import for local modules), and each check's ``project_signature()``
    (the code check hashes every test file, the declared dependencies and the names used
    as base classes). Adding a test, a module, an SVG master, a requirement or a subclass
    therefore re-checks exactly the files whose results can change. Built-in prose checks
    read nothing else, so prose results depend on their own file only.

An entry holds the result's fields and its findings as flat lists (aislop.flat), so a warm
re-scan puts them into the scan's store without making a ``Finding`` of each. Entries are JSON
files under the user cache folder (platformdirs; ``XDG_CACHE_HOME`` is
honoured), or ``--cache-dir`` / ``AISLOP_CACHE_DIR`` / ``cache-dir``; writes are atomic
(temporary file + rename), so parallel workers and interrupted runs cannot corrupt it. Any
unreadable entry is a miss. ``--online`` scans are never cached: the network can change. A scan
whose every file is cached may also keep its whole finished store (aislop.snapshot).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from aislop import __version__, artifacts
from aislop.flat import as_tuple, flatten, unflatten
from aislop.model import FileResult
from aislop.registry import ProjectIndex, Registry
from aislop.spill import Compact, compact_flat

CACHE_FORMAT = "5"  # 3: findings carry their autofix; 4: results list embedded pictures; 5: findings flat


def default_cache_dir(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get("AISLOP_CACHE_DIR"):
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("aislop", appauthor=False))


def file_list_signature(files: dict[str, str], assets: tuple[str, ...] = ()) -> str:
    """Hash of the discovered files (with their kinds) and the unscanned files beside them."""
    digest = hashlib.sha256()
    for relpath in sorted(files):
        digest.update(f"{relpath}\0{files[relpath]}\n".encode())
    for relpath in assets:
        digest.update(f"{relpath}\0asset\n".encode())
    return digest.hexdigest()


def project_signatures(registry: Registry, project: ProjectIndex) -> dict[str, str]:
    """Per document kind, the hash of everything outside a file that its checks read."""
    file_list = file_list_signature(project.files, project.assets)
    parts: dict[str, list[str]] = {}
    for check in registry.checks:
        signature = check.project_signature(project)
        for kind in check.kinds:
            entry = parts.setdefault(kind, [])
            if check.reads_file_list:
                entry.append(f"files:{file_list}")
            if signature:
                entry.append(f"{check.name}:{signature}")
    return {kind: hashlib.sha256("\n".join(sorted(set(p))).encode()).hexdigest() for kind, p in parts.items() if p}


def plugin_signature(registry: Registry) -> list[str]:
    """The rules plus the size and mtime of every file in each check's top-level package folder
    (a family's check reads its sibling families' shared modules too), so an upgraded (or
    edited) plugin or phrase pack never serves results of its old version."""
    files: set[Path] = set()
    packages: set[Path] = set()  # the families of one plugin share a top-level package: walked once
    for check in registry.checks:
        module = sys.modules.get(type(check).__module__)
        if module is None or not getattr(module, "__file__", None):
            continue
        path = Path(module.__file__).resolve()
        package = path.parent
        while (package.parent / "__init__.py").is_file():  # a family reads its parent's shared modules
            package = package.parent
        if (package / "__init__.py").is_file():  # a package: its data files count too
            packages.add(package)
        else:
            files.add(path)
    for package in packages:
        for folder, subfolders, names in os.walk(package):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            files.update(p for p in map(Path(folder).joinpath, names) if p.is_file())
    parts = sorted(r.code for r in registry.rules)
    for path in sorted(files):
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return parts


def config_signature(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0{blob}".encode()).hexdigest()


class ResultCache:
    def __init__(self, folder: Path, config_key: str, project_keys: dict[str, str], registry: Registry):
        self.folder = folder / f"v{CACHE_FORMAT}"
        self.config_key = config_key
        self.project_keys = project_keys  # kind -> project signature (see project_signatures)
        self.registry = registry
        self.rules = {r.code: r for r in registry.rules}

    def key(self, relpath: str, kind: str, content: bytes) -> str:
        digest = hashlib.sha256(content)
        digest.update(f"\0{relpath}\0{kind}\0{self.config_key}".encode())
        # A notebook holds prose and code cells: its result depends on both kinds' inputs.
        for part in ("prose", "code") if relpath.endswith(".ipynb") else (kind,):
            digest.update(f"\0{self.project_keys.get(part, '')}".encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return entry_path(self.folder, key)

    def _read(self, key: str) -> tuple[FileResult, list[tuple]]:
        """The entry's result (without findings) and its flat findings (aislop.flat)."""
        data = json.loads(self._path(key).read_text(encoding="utf-8"))
        fields = data["result"]
        result = FileResult(
            path=fields["path"], kind=fields["kind"], scores=fields["scores"], score_sources=fields["score_sources"],
            error=fields["error"], words=fields["words"], notes=fields["notes"], waived=fields["waived"],
            embedded=fields["embedded"],
        )
        return result, [as_tuple(values) for values in data["findings"]]

    def get(self, key: str) -> FileResult | None:
        try:
            result, findings = self._read(key)
            result.findings = [unflatten(values, self.rules) for values in findings]
        except _UNUSABLE:
            return None
        return result

    def get_compact(self, key: str) -> Compact | None:
        """``get`` in the form a scan's store takes (aislop.spill.compact), made from the entry's
        flat findings without a ``Finding`` object: what a warm re-scan does for every file."""
        try:
            result, findings = self._read(key)
            return compact_flat(result, findings, self.rules)
        except _UNUSABLE:
            return None

    def put(self, key: str, result: FileResult) -> None:
        store(self.folder, key, result)


# A missing, unreadable or malformed entry, or one naming a rule that no longer exists: a miss.
_UNUSABLE = (OSError, ValueError, KeyError, TypeError, LookupError, AttributeError)


def encode_result(result: FileResult) -> dict[str, Any]:
    """A result as the JSON an entry holds: its fields, and its findings flat (aislop.flat)."""
    return {
        "result": {
            "path": result.path, "kind": result.kind, "scores": result.scores, "score_sources": result.score_sources,
            "error": result.error, "words": result.words, "notes": result.notes, "waived": result.waived,
            "embedded": result.embedded,
        },
        "findings": [flatten(f) for f in result.findings],
    }


def entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json"


def store(folder: Path, key: str, result: FileResult) -> None:
    """Write one entry atomically. A module function (no registry needed) so that worker
    processes store their own results instead of queueing the work on the main process."""
    target = entry_path(folder, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(encode_result(result), handle)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only or full cache folder only costs speed


def clear(folder: Path) -> int:
    """Delete the cache folder's entries (and the compiled patterns kept beside them,
    aislop.artifacts); returns how many result entry files were removed."""
    root = folder / f"v{CACHE_FORMAT}"
    count = sum(1 for _ in root.rglob("*.json")) if root.is_dir() else 0
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(folder / artifacts.SUBFOLDER, ignore_errors=True)
    return count

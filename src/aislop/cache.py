"""Per-file result cache, so a rerun on an unchanged archive costs little more than hashing.

A file's entry is keyed by the SHA-256 of
  * its content,
  * aislop's version,
  * the effective configuration of the rules that run (enabled codes, rule options,
    severity overrides, per-file ignores, settings), and
  * for code and image files, a *project signature*: checks of those kinds look across
    files (untested-function reads the test files, hallucinated-import the tree's modules
    and dependency declarations, missing-vector-master the sibling file names). The
    signature hashes the list of discovered files, plus the content of test files and
    dependency declarations, so adding a test, a module, an SVG or a requirement
    invalidates exactly those entries. Prose results depend on their own file only.

Entries are JSON files under the user cache folder (platformdirs; ``XDG_CACHE_HOME`` is
honoured), or ``--cache-dir`` / ``AISLOP_CACHE_DIR`` / ``cache-dir``; writes are atomic
(temporary file + rename), so parallel workers and interrupted runs cannot corrupt it. Any
unreadable entry is a miss. ``--online`` scans are never cached: the network can change.
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

from aislop import __version__
from aislop.model import FileResult, Finding, Severity
from aislop.registry import Registry

CACHE_FORMAT = "1"
_DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")


def default_cache_dir(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get("AISLOP_CACHE_DIR"):
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("aislop", appauthor=False))


def _is_test_file(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or "tests/" in f"/{relpath}" and name.endswith(".py")


def _is_dependency_file(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    return name in _DEPENDENCY_FILES or (name.startswith("requirements") and name.endswith(".txt"))


def project_signature(root: Path, files: dict[str, str], assets: tuple[str, ...] = ()) -> str:
    """Hash of what cross-file checks read: file list, test files, dependency declarations."""
    digest = hashlib.sha256()
    for relpath in sorted(files):
        digest.update(f"{relpath}\0{files[relpath]}\n".encode())
    for relpath in assets:
        digest.update(f"{relpath}\0asset\n".encode())
    extras = [root / p for p in sorted(files) if _is_test_file(p)]
    # Dependency declarations of the scanned folder and its parent (a scan of src/ or of a
    # package folder reads the project's pyproject.toml one level up).
    for folder in (root, root.parent):
        if folder.is_dir():
            extras += sorted(p for p in folder.iterdir() if p.is_file() and _is_dependency_file(p.name))
    for path in extras:
        try:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(str(path).encode() + b"\0unreadable")
    return digest.hexdigest()


def plugin_signature(registry: Registry) -> list[str]:
    """The rules plus the size and mtime of every file in each check's package folder, so an
    upgraded (or edited) plugin or phrase pack never serves results of its old version."""
    files: set[Path] = set()
    for check in registry.checks:
        module = sys.modules.get(type(check).__module__)
        if module is None or not getattr(module, "__file__", None):
            continue
        path = Path(module.__file__).resolve()
        if (path.parent / "__init__.py").is_file():  # a package: its data files count too
            files.update(p for p in path.parent.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        else:
            files.add(path)
    parts = sorted(r.code for r in registry.rules)
    for path in sorted(files):
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return parts


def config_signature(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0{blob}".encode()).hexdigest()


class ResultCache:
    def __init__(self, folder: Path, config_key: str, project_key: str, registry: Registry):
        self.folder = folder / f"v{CACHE_FORMAT}"
        self.config_key = config_key
        self.project_key = project_key
        self.registry = registry

    def key(self, relpath: str, kind: str, content: bytes) -> str:
        digest = hashlib.sha256(content)
        digest.update(f"\0{relpath}\0{kind}\0{self.config_key}".encode())
        if kind in ("code", "image"):
            digest.update(self.project_key.encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return self._decode(data)
        except (OSError, ValueError, KeyError, TypeError, LookupError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._encode(result), handle)
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only or full cache folder only costs speed

    @staticmethod
    def _encode(result: FileResult) -> dict[str, Any]:
        return {
            "path": result.path,
            "kind": result.kind,
            "scores": result.scores,
            "error": result.error,
            "words": result.words,
            "notes": result.notes,
            "findings": [
                {
                    "rule": f.rule.code, "path": f.path, "message": f.message, "line": f.line, "column": f.column,
                    "end_line": f.end_line, "end_column": f.end_column, "matched": f.matched, "fix": f.fix,
                    "symbol": f.symbol, "location": f.location,
                    "severity": f.severity.value if f.severity else None, "confidence": f.confidence,
                }
                for f in result.findings
            ],
        }

    def _decode(self, data: dict[str, Any]) -> FileResult:
        findings = []
        for item in data["findings"]:
            rule = self.registry.rule(item.pop("rule"))
            if rule is None:
                raise LookupError("rule no longer exists")
            severity = item.pop("severity")
            findings.append(Finding(rule=rule, severity=Severity(severity) if severity else None, **item))
        return FileResult(
            path=data["path"], kind=data["kind"], findings=findings, scores=data["scores"],
            error=data["error"], words=data["words"], notes=data["notes"],
        )


def clear(folder: Path) -> int:
    """Delete the cache folder's entries; returns how many entry files were removed."""
    root = folder / f"v{CACHE_FORMAT}"
    count = sum(1 for _ in root.rglob("*.json")) if root.is_dir() else 0
    shutil.rmtree(root, ignore_errors=True)
    return count

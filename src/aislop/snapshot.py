"""A scan's finished store kept whole in the result cache, so that re-scanning unchanged files
copies one database instead of rebuilding it from an entry per file (reading and decoding
each entry, inserting its findings, fingerprinting them: most of a warm re-scan's own work).

A snapshot is keyed by the SHA-256 of every discovered file's cache key, in scan order (each
key already covers the file's content, aislop's version, the configuration, the project and
plugin signatures: aislop.cache), of the store's format, the severity weights (the store holds
priorities) and the metadata of every rule that its rows hold. Any change to any file, its
list or those inputs is another key: the files are then looked up one by one as before.

It is written only by a scan whose every result is cacheable, atomically (a temporary file
renamed), with the SHA-256 of its bytes before them: a truncated or damaged snapshot is a miss.
Only scans of at most ``MAX_FILES`` files keep one, of at most ``MAX_BYTES``: a snapshot is read
and written whole in memory, which an archive's store must never be.
It holds no pickle (the store's file results are JSON), so a cache folder cannot make aislop
run code. At most ``KEEP`` snapshots stay, the least recently used are removed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from aislop.model import Rule
from aislop.spill import STORE_FORMAT, ScanStore

KEEP = 8  # snapshots kept in a cache folder (one per scanned tree and configuration in use)
MAX_FILES = 5_000  # larger scans neither keep nor look for one (~2.5 KB of store a file)
MAX_BYTES = 64 * 2**20
FOLDER = "scans"
_DIGEST = hashlib.sha256().digest_size


def snapshot_key(file_keys: Sequence[str], weights: dict[str, float], rules: Iterable[Rule]) -> str:
    digest = hashlib.sha256(f"{STORE_FORMAT}\0{sorted(weights.items())}\0".encode())
    for r in sorted(rules, key=lambda r: r.code):
        digest.update(f"{r.code}\0{r.family}\0{r.severity.value}\0{r.confidence}\0{r.visibility}\0"
                      f"{r.effort_minutes}\n".encode())
    for key in file_keys:
        digest.update(f"{key}\n".encode())
    return digest.hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / FOLDER / f"{key}.sqlite"


def load(
    folder: Path, key: str, files: int, rules: dict[str, Rule], priority: Callable[[str, float, int, float], float]
) -> ScanStore | None:
    """The store of the snapshot ``key`` (a private copy: the scan may drop and rank findings in
    it), or None when there is none or it is not a finished store of ``files`` files whose rules
    all exist."""
    path = _path(folder, key)
    try:
        if path.stat().st_size > _DIGEST + MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    body = data[_DIGEST:]
    if hashlib.sha256(body).digest() != data[:_DIGEST]:
        return None
    try:
        store = ScanStore(rules, priority, database=body)
    except Exception:  # noqa: BLE001 - not a database of this format: a miss
        return None
    if store.files != files or not store.knows_its_rules():
        store.close()
        return None
    try:
        os.utime(path)  # recently used: kept
    except OSError:
        pass
    return store


def save(store: ScanStore, folder: Path, key: str) -> None:
    """Keep a finished ``store`` as the snapshot ``key``, then leave at most KEEP snapshots."""
    target = _path(folder, key)
    try:
        if store.database_size() > MAX_BYTES:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        body = store.database_bytes()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(body).digest() + body)
        os.replace(tmp, target)
        kept = sorted(target.parent.glob("*.sqlite"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache folder only costs speed

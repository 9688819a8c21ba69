"""Set-up results kept between runs, as Python keeps ``.pyc`` files: compiled Hyperscan
databases and the like, which cost a process tens of milliseconds to build and depend only on
their inputs. Each is stored under a key that names all of those inputs (the patterns, their
flags, the library's version, the machine), so a stale entry is never found, only left behind.

They live in ``compiled/`` of the cache folder, which the engine names at the start of a scan
(``use_folder``; the same folder with ``--no-cache``, which is about results: these are not).
Without a folder nothing is read or written. Every failure is a miss: an entry that cannot be
read, is cut short or was altered fails its checksum and is built again; writes are atomic
(temporary file + rename), so parallel workers and interrupted runs cannot leave half a file.
What a caller gets back it must still treat as untrusted bytes (``loads`` the way its library
checks them) and fall back to building on any error.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

_MAGIC = b"aislop-artifact 1\n"
_DIGEST = 32  # bytes of the SHA-256 of the payload, after the magic

SUBFOLDER = "compiled"  # of the cache folder

_folder: Path | None = None


def use_folder(cache_folder: Path | None) -> None:
    """Keep artifacts under ``cache_folder/compiled`` from now on (None: keep none)."""
    global _folder
    _folder = None if cache_folder is None else Path(cache_folder) / SUBFOLDER


def folder() -> Path | None:
    return _folder


@functools.cache
def source_digest(path: str) -> str | None:
    """SHA-256 of the code that builds an artifact (its module's ``__file__``): put in the key,
    a change to how an artifact is built makes every kept one stale. None: unreadable."""
    try:
        with open(path, "rb") as source:
            return hashlib.sha256(source.read()).hexdigest()
    except OSError:
        return None


def key_of(*parts: object) -> str:
    """A key naming every input of an artifact (reprs joined, hashed)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _path(kind: str, key: str) -> Path | None:
    return None if _folder is None else _folder / f"{kind}-{key}.bin"


def load(kind: str, key: str) -> bytes | None:
    """The payload stored for ``kind`` and ``key``, or None (no folder, no entry, or an entry
    that is not intact)."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC):head]:
        return None
    return payload


def store(kind: str, key: str, payload: bytes) -> None:
    """Keep ``payload`` for ``kind`` and ``key``; a folder that cannot be written is no error."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass

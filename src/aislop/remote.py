"""Scanning an archive where it lies: paths given as fsspec URLs (``s3://bucket/archive/``,
``gs://…``, ``memory://…``, ``file://…``) are listed and read through fsspec (the optional
extra ``aislop-qa[fsspec]``), never copied to local disk first.

A remote file is a ``RemotePath``: a POSIX path on its filesystem with the part of ``Path``
that discovery, the cache and the cross-file checks use (``/``, ``parent``, ``exists``,
``is_file``, ``read_bytes``, ``glob``, ``stat``). The loaders get its bytes as a
``RemoteFile`` (a ``MemoryFile`` that still knows its folder), so a parser never mistakes a
remote path for a local one. Cache keys stay content hashes, as for local files.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import PurePosixPath
from typing import Any


from aislop.loaders import kind_of
from aislop.loaders.embedded import MemoryFile

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: object) -> bool:
    """Whether a path argument is a URL (``scheme://…``) rather than a local path."""
    return isinstance(text, str) and bool(_URL.match(text))


class RemotePath(PurePosixPath):
    """A path on an fsspec filesystem; each filesystem gets its own subclass (see ``remote_path``),
    so that paths derived with ``/`` or ``parent`` stay on it."""

    fs: Any = None

    def __reduce__(self):  # picklable for the process pool: the filesystem travels with the path
        return remote_path, (self.fs, str(self))

    def __fspath__(self) -> str:  # never let a library open a local file of the same name
        raise TypeError(f"{self.url} is not a local path")

    @property
    def url(self) -> str:
        return self.fs.unstrip_protocol(str(self))

    def exists(self) -> bool:
        return bool(self.fs.exists(str(self)))

    def is_file(self) -> bool:
        return bool(self.fs.isfile(str(self)))

    def is_dir(self) -> bool:
        return bool(self.fs.isdir(str(self)))

    def is_symlink(self) -> bool:
        return False

    def resolve(self, strict: bool = False) -> RemotePath:
        return self

    def absolute(self) -> RemotePath:
        return self

    def read_bytes(self) -> bytes:
        try:
            return self.fs.cat_file(str(self))
        except OSError:
            raise
        except Exception as exc:  # a storage client's own error: the file is unreadable
            raise OSError(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    def read_text(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return self.read_bytes().decode(encoding, errors)

    def open(
        self, mode: str = "r", buffering: int = -1, encoding: str | None = None, errors: str | None = None,
        newline: str | None = None,
    ) -> io.IOBase:  # Path.open's signature; read-only, from memory
        if any(c in mode for c in "wax+"):
            raise OSError(f"{self.url}: aislop never writes to a scanned archive")
        data = io.BytesIO(self.read_bytes())
        if "b" in mode:
            return data
        return io.TextIOWrapper(data, encoding=encoding or "utf-8", errors=errors, newline=newline)

    def stat(self) -> os.stat_result:
        try:
            size = int(self.fs.size(str(self)) or 0)
        except OSError:
            raise
        except Exception as exc:  # a storage client's own error
            raise OSError(f"{self.url}: {type(exc).__name__}: {exc}") from exc
        return os.stat_result((0o100644, 0, 0, 1, 0, 0, size, 0, 0, 0))

    def glob(self, pattern: str):
        for found in sorted(self.fs.glob(str(self / pattern))):
            yield remote_path(self.fs, found)

    def iterdir(self):
        for found in sorted(self.fs.ls(str(self), detail=False)):
            yield remote_path(self.fs, found)


_CLASSES: dict[Any, type[RemotePath]] = {}


def remote_path(fs: Any, path: str) -> RemotePath:
    """``path`` on filesystem ``fs`` as a RemotePath."""
    cls = _CLASSES.get(fs)
    if cls is None:
        cls = _CLASSES[fs] = type("RemotePath", (RemotePath,), {"fs": fs})
    return cls(path)


class RemoteFile(MemoryFile):
    """A remote file's bytes for the loaders, with the folder it lies in (``parent``), so that
    cross-file questions (a module beside this one) are still asked of the filesystem."""

    def __init__(self, data: bytes, path: RemotePath) -> None:
        super().__init__(data, path.name)
        self.parent = path.parent
        self.remote = path


def for_loader(path: Any, data: bytes | None) -> tuple[Any, bytes | None]:
    """What ``load`` gets for ``path``: a remote file's bytes (read now, in the worker, unless
    the cache lookup already read them) as a RemoteFile; a local path unchanged."""
    if not isinstance(path, RemotePath):
        return path, data
    if data is None:
        data = path.read_bytes()
    return RemoteFile(data, path), data


class RemoteError(Exception):
    """A URL that cannot be scanned (no fsspec, unknown protocol, nothing there)."""


def open_url(url: str) -> RemotePath:
    """The RemotePath a URL names; RemoteError when fsspec or the protocol's package is missing
    or nothing is there."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise RemoteError(
            f"{url}: scanning a URL needs fsspec: pip install 'aislop-qa[fsspec]' "
            "(and the filesystem's package, e.g. s3fs for s3://, gcsfs for gs://)"
        ) from None
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise RemoteError(f"{url}: {exc}") from None
    target = remote_path(fs, path.rstrip("/") or path)
    try:
        found = target.exists()
    except Exception as exc:  # noqa: BLE001 - credentials, network: say what the storage said
        raise RemoteError(f"{url}: cannot reach it ({type(exc).__name__}: {exc})") from None
    if not found:
        raise RemoteError(f"path does not exist: {url}")
    return target


def discover_url(
    url: str, excludes: list[str], assets: list[str] | None = None
) -> tuple[RemotePath, list]:
    """Every scannable file under the URL, sorted by relative path, and the scan root, like
    ``discovery.discover`` for a folder on disk (the configured excludes apply; a remote tree
    has no .gitignore to honour and no symbolic links)."""
    from aislop.discovery import DiscoveredFile, gitignore_spec, supported_text

    target = open_url(url)
    fs = target.fs
    if target.is_file():
        root = target.parent
        kind = kind_of(target)
        problem = None if kind != "other" else f"aislop has no reader for this file ({supported_text()})"
        return root, [DiscoveredFile(target, target.name, kind, problem)]  # type: ignore[arg-type]
    root = target
    spec = gitignore_spec(excludes)
    prefix = str(root).rstrip("/") + "/"
    found = []
    for name in sorted(fs.find(str(root))):
        name = str(name)
        if not name.startswith(prefix):
            continue
        rel = name[len(prefix):]
        if not rel or spec.match_file(rel):
            continue
        path = remote_path(fs, name)
        kind = kind_of(PurePosixPath(rel))
        if kind != "other":
            found.append(DiscoveredFile(path, rel, kind))  # type: ignore[arg-type]
        elif assets is not None:
            assets.append(rel)
    if assets is not None:
        assets.sort()
    found.sort(key=lambda f: f.relpath)
    return root, found

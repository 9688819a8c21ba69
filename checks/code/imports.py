"""Where does an import come from? Resolution for hallucinated-import and undeclared-dependency.

Order: stdlib -> the scanned tree -> installed distributions -> the project's declared
dependencies -> the offline PyPI name list (with import-name aliases). Nothing is imported:
local modules are found by file name, distributions through their metadata only.
"""

from __future__ import annotations

import configparser
import gzip
import os
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import libcst as cst

from aislop.loaders.decoding import decode_python
from aislop.loaders.python_nesting import nesting_problem

_DATA = resources.files("aislop.checks.code") / "data"
# Standard-library modules of other Python versions than the one running the scan: added in
# 3.12-3.14 (annotationlib, compression) or removed in 3.12/3.13 (PEP 594, distutils, imp).
_EXTRA_STDLIB = frozenset(
    {"__main__", "__future__", "_typeshed", "__pypy__", "annotationlib", "compression", "_colorize", "_pyrepl",
     "distutils", "imp", "asynchat", "asyncore", "smtpd", "aifc", "audioop", "cgi", "cgitb", "chunk",
     "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd",
     "sunau", "telnetlib", "uu", "xdrlib", "lib2to3"}
)
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
# Folders whose files are scripts, examples or docs rather than the shipped package.
NON_PACKAGE_DIRS = frozenset(
    {"scripts", "script", "bin", "examples", "example", "docs", "doc", "tools", "demo", "demos", "benchmarks", "bench"}
)


def normalise(name: str) -> str:
    """PEP 503 normalisation of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_stdlib(top: str) -> bool:
    return (
        top in sys.stdlib_module_names or top in sys.builtin_module_names or top in _EXTRA_STDLIB
        or (top.startswith("_") and top in _interpreter_modules())
    )


@lru_cache(maxsize=1)
def _interpreter_modules() -> frozenset[str]:
    """Modules in the interpreter's own library folders. sys.stdlib_module_names leaves out
    private test and C helper modules (_testcapi, _xxsubinterpreters) that CPython's own
    tests import; only private names are taken from here, so a stray package installed into
    the stdlib folder does not pass for the standard library."""
    import pkgutil
    import sysconfig

    paths = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib")}
    paths |= {str(Path(p) / "lib-dynload") for p in set(paths)}
    return frozenset(m.name for m in pkgutil.iter_modules(sorted(p for p in paths if Path(p).is_dir())))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    table = tomllib.loads((_DATA / "import_aliases.toml").read_text(encoding="utf-8"))["aliases"]
    return {key: tuple(normalise(v) for v in ([value] if isinstance(value, str) else value)) for key, value in table.items()}


@lru_cache(maxsize=1)
def _installed() -> dict[str, tuple[str, ...]]:
    """Top-level import name -> normalised names of the installed distributions providing it."""
    try:
        mapping = metadata.packages_distributions()
    except Exception:  # a broken dist-info in the environment must not stop the scan
        return {}
    return {top: tuple(normalise(d) for d in dists) for top, dists in mapping.items()}


@lru_cache(maxsize=1)
def _pypi_blob() -> bytes:
    """The shipped snapshot: "\\nname\\nname\\n..." (normalised, sorted); searched as bytes."""
    return gzip.decompress((_DATA / "pypi_names.txt.gz").read_bytes())


@lru_cache(maxsize=4096)
def on_pypi(dist: str) -> bool:
    return b"\n" + normalise(dist).encode("ascii", "ignore") + b"\n" in _pypi_blob()


def is_installed(top: str) -> bool:
    return top in _installed()


@lru_cache(maxsize=256)
def _installed_files(top: str) -> frozenset[str] | None:
    """Paths (RECORD entries) under ``top/`` of the distributions that provide ``top``, or None
    when ``top`` is not a package folder or a distribution does not list its files."""
    files: set[str] = set()
    for dist_name in _installed().get(top, ()):
        try:
            listed = metadata.distribution(dist_name).files
        except (metadata.PackageNotFoundError, OSError, ValueError):  # unreadable metadata: do not guess
            return None
        if listed is None:
            return None
        files.update(str(f).replace("\\", "/") for f in listed if str(f).startswith(top + "/"))
    return frozenset(files) or None


def installed_version(top: str) -> str:
    """``dist version`` of the distribution providing import name ``top`` (for messages)."""
    for dist in _installed().get(top, ()):
        try:
            return f"{dist} {metadata.version(dist)}"
        except (metadata.PackageNotFoundError, OSError, ValueError):
            continue
    return "a version"


def missing_submodule(dotted: str) -> str | None:
    """For an installed package, the first part of ``a.b.c`` that its files do not provide
    (``a.b`` when ``a/b.py``, ``a/b/`` and ``a/b.<ext>`` are all absent), else None.

    Only package folders are followed: a plain module may fake submodules (``six.moves``).
    """
    parts = dotted.split(".")
    files = _installed_files(parts[0]) if len(parts) > 1 else None
    if not files:
        return None
    folder = parts[0]
    for depth, part in enumerate(parts[1:], start=2):
        sub = f"{folder}/{part}"
        if any(f.startswith(sub + "/") for f in files):
            folder = sub
            continue
        if any(f.startswith(sub + ".") for f in files):
            return None  # a module file: what follows may be an attribute
        return ".".join(parts[:depth])
    return None


def candidate_dists(top: str) -> tuple[str, ...]:
    """Distribution names an import name may come from: aliases, installed owners, variants."""
    base = normalise(top)
    names = [*_aliases().get(top, ()), *_installed().get(top, ()), base]
    names += [f"python-{base}", f"{base}-python", f"py{base}", f"py-{base}"]
    return tuple(dict.fromkeys(names))


def exists_on_pypi(top: str) -> bool:
    return any(on_pypi(name) for name in candidate_dists(top))


# ---------------------------------------------------------------------------- local modules
def local_names(root: Path, relpaths: list[str]) -> frozenset[str]:
    """Every importable top-level name in the scanned tree.

    Lenient on purpose: each folder on the way to a .py file and each module stem counts,
    since scripts and tests often put sub-folders on sys.path. The scan root itself and its
    enclosing packages count too (scanning ``pkg/`` while the code says ``import pkg``).
    """
    names: set[str] = set()
    for rel in relpaths:
        parts = rel.split("/")
        if not parts[-1].endswith((".py", ".pyi", ".ipynb")):
            continue
        names.update(parts[:-1])
        names.add(parts[-1].rsplit(".", 1)[0])
    folder = root
    names.add(folder.name)
    while (folder / "__init__.py").exists() and folder.parent != folder:
        folder = folder.parent
        names.add(folder.name)
    return frozenset(names)


@dataclass(frozen=True)
class Listing:
    """What a folder holds, as ``on_disk_near`` asks it: folder names, and the names before
    the first dot of the entries that have one (``top.py``, ``top.cpython-311.so``)."""

    folders: frozenset[str]
    stems: frozenset[str]


def list_folder(folder: Path) -> Listing:
    try:
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.is_dir()) for entry in entries]
    except TypeError:  # a folder of a scanned URL (no local path): ask its filesystem
        try:
            found = [(entry.name, entry.is_dir()) for entry in folder.iterdir()]
        except OSError:
            found = []
    except OSError:
        found = []
    return Listing(
        frozenset(name for name, is_dir in found if is_dir),
        frozenset(name.partition(".")[0] for name, _ in found if "." in name),
    )


def folder_lister(project: Any) -> Callable[[Path], Listing]:
    """Folder listings read once per scan (the project's memo): every import of every file
    asks about the same few folders."""
    return lambda folder: project.memo(f"code.listing:{folder}", lambda: list_folder(folder))


def on_disk_near(path: Path, root: Path, top: str, listing: Callable[[Path], Listing] = list_folder) -> bool:
    """A module file or package folder named ``top`` beside ``path`` or in an enclosing folder."""
    folders = [path.parent, *[p for p in path.parent.parents if p == root or root in p.parents], root / "src"]
    for folder in folders:
        found = listing(folder)
        if top in found.folders or top in found.stems:
            return True
    return False


# ---------------------------------------------------------------------------- declarations
@dataclass
class Declared:
    """What the scanned project says it depends on (normalised distribution names)."""

    names: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)  # files that declare dependencies

    @property
    def declares(self) -> bool:
        return bool(self.sources)

    def covers(self, top: str) -> bool:
        base = normalise(top)
        if any(name in self.names for name in candidate_dists(top)):
            return True
        # Namespace packages and plugins: "google-cloud-storage" provides ``google``.
        return any(name.startswith(base + "-") for name in self.names)


def declaration_folders(root: Path) -> list[Path]:
    """The scan root, and its parent when the root is a package or a src/ folder."""
    folders = [root]
    if root.name == "src" or (root / "__init__.py").exists():
        folders.append(root.parent)
        if root.parent.name == "src":
            folders.append(root.parent.parent)
    return folders


def read_declared(root: Path) -> Declared:
    declared = Declared()
    for folder in declaration_folders(root):
        _read_pyproject(folder / "pyproject.toml", declared)
        _read_setup_cfg(folder / "setup.cfg", declared)
        _read_setup_py(folder / "setup.py", declared)
        _read_pipfile(folder / "Pipfile", declared)
        for req in sorted([*folder.glob("requirements*.txt"), *folder.glob("requirements/*.txt")]):
            _read_requirements(req, declared, seen=set())
        if declared.declares:
            break
    return declared


def _add(declared: Declared, source: Path, requirements: list[str]) -> None:
    declared.sources.append(source.name)
    for req in requirements:
        if isinstance(req, str) and (m := _REQUIREMENT_NAME.match(req)):
            declared.names.add(normalise(m.group(1)))


def _read_pyproject(path: Path, declared: Declared) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, tomllib.TOMLDecodeError):
        return
    project = data.get("project", {})
    found: list[str] = []
    has_list = isinstance(project.get("dependencies"), list)
    found += project.get("dependencies", []) if has_list else []
    for group in (project.get("optional-dependencies") or {}).values():
        found += group if isinstance(group, list) else []
    for group in (data.get("dependency-groups") or {}).values():
        found += [item for item in group if isinstance(item, str)] if isinstance(group, list) else []
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [g.get("dependencies") for g in (poetry.get("group") or {}).values() if isinstance(g, dict)]
    for table in tables:
        if isinstance(table, dict):
            has_list = True
            found += [name for name in table if name.lower() != "python"]
    pdm_dev = data.get("tool", {}).get("pdm", {}).get("dev-dependencies") or {}
    for group in pdm_dev.values() if isinstance(pdm_dev, dict) else ():
        found += group if isinstance(group, list) else []
    if has_list or found:
        _add(declared, path, found)


def _read_setup_cfg(path: Path, declared: Declared) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error):
        return
    values = [parser.get("options", key, fallback="") for key in ("install_requires", "tests_require", "setup_requires")]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    if parser.has_option("options", "install_requires"):
        _add(declared, path, [line for value in values for line in value.splitlines() if line.strip()])


def _read_setup_py(path: Path, declared: Declared) -> None:
    """String literals in setup(install_requires=..., extras_require=...), parsed, never run."""
    try:
        data = path.read_bytes()
        if nesting_problem(decode_python(data)):
            return  # libcst would overflow the C stack (the loader reports the file itself)
        module = cst.parse_module(data)
    except (OSError, ValueError, TypeError, cst.ParserSyntaxError, RecursionError):
        return
    found: list[str] = []
    seen_keyword = False
    for arg in _setup_keywords(module):
        seen_keyword = True
        found += [s.evaluated_value for s in _strings_in(arg.value) if isinstance(s.evaluated_value, str)]
    if seen_keyword:
        _add(declared, path, found)


def _setup_keywords(module: cst.Module) -> list[cst.Arg]:
    keywords = {"install_requires", "extras_require", "tests_require", "setup_requires"}

    class Finder(cst.CSTVisitor):
        def __init__(self) -> None:
            self.args: list[cst.Arg] = []

        def visit_Arg(self, node: cst.Arg) -> None:
            if node.keyword is not None and node.keyword.value in keywords:
                self.args.append(node)

    finder = Finder()
    module.visit(finder)
    return finder.args


def _strings_in(node: cst.CSTNode) -> list[cst.SimpleString]:
    class Collector(cst.CSTVisitor):
        def __init__(self) -> None:
            self.found: list[cst.SimpleString] = []

        def visit_SimpleString(self, string: cst.SimpleString) -> None:
            self.found.append(string)

    collector = Collector()
    node.visit(collector)
    return collector.found


def _read_pipfile(path: Path, declared: Declared) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, tomllib.TOMLDecodeError):
        return
    names = [*(data.get("packages") or {}), *(data.get("dev-packages") or {})]
    if "packages" in data:
        _add(declared, path, names)


def _read_requirements(path: Path, declared: Declared, seen: set[Path]) -> None:
    if path in seen or len(seen) > 20:
        return
    seen.add(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    found: list[str] = []
    for raw in lines:
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ", "-c ", "--constraint ")):
            _read_requirements(path.parent / line.split(None, 1)[1].strip(), declared, seen)
        elif line.startswith("-"):
            if egg := _EGG.search(line):
                found.append(egg.group(1))
        elif "://" not in line.split("@", 1)[0]:
            found.append(line)
    _add(declared, path, found)

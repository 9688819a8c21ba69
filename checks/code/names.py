"""Does an imported module define the imported name? The facts behind hallucinated-name.

``from X import Y`` fails with ImportError when module X neither binds Y nor has a submodule Y.
Nothing is imported or run: X is located on the search path the way the import system would
find it (``PathFinder``; for a top-level name, ``importlib.util.find_spec``, which imports
nothing), its source (``.py``) and stubs (a ``.pyi`` beside it, a ``X-stubs`` package, and for
the standard library typeshed's stubs from ``typeshed_client``) are parsed with ``ast``, and
their module-level bindings are collected: definitions, assignments, imports, ``global``
names, ``__all__``, star imports (followed statically).

A module whose names cannot be known statically is never judged: one with a module-level
``__getattr__`` (PEP 562, lazy loaders), one that writes its namespace at run time
(``globals()``, ``vars()``, ``sys.modules[__name__]``, ``exec``, enum's ``_convert_``), a star
import of something unreadable, or a compiled module without stubs.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import marshal
import re
import sys
from functools import lru_cache
from importlib.machinery import EXTENSION_SUFFIXES, PathFinder
from pathlib import Path

from aislop import artifacts

# Names every module has, whatever its source says.
_MODULE_ATTRIBUTES = frozenset(
    {"__name__", "__file__", "__doc__", "__path__", "__spec__", "__loader__", "__package__", "__builtins__",
     "__cached__", "__dict__"}
)
# Source that writes the module's namespace at run time: its names are not all in the text.
_DYNAMIC_NAMESPACE = re.compile(
    r"\bglobals\(\s*\)|\bvars\(\s*\)|sys\.modules\[\s*__name__\s*\]|\._convert_\(|\bexec\(|__dict__\.update\("
)
# Substrings one of which every match of _DYNAMIC_NAMESPACE holds (tested first: the regex opens
# with \b, so the engine tries each alternative at every position of a whole module).
_DYNAMIC_WORDS = ("globals(", "vars(", "sys.modules", "._convert_(", "exec(", "__dict__.update(")
_MAX_SOURCE = 4_000_000  # characters; a bigger module is generated data, not an API to check


class ModuleFacts:
    """What one module binds, from every text found for it. The texts are read when first
    asked about, the stubs before the source: a name the stubs bind needs no more (a stub,
    when there is one, also decides whether the names are knowable), so most lookups in the
    standard library never parse its much larger source."""

    def __init__(
        self, name: str, texts: list[tuple[str, Path]], search: tuple[str, ...], stub_dir: str | None,
        knowable: bool = True,
    ) -> None:
        self.name = name
        self.search = search  # a package's folders (submodule lookups); empty for a plain module
        self.stub_dir = stub_dir  # typeshed folder of a stdlib package
        self.read = tuple(kind for kind, _ in texts)  # the kinds of text found: "source", "stub"
        self._texts = texts
        self._deciding = "stub" if "stub" in self.read else "source"
        self._empty_knowable = knowable  # for a module with no text at all
        self._by_kind: dict[str, tuple[set[str], bool]] = {}  # kind -> (names, knowable)

    def _of_kind(self, kind: str) -> tuple[set[str], bool]:
        if kind not in self._by_kind:
            names: set[str] = set()
            knowable = True
            _IN_PROGRESS.add(self.name)
            try:
                for text_kind, path in self._texts:
                    if text_kind != kind:
                        continue
                    read = _read(path, self.name, is_package=bool(self.search) or path.name.startswith("__init__."))
                    if read is None:
                        knowable = False
                        continue
                    names |= read[0]
                    knowable = knowable and read[1]
            finally:
                _IN_PROGRESS.discard(self.name)
            self._by_kind[kind] = (names, knowable)
        return self._by_kind[kind]

    @property
    def knowable(self) -> bool:
        """False: names appear at run time, nothing can be said. A stub lists the whole API,
        including what the source makes at run time (os, socket, signal, typing): when there
        is one, it decides."""
        if not self._texts:
            return self._empty_knowable
        return self._of_kind(self._deciding)[1]

    def binds_surely(self, name: str) -> bool:
        """``name`` is bound by the texts that decide knowability (no other text read)."""
        return bool(self._texts) and name in self._of_kind(self._deciding)[0]

    @property
    def names(self) -> frozenset[str]:
        """Every name bound by any of its texts."""
        kinds = dict.fromkeys(self.read)
        return frozenset(name for kind in kinds for name in self._of_kind(kind)[0])

    def has_submodule(self, name: str) -> bool:
        if self.stub_dir and (Path(self.stub_dir, name + ".pyi").is_file() or Path(self.stub_dir, name).is_dir()):
            return True
        return bool(self.search) and _locate(f"{self.name}.{name}") is not None


def defines(module: str, name: str) -> bool | None:
    """True when ``module`` binds ``name`` or has a submodule ``name``; False when it
    certainly does not; None when the module cannot be found or read, or its names are
    unknowable."""
    facts = module_facts(module)
    if facts is None or not facts.knowable:
        return None
    if "source" not in facts.read and (name.startswith("_") or module.rpartition(".")[2].startswith("_")):
        # Stubs describe a compiled module's public API; its private names, and private
        # accelerator modules (_ctypes, _locale) as a whole, are covered only in part.
        return None
    if facts.binds_surely(name) or name in _MODULE_ATTRIBUTES or name in facts.names or facts.has_submodule(name):
        return True
    return False


def close_names(module: str, name: str) -> list[str]:
    """Names of ``module`` spelled like ``name`` (for a "did you mean" hint)."""
    import difflib

    facts = module_facts(module)
    if facts is None:
        return []
    public = [n for n in facts.names if not n.startswith("_") or name.startswith("_")]
    return difflib.get_close_matches(name, public, n=2, cutoff=0.75)


# ---------------------------------------------------------------------------- locating
def _search_path() -> list[str]:
    """sys.path without the current folder: the scanned project is not 'installed'."""
    return [p for p in sys.path if p not in ("", ".")]


def _find(dotted: str, search: tuple[str, ...] | None = None):
    """The module spec of ``dotted``; a submodule is looked up in its parent's folders
    (``search``) so that the parent is never imported."""
    try:
        if search is not None:
            return PathFinder.find_spec(dotted, list(search))
        spec = PathFinder.find_spec(dotted, _search_path())
        if spec is None and "." not in dotted:
            spec = importlib.util.find_spec(dotted)  # editable installs; a top-level lookup imports nothing
        return spec
    except (ImportError, ValueError, OSError, AttributeError):
        return None


@lru_cache(maxsize=1)
def _typeshed_root() -> Path | None:
    """typeshed's standard-library stubs as shipped by typeshed_client (located, not imported)."""
    try:
        spec = importlib.util.find_spec("typeshed_client")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        root = Path(folder) / "typeshed"
        if (root / "VERSIONS").is_file():
            return root
    return None


def _stdlib_stub(dotted: str) -> tuple[Path | None, Path | None]:
    """(stub file, stub package folder) of a standard-library module in typeshed."""
    root = _typeshed_root()
    if root is None:
        return None, None
    base = root.joinpath(*dotted.split("."))
    if (base / "__init__.pyi").is_file():
        return base / "__init__.pyi", base
    if base.with_suffix(".pyi").is_file():
        return base.with_suffix(".pyi"), None
    return None, None


def _texts(dotted: str, spec, is_stdlib: bool) -> tuple[list[tuple[str, Path]], tuple[str, ...], str | None]:
    """The files to read for a module: (kind, path) pairs, its package folders, its typeshed folder."""
    found: list[tuple[str, Path]] = []
    search: tuple[str, ...] = ()
    stub_dir = None
    if spec is not None:
        search = tuple(spec.submodule_search_locations or ())
        origin = spec.origin if spec.has_location else None
        if origin:
            path = Path(origin)
            if path.suffix == ".py":
                found.append(("source", path))
            elif path.suffix == ".pyi":
                found.append(("stub", path))
            stem = path.name
            for suffix in (*EXTENSION_SUFFIXES, ".py"):
                if stem.endswith(suffix):
                    stem = stem[: -len(suffix)]
                    break
            beside = path.with_name(stem + ".pyi")
            if beside != path and beside.is_file():
                found.append(("stub", beside))
    top, _, rest = dotted.partition(".")
    for folder in _search_path() if not is_stdlib else ():
        stubs = Path(folder, top + "-stubs", *rest.split(".")) if rest else Path(folder, top + "-stubs")
        for candidate in (stubs / "__init__.pyi", stubs.with_suffix(".pyi")):
            if candidate.is_file():
                found.append(("stub", candidate))
                break
        else:
            continue
        break
    if is_stdlib:
        stub, stub_dir_path = _stdlib_stub(dotted)
        if stub is not None:
            found.append(("stub", stub))
            stub_dir = str(stub_dir_path) if stub_dir_path else None
    return found, search, stub_dir


# ---------------------------------------------------------------------------- reading
_IN_PROGRESS: set[str] = set()


@lru_cache(maxsize=2048)
def _locate(dotted: str):
    """The spec of ``dotted`` (None when not found); parents are located, never read or imported."""
    parent, _, _ = dotted.rpartition(".")
    if not parent:
        return _find(dotted)
    parent_spec = _locate(parent)
    search = tuple(parent_spec.submodule_search_locations or ()) if parent_spec is not None else ()
    return _find(dotted, search) if search else None


@lru_cache(maxsize=1024)
def module_facts(dotted: str) -> ModuleFacts | None:
    """The bindings of module ``dotted`` (None when it cannot be located), read when asked."""
    from aislop.checks.code.imports import is_stdlib

    spec = _locate(dotted)
    texts, search, stub_dir = _texts(dotted, spec, is_stdlib(dotted.split(".", 1)[0]))
    if spec is None and not texts:
        return None
    if not texts:
        # A compiled module without stubs, or a namespace package: only submodules are known.
        compiled = spec is not None and spec.origin not in (None, "namespace") and not search
        return ModuleFacts(dotted, [], search, stub_dir, knowable=not compiled and bool(search))
    return ModuleFacts(dotted, texts, search, stub_dir)


def _read(path: Path, dotted: str, is_package: bool) -> tuple[set[str], bool] | None:
    try:
        if path.stat().st_size > _MAX_SOURCE:
            return None
        source = path.read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    package = dotted if is_package else dotted.rpartition(".")[0]
    own = _own_bindings(source, path, package)
    if own is None:
        return None
    bound, knowable, stars = own
    names = set(bound)
    for module in stars:  # star imports: what another file binds, so followed on every read
        if module in _IN_PROGRESS:
            continue  # a star-import cycle adds nothing the outer read does not already have
        facts = module_facts(module) if module else None
        if facts is None or not facts.knowable:
            knowable = False
        else:
            names |= facts.names  # a superset of what * exports: never a false alarm
    dynamic = path.suffix == ".py" and any(word in source for word in _DYNAMIC_WORDS) and _DYNAMIC_NAMESPACE.search(source)
    return names, knowable and not dynamic


# What one text binds by itself: (names, knowable, modules star-imported in order). Parsing a
# module's text with ``ast`` and collecting its bindings costs a scan of 300 stdlib modules
# ~0.25 CPU s (~155 stubs and sources); the result depends only on the text, the package it is
# read for, whether it is a stub, the Python build and this module's code, so it is kept
# between runs (aislop.artifacts) under a key naming all of them.
OwnBindings = tuple[frozenset[str], bool, tuple[str, ...]]


def _own_bindings(source: str, path: Path, package: str) -> OwnBindings | None:
    stub = path.suffix == ".pyi"
    digest = artifacts.source_digest(__file__)
    key = None
    if digest is not None:
        text = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        key = artifacts.key_of("module-bindings", sys.version, digest, package, stub, text)
        if (payload := artifacts.load("module-bindings", key)) is not None:
            try:
                stored = marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                stored = None
            if _valid_bindings(stored):
                return stored
    try:
        tree = ast.parse(source, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    collector = _Bindings(package, stub=stub, source=source)
    collector.body(tree.body)
    own = (frozenset(collector.names), collector.knowable, tuple(collector.stars))
    if key is not None:
        artifacts.store("module-bindings", key, marshal.dumps(own))
    return own


def _valid_bindings(stored: object) -> bool:
    return (
        isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[0], frozenset)
        and all(isinstance(n, str) for n in stored[0]) and isinstance(stored[1], bool)
        and isinstance(stored[2], tuple) and all(isinstance(m, str) for m in stored[2])
    )



# A line opening a ``match`` statement (the soft keyword starts its line).
_MATCH_LINE = re.compile(r"^[ \t\f]*match\b", re.MULTILINE)


class _Bindings:
    """Module-level bindings of one parsed file (function and class bodies are not module scope,
    except for their ``global`` declarations)."""

    def __init__(self, package: str, stub: bool = False, source: str | None = None) -> None:
        self.package = package
        self.stub = stub  # in a stub, ``import a`` / ``from m import a`` do not re-export ``a`` (PEP 484)
        self.names: set[str] = set()
        self.knowable = True
        self.stars: list[str] = []  # modules star-imported, in order (_read follows them)
        # Walking every statement's subtree is most of the cost of reading a module; the words
        # that must be in the source for a subtree to bind anything skip it for most modules.
        self.globals_possible = source is None or "global" in source
        self.captures_possible = source is None or ":=" in source or _MATCH_LINE.search(source) is not None

    def bind(self, name: str) -> None:
        self.names.add(name)
        if name == "__getattr__":
            self.knowable = False  # PEP 562: any name may exist

    def body(self, statements: list[ast.stmt]) -> None:
        for stmt in statements:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.bind(stmt.name)
            for node in ast.walk(stmt) if self.globals_possible else ():
                if isinstance(node, ast.Global):
                    self.names.update(node.names)
            return
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if not self.stub or alias.asname == alias.name:
                    self.bind(alias.asname or alias.name.split(".", 1)[0])
            return
        if isinstance(stmt, ast.ImportFrom):
            self.import_from(stmt)
            return
        if isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                self.target(target)
                if isinstance(target, ast.Name) and target.id == "__all__" and stmt.value is not None:
                    self.all_names(stmt.value)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value.func  # __all__.extend([...]) / __all__.append("x")
            if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) and call.value.id == "__all__":
                for arg in stmt.value.args:
                    self.all_names(arg)
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            self.target(stmt.target)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self.target(item.optional_vars)
        elif isinstance(stmt, ast.Try | getattr(ast, "TryStar", ast.Try)):
            for handler in stmt.handlers:
                if handler.name:
                    self.bind(handler.name)
        elif sys.version_info >= (3, 12) and isinstance(stmt, getattr(ast, "TypeAlias", ())):
            self.target(stmt.name)
        for node in ast.walk(stmt) if self.captures_possible else ():  # walrus and match captures bind here too
            if isinstance(node, ast.NamedExpr):
                self.target(node.target)
            elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
                self.bind(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                self.bind(node.rest)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(stmt, field, ()) or ():
                if isinstance(child, ast.stmt):
                    self.statement(child)
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    self.body(child.body)

    def target(self, node: ast.expr) -> None:
        if isinstance(node, ast.Name):
            self.bind(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                self.target(element)
        elif isinstance(node, ast.Starred):
            self.target(node.value)

    def all_names(self, value: ast.expr) -> None:
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            for element in value.elts:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    self.names.add(element.value)
        elif isinstance(value, ast.BinOp):
            self.all_names(value.left)
            self.all_names(value.right)

    def import_from(self, stmt: ast.ImportFrom) -> None:
        module = stmt.module or ""
        if stmt.level:
            base = self.package.split(".") if self.package else []
            if stmt.level - 1 > len(base):
                self.knowable = False
                return
            base = base[: len(base) - (stmt.level - 1)]
            module = ".".join([*base, module] if module else base)
        for alias in stmt.names:
            if alias.name != "*":
                if not self.stub or alias.asname == alias.name:
                    self.bind(alias.asname or alias.name)
                continue
            self.stars.append(module)

"""Discovery: walk the given paths in a stable order, honouring .gitignore and excludes.

Symbolic links are followed only when they resolve inside the scanned tree, and each real
directory is entered once, so a link loop or a link to ``/`` cannot run away.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import pathspec

from aislop.loaders import CODE_SUFFIXES, IMAGE_SUFFIXES, PROSE_SUFFIXES, kind_of


@dataclass(frozen=True)
class DiscoveredFile:
    path: Path  # absolute
    relpath: str  # relative to the scan root, '/'-separated
    kind: str
    problem: str | None = None  # why it cannot be read, known before opening it (a broken link)


def supported_text() -> str:
    """The extensions aislop reads, for messages."""
    return "it reads " + " ".join(sorted({*PROSE_SUFFIXES, *CODE_SUFFIXES, *IMAGE_SUFFIXES}))


def _suffix_name(path: Path) -> str:
    return f"{path.suffix.lower()} files" if path.suffix else "files without an extension"


# Files aislop reads itself (configuration, ignore lists): not deliverables left unscanned.
_OWN_FILES = {"aislop.toml", "pyproject.toml", ".gitignore"}


def unscanned_by_extension(assets: list[str]) -> dict[str, int]:
    """How many of the files no loader takes have each extension ("(none)" without one), so a
    report can say what it did not read; aislop's own configuration files are left out."""
    counts: dict[str, int] = {}
    for rel in assets:
        name = rel.rsplit("/", 1)[-1]
        if name.lower() in _OWN_FILES:
            continue
        suffix = Path(name).suffix.lower() if not name.startswith(".") or name.count(".") > 1 else ""
        key = suffix or "(no extension)"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def scan_root(paths: list[Path]) -> Path:
    """The folder reported paths are relative to: the common folder of all inputs."""
    folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return Path(os.path.commonpath([str(f) for f in folders]))


def _git_top(folder: Path) -> Path | None:
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


# Patterns up to which a spec is matched with Python's regexes (pathspec's "simple" backend).
_FEW_PATTERNS = 64


def gitignore_spec(lines: list[str]) -> pathspec.PathSpec:
    """A gitignore spec of ``lines``. Where the hyperscan wheel is installed pathspec matches
    with a Hyperscan database, which takes milliseconds to compile for each spec (27 ms for the
    default excludes, two per scan): more than a few regexes cost over all of a scan's paths.
    A short list is matched with regexes; a long one still gets the database."""
    if sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#")) <= _FEW_PATTERNS:
        try:
            return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
        except TypeError:  # pathspec before 1.0: regexes are its only way
            pass
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_gitignore(folder: Path) -> pathspec.PathSpec | None:
    try:
        lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return gitignore_spec(lines) if lines else None


def _git_dir(top: Path) -> Path | None:
    """The repository's git folder: ``.git`` itself, or where a worktree's ``.git`` file points
    (a worktree keeps ``info/exclude`` in the common folder of the main repository)."""
    dotgit = top / ".git"
    if dotgit.is_dir():
        return dotgit
    try:
        line = dotgit.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not line.startswith("gitdir:"):
        return None
    gitdir = (top / line.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (gitdir / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return gitdir
    return (gitdir / common).resolve()


def _global_excludes_file(top: Path) -> Path | None:
    """git's ``core.excludesFile``, else its default ``$XDG_CONFIG_HOME/git/ignore``."""
    import shutil
    import subprocess

    if git := shutil.which("git"):
        try:
            out = subprocess.run(
                [git, "-C", str(top), "config", "--type=path", "--get", "core.excludesFile"],
                capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None and out.returncode == 0 and out.stdout.strip():
            return Path(out.stdout.strip()).expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config_home) / "git" / "ignore"


def _git_exclude_specs(top: Path) -> list[pathspec.PathSpec]:
    """The patterns git applies besides .gitignore files: .git/info/exclude and the global
    excludes file, both relative to the top of the repository."""
    specs = []
    gitdir = _git_dir(top)
    for file in (gitdir / "info" / "exclude" if gitdir else None, _global_excludes_file(top)):
        if file is None:
            continue
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        if any(ln.strip() and not ln.startswith("#") for ln in lines):
            specs.append(gitignore_spec(lines))
    return specs


class _Ignores:
    """Gitignore specs per folder (each matched relative to its own folder) plus excludes."""

    def __init__(self, root: Path, excludes: list[str], respect_gitignore: bool):
        self.root = root
        self.excludes = gitignore_spec(excludes)
        self.respect_gitignore = respect_gitignore
        self.specs: list[tuple[Path, pathspec.PathSpec]] = []
        if respect_gitignore and (top := _git_top(root)) is not None:
            self.specs += [(top, spec) for spec in _git_exclude_specs(top)]
            for folder in reversed([root, *root.parents]):
                if folder == top or top in folder.parents:
                    if folder != root and (spec := _read_gitignore(folder)):
                        self.specs.append((folder, spec))

    def enter(self, folder: Path) -> int:
        """Add ``folder``'s .gitignore; returns how many specs to drop on leaving."""
        if self.respect_gitignore and (spec := _read_gitignore(folder)):
            self.specs.append((folder, spec))
            return 1
        return 0

    def leave(self, count: int) -> None:
        del self.specs[len(self.specs) - count :]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        rel = path.relative_to(self.root).as_posix() + suffix
        if self.excludes.match_file(rel):
            return True
        for folder, spec in self.specs:
            try:
                sub = path.relative_to(folder).as_posix() + suffix
            except ValueError:
                continue
            if spec.match_file(sub):
                return True
        return False


def _link_target(path: Path) -> tuple[Path | None, str | None]:
    """Where a symbolic link leads, or why it leads nowhere (a loop of links, a missing target)."""
    try:
        return path.resolve(strict=True), None
    except RuntimeError:  # Python 3.11-3.12 raise this for a loop
        return None, "symbolic link loop: the link never reaches a real file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop: the link never reaches a real file"
        return None, "broken symbolic link: its target does not exist"


def discover(
    paths: list[Path], excludes: list[str], respect_gitignore: bool = True, assets: list[str] | None = None
) -> tuple[Path, list[DiscoveredFile]]:
    """Every scannable file under ``paths``, sorted by relative path, and the scan root.

    Files aislop does not scan (kind ``other``: a logo's .pdf/.eps master, a CSV) are
    appended to ``assets`` when given, because cross-file checks need to know they exist.
    """
    root = scan_root(paths)
    ignores = _Ignores(root, excludes, respect_gitignore)
    found: dict[str, DiscoveredFile] = {}
    visited: set[Path] = set()

    def add(path: Path, problem: str | None = None, named: bool = False) -> None:
        kind = kind_of(path)
        rel = path.relative_to(root).as_posix()
        if kind == "other" and named and problem is None:
            # A file the user named is never skipped in silence: it is reported as unreadable.
            problem = f"aislop has no reader for {_suffix_name(path)} ({supported_text()})"
            found.setdefault(rel, DiscoveredFile(path, rel, kind, problem))
        elif kind != "other":
            found.setdefault(rel, DiscoveredFile(path, rel, kind, problem))
        elif assets is not None and problem is None:
            assets.append(rel)

    def inside_root(target: Path) -> bool:
        return target == root or root in target.parents

    def walk(folder: Path) -> None:
        real = folder.resolve()
        if real in visited or not inside_root(real):
            return
        visited.add(real)
        pushed = ignores.enter(folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            entries = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_link:
                target, problem = _link_target(path)
                if problem is not None:
                    # A deliverable file that is a dead link: report it, never follow it.
                    if not ignores.ignored(path, False):
                        add(path, problem)
                    continue
                if not inside_root(target):
                    continue  # never read outside the scanned tree
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                continue
            if ignores.ignored(path, is_dir):
                continue
            if is_dir:
                walk(path)
            elif entry.is_file():
                add(path)
        ignores.leave(pushed)

    for given in paths:
        absolute = given.resolve() if given.is_dir() else given.absolute().parent.resolve() / given.name
        if absolute.is_dir():
            walk(absolute)
        elif absolute.is_file() or absolute.is_symlink():
            add(absolute, named=True)  # named explicitly: scanned even if an exclude would match
    if assets is not None:
        assets.sort()
    return root, [found[k] for k in sorted(found)]

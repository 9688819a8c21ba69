"""``aislop fix``: apply the edits that findings carry (ruff's model of fixes).

A finding may carry an ``Autofix``: edits of the file's text, applied together or not at all,
marked safe (keeps the meaning) or unsafe (changes it a little; only with ``--unsafe``). This
module collects them per file, drops the ones that overlap an edit already taken (overlapping
deletions merge instead), splices them into the file's *bytes* so that everything outside the
edited spans stays as it was (line endings, encoding, BOM, trailing newline), and scans the
result again until nothing fixable is left, so a second run changes nothing. Files are written
atomically (temporary file + rename), never through a symbolic link or outside the scanned tree.
``fixes`` makes one file's fix at a time from the scan's results (an archive's come from its
on-disk store, aislop.spill), so the command writes each file before it reads the next and never
holds more than one file's findings and bytes.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aislop.discovery import DiscoveredFile
from aislop.engine import Job, ScanResult, assign_fingerprints, scan_file
from aislop.loaders import decode_text
from aislop.model import Edit, Finding
from aislop.registry import Registry

# Files aislop fix edits (their text is the file); .docx, .pdf, .pptx and notebooks never.
EDITABLE_SUFFIXES = (".md", ".markdown", ".txt", ".rst", ".html", ".htm", ".py")
MAX_PASSES = 10  # a fix may uncover another (an opener behind an opener); never loop for ever


class NotFixable(Exception):
    """Why one file is left alone (its message is shown to the user)."""


@dataclass
class FileFix:
    """What fixing one file did (or, with ``--diff``, would do)."""

    relpath: str
    path: Path
    before: bytes
    after: bytes
    fixed: Counter[str] = field(default_factory=Counter)  # rule name -> findings fixed
    unsafe_left: int = 0  # findings that only --unsafe would fix

    @property
    def changed(self) -> bool:
        return self.after != self.before


# ------------------------------------------------------------------------ choosing edits
def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: their order would be a guess
    return a.start < b.end and b.start < a.end


def resolve(findings: list[Finding]) -> tuple[list[Edit], list[Finding]]:
    """The edits to apply in one pass, sorted and disjoint, and the findings they fix.

    A fix whose edits overlap an accepted edit is taken only when every overlap is between two
    deletions (the deletions then merge: a sentence inside a removed paragraph); otherwise it
    waits for the next pass, where the text it was computed on no longer exists or has moved."""
    ordered = sorted(findings, key=lambda f: (min(e.start for e in f.autofix.edits), -max(e.end for e in f.autofix.edits)))
    accepted: list[Edit] = []
    used: list[Finding] = []
    for finding in ordered:
        edits = finding.autofix.edits
        clashes = [(i, e) for e in edits for i, other in enumerate(accepted) if _overlaps(e, other)]
        if any(e.replacement or accepted[i].replacement for i, e in clashes):
            continue
        for i, e in clashes:  # deletion over deletion: grow the accepted one
            accepted[i] = Edit(min(e.start, accepted[i].start), max(e.end, accepted[i].end))
        merged = {id(e) for _, e in clashes}
        accepted += [e for e in edits if id(e) not in merged]
        accepted = _merge(accepted)
        used.append(finding)
    return accepted, used


def _merge(edits: list[Edit]) -> list[Edit]:
    """Sort, and fold deletions that now overlap each other after a merge grew one."""
    out: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and not edit.replacement and not out[-1].replacement and edit.start < out[-1].end:
            out[-1] = Edit(out[-1].start, max(out[-1].end, edit.end))
        else:
            out.append(edit)
    return out


# ------------------------------------------------------------------------ bytes
class _TextFile:
    """A text file's bytes, decoded as the loader decodes them, with a map from the loader's
    offsets (newlines normalised to \\n) back to byte offsets, so edits splice into the bytes."""

    def __init__(self, data: bytes):
        self.data = data
        raw = decode_text(data)
        self.encoding, self.bom = _encoding_of(data, raw)
        self.raw = raw
        # Offsets (in the normalised text) of each \n that stands for a \r\n in the file.
        self.crlf: list[int] = []
        shrink = 0
        i = raw.find("\r\n")
        while i >= 0:
            self.crlf.append(i - shrink)
            shrink += 1
            i = raw.find("\r\n", i + 2)
        self.newline = "\r\n" if self.crlf and len(self.crlf) * 2 >= raw.count("\n") else "\n"

    def _raw_offset(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.crlf, offset)

    def _byte_offset(self, raw_offset: int) -> int:
        return len(self.bom) + len(self.raw[:raw_offset].encode(self.encoding))

    def apply(self, edits: list[Edit]) -> bytes:
        data = self.data
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            r0, r1 = self._raw_offset(edit.start), self._raw_offset(edit.end)
            b0, b1 = self._byte_offset(r0), self._byte_offset(r1)
            if data[b0:b1].decode(self.encoding) != self.raw[r0:r1]:  # pragma: no cover - a decoder mismatch
                raise NotFixable("its bytes do not match the text aislop read")
            try:
                replacement = edit.replacement.replace("\n", self.newline).encode(self.encoding)
            except UnicodeEncodeError:
                raise NotFixable(f"a fix needs a character that {self.encoding} cannot hold") from None
            data = data[:b0] + replacement + data[b1:]
        return data

    def text(self, data: bytes) -> str:
        """``data`` decoded, a BOM kept as U+FEFF (so that a diff's first line matches the file)."""
        return data.decode(self.encoding)


def _encoding_of(data: bytes, raw: str) -> tuple[str, bytes]:
    """The encoding (and BOM) that turns ``raw`` back into exactly ``data``."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", codecs.BOM_UTF8
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            if raw.encode(encoding) == data:
                return encoding, b""
        except UnicodeEncodeError:
            continue
    raise NotFixable("its encoding cannot be written back byte for byte (aislop fixes UTF-8 and Latin-1 text)")


# ------------------------------------------------------------------------ one file
def safe_target(item: DiscoveredFile, root: Path) -> None:
    """Refuse a file reached through a symbolic link, or lying outside the scanned tree."""
    path = item.path
    here = path
    while here != root and root in here.parents:
        if here.is_symlink():
            raise NotFixable("it is reached through a symbolic link, and aislop never writes through one")
        here = here.parent
    if path.is_symlink() or root.resolve() not in path.resolve().parents:
        raise NotFixable("it is a symbolic link or lies outside the scanned tree")
    if not path.is_file():
        raise NotFixable("it is not a regular file")


def fix_file(
    item: DiscoveredFile, root: Path, job: Job, registry: Registry, *, unsafe: bool, baseline: frozenset[str] = frozenset()
) -> FileFix:
    """Fix one file in memory: scan, apply the fixes, scan again, until nothing is left to fix."""
    safe_target(item, root)
    before = item.path.read_bytes()
    text_file = _TextFile(before)
    result = FileFix(item.relpath, item.path, before, before)
    for _ in range(MAX_PASSES):
        findings = _fixable(scan_file(item, job, registry, result.after), baseline)
        result.unsafe_left = 0 if unsafe else sum(1 for f in findings if f.autofix.unsafe)
        chosen = [f for f in findings if unsafe or not f.autofix.unsafe]
        if not chosen:
            break
        edits, used = resolve(chosen)
        after = text_file.apply(edits)
        if after == result.after:
            break
        if item.kind == "code" and _parses(text_file.text(result.after)) and not _parses(text_file.text(after)):
            break  # never leave Python that no longer parses (each fix checks itself; this checks them together)
        result.after = after
        text_file = _TextFile(after)
        result.fixed.update(f.rule.name for f in used)
    return result


def _fixable(file_result, baseline: frozenset[str]) -> list[Finding]:
    findings = file_result.findings
    if baseline:
        assign_fingerprints(findings)
        findings = [f for f in findings if f.fingerprint not in baseline]
    return [f for f in findings if f.autofix is not None]


def _parses(source: str) -> bool:
    import ast

    try:
        ast.parse(source.removeprefix("\ufeff"))
    except (SyntaxError, ValueError):
        return False
    return True


# ------------------------------------------------------------------------ writing
def write_atomically(path: Path, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder and a rename,
    keeping its permissions; refuse when the file changed since it was read."""
    if path.read_bytes() != expected:
        raise NotFixable("it changed while aislop was fixing it; run aislop fix again")
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".aislop-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------ diff
def display_path(path: Path) -> str:
    """The path as ``patch -p0`` run from the current folder expects it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.absolute().as_posix()


def unified_diff(fix: FileFix) -> bytes:
    """A unified diff of one file, in the file's own encoding and line endings, that
    ``patch -p0`` and ``git apply -p0`` apply from the current folder."""
    text_file = _TextFile(fix.before)
    old = text_file.text(fix.before).splitlines(keepends=True)
    new = text_file.text(fix.after).splitlines(keepends=True)
    name = display_path(fix.path)
    out: list[str] = []
    for line in difflib.unified_diff(old, new, name, name, n=3):
        if line.startswith(("---", "+++")):
            line = line.rstrip("\n") + "\n"
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out).encode(text_file.encoding)


# ------------------------------------------------------------------------ the command
@dataclass
class FixRun:
    fixes: list[FileFix]
    skipped: list[tuple[str, str]]  # (relpath, reason)
    manual: list[tuple[str, int]]  # (relpath, findings of fixable rules in a file aislop never rewrites)


def plan(
    result: ScanResult, job: Job, registry: Registry, *, unsafe: bool, baseline: frozenset[str] = frozenset()
) -> FixRun:
    """Fix, in memory, every file whose findings in ``result`` carry a fix."""
    run = FixRun([], [], [])
    run.fixes = list(fixes(result, job, registry, run, unsafe=unsafe, baseline=baseline))
    return run


def fixes(
    result: ScanResult, job: Job, registry: Registry, run: FixRun, *, unsafe: bool,
    baseline: frozenset[str] = frozenset(),
) -> Iterator[FileFix]:
    """``plan``'s fixes one file at a time, in scan order (the files left alone go to ``run``)."""
    by_path = {item.relpath: item for item in result.items}
    for file_result in result.files:
        fixable = [f for f in file_result.findings if f.autofix is not None]
        if not fixable:
            manual = [f for f in file_result.findings if f.rule.fixes]
            if manual and not file_result.path.lower().endswith(EDITABLE_SUFFIXES):
                run.manual.append((file_result.path, len(manual)))
            continue
        item = by_path.get(file_result.path)
        if item is None:  # pragma: no cover - every result comes from a discovered file
            continue
        try:
            fix = fix_file(item, result.root, job, registry, unsafe=unsafe, baseline=baseline)
        except (NotFixable, OSError) as exc:
            run.skipped.append((file_result.path, str(exc) if isinstance(exc, NotFixable) else exc.strerror or str(exc)))
            continue
        if fix.changed or fix.unsafe_left:
            yield fix

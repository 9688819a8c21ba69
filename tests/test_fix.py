"""The fix engine: choosing edits, splicing them into bytes, diffs that patch(1) applies,
atomic writes, and refusing symbolic links."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aislop.discovery import DiscoveredFile
from aislop.fix import FileFix, NotFixable, _TextFile, resolve, safe_target, unified_diff, write_atomically
from aislop.model import Autofix, Edit, Finding
from aislop.registry import load_registry

RULE = load_registry().rules[0]


def _finding(*edits: Edit, unsafe: bool = False) -> Finding:
    return Finding(rule=RULE, path="x.md", message="m", autofix=Autofix(tuple(edits), unsafe))


def test_overlapping_deletions_merge_and_a_clashing_replacement_waits():
    paragraph = _finding(Edit(10, 40))
    sentence = _finding(Edit(20, 30))  # inside the paragraph: one deletion
    tail = _finding(Edit(35, 50))  # overlaps the end: the deletions merge
    capital = _finding(Edit(45, 46, "X"))  # a replacement inside a deletion: next pass
    apart = _finding(Edit(60, 61, "Y"))
    edits, used = resolve([capital, sentence, apart, tail, paragraph])
    assert edits == [Edit(10, 50), Edit(60, 61, "Y")]
    assert {id(f) for f in used} == {id(paragraph), id(sentence), id(tail), id(apart)}


def test_two_insertions_at_one_point_are_not_both_taken():
    edits, used = resolve([_finding(Edit(5, 5, "a")), _finding(Edit(5, 5, "b"))])
    assert edits == [Edit(5, 5, "a")] and len(used) == 1


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"One.\r\nTwo DEBRIS here.\r\nThree.", "utf-8"),  # CRLF, no final newline
        (b"\xef\xbb\xbfOne.\nTwo DEBRIS here.\n\xc3\xa9t\xc3\xa9\n", "utf-8"),  # BOM, accents
        ("One.\nTwo DEBRIS here.\nCaf\u00e9 cr\u00e8me\n".encode("cp1252"), "cp1252"),
        (b"One.\rTwo DEBRIS here.\rThree.\r", "utf-8"),  # old Mac line ends
    ],
)
def test_edits_change_only_their_span_of_the_bytes(data, encoding):
    text = _TextFile(data)
    normalised = text.raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    at = normalised.index(" DEBRIS")
    after = text.apply([Edit(at, at + len(" DEBRIS"))])
    assert after == data.replace(" DEBRIS".encode(encoding), b"")


def test_a_file_that_does_not_round_trip_is_refused():
    with pytest.raises(NotFixable):
        _TextFile(b"\xff\xfe" + "Caf\u00e9\n".encode("utf-16-le"))  # UTF-16: left alone


def _fix_file(path: Path, before: bytes, after: bytes) -> FileFix:
    return FileFix(path.name, path, before, after)


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_applies_with_patch_and_git_apply(tmp_path, monkeypatch, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    monkeypatch.chdir(tmp_path)
    cases = {
        "crlf.md": (b"# T\r\n\r\nA.\r\nB oaicite.\r\nC.", b"# T\r\n\r\nA.\r\nB.\r\nC."),
        "tail.txt": (b"A\n\nB\n\nI hope this helps!", b"A\n\nB\n"),
        "bom.md": (b"\xef\xbb\xbfSure! Here is it:\n\n# T\n", b"\xef\xbb\xbf# T\n"),
        "sub/deep.rst": (b"x\n" * 20 + b"y oaicite\n" + b"z\n" * 20, b"x\n" * 20 + b"y\n" + b"z\n" * 20),
    }
    diff = b""
    for name, (before, after) in cases.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(before)
        diff += unified_diff(_fix_file(path, before, after))
    command = ["patch", "-p0", "--quiet"] if tool == "patch" else ["git", "apply", "-p0", "--unsafe-paths", "-"]
    subprocess.run(command, input=diff, check=True, cwd=tmp_path)
    for name, (_, after) in cases.items():
        assert (tmp_path / name).read_bytes() == after, name


def test_write_is_atomic_keeps_permissions_and_refuses_a_changed_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    write_atomically(path, b"new\n", b"old\n")
    assert path.read_bytes() == b"new\n"
    assert (path.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left
    with pytest.raises(NotFixable):
        write_atomically(path, b"newer\n", b"old\n")
    assert path.read_bytes() == b"new\n"


def test_symbolic_links_are_never_written_through(tmp_path):
    root = tmp_path / "root"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.md").write_text("x\n")
    (root / "link.md").symlink_to(root / "real" / "a.md")
    (root / "linked").symlink_to(root / "real")
    for rel in ("link.md", "linked/a.md"):
        with pytest.raises(NotFixable):
            safe_target(DiscoveredFile(root / rel, rel, "prose"), root.resolve())
    safe_target(DiscoveredFile(root / "real" / "a.md", "real/a.md", "prose"), root.resolve())

"""The fix engine: choosing edits, splicing them into bytes, diffs that patch(1) applies,
atomic writes, and refusing symbolic links."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aislop.cli import app
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


# ------------------------------------------------------------------------ end to end
DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
EXPECTED_DEMO = Path(__file__).resolve().parent / "data" / "fix" / "demo-blog-post.md"
runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _fixable_rules() -> set[str]:
    return {r.name for r in load_registry().rules if r.fixes}


def test_demo_is_fixed_as_a_person_would_and_nothing_fixable_is_left(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo)
    before = _tree(demo)
    result = _run("fix", demo, "--unsafe", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "blog-post.md: fixed 4 (chat-leftover \u00d72, stock-phrase \u00d72)" in result.stdout
    after = _tree(demo)
    assert after["blog-post.md"] == EXPECTED_DEMO.read_bytes()
    assert {k: v for k, v in after.items() if k != "blog-post.md"} == {k: v for k, v in before.items() if k != "blog-post.md"}
    report = json.loads(_run("scan", demo, "--format", "json", "--no-cache", "--exit-zero").stdout)
    assert not [f["name"] for f in report["findings"] if f["name"] in _fixable_rules()]
    again = _run("fix", demo, "--unsafe", "--no-cache", "--diff")
    assert again.exit_code == 0 and again.stdout == ""


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_changes_nothing_and_applies_to_the_same_files_as_fix(tmp_path, monkeypatch, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    for name in ("patched", "fixed"):
        shutil.copytree(DEMO, tmp_path / name)
        (tmp_path / name / "notes.txt").write_bytes(
            b"Status\r\n\r\nSales grew. :contentReference[oaicite:0]{index=0}\r\n\r\nGreat question! We open at nine."
        )
    monkeypatch.chdir(tmp_path)
    untouched = _tree(tmp_path / "patched")
    shown = _run("fix", "patched", "--diff", "--unsafe", "--no-cache")
    assert shown.exit_code == 1  # something to fix: CI fails
    assert _tree(tmp_path / "patched") == untouched
    assert _run("fix", "fixed", "--unsafe", "--no-cache").exit_code == 0
    command = ["patch", "-p0", "--quiet"] if tool == "patch" else ["git", "apply", "-p0", "--unsafe-paths", "-"]
    subprocess.run(command, input=shown.stdout_bytes, check=True, cwd=tmp_path)
    assert _tree(tmp_path / "patched") == _tree(tmp_path / "fixed") != untouched
    assert (tmp_path / "fixed" / "notes.txt").read_bytes() == b"Status\r\n\r\nSales grew.\r\n\r\nWe open at nine."


def test_safe_by_default_unsafe_only_when_asked(tmp_path):
    (tmp_path / "a.md").write_text("# FAQ\n\nGreat question! The office opens at nine. [oaicite:1]\n")
    result = _run("fix", tmp_path, "--no-cache")
    assert "1 more can be fixed with --unsafe" in result.stdout
    assert (tmp_path / "a.md").read_text() == "# FAQ\n\nGreat question! The office opens at nine.\n"
    _run("fix", tmp_path, "--no-cache", "--unsafe")
    assert (tmp_path / "a.md").read_text() == "# FAQ\n\nThe office opens at nine.\n"


def test_suppressions_selection_per_file_ignores_and_baseline_are_respected(tmp_path):
    text = "Sure! Here's the draft you asked for:\n\n# Plan\n\nThe plan has three phases.\n"
    cases = {
        "suppressed": ("<!-- aislop: ignore chat-leftover -- kept on purpose -->\n" + text, ()),
        "ignored": (text, ("--ignore", "chat-leftover")),
        "selected": (text, ("--select", "citation-artifact")),
        "per-file": (text, ()),
        "baselined": (text, ()),
    }
    for name, (content, _) in cases.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.md").write_text(content)
    (tmp_path / "per-file" / "aislop.toml").write_text('[per-file-ignores]\n"a.md" = ["chat-leftover"]\n')
    baseline = tmp_path / "baseline.json"
    assert _run("baseline", tmp_path / "baselined", "-o", baseline, "--no-cache").exit_code == 0
    for name, (content, extra) in cases.items():
        more = ("--baseline", baseline) if name == "baselined" else ()
        result = _run("fix", tmp_path / name, "--no-cache", *extra, *more)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / "a.md").read_text() == content, name


def test_word_files_are_never_rewritten_and_their_findings_say_so(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Sure! Here's the report you asked for:")
    document.add_paragraph("Sales grew in the third quarter.")
    document.save(tmp_path / "report.docx")
    before = (tmp_path / "report.docx").read_bytes()
    result = _run("fix", tmp_path, "--unsafe", "--no-cache")
    assert result.exit_code == 0
    assert "report.docx: 1 finding to fix by hand" in result.stdout
    assert (tmp_path / "report.docx").read_bytes() == before
    (finding,) = [f for f in json.loads(_run("scan", tmp_path, "-f", "json", "--no-cache").stdout)["findings"]
                  if f["name"] == "chat-leftover"]
    assert finding["fixable"] is False and "never rewrites .docx files" in finding["fix"]


def test_a_link_is_not_written_through_and_its_target_is_fixed_once(tmp_path):
    (tmp_path / "real.md").write_text("# Plan\n\nPhases: three. I hope this helps!\n")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    result = _run("fix", tmp_path, "--unsafe", "--no-cache")
    assert "link.md: not fixed:" in result.stdout and "symbolic link" in result.stdout
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text() == "# Plan\n\nPhases: three.\n"


def test_json_marks_fixable_findings(tmp_path):
    (tmp_path / "a.md").write_text("# FAQ\n\nGreat question! The office opens at nine.\n\nSales grew. [oaicite:1]\n")
    findings = json.loads(_run("scan", tmp_path, "-f", "json", "--no-cache", "--exit-zero").stdout)["findings"]
    marks = {f["name"]: f["fixable"] for f in findings}
    assert marks["citation-artifact"] is True and marks["sycophancy"] == "unsafe"


def test_explain_lists_the_fix_examples():
    result = _run("explain", "emoji-bullets")
    assert "Automatic fix (safe)" in result.stdout and "+1. Start small." in result.stdout


# ------------------------------------------------------------------------ property
_PIECES = st.sampled_from([
    "Sure! Here's the summary you asked for:",
    "I hope this helps! Let me know if you'd like me to adjust anything.",
    "Sales grew in May. :contentReference[oaicite:0]{index=0}",
    "In today's fast-paced world, teams need plans.",
    "It's important to note that the fee rose.",
    "Great question! The office opens at nine.",
    "\U0001F680 We shipped the dashboard.",
    "\u2705 Bugs fixed: 14.",
    "1\ufe0f\u20e3 Start small.",
    "Let's dive in!",
    "The committee met on Tuesday and approved the budget.",
    "See [the report](https://example.org/r?utm_source=chatgpt.com).",
    "# A heading",
    "- a list item with citeturn0search3 debris",
    "Additionally, the fee rose. It's no secret that teams like notes.",
    "> Great question! said the clerk.",
    "**Sure!** Here's the draft you asked for:",
    "Stay tuned. Let's dive into the migration plan, which covers the schema, the jobs and the rollback.",
    "<p>Sales grew &amp; costs fell.\u30104\u2020source\u3011</p>",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    paragraphs=st.lists(st.lists(_PIECES, min_size=1, max_size=3), min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    unsafe=st.booleans(),
    suffix=st.sampled_from([".md", ".txt", ".rst"]),
)
def test_fixing_twice_changes_nothing_the_second_time(tmp_path_factory, paragraphs, newline, final, unsafe, suffix):
    """Idempotent, whatever mix of fixable text, line endings and final newline; and the plain
    sentence no rule flags survives every fix byte for byte."""
    root = tmp_path_factory.mktemp("prop")
    body = (newline * 2).join(newline.join(lines) for lines in paragraphs) + (newline if final else "")
    doc = root / f"doc{suffix}"
    doc.write_bytes(body.encode("utf-8"))
    flags = ("--unsafe",) if unsafe else ()
    assert _run("fix", root, "--no-cache", *flags).exit_code == 0
    once = doc.read_bytes()
    assert _run("fix", root, "--no-cache", *flags).exit_code == 0
    assert doc.read_bytes() == once
    keep = "The committee met on Tuesday and approved the budget."
    assert once.count(keep.encode()) == body.count(keep)
    if newline == "\r\n":
        assert b"\n" not in once.replace(b"\r\n", b"")  # no bare \n slipped in


def test_fixing_from_the_store_file_by_file_gives_the_diffs_lines_and_bytes_of_the_plan(tmp_path, monkeypatch):
    """`aislop fix` scans into the on-disk store and writes each file as it is fixed; what it
    prints and writes is what ``plan`` gives for a scan held in memory (the command before)."""
    from aislop.config import Config
    from aislop.engine import scan
    from aislop.fix import plan

    tree = tmp_path / "tree"
    shutil.copytree(DEMO, tree)
    (tree / "notes.txt").write_bytes(b"Status\r\n\r\nSales grew. :contentReference[oaicite:0]{index=0}\r\n\r\nGreat question!")
    (tree / "faq.md").write_text("# FAQ\n\nGreat question! The office opens at nine. [oaicite:1]\n")
    (tree / "link.md").symlink_to(tree / "faq.md")
    monkeypatch.chdir(tmp_path)
    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    result = scan([Path("tree")], config)
    run = plan(result, result.job, result.registry, unsafe=False)
    changed = [fix for fix in run.fixes if fix.changed]
    assert len(changed) >= 2 and run.skipped and sum(fix.unsafe_left for fix in run.fixes)
    lines = [f"{fix.relpath}: would fix {sum(fix.fixed.values())} (" + ", ".join(
        f"{name} ×{n}" if n > 1 else name for name, n in sorted(fix.fixed.items())) + ")" for fix in changed]
    lines += [f"{relpath}: not fixed: {reason}" for relpath, reason in run.skipped]

    shown = _run("fix", "tree", "--diff", "--no-cache")
    assert shown.stdout_bytes == b"".join(unified_diff(fix) for fix in changed)
    assert " ".join(shown.stderr.split()).startswith(" ".join(" ".join(lines).split()))  # as printed, wrapped or not
    fixed = _run("fix", "tree", "--no-cache")
    assert fixed.exit_code == 0
    assert {path: data for path, data in _tree(tree).items() if path in {fix.relpath for fix in changed}} == {
        fix.relpath: fix.after for fix in changed}

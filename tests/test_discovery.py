from __future__ import annotations

import os

from aislop.config import DEFAULT_EXCLUDE
from aislop.discovery import discover


def _touch(root, *names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")


def test_sorted_kinds_and_other_skipped(tmp_path):
    _touch(tmp_path, "b.md", "a.py", "sub/c.png", "sub/d.csv", "e.ipynb")
    root, files = discover([tmp_path], list(DEFAULT_EXCLUDE))
    assert root == tmp_path.resolve()
    assert [(f.relpath, f.kind) for f in files] == [
        ("a.py", "code"),
        ("b.md", "prose"),
        ("e.ipynb", "prose"),
        ("sub/c.png", "image"),
    ]


def test_gitignore_and_excludes(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.txt\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".gitignore").write_text("draft.md\n")
    _touch(tmp_path, "build/x.md", "notes.txt", "docs/draft.md", "docs/final.md", "vendor/v.md", "keep.md")
    _, files = discover([tmp_path], [*DEFAULT_EXCLUDE, "vendor/"])
    assert [f.relpath for f in files] == ["docs/final.md", "keep.md"]
    _, files = discover([tmp_path], [], respect_gitignore=False)
    assert "notes.txt" in [f.relpath for f in files]


def test_symlink_loop_and_escape_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    _touch(outside, "secret.md")
    tree = tmp_path / "tree"
    _touch(tree, "a/real.md")
    os.symlink(tree / "a", tree / "a" / "loop")
    os.symlink(outside, tree / "escape")
    os.symlink(outside / "secret.md", tree / "link.md")
    _, files = discover([tree], [])
    assert [f.relpath for f in files] == ["a/real.md"]


def test_explicit_file_is_scanned(tmp_path):
    _touch(tmp_path, "one.md", "two.md")
    root, files = discover([tmp_path / "one.md"], [])
    assert [f.relpath for f in files] == ["one.md"]


def test_unscanned_files_are_listed_as_assets(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("ignored.eps\n")
    _touch(tmp_path, "brand/logo.png", "brand/logo.eps", "ignored.eps", "data.csv")
    assets: list[str] = []
    _, files = discover([tmp_path], list(DEFAULT_EXCLUDE), assets=assets)
    assert [f.relpath for f in files] == ["brand/logo.png"]
    assert assets == [".gitignore", "brand/logo.eps", "data.csv"]


def _git(*args, cwd, env):
    import subprocess

    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_git_info_exclude_and_the_global_excludes_file_are_honoured_like_git(tmp_path, monkeypatch):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        import pytest

        pytest.skip("git is not installed")
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo, env=os.environ)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("# local only\nscratch/\n")
    # No core.excludesFile: git's default global file is $XDG_CONFIG_HOME/git/ignore (~/.config).
    (home / ".config" / "git" / "ignore").write_text("*.orig.md\n")
    _touch(repo, "scratch/notes.md", "docs/a.orig.md", "docs/a.md", "keep.md")
    _, files = discover([repo], list(DEFAULT_EXCLUDE))
    assert [f.relpath for f in files] == ["docs/a.md", "keep.md"]
    # core.excludesFile replaces the default file, as in git (here set in the repository).
    (tmp_path / "my-ignore").write_text("keep.md\n")
    _git("config", "core.excludesFile", str(tmp_path / "my-ignore"), cwd=repo, env=os.environ)
    _, files = discover([repo / "docs", repo / "keep.md", repo / "scratch"], list(DEFAULT_EXCLUDE))
    listed = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=repo, capture_output=True,
                            text=True, check=True).stdout.split()
    assert sorted(listed) == ["docs/a.md", "docs/a.orig.md"]
    assert [f.relpath for f in files] == ["docs/a.md", "docs/a.orig.md", "keep.md"]  # keep.md named explicitly
    _, files = discover([repo], list(DEFAULT_EXCLUDE))
    assert [f.relpath for f in files] == ["docs/a.md", "docs/a.orig.md"]
    _, files = discover([repo], list(DEFAULT_EXCLUDE), respect_gitignore=False)
    assert len(files) == 4


def test_short_ignore_lists_match_as_pathspecs_own_choice_of_backend():
    """gitignore_spec matches a short list with regexes instead of a compiled Hyperscan
    database: the same paths must be ignored either way."""
    import pathspec

    from aislop.config import DEFAULT_EXCLUDE
    from aislop.discovery import gitignore_spec

    lines = [*DEFAULT_EXCLUDE, "# a comment", "", "*.log", "!keep.log", "/build/", "docs/**/*.tmp", "a?c.md", "[ab]*.txt"]
    paths = ["node_modules/x.js", "src/node_modules/y.js", "a.log", "keep.log", "sub/keep.log", "build/out.md",
             "src/build/out.md", "docs/x/y/z.tmp", "docs/z.tmp", "abc.md", "abbc.md", "b1.txt", "c1.txt",
             ".git/config", "src/__pycache__/m.pyc", "README.md"]
    expected = [pathspec.GitIgnoreSpec.from_lines(lines).match_file(p) for p in paths]
    assert [gitignore_spec(lines).match_file(p) for p in paths] == expected
    assert any(expected) and not all(expected)

"""The install story a new user meets: the README's Quick start, CI running it, the PyPI name."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_is_two_commands_inside_a_venv_the_first_one_creates():
    first, second = quick_start()
    assert first.startswith("python3 -m venv .venv && ")
    assert "aislop scan fixtures/demo" in first and "pytest" in second and ".[test]" in second
    # Every install goes into the venv: a bare `pip install` stops on current Debian/Ubuntu
    # with externally-managed-environment.
    for command in (first, second):
        for call in re.findall(r"(\S+) -m pip install", command):
            assert call == ".venv/bin/python", command
        assert not re.search(r"(^|&& )pip3? install", command)


def test_ci_runs_the_readme_quick_start_commands():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run reads the commands from the README; the same extraction gives the same two.
    extract = script.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    out = subprocess.run(["python3", "-c", extract], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == quick_start()
    assert script.count('bash -euo pipefail -c "${quick_start[') == 2


def test_distribution_name_is_not_the_unrelated_aislop_on_pypi_and_both_commands_exist():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "aislop-qa"
    assert project["scripts"] == {"aislop": "aislop.cli:main", "aislop-qa": "aislop.cli:main"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pipx install aislop-qa" in readme and "uv tool install aislop-qa" in readme

"""Every finding on the fixtures, the probe sets and the demo matches the committed snapshot.

This guards refactorings (moves of checks and loaders) that must not change what aislop
reports. The snapshot is written by scripts/snapshot_findings.py; see its docstring.
"""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "snapshot_findings.py"


def _snapshot_module():
    spec = importlib.util.spec_from_file_location("snapshot_findings", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_findings_match_the_committed_snapshot():
    snap = _snapshot_module()
    committed = snap.SNAPSHOT.read_text(encoding="utf-8")
    changes = snap.diff(committed, snap.dump(snap.build()))
    assert not changes, (
        "Findings on fixtures/ differ from tests/data/findings_snapshot.json.\n"
        "- If your change should NOT change findings (a move, a refactoring), this diff is a regression: fix it.\n"
        "- If it is MEANT to change them, regenerate the snapshot with\n"
        "      python scripts/snapshot_findings.py --update\n"
        "  review the diff (git diff tests/data/findings_snapshot.json) and say in the commit message\n"
        "  which findings changed and why.\n\n" + changes
    )


def test_normalise_keeps_behaviour_and_drops_ranking():
    snap = _snapshot_module()
    report = {
        "files": [{"path": "b.md", "kind": "prose", "error": None, "scores": {"formulaic": 3.0}}],
        "findings": [
            {"rule": "AIS2", "name": "two", "path": "b.md", "line": 2, "column": 1, "rank": 1, "priority": 9.0},
            {"rule": "AIS1", "name": "one", "path": "b.md", "line": 1, "column": 4, "rank": 2, "priority": 1.0},
        ],
    }
    part = snap.normalise("fixtures/x", report)
    assert [f["rule"] for f in part["findings"]] == ["AIS1", "AIS2"]
    assert part["findings"][0]["path"] == "fixtures/x/b.md"
    assert "rank" not in part["findings"][0] and "priority" not in part["findings"][0]
    assert part["files"] == [{"path": "fixtures/x/b.md", "kind": "prose", "error": None}]
    changed = snap.dump({"fixtures/x": part}).replace('"AIS1"', '"AIS9"')
    assert '-      {"column": 4' in snap.diff(snap.dump({"fixtures/x": part}), changed)

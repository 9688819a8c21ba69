"""Every rule is documented: summary, why, fix, and a section in docs/rules.md."""

from pathlib import Path

from aislop.registry import load_registry
from aislop.ruledocs import render_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_every_rule_has_prose_for_people():
    for rule in load_registry().rules:
        assert rule.summary.strip() and rule.why.strip() and rule.fix.strip(), rule.code
        assert rule.code.startswith("AIS") and rule.name == rule.name.lower() and " " not in rule.name


def test_docs_file_is_current():
    assert DOCS.read_text(encoding="utf-8") == render_markdown(load_registry()), (
        "docs/rules.md is stale: run `python -m aislop.ruledocs > docs/rules.md`"
    )

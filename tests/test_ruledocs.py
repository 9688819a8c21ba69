"""Every rule is documented: summary, why, fix, and a section in docs/rules.md."""

from pathlib import Path

from aislop.registry import load_registry
from aislop.ruledocs import MEASURED_FAMILIES, load_precision, render_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
PRECISION = DOCS.parent / "precision.json"


def test_every_rule_has_prose_for_people():
    for rule in load_registry().rules:
        assert rule.summary.strip() and rule.why.strip() and rule.fix.strip(), rule.code
        assert rule.code.startswith("AIS") and rule.name == rule.name.lower() and " " not in rule.name


def test_docs_file_is_current():
    assert DOCS.read_text(encoding="utf-8") == render_markdown(load_registry(), load_precision(PRECISION)), (
        "docs/rules.md is stale: run `python -m aislop.ruledocs > docs/rules.md`"
    )


def test_published_false_alarm_rates_name_real_text_rules():
    """docs/precision.json (bench/precision.py --write-docs) may only speak of rules that exist and
    that the text corpus can measure, and docs/rules.md shows each rule's figure."""
    precision = load_precision(PRECISION)
    assert precision is not None and precision["corpus"]["words"] > 1_000_000
    rules = {r.name: r for r in load_registry().rules}
    for name, figures in precision["rules"].items():
        assert name in rules and rules[name].family in MEASURED_FAMILIES, name
        assert figures["code"] == rules[name].code
    docs = DOCS.read_text(encoding="utf-8")
    assert "## False alarms on human text" in docs
    for rule in rules.values():
        if rule.family in MEASURED_FAMILIES:
            assert f"| {rule.code} | {rule.name} |" in docs.split("## False alarms on human text")[1], rule.name

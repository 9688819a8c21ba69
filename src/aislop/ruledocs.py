"""Rule reference documentation, generated from the registry so it can never drift from
the rules themselves (``python -m aislop.ruledocs > docs/rules.md``).

The false-alarm figures come from ``docs/precision.json``, which ``bench/precision.py
--write-docs`` writes after scanning a corpus of human text: the generator only publishes them."""

from __future__ import annotations

import json
import difflib
import sys
from pathlib import Path

from aislop.registry import Registry, load_registry

FAMILY_TITLES = {
    "prose": "Formulaic prose (AIS1xx)",
    "hallucination": "Hallucination markers (AIS2xx)",
    "code": "AI code hand-offs (AIS3xx)",
    "image": "Logos and images (AIS4xx)",
    "internal": "Internal (AIS9xx)",
}


def _example_block(text: str, path: str) -> list[str]:
    fence = "````" if "```" in text else "```"
    lang = {"py": "python", "md": "markdown", "html": "html", "diff": "diff"}.get(path.rsplit(".", 1)[-1], "text")
    return [f"{fence}{lang}", *text.rstrip("\n").splitlines()[:15], fence]


PRECISION_FILE = Path("docs") / "precision.json"
MEASURED_FAMILIES = ("prose", "hallucination")  # the human corpus is text: no code, no images


def load_precision(path: Path = PRECISION_FILE) -> dict | None:
    """The committed figures of bench/precision.py, or None when there are none."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _alarm_line(figures: dict | None) -> str:
    figures = figures or {"errors": 0, "warnings": 0, "per_1000_words": 0.0, "files_blocked": 0}
    alarms = figures["errors"] + figures["warnings"]
    return (f"{alarms} warnings or errors ({figures['per_1000_words']:.4f} per 1,000 words), "
            f"{figures['files_blocked']} file{'s' if figures['files_blocked'] != 1 else ''} blocked")


def _precision_section(registry: Registry, precision: dict) -> list[str]:
    corpus = precision["corpus"]
    sources = ", ".join(f"{name} {v['files']:,} files" for name, v in corpus["sources"].items())
    lines = [
        "## False alarms on human text",
        "",
        f"Every text rule is measured on {corpus['files']:,} human-written files ({corpus['words']:,} words; "
        f"{sources}) from a Debian machine ({corpus['description']}), scanned by `python bench/precision.py`. "
        "Nothing in it was written by a model, so every warning or error there is a false alarm, except a literal "
        "TODO left by its author and the real slips grammar finds (\"the the\", with the optional Harper extra). "
        f"Measured {corpus['measured']} ({corpus['system']}). In all: {precision['files_blocked']} files blocked "
        f"({precision['blocked_percent']:.2f} %; {precision['files_blocked_not_todo']} of them for more than a "
        "TODO, FIXME or TBD their author left in the text) and "
        f"{precision['per_1000_words']:.4f} warnings and errors per 1,000 words. Findings at `info` severity are "
        "not counted (they never fail a scan). \"Not run\": the rule needs `--online` or a LanguageTool server.",
        "",
        "| code | name | warnings + errors | per 1,000 words | files blocked |",
        "|---|---|---:|---:|---:|",
    ]
    for rule in registry.rules:
        if rule.family not in MEASURED_FAMILIES:
            continue
        if rule.name in precision.get("not_run", ()):
            lines.append(f"| {rule.code} | {rule.name} | not run | | |")
            continue
        f = precision["rules"].get(rule.name) or {"errors": 0, "warnings": 0, "per_1000_words": 0.0, "files_blocked": 0}
        lines.append(f"| {rule.code} | {rule.name} | {f['errors'] + f['warnings']} | {f['per_1000_words']:.4f} | "
                     f"{f['files_blocked']} |")
    return lines + [""]


def _diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return "\n".join(ln for ln in lines if not ln.startswith(("---", "+++")))


def render_markdown(registry: Registry, precision: dict | None = None) -> str:
    lines = [
        "# aislop rules",
        "",
        "Generated from the rule registry (`python -m aislop.ruledocs`). `aislop explain CODE` prints the",
        "same text in the terminal. Options go under `[tool.aislop.rules.NAME]`; every rule also accepts",
        "`severity`.",
        "",
    ]
    if precision is not None:
        lines += _precision_section(registry, precision)
    for family, title in FAMILY_TITLES.items():
        rules = [r for r in registry.rules if r.family == family]
        if not rules:
            continue
        lines += [f"## {title}", "", "| code | name | severity | confidence | summary |", "|---|---|---|---|---|"]
        lines += [f"| {r.code} | [{r.name}](#{r.code.lower()}-{r.name}) | {r.severity.value} | {r.confidence:.2f} | {r.summary} |" for r in rules]
        lines.append("")
        for r in rules:
            lines += [
                f"### {r.code} {r.name}",
                "",
                f"**What it does.** {r.summary}",
                "",
                f"**Why is this bad?** {r.why}",
                "",
                f"**How to fix.** {r.fix}",
                "",
                f"Default severity `{r.severity.value}`, confidence {r.confidence:.2f}, visibility {r.visibility}/3, "
                f"typical fix {r.effort_minutes:g} min.",
                "",
            ]
            if precision is not None and r.family in MEASURED_FAMILIES and r.name not in precision.get("not_run", ()):
                words = precision["corpus"]["words"]
                lines += [f"False alarms on {words:,} words of human text: "
                          f"{_alarm_line(precision['rules'].get(r.name))} "
                          "([how measured](#false-alarms-on-human-text)).", ""]
            if r.options:
                lines += ["Options: " + ", ".join(f"`{k}` (default `{v!r}`)" for k, v in r.options.items()), ""]
            for label, examples in (("Flagged", r.triggers), ("Not flagged", r.clean)):
                shown = [e for e in examples if e.text is not None][:1]
                for e in shown:
                    lines += [f"{label} (`{e.path}`):", "", *_example_block(e.text, e.path), ""]
            if r.fixes:
                e = r.fixes[0]
                how = "`aislop fix --unsafe`" if r.fixability == "unsafe" else "`aislop fix`"
                lines += [f"**Automatic fix** ({r.fixability}; {how}), for example:", "",
                          *_example_block(_diff(e.text, e.fixed), "x.diff"), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_markdown(load_registry(), load_precision()))

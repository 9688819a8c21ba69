"""Rule reference documentation, generated from the registry so it can never drift from
the rules themselves (``python -m aislop.ruledocs > docs/rules.md``)."""

from __future__ import annotations

import sys

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
    lang = {"py": "python", "md": "markdown", "html": "html"}.get(path.rsplit(".", 1)[-1], "text")
    return [f"{fence}{lang}", *text.rstrip("\n").splitlines()[:15], fence]


def render_markdown(registry: Registry) -> str:
    lines = [
        "# aislop rules",
        "",
        "Generated from the rule registry (`python -m aislop.ruledocs`). `aislop explain CODE` prints the",
        "same text in the terminal. Options go under `[tool.aislop.rules.NAME]`; every rule also accepts",
        "`severity`.",
        "",
    ]
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
            if r.options:
                lines += ["Options: " + ", ".join(f"`{k}` (default `{v!r}`)" for k, v in r.options.items()), ""]
            for label, examples in (("Flagged", r.triggers), ("Not flagged", r.clean)):
                shown = [e for e in examples if e.text is not None][:1]
                for e in shown:
                    lines += [f"{label} (`{e.path}`):", "", *_example_block(e.text, e.path), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_markdown(load_registry()))

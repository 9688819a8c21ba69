"""Measure the prose family on the development corpus (../shared/corpus/prose by default).

Prints, for the files as given and for copies with their Markdown markup stripped:
the AUROC of the formulaic score between ai/ and human/, warning-or-error prose findings
per 1,000 words on human/, how many ai/ files get at least one warning, and each ai/ file's
top findings. Usage: python scripts/measure_prose.py [corpus_dir] [--quiet]
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from aislop.loaders import load
from aislop.registry import Context, ProjectIndex

from aislop.checks.prose import CHECKS

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "prose"


def strip_markdown(text: str) -> str:
    """Remove Markdown layout (headings, bullets, emphasis, tables, fences) and keep the words."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        if re.fullmatch(r"\s*(?:[=\-|: ]{3,}|```.*|~~~.*)\s*", line):
            continue
        line = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("|", " ")
        out.append(line)
    return "\n".join(out) + "\n"


def scan(path: Path, relpath: str):
    (doc,) = [d for d in load(path, relpath) if d.kind == "prose"]
    ctx = Context(project=ProjectIndex(root=path.parent))
    findings = [f for check in CHECKS for f in check.check(doc, ctx)]
    return doc, findings


def auroc(pos: list[float], neg: list[float]) -> float:
    pairs = [(p > n) + 0.5 * (p == n) for p in pos for n in neg]
    return sum(pairs) / len(pairs)


def measure(root: Path, label: str, quiet: bool) -> None:
    scores: dict[str, list[float]] = {"ai": [], "human": []}
    human_warn, human_words, covered, ai_files = 0, 0, 0, 0
    for group in ("ai", "human"):
        for path in sorted((root / group).glob("*.md")):
            doc, findings = scan(path, path.name)
            score = doc.meta["scores"]["formulaic"]
            scores[group].append(score)
            warns = [f for f in findings if f.effective_severity.value in ("warning", "error")]
            if group == "human":
                human_warn += len(warns)
                human_words += doc.words
                for f in warns:
                    print(f"  FP {path.name}:{f.line} {f.rule.name}: {f.matched!r}")
            else:
                ai_files += 1
                covered += bool(warns)
            if not quiet:
                print(f"{label:8} {group:5} {score:5.1f} {len(warns):2}w {len(findings):3}f  {path.name}")
                if group == "ai":
                    for f in sorted(warns, key=lambda f: -f.effective_confidence)[:4]:
                        print(f"{'':22}{f.rule.name}: {f.matched[:70]!r}")
    print(
        f"[{label}] AUROC {auroc(scores['ai'], scores['human']):.3f} | human warnings "
        f"{1000 * human_warn / max(human_words, 1):.2f} per 1k words ({human_warn} in {human_words}) | "
        f"ai files with a warning {covered}/{ai_files} | min ai {min(scores['ai']):.1f} max human "
        f"{max(scores['human']):.1f}"
    )


def main(argv: list[str]) -> None:
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    measure(corpus, "markdown", quiet)
    with tempfile.TemporaryDirectory() as tmp:
        for group in ("ai", "human"):
            (Path(tmp) / group).mkdir()
            for path in sorted((corpus / group).glob("*.md")):
                (Path(tmp) / group / path.name).write_text(
                    strip_markdown(path.read_text(encoding="utf-8")), encoding="utf-8"
                )
        measure(Path(tmp), "stripped", quiet)


if __name__ == "__main__":
    main(sys.argv[1:])

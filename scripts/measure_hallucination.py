"""Measure the hallucination family (AIS2xx) on the development corpus.

Scans ../shared/corpus/prose/halluc (labelled), human/ and ai/ (no markers), as given and with
their Markdown markup stripped, and prints: recall per labelled marker type (a label counts as
found when a finding of a matching rule sits on the same line +-1), the findings on the clean
negatives h07/h08, and every finding on human/ and ai/ (the targets are zero).
Usage: python scripts/measure_hallucination.py [corpus_dir]
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from markup import strip_markdown  # scripts/markup.py

from aislop.loaders import load
from aislop.registry import Context, ProjectIndex

from aislop.checks.hallucination.check import CHECKS

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "prose"
NEGATIVES = ("h07_solar_installer_faq.md", "h08_great_gatsby_book_report.md")
RULES_FOR_TYPE = {
    "dangling_citation": {"dangling-citation", "empty-sources"},
    "orphan_reference": {"orphan-reference"},
    "placeholder": {"placeholder-text", "placeholder-url"},
    "chat_leftover": {"chat-leftover"},
    "ai_disclosure": {"ai-disclosure"},
    "unsourced_statistic": {"unsourced-statistic"},
    "vague_attribution": {"vague-attribution", "unsourced-statistic"},
    "invalid_doi_or_url": {"invalid-doi", "placeholder-url", "broken-link"},
}


def findings(path: Path, text: str) -> list[tuple[str, int, str]]:
    """(rule name, line, message) for one file, with the file's text given."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / path.name
        target.write_text(text, encoding="utf-8")
        ctx = Context(project=ProjectIndex(root=Path(tmp), files={path.name: "prose"}))
        found = []
        for doc in load(target, path.name):
            for check in CHECKS:
                if doc.kind in check.kinds:
                    found += [(f.rule.name, f.line or 0, f.message) for f in check.check(doc, ctx)]
        return found


def measure(corpus: Path, stripped: bool) -> None:
    prepare = (lambda t: strip_markdown(t, keep_lines=True)) if stripped else (lambda t: t)
    print(f"\n=== {'markup stripped' if stripped else 'files as given'} ===")
    labels = json.loads((corpus / "halluc" / "labels.json").read_text(encoding="utf-8"))
    hit, total = Counter(), Counter()
    missed = []
    for name, markers in sorted(labels.items()):
        found = findings(corpus / "halluc" / name, prepare((corpus / "halluc" / name).read_text(encoding="utf-8")))
        for marker in markers:
            total[marker["type"]] += 1
            ok = any(rule in RULES_FOR_TYPE[marker["type"]] and abs(line - marker["line"]) <= 1 for rule, line, _ in found)
            hit[marker["type"]] += ok
            if not ok:
                missed.append(f"{name}:{marker['line']} {marker['type']} {marker['text'][:60]!r}")
        if name in NEGATIVES:
            print(f"negative {name}: {len(found)} findings")
            for rule, line, message in found:
                print(f"    {line:>4} {rule}: {message[:100]}")
    for kind in sorted(total):
        print(f"recall {kind:<22} {hit[kind]}/{total[kind]}")
    print(f"recall overall {sum(hit.values())}/{sum(total.values())} = {sum(hit.values()) / max(1, sum(total.values())):.3f}")
    for line in missed:
        print(f"    missed {line}")
    for folder in ("human", "ai"):
        count = 0
        for path in sorted((corpus / folder).glob("*.md")):
            found = findings(path, prepare(path.read_text(encoding="utf-8")))
            count += len(found)
            for rule, line, message in found:
                print(f"    {folder}/{path.name}:{line} {rule}: {message[:100]}")
        print(f"{folder}/: {count} findings")


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    for stripped in (False, True):
        measure(corpus, stripped)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

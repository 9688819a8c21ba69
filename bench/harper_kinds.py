"""Evaluation of harper-py (Automattic's Harper, Rust, offline) as a grammar engine: warnings
per 1,000 words of human text, by Harper's lint kind, so that only precise kinds would be kept.

    python -m pip install 'aislop-qa[grammar]'     # harper-py
    python bench/harper_kinds.py [--files 300]      # every lint kind, on the raw files
    python bench/harper_kinds.py --aislop           # what the grammar rule reads and keeps

Reads READMEs and Markdown files from /usr/share/doc (human writing: Debian's packagers and
upstream authors; at most 20,000 characters each, sorted then shuffled with a fixed seed) and
prints, per lint kind, the count, the rate per 1,000 words and two examples.

With ``--aislop`` each file is loaded as aislop loads it (code, URLs, tables and quotations
left out), the prose the grammar rule sends is linted with every Harper rule on, and the
figures are per Harper rule (with its kind), words counted as the prose rules count them;
then the same for what the rule reports: checks/prose/harper_grammar.py's kept rules after
its filter (the figure to hold to the prose rules' 0.03 per 1,000 words).
Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import random
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--aislop", action="store_true", help="lint what aislop's grammar rule reads; per rule")
    args = parser.parse_args()
    try:
        import harper
    except ImportError:
        raise SystemExit("harper-py is not installed: python -m pip install harper-py") from None
    files = [p for p in sorted(Path("/usr/share/doc").rglob("*"))
             if p.is_file() and (p.name.lower().startswith("readme") or p.suffix == ".md")]
    random.Random(5).shuffle(files)
    if args.aislop:
        return through_aislop(files[: args.files])
    linter = harper.Linter()
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, list] = collections.defaultdict(list)
    words = 0
    started = time.process_time()
    for path in files[: args.files]:
        try:
            data = path.read_bytes()
            text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")[:20000]
        except (OSError, UnicodeDecodeError, gzip.BadGzipFile, EOFError):
            continue
        words += len(text.split())
        language = harper.Language.MARKDOWN if path.name.endswith((".md", ".md.gz")) else harper.Language.PLAINTEXT
        for lint in linter.lint(text, language=language):
            kinds[lint.lint_kind] += 1
            if len(examples[lint.lint_kind]) < 2:
                examples[lint.lint_kind].append(f"{path.name}: {lint.problem_text[:30]!r} - {lint.message[:60]}")
    print(f"{words} words, {time.process_time() - started:.1f} CPU s")
    for kind, count in kinds.most_common():
        print(f"{kind:<16}{count:>7}{count * 1000 / words:>9.2f} per 1,000 words   {' | '.join(examples[kind])}")


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
        return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")[:20000]
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile, EOFError):
        return None


def through_aislop(files: list[Path]) -> None:
    import harper

    from aislop.checks.prose import grammar, harper_grammar
    from aislop.checks.prose.view import ProseView
    from aislop.loaders import load

    linter = harper.Linter()
    rules: collections.Counter[tuple[str, str]] = collections.Counter()
    kept: collections.Counter[str] = collections.Counter()
    examples: dict[object, list] = collections.defaultdict(list)
    words = 0
    started = time.process_time()
    for path in files:
        text = _read(path)
        if text is None:
            continue
        inner = path.name.removesuffix(".gz")
        name = inner if inner.endswith((".md", ".txt")) else inner + ".txt"
        docs = [d for d in load(Path(name), name, text.encode("utf-8")) if d.kind == "prose"]
        for doc in docs:
            words += doc.words
            joined, spans = grammar._joined(ProseView.of(doc))  # noqa: SLF001 - the text the rule sends
            if not joined.strip():
                continue
            for rule, found in linter.organized_lints(joined, language=harper.Language.PLAINTEXT).items():
                for lint in found:
                    rules[(lint.lint_kind, rule)] += 1
                    if len(examples[rule]) < 2:
                        examples[rule].append(f"{path.name}: {lint.problem_text[:30]!r}")
            for finding in grammar.harper_findings(doc, joined, spans, 0):
                rule = finding.message.rsplit("(Harper: ", 1)[1].rstrip(")")
                kept[rule] += 1
                line = doc.source.split("\n")[finding.line - 1] if not doc.origins else doc.line_text(finding.line)
                examples[("kept", rule)].append(f"{path.name}:{finding.line}: {line.strip()[:100]!r}")
    print(f"{len(files)} files, {words} words (as the prose rules count them), {time.process_time() - started:.1f} CPU s")
    print("every Harper rule on the text the grammar rule sends (kind, rule, count, per 1,000 words):")
    for (kind, rule), count in rules.most_common():
        if kind in ("Agreement", "Repetition", "Grammar", "Miscellaneous", "Usage") or count * 1000 / words >= 0.5:
            print(f"  {kind:<15}{rule:<32}{count:>6}{count * 1000 / words:>8.3f}   {' | '.join(examples[rule])}")
    print("reported by the grammar rule (harper_grammar.KEPT_RULES after its filter):")
    total = 0
    for rule, kind in harper_grammar.KEPT_RULES.items():
        total += kept[rule]
        print(f"  {kind:<15}{rule:<32}{kept[rule]:>6}{kept[rule] * 1000 / words:>8.3f}")
        for example in examples[("kept", rule)]:
            print(f"      {example}")
    print(f"  {'all kept':<47}{total:>6}{total * 1000 / words:>8.3f}")


if __name__ == "__main__":
    main()

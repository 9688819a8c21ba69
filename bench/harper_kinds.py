"""Evaluation of harper-py (Automattic's Harper, Rust, offline) as a grammar engine: warnings
per 1,000 words of human text, by Harper's lint kind, so that only precise kinds would be kept.

    python -m pip install harper-py      # not a dependency of aislop; this script only measures
    python bench/harper_kinds.py [--files 300]

Reads READMEs and Markdown files from /usr/share/doc (human writing: Debian's packagers and
upstream authors; at most 20,000 characters each, sorted then shuffled with a fixed seed) and
prints, per lint kind, the count, the rate per 1,000 words and two examples.
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
    args = parser.parse_args()
    try:
        import harper
    except ImportError:
        raise SystemExit("harper-py is not installed: python -m pip install harper-py") from None
    files = [p for p in sorted(Path("/usr/share/doc").rglob("*"))
             if p.is_file() and (p.name.lower().startswith("readme") or p.suffix == ".md")]
    random.Random(5).shuffle(files)
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


if __name__ == "__main__":
    main()

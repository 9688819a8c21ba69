"""Measure the prose family on the development corpus and on a held-out human set.

Sets (each scanned as given and with its Markdown markup stripped):

- A: ``ai/`` of the corpus (../shared/corpus/prose by default), the style set;
- B: ``halluc/`` of the corpus, AI text in the same assistant voice, never used for tuning;
- human: ``human/`` of the corpus;
- local: human text assembled at run time from this machine, without network: package READMEs
  and notes under /usr/share/doc, Perl pod pages (pod2text), the Python language reference
  (pydoc_data) and the licences in /usr/share/common-licenses. Each text is cut at paragraph
  boundaries to 300-1500 words and kept only if most of it is running prose (no changelogs,
  tables or option lists). Nothing is copied into the repository.

Prints per variant: AUROC of the formulaic score for A and B against each human set,
warning-or-error prose findings per 1,000 words on each human set (and every such finding),
and how many A and B files get at least one warning.

Usage: python scripts/measure_prose.py [corpus_dir] [--verbose] [--no-local]
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from markup import strip_markdown  # scripts/markup.py

from aislop.loaders import load
from aislop.registry import Context, ProjectIndex

from aislop.checks.prose.check import CHECKS

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "prose"
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_SKIP_NAMES = re.compile(r"changelog|news|history|copyright|authors|thanks|todo|install", re.IGNORECASE)


# ---------------------------------------------------------------------------- the local human set
def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _is_prose_paragraph(paragraph: str) -> bool:
    """At least 15 words of letters and spaces ending like a sentence, not an indented block."""
    lines = [line for line in paragraph.splitlines() if line.strip()]
    if all(line.startswith(("    ", "\t")) for line in lines):
        return False
    if len(_WORD.findall(paragraph)) < 15:
        return False
    letters = sum(c.isalpha() or c.isspace() for c in paragraph) / len(paragraph)
    return letters > 0.85 and paragraph.rstrip()[-1:] in ".:?!)\"'"


def prose_chunk(text: str, low: int = 300, high: int = 1500) -> str | None:
    """The opening 300-1500 words of ``text`` cut at a paragraph end, if mostly running prose."""
    kept, words, prose = [], 0, 0
    for paragraph in _paragraphs(text):
        n = len(_WORD.findall(paragraph))
        if words + n > high and words >= low:
            break
        kept.append(paragraph)
        words += n
        prose += n if _is_prose_paragraph(paragraph) else 0
    if words < low or prose < 0.7 * words:
        return None
    return "\n\n".join(kept) + "\n"


def _read(path: str) -> str | None:
    try:
        data = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return None


def _pod_as_markdown(path: str) -> str | None:
    """pod2text output with its 4-space body indent removed; headings marked, code kept indented."""
    try:
        raw = subprocess.run(["pod2text", "--utf8", path], capture_output=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = []
    for line in raw.decode("utf-8", "replace").splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            lines.append("")
        elif indent < 4:
            lines.append("## " + line.strip())
        else:
            lines.append(line[4:] if indent == 4 else line)
    return "\n".join(lines)


def local_human_texts() -> dict[str, str]:
    """Human prose from this machine (see the module docstring), deduplicated, by name."""
    sources: list[tuple[str, str | None]] = []
    for path in sorted(glob.glob("/usr/share/doc/*/README*") + glob.glob("/usr/share/doc/*/*.txt")):
        if not _SKIP_NAMES.search(Path(path).name):
            sources.append((f"doc-{Path(path).parent.name}-{Path(path).name}", _read(path)))
    if shutil.which("pod2text"):
        pods = glob.glob("/usr/share/perl/5*/**/*.pod", recursive=True)
        pods += glob.glob("/usr/share/perl5/**/*.pod", recursive=True)
        pods += glob.glob("/usr/lib/*/perl5/**/*.pod", recursive=True)
        for path in sorted(set(pods)):
            if Path(path).name != "perldiag.pod":  # a list of messages, not prose
                sources.append((f"pod-{Path(path).stem}", _pod_as_markdown(path)))
    try:
        from pydoc_data.topics import topics
    except ImportError:
        topics = {}
    for name in sorted(topics):
        if name not in ("execmodel", "exceptions"):  # already in the corpus's human/
            sources.append((f"pyref-{name}", topics[name]))
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        sources.append((f"license-{Path(path).name}", _read(path)))
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for name, text in sources:
        chunk = prose_chunk(text) if text else None
        if chunk is None:
            continue
        digest = hashlib.sha1(" ".join(chunk.split()).encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            texts[re.sub(r"[^\w.-]+", "_", name) + ".md"] = chunk
    return texts


# ---------------------------------------------------------------------------- scanning
@dataclass
class Result:
    name: str
    score: float
    words: int
    warnings: list
    findings: list


def scan(path: Path, relpath: str) -> tuple:
    (doc,) = [d for d in load(path, relpath) if d.kind == "prose"]
    ctx = Context(project=ProjectIndex(root=path.parent))
    findings = [f for check in CHECKS for f in check.check(doc, ctx)]
    return doc, findings


def scan_set(folder: Path, texts: dict[str, str]) -> list[Result]:
    folder.mkdir(parents=True)
    results = []
    for name, text in sorted(texts.items()):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        doc, findings = scan(path, name)
        warns = [f for f in findings if f.effective_severity.value in ("warning", "error")]
        results.append(Result(name, doc.meta["scores"]["formulaic"], doc.words, warns, findings))
    return results


def auroc(pos: list[float], neg: list[float]) -> float:
    pairs = [(p > n) + 0.5 * (p == n) for p in pos for n in neg]
    return sum(pairs) / len(pairs)


def warn_rate(results: list[Result]) -> tuple[float, int, int]:
    warns = sum(len(r.warnings) for r in results)
    words = sum(r.words for r in results)
    return 1000.0 * warns / max(words, 1), warns, words


def corpus_texts(root: Path, group: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / group).glob("*.md"))}


def measure(sets: dict[str, dict[str, str]], label: str, verbose: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: scan_set(Path(tmp) / name, texts) for name, texts in sets.items()}
    humans = [name for name in ("human", "local") if results.get(name)]
    results["all-human"] = [r for name in humans for r in results[name]]
    if verbose:
        for name in ("ai", "halluc"):
            for r in results[name]:
                top = sorted(r.warnings, key=lambda f: -f.effective_confidence)[:3]
                print(f"{label:8} {name:6} {r.score:5.1f} {len(r.warnings):2}w {len(r.findings):3}f  {r.name}  "
                      + "; ".join(f"{f.rule.name}: {f.matched[:40]!r}" for f in top))
        worst = sorted(results["all-human"], key=lambda r: -r.score)[:8]
        print(f"{label:8} highest human scores: " + ", ".join(f"{r.name} {r.score:.1f}" for r in worst))
    for name in humans:
        for r in results[name]:
            for f in r.warnings:
                print(f"  FP [{label}] {name}/{r.name}:{f.line} {f.rule.name}: {f.matched[:70]!r}")
    numbers: dict[str, float] = {}
    parts = []
    for ai in ("ai", "halluc"):
        for human in humans + ["all-human"]:
            value = auroc([r.score for r in results[ai]], [r.score for r in results[human]])
            numbers[f"auroc {ai}/{human}"] = value
            parts.append(f"{'A' if ai == 'ai' else 'B'}/{human} {value:.3f}")
    print(f"[{label}] AUROC " + " | ".join(parts))
    parts = []
    for human in humans:
        rate, warns, words = warn_rate(results[human])
        numbers[f"warn/1k {human}"] = rate
        parts.append(f"{human} {rate:.2f} ({warns} in {words} words, {len(results[human])} files)")
    print(f"[{label}] human warnings per 1k words: " + " | ".join(parts))
    for ai in ("ai", "halluc"):
        covered = sum(bool(r.warnings) for r in results[ai])
        scores = " ".join(f"{r.score:.0f}" for r in results[ai])
        print(f"[{label}] {ai}: {covered}/{len(results[ai])} files with a warning; scores {scores}")
    return numbers


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    sets = {group: corpus_texts(corpus, group) for group in ("ai", "halluc", "human")}
    sets["local"] = {} if "--no-local" in argv else local_human_texts()
    measure(sets, "markdown", verbose)
    stripped = {name: {k: strip_markdown(v) for k, v in texts.items()} for name, texts in sets.items()}
    measure(stripped, "stripped", verbose)


if __name__ == "__main__":
    main(sys.argv[1:])

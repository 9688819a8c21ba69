"""Measure the three widened hallucination rules (vague-attribution, unsourced-statistic,
placeholder-url): recall on fixtures/hallucination/recall/planted (labels.json: file, rule and the
labelled text; a label is found when a finding of its rule sits on the label's line), findings on
fixtures/hallucination/recall/clean (target: none), and findings on human text from this
machine (target: none): /usr/share/doc (text, Markdown, HTML, reStructuredText, and the gzipped
READMEs and changelogs), /usr/share/common-licenses and the package descriptions (METADATA) of
the installed Python packages.

Usage: python scripts/measure_attribution.py [--show]    (--show prints every human finding)
"""

from __future__ import annotations

import gzip
import json
import sys
import sysconfig
import tempfile
from collections import Counter
from pathlib import Path

from aislop.config import Config
from aislop.engine import scan

RULES = ["vague-attribution", "unsourced-statistic", "placeholder-url"]
HERE = Path(__file__).resolve().parents[1] / "fixtures" / "hallucination" / "recall"
TEXT_SUFFIXES = {".md", ".txt", ".html", ".htm", ".rst"}


def _scan(root: Path) -> list:
    config = Config(select=RULES, respect_gitignore=False, settings={"no_cache": True})
    return scan([root], config, jobs=1).findings


def recall() -> None:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    found = _scan(HERE / "planted")
    hit, total = Counter(), Counter()
    for name, markers in sorted(labels.items()):
        text = (HERE / "planted" / name).read_text(encoding="utf-8")
        for marker in markers:
            line = text[: text.index(marker["text"])].count("\n") + 1
            total[marker["rule"]] += 1
            # As in scripts/measure_hallucination.py, a vague attribution next to a figure counts when
            # it is reported as the unsourced statistic it introduces.
            rules = {marker["rule"]} | ({"unsourced-statistic"} if marker["rule"] == "vague-attribution" else set())
            ok = any(f.path == name and f.rule.name in rules and f.line == line for f in found)
            hit[marker["rule"]] += ok
            if not ok:
                print(f"  missed {name}:{line} {marker['rule']}: {marker['text']!r}")
    labelled = {(n, m["rule"]) for n, ms in labels.items() for m in ms}
    extra = [f for f in found if (f.path, f.rule.name) not in labelled]
    for rule in RULES:
        print(f"recall {rule}: {hit[rule]}/{total[rule]}")
    print(f"recall all: {sum(hit.values())}/{sum(total.values())}; findings of an unlabelled rule: {len(extra)}")
    clean = _scan(HERE / "clean")
    print(f"clean samples: {len(clean)} finding(s)")
    for f in clean:
        print(f"  {f.path}:{f.line} {f.rule.name}: {f.message[:100]}")


def human_corpus(target: Path) -> int:
    """Copy the human text into ``target``; return the number of files."""
    count = 0
    sources: list[tuple[Path, str]] = []
    for path in sorted(Path("/usr/share/doc").rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        name = path.name.lower()
        if path.suffix.lower() in TEXT_SUFFIXES or name.startswith("readme") and path.suffix == "":
            sources.append((path, path.read_text(encoding="utf-8", errors="replace")))
        elif name.endswith(".gz") and (name.startswith(("readme", "changelog", "news", "faq")) or
                                       Path(name[:-3]).suffix in TEXT_SUFFIXES):
            try:
                sources.append((path, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")))
            except (OSError, EOFError):
                continue
    for path in sorted(Path("/usr/share/common-licenses").glob("*")):
        if path.is_file():
            sources.append((path, path.read_text(encoding="utf-8", errors="replace")))
    for path in sorted(Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info/METADATA")):
        body = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)
        if len(body) == 2 and len(body[1]) > 500:
            sources.append((path, body[1]))
    for path, text in sources:
        if len(text) > 2_000_000 or "\x00" in text:
            continue
        stem = str(path).strip("/").replace("/", "__")
        suffix = Path(stem.removesuffix(".gz")).suffix.lower()
        out = target / (stem.removesuffix(".gz") + ("" if suffix in TEXT_SUFFIXES else ".txt"))
        if path.name == "METADATA":
            out = out.with_suffix(".md")
        out.write_text(text, encoding="utf-8")
        count += 1
    return count


def human(show: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="aislop-human-") as tmp:
        root = Path(tmp)
        files = human_corpus(root)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in root.iterdir())
        found = _scan(root)
    by_rule = Counter(f.rule.name for f in found)
    print(f"human text: {files} files, {words:,} words; findings: " + ", ".join(f"{r} {by_rule[r]}" for r in RULES))
    if show:
        for f in found:
            print(f"  {f.path[:70]}:{f.line} {f.rule.name}: {f.matched[:80]!r}")


if __name__ == "__main__":
    recall()
    human("--show" in sys.argv)

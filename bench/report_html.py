"""HTML report benchmark: page size, CPU to write it, and time until a browser shows it.

    python bench/report_html.py                          # 3,000 files, 20,000 findings (the issue's size)
    python bench/report_html.py --files 300 --findings 2000
    python bench/report_html.py --before OLD_HTML_MODULE.py   # the same report through an older html.py

Rows: ``before`` (--before), ``current`` (html.render: the page built whole) and ``streamed``
(html.write, what ``aislop scan`` uses).

Builds a deliverable in a temporary folder (Markdown files of pydoc text, 20% of the files one
and the same logo PNG, as a brand kit copied into every folder looks) and a report of that
many findings spread over it, with real rule objects and messages of realistic length. Then:

* size: bytes of the page,
* write: CPU seconds of this process to render it,
* browser: seconds in headless Chromium from navigation start until the page is parsed and its
  script has drawn the first screen (performance.now() in the page), best of three runs.

Targets (issue 15): under 5 MB and under 3 s in the browser at 3,000 files / 20,000 findings.
Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aislop.model import FileResult, Finding
from aislop.registry import load_registry
from aislop.reporters import Report
from aislop.reporters import html as current_html
from aislop.triage import rank, summarise

LOGO = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "brand"


def _paragraphs() -> list[str]:
    import pydoc_data.topics

    return [" ".join(p.split()) for text in pydoc_data.topics.topics.values() for p in text.split("\n\n")
            if 20 <= len(p.split()) <= 80 and not p.startswith(" ")]


def build(root: Path, n_files: int, n_findings: int, seed: int = 3) -> Report:
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    logo = next(LOGO.glob("*.png")).read_bytes()
    rules = [r for r in load_registry().rules if r.family != "internal"]
    prose_rules = [r for r in rules if r.family in ("prose", "hallucination")]
    image_rules = [r for r in rules if r.family == "image"]
    files: list[FileResult] = []
    lines_of: dict[str, list[str]] = {}
    for i in range(n_files):
        folder = f"client{i // 100:02d}"
        if i % 5 == 4:
            path = f"{folder}/brand/logo{i}.png"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(logo)
            files.append(FileResult(path=path, kind="image"))
        else:
            path = f"{folder}/post{i}.md"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            lines = [f"# Post {i}", ""]
            for _ in range(rng.randint(8, 20)):
                lines += [rng.choice(paragraphs)[:400], ""]
            (root / path).write_text("\n".join(lines), encoding="utf-8")
            lines_of[path] = lines
            files.append(FileResult(path=path, kind="prose", scores={"formulaic": rng.uniform(0, 100)}))
    findings: list[Finding] = []
    for n in range(n_findings):
        file = files[rng.randrange(len(files))]
        if file.kind == "image":
            rule = rng.choice(image_rules)
            f = Finding(rule=rule, path=file.path, message=f"{rule.summary} Logo is only 240×80 px on a solid #ffffff box.")
        else:
            rule = rng.choice(prose_rules)
            lines = lines_of[file.path]
            line = rng.randrange(2, len(lines), 2) + 1
            text = lines[line - 1]
            col = rng.randrange(max(1, len(text) - 20)) + 1
            matched = text[col - 1:col + 15]
            f = Finding(rule=rule, path=file.path, line=line, column=col, end_line=line, end_column=col + len(matched),
                        matched=matched, message=f"'{matched}': {rule.summary} It is one of {n % 7 + 2} here.")
        f.fingerprint = f"{n:032x}"
        file.findings.append(f)
        findings.append(f)
    findings = rank(findings, {"error": 10, "warning": 3, "info": 1})
    return Report(root, files, findings, summarise(files, findings), [], "bench")


def _load_module(path: Path):
    spec = importlib.util.spec_from_file_location("html_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _streamed(report: Report) -> str:
    """The current page through ``write`` (a file at a time, spooled to disk), as ``aislop scan``
    writes it."""
    buffer = io.StringIO()
    current_html.write(report, buffer)
    return buffer.getvalue()


MARK = "<script>document.body.dataset.benchMs = String(Math.round(performance.now()));</script>"


def browser_seconds(page: Path, runs: int = 3) -> float | None:
    """Seconds from navigation start until the page's own scripts have run and drawn the first
    screen (current pages set data-ms when done; for others a marker script at the very end of
    the body measures when parsing and every earlier script are done). Best of ``runs``."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    marked = page.with_name("marked-" + page.name)
    marked.write_text(page.read_text(encoding="utf-8").replace("</body>", MARK + "</body>"), encoding="utf-8")
    best = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                  "--disable-background-networking", f"--user-data-dir={profile}",
                                  "--virtual-time-budget=60000", "--dump-dom", marked.as_uri()],
                                 capture_output=True, text=True, timeout=600, check=True).stdout
        found = [int(m) for m in re.findall(r'data-(?:ms|bench-ms)="(\d+)"', dom)]
        if found:
            seconds = max(found) / 1000
            best = seconds if best is None else min(best, seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--findings", type=int, default=20000)
    parser.add_argument("--before", type=Path, help="an older html.py to measure beside the current one")
    parser.add_argument("--no-browser", action="store_true", help="only the size and the CPU to write the page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "deliverable"
        report = build(root, args.files, args.findings)
        renderers = [("current", current_html.render), ("streamed", _streamed)]
        if args.before:
            renderers.insert(0, ("before", _load_module(args.before).render))
        print(f"{args.files} files, {len(report.findings)} findings")
        print(f"{'html.py':<10}{'size MB':>10}{'write CPU s':>13}{'browser s':>11}")
        for name, render in renderers:
            started = time.process_time()
            text = render(report)
            cpu = time.process_time() - started
            page = Path(folder) / f"{name}.html"
            page.write_text(text, encoding="utf-8")
            seconds = None if args.no_browser else browser_seconds(page)
            shown = "n/a" if seconds is None else f"{seconds:.2f}"
            print(f"{name:<10}{page.stat().st_size / 1e6:>10.2f}{cpu:>13.2f}{shown:>11}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()

"""aislop benchmark: one command, figures side by side with the tools people would run instead.

    python bench/run.py                 # 1,000 Markdown files, 300 Python modules, 50 images
    python bench/run.py --md 10000 --memory-only   # peak memory at archive scale

It builds a corpus in a temporary folder (or --corpus DIR) from text that ships with Python
(pydoc topics, stdlib modules) and images drawn with Pillow, then measures in one run:

* aislop cold (prose + hallucination checks on the Markdown; empty cache),
* aislop warm (same scan again, nothing changed: served from the cache),
* ``proselint check`` on the same Markdown files (if proselint is installed),
* aislop on the Python modules (code checks) and a bare ``libcst.parse_module`` loop,
* aislop on the images (image checks), then ms per image for header-only reads and for the
  full logo analysis of a 2000x2000 PNG (bench/images.py).

Reported: wall time, files/s, MB/s and peak RSS (the whole process tree, sampled from /proc).
Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = Path(tempfile.gettempdir()) / "aislop-bench-corpus"

AI_SENTENCES = [
    "In today's fast-paced world, teams need tools that keep up.",
    "It's important to note that every project is different.",
    "This isn't just a feature; it's a fundamental shift in how we work.",
    "Studies show that 73% of developers prefer clear documentation.",
    "Experts agree that consistency matters more than volume [4].",
    "By leveraging these insights, you can unlock the full potential of your workflow.",
    "Ultimately, the right approach depends on your goals, your audience, and your resources.",
    "Let me know if you'd like me to expand any of these sections!",
]


# --------------------------------------------------------------------------- corpus
def build_markdown(folder: Path, count: int, seed: int = 7, words: int = 700) -> None:
    import pydoc_data.topics

    rng = random.Random(seed)
    paragraphs = [
        " ".join(p.split())
        for text in pydoc_data.topics.topics.values()
        for p in text.split("\n\n")
        if 25 <= len(p.split()) <= 160 and not p.startswith(" ")
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        parts, written = [f"# Article {i}\n"], 0
        while written < words:
            if rng.random() < 0.15:
                parts.append("## " + rng.choice(["Overview", "Details", "Background", "Next steps"]) + "\n")
            para = rng.choice(paragraphs)
            if rng.random() < 0.3:
                para += " " + rng.choice(AI_SENTENCES)
            if rng.random() < 0.1:
                parts.append("```python\nprint('example')\n```\n")
            parts.append(para + "\n")
            written += len(para.split())
        if rng.random() < 0.3:
            parts.append("## References\n\n[1] Smith, J. (2020). A study. Journal of Things, 4(2), 1-10.\n")
        (folder / f"doc{i:05}.md").write_text("\n".join(parts), encoding="utf-8")


def build_python(folder: Path, count: int) -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    skip = {"site-packages", "test", "tests", "idle_test", "__pycache__"}
    modules = sorted(
        p for p in stdlib.rglob("*.py")
        if p.stat().st_size < 200_000 and not skip & set(p.relative_to(stdlib).parts)
    )
    folder.mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(modules[:count]):
        shutil.copyfile(path, folder / f"m{i:04}_{path.name}")


def build_images(folder: Path, count: int, seed: int = 11) -> None:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        if i % 2 == 0:  # flat logo-like art, various sizes
            size = rng.choice([(120, 40), (400, 400), (1200, 600), (2000, 2000)])
            im = Image.new("RGB", size, "white")
            draw = ImageDraw.Draw(im)
            w, h = size
            draw.ellipse((w // 10, h // 10, w // 2, h * 9 // 10), fill=(200, 60, 40))
            draw.rectangle((w // 2, h // 3, w * 9 // 10, h * 2 // 3), fill=(20, 40, 90))
            im.save(folder / f"logo{i:03}.png")
        else:  # noisy photograph
            im = Image.effect_noise((800, 600), 60).convert("RGB")
            im.save(folder / f"photo{i:03}.jpg", quality=85)


# --------------------------------------------------------------------------- measurement
def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class PeakSampler:
    """Peak RSS in KB of a running process tree (``tree``) and of its root process alone
    (``root``), sampled from /proc every ``every`` seconds while the ``with`` block runs."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid, self.every = pid, every
        self.tree = self.root = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.tree = max(self.tree, _tree_rss_kb(self.pid))
            self.root = max(self.root, _rss_kb(self.pid))
            time.sleep(self.every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Measure:
    label: str
    seconds: float
    files: int
    megabytes: float
    peak_mb: float
    note: str = ""
    lines: int = 0
    findings: int = 0

    def row(self) -> str:
        rate = self.files / self.seconds if self.seconds else float("inf")
        mbs = self.megabytes / self.seconds if self.seconds else float("inf")
        lines = f"{self.lines / self.seconds:9.0f}" if self.lines and self.seconds else "        -"
        return (
            f"| {self.label} | {self.seconds:8.2f} | {rate:9.1f} | {lines} | {mbs:6.2f} | {self.peak_mb:7.0f} "
            f"| {self.note} |"
        )


def run(label: str, cmd: list[str], files: list[Path], env: dict | None = None, note: str = "") -> Measure:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    with PeakSampler(proc.pid) as sampler:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    peak = sampler.tree
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{label}: exit {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    size = sum(f.stat().st_size for f in files) / 2**20
    lines = sum(f.read_bytes().count(b"\n") for f in files) if all(f.suffix == ".py" for f in files) else 0
    return Measure(label, elapsed, len(files), size, peak / 1024, note, lines)


def run_aislop(label: str, args: list[str], folder: Path, files: list[Path], env: dict, note: str = "") -> Measure:
    """Time one aislop scan and make sure it really scanned every file (a benchmark that
    silently scanned nothing would be worse than none)."""
    report = Path(tempfile.mkdtemp(prefix="aislop-bench-")) / "report.json"
    measure = run(label, [*args, "--output", str(report), str(folder)], files, env, note)
    summary = json.loads(report.read_text())["summary"]
    scanned, measure.findings = summary["files"], summary["findings"]
    shutil.rmtree(report.parent, ignore_errors=True)
    if scanned != len(files):
        raise SystemExit(f"{label}: aislop scanned {scanned} files, expected {len(files)}")
    return measure


LIBCST_LOOP = """
import sys, libcst
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob('*.py')):
    try:
        libcst.parse_module(path.read_bytes())
    except Exception:
        pass
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--md", type=int, default=1000, help="Markdown files to generate")
    parser.add_argument("--py", type=int, default=300, help="Python modules to copy")
    parser.add_argument("--img", type=int, default=50, help="images to draw")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-only", action="store_true", help="only the cold Markdown scan (for big --md)")
    parser.add_argument("--keep", action="store_true", help="reuse an existing corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where to build the corpus")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    md_dir, py_dir, img_dir = corpus / "md", corpus / "py", corpus / "img"
    if not args.keep or not corpus.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        print(f"building corpus: {args.md} Markdown, {args.py} Python, {args.img} images ...", file=sys.stderr)
        build_markdown(md_dir, args.md)
        if not args.memory_only:
            build_python(py_dir, args.py)
            build_images(img_dir, args.img)
    md_files = sorted(md_dir.glob("*.md"))
    py_files = sorted(py_dir.glob("*.py"))
    img_files = sorted(img_dir.glob("*"))

    cache = Path(tempfile.mkdtemp(prefix="aislop-bench-cache-"))
    env = dict(os.environ, AISLOP_CACHE_DIR=str(cache))
    aislop = [sys.executable, "-m", "aislop", "scan", "--format", "json", "--exit-zero", "--jobs", str(args.jobs),
              "--no-respect-gitignore"]
    rows: list[Measure] = []
    prose = [*aislop, "--select", "prose,hallucination"]
    prose_cold = run_aislop("aislop prose cold", prose, md_dir, md_files, env, "empty cache")
    rows.append(prose_cold)
    if not args.memory_only:
        if args.jobs != 1:  # proselint uses one process: show aislop on one too
            serial = [*prose[: prose.index("--jobs")], "--jobs", "1", *prose[prose.index("--jobs") + 2 :]]
            rows.append(run_aislop("aislop prose cold, --jobs 1", [*serial, "--no-cache"], md_dir, md_files, env,
                                   "one process, as proselint"))
        rows.append(run_aislop("aislop prose warm", prose, md_dir, md_files, env, "nothing changed"))
        proselint = shutil.which("proselint") or str(Path(sys.executable).parent / "proselint")
        if Path(proselint).exists():
            rows.append(run("proselint check", [proselint, "check", str(md_dir)], md_files, note="same files"))
        else:
            print("proselint not installed: pip install proselint (skipped)", file=sys.stderr)
        rows.append(run_aislop("aislop code", [*aislop, "--no-cache", "--select", "code"], py_dir, py_files, env))
        rows.append(run("bare libcst parse loop", [sys.executable, "-c", LIBCST_LOOP, str(py_dir)], py_files))
        rows.append(run_aislop("aislop images", [*aislop, "--no-cache", "--select", "image"], img_dir, img_files, env))
    shutil.rmtree(cache, ignore_errors=True)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; --jobs {args.jobs}\n")
    print("| run | wall s | files/s | lines/s | MB/s | peak RSS MB | note |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for m in rows:
        print(m.row())
    by = {m.label: m for m in rows}
    print()
    ratios = []
    if "proselint check" in by:
        ratios.append(("prose: aislop cold / proselint", by["aislop prose cold"].seconds / by["proselint check"].seconds, 0.5))
    if "aislop prose warm" in by:
        ratios.append(("warm / cold", by["aislop prose warm"].seconds / prose_cold.seconds, 0.1))
    if "aislop code" in by:
        ratios.append(("code: aislop / bare libcst", by["aislop code"].seconds / by["bare libcst parse loop"].seconds, 2.0))
    for label, value, target in ratios:
        print(f"{label:36} {value:6.2f}x  (target <= {target}x: {'ok' if value <= target else 'MISSED'})")
    target = "250 MB at 10,000 files" if len(md_files) <= 10_000 else "400 MB at 100,000 files"
    print(f"{'peak RSS, cold prose scan':36} {prose_cold.peak_mb:6.0f} MB for {len(md_files)} files, "
          f"{prose_cold.findings} findings (target <= {target})")
    if not args.memory_only:
        print("\nimages, one process (bench/images.py):\n")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(Path(__file__).with_name("images.py"))], check=True)
    print(json.dumps({m.label: round(m.seconds, 3) for m in rows}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

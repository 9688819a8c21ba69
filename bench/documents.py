"""Document formats benchmark: PDF pages/s and PowerPoint slides/s beside prose files/s.

    python bench/documents.py                 # 20 PDFs of 20 pages, 20 decks of 15 slides, 200 Markdown files
    python bench/documents.py --pdf 50 --pages 40

Builds the corpus in a temporary folder (reportlab for the PDFs, python-pptx for the decks,
pydoc topics for the text, the same text in every format) and reports, per format, CPU seconds
in this process (one core, no pool: figures that do not depend on the machine's load):

* load only: the loader turning files into Documents (PDFium text extraction, python-pptx),
* full scan: load plus every check, as ``aislop scan --jobs 1 --no-cache`` does.

Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from aislop.config import Config
from aislop.engine import scan
from aislop.loaders import load


def _paragraphs(seed: int = 7) -> list[str]:
    import pydoc_data.topics

    rng = random.Random(seed)
    found = [" ".join(p.split()) for text in pydoc_data.topics.topics.values() for p in text.split("\n\n")
             if 25 <= len(p.split()) <= 90 and not p.startswith(" ")]
    rng.shuffle(found)
    return found


def _wrap(text: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def build_pdfs(folder: Path, count: int, pages: int, paragraphs: list[str]) -> int:
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    at = 0
    for n in range(count):
        c = canvas.Canvas(str(folder / f"report{n:03}.pdf"))
        for page in range(pages):
            c.setFont("Helvetica", 9)
            c.drawString(72, 800, "Acme Ltd - Annual report")
            y = 760
            c.setFont("Times-Roman", 11)
            while y > 90:
                for line in _wrap(paragraphs[at % len(paragraphs)]):
                    c.drawString(72, y, line)
                    y -= 14
                y -= 10
                at += 1
            c.setFont("Helvetica", 9)
            c.drawString(290, 40, f"Page {page + 1}")
            c.showPage()
        c.save()
    return count * pages


def build_decks(folder: Path, count: int, slides: int, paragraphs: list[str]) -> int:
    from pptx import Presentation

    folder.mkdir(parents=True, exist_ok=True)
    at = 0
    for n in range(count):
        deck = Presentation()
        for s in range(slides):
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = f"Topic {s + 1}"
            frame = slide.placeholders[1].text_frame
            frame.text = paragraphs[at % len(paragraphs)]
            frame.add_paragraph().text = paragraphs[(at + 1) % len(paragraphs)]
            slide.notes_slide.notes_text_frame.text = paragraphs[(at + 2) % len(paragraphs)]
            at += 3
        deck.save(str(folder / f"deck{n:03}.pptx"))
    return count * slides


def build_markdown(folder: Path, count: int, paragraphs: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = "\n\n".join(paragraphs[(n * 6 + k) % len(paragraphs)] for k in range(6))
        (folder / f"post{n:04}.md").write_text(f"# Post {n}\n\n{body}\n", encoding="utf-8")
    return count


def cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def load_all(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        load(path, path.name)


def scan_all(folder: Path) -> None:
    scan([folder], Config(settings={"no_cache": True}), jobs=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdf", type=int, default=20, help="PDF files")
    parser.add_argument("--pages", type=int, default=20, help="pages per PDF")
    parser.add_argument("--pptx", type=int, default=20, help="decks")
    parser.add_argument("--slides", type=int, default=15, help="slides per deck")
    parser.add_argument("--md", type=int, default=200, help="Markdown files")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="aislop-bench-docs-"))
    try:
        text = _paragraphs()
        units = {
            "pdf": (build_pdfs(root / "pdf", args.pdf, args.pages, text), "pages"),
            "pptx": (build_decks(root / "pptx", args.pptx, args.slides, text), "slides"),
            "markdown": (build_markdown(root / "md", args.md, text), "files"),
        }
        folders = {"pdf": root / "pdf", "pptx": root / "pptx", "markdown": root / "md"}
        scan_all(folders["markdown"])  # warm imports and compiled patterns
        print("| format | units | load CPU s | load units/s | full scan CPU s | full scan units/s |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, folder in folders.items():
            count, unit = units[name]
            loaded = cpu(lambda f=folder: load_all(f))
            scanned = cpu(lambda f=folder: scan_all(f))
            print(f"| {name} | {count} {unit} | {loaded:.2f} | {count / loaded:,.0f} {unit}/s | {scanned:.2f} "
                  f"| {count / scanned:,.0f} {unit}/s |")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

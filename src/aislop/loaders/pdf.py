"""PDF: the text of each page in reading order, through PDFium (pypdfium2, BSD/Apache; not
PyMuPDF, whose AGPL does not fit an MIT tool).

The prose view has one text line per line PDFium reads on a page, pages one after another
with a blank line between them; ``origins`` map every line back to ``page N`` and its line on
that page, so findings are located the way a reader finds them. What a reader does not read
as prose is blanked in place (positions never move): running headers and footers (the same
line at the top or bottom of most pages, page numbers too) and URLs. Words hyphenated at a
line end are joined on the first line. Paragraph breaks come from vertical gaps, headings
from a font clearly larger than the body text.

A PDF with no text at all is a picture, not prose: a logo master or a chart (vector paths),
or a scan (bitmaps only). It becomes one image document, which the image family judges
(raster-in-pdf, or a scanned document that needs OCR). Pictures placed in a text PDF become
image documents of their own (``report.pdf#page2/image1.png``) with their placed size, so
that low-effective-ppi can tell whether they print sharp.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aislop.document import Block, Document, Origin, mask
from aislop.loaders.embedded import embedded_image
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.text import URL_RE

MAX_PDF_PAGES = 2000  # pages read; the rest are left out with a note
MAX_PDF_CHARS = 20_000_000  # characters read over the whole file
MAX_EMBEDDED_IMAGES = 40  # pictures handed to the image family per file
MAX_EMBEDDED_PIXELS = 8_000_000  # larger bitmaps are not re-encoded for the image family (at any size a page holds they print sharp)
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?[0-9ivxlc]{1,6}(?:\s*(?:of|/)\s*\d{1,6})?\W*$", re.I)
_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2013\u2014*-]|\d{1,3}[.)])\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_HYPHEN_MARK = "\ufffe"  # PDFium's mark for a word it joined across a line-end hyphen


class PdfUnreadable(UnreadableFile):
    """Why the PDF cannot be read: password, damage, a page PDFium refuses."""


@dataclass
class _Line:
    text: str
    size: float = 0.0  # font size of its first visible character
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0


@dataclass
class PlacedImage:
    """A bitmap drawn on a PDF page, with the size it is placed at."""

    page: int
    index: int
    px: tuple[int, int]
    placed_in: tuple[float, float]  # width, height in inches on the page
    data: bytes | None = None  # encoded bytes (JPEG as stored, anything else as PNG)
    ext: str = "png"


@dataclass
class PdfContent:
    pages: list[list[_Line]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)  # page heights in points
    page_count: int = 0
    text_chars: int = 0
    images: list[PlacedImage] = field(default_factory=list)
    path_objects: int = 0  # vector paths drawn (a logo master draws these)
    image_objects: int = 0
    bitmaps: list[tuple[int, int]] = field(default_factory=list)  # pixel size of every placed bitmap (first 100)


def _open(source: Path | bytes):
    import pypdfium2 as pdfium

    try:
        if not isinstance(source, (bytes, str, Path)):
            source = source.read_bytes()  # bytes in memory or on a remote filesystem (remote.py)
        return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise PdfUnreadable(
                "password-protected PDF: its text cannot be read without the password "
                "(deliver an unprotected copy, or check it by hand)"
            ) from None
        if "format" in text or "file" in text:
            raise PdfUnreadable(f"not a valid PDF file ({exc})") from None
        raise PdfUnreadable(f"PDFium cannot open it ({exc})") from None


def _page_lines(page, budget: int) -> tuple[list[_Line], int]:
    """The lines PDFium reads on one page, with the font size and position of each."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = min(textpage.count_chars(), budget)
        if count <= 0:
            return [], 0
        text = textpage.get_text_range(0, count)
        lines: list[_Line] = []
        at = 0
        for raw_line in text.split("\r\n"):
            first = next((i for i, ch in enumerate(raw_line) if not ch.isspace()), None)
            line = _Line(_CONTROL.sub(" ", raw_line.replace("\n", " ").replace("\r", " ")))
            if first is not None and at + first < count:
                index = at + first
                line.size = raw.FPDFText_GetFontSize(textpage.raw, index)
                left, bottom, _, _ = textpage.get_charbox(index)
                last = at + len(raw_line.rstrip()) - 1
                line.right = textpage.get_charbox(last)[2] if last < count else left
                line.bottom, line.left = bottom, left
            lines.append(line)
            at += len(raw_line) + 2
        return _split_hyphen_joins(lines), count
    finally:
        textpage.close()


def _split_hyphen_joins(lines: list[_Line]) -> list[_Line]:
    """PDFium joins "imple-" + "mentation in three" into one line; split it back after the
    word so that line numbers stay those of the page: "...implementation" / "in three"."""
    out: list[_Line] = []
    for line in lines:
        text = line.text
        while _HYPHEN_MARK in text:
            head, tail = text.split(_HYPHEN_MARK, 1)
            word = re.match(r"\S*", tail).group()
            rest = tail[len(word):].lstrip()
            out.append(_Line(head + word, line.size, line.bottom, line.left, line.right))
            line = _Line("", line.size, line.bottom - line.size * 1.2, line.left, line.right)
            text = rest
        out.append(_Line(text, line.size, line.bottom, line.left, line.right))
    return _join_hyphens(out)


def _join_hyphens(lines: list[_Line]) -> list[_Line]:
    """A line ending in "letter-" over a line starting in lower case: the word moves up."""
    for i in range(len(lines) - 1):
        here, below = lines[i].text.rstrip(), lines[i + 1].text.lstrip()
        if len(here) > 2 and here[-1] == "-" and here[-2].isalpha() and below[:1].islower():
            word = re.match(r"\S*", below).group()
            lines[i].text = here[:-1] + word
            lines[i + 1].text = below[len(word):].lstrip()
    return lines


def _page_objects(page, number: int, content: PdfContent, want_images: bool) -> None:
    """Count what the page draws (paths, images) and keep the placed bitmaps."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    for obj in page.get_objects(max_depth=4):
        kind = obj.type
        if kind == raw.FPDF_PAGEOBJ_PATH:
            content.path_objects += 1
        elif kind == raw.FPDF_PAGEOBJ_IMAGE and isinstance(obj, pdfium.PdfImage):
            content.image_objects += 1
            try:
                width, height = obj.get_px_size()
                left, bottom, right, top = obj.get_bounds()
            except pdfium.PdfiumError:
                continue
            if len(content.bitmaps) < 100:
                content.bitmaps.append((width, height))
            if not want_images or len(content.images) >= MAX_EMBEDDED_IMAGES:
                continue
            placed = (max(right - left, 0.0) / 72.0, max(top - bottom, 0.0) / 72.0)
            image = PlacedImage(number, len([i for i in content.images if i.page == number]) + 1, (width, height), placed)
            if 0 < width * height <= MAX_EMBEDDED_PIXELS:
                image.data, image.ext = _image_bytes(obj)
            content.images.append(image)


def _image_bytes(obj) -> tuple[bytes | None, str]:
    """The bitmap as a file: a JPEG as stored, anything else decoded and saved as PNG."""
    import io

    import pypdfium2 as pdfium

    try:
        filters = obj.get_filters()
        if filters == ["DCTDecode"]:
            return bytes(obj.get_data(decode_simple=True)), "jpeg"
        pil = obj.get_bitmap(render=False).to_pil()
        buffer = io.BytesIO()
        pil.save(buffer, "PNG")
        return buffer.getvalue(), "png"
    except (pdfium.PdfiumError, OSError, ValueError):
        return None, "png"


def read_pdf(source: Path | bytes, *, want_images: bool = True) -> PdfContent:
    """Lines per page and what the pages draw; PdfUnreadable with the reason otherwise."""
    pdf = _open(source)
    content = PdfContent()
    try:
        content.page_count = len(pdf)
        budget = MAX_PDF_CHARS
        for index in range(min(content.page_count, MAX_PDF_PAGES)):
            try:
                page = pdf[index]
            except Exception as exc:  # noqa: BLE001 - PDFium reports a broken page many ways
                raise PdfUnreadable(f"page {index + 1} cannot be read ({exc})") from None
            try:
                lines, used = _page_lines(page, budget)
                budget -= used
                content.text_chars += sum(len(line.text.strip()) for line in lines)
                content.pages.append(lines)
                content.heights.append(page.get_height())
                _page_objects(page, index + 1, content, want_images)
            finally:
                page.close()
            if budget <= 0:
                break
    finally:
        pdf.close()
    return content


# ---------------------------------------------------------------------------- prose view
def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.strip().lower()))


def running_lines(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, line) of running headers and footers: among the first and last three lines of a
    page that sit in its top or bottom tenth, those repeated (digits aside) on most pages, or on
    three pages at the very same height (two when the line ends in its page number: a chapter's
    running head, "Chapter 2: Setup 14"), and bare page numbers."""
    edges: list[list[int]] = []
    for lines, height in zip(pages, heights, strict=True):
        filled = [i for i, line in enumerate(lines) if line.text.strip()]
        margin = [i for i in set(filled[:3] + filled[-3:]) if not height or not height / 10 < lines[i].bottom < height * 9 / 10]
        edges.append(sorted(margin))
    seen: Counter[str] = Counter()
    placed: Counter[tuple[str, int]] = Counter()
    for lines, idx in zip(pages, edges, strict=True):
        seen.update({_normalised(lines[i].text) for i in idx})
        placed.update({(_normalised(lines[i].text), round(lines[i].bottom)) for i in idx})
    threshold = max(3, 0.6 * len(pages))
    found: set[tuple[int, int]] = set()
    for number, (lines, idx) in enumerate(zip(pages, edges, strict=True)):
        filled = [i for i, line in enumerate(lines) if line.text.strip()]
        outer = set(filled[:1] + filled[-1:])
        for i in idx:
            text = lines[i].text
            key = _normalised(text)
            # Ending in a number (its page number), two pages at the same height are enough.
            same_place = placed[(key, round(lines[i].bottom))]
            repeated = seen[key] >= threshold or same_place >= (2 if text.rstrip()[-1:].isdigit() else 3)
            if (len(pages) >= 3 and repeated) or (i in outer and _PAGE_NUMBER.match(text)):
                found.add((number, i))
    return found


def _body_size(pages: list[list[_Line]]) -> float:
    sizes: list[float] = []
    for lines in pages:
        for line in lines:
            if line.size > 0:
                sizes.extend([round(line.size, 1)] * max(1, len(line.text) // 20))
    return statistics.median(sizes) if sizes else 0.0


def _is_heading(line: _Line, body: float) -> bool:
    text = line.text.strip()
    return bool(
        body and line.size >= body * 1.15 and 0 < len(text) <= 120 and text[-1] not in ".,;:" and any(c.isalpha() for c in text)
    )


def pdf_document(path: Path, relpath: str, content: PdfContent) -> Document:
    """The prose Document of a PDF that has text."""
    hidden = running_lines(content.pages, content.heights)
    body = _body_size(content.pages)
    heading_sizes = sorted(
        {round(line.size, 1) for lines in content.pages for line in lines if _is_heading(line, body)}, reverse=True
    )
    parts: list[str] = []
    origins: list[Origin] = []
    blocks: list[Block] = []
    masked: list[tuple[int, int]] = []
    offset, text_line = 0, 1
    open_block: list[int] | None = None  # [start, end, kind] of the block being extended
    kinds: list[tuple[str, int]] = []

    def close() -> None:
        nonlocal open_block
        if open_block is not None:
            kind, level = kinds[-1]
            blocks.append(Block(kind, open_block[0], open_block[1], level=level))
            open_block = None

    for number, lines in enumerate(content.pages):
        origins.append(Origin(text_line=text_line, line=1, label=f"page {number + 1}"))
        previous: _Line | None = None
        for i, line in enumerate(lines):
            start, end = offset, offset + len(line.text)
            offset = end + 1
            if (number, i) in hidden:
                masked.append((start, end))
                parts.append(line.text)
                continue
            parts.append(line.text)
            stripped = line.text.strip()
            if not stripped:
                close()
                previous = None
                continue
            first = start + len(line.text) - len(line.text.lstrip())
            heading = _is_heading(line, body)
            bullet = _BULLET.match(line.text)
            if open_block is not None and previous is not None and not heading and not bullet and not _breaks(previous, line):
                open_block[1] = start + len(line.text.rstrip())
            elif (
                open_block is not None and previous is None and not heading and not bullet
                and kinds[-1][0] == "paragraph" and stripped[:1].islower()
            ):
                open_block[1] = start + len(line.text.rstrip())  # a sentence running over the page break
            else:
                close()
                if heading:
                    level = heading_sizes.index(round(line.size, 1)) + 1 if round(line.size, 1) in heading_sizes else 1
                    kinds.append(("heading", min(level, 6)))
                else:
                    kinds.append(("list_item" if bullet else "paragraph", 0))
                open_block = [first, start + len(line.text.rstrip())]
            if heading:
                close()
            previous = line
        parts.append("")  # the blank line between pages
        offset += 1
        text_line += len(lines) + 1
        if open_block is not None and kinds[-1][0] != "paragraph":
            close()
    close()
    text = "\n".join(parts)
    urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    doc = Document(path=path, relpath=relpath, kind="prose", format="pdf", source=text, origins=origins)
    doc.text = mask(text, masked + urls)
    doc.urls = urls
    doc.blocks = [b for b in blocks if doc.text[b.start : b.end].strip()]
    doc.meta["pages"] = content.page_count
    return doc


def _breaks(previous: _Line, line: _Line) -> bool:
    """Does ``line`` start a new block after ``previous`` on the same page?"""
    size = max(previous.size, line.size, 1.0)
    gap = previous.bottom - line.bottom
    if gap > 1.5 * size or gap < -size:  # a wide gap, or a jump back up (a new column)
        return True
    if abs(previous.size - line.size) > 0.5:
        return True
    ends_sentence = previous.text.rstrip()[-1:] in ".!?:"
    short = previous.right and line.right and previous.right < line.right - 0.15 * max(line.right - line.left, 1)
    return bool(ends_sentence and short)


# ---------------------------------------------------------------------------- entry point
def load_pdf(path: Path, relpath: str, data: bytes | None = None) -> list[Document]:
    """A PDF with text: its prose Document, then one image Document per placed bitmap. A PDF
    with no text: one image Document of format ``pdf`` (a logo master, a chart or a scan) whose
    ``meta["pdf"]`` says what its pages draw, for the image family to judge."""
    content = read_pdf(data if data is not None else path)
    if content.text_chars == 0:
        doc = Document(path=path, relpath=relpath, kind="image", format="pdf")
        doc.meta["pdf"] = content
        return [doc]
    doc = pdf_document(path, relpath, content)
    if content.page_count > len(content.pages):
        doc.meta["partly_read"] = f"only the first {len(content.pages)} of {content.page_count} pages were read"
    docs = [doc]
    for image in content.images:
        if image.data is not None:
            name = f"image{image.index}.{image.ext}"
            if (item := embedded_image(path, relpath, f"page{image.page}", name, image.data, image.placed_in)) is not None:
                docs.append(item)
    return docs


def load_illustrator(path: Path, relpath: str) -> list[Document]:
    """An Adobe Illustrator .ai saved PDF-compatible (the default) is read as a drawing, so a
    logo master that only places a bitmap is found out; an older PostScript-only .ai is not
    something PDFium reads, and nothing is said about it."""
    try:
        content = read_pdf(path, want_images=False)
    except UnreadableFile:
        return []
    doc = Document(path=path, relpath=relpath, kind="image", format="pdf")
    doc.meta["pdf"] = content
    return [doc]

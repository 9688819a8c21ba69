"""Builders for the document formats the tests read: every PDF, deck and letter a test scans
is made inside the test from these (reportlab for PDFs, python-pptx, python-docx, a zip for
OpenDocument), never checked in as an opaque binary."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image


def pdf(path: Path, pages: Sequence[Sequence[str]], *, header: str | Sequence[str] | None = None, footer: bool = False,
        heading: Sequence[str] | None = None, encrypt: str | None = None, chart: bool = False) -> Path:
    """A letter-size PDF with one body line per string (a blank string ends a paragraph),
    optionally a running header (one for all pages, or one per page), "Page N of M" footers, a big heading per page and a vector
    bar chart on the first page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt, pageCompression=0)
    for number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 9)
            c.drawString(72, 756, header if isinstance(header, str) else header[number - 1])
        y = 700
        if heading:
            c.setFont("Helvetica-Bold", 20)
            c.drawString(72, y, heading[number - 1])
            y -= 34
        c.setFont("Times-Roman", 11)
        for line in lines:
            if line:
                c.drawString(72, y, line)
                y -= 14
            else:
                y -= 12
        if chart and number == 1:
            for i, height in enumerate((40, 80, 60, 120)):
                c.setFillColorRGB(0.1 * i, 0.3, 0.6)
                c.rect(100 + 50 * i, 120, 30, height, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        if footer:
            c.setFont("Helvetica", 9)
            c.drawString(280, 40, f"Page {number} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def png_bytes(size: tuple[int, int], colour=(200, 30, 30, 255), mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGBA" else colour[:3]).save(buffer, "PNG")
    return buffer.getvalue()


def pptx(path: Path, slides: Sequence[dict]) -> Path:
    """A deck: each slide a dict with title, body (list of paragraphs), notes, table (rows),
    group (texts inside a group shape), picture ((w, h) px, placed width in inches), hidden."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for spec in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1 if spec.get("body") else 5])
        slide.shapes.title.text = spec.get("title", "")
        if spec.get("body"):
            frame = slide.placeholders[1].text_frame
            frame.text = spec["body"][0]
            for text in spec["body"][1:]:
                frame.add_paragraph().text = text
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]
        if spec.get("table"):
            rows = spec["table"]
            table = slide.shapes.add_table(len(rows), len(rows[0]), Inches(1), Inches(4), Inches(6), Inches(1)).table
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        if spec.get("group"):
            group = slide.shapes.add_group_shape()
            for i, text in enumerate(spec["group"]):
                group.shapes.add_textbox(Inches(1), Inches(2 + i), Inches(5), Inches(0.5)).text_frame.text = text
        if spec.get("picture"):
            px, width_in = spec["picture"]
            shape = slide.shapes.add_picture(io.BytesIO(png_bytes(px)), Inches(1), Inches(5), width=Inches(width_in))
            if spec.get("picture_name"):
                shape.name = spec["picture_name"]
        if spec.get("hidden"):
            slide._element.set("show", "0")
    deck.save(str(path))
    return path


_ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def odf(path: Path, body: str, *, presentation: bool = False, files: dict[str, bytes] | None = None,
        prolog: str = "", before_body: str = "") -> Path:
    """An OpenDocument zip whose content.xml holds ``body`` inside office:text (or
    office:presentation); ``prolog`` goes before the root element (a DOCTYPE, for a bomb),
    ``before_body`` before office:body (automatic styles)."""
    kind = "presentation" if presentation else "text"
    mime = f"application/vnd.oasis.opendocument.{kind}"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {ODF_NAMESPACES} office:version="1.2">'
        f"{before_body}<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST.format(mime=mime))
        archive.writestr("content.xml", content)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def epub(path: Path, chapters: Sequence[str], *, opf_prolog: str = "") -> Path:
    """An EPUB 3 whose spine lists ``chapters`` (XHTML body contents) in order."""
    items = "".join(
        f'<item id="c{n}" href="text/ch{n}.xhtml" media-type="application/xhtml+xml"/>' for n in range(1, len(chapters) + 1)
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    opf = (
        f'<?xml version="1.0" encoding="UTF-8"?>{opf_prolog}<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Guide</dc:title></metadata>'
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        for n, body in enumerate(chapters, start=1):
            archive.writestr(
                f"OEBPS/text/ch{n}.xhtml",
                '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
                f"<head><title>Chapter {n}</title></head>\n<body>\n{body}\n</body>\n</html>\n",
            )
    return path

"""Builders for the examples of the rules on pictures inside documents: a one-page PDF
written byte by byte (no PDF library needed), a .docx and a .pptx with a picture placed at a
given width."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when a picture is drawn: rules.py declares builders at every start
    from PIL import Image

Builder = Callable[[Path], None]


def _flat_logo(size: tuple[int, int]) -> Image.Image:
    """A flat two-colour mark on white: a logo to the logo heuristics, whatever its size."""
    from PIL import Image, ImageDraw

    w, h = size
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    side = min(h * 0.8, w * 0.4)
    draw.ellipse((w * 0.05, h * 0.1, w * 0.05 + side, h * 0.1 + side), fill=(200, 30, 30))
    draw.rectangle((w * 0.1 + side, h * 0.35, w * 0.95, h * 0.65), fill=(20, 40, 120))
    return image


def pdf_bytes(content: bytes, image: tuple[int, int] | None = None) -> bytes:
    """A one-page letter-size PDF drawing ``content`` (PDF operators); ``image`` adds a flat
    RGB bitmap of that pixel size as /Im1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if image is not None:
        pixels = zlib.compress(_flat_logo(image).tobytes())
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
            b"/Filter /FlateDecode /Length %d >>\nstream\n" % (image[0], image[1], len(pixels)) + pixels + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def bitmap_pdf(rel: str, px: tuple[int, int] = (480, 160), placed_in: float = 3.0) -> Builder:
    """A PDF whose page only places a bitmap (a "vector" logo that is not)."""
    width = placed_in * 72
    height = width * px[1] / px[0]
    ops = b"q %.2f 0 0 %.2f 72 500 cm /Im1 Do Q" % (width, height)

    def build(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(pdf_bytes(ops, px))

    return build


def vector_pdf(rel: str) -> Builder:
    """A PDF whose page draws filled vector shapes (a real master)."""
    ops = b"0.78 0.12 0.12 rg 72 500 m 172 500 l 122 590 l h f 0.08 0.16 0.47 rg 190 520 200 50 re f"

    def build(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(pdf_bytes(ops))

    return build


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    _flat_logo(size).save(buffer, "PNG")
    return buffer.getvalue()


def docx_picture(rel: str, px: tuple[int, int], width_in: float, text: str = "Our proposal for the new site.") -> Builder:
    """A letter with one paragraph and a picture ``px`` pixels large placed ``width_in`` wide."""

    def build(root: Path) -> None:
        import docx
        from docx.shared import Inches

        document = docx.Document()
        document.add_paragraph(text)
        document.add_picture(io.BytesIO(png(px)), width=Inches(width_in))
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        document.save(str(root / rel))

    return build


def pptx_picture(rel: str, px: tuple[int, int], width_in: float, name: str = "Logo") -> Builder:
    """A one-slide deck with a picture named ``name`` placed ``width_in`` wide."""

    def build(root: Path) -> None:
        from pptx import Presentation
        from pptx.util import Inches

        deck = Presentation()
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "Who we are"
        shape = slide.shapes.add_picture(io.BytesIO(png(px)), Inches(1), Inches(2), width=Inches(width_in))
        shape.name = name
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        deck.save(str(root / rel))

    return build

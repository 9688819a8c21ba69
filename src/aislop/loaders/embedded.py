"""Pictures inside documents (a logo in a .docx, a photo on a slide, a bitmap on a PDF page)
as image documents of their own, so that the image family judges them like files.

Each is named after its container and place, ``deck.pptx#slide2/image3.png``, and carries
its bytes (``meta["data"]``, never written to disk), the size the document places it at in
inches (``meta["placed_in"]``) and its alt text or shape name (``meta["alt"]``), which is
where an embedded logo says it is one.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from aislop.document import Document

# What Pillow reads; EMF/WMF drawings and the like are not bitmaps the image family judges.
RASTER_FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpeg", "gif": "gif", "webp": "webp", "bmp": "bmp",
                  "tif": "tiff", "tiff": "tiff"}


def embedded_image(
    path: Path, relpath: str, where: str, name: str, data: bytes,
    placed_in: tuple[float, float] | None, alt: str = "",
) -> Document | None:
    """An image Document for a picture inside ``relpath``; None for a format Pillow does not read."""
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    fmt = RASTER_FORMATS.get(suffix)
    if fmt is None or not data:
        return None
    inner = f"{where}/{name}" if where else name
    return Document(
        path=path, relpath=f"{relpath}#{inner.replace(' ', '')}", kind="image", format=fmt,
        meta={"data": data, "placed_in": placed_in, "alt": alt, "container": relpath},
    )

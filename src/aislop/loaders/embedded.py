"""Pictures inside documents (a logo in a .docx, a photo on a slide, a bitmap on a PDF page)
as image documents of their own, so that the image family judges them like files.

Each is named after its container and place, ``deck.pptx#slide2/image3.png``, and carries
its bytes (``meta["data"]``, never written to disk), the size the document places it at in
inches (``meta["placed_in"]``) and its alt text or shape name (``meta["alt"]``), which is
where an embedded logo says it is one.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
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
    inner = inner.replace(" ", "")
    return Document(
        path=path, relpath=f"{relpath}#{inner}", kind="image", format=fmt, location=inner,
        meta={"data": data, "placed_in": placed_in, "alt": alt, "container": relpath},
    )


class MemoryFile(io.BytesIO):
    """A picture held in memory with the little of ``Path`` the image code uses (``open``,
    ``stat``, ``name``, ``suffix``, ``read_bytes``) and a file object's interface for Pillow,
    so that a picture taken out of a document is never written to disk."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = PurePosixPath(name).name
        self.suffix = PurePosixPath(name).suffix

    def open(self, mode: str = "rb") -> io.BytesIO:  # noqa: ARG002 - Path.open's signature
        return io.BytesIO(self.getvalue())

    def stat(self) -> os.stat_result:
        return os.stat_result((0o100644, 0, 0, 1, 0, 0, len(self.getvalue()), 0, 0, 0))

    def read_bytes(self) -> bytes:
        return self.getvalue()


def extract(root: Path, path: str) -> MemoryFile | None:
    """The picture a report path like ``deck.pptx#slide2/image3.png`` names, taken out of its
    document again (for the HTML report's thumbnails); None when it cannot be found."""
    container, _, inner = path.partition("#")
    if not inner:
        return None
    data = _pictures(root / container, container).get(path)
    return MemoryFile(data, path) if data is not None else None


@lru_cache(maxsize=4)
def _pictures(path: Path, relpath: str) -> dict[str, bytes]:
    from aislop.loaders import load

    try:
        source = path if isinstance(path, Path) else MemoryFile(path.read_bytes(), path.name)  # remote.py
        return {d.relpath: d.meta["data"] for d in load(source, relpath) if "data" in d.meta}
    except Exception:  # noqa: BLE001 - a broken document already has its own finding
        return {}

"""raster-in-pdf: a .pdf logo master whose pages draw only a placed bitmap, no vector paths
and no text: no master at all (the twin of raster-in-svg). Any other PDF without text whose
pages are only bitmaps is a scan, which aislop cannot read without OCR."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from aislop.checks.images.naming import is_logo_name
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import RASTER_IN_PDF
from aislop.model import Finding
from aislop.registry import Context, UnreadableFile

RULES = (RASTER_IN_PDF,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    doc = picture.doc
    content = doc.meta.get("pdf") if doc.format == "pdf" else None
    if content is None or content.path_objects:
        return  # a drawing: a real vector master or chart
    if not content.image_objects:
        raise UnreadableFile("the PDF holds no text and draws nothing")
    forced = any(fnmatch.fnmatch(doc.relpath, g) for g in ctx.settings.get("logo_globs", []) or [])
    if not (forced or is_logo_name(doc.relpath)):
        raise UnreadableFile(
            "no text layer: its pages are scanned images, so aislop cannot read the words "
            "(run OCR, or export the PDF from the original document)"
        )
    if not ctx.is_enabled(RASTER_IN_PDF):
        return
    biggest = max(content.bitmaps, key=lambda px: px[0] * px[1]) if content.bitmaps else None
    what = f"a {biggest[0]}\u00d7{biggest[1]} px bitmap" if biggest else "a bitmap"
    yield doc.file_finding(
        RASTER_IN_PDF,
        f"This PDF draws no vector paths or text; it only places {what}, so it is no vector master "
        "and will not scale.",
        matched=what,
    )

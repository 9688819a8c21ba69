"""raster-in-svg: an SVG that draws no vector shapes and only wraps a bitmap."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images import svg
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import RASTER_IN_SVG
from aislop.model import Finding
from aislop.registry import Context

RULES = (RASTER_IN_SVG,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    doc = picture.doc
    if doc.format != "svg" or not ctx.is_enabled(RASTER_IN_SVG):
        return
    wrapped = svg.raster_only(svg.parse(doc.path))
    if wrapped is not None:
        yield doc.file_finding(
            RASTER_IN_SVG,
            f"This SVG draws no vector shapes; it only shows {wrapped.description}, so it will "
            "not scale like a vector file.",
            matched=wrapped.description,
        )

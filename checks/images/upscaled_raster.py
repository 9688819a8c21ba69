"""upscaled-raster: a logo enlarged from a smaller picture, by blocky (nearest-neighbour) or
smooth (interpolated) scaling."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import UPSCALED_RASTER
from aislop.model import Finding
from aislop.registry import Context

RULES = (UPSCALED_RASTER,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    logo = picture.logo
    if logo is None:
        return
    if not ctx.is_enabled(UPSCALED_RASTER):
        return
    w, h, size, noun = logo.width, logo.height, logo.size, logo.noun
    source = logo.source
    if source is not None and not logo.deliberately_blocky:
        native = f"{source[0]}\u00d7{source[1]}"
        scale = f"{w / source[0]:.3g}"
        yield logo.finding(
            UPSCALED_RASTER,
            f"This {size} {noun} is a nearest-neighbour enlargement ({scale}\u00d7) of a {native} px "
            "image: every pixel is a solid block, so edges look jagged.",
            f"{size} from {native}",
        )
    elif logo.factor > 1:
        factor = logo.factor
        native = f"{round(w / factor)}\u00d7{round(h / factor)}"
        yield logo.finding(
            UPSCALED_RASTER,
            f"This {size} {noun} looks enlarged about {factor:g}\u00d7 from roughly {native} px: its "
            "edges are soft everywhere and it holds no detail finer than that size.",
            f"{size} from ~{native}",
        )

"""low-resolution: a raster logo too small for print or large screens (and no vector master)."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import LOW_RESOLUTION
from aislop.model import Finding
from aislop.registry import Context

RULES = (LOW_RESOLUTION,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    logo = picture.logo
    if logo is None:
        return
    # Icons and sized renditions (favicon, logo@2x) are small on purpose.
    if not ctx.is_enabled(LOW_RESOLUTION) or not logo.named or logo.has_master or logo.icon or logo.sized:
        return
    options = ctx.options(LOW_RESOLUTION)
    w, h = logo.width, logo.height
    min_px = int(options.get("min_px") or 0)
    print_width = options.get("print_width_in")
    side = "longest" if str(options.get("side", "shortest")).lower() == "longest" else "shortest"
    measured = max(w, h) if side == "longest" else min(w, h)
    if min_px and measured < min_px:
        yield logo.finding(
            LOW_RESOLUTION,
            f"Logo is only {w}\u00d7{h} px ({side} side under {min_px} px): it will look blurry "
            "in print and on large screens.",
            f"{w}\u00d7{h}",
        )
    elif print_width and w / float(print_width) < 300:
        ppi = w / float(print_width)
        yield logo.finding(
            LOW_RESOLUTION,
            f"Logo is {w} px wide: printed {float(print_width):g} in wide that is {ppi:.0f} ppi, "
            "under the 300 ppi print needs.",
            f"{ppi:.0f} ppi",
            fix=f"Export at least {round(300 * float(print_width))} px wide, or deliver the vector master.",
        )

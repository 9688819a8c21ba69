"""low-effective-ppi: a picture placed in a document so large that it prints blurry.

The placed size comes from the document (DOCX/PPTX extents in EMU, ODF frame sizes, the PDF
image's bounding box on the page); the ppi is pixels over inches along the axis the picture is
stretched most. Pictures placed smaller than a third of an inch (bullets, icons) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.embedded import is_embedded, names_a_logo
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import LOW_EFFECTIVE_PPI
from aislop.model import Finding
from aislop.registry import Context

RULES = (LOW_EFFECTIVE_PPI,)

MIN_PLACED_INCHES = 0.3


def effective_ppi(px: tuple[int, int], placed_in: tuple[float, float]) -> float:
    """Pixels per inch as printed, along the axis with the fewest."""
    (w, h), (wi, hi) = px, placed_in
    return min(w / wi if wi > 0 else float("inf"), h / hi if hi > 0 else float("inf"))


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    doc = picture.doc
    if not is_embedded(doc):
        return
    header = picture.header
    placed = doc.meta.get("placed_in")
    if header is None or not ctx.is_enabled(LOW_EFFECTIVE_PPI) or not placed or max(placed) < MIN_PLACED_INCHES:
        return
    minimum = float(ctx.options(LOW_EFFECTIVE_PPI).get("min_ppi") or 0)
    ppi = effective_ppi(header.size, placed)
    if not minimum or ppi >= minimum:
        return
    w, h = header.size
    noun = "logo" if names_a_logo(doc) else "picture"
    needed = round(minimum * placed[0])
    yield doc.file_finding(
        LOW_EFFECTIVE_PPI,
        f"{w}\u00d7{h} px {noun} placed {placed[0]:.1f} in wide: {ppi:.0f} ppi, blurry in print "
        f"(under {minimum:.0f} ppi).",
        matched=f"{ppi:.0f} ppi",
        fix=f"Place it at most {w / minimum:.1f} in wide, or use an export at least {needed} px wide "
        "(or the vector master).",
    )

"""lossy-logo: a flat-colour logo saved as JPEG or lossy WebP, or carrying JPEG artefacts."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images import pixels as px
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import LOSSY_LOGO
from aislop.model import Finding
from aislop.registry import Context

RULES = (LOSSY_LOGO,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    logo = picture.logo
    if logo is None:
        return
    if not ctx.is_enabled(LOSSY_LOGO):
        return
    header, noun = logo.header, logo.noun
    if header.format == "JPEG":
        quality = f" (quality about {header.jpeg_quality})" if header.jpeg_quality else ""
        yield logo.finding(
            LOSSY_LOGO,
            f"Flat-colour {noun} saved as JPEG{quality}: flat areas and edges pick up blotches and "
            "halos, and JPEG cannot be transparent.",
            f"JPEG{quality}",
        )
    elif header.lossy_webp:
        yield logo.finding(
            LOSSY_LOGO,
            f"Flat-colour {noun} saved as lossy WebP: flat areas and edges pick up blotches and "
            "halos. Save it as lossless WebP or PNG, or deliver the SVG.",
            "lossy WebP",
        )
    elif logo.source is None and logo.factor == 1.0 and px.has_compression_artefacts(logo.tile):
        yield logo.finding(
            LOSSY_LOGO,
            f"This {header.format} {noun} carries JPEG artefacts: its flat colours are speckled with "
            "noisy near-miss shades, so it was saved as JPEG (or another lossy format) at some point.",
            "JPEG artefacts",
        )

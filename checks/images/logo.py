"""Which rasters are logos (see check.py), and the facts the logo rules decide from.

A raster judged to be a logo is decoded once; the pixel measurements (nearest-neighbour
source size, softness, the detail tile) are computed on first use and shared by the rules.
"""

from __future__ import annotations

import fnmatch
import warnings
from functools import cached_property
from pathlib import Path, PurePosixPath

from PIL import Image, ImageSequence

from aislop.checks.images import pixels as px
from aislop.checks.images.embedded import image_source, is_embedded, logo_label, names_a_logo
from aislop.checks.images.masters import has_vector_master
from aislop.checks.images.meta import PIL_ERRORS, Header, ImageReadError
from aislop.checks.images.naming import ICON_WORDS, SIZE_TOKEN, name_words
from aislop.document import Document
from aislop.loaders.embedded import MemoryFile
from aislop.model import Finding, Rule
from aislop.registry import Context

ANALYSIS_MAX_PIXELS = 40_000_000
LOOKS_CONFIDENCE = 0.6


class Logo:
    """A raster judged to be a logo: its decoded pixels and what its name and neighbours say."""

    def __init__(self, doc: Document, ctx: Context, header: Header, image: Image.Image,
                 profile: px.Profile, confidence_scale: float) -> None:
        self.doc = doc
        self.header = header
        self.image = image
        self.profile = profile
        self.confidence_scale = confidence_scale
        self.width, self.height = header.size
        self.size = f"{self.width}\u00d7{self.height}"
        stem = PurePosixPath(logo_label(doc)).stem
        self.words = set(name_words(stem))
        self.icon = bool(self.words & ICON_WORDS)
        # A picture inside a document has no master beside it to find (low-effective-ppi judges its size).
        self.has_master = is_embedded(doc) or has_vector_master(doc, ctx, self.icon)
        self.sized = bool(SIZE_TOKEN.search(stem))
        self.named = confidence_scale == 1.0  # named (or forced) rather than only looking like one
        self.noun = "logo" if self.named else "flat graphic"

    def finding(self, rule: Rule, message: str, matched: str, fix: str | None = None) -> Finding:
        """A whole-file finding, its confidence scaled down when the raster only looks like a logo."""
        confidence = None if self.confidence_scale == 1.0 else rule.confidence * self.confidence_scale
        return self.doc.file_finding(rule, message, matched=matched, fix=fix, confidence=confidence)

    @cached_property
    def rgb(self) -> Image.Image:
        return px.on_grey(self.image)

    @cached_property
    def source(self) -> tuple[int, int] | None:
        """The size this raster was enlarged from by nearest-neighbour scaling, if it was."""
        return px.nearest_source(self.rgb)

    @cached_property
    def tile(self) -> Image.Image:
        return px.detail_tile(self.rgb)

    @cached_property
    def factor(self) -> float:
        """How much a smooth (interpolated) enlargement scaled the picture up; 1.0 when it was not."""
        soft = px.softness(self.tile) if self.source is None else None
        return soft.interpolated_factor if soft else 1.0

    @cached_property
    def deliberately_blocky(self) -> bool:
        """Unnamed blocky art drawn with a handful of hard-edged colours is meant to be blocky:
        QR codes, pixel art. An enlarged logo shows its old anti-aliasing as blocks."""
        return (
            self.source is not None and not self.named
            and px.few_colours(self.rgb.resize(self.source, Image.Resampling.NEAREST))
        )


def judge_logo(doc: Document, ctx: Context, header: Header) -> Logo | None:
    """The raster as a Logo when it is forced, named or looks like one (see check.py), else None."""
    forced = any(fnmatch.fnmatch(doc.relpath, g) or fnmatch.fnmatch(doc.path.name, g)
                 for g in ctx.settings.get("logo_globs", []) or [])
    named = names_a_logo(doc)
    w, h = header.size
    typical_shape = 0.25 <= w / max(h, 1) <= 4
    if not (forced or named or (header.may_have_alpha and typical_shape)):
        return None
    if w * h > ANALYSIS_MAX_PIXELS:
        ctx.note(f"{doc.relpath}: {w}\u00d7{h} px is too large for logo analysis; only its metadata was read.")
        return None
    image = _decode(image_source(doc), header)
    profile = px.profile(image)
    if forced:
        return Logo(doc, ctx, header, image, profile, 1.0)
    if profile.photographic:
        return None
    if named:
        return Logo(doc, ctx, header, image, profile, 1.0)
    if profile.translucent and profile.transparent_share >= 0.05 and profile.flat_graphic:
        return Logo(doc, ctx, header, image, profile, LOOKS_CONFIDENCE)
    return None


def _decode(path: Path | MemoryFile, header: Header) -> Image.Image:
    """First frame as RGBA; ImageReadError when the pixels turn out to be damaged."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frame = next(ImageSequence.Iterator(im))
                return frame.convert("RGBA")
    except PIL_ERRORS as exc:
        raise ImageReadError(f"cannot decode the pixels of this {header.format} ({exc})") from exc

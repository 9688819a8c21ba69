"""The facts every image rule decides from, each read at most once per file and only when a
rule asks for it: the raster's header (size, metadata) and, when it is a logo, the judged
``Logo`` with its decoded pixels. SVGs and PDFs are drawings: they have neither."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from aislop.checks.images.embedded import image_source
from aislop.checks.images.rules import PIXEL_RULES
from aislop.document import Document
from aislop.registry import Context

if TYPE_CHECKING:  # logo.py and meta.py import Pillow: only a scan that reads a raster pays for it
    from aislop.checks.images.logo import Logo
    from aislop.checks.images.meta import Header

DRAWING_FORMATS = frozenset({"svg", "pdf"})


class Picture:
    """One image file (or a picture embedded in a document) as the image rules see it."""

    def __init__(self, doc: Document, ctx: Context) -> None:
        self.doc = doc
        self.ctx = ctx

    @cached_property
    def header(self) -> Header | None:
        """A raster's header (reading it raises ``ImageReadError`` when the file is damaged);
        None for a drawing."""
        if self.doc.format in DRAWING_FORMATS:
            return None
        from aislop.checks.images.meta import read_header

        return read_header(image_source(self.doc))

    @cached_property
    def logo(self) -> Logo | None:
        """The raster as a Logo (see check.py for which rasters are), decoded only when a pixel
        rule is enabled; else None."""
        if self.header is None or not any(self.ctx.is_enabled(rule) for rule in PIXEL_RULES):
            return None
        from aislop.checks.images.logo import judge_logo

        return judge_logo(self.doc, self.ctx, self.header)

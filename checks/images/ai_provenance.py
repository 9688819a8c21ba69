"""ai-provenance: image-generator metadata (prompts, model names) left in the file."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import AI_PROVENANCE
from aislop.model import Finding
from aislop.registry import Context

RULES = (AI_PROVENANCE,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    header = picture.header  # read for every raster: a damaged one is an unreadable file
    if header is not None and header.provenance and ctx.is_enabled(AI_PROVENANCE):
        yield picture.doc.file_finding(
            AI_PROVENANCE,
            "Image-generator metadata is stored in this file: " + "; ".join(header.provenance) + ".",
            matched=", ".join(header.provenance),
        )

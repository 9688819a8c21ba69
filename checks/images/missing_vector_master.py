"""missing-vector-master: a raster logo delivered without the vector it was exported from."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.naming import vector_key
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import MISSING_VECTOR_MASTER
from aislop.model import Finding
from aislop.registry import Context

RULES = (MISSING_VECTOR_MASTER,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    logo = picture.logo
    if logo is None:
        return
    if ctx.is_enabled(MISSING_VECTOR_MASTER) and logo.named and not logo.has_master:
        yield logo.finding(
            MISSING_VECTOR_MASTER,
            f"Raster logo ({logo.size} px) with no vector master: no .svg, .pdf, .eps or .ai named like "
            f"'{vector_key(logo.doc.relpath)}' in the deliverable.",
            logo.doc.path.name,
        )

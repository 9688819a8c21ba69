"""ai-provenance: image-generator metadata (prompts, model names) left in the file."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images.meta import Header
from aislop.checks.images.rules import AI_PROVENANCE
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context


def findings(doc: Document, ctx: Context, header: Header) -> Iterator[Finding]:
    if header.provenance and ctx.is_enabled(AI_PROVENANCE):
        yield doc.file_finding(
            AI_PROVENANCE,
            "Image-generator metadata is stored in this file: " + "; ".join(header.provenance) + ".",
            matched=", ".join(header.provenance),
        )

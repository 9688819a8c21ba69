"""Image family (AIS4xx): logos that will not scale, lossy or boxed logos, fake vectors and
generator metadata.

Which rasters are logos
-----------------------
1. Forced: the file's path matches a ``logo-globs`` pattern from the configuration.
2. Named: a word of the file name is logo, mark, icon, favicon, wordmark, emblem or badge
   (also logotype, logomark, brandmark...), or the folder is called logo(s), wordmark(s) or
   emblem(s). "brand" alone names nothing: brand folders also hold palettes, banners and
   photography.
3. Looks like one: the header allows transparency, the pixels really are partly
   transparent, the aspect ratio is a logo's (between 1:4 and 4:1) and the picture is a
   flat graphic (few colours over large flat areas). Diagrams and UI icons look alike, so
   these only get the pixel-quality rules (upscaled-raster, lossy-logo) at 60 % of the
   rule's confidence, never missing-vector-master or low-resolution; and blocky art of 16
   colours or fewer (QR codes, pixel art) is blocky on purpose.
In every case but (1), a photograph is never a logo: many colours (entropy above 6.5 bits
over 4-bit quantised colours) or busy texture (under 60 % flat neighbour pairs).

Icons and sized renditions (favicon, icon, logo-32x32, logo@2x) are small on purpose and
low-resolution leaves them alone, as it does any raster whose vector master is delivered; an
icon's master is any logo or icon vector in the deliverable (favicon.png comes from logo.svg);
opaque-logo leaves icons alone (app icons must be opaque) and names that say "on white",
"bg" or "background".

Reads are header-only (Image.open, raw PNG chunks, JPEG segments) unless the file may be
a logo; then pixels are decoded once and analysed on a 512 px nearest-neighbour sample
(colours) and a full-resolution 512 px tile with the most edges (sharpness, artefacts).
Corrupt, truncated or bomb-sized files raise ``ImageReadError`` (a ``ValueError`` and an
``UnreadableFile``), which the engine reports as ``unreadable-file``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import RULES
from aislop.checks.text.discovery import rule_modules
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Check, Context, ProjectIndex

__all__ = ["CHECKS", "ImageCheck"]


class ImageCheck(Check):
    rules = RULES
    kinds = frozenset({"image"})
    reads_file_list = True  # vector masters are found by the names of the files beside a logo

    def project_signature(self, project: ProjectIndex) -> str:
        """The vectors beside a logo (SVG, PDF, AI): whether each is a real vector decides
        missing-vector-master."""
        if not any(kind == "image" and not rel.lower().endswith(".svg") for rel, kind in project.files.items()):
            return ""
        digest = hashlib.sha256()
        for rel in sorted(r for r in project.files if r.lower().endswith((".svg", ".pdf", ".ai"))):
            try:
                digest.update(rel.encode() + b"\0" + (project.root / rel).read_bytes())
            except OSError:
                digest.update(rel.encode() + b"\0unreadable")
        return digest.hexdigest()

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        """Every image rule module (found by ``rule_modules``: a module with ``RULES`` and
        ``findings(picture, ctx)``) over one shared ``Picture``, in the order of rules.RULES."""
        picture = Picture(doc, ctx)
        for module in rule_modules(__package__):
            yield from module.findings(picture, ctx)


CHECKS = [ImageCheck()]

"""Vector masters: the .svg/.pdf/.eps/.ai files of the deliverable that a raster logo (or an
icon, through the logo's vector) was exported from. Found once per scan."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from aislop.checks.images import svg as images_svg
from aislop.checks.images.meta import ImageReadError
from aislop.checks.images.naming import ICON_WORDS, VECTOR_SUFFIXES, is_logo_name, name_words, same_artwork, vector_key
from aislop.document import Document
from aislop.loaders.pdf import read_pdf
from aislop.registry import Context, ProjectIndex, UnreadableFile


# ---------------------------------------------------------------------------- vector masters
def _vector_keys(ctx: Context) -> frozenset[str]:
    """Stems of every vector file in the deliverable (discovered SVGs plus .pdf/.eps/.ai assets)."""

    def collect() -> frozenset[str]:
        return frozenset(vector_key(n) for n in _vector_files(ctx))

    return ctx.project.memo("images.vector_keys", collect)


def _vector_files(ctx: Context) -> list[str]:
    """Vector files that can be a master: not an SVG that only wraps a bitmap (raster-in-svg
    reports those), nor one that cannot be read."""
    return ctx.project.memo("images.vector_files", lambda: _real_vectors(ctx.project))


def _real_vectors(project: ProjectIndex) -> list[str]:
    found = []
    for rel in (*project.files, *project.assets):
        if not rel.lower().endswith(VECTOR_SUFFIXES):
            continue
        if rel.lower().endswith(".svg"):
            try:
                if images_svg.raster_only(images_svg.parse(project.root / rel)) is not None:
                    continue
            except (OSError, ImageReadError):
                continue
        elif rel.lower().endswith((".pdf", ".ai")) and bitmap_only_pdf(project.root / rel):
            continue  # raster-in-pdf reports it; the raster beside it has no real master
        found.append(rel)
    return found


def bitmap_only_pdf(path: Path) -> bool:
    """A PDF (or PDF-compatible .ai) that draws no text and no vector paths, only bitmaps.
    A PDF that cannot be read is no master either; an .ai PDFium cannot open (PostScript
    era) is given the benefit of the doubt."""
    try:
        content = read_pdf(path, want_images=False)
    except UnreadableFile:
        return path.suffix.lower() == ".pdf"
    except OSError:
        return True
    return content.text_chars == 0 and content.path_objects == 0


def _has_logo_master(ctx: Context) -> bool:
    """Does the deliverable hold a logo vector (the source of its favicons and app icons)?"""
    return ctx.project.memo("images.logo_master", lambda: any(_is_logo_master(n) for n in _vector_files(ctx)))


def _is_logo_master(vector: str) -> bool:
    """A logo vector (logo.svg, acme-wordmark.pdf, logos/primary.ai), not an icon's."""
    path = PurePosixPath(vector)
    words = name_words(path.stem)
    return not set(words) & (ICON_WORDS | {"badge"}) and is_logo_name(vector)


def has_vector_master(doc: Document, ctx: Context, icon: bool) -> bool:
    """A vector of the same artwork; for an app icon or favicon, also the logo's vector."""
    key = vector_key(doc.relpath)
    if any(same_artwork(key, vector) for vector in _vector_keys(ctx)):
        return True
    return icon and _has_logo_master(ctx)

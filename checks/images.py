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

import fnmatch
import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from PIL import Image, ImageSequence

from aislop.checks import images_pixels as px
from aislop.checks import images_svg
from aislop.checks.images_examples import logo, photo, pixel_grid, svg, together
from aislop.checks.images_meta import PIL_ERRORS, Header, ImageReadError, read_header
from aislop.document import Document
from aislop.model import Example, Finding, Rule, Severity
from aislop.registry import Check, Context, ProjectIndex

__all__ = ["CHECKS", "ImageReadError", "ImageCheck", "is_logo_name", "vector_key"]

LOGO_WORDS = {"logo", "logos", "mark", "icon", "favicon", "wordmark", "emblem", "badge"}
FOLDER_LOGO_WORDS = {"logo", "logos", "wordmark", "wordmarks", "emblem", "emblems"}
LOGO_PREFIXES = ("logo", "brandmark", "wordmark")  # logotype, logomark, logo2 ...
ICON_WORDS = {"icon", "favicon", "touch", "apple"}  # deliberately small, opaque-by-design exports
# Names of files that show a logo rather than being one.
NOT_LOGO_WORDS = {"screenshot", "screenshots", "screen", "screencap", "mockup", "mockups", "chart", "diagram",
                  "photo", "banner", "placement", "poster", "flyer", "slide"}
_VERSION_TOKEN = re.compile(r"final|new|copy|draft|latest|old|v\d+|rev\d*|\(\d+\)")
BACKGROUND_WORDS = {"bg", "background", "on", "onwhite", "onblack", "opaque", "boxed"}
VECTOR_SUFFIXES = (".svg", ".pdf", ".eps", ".ai")
ANALYSIS_MAX_PIXELS = 40_000_000
LOOKS_CONFIDENCE = 0.6
_SIZE_TOKEN = re.compile(r"(?:[-_ .]?(?:@\d(?:\.\d)?x|\d+x\d+|\d{2,4}(?:px)?))+$")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def is_logo_name(relpath: str) -> bool:
    """Does the file name, or the folder holding it, say "logo"? Not when the name says the
    file is something that shows a logo (badge-editor-screenshot.png, logo-mockup.png)."""
    path = PurePosixPath(relpath)
    folder = _words(path.parent.name) if path.parent.name else []
    words = _words(path.stem)
    if set(words) & NOT_LOGO_WORDS:
        return False
    return any(w in LOGO_WORDS or w.startswith(LOGO_PREFIXES) for w in words) \
        or any(w in FOLDER_LOGO_WORDS or w.startswith(LOGO_PREFIXES) for w in folder)


def vector_key(name: str) -> str:
    """File stem without scale, size and version suffixes, with '_' and ' ' read as '-':
    logo@2x.png, logo-512.png, acme_logo_final_v2.png -> logo, logo, acme-logo."""
    stem = PurePosixPath(name).stem.lower()
    stem = _SIZE_TOKEN.sub("", stem).strip("-_ .") or stem
    parts = [p for p in re.split(r"[-_ .]+", stem) if p]
    while len(parts) > 1 and _VERSION_TOKEN.fullmatch(parts[-1]):
        parts.pop()
    return "-".join(parts) or stem


def _same_artwork(raster: str, vector: str) -> bool:
    """logo ~ logo, logo-white ~ logo, logo ~ logo-cmyk (prefix at a word boundary)."""
    if raster == vector:
        return True
    short, long = sorted((raster, vector), key=len)
    return long.startswith(short) and long[len(short)] in "-_ ."


# ---------------------------------------------------------------------------- rules
def _ex(build, path: str = "logo.png", **options) -> Example:
    return Example(build=build, path=path, options=options)


MISSING_VECTOR_MASTER = Rule(
    code="AIS401",
    name="missing-vector-master",
    family="image",
    severity=Severity.WARNING,
    confidence=0.7,
    visibility=3,
    effort_minutes=30,
    summary="A raster logo has no vector version (.svg, .pdf, .eps or .ai) in the deliverable.",
    why="A logo is printed, put on signs and shrunk to favicons. A bitmap only looks right at "
    "one size; without the vector master the client cannot produce the other sizes.",
    fix="Add the vector master (SVG, plus PDF or EPS for print) under the same name as the bitmap.",
    example_path="logo.png",
    triggers=(
        # An SVG that only wraps a bitmap is no master.
        _ex(together(logo("partner-logo.png", (2000, 1000)), svg("partner-logo.svg", "wrapped")), "partner-logo.png"),
        _ex(logo("logo.png")),
        _ex(logo("brand/acme-wordmark@2x.png", (1600, 800)), "brand/acme-wordmark@2x.png"),
        _ex(together(logo("logo-512.png", (1024, 512)), svg("brand.svg")), "logo-512.png"),
    ),
    clean=(
        _ex(together(logo("acme_logo_final_v2.png", (1600, 800)), svg("acme-logo.svg")), "acme_logo_final_v2.png"),
        _ex(logo("badge-editor-screenshot.png", (1600, 900), transparent=False), "badge-editor-screenshot.png"),
        _ex(together(logo("logo.png"), svg("logo.svg"))),
        _ex(together(logo("assets/logo-512.png", (1024, 512)), svg("masters/logo.svg")), "assets/logo-512.png"),
        _ex(photo("team-photo.jpg"), "team-photo.jpg"),
        _ex(together(logo("favicon-32x32.png", (32, 32)), logo("apple-touch-icon.png", (180, 180)), svg("logo.svg")),
            "apple-touch-icon.png"),
        _ex(logo("brand/social-banner.png", (1500, 500), transparent=False), "brand/social-banner.png"),
    ),
)

LOW_RESOLUTION = Rule(
    code="AIS402",
    name="low-resolution",
    family="image",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=3,
    effort_minutes=30,
    summary="A logo is too small for print or large screens.",
    why="A logo whose shortest side is a few hundred pixels turns blurry or blocky as soon as it "
    "is printed or shown large, which any client notices. Set `side = \"longest\"` to measure "
    "long, thin wordmarks by their length instead (a 3000\u00d7500 export then passes).",
    fix="Export the logo again from its vector artwork at a larger size, or deliver the vector master.",
    example_path="logo.png",
    # min_px applies to the shortest side (or the longest, with side = "longest");
    # print width in inches, 0 = no print check.
    options={"min_px": 1000, "side": "shortest", "print_width_in": 0},
    triggers=(
        _ex(logo("logo.png", (150, 50))),
        _ex(logo("acme-logo.png", (600, 300)), "acme-logo.png"),
        _ex(logo("logo.png", (1600, 1000)), print_width_in=8),
        _ex(logo("logo.png", (1600, 900))),
        _ex(logo("wordmark.png", (3000, 500)), "wordmark.png"),
    ),
    clean=(
        _ex(logo("logo.png", (2000, 1000))),
        _ex(logo("wordmark.png", (3000, 500)), "wordmark.png", side="longest"),
        _ex(together(logo("logo.png", (300, 150)), svg("logo.svg"))),
        _ex(logo("favicon-32x32.png", (32, 32)), "favicon-32x32.png"),
        _ex(photo("hero.jpg", (640, 480)), "hero.jpg"),
    ),
)

UPSCALED_RASTER = Rule(
    code="AIS403",
    name="upscaled-raster",
    family="image",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=3,
    effort_minutes=30,
    summary="A logo was enlarged from a smaller image, so its size promises detail it lacks.",
    why="Enlarging a bitmap adds pixels but no detail: edges stay blurry (smooth scaling) or "
    "blocky (nearest neighbour). The pixel size hides that the real resolution is lower.",
    fix="Go back to the vector artwork or the original large export; do not enlarge bitmaps.",
    example_path="logo.png",
    triggers=(
        _ex(logo("logo.png", (800, 400), native=(200, 100), resample="bicubic")),
        _ex(logo("logo.png", (800, 400), native=(200, 100), resample="nearest")),
        _ex(logo("brand-mark.png", (900, 450), native=(300, 150), resample="lanczos"), "brand-mark.png"),
        _ex(logo("logo.png", (1000, 500), native=(400, 200), resample="nearest")),  # 2.5x: blocks of 2 and 3
    ),
    clean=(
        _ex(logo("logo.png", (1200, 600))),
        _ex(logo("logo.png", (150, 50))),
        _ex(photo("logo-photo.png", (600, 400)), "logo-photo.png"),
        _ex(logo("logo.png", (1000, 500), native=(700, 350), resample="nearest")),  # under 2x: not claimed
        _ex(pixel_grid("qr-code.png", modules=25, module_px=10), "qr-code.png"),  # blocky by design
    ),
)

LOSSY_LOGO = Rule(
    code="AIS404",
    name="lossy-logo",
    family="image",
    severity=Severity.WARNING,
    confidence=0.85,
    visibility=3,
    effort_minutes=20,
    summary="A flat-colour logo is stored as JPEG or lossy WebP, or carries JPEG artefacts.",
    why="JPEG smears flat colours and crisp edges into blotches and halos and cannot be "
    "transparent; on a logo this shows at a glance.",
    fix="Export the logo as SVG, or as PNG with transparency, from the original artwork.",
    example_path="logo.jpg",
    triggers=(
        _ex(logo("logo.jpg", (1200, 600), transparent=False), "logo.jpg"),
        _ex(logo("logo.png", (1200, 600), transparent=False, via_jpeg=75)),
        _ex(logo("logo.webp", (1200, 600), quality=80), "logo.webp"),
        _ex(logo("mark.png", (800, 800), transparent=False, via_jpeg=95, shape="mark"), "mark.png"),
    ),
    clean=(
        _ex(logo("logo.png", (1200, 600)), "logo.png"),
        _ex(photo("photo.jpg"), "photo.jpg"),
        _ex(logo("logo.png", (800, 400), native=(200, 100)), "logo.png"),
        _ex(logo("logo.webp", (1200, 600), lossless=True), "logo.webp"),
        _ex(logo("logo.png", (1600, 800), glow=12), "logo.png"),
    ),
)

OPAQUE_LOGO = Rule(
    code="AIS405",
    name="opaque-logo",
    family="image",
    severity=Severity.WARNING,
    confidence=0.75,
    visibility=3,
    effort_minutes=15,
    summary="A logo has no transparency and sits on a solid background box.",
    why="Placed on a coloured page, slide or photo, the logo shows up as a white (or coloured) "
    "rectangle instead of the mark alone.",
    fix="Export the logo with a transparent background (PNG or SVG); keep boxed versions only "
    "with an explicit name such as logo-on-white.png.",
    example_path="logo.png",
    triggers=(
        _ex(logo("logo.png", transparent=False)),
        _ex(logo("acme-logo.jpg", transparent=False), "acme-logo.jpg"),
    ),
    clean=(
        _ex(logo("logo.png")),
        _ex(logo("logo-on-white.png", transparent=False), "logo-on-white.png"),
        _ex(logo("favicon.png", (180, 180), transparent=False), "favicon.png"),
    ),
)

RASTER_IN_SVG = Rule(
    code="AIS406",
    name="raster-in-svg",
    family="image",
    severity=Severity.ERROR,
    confidence=0.9,
    visibility=2,
    effort_minutes=30,
    summary="An SVG only wraps a bitmap: it looks like a vector file but does not scale.",
    why="An .svg promises artwork that stays sharp at any size. One that only embeds or links "
    "a PNG or JPEG is a bitmap in disguise, and the client finds out when printing it.",
    fix="Trace or redraw the artwork as vector shapes, or deliver the real vector master.",
    example_path="logo.svg",
    triggers=(
        _ex(svg("logo.svg", "wrapped"), "logo.svg"),
        _ex(svg("icon.svg", "pattern"), "icon.svg"),
        _ex(svg("logo.svg", "backdrop"), "logo.svg"),
        _ex(svg("logo.svg", "decoy"), "logo.svg"),
    ),
    clean=(
        _ex(svg("logo.svg", "vector"), "logo.svg"),
        _ex(svg("illustration.svg", "mixed"), "illustration.svg"),
        _ex(svg("certificate.svg", "framed"), "certificate.svg"),
    ),
)

AI_PROVENANCE = Rule(
    code="AIS407",
    name="ai-provenance",
    family="image",
    severity=Severity.INFO,
    confidence=0.95,
    visibility=1,
    effort_minutes=5,
    summary="The file carries image-generator metadata (prompt, workflow, C2PA or source type).",
    why="Generator metadata travels with the file: prompts, seeds, workflows and content "
    "credentials are visible to anyone who inspects it. A client may need to know, or the "
    "data may have to go; it is not always a defect.",
    fix="Decide with the client: keep content credentials if disclosure is wanted, otherwise "
    "strip the metadata (e.g. `exiftool -all= file`) or re-export without it.",
    example_path="image.png",
    triggers=(
        _ex(photo("image.png", text={"parameters": "a red fox, Steps: 20, Sampler: Euler a, CFG scale: 7"}),
            "image.png"),
        _ex(photo("render.png", text={"workflow": '{"nodes": []}', "prompt": '{"3": {}}'}), "render.png"),
        _ex(photo("invoke.png", text={"sd-metadata": '{"model": "stable diffusion", "image": {"steps": 30}}'}),
            "invoke.png"),
        _ex(photo("dream.png", text={"Dream": '"a lighthouse at dusk" -s 50 -S 1234 -W 512 -H 512'}), "dream.png"),
        _ex(photo("hero.jpg", exif_comment="castle at dusk\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++"),
            "hero.jpg"),
        _ex(photo("cover.jpg", software="Midjourney v6"), "cover.jpg"),
        _ex(photo("poster.webp", software="DALL\u00b7E 3"), "poster.webp"),
        _ex(photo("lighthouse.png", text={"Description": "a lighthouse at dusk --ar 16:9 --v 6.1 "
                                                         "Job ID: 1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b"}),
            "lighthouse.png"),
    ),
    clean=(
        _ex(photo("image.png", text={"Software": "GIMP 2.10", "Title": "Harbour at dawn"}), "image.png"),
        _ex(photo("hero.jpg", exif_comment="Taken on the north pier"), "hero.jpg"),
        _ex(photo("hero.jpg", software="Adobe Photoshop 25.0 (Macintosh)"), "hero.jpg"),
        _ex(photo("team.png", text={"Description": "Our harbour team at the summer offsite, shot on a 35 mm"}),
            "team.png"),
    ),
)

RULES = (MISSING_VECTOR_MASTER, LOW_RESOLUTION, UPSCALED_RASTER, LOSSY_LOGO, OPAQUE_LOGO,
         RASTER_IN_SVG, AI_PROVENANCE)
PIXEL_RULES = (MISSING_VECTOR_MASTER, LOW_RESOLUTION, UPSCALED_RASTER, LOSSY_LOGO, OPAQUE_LOGO)


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
        found.append(rel)
    return found


def _has_logo_master(ctx: Context) -> bool:
    """Does the deliverable hold a logo vector (the source of its favicons and app icons)?"""
    return ctx.project.memo("images.logo_master", lambda: any(_is_logo_master(n) for n in _vector_files(ctx)))


def _is_logo_master(vector: str) -> bool:
    """A logo vector (logo.svg, acme-wordmark.pdf, logos/primary.ai), not an icon's."""
    path = PurePosixPath(vector)
    words = _words(path.stem)
    return not set(words) & (ICON_WORDS | {"badge"}) and is_logo_name(vector)


def _has_vector_master(doc: Document, ctx: Context, icon: bool) -> bool:
    """A vector of the same artwork; for an app icon or favicon, also the logo's vector."""
    key = vector_key(doc.relpath)
    if any(_same_artwork(key, vector) for vector in _vector_keys(ctx)):
        return True
    return icon and _has_logo_master(ctx)


# ---------------------------------------------------------------------------- the check
class _Logo:
    """A raster judged to be a logo, with its decoded pixels."""

    def __init__(self, image: Image.Image, profile: px.Profile, confidence_scale: float) -> None:
        self.image = image
        self.profile = profile
        self.confidence_scale = confidence_scale


def _decode(path: Path, header: Header) -> Image.Image:
    """First frame as RGBA; ImageReadError when the pixels turn out to be damaged."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frame = next(ImageSequence.Iterator(im))
                return frame.convert("RGBA")
    except PIL_ERRORS as exc:
        raise ImageReadError(f"cannot decode the pixels of this {header.format} ({exc})") from exc


class ImageCheck(Check):
    rules = RULES
    kinds = frozenset({"image"})
    reads_file_list = True  # vector masters are found by the names of the files beside a logo

    def project_signature(self, project: ProjectIndex) -> str:
        """The SVGs beside a logo: whether each is a real vector decides missing-vector-master."""
        if not any(kind == "image" and not rel.lower().endswith(".svg") for rel, kind in project.files.items()):
            return ""
        digest = hashlib.sha256()
        for rel in sorted(r for r in project.files if r.lower().endswith(".svg")):
            try:
                digest.update(rel.encode() + b"\0" + (project.root / rel).read_bytes())
            except OSError:
                digest.update(rel.encode() + b"\0unreadable")
        return digest.hexdigest()

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if doc.format == "svg":
            yield from self._check_svg(doc, ctx)
            return
        header = read_header(doc.path)
        if header.provenance and ctx.is_enabled(AI_PROVENANCE):
            yield doc.file_finding(
                AI_PROVENANCE,
                "Image-generator metadata is stored in this file: " + "; ".join(header.provenance) + ".",
                matched=", ".join(header.provenance),
            )
        if any(ctx.is_enabled(rule) for rule in PIXEL_RULES):
            found = self._judge_logo(doc, ctx, header)
            if found is not None:
                yield from self._check_logo(doc, ctx, header, found)

    # ------------------------------------------------------------------ logo judgement
    def _judge_logo(self, doc: Document, ctx: Context, header: Header) -> _Logo | None:
        forced = any(fnmatch.fnmatch(doc.relpath, g) or fnmatch.fnmatch(doc.path.name, g)
                     for g in ctx.settings.get("logo_globs", []) or [])
        named = is_logo_name(doc.relpath)
        w, h = header.size
        typical_shape = 0.25 <= w / max(h, 1) <= 4
        if not (forced or named or (header.may_have_alpha and typical_shape)):
            return None
        if w * h > ANALYSIS_MAX_PIXELS:
            ctx.note(f"{doc.relpath}: {w}\u00d7{h} px is too large for logo analysis; only its metadata was read.")
            return None
        image = _decode(doc.path, header)
        profile = px.profile(image)
        if forced:
            return _Logo(image, profile, 1.0)
        if profile.photographic:
            return None
        if named:
            return _Logo(image, profile, 1.0)
        if profile.translucent and profile.transparent_share >= 0.05 and profile.flat_graphic:
            return _Logo(image, profile, LOOKS_CONFIDENCE)
        return None

    # ------------------------------------------------------------------ logo rules
    def _check_logo(self, doc: Document, ctx: Context, header: Header, found: _Logo) -> Iterator[Finding]:
        def finding(rule: Rule, message: str, matched: str, fix: str | None = None) -> Finding:
            confidence = None if found.confidence_scale == 1.0 else rule.confidence * found.confidence_scale
            return doc.file_finding(rule, message, matched=matched, fix=fix, confidence=confidence)

        w, h = header.size
        size = f"{w}\u00d7{h}"
        words = set(_words(PurePosixPath(doc.relpath).stem))
        icon = bool(words & ICON_WORDS)
        has_master = _has_vector_master(doc, ctx, icon)
        sized = bool(_SIZE_TOKEN.search(PurePosixPath(doc.relpath).stem))

        named = found.confidence_scale == 1.0
        noun = "logo" if named else "flat graphic"
        if ctx.is_enabled(MISSING_VECTOR_MASTER) and named and not has_master:
            yield finding(
                MISSING_VECTOR_MASTER,
                f"Raster logo ({size} px) with no vector master: no .svg, .pdf, .eps or .ai named like "
                f"'{vector_key(doc.relpath)}' in the deliverable.",
                doc.path.name,
            )

        if ctx.is_enabled(LOW_RESOLUTION) and named and not has_master and not (icon or sized):
            yield from self._low_resolution(doc, ctx, header, finding)

        rgb = px.on_grey(found.image)
        source = px.nearest_source(rgb)
        tile = px.detail_tile(rgb)
        soft = px.softness(tile) if source is None else None
        factor = soft.interpolated_factor if soft else 1.0
        # Unnamed blocky art drawn with a handful of hard-edged colours is meant to be blocky:
        # QR codes, pixel art. An enlarged logo shows its old anti-aliasing as blocks.
        deliberate = source is not None and not named and px.few_colours(rgb.resize(source, Image.Resampling.NEAREST))
        if ctx.is_enabled(UPSCALED_RASTER):
            if source is not None and not deliberate:
                native = f"{source[0]}\u00d7{source[1]}"
                scale = f"{w / source[0]:.3g}"
                yield finding(
                    UPSCALED_RASTER,
                    f"This {size} {noun} is a nearest-neighbour enlargement ({scale}\u00d7) of a {native} px "
                    "image: every pixel is a solid block, so edges look jagged.",
                    f"{size} from {native}",
                )
            elif factor > 1:
                native = f"{round(w / factor)}\u00d7{round(h / factor)}"
                yield finding(
                    UPSCALED_RASTER,
                    f"This {size} {noun} looks enlarged about {factor:g}\u00d7 from roughly {native} px: its "
                    "edges are soft everywhere and it holds no detail finer than that size.",
                    f"{size} from ~{native}",
                )

        if ctx.is_enabled(LOSSY_LOGO):
            if header.format == "JPEG":
                quality = f" (quality about {header.jpeg_quality})" if header.jpeg_quality else ""
                yield finding(
                    LOSSY_LOGO,
                    f"Flat-colour {noun} saved as JPEG{quality}: flat areas and edges pick up blotches and "
                    "halos, and JPEG cannot be transparent.",
                    f"JPEG{quality}",
                )
            elif header.lossy_webp:
                yield finding(
                    LOSSY_LOGO,
                    f"Flat-colour {noun} saved as lossy WebP: flat areas and edges pick up blotches and "
                    "halos. Save it as lossless WebP or PNG, or deliver the SVG.",
                    "lossy WebP",
                )
            elif source is None and factor == 1.0 and px.has_compression_artefacts(tile):
                yield finding(
                    LOSSY_LOGO,
                    f"This {header.format} {noun} carries JPEG artefacts: its flat colours are speckled with "
                    "noisy near-miss shades, so it was saved as JPEG (or another lossy format) at some point.",
                    "JPEG artefacts",
                )

        if ctx.is_enabled(OPAQUE_LOGO) and not found.profile.translucent and not icon \
                and not words & BACKGROUND_WORDS:
            colour = px.solid_border(found.image)
            if colour is not None:
                hex_colour = "#%02x%02x%02x" % colour
                yield finding(
                    OPAQUE_LOGO,
                    f"Logo without transparency on a solid {hex_colour} box: on any other background "
                    "it shows as a rectangle.",
                    hex_colour,
                )

    def _low_resolution(self, doc: Document, ctx: Context, header: Header, finding) -> Iterator[Finding]:
        options = ctx.options(LOW_RESOLUTION)
        w, h = header.size
        min_px = int(options.get("min_px") or 0)
        print_width = options.get("print_width_in")
        side = "longest" if str(options.get("side", "shortest")).lower() == "longest" else "shortest"
        measured = max(w, h) if side == "longest" else min(w, h)
        if min_px and measured < min_px:
            yield finding(
                LOW_RESOLUTION,
                f"Logo is only {w}\u00d7{h} px ({side} side under {min_px} px): it will look blurry "
                "in print and on large screens.",
                f"{w}\u00d7{h}",
            )
        elif print_width and w / float(print_width) < 300:
            ppi = w / float(print_width)
            yield finding(
                LOW_RESOLUTION,
                f"Logo is {w} px wide: printed {float(print_width):g} in wide that is {ppi:.0f} ppi, "
                "under the 300 ppi print needs.",
                f"{ppi:.0f} ppi",
                fix=f"Export at least {round(300 * float(print_width))} px wide, or deliver the vector master.",
            )

    # ------------------------------------------------------------------ SVG
    def _check_svg(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_enabled(RASTER_IN_SVG):
            return
        wrapped = images_svg.raster_only(images_svg.parse(doc.path))
        if wrapped is not None:
            yield doc.file_finding(
                RASTER_IN_SVG,
                f"This SVG draws no vector shapes; it only shows {wrapped.description}, so it will "
                "not scale like a vector file.",
                matched=wrapped.description,
            )


CHECKS = [ImageCheck()]

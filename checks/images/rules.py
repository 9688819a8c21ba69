"""Rule declarations of the image family (AIS4xx), each with the examples (synthetic images
built by examples.py) that must and must not trigger it."""

from __future__ import annotations

from aislop.checks.images.doc_examples import bitmap_pdf, docx_picture, pptx_picture, vector_pdf
from aislop.checks.images.examples import logo, photo, pixel_grid, svg, together
from aislop.model import Example, Rule, Severity


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


LOW_EFFECTIVE_PPI = Rule(
    code="AIS408",
    name="low-effective-ppi",
    family="image",
    severity=Severity.WARNING,
    confidence=0.85,
    visibility=3,
    effort_minutes=20,
    summary="A picture is placed in a document so large that it prints below the ppi print needs.",
    why="A bitmap has a fixed number of pixels; placed wider, each pixel grows. Below about 150 "
    "pixels per inch (300 for professional print) a logo or photo in a PDF, deck or letter prints "
    "blurry or jagged although it looks fine on screen. Print preflight tools check this; "
    "set `min_ppi = 300` for print work.",
    fix="Place the picture smaller, or replace it with a larger export or the vector master.",
    example_path="proposal.docx",
    options={"min_ppi": 150},
    triggers=(
        _ex(docx_picture("proposal.docx", (240, 80), 3.0), "proposal.docx"),
        _ex(pptx_picture("deck.pptx", (400, 300), 6.0, name="Team photo"), "deck.pptx"),
        _ex(docx_picture("letter.docx", (600, 200), 3.0), "letter.docx", min_ppi=300),
    ),
    clean=(
        _ex(docx_picture("proposal.docx", (900, 300), 3.0), "proposal.docx"),
        _ex(pptx_picture("deck.pptx", (1800, 1350), 6.0, name="Team photo"), "deck.pptx"),
        _ex(docx_picture("letter.docx", (64, 64), 0.25), "letter.docx"),  # a bullet icon
        _ex(docx_picture("letter.docx", (640, 200), 3.0), "letter.docx"),  # 213 ppi
    ),
)
RASTER_IN_PDF = Rule(
    code="AIS409",
    name="raster-in-pdf",
    family="image",
    severity=Severity.ERROR,
    confidence=0.9,
    visibility=2,
    effort_minutes=30,
    summary="A PDF logo master only places a bitmap: it looks like a vector file but does not scale.",
    why="A logo delivered as .pdf (or .ai) promises artwork that stays sharp at any size. One whose "
    "page draws no vector paths or text, only a placed PNG or JPEG, is a bitmap in disguise; the "
    "printer finds out. The raster beside it then has no real master either.",
    fix="Export the PDF from the vector artwork (or redraw the mark as vector shapes), not from a bitmap.",
    example_path="logo.pdf",
    triggers=(
        _ex(bitmap_pdf("logo.pdf", (480, 160), 3.0), "logo.pdf"),
        _ex(bitmap_pdf("brand/acme-wordmark.pdf", (1200, 300), 4.0), "brand/acme-wordmark.pdf"),
    ),
    clean=(
        _ex(vector_pdf("logo.pdf"), "logo.pdf"),
        _ex(vector_pdf("brand/acme-wordmark.pdf"), "brand/acme-wordmark.pdf"),
    ),
)


RULES = (MISSING_VECTOR_MASTER, LOW_RESOLUTION, UPSCALED_RASTER, LOSSY_LOGO, OPAQUE_LOGO,
         RASTER_IN_SVG, AI_PROVENANCE, LOW_EFFECTIVE_PPI, RASTER_IN_PDF)


PIXEL_RULES = (MISSING_VECTOR_MASTER, LOW_RESOLUTION, UPSCALED_RASTER, LOSSY_LOGO, OPAQUE_LOGO)

"""Synthetic images for rule examples and tests, generated with Pillow so that no binary
fixtures need to be shipped. Builders are partials of module-level functions: an
``Example(build=...)`` calls them with the temporary scan root.
"""

from __future__ import annotations

import base64
import io
import random
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported by the functions that draw: rules.py declares builders at every start
    from PIL import Image

Builder = Callable[[Path], None]

RESAMPLING = {"nearest": 0, "lanczos": 1, "bilinear": 2, "bicubic": 3}  # the values of PIL.Image.Resampling


def make_logo(size: tuple[int, int] = (1200, 600), transparent: bool = True,
              background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """A flat two-colour mark and wordmark, anti-aliased by supersampling like an export."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = size
    ss = max(1, min(4, 4000 // max(w, h)))
    big_w, big_h = w * ss, h * ss
    im = Image.new("RGBA", (big_w, big_h), (*background, 0 if transparent else 255))
    d = ImageDraw.Draw(im)
    red, navy = (220, 60, 40, 255), (30, 40, 120, 255)
    d.ellipse((int(0.05 * big_w), int(0.15 * big_h), int(0.05 * big_w) + int(0.7 * big_h), int(0.85 * big_h)), fill=red)
    d.polygon([(int(0.1 * big_w), int(0.8 * big_h)), (int(0.3 * big_w), int(0.2 * big_h)),
               (int(0.4 * big_w), int(0.8 * big_h))], fill=navy)
    font = ImageFont.load_default(size=max(8, int(0.35 * big_h)))
    d.text((int(0.42 * big_w), int(0.28 * big_h)), "ACME", font=font, fill=navy)
    d.rounded_rectangle((int(0.42 * big_w), int(0.72 * big_h), int(0.95 * big_w), int(0.78 * big_h)),
                        radius=max(1, int(0.02 * big_h)), fill=red)
    return im.resize((w, h), Image.Resampling.LANCZOS) if ss > 1 else im


def make_mark(side: int = 800, transparent: bool = True) -> Image.Image:
    """A square app-style mark: a rounded square, a ring and a play triangle."""
    from PIL import Image, ImageDraw

    big = side * 4
    im = Image.new("RGBA", (big, big), (255, 255, 255, 0 if transparent else 255))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((big * 0.1, big * 0.1, big * 0.9, big * 0.9), radius=big * 0.2, fill=(20, 120, 200, 255))
    d.ellipse((big * 0.3, big * 0.3, big * 0.7, big * 0.7), fill=(250, 180, 0, 255))
    d.polygon([(big * 0.45, big * 0.38), (big * 0.45, big * 0.62), (big * 0.63, big * 0.5)], fill=(20, 120, 200, 255))
    return im.resize((side, side), Image.Resampling.LANCZOS)


def with_glow(image: Image.Image, radius: int, colour: tuple[int, int, int] = (220, 60, 40)) -> Image.Image:
    """The artwork over a soft halo of ``colour`` (a designed glow, not an artefact)."""
    from PIL import Image, ImageFilter

    halo = Image.new("RGBA", image.size, (*colour, 255))
    halo.putalpha(image.getchannel("A").filter(ImageFilter.GaussianBlur(radius)))
    return Image.alpha_composite(halo, image)


def make_photo(size: tuple[int, int] = (800, 600), seed: int = 1) -> Image.Image:
    """A noisy, colourful scene: blurred discs over gradients plus sensor-like noise."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    w, h = size
    rnd = random.Random(seed)
    gradient = Image.linear_gradient("L").resize((w, h))
    base = Image.merge("RGB", (gradient, Image.radial_gradient("L").resize((w, h)), gradient.rotate(90)))
    d = ImageDraw.Draw(base)
    for _ in range(60):
        x, y, s = rnd.randrange(w), rnd.randrange(h), rnd.randrange(10, max(11, w // 3))
        d.ellipse((x, y, x + s, y + s), fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    base = base.filter(ImageFilter.GaussianBlur(6))
    noise = Image.merge("RGB", [Image.effect_noise((w, h), 40) for _ in range(3)])
    dimmed = ImageChops.multiply(base, Image.new("RGB", (w, h), (200, 200, 200)))
    return ImageChops.add(dimmed, noise, scale=1.0, offset=-100)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _save(image: Image.Image, target: Path, *, quality: int = 85, text: dict[str, str] | None = None,
          exif_comment: str | None = None, software: str | None = None, lossless: bool = False) -> None:
    from PIL import Image, PngImagePlugin

    target.parent.mkdir(parents=True, exist_ok=True)
    suffix = target.suffix.lower()
    kwargs: dict = {}
    if exif_comment is not None or software is not None:
        exif = Image.Exif()
        exif[0x0112] = 1  # orientation: without a base tag Pillow drops the PNG eXIf chunk
        if software is not None:
            exif[0x0131] = software
        if exif_comment is not None:
            exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + exif_comment.encode("utf-16-be")
        kwargs["exif"] = exif
    if suffix in (".jpg", ".jpeg"):
        image.convert("RGB").save(target, "JPEG", quality=quality, **kwargs)
    elif suffix == ".webp":
        image.save(target, "WEBP", quality=quality, lossless=lossless, **kwargs)
    elif suffix == ".png" and text:
        info = PngImagePlugin.PngInfo()
        for key, value in text.items():
            info.add_text(key, value)
        image.save(target, "PNG", pnginfo=info, **kwargs)
    else:
        image.save(target, **kwargs)


def _through_jpeg(image: Image.Image, quality: int) -> Image.Image:
    from PIL import Image

    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _write_logo(root: Path, rel: str, size: tuple[int, int], transparent: bool, native: tuple[int, int] | None,
                resample: str, quality: int, via_jpeg: int | None, text: dict[str, str] | None, shape: str,
                lossless: bool, glow: int) -> None:
    drawn = native or size
    image = make_mark(drawn[0], transparent) if shape == "mark" else make_logo(drawn, transparent)
    if glow:
        image = with_glow(image, glow)
    if native:
        image = image.resize(size, RESAMPLING[resample])
    if via_jpeg:
        image = _through_jpeg(image, via_jpeg)
    _save(image, root / rel, quality=quality, text=text, lossless=lossless)


def logo(rel: str = "logo.png", size: tuple[int, int] = (1200, 600), *, transparent: bool = True,
         native: tuple[int, int] | None = None, resample: str = "bicubic", quality: int = 85,
         via_jpeg: int | None = None, text: dict[str, str] | None = None, shape: str = "wordmark",
         lossless: bool = False, glow: int = 0) -> Builder:
    """A logo file; ``native`` draws it smaller and enlarges it to ``size`` with ``resample``;
    ``via_jpeg`` passes it through a JPEG of that quality before saving (artefacts);
    ``shape="mark"`` draws a square mark (width of ``size``) instead of the wordmark;
    ``glow`` adds a soft halo of that radius; ``lossless`` saves a WebP losslessly."""
    return partial(_write_logo, rel=rel, size=size, transparent=transparent, native=native,
                   resample=resample, quality=quality, via_jpeg=via_jpeg, text=text, shape=shape,
                   lossless=lossless, glow=glow)


def _write_photo(root: Path, rel: str, size: tuple[int, int], text: dict[str, str] | None,
                 exif_comment: str | None, software: str | None) -> None:
    _save(make_photo(size), root / rel, text=text, exif_comment=exif_comment, software=software)


def photo(rel: str = "photo.jpg", size: tuple[int, int] = (800, 600), *, text: dict[str, str] | None = None,
          exif_comment: str | None = None, software: str | None = None) -> Builder:
    """A photograph-like image; ``text`` adds PNG text chunks, ``exif_comment`` an EXIF
    UserComment and ``software`` the EXIF Software tag."""
    return partial(_write_photo, rel=rel, size=size, text=text, exif_comment=exif_comment, software=software)


def _write_pixel_grid(root: Path, rel: str, modules: int, module_px: int) -> None:
    from PIL import Image, ImageDraw

    rnd = random.Random(modules)
    side = (modules + 8) * module_px
    image = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for y in range(modules):
        for x in range(modules):
            if rnd.random() < 0.5:
                left, top = (4 + x) * module_px, (4 + y) * module_px
                draw.rectangle((left, top, left + module_px - 1, top + module_px - 1), fill=(0, 0, 0, 255))
    _save(image, root / rel)


def pixel_grid(rel: str = "qr-code.png", modules: int = 25, module_px: int = 10) -> Builder:
    """A QR-code-like grid of hard black modules on a transparent quiet zone."""
    return partial(_write_pixel_grid, rel=rel, modules=modules, module_px=module_px)


VECTOR_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
  <circle cx="40" cy="50" r="35" fill="#dc3c28"/>
  <path d="M10 80 L40 20 L70 80 Z" fill="#1e2878"/>
  <text x="85" y="62" font-family="Helvetica" font-size="34" fill="#1e2878">ACME</text>
</svg>
"""


def _write_svg(root: Path, rel: str, style: str) -> None:
    data = base64.b64encode(png_bytes(make_logo((240, 120)))).decode("ascii")
    uri = f"data:image/png;base64,{data}"
    bodies = {
        "vector": VECTOR_SVG,
        "wrapped": f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   f'width="240" height="120"><image width="240" height="120" xlink:href="{uri}"/></svg>\n',
        "pattern": f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   f'width="240" height="120" fill="none"><rect width="240" height="120" fill="url(#pattern0)"/>'
                   f'<defs><pattern id="pattern0" patternContentUnits="objectBoundingBox" width="1" height="1">'
                   f'<use xlink:href="#image0" transform="scale(0.004 0.008)"/></pattern>'
                   f'<image id="image0" width="240" height="120" xlink:href="{uri}"/></defs></svg>\n',
        "backdrop": f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120">'
                    f'<rect x="0" y="0" width="240" height="120" fill="#ffffff"/>'
                    f'<g><image width="240" height="120" href="{uri}"/></g></svg>\n',
        "framed": f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 260 140">'
                  f'<rect width="100%" height="100%" fill="#ffffff"/><rect x="4" y="4" width="252" height="132" '
                  f'fill="none" stroke="#1e2878" stroke-width="2"/><image x="10" y="10" width="240" height="120" '
                  f'href="{uri}"/></svg>\n',
        "decoy": f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120">'
                 f'<image width="240" height="120" href="{uri}"/>'
                 f'<path d="M0 0h1" fill="none" stroke="none"/><circle r="3" style="opacity:0"/></svg>\n',
        "mixed": f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200">'
                 f'<image width="200" height="200" href="{uri}"/>'
                 f'<path d="M220 150 L260 50 L300 150 Z" fill="#1e2878"/></svg>\n',
    }
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bodies[style], encoding="utf-8")


def svg(rel: str = "logo.svg", style: str = "vector") -> Builder:
    """An SVG: ``vector`` (real shapes), ``wrapped`` (one embedded PNG), ``pattern`` (a
    Figma-style rectangle filled with a bitmap pattern), ``backdrop`` (a full-canvas white
    rectangle behind one embedded PNG), ``framed`` (the same plus a drawn frame), ``decoy``
    (one PNG plus shapes that paint nothing) or ``mixed`` (bitmap plus shapes)."""
    return partial(_write_svg, rel=rel, style=style)


def _run_all(root: Path, builders: tuple[Builder, ...]) -> None:
    for build in builders:
        build(root)


def together(*builders: Builder) -> Builder:
    """Several files in one example."""
    return partial(_run_all, builders=builders)

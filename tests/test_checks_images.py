"""The image family on a generated deliverable (the targets of issue 6) plus unit tests of
the header reader, the SVG guard and the pixel measurements."""

from __future__ import annotations

import base64
import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from aislop.checks.images import examples as ex
from aislop.checks.images import pixels as px
from aislop.checks.images.check import ImageCheck
from aislop.checks.images.meta import ImageReadError, read_header
from aislop.checks.images.naming import is_logo_name, vector_key
from aislop.checks.images.svg import parse, raster_only
from aislop.discovery import discover
from aislop.document import Document
from aislop.loaders import UnreadableFile
from aislop.registry import Context, ProjectIndex
from aislop.testing import scan_folder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"
LOGO_CODES = {"AIS401", "AIS402", "AIS403", "AIS404", "AIS405"}


def _scan(root: Path, **settings) -> dict[str, dict[str, list[str]]]:
    """relpath -> rule name -> messages."""
    found: dict[str, dict[str, list[str]]] = {}
    for f in scan_folder(root, **settings).findings:
        found.setdefault(f.path, {}).setdefault(f.rule.name, []).append(f.message)
    return found


@pytest.fixture(scope="module")
def deliverable(tmp_path_factory) -> dict[str, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("deliverable")
    ex.logo("upscaled/logo-bicubic.png", (800, 400), native=(200, 100), resample="bicubic")(root)
    ex.logo("upscaled/logo-nearest.png", (800, 400), native=(200, 100), resample="nearest")(root)
    ex.logo("small/tiny-logo.png", (150, 50))(root)
    ex.logo("jpeg/logo.jpg", (1200, 600), transparent=False)(root)
    ex.svg("fake/logo.svg", "wrapped")(root)
    ex.photo("generated/render.png", text={"parameters": "a fox\nSteps: 20, Sampler: Euler a, CFG scale: 7"})(root)
    ex.logo("brand/logo.png", (2000, 1000))(root)
    ex.svg("brand/logo.svg", "vector")(root)
    ex.photo("photos/brand-shoot.jpg", (1200, 800))(root)
    ex.photo("photos/office.png", (640, 480))(root)
    (root / "broken").mkdir()
    buffer = io.BytesIO()
    ex.make_logo((400, 300)).save(buffer, "PNG")
    (root / "broken" / "logo.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return _scan(root)


def test_bicubic_upscale_is_found_with_native_size(deliverable):
    messages = deliverable["upscaled/logo-bicubic.png"]["upscaled-raster"]
    assert any("200\u00d7100" in m for m in messages), messages


def test_nearest_upscale_is_found_with_exact_native_size(deliverable):
    (message,) = deliverable["upscaled/logo-nearest.png"]["upscaled-raster"]
    assert "nearest-neighbour" in message and "200\u00d7100" in message and "4\u00d7" in message


def test_small_logo_is_low_resolution(deliverable):
    assert "low-resolution" in deliverable["small/tiny-logo.png"]
    assert "missing-vector-master" in deliverable["small/tiny-logo.png"]


def test_flat_logo_saved_as_jpeg(deliverable):
    (message,) = deliverable["jpeg/logo.jpg"]["lossy-logo"]
    assert "quality about 85" in message
    assert "opaque-logo" in deliverable["jpeg/logo.jpg"]


def test_svg_wrapping_png(deliverable):
    (message,) = deliverable["fake/logo.svg"]["raster-in-svg"]
    assert "240\u00d7120 PNG" in message


def test_stable_diffusion_parameters(deliverable):
    (message,) = deliverable["generated/render.png"]["ai-provenance"]
    assert "parameters" in message and "Stable Diffusion" in message


def test_crisp_logo_with_svg_master_is_clean(deliverable):
    assert "brand/logo.png" not in deliverable
    assert "brand/logo.svg" not in deliverable


def test_photographs_are_never_logos(deliverable):
    for path in ("photos/brand-shoot.jpg", "photos/office.png"):
        assert not set(deliverable.get(path, {})) & {"missing-vector-master", "low-resolution", "upscaled-raster",
                                                      "lossy-logo", "opaque-logo"}, deliverable.get(path)


def test_truncated_png_is_unreadable_not_a_crash(deliverable):
    assert set(deliverable["broken/logo.png"]) == {"unreadable-file"}
    assert "truncated PNG" in deliverable["broken/logo.png"]["unreadable-file"][0]


# --------------------------------------------------------------------------- judgement
def _check(path: Path, root: Path, **settings) -> list:
    rel = path.relative_to(root).as_posix()
    doc = Document(path=path, relpath=rel, kind="image", format=path.suffix[1:].lower())
    assets: list[str] = []
    _, files = discover([root], [], assets=assets)
    project = ProjectIndex(root=root, files={f.relpath: f.kind for f in files}, assets=tuple(assets))
    ctx = Context(project=project, settings=settings)
    return list(ImageCheck().check(doc, ctx))


def test_logo_globs_force_an_unnamed_file(tmp_path):
    ex.logo("assets/header.png", (300, 150), transparent=False)(tmp_path)
    assert not _check(tmp_path / "assets/header.png", tmp_path)
    forced = _check(tmp_path / "assets/header.png", tmp_path, logo_globs=["assets/header.*"])
    assert {f.rule.name for f in forced} >= {"missing-vector-master", "low-resolution", "opaque-logo"}


def test_unnamed_transparent_flat_graphic_gets_pixel_rules_only_with_lower_confidence(tmp_path):
    ex.logo("acme.png", (400, 200))(tmp_path)
    assert _check(tmp_path / "acme.png", tmp_path) == []  # a crisp graphic: not a logo by name
    ex.logo("acme.png", (800, 400), native=(200, 100))(tmp_path)
    (finding,) = _check(tmp_path / "acme.png", tmp_path)
    assert finding.rule.name == "upscaled-raster" and "flat graphic" in finding.message
    assert finding.confidence is not None and finding.confidence < finding.rule.confidence


def test_unnamed_photo_is_not_decoded_as_a_logo(tmp_path):
    ex.photo("photo.png", (300, 200))(tmp_path)
    assert _check(tmp_path / "photo.png", tmp_path) == []


def test_vector_master_in_another_format_and_folder(tmp_path):
    ex.logo("web/logo@2x.png", (600, 300))(tmp_path)
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "Logo-CMYK.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n")
    assert not [f for f in _check(tmp_path / "web/logo@2x.png", tmp_path) if f.rule.code in ("AIS401", "AIS402")]


def test_fully_opaque_rgba_still_counts_as_opaque(tmp_path):
    ex.make_logo((600, 300), transparent=False).save(tmp_path / "logo.png")  # RGBA, alpha all 255
    assert "opaque-logo" in {f.rule.name for f in _check(tmp_path / "logo.png", tmp_path)}


def test_png_with_jpeg_artefacts_but_crisp_png_is_not(tmp_path):
    ex.logo("a/logo.png", (1200, 600), transparent=False, via_jpeg=90)(tmp_path)
    ex.logo("b/logo.png", (1200, 600), transparent=False)(tmp_path)
    assert "lossy-logo" in {f.rule.name for f in _check(tmp_path / "a/logo.png", tmp_path)}
    assert "lossy-logo" not in {f.rule.name for f in _check(tmp_path / "b/logo.png", tmp_path)}


@pytest.mark.parametrize("name", ["logo.png", "acme-logo@2x.png", "logos/primary.png", "AcmeLogotype.png",
                                  "favicon-32x32.png", "wordmark_white.png", "icons/icon-192.png"])
def test_logo_names(name):
    assert is_logo_name(name)


@pytest.mark.parametrize("name", ["team.jpg", "marketing/hero.png", "blogo.png", "markdown.png", "photo.png",
                                  "brand/colour-palette.png", "brand/social-banner.png", "brand-guidelines.png",
                                  "icon/arrow.png", "badge-editor-screenshot.png", "logo-mockup.png"])
def test_not_logo_names(name):
    assert not is_logo_name(name)


@pytest.mark.parametrize(("name", "key"), [("logo@2x.png", "logo"), ("logo-512.png", "logo"),
                                           ("Logo_64x64.png", "logo"), ("brand mark.svg", "brand-mark"),
                                           ("acme_logo_final_v2.png", "acme-logo"), ("logo-copy.svg", "logo")])
def test_vector_key(name, key):
    assert vector_key(name) == key


# --------------------------------------------------------------------------- upscale maths
@pytest.mark.parametrize("resample", ["bicubic", "bilinear", "lanczos"])
@pytest.mark.parametrize("factor", [2, 3, 4])
def test_interpolated_factor_is_estimated(resample, factor):
    image = ex.make_logo((200, 100)).resize((200 * factor, 100 * factor), ex.RESAMPLING[resample])
    soft = px.softness(px.detail_tile(px.on_grey(image)))
    assert soft is not None and factor - 1 <= soft.interpolated_factor <= factor + 1


@pytest.mark.parametrize("size", [(150, 50), (600, 300), (2000, 1000)])
def test_crisp_logos_look_native(size):
    rgb = px.on_grey(ex.make_logo(size))
    assert px.block_factor(rgb) == (1, 1)
    soft = px.softness(px.detail_tile(rgb))
    assert soft is None or soft.interpolated_factor == 1.0


def test_nearest_factor_is_exact():
    image = ex.make_logo((120, 60)).resize((360, 180), Image.Resampling.NEAREST)
    assert px.block_factor(px.on_grey(image)) == (3, 3)


def test_photo_profile_is_photographic_and_logo_is_not():
    assert px.profile(ex.make_photo().convert("RGBA")).photographic
    logo_profile = px.profile(ex.make_logo())
    assert not logo_profile.photographic and logo_profile.flat_graphic


# --------------------------------------------------------------------------- header reads
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _with_chunk_before_iend(png: bytes, chunk: bytes) -> bytes:
    return png[:-12] + chunk + png[-12:]


def test_header_read_does_not_decode_pixels(tmp_path, monkeypatch):
    ex.photo("p.png", (64, 64), text={"prompt": "{}"})(tmp_path)
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("pixels were decoded"))
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    header = read_header(tmp_path / "p.png")
    assert header.size == (64, 64) and header.provenance == ["PNG text 'prompt' (ComfyUI)"]


def test_text_after_image_data_and_c2pa_chunk_are_seen(tmp_path):
    png = ex.png_bytes(Image.new("RGB", (8, 8)))
    png = _with_chunk_before_iend(png, _png_chunk(b"tEXt", b"Software\0NovelAI"))
    png = _with_chunk_before_iend(png, _png_chunk(b"caBX", b"\0\0\0\x10jumbc2pa"))
    xmp = (b'<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType='
           b'"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/></x:xmpmeta>')
    png = _with_chunk_before_iend(png, _png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\1\0\0\0" + zlib.compress(xmp)))
    (tmp_path / "x.png").write_bytes(png)
    assert read_header(tmp_path / "x.png").provenance == [
        "PNG text Software 'NovelAI'",
        "C2PA manifest (PNG caBX chunk)",
        "XMP DigitalSourceType trainedAlgorithmicMedia",
    ]


def test_jpeg_app11_c2pa_and_quality(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (9, 9, 9)).save(buffer, "JPEG", quality=60)
    data = buffer.getvalue()
    app11 = b"\xff\xeb" + struct.pack(">H", 2 + 20) + b"JP\0\0\0\0\0\x01jumbc2pa\0\0\0\0"
    (tmp_path / "x.jpg").write_bytes(data[:2] + app11 + data[2:])
    header = read_header(tmp_path / "x.jpg")
    assert header.provenance == ["C2PA manifest (JPEG APP11 JUMBF)"]
    assert 55 <= header.jpeg_quality <= 65


def test_truncated_jpeg_and_garbage_raise_unreadable(tmp_path):
    buffer = io.BytesIO()
    ex.make_photo((200, 200)).save(buffer, "JPEG")
    (tmp_path / "cut.jpg").write_bytes(buffer.getvalue()[:3000])
    (tmp_path / "junk.png").write_bytes(b"not an image at all")
    for name in ("cut.jpg", "junk.png"):
        with pytest.raises(ImageReadError) as info:
            read_header(tmp_path / name)
        assert isinstance(info.value, ValueError) and isinstance(info.value, UnreadableFile)
        assert str(info.value)


def test_decompression_bomb_is_refused_not_decoded(tmp_path):
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(b"")) \
        + _png_chunk(b"IEND", b"")
    (tmp_path / "logo.png").write_bytes(data)
    with pytest.raises(ImageReadError, match="decompression bomb"):
        read_header(tmp_path / "logo.png")
    assert Image.MAX_IMAGE_PIXELS is not None


def test_corrupt_pixels_of_a_logo_raise_unreadable(tmp_path):
    png = bytearray(ex.png_bytes(ex.make_logo((300, 150))))
    start = png.index(b"IDAT") + 4
    png[start + 10 : start + 60] = b"\0" * 50  # keeps the chunk structure, breaks the deflate stream
    (tmp_path / "logo.png").write_bytes(bytes(png))
    with pytest.raises(ImageReadError):
        _check(tmp_path / "logo.png", tmp_path)


# --------------------------------------------------------------------------- SVG
def _svg_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.svg"
    path.write_text(text, encoding="utf-8")
    return path


def test_billion_laughs_and_external_entities_are_refused(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    external = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    for text in (laughs, external):
        with pytest.raises(ImageReadError, match="entities"):
            parse(_svg_file(tmp_path, text))


def test_illustrator_plain_entities_still_parse(tmp_path):
    text = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n<!ENTITY ns_svg "http://www.w3.org/2000/svg">\n'
            '<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">\n]>\n'
            '<svg xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;"><path d="M0 0L10 10"/></svg>')
    root = parse(_svg_file(tmp_path, text))
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and raster_only(root) is None


def test_linked_raster_svg_and_svg_in_svg(tmp_path):
    linked = '<svg xmlns="http://www.w3.org/2000/svg"><image href="logo.png?v=2" width="10" height="10"/></svg>'
    assert "logo.png" in raster_only(parse(_svg_file(tmp_path, linked))).description
    nested = '<svg xmlns="http://www.w3.org/2000/svg"><image href="mark.svg" width="10" height="10"/></svg>'
    assert raster_only(parse(_svg_file(tmp_path, nested))) is None
    data = base64.b64encode(b"<svg/>").decode()
    inline_svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,{data}"/></svg>'
    assert raster_only(parse(_svg_file(tmp_path, inline_svg))) is None


def test_malformed_svg_is_unreadable(tmp_path):
    with pytest.raises(ImageReadError, match="well-formed"):
        parse(_svg_file(tmp_path, "<svg><path></svg>"))


def test_committed_fixtures_scan_as_documented(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "images")
    found = {path: set(rules) for path, rules in _scan(tmp_path).items()}
    assert found == {
        "images/truncated-logo.png": {"unreadable-file"},
        "images/billion-laughs.svg": {"unreadable-file"},
        "images/external-entity.svg": {"unreadable-file"},
        "images/wrapped-logo.svg": {"raster-in-svg"},
        "images/sd-parameters.png": {"ai-provenance"},
    }


def test_prompt_in_png_exif_chunk_is_seen(tmp_path):
    ex.photo("x.png", (32, 32), exif_comment="Negative prompt: text\nSteps: 25, Sampler: Euler")(tmp_path)
    assert read_header(tmp_path / "x.png").provenance == ["EXIF UserComment holds a generation prompt"]


def test_fixture_folder_scan_is_deterministic(tmp_path):
    ex.logo("logo.png", (300, 150))(tmp_path)
    shutil.copy(tmp_path / "logo.png", tmp_path / "logo-copy.png")
    first, second = _scan(tmp_path), _scan(tmp_path)
    assert first == second and set(first["logo.png"]) == set(first["logo-copy.png"])


# --------------------------------------------------------------------------- generalisation probes
@pytest.mark.parametrize("quality", [50, 70, 85, 95])
@pytest.mark.parametrize("shape", ["wordmark", "mark"])
def test_jpeg_round_trip_leaves_grain_on_any_flat_artwork(quality, shape):
    art = ex.make_mark(600, transparent=False) if shape == "mark" else ex.make_logo((1200, 600), transparent=False)
    tile = px.detail_tile(px.on_grey(ex._through_jpeg(art, quality).convert("RGBA")))
    assert px.has_compression_artefacts(tile)


@pytest.mark.parametrize("art", ["glow", "shadow", "small-icon", "crisp-mark"])
def test_soft_effects_and_small_exports_are_not_artefacts(art):
    logo = ex.make_logo((1600, 800))
    image = {"glow": lambda: ex.with_glow(logo, 12),
             "shadow": lambda: ex.with_glow(logo, 6, (0, 0, 0)),
             "small-icon": lambda: ex.make_mark(150),  # Lanczos ringing beside every edge
             "crisp-mark": lambda: ex.make_mark(800)}[art]()
    assert not px.has_compression_artefacts(px.detail_tile(px.on_grey(image)))


def test_webp_lossy_or_lossless_is_read_from_the_chunks(tmp_path):
    art = ex.make_logo((300, 150))
    art.save(tmp_path / "lossy.webp", quality=80)
    art.save(tmp_path / "lossless.webp", lossless=True)
    art.save(tmp_path / "anim.webp", save_all=True, append_images=[art.rotate(5)], quality=70)
    art.save(tmp_path / "anim-lossless.webp", save_all=True, append_images=[art.rotate(5)], lossless=True)
    assert [read_header(tmp_path / n).lossy_webp for n in ("lossy.webp", "lossless.webp", "anim.webp",
                                                           "anim-lossless.webp")] == [True, False, True, False]


@pytest.mark.parametrize(("native", "size"), [((480, 240), (1200, 600)), ((333, 166), (1000, 500)),
                                              ((300, 150), (1200, 600))])
def test_nearest_enlargement_by_a_fractional_factor_gives_its_source_size(native, size):
    image = ex.make_logo(native).resize(size, Image.Resampling.NEAREST)
    assert px.nearest_source(px.on_grey(image)) == native


@pytest.mark.parametrize("art", ["crisp", "aliased-rectangles", "under-2x"])
def test_native_and_slightly_enlarged_art_has_no_nearest_source(art):
    from PIL import ImageDraw

    if art == "aliased-rectangles":  # hard pixel edges, never two changes side by side
        image = Image.new("RGBA", (1200, 600))
        draw = ImageDraw.Draw(image)
        for i in range(10):
            draw.rectangle((i * 110 + 7, 50 + i * 13, i * 110 + 60, 500 - i * 7), fill=(200, 20 * i, 40, 255))
    else:
        image = ex.make_logo((1200, 600)) if art == "crisp" else \
            ex.make_logo((700, 350)).resize((1000, 500), Image.Resampling.NEAREST)
    assert px.nearest_source(px.on_grey(image)) is None


def test_an_icons_master_is_the_logo_vector_not_another_icon(tmp_path):
    ex.logo("app/apple-touch-icon.png", (180, 180), transparent=False)(tmp_path)
    ex.svg("ui/icons/search-icon.svg")(tmp_path)
    assert "missing-vector-master" in {f.rule.name for f in _check(tmp_path / "app/apple-touch-icon.png", tmp_path)}
    ex.svg("logos/primary.svg")(tmp_path)
    assert "missing-vector-master" not in {f.rule.name for f in _check(tmp_path / "app/apple-touch-icon.png",
                                                                        tmp_path)}


def test_qr_codes_and_pixel_art_are_blocky_by_design_but_a_named_logo_is_not(tmp_path):
    ex.pixel_grid("site/qr-code.png")(tmp_path)
    assert _check(tmp_path / "site/qr-code.png", tmp_path) == []
    ex.logo("logo.png", (1000, 500), native=(250, 125), resample="nearest")(tmp_path)
    assert "upscaled-raster" in {f.rule.name for f in _check(tmp_path / "logo.png", tmp_path)}

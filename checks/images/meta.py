"""Header-only facts about image files: size, mode, JPEG quality, structural damage and
generator metadata, read without decoding pixels.

PNG chunks and JPEG segments are walked directly (seeking past image data), because
Pillow's ``im.text`` decodes the whole PNG and its ``info`` misses chunks after IDAT.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from aislop.registry import UnreadableFile

TEXT_CAP = 1 << 20  # bytes of one text/XMP payload we read at most
TAIL_SCAN = 1 << 16  # bytes at the end of a JPEG searched for its end-of-image marker

PIL_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, EOFError, struct.error,
              Image.DecompressionBombError, ValueError, zlib.error)

# Standard IJG luminance table: JPEG quality is estimated from how far a file's table is scaled.
_IJG_LUMA_SUM = sum((
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
))

# PNG text keywords written by image generators, lower-cased -> who writes them.
GENERATOR_TEXT_KEYS = {
    "parameters": "Stable Diffusion web UI",
    "prompt": "ComfyUI",
    "workflow": "ComfyUI",
    "sd-metadata": "InvokeAI",
    "dream": "InvokeAI",
    "invokeai_metadata": "InvokeAI",
}
_PROMPT_RE = re.compile(r"Negative prompt:|Steps: \d+, Sampler:|CFG scale: \d|\"prompt\"\s*:")
# A generator's name in a Software field (EXIF 0x0131, PNG text "Software").
_GENERATOR_SOFTWARE_RE = re.compile(
    r"\b(?:dall\W?e|midjourney|stable[\s-]?diffusion|novelai|adobe firefly|ideogram|leonardo\.ai|"
    r"comfyui|invokeai|automatic1111)\b", re.I)
# Midjourney's caption: the prompt, its --parameters and the job id.
_MIDJOURNEY_RE = re.compile(r"--(?:ar|v|niji|stylize|chaos|style)\b.*\bJob ID: [0-9a-f-]{36}", re.S)
_AI_SOURCE_TYPE = b"trainedalgorithmicmedia"  # IPTC DigitalSourceType (also compositeWith...)


class ImageReadError(UnreadableFile, ValueError):
    """The image is corrupt, truncated, refused (decompression bomb) or not an image.

    An UnreadableFile (and a ValueError) so that the engine reports it as
    ``unreadable-file`` with the reason as the message.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)


@dataclass
class Header:
    format: str  # Pillow's name: PNG, JPEG, WEBP, GIF
    size: tuple[int, int]
    mode: str
    may_have_alpha: bool  # the mode or a transparency key can carry transparency
    jpeg_quality: int | None = None
    lossy_webp: bool = False  # a WebP whose colour is VP8 (lossy), not VP8L
    provenance: list[str] = field(default_factory=list)


def read_header(path: Path) -> Header:
    """Everything the rules need short of pixels; raises ImageReadError on damage."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                header = Header(
                    format=im.format or "",
                    size=im.size,
                    mode=im.mode,
                    may_have_alpha=im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info,
                    jpeg_quality=_jpeg_quality(getattr(im, "quantization", None)),
                )
                if im.format != "PNG":  # a PNG's getexif() decodes the image; its eXIf chunk is walked
                    header.provenance += _exif_provenance(im.getexif())
                xmp = im.info.get("xmp")
        if header.format == "PNG":
            header.provenance += _png_facts(path)
        elif header.format == "JPEG":
            header.provenance += _jpeg_facts(path)
        elif header.format == "WEBP":
            header.lossy_webp = _webp_is_lossy(path)
        if header.format not in ("PNG", "JPEG") and xmp and _AI_SOURCE_TYPE in _as_bytes(xmp).lower():
            header.provenance.append("XMP DigitalSourceType trainedAlgorithmicMedia")
    except ImageReadError:
        raise
    except PIL_ERRORS as exc:
        raise ImageReadError(_describe(exc)) from exc
    header.provenance = list(dict.fromkeys(header.provenance))
    return header


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Image.DecompressionBombError):
        return "too many pixels (refused as a possible decompression bomb)"
    if isinstance(exc, UnidentifiedImageError):
        return "not a recognised image format"
    return str(exc).strip() or type(exc).__name__


def _as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")


def _jpeg_quality(tables: dict | None) -> int | None:
    """IJG quality (1..100) that best explains the luminance table's overall scale."""
    if not tables or 0 not in tables:
        return None
    scale = 100 * sum(tables[0]) / _IJG_LUMA_SUM
    quality = (200 - scale) / 2 if scale <= 100 else 5000 / scale
    return max(1, min(100, round(quality)))


def _generator_text(key: str, value: str) -> list[str]:
    """A generator named in a Software field, or a Midjourney caption in a description."""
    if key == "software" and _GENERATOR_SOFTWARE_RE.search(value):
        return [f"Software '{value.strip()[:60]}'"]
    if key in ("description", "comment", "imagedescription") and _MIDJOURNEY_RE.search(value):
        return ["Midjourney prompt and job id in the description"]
    return []


def _exif_provenance(exif: Image.Exif) -> list[str]:
    """A generator named in EXIF Software or ImageDescription, or a prompt left in EXIF
    UserComment (how SD web UI saves JPEG and WebP parameters)."""
    found = []
    for tag, key in ((0x0131, "software"), (0x010E, "imagedescription")):
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "ignore")
        if isinstance(value, str):
            found += _generator_text(key, value)
    try:
        comment = exif.get_ifd(ExifTags.IFD.Exif).get(0x9286)
    except PIL_ERRORS:
        return found
    if isinstance(comment, bytes):
        code, body = comment[:8], comment[8:]
        if code.startswith(b"UNICODE"):
            candidates = [body.decode("utf-16-be", "ignore"), body.decode("utf-16-le", "ignore")]
            comment = max(candidates, key=lambda s: sum(c.isascii() for c in s))
        else:
            comment = body.decode("utf-8", "ignore")
    if isinstance(comment, str) and _PROMPT_RE.search(comment):
        found.append("EXIF UserComment holds a generation prompt")
    return found


# ------------------------------------------------------------------------------- PNG
def _png_facts(path: Path) -> list[str]:
    """Walk the PNG chunks: detect truncation and collect generator metadata."""
    found: list[str] = []
    seen_idat = False
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(8)
        while True:
            head = fh.read(8)
            if len(head) < 8:
                raise ImageReadError("truncated PNG (the file ends before its IEND chunk)")
            length, ctype = struct.unpack(">I4s", head)
            end = fh.tell() + length + 4
            if end > size:
                raise ImageReadError(
                    f"truncated PNG (its {ctype.decode('latin-1')} chunk runs past the end of the file)"
                )
            if ctype in (b"tEXt", b"zTXt", b"iTXt"):
                found += _png_text_provenance(ctype, fh.read(min(length, TEXT_CAP)))
            elif ctype == b"eXIf":
                exif = Image.Exif()
                exif.load(fh.read(min(length, TEXT_CAP)))
                found += _exif_provenance(exif)
            elif ctype == b"caBX":
                found.append("C2PA manifest (PNG caBX chunk)")
            elif ctype == b"IDAT":
                seen_idat = True
            elif ctype == b"IEND":
                break
            fh.seek(end)
    if not seen_idat:
        raise ImageReadError("PNG without image data (no IDAT chunk)")
    return found


def _inflate(data: bytes) -> bytes:
    return zlib.decompressobj().decompress(data, TEXT_CAP)


def _png_text_provenance(ctype: bytes, data: bytes) -> list[str]:
    keyword, _, rest = data.partition(b"\0")
    key = keyword.decode("latin-1")
    if ctype == b"zTXt":
        rest = _inflate(rest[1:])
    elif ctype == b"iTXt":
        compressed = rest[:1] == b"\1"
        rest = rest[2:].split(b"\0", 2)[-1]  # skip language tag and translated keyword
        if compressed:
            rest = _inflate(rest)
    found = []
    if key.lower() in GENERATOR_TEXT_KEYS:
        found.append(f"PNG text '{key}' ({GENERATOR_TEXT_KEYS[key.lower()]})")
    found += [f"PNG text {fact}" for fact in _generator_text(key.lower(), rest.decode("utf-8", "replace"))]
    if key == "XML:com.adobe.xmp" and _AI_SOURCE_TYPE in rest.lower():
        found.append("XMP DigitalSourceType trainedAlgorithmicMedia")
    return found


# ------------------------------------------------------------------------------- JPEG
def _jpeg_facts(path: Path) -> list[str]:
    """Walk the JPEG segments up to the scan: C2PA, XMP/IPTC source type, truncation."""
    found: list[str] = []
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(2)
        while True:
            marker = fh.read(2)
            if len(marker) < 2 or marker[0] != 0xFF:
                raise ImageReadError("damaged JPEG (bad segment marker)")
            kind = marker[1]
            if kind == 0xFF:
                fh.seek(-1, io.SEEK_CUR)  # fill byte
                continue
            if 0xD0 <= kind <= 0xD8 or kind == 0x01:
                continue
            (length,) = struct.unpack(">H", fh.read(2))
            start = fh.tell()
            if kind == 0xEB:  # APP11: JUMBF boxes; C2PA manifests live here
                payload = fh.read(min(length - 2, TEXT_CAP))
                if b"jumb" in payload and b"c2pa" in payload:
                    found.append("C2PA manifest (JPEG APP11 JUMBF)")
            elif kind in (0xE1, 0xED):  # APP1 (XMP), APP13 (IPTC)
                payload = fh.read(min(length - 2, TEXT_CAP))
                if _AI_SOURCE_TYPE in payload.lower():
                    found.append("XMP/IPTC DigitalSourceType trainedAlgorithmicMedia")
            elif kind == 0xDA:  # start of scan: entropy-coded data follows
                scan_start = start + length - 2
                break
            fh.seek(start + length - 2)
        fh.seek(max(scan_start, size - TAIL_SCAN))
        if b"\xff\xd9" not in fh.read():
            raise ImageReadError("truncated JPEG (no end-of-image marker)")
    return found


# ------------------------------------------------------------------------------- WebP
def _webp_is_lossy(path: Path) -> bool:
    """Walk the RIFF chunks to the first image data: VP8 is lossy, VP8L lossless (an
    animation's first ANMF frame tells for the file)."""
    with path.open("rb") as fh:
        fh.seek(12)
        while True:
            head = fh.read(8)
            if len(head) < 8:
                return False
            kind, length = head[:4], struct.unpack("<I", head[4:])[0]
            if kind in (b"VP8 ", b"VP8L"):
                return kind == b"VP8 "
            if kind == b"ANMF":
                frame = fh.read(24)
                return frame[16:20] == b"VP8 " or (frame[16:20] == b"ALPH" and _after_alpha_is_vp8(fh, frame))
            fh.seek(length + (length & 1), io.SEEK_CUR)


def _after_alpha_is_vp8(fh, frame: bytes) -> bool:
    """In an animation frame, an ALPH chunk precedes the VP8 data it belongs to."""
    (length,) = struct.unpack("<I", frame[20:24])
    fh.seek(length + (length & 1), io.SEEK_CUR)
    return fh.read(4) == b"VP8 "


# ------------------------------------------------------------------------------- data URIs
def embedded_raster_size(href: str) -> tuple[str, tuple[int, int]] | None:
    """Format and size of a base64 data-URI raster, from its first bytes only."""
    head, _, payload = href.partition(",")
    if ";base64" not in head:
        return None
    chunk = re.sub(r"\s+", "", payload[:90000])
    chunk = chunk[: len(chunk) // 4 * 4]
    try:
        with Image.open(io.BytesIO(base64.b64decode(chunk))) as im:
            return im.format or "raster", im.size
    except (binascii.Error, *PIL_ERRORS):
        return None

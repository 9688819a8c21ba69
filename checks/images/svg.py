"""Is an SVG real vector art, or a bitmap in an SVG wrapper?

Parsed with defusedxml: external entities and entity expansion are refused. Old Illustrator
exports declare a few plain string entities (``<!ENTITY ns_svg "http://...">``); those, and
only those, are substituted before parsing so that such files still read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from aislop.checks.images.meta import ImageReadError, embedded_raster_size

MAX_SVG_BYTES = 20 * 1024 * 1024
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
RASTER_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")
SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text"}
# Content of these is drawn only when referenced (or never).
UNRENDERED = {"defs", "clipPath", "mask", "pattern", "symbol", "marker", "metadata", "title", "desc",
              "linearGradient", "radialGradient", "filter", "style", "script", "foreignObject"}

_DOCTYPE_RE = re.compile(r"<!DOCTYPE[^\[>]*\[(?P<subset>.*?)\]\s*>", re.S)
_PLAIN_ENTITY_RE = re.compile(r"<!ENTITY\s+([A-Za-z_][\w.-]*)\s+\"([^\"&%<]*)\"\s*>")
_ENTITY_REF_RE = re.compile(r"&([A-Za-z_][\w.-]*);")
# Illustrator's namespace entities add a few kB at most; past this, expansion is an attack.
ENTITY_BUDGET = 256 * 1024
_URL_REF_RE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")


@dataclass(frozen=True)
class SvgRaster:
    """What an SVG with no vector drawing wraps."""

    count: int
    description: str  # e.g. "an embedded 512x512 PNG" or "the linked file logo.png"


def parse(path: Path) -> ET.Element:
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        raise ImageReadError(f"SVG larger than {MAX_SVG_BYTES // 1024 // 1024} MB")
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException:
        return _parse_with_plain_entities(data)
    except ET.ParseError as exc:
        raise ImageReadError(f"SVG is not well-formed XML ({exc})") from exc


def _parse_with_plain_entities(data: bytes) -> ET.Element:
    text = data.decode("utf-8", "replace")
    doctype = _DOCTYPE_RE.search(text)
    subset = doctype.group("subset") if doctype else ""
    entities = dict(_PLAIN_ENTITY_RE.findall(subset))
    leftover = _PLAIN_ENTITY_RE.sub("", subset)
    if not entities or "<!ENTITY" in leftover:
        raise ImageReadError("SVG declares external or nested XML entities; refused for safety")
    assert doctype is not None
    body = _expand(text[: doctype.start()] + text[doctype.end():], entities)
    try:
        return SafeET.fromstring(body.encode("utf-8"))
    except (DefusedXmlException, ET.ParseError) as exc:
        raise ImageReadError(f"SVG could not be parsed safely ({exc})") from exc


def _expand(body: str, entities: dict[str, str]) -> str:
    """Substitute the plain entities, refusing once the text would grow by more than
    ``ENTITY_BUDGET`` characters: a 100 kB entity referenced 4,000 times is the quadratic
    blow-up defusedxml refuses, rebuilt by hand."""
    pieces: list[str] = []
    grown = 0
    last = 0
    for match in _ENTITY_REF_RE.finditer(body):
        value = entities.get(match.group(1))
        if value is None:
            continue
        grown += len(value) - len(match.group(0))
        if grown > ENTITY_BUDGET:
            raise ImageReadError(
                f"SVG entities would expand the file by more than {ENTITY_BUDGET // 1024} kB; refused for safety"
            )
        pieces += [body[last : match.start()], value]
        last = match.end()
    pieces.append(body[last:])
    return "".join(pieces)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _href(el: ET.Element) -> str:
    return (el.get("href") or el.get(XLINK_HREF) or "").strip()


def _is_raster_href(href: str) -> bool:
    if href.startswith("data:"):
        return href[5:16].lower().startswith("image/") and not href[5:].lower().startswith("image/svg")
    return href.split("?", 1)[0].split("#", 1)[0].lower().endswith(RASTER_EXTENSIONS)


def _references(el: ET.Element) -> set[str]:
    refs = set(_URL_REF_RE.findall(" ".join(el.get(a, "") for a in ("fill", "stroke", "style"))))
    href = _href(el)
    if href.startswith("#"):
        refs.add(href[1:])
    return refs


def _raster_bearing_ids(root: ET.Element) -> set[str]:
    """Ids of elements that draw a bitmap: images, and anything that uses or contains one."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    bearing = {i for i, el in by_id.items() if _local(el.tag) == "image" and _is_raster_href(_href(el))}
    changed = True
    while changed:
        changed = False
        for i, el in by_id.items():
            if i in bearing:
                continue
            for sub in el.iter():
                if (_local(sub.tag) == "image" and _is_raster_href(_href(sub))) or _references(sub) & bearing:
                    bearing.add(i)
                    changed = True
                    break
    return bearing


def _number(value: str | None) -> float | None:
    match = re.match(r"\s*(-?[\d.]+)(?:px)?\s*$", value or "")
    try:
        return float(match.group(1)) if match else None
    except ValueError:
        return None


def _canvas(root: ET.Element) -> tuple[float, float, float, float] | None:
    """x, y, width, height of the drawing area: the viewBox, else width and height."""
    box = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    if len(box) == 4:
        try:
            return tuple(float(v) for v in box)  # type: ignore[return-value]
        except ValueError:
            return None
    w, h = _number(root.get("width")), _number(root.get("height"))
    return (0.0, 0.0, w, h) if w and h else None


def _is_background(el: ET.Element, canvas: tuple[float, float, float, float] | None) -> bool:
    """A plain rectangle covering the whole canvas: a backdrop, not vector artwork."""
    if _local(el.tag) != "rect" or el.get("transform"):
        return False
    x0, y0, cw, ch = canvas or (0.0, 0.0, None, None)
    for attr, origin in (("x", x0), ("y", y0)):
        value = _number(el.get(attr) or "0")
        if value is None or abs(value - origin) > 0.5:
            return False
    for attr, full in (("width", cw), ("height", ch)):
        value = (el.get(attr) or "").strip()
        number = _number(value)
        if value != "100%" and (full is None or number is None or abs(number - full) > 0.5):
            return False
    return True


def raster_only(root: ET.Element) -> SvgRaster | None:
    """The bitmaps an SVG draws when it draws no vector shape at all (a full-canvas
    background rectangle does not count as one); None otherwise."""
    if _local(root.tag) != "svg":
        return None
    canvas = _canvas(root)
    bearing = _raster_bearing_ids(root)
    rasters: list[ET.Element] = []
    vectors = 0
    stack = [root]
    while stack:
        el = stack.pop()
        name = _local(el.tag)
        if name in UNRENDERED:
            continue
        if name == "image":
            if _is_raster_href(_href(el)):
                rasters.append(el)
            else:
                vectors += 1  # an embedded SVG or an unknown reference: give it the benefit
        elif name in SHAPES or name == "use":
            if _references(el) & bearing:
                rasters.append(el)
            elif (name in SHAPES and not _is_background(el, canvas) and not _invisible(el)) or (
                name == "use" and _href(el)
            ):
                vectors += 1
        stack.extend(el)
    if not rasters or vectors:
        return None
    return SvgRaster(len(rasters), _describe(root, rasters, bearing))


def _invisible(el: ET.Element) -> bool:
    """A shape that paints nothing (no fill and no stroke, or fully transparent): a decoy that
    makes a wrapped bitmap look like a vector file."""
    style = {k.strip(): v.strip() for k, _, v in (p.partition(":") for p in el.get("style", "").split(";")) if k.strip()}

    def prop(name: str) -> str | None:
        value = style.get(name, el.get(name))
        return None if value is None else value.strip().lower()

    if prop("opacity") in ("0", "0.0") or prop("visibility") == "hidden" or prop("display") == "none":
        return True
    no_fill = prop("fill") in ("none", "transparent") or prop("fill-opacity") in ("0", "0.0")
    no_stroke = prop("stroke") in (None, "none", "transparent") or prop("stroke-opacity") in ("0", "0.0")
    return no_fill and no_stroke


def _describe(root: ET.Element, rasters: list[ET.Element], bearing: set[str]) -> str:
    images = [el for el in rasters if _local(el.tag) == "image"]
    if not images:  # shapes filled with a bitmap pattern: find the bitmap itself
        images = [el for el in root.iter() if _local(el.tag) == "image" and _is_raster_href(_href(el))]
    if not images:
        return "a bitmap"
    href = _href(images[0])
    if not href.startswith("data:"):
        return f"the linked bitmap {href}"
    found = embedded_raster_size(href)
    if found is None:
        return "an embedded bitmap"
    fmt, (w, h) = found
    return f"an embedded {w}\u00d7{h} {fmt}"

"""Pixel measurements for logo analysis, in pure Pillow (no numpy).

Every function takes an already-decoded image and returns plain numbers, so the rules in
images.py stay readable and these measurements can be timed and tested on their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce

from PIL import Image, ImageChops, ImageFilter, ImageStat

SAMPLE_SIDE = 512  # colour statistics read a nearest-neighbour sample this big
TILE_SIDE = 512  # sharpness and artefact tests read a full-resolution tile this big
ROUND_TRIP_FACTORS = (1.5, 2, 2.5, 3, 4, 5, 6, 8)


@dataclass(frozen=True)
class Profile:
    """Colour statistics of an image sample (transparent pixels count as one colour)."""

    entropy: float  # bits, over colours quantised to 16 levels per channel
    top8_share: float  # share of pixels in the 8 most common quantised colours
    flat_share: float  # share of horizontal neighbours differing by at most 12 levels
    transparent_share: float  # share of pixels with alpha below 128
    translucent: bool  # any pixel with alpha below 250

    @property
    def photographic(self) -> bool:
        """Photographs and renders: many colours and busy texture. Never a logo."""
        return self.entropy > 6.5 or self.flat_share < 0.6

    @property
    def flat_graphic(self) -> bool:
        """Few colours over large flat areas: how a logo looks without a name to go by."""
        return self.entropy <= 3.5 and self.top8_share >= 0.85 and self.flat_share >= 0.85


def max_band(image: Image.Image) -> Image.Image:
    """Per-pixel maximum over the bands of a difference image (an "L" image)."""
    bands = image.split()
    return reduce(ImageChops.lighter, bands[1:], bands[0])


def sample(image: Image.Image, side: int = SAMPLE_SIDE) -> Image.Image:
    """A nearest-neighbour sample: keeps per-pixel statistics (noise, exact colours)."""
    w, h = image.size
    scale = max(w, h) / side
    if scale <= 1:
        return image
    return image.resize((max(1, round(w / scale)), max(1, round(h / scale))), Image.Resampling.NEAREST)


def profile(rgba: Image.Image) -> Profile:
    small = sample(rgba)
    n = small.width * small.height
    alpha = small.getchannel("A")
    alpha_hist = alpha.histogram()
    transparent = sum(alpha_hist[:128])
    opaque_mask = alpha.point(lambda v: 255 if v >= 128 else 0)
    rgb = Image.new("RGB", small.size, (1, 2, 3))
    rgb.paste(small.convert("RGB"), mask=opaque_mask)
    quantised = rgb.point(lambda v: v & 0xF0)
    counts = [c for c, _ in quantised.getcolors(n)]  # transparent pixels share (0, 0, 0)
    entropy = -sum(c / n * math.log2(c / n) for c in counts)
    top8 = sum(sorted(counts, reverse=True)[:8]) / n
    if small.width > 1:
        diff = max_band(ImageChops.difference(rgb.crop((1, 0, small.width, small.height)),
                                              rgb.crop((0, 0, small.width - 1, small.height))))
        hist = diff.histogram()
        flat = sum(hist[:13]) / max(sum(hist), 1)
    else:
        flat = 1.0
    return Profile(entropy, top8, flat, transparent / n, sum(alpha_hist[:250]) > 0)


def on_grey(rgba: Image.Image) -> Image.Image:
    """Flatten onto mid grey so that both colour and alpha edges show in RGB."""
    grey = Image.new("RGBA", rgba.size, (128, 128, 128, 255))
    return Image.alpha_composite(grey, rgba).convert("RGB")


# ----------------------------------------------------------------- nearest neighbour
def _change_positions(rgb: Image.Image, axis: int) -> list[int]:
    w, h = rgb.size
    if axis == 0:
        diff = ImageChops.difference(rgb.crop((1, 0, w, h)), rgb.crop((0, 0, w - 1, h)))
    else:
        diff = ImageChops.difference(rgb.crop((0, 1, w, h)), rgb.crop((0, 0, w, h - 1)))
    projection = max_band(diff).getprojection()[axis]
    return [i + 1 for i, changed in enumerate(projection) if changed]


def block_factor(rgb: Image.Image, min_changes: int = 8) -> tuple[int, int]:
    """Integer (x, y) factor of a nearest-neighbour enlargement, (1, 1) if there is none.

    Colour changes of an enlarged image only happen at multiples of the factor: their gcd
    proposes the block size; the whole image must then equal its own block sample exactly.
    """
    w, h = rgb.size
    if w < 4 or h < 4:
        return 1, 1
    return _integer_factor(rgb, _change_positions(rgb, 0), _change_positions(rgb, 1), min_changes)


def _integer_factor(rgb: Image.Image, xs: list[int], ys: list[int], min_changes: int) -> tuple[int, int]:
    w, h = rgb.size
    if len(xs) < min_changes or len(ys) < min_changes:
        return 1, 1
    fx, fy = math.gcd(*xs), math.gcd(*ys)
    if fx < 2 or fy < 2:
        return 1, 1
    cropped = rgb.crop((0, 0, w // fx * fx, h // fy * fy))
    small = cropped.resize((cropped.width // fx, cropped.height // fy), Image.Resampling.NEAREST)
    back = small.resize(cropped.size, Image.Resampling.NEAREST)
    if ImageChops.difference(cropped, back).getbbox() is not None:
        return 1, 1
    return fx, fy


def _native_length(changes: list[int], size: int) -> int | None:
    """Source length of a nearest-neighbour enlargement by any factor of 2 or more, or None.

    Such an enlargement repeats every source column 2+ times (runs of floor(f) and ceil(f)
    when the factor f is not whole), so colour changes are never adjacent and can happen
    only where the source index changes. The short gaps give f; the candidate lengths
    around size / f are tested against every change position, the whole check.
    """
    gaps = [b - a for a, b in zip([0, *changes], changes)]
    shortest = min(gaps)
    if shortest < 2:
        return None
    short = [g for g in gaps if g <= shortest + 1]
    guess = round(size * len(short) / sum(short))
    for n in sorted(range(max(2, guess - 2), guess + 3), key=lambda n: abs(n - guess)):
        if n * 2 > size:
            continue
        for offset in (0.5, 0.0):  # pixel-centre sampling (Pillow, browsers) or top-left
            # Either way a tie may round up or down: both count as a place a change can be.
            bounds = {x for x in range(1, size) for e in (-1e-6, 1e-6)
                      if math.floor((x + offset + e) * n / size) != math.floor((x + offset + e - 1) * n / size)}
            if bounds.issuperset(changes):
                return n
    return None


def nearest_source(rgb: Image.Image, min_changes: int = 8) -> tuple[int, int] | None:
    """Size of the image a nearest-neighbour enlargement was made from (whole or fractional
    factor, 2x or more on both axes), or None for an image that is not one."""
    w, h = rgb.size
    if w < 4 or h < 4:
        return None
    xs, ys = _change_positions(rgb, 0), _change_positions(rgb, 1)
    if len(xs) < min_changes or len(ys) < min_changes:
        return None
    fx, fy = _integer_factor(rgb, xs, ys, min_changes)
    if (fx, fy) != (1, 1):
        return w // fx, h // fy
    nx = _native_length(xs, w)
    ny = _native_length(ys, h) if nx else None
    return (nx, ny) if nx and ny else None


def few_colours(image: Image.Image, limit: int = 16) -> bool:
    """At most ``limit`` exact colours: hard-edged art without anti-aliasing."""
    return image.getcolors(limit) is not None


# ----------------------------------------------------------------- detail tile
def detail_tile(rgb: Image.Image, side: int = TILE_SIDE) -> Image.Image:
    """The full-resolution tile with the most edges (a 5x5 grid of candidates)."""
    w, h = rgb.size
    if w <= side and h <= side:
        return rgb
    scale = max(w, h) / 128
    thumb = rgb.resize((max(1, round(w / scale)), max(1, round(h / scale))), Image.Resampling.NEAREST)
    edges = max_band(ImageChops.difference(thumb.filter(ImageFilter.MaxFilter(3)),
                                           thumb.filter(ImageFilter.MinFilter(3))))
    tw, th = min(side, w), min(side, h)
    best: tuple[int, tuple[int, int, int, int]] | None = None
    for gx in range(5):
        for gy in range(5):
            x, y = round((w - tw) * gx / 4), round((h - th) * gy / 4)
            box = (int(x / scale), int(y / scale), int((x + tw) / scale) or 1, int((y + th) / scale) or 1)
            score = sum(edges.crop(box).histogram()[32:])
            if best is None or score > best[0]:
                best = (score, (x, y, x + tw, y + th))
    assert best is not None
    return rgb.crop(best[1])


# ----------------------------------------------------------------- interpolation
def _mean_square_diff(a: Image.Image, b: Image.Image) -> float:
    return sum(v * v for v in ImageStat.Stat(ImageChops.difference(a, b)).rms)


def _structure(tile: Image.Image, k: int) -> float:
    """Mean squared difference of pixels ``k`` apart, per unit distance.

    A crisp edge gives the same value for every ``k``; an edge spread over W pixels gives
    a value that grows with ``k`` until ``k`` reaches W. The ratio measures edge width.
    """
    w, h = tile.size
    sx = _mean_square_diff(tile.crop((k, 0, w, h)), tile.crop((0, 0, w - k, h)))
    sy = _mean_square_diff(tile.crop((0, k, w, h)), tile.crop((0, 0, w, h - k)))
    return (sx + sy) / k


def _round_trip(tile: Image.Image, factor: float) -> float:
    w, h = tile.size
    small = tile.resize((max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.LANCZOS)
    return _mean_square_diff(tile, small.resize((w, h), Image.Resampling.BICUBIC))


@dataclass(frozen=True)
class Softness:
    edge_width: float  # structure(2) / structure(1): ~1.3 for crisp edges, >= 1.5 when soft
    round_trip: dict[float, float]  # normalised round-trip error per factor

    @property
    def interpolated_factor(self) -> float:
        """Estimated enlargement factor (1.0 when the image looks native).

        An enlarged image holds no detail finer than the factor, so shrinking it by up to
        that factor and enlarging it again changes almost nothing; a native image loses its
        crisp edges already at 1.5x. Edges must also be soft, which round-trips alone miss
        on images with little detail.
        """
        if self.edge_width < 1.5 or self.round_trip.get(1.5, 1.0) > 0.035:
            return 1.0
        factor = 1.0
        for f, error in sorted(self.round_trip.items()):
            if error > 0.1:
                break
            factor = f
        return factor


def softness(tile: Image.Image) -> Softness | None:
    """Edge width and round-trip errors of a tile, or None if it has too little detail."""
    if min(tile.size) < 48:
        return None
    d1 = _structure(tile, 1)
    if d1 < 1.0:
        return None
    width = _structure(tile, 2) / d1
    usable = [f for f in ROUND_TRIP_FACTORS if min(tile.size) / f >= 16]
    return Softness(width, {f: _round_trip(tile, f) / d1 for f in usable})


# ----------------------------------------------------------------- compression artefacts
EDGE_MARGIN = 7  # pixels within 3 of an edge are left out of the grain measure
_LAPLACE = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)


@dataclass(frozen=True)
class Grain:
    """Where an image changes by small steps, and whether those steps are noise."""

    near_flat_share: float  # share of pixels 4+ px off edges that step by 1..24 levels to a neighbour
    noisy_share: float  # of those, the share whose Laplacian is 3 levels or more (0 when too few)

    @property
    def compressed(self) -> bool:
        """JPEG (and lossy WebP) leave flat artwork speckled: many near-flat pixels, and
        the variation is noise. Crisp artwork has almost no near-flat pixels; glows, soft
        shadows and gradients have many, but they vary smoothly (a small Laplacian).
        Calibrated on logos, marks and wordmarks through JPEG q50 to q95 and lossy WebP,
        against crisp, aliased, gradient, glowing and shadowed ones."""
        return self.near_flat_share >= 0.02 and self.noisy_share >= 0.35


def _step(tile: Image.Image) -> Image.Image:
    """Per pixel, the largest change to its right or lower neighbour (an "L" image)."""
    w, h = tile.size
    right = ImageChops.difference(tile, ImageChops.offset(tile, -1, 0).crop((0, 0, w, h)))
    down = ImageChops.difference(tile, ImageChops.offset(tile, 0, -1))
    return max_band(ImageChops.lighter(right, down))


def grain(tile: Image.Image) -> Grain:
    n = tile.width * tile.height
    step = _step(tile)
    # Resampling rings for a pixel or two beside an edge; JPEG noise fills its 8x8 blocks.
    edge = step.point(lambda v: 255 if v > 24 else 0)
    beside_edge = edge.filter(ImageFilter.BoxBlur(EDGE_MARGIN // 2)).point(lambda v: 255 if v else 0)
    near_flat = ImageChops.subtract(step.point(lambda v: 255 if 1 <= v <= 24 else 0), beside_edge)
    count = near_flat.histogram()[255]
    if count < 0.02 * n:  # too few to matter: skip the Laplacian
        return Grain(count / max(n, 1), 0.0)
    laplace = max_band(ImageChops.difference(tile.filter(_LAPLACE), Image.new("RGB", tile.size, (128, 128, 128))))
    noisy = ImageChops.multiply(near_flat, laplace.point(lambda v: 255 if v >= 3 else 0))
    return Grain(count / max(n, 1), noisy.histogram()[255] / max(count, 1))


def has_compression_artefacts(tile: Image.Image) -> bool:
    """Lossy-compression noise over flat artwork (see ``Grain.compressed``)."""
    if min(tile.size) < 64:
        return False
    return grain(tile).compressed


# ----------------------------------------------------------------- background box
def solid_border(rgba: Image.Image, tolerance: int = 16) -> tuple[int, int, int] | None:
    """The colour of a solid background box, if the border is one colour that also fills
    a fair part of the image; None otherwise."""
    small = sample(rgba.convert("RGB"), 256)
    w, h = small.size
    if w < 8 or h < 8:
        return None
    ring = [small.crop(box) for box in ((0, 0, w, 1), (0, h - 1, w, h), (0, 0, 1, h), (w - 1, 0, w, h))]
    counts: dict[tuple[int, int, int], int] = {}
    for strip in ring:
        for count, colour in strip.getcolors(w * h):
            counts[colour] = counts.get(colour, 0) + count
    total = sum(counts.values())
    colour = max(counts, key=counts.__getitem__)
    near = sum(c for col, c in counts.items() if max(abs(a - b) for a, b in zip(col, colour)) <= tolerance)
    if near < 0.97 * total:
        return None
    distance = max_band(ImageChops.difference(small, Image.new("RGB", small.size, colour))).histogram()
    if sum(distance[: tolerance + 1]) < 0.2 * w * h:
        return None
    return colour

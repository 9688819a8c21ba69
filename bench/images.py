"""Time the image checks: ms per image for header-only reads and for the full logo
analysis of a 2000x2000 PNG. bench/run.py runs it; alone: python bench/images.py [--repeat N]"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from aislop.checks.images import examples as ex
from aislop.checks.images import pixels as px
from aislop.checks.images.check import ImageCheck
from aislop.checks.images.meta import read_header
from aislop.document import Document
from aislop.registry import Context, ProjectIndex


def _ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and best wall time in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ex.photo("photo.png", (2000, 2000))(root)
        ex.photo("photo.jpg", (2000, 2000))(root)
        ex.logo("logo.png", (2000, 2000))(root)
        ex.logo("upscaled-logo.png", (2000, 2000), native=(500, 500))(root)
        ex.svg("logo.svg", "pattern")(root)
        files = {p.name: "image" for p in root.iterdir()}
        check = ImageCheck()

        def run(name: str) -> list:
            doc = Document(path=root / name, relpath=name, kind="image", format=name.rsplit(".", 1)[1])
            ctx = Context(project=ProjectIndex(root=root, files=files))
            return list(check.check(doc, ctx))

        def decode(name: str) -> Image.Image:
            with Image.open(root / name) as im:
                return im.convert("RGBA")

        logo = decode("logo.png")
        rgb = px.on_grey(logo)
        rows = [
            ("header only: read_header, 2000x2000 PNG", lambda: read_header(root / "photo.png")),
            ("header only: read_header, 2000x2000 JPEG", lambda: read_header(root / "photo.jpg")),
            ("header only: full check of a non-logo PNG", lambda: run("photo.png")),
            ("SVG: parse + raster-in-svg", lambda: run("logo.svg")),
            ("full logo analysis, 2000x2000 PNG (crisp)", lambda: run("logo.png")),
            ("full logo analysis, 2000x2000 PNG (upscaled 4x)", lambda: run("upscaled-logo.png")),
            ("  of which: decode to RGBA", lambda: decode("logo.png")),
            ("  of which: colour profile (512 px sample)", lambda: px.profile(logo)),
            ("  of which: nearest-neighbour block test", lambda: px.block_factor(rgb)),
            ("  of which: detail tile + softness", lambda: px.softness(px.detail_tile(rgb))),
        ]
        print(f"{'measurement':52s} {'median ms':>10s} {'best ms':>9s}")
        for label, fn in rows:
            median, best = _ms(fn, args.repeat)
            print(f"{label:52s} {median:10.2f} {best:9.2f}")


if __name__ == "__main__":
    main()

"""opaque-logo: a logo without transparency on a solid box (icons and names saying "on white",
"bg" or "background" are opaque on purpose)."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.images import pixels as px
from aislop.checks.images.naming import BACKGROUND_WORDS
from aislop.checks.images.picture import Picture
from aislop.checks.images.rules import OPAQUE_LOGO
from aislop.model import Finding
from aislop.registry import Context

RULES = (OPAQUE_LOGO,)


def findings(picture: Picture, ctx: Context) -> Iterator[Finding]:
    logo = picture.logo
    if logo is None:
        return
    if not ctx.is_enabled(OPAQUE_LOGO) or logo.profile.translucent or logo.icon or logo.words & BACKGROUND_WORDS:
        return
    colour = px.solid_border(logo.image)
    if colour is not None:
        hex_colour = "#%02x%02x%02x" % colour
        yield logo.finding(
            OPAQUE_LOGO,
            f"Logo without transparency on a solid {hex_colour} box: on any other background "
            "it shows as a rectangle.",
            hex_colour,
        )

"""What a file name says: is it a logo, an icon, a sized rendition, and which artwork (the
``vector_key``) does it show?"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

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


SIZE_TOKEN = re.compile(r"(?:[-_ .]?(?:@\d(?:\.\d)?x|\d+x\d+|\d{2,4}(?:px)?))+$")


_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def name_words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def is_logo_name(relpath: str) -> bool:
    """Does the file name, or the folder holding it, say "logo"? Not when the name says the
    file is something that shows a logo (badge-editor-screenshot.png, logo-mockup.png)."""
    path = PurePosixPath(relpath)
    folder = name_words(path.parent.name) if path.parent.name else []
    words = name_words(path.stem)
    if set(words) & NOT_LOGO_WORDS:
        return False
    return any(w in LOGO_WORDS or w.startswith(LOGO_PREFIXES) for w in words) \
        or any(w in FOLDER_LOGO_WORDS or w.startswith(LOGO_PREFIXES) for w in folder)


def vector_key(name: str) -> str:
    """File stem without scale, size and version suffixes, with '_' and ' ' read as '-':
    logo@2x.png, logo-512.png, acme_logo_final_v2.png -> logo, logo, acme-logo."""
    stem = PurePosixPath(name).stem.lower()
    stem = SIZE_TOKEN.sub("", stem).strip("-_ .") or stem
    parts = [p for p in re.split(r"[-_ .]+", stem) if p]
    while len(parts) > 1 and _VERSION_TOKEN.fullmatch(parts[-1]):
        parts.pop()
    return "-".join(parts) or stem


def same_artwork(raster: str, vector: str) -> bool:
    """logo ~ logo, logo-white ~ logo, logo ~ logo-cmyk (prefix at a word boundary)."""
    if raster == vector:
        return True
    short, long = sorted((raster, vector), key=len)
    return long.startswith(short) and long[len(short)] in "-_ ."

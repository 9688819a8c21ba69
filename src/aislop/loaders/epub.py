"""EPUB e-books (a zip of XHTML chapters): each chapter in the spine's reading order is read by
the HTML loader as a Document of its own, located by its chapter number and file
(``chapter 3 (text/ch03.xhtml)``) with lines and columns inside that file.

Ghost-written e-books and lead magnets are delivered as EPUB; the chapters are plain XHTML, so
everything the HTML loader does (character references, hidden elements) applies. The package
and its XML are read under the same caps as Office files, through defusedxml.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from aislop.document import Document
from aislop.loaders.decoding import decode_text, normalise_newlines
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.html import load_html
from aislop.loaders.odf import parse_content, read_member
from aislop.loaders.suppressions import comment_suppressions
from aislop.loaders.zipguard import refuse_zip_bomb

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
MAX_CHAPTERS = 500
MAX_CHAPTER_BYTES = 10 * 1024 * 1024


def _spine(archive: zipfile.ZipFile) -> list[str]:
    """The chapter files in reading order, as paths inside the zip."""
    container = parse_content(read_member(archive, "META-INF/container.xml"))
    rootfile = container.find(f".//{CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise UnreadableFile("not a valid .epub: META-INF/container.xml names no package file")
    opf_path = rootfile.get("full-path")
    package = parse_content(read_member(archive, opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): (item.get("href"), item.get("media-type", ""))
        for item in package.iter(f"{OPF}item")
    }
    chapters = []
    for ref in package.iter(f"{OPF}itemref"):
        href, media = manifest.get(ref.get("idref"), (None, ""))
        if href and "html" in media and "://" not in href:
            chapters.append(posixpath.normpath(posixpath.join(base, href.split("#")[0])))
    return chapters[:MAX_CHAPTERS]


def load_epub(path: Path, relpath: str) -> list[Document]:
    try:
        refuse_zip_bomb(path)
        with zipfile.ZipFile(path) as archive:
            chapters = [(name, read_member(archive, name, MAX_CHAPTER_BYTES)) for name in _spine(archive)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, KeyError) as exc:
        raise UnreadableFile(f"not a valid .epub (zip) file: {exc}") from exc
    except (DefusedXmlException, ParseError) as exc:  # before ValueError: defusedxml's errors are ValueErrors
        reason = "it declares XML entities or a DTD, which are refused" if isinstance(exc, DefusedXmlException) else exc
        raise UnreadableFile(f"the e-book's package cannot be read safely: {reason}") from exc
    except ValueError as exc:  # a part inflating past its cap
        raise UnreadableFile(str(exc)) from exc
    if not chapters:
        raise UnreadableFile("not a valid .epub: its spine lists no XHTML chapter")
    docs = []
    for number, (name, data) in enumerate(chapters, start=1):
        source = normalise_newlines(decode_text(data))
        doc = Document(path=path, relpath=relpath, kind="prose", format="html", source=source,
                       location=f"chapter {number} ({name})")
        load_html(doc)
        doc.suppressions = comment_suppressions(doc)
        docs.append(doc)
    return docs

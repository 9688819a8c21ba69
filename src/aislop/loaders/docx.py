"""Word .docx: one text line per paragraph (tables after the body), read by python-docx
after the zip's parts are checked against inflation caps."""

from __future__ import annotations

import zipfile
from pathlib import Path

from aislop.document import Block, Document, mask
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.text import URL_RE

MAX_DOCX_XML_BYTES = 50 * 1024 * 1024  # inflated size cap for a docx's XML parts (.xml, .rels)
MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts together: python-docx reads every part whole


def _refuse_docx_bomb(path: Path) -> None:
    """Raise UnreadableFile when the docx's parts inflate past the caps.

    The sizes in a zip's directory are the archive's own claims, so every part is also
    inflated here in 1 MB steps: a part that inflates past its claim fails its CRC check
    now, before python-docx would inflate it whole in memory.
    """
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # bzip2/lzma parts inflate without a bound per read; Word never writes them.
                raise UnreadableFile(f"{info.filename} uses zip compression method {info.compress_type}")
            xml = info.filename.endswith((".xml", ".rels"))
            if xml and info.file_size > MAX_DOCX_XML_BYTES:
                raise UnreadableFile(
                    f"{info.filename} inflates to {info.file_size // 2**20} MB (cap {MAX_DOCX_XML_BYTES // 2**20} MB)"
                )
            total += info.file_size
            if total > MAX_DOCX_TOTAL_BYTES:
                raise UnreadableFile(f"its parts inflate to over {MAX_DOCX_TOTAL_BYTES // 2**20} MB")
            with archive.open(info) as part:
                while part.read(2**20):
                    pass


def load_docx(path: Path, relpath: str) -> Document:
    """A .docx: one text line per paragraph (line N = paragraph N), tables after the body."""
    try:
        _refuse_docx_bomb(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UnreadableFile(f"not a valid .docx (zip) file: {exc}") from exc
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise UnreadableFile(f"not a valid .docx file: {exc}") from exc
    lines: list[str] = []
    kinds: list[tuple[str, int, bool]] = []
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text.replace("\n", " ").replace("\r", " ")
        lines.append(text)
        if style.lower().startswith(("heading", "title")):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            kinds.append(("heading", level, False))
        elif "list" in style.lower():
            kinds.append(("list_item", 0, False))
        else:
            kinds.append(("paragraph", 0, "quote" in style.lower()))
    text = "\n".join(lines)
    doc = Document(path=path, relpath=relpath, kind="prose", format="docx", text=text, source=text)
    doc.meta["line_label"] = "paragraph {line}"
    offset = 0
    for line, (kind, level, quoted) in zip(lines, kinds, strict=True):
        if line.strip():
            doc.blocks.append(Block(kind, offset, offset + len(line), level=level, quoted=quoted))
        offset += len(line) + 1
    doc.urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    doc.text = mask(text, doc.urls)
    return doc

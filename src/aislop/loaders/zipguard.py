"""Office packages (.docx, .pptx, .odt, .odp) are zips: their parts are checked against
inflation caps before any library reads them, so a zip bomb is refused, not inflated."""

from __future__ import annotations

import zipfile
from pathlib import Path

from aislop.loaders.errors import UnreadableFile

MAX_XML_BYTES = 50 * 1024 * 1024  # inflated size cap for one XML part (.xml, .rels)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts together: python-docx and python-pptx read every part whole


def refuse_zip_bomb(path: Path) -> None:
    """Raise UnreadableFile when the package's parts inflate past the caps.

    The sizes in a zip's directory are the archive's own claims, so every part is also
    inflated here in 1 MB steps: a part that inflates past its claim fails its CRC check
    now, before python-docx, python-pptx or the XML parser would inflate it whole in memory.
    """
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # bzip2/lzma parts inflate without a bound per read; Office and LibreOffice never write them.
                raise UnreadableFile(f"{info.filename} uses zip compression method {info.compress_type}")
            xml = info.filename.endswith((".xml", ".rels"))
            if xml and info.file_size > MAX_XML_BYTES:
                raise UnreadableFile(
                    f"{info.filename} inflates to {info.file_size // 2**20} MB (cap {MAX_XML_BYTES // 2**20} MB)"
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise UnreadableFile(f"its parts inflate to over {MAX_TOTAL_BYTES // 2**20} MB")
            with archive.open(info) as part:
                while part.read(2**20):
                    pass

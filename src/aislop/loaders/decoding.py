"""Bytes to text: the encodings aislop accepts and the binary content it refuses."""

from __future__ import annotations

import codecs
import io
import tokenize

from aislop.loaders.errors import UnreadableFile


def decode_text(data: bytes) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 by BOM, then charset detection.

    Legacy 8-bit text is decoded (latin-1 as the last resort), never rejected; content that
    is plainly binary is refused, because linting it as prose would only produce noise.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # a truncated last unit is not worth refusing the file
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise UnreadableFile("binary content, not text")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:262144]))
    best = matches[0] if matches else None
    # Short Western text fits several code pages equally well (cp1257 won for "Café crème",
    # giving "crčme"): among near-ties, the common Windows-1252 / Latin-1 reading wins.
    western = [m for m in matches if m.encoding in ("cp1252", "latin_1") and m.chaos <= best.chaos + 0.1]
    if western and best.coherence - western[0].coherence <= 0.1:
        best = western[0]
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.1


def normalise_newlines(text: str) -> str:
    # \r\n -> \n keeps positions per line; columns are the same for the user.
    return text.replace("\r\n", "\n").replace("\r", "\n")



def decode_python(data: bytes) -> str:
    """Python source decoded per PEP 263 (coding cookie), falling back to text detection."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return normalise_newlines(data.decode(encoding))
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return normalise_newlines(decode_text(data))

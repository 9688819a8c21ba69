"""What several loaders share: the URL and code-span patterns (defined in aislop.document,
where the checks find them too), autolinks, and block trimming."""

from __future__ import annotations

import re
from dataclasses import replace

from aislop.document import CODE_SPAN_RE, URL_RE, Block

__all__ = ["AUTOLINK_RE", "CODE_SPAN_RE", "URL_RE", "trim_block"]

AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)


def trim_block(block: Block, text: str) -> Block:
    """Start a block at its first prose character (after blanked bullets, > and #)."""
    body = text[block.start : block.end]
    start = block.start + len(body) - len(body.lstrip())
    return replace(block, start=min(start, block.end))

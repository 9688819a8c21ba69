"""What several loaders share: the URL and code-span patterns, and block trimming."""

from __future__ import annotations

import re
from dataclasses import replace

from aislop.document import Block

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]*[^\s<>()\[\]\"'`.,;:!?]", re.I)
AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def trim_block(block: Block, text: str) -> Block:
    """Start a block at its first prose character (after blanked bullets, > and #)."""
    body = text[block.start : block.end]
    start = block.start + len(body) - len(body.lstrip())
    return replace(block, start=min(start, block.end))

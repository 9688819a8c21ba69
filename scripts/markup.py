"""Markdown markup stripping shared by the measure scripts: the same text scanned with its
layout removed shows which findings depend on the markup."""

from __future__ import annotations

import re


def strip_markdown(text: str, *, keep_lines: bool = False) -> str:
    """Drop heading marks, bullets, quote marks, emphasis and table bars; keep the words.

    ``keep_lines`` keeps every line (so labelled line numbers still match) and links as
    written; otherwise table rules and fence lines are dropped and ``[text](url)`` becomes
    ``text``.
    """
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        if not keep_lines and re.fullmatch(r"\s*(?:[=\-|: ]{3,}|```.*|~~~.*)\s*", line):
            continue
        line = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
        if not keep_lines:
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        out.append(line.replace("|", " "))
    return "\n".join(out) + "\n"

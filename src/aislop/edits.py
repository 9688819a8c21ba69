"""Edit builders the checks attach to their findings (``model.Autofix``), so that every rule
removes text the same way an editor would: debris with the space before it, a sentence with
the space after it, a paragraph with the blank line that separated it, a preamble with its
"that" (capitalising what now starts the sentence), a Python statement (``pass`` when the
block would be left empty). Each builder returns None when it cannot make a clean edit; the
finding is then reported without a fix.

Offsets are into ``Document.source`` (the same as ``Document.text``); a builder reads
``text`` (the prose view, markup blanked) to find words and ``source`` to keep markup intact.
"""

from __future__ import annotations

import ast
import re

from aislop.document import Document
from aislop.model import Autofix, Edit

_SPACE = " \t"
# What may surround a removed line besides the removed words: Markdown markup ("> ", "- ",
# "**", "#") and whitespace. Anything else on the line means the words share it with others.
_LINE_MARKUP = re.compile(r"[\s>*_#`+\-]*")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]*_]*(?=\s|$)")
_WORD = re.compile(r"[\w'\u2019]+")


def _line_start(source: str, pos: int) -> int:
    return source.rfind("\n", 0, pos) + 1


def _line_end(source: str, pos: int) -> int:
    """Index of the newline ending the line that holds ``pos`` (or the end of the text)."""
    end = source.find("\n", pos)
    return len(source) if end < 0 else end


def _balanced_tags(fragment: str) -> bool:
    """Whether the HTML tags in ``fragment`` open and close each other (``<p>`` ... ``</p>``)."""
    stack: list[str] = []
    for match in _TAG.finditer(fragment):
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if selfclosing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _only_markup(doc: Document, fragment: str) -> bool:
    if doc.format == "html":
        return _balanced_tags(fragment) and not _TAG.sub("", fragment).strip()
    return _LINE_MARKUP.fullmatch(fragment) is not None


def remove_lines(doc: Document, start: int, end: int, *, unsafe: bool = False) -> Autofix | None:
    """Remove the whole lines holding ``[start, end)`` when nothing but markup shares them,
    with the blank line that separated them from the next paragraph (or, at the end of the
    text, from the one before). None when other words share the lines."""
    source = doc.source
    first, last = _line_start(source, start), _line_end(source, max(start, end - 1))
    if not _only_markup(doc, source[first:start] + source[end:last]):
        return None
    after = min(last + 1, len(source))
    follows = source[after:]
    if not follows.strip():  # the end of the text: take the blank lines before instead
        before = source[:first].rstrip()
        if not before:
            return Autofix((Edit(0, len(source)),), unsafe)
        cut = source.find("\n", len(before))
        return Autofix((Edit(cut + 1 if cut >= 0 else len(before), len(source)),), unsafe)
    blank_before = first == 0 or not source[_line_start(source, first - 1) : first].strip()
    if blank_before:  # also take the blank lines after, so one separator is left
        after += len(follows) - len(follows.lstrip(" \t\n"))
        after = _line_start(source, after)
    return Autofix((Edit(first, after),), unsafe)


def remove_inline(doc: Document, start: int, end: int, *, unsafe: bool = False) -> Autofix | None:
    """Remove ``[start, end)`` inside a line with one run of the spaces around it: the space
    before when it ends a line or precedes punctuation, the space after when it opens one."""
    source = doc.source
    if whole := remove_lines(doc, start, end, unsafe=unsafe):
        return whole
    first, last = _line_start(source, start), _line_end(source, end)
    a, b = start, end
    while a > first and source[a - 1] in _SPACE:
        a -= 1
    while b < last and source[b] in _SPACE:
        b += 1
    if a == first:  # opens the line: take the spaces after, keep the indentation
        return Autofix((Edit(start, b),), unsafe)
    if a == start:  # glued to the word before ("growth【4†source】."): the span alone
        return Autofix((Edit(start, end),), unsafe)
    return Autofix((Edit(a, end),), unsafe)


def sentence_span(doc: Document, pos: int) -> tuple[int, int] | None:
    """The sentence of ``doc.text`` holding ``pos``, within its block (ends after its punctuation)."""
    block = doc.block_at(pos)
    if block is None:
        return None
    text = doc.text
    start = block.start
    for match in _SENTENCE_END.finditer(text, block.start, pos):
        start = match.end()
    while start < pos and text[start].isspace():
        start += 1
    stop = _SENTENCE_END.search(text, pos, block.end)
    end = stop.end() if stop else len(text[: block.end].rstrip())
    return start, end


_CLAUSE_END = re.compile(r"[.!?:\u2026]+[\"'\u201d\u2019)\]*_]*(?=\s|$)|\n")


def chatter_span(doc: Document, start: int, end: int, *, max_words_before: int = 3) -> tuple[int, int] | None:
    """Words addressed to the requester, ``[start, end)``, widened to the sentence, clause
    or line they sit in, never across a colon or line break ("Here's the draft you asked
    for:" stops before the draft). None when more than ``max_words_before`` words precede
    them in their sentence (content that would go with them)."""
    text = doc.text
    a = start
    for match in _CLAUSE_END.finditer(text, _line_start(text, start), start):
        a = match.end()
    while a < start and text[a].isspace():
        a += 1
    if len(_WORD.findall(text, a, start)) > max_words_before:
        return None
    stop = _CLAUSE_END.search(text, end)
    b = len(text.rstrip()) if stop is None else stop.end() if stop.group() != "\n" else stop.start()
    return a, b


def remove_spans(doc: Document, spans: list[tuple[int, int]]) -> Autofix | None:
    """Remove several spans as one fix (``remove_inline`` each). Safe when every span lies at
    the edge of the text, with only whitespace or other removed spans between it and the start
    or the end; unsafe otherwise."""
    text = doc.text
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and not text[merged[-1][1] : a].strip():  # overlapping, or only space between
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    edge = set()
    at = 0
    for i, (a, b) in enumerate(merged):  # a chain from the start of the text
        if text[at:a].strip():
            break
        edge.add(i)
        at = b
    at = len(text)
    for i in range(len(merged) - 1, -1, -1):  # and from its end
        a, b = merged[i]
        if text[b:at].strip():
            break
        edge.add(i)
        at = a
    unsafe = len(edge) < len(merged)
    edits: list[Edit] = []
    for a, b in merged:
        fix = remove_inline(doc, a, b, unsafe=unsafe)
        if fix is None:
            return None
        edits.extend(fix.edits)
    edits.sort(key=lambda e: e.start)
    for before, after in zip(edits, edits[1:]):
        if after.start < before.end:
            return None  # two removals that share text: leave it to a person
    return Autofix(tuple(edits), unsafe)


def remove_sentence(doc: Document, start: int, end: int, *, max_other_words: int = 4, unsafe: bool = True) -> Autofix | None:
    """Remove the sentence(s) holding ``[start, end)``, only when the flagged words are most of
    them (at most ``max_other_words`` other words): a stock sentence, not a sentence with a
    stock phrase in it."""
    first, last = sentence_span(doc, start), sentence_span(doc, max(start, end - 1))
    if first is None or last is None:
        return None
    a, b = first[0], last[1]
    other = len(_WORD.findall(doc.text[a:start])) + len(_WORD.findall(doc.text[end:b]))
    if other > max_other_words:
        return None
    return remove_inline(doc, a, b, unsafe=unsafe)


def _sentence_starts_at(doc: Document, pos: int) -> bool:
    before = doc.text[_line_start(doc.text, pos) : pos]
    block = doc.block_at(pos)
    head = doc.text[block.start : pos] if block else before
    stripped = head.rstrip()
    return not stripped or stripped[-1] in ".!?:\u2026"


_PREAMBLE_TAIL = re.compile(r"[ \t]*(?:,|:|\bthat\b)[ \t]*", re.I)
_SPACES = re.compile(r"[ \t]*")


def drop_preamble(doc: Document, start: int, end: int, *, unsafe: bool = False) -> Autofix | None:
    """"It's important to note that the fee..." -> "The fee...": remove a throat-clearing
    preamble with the comma, colon or "that" it hangs on, and capitalise the word that now
    starts the sentence. None unless the preamble opens its sentence or ends in "that"."""
    text, source = doc.text, doc.source
    phrase = text[start:end].rstrip().lower()
    # "Additionally," and "It's no secret that" carry what they hang on.
    complete = phrase.endswith((",", ":")) or phrase.endswith(" that")
    tail = (_SPACES if complete else _PREAMBLE_TAIL).match(text, end)
    if tail is None:
        return None
    opens = _sentence_starts_at(doc, start)
    if not opens and not (phrase.endswith(" that") or tail.group().strip().lower() == "that"):
        return None
    cut = tail.end()
    a = start
    if cut < len(text) and text[cut] == "\n":  # the rest starts on the next line: keep the break
        while a > _line_start(text, a) and text[a - 1] in _SPACE:
            a -= 1
    edits = [Edit(a, cut)]
    if opens:
        nxt = cut
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt < len(text) and text[nxt].islower() and source[nxt] == text[nxt]:
            # "iPhone", "eBay": a word with a capital inside keeps its case.
            word = _WORD.match(text, nxt)
            if word is None or word.group() == word.group().lower():
                edits.append(Edit(nxt, nxt + 1, text[nxt].upper()))
    return Autofix(tuple(edits), unsafe)


def drop_query_parameter(doc: Document, start: int, end: int) -> Autofix | None:
    """Remove ``name=value`` at ``[start, end)`` from a URL's query with its ``?``/``&``."""
    source = doc.source
    if start == 0:
        return None
    before, after = source[start - 1], source[end : end + 1]
    if before not in "?&":
        return None
    if after == "&":
        return Autofix((Edit(start, end + 1),))  # ?a&b -> ?b ; &a&b -> &b
    return Autofix((Edit(start - 1, end),))  # ?a -> (nothing) ; x&a -> x


def remove_statement(doc: Document, start: int, end: int, *, unsafe: bool = True) -> Autofix | None:
    """Remove the Python statement on the lines of ``[start, end)``; ``pass`` stands in when it
    was the only statement of its block. None unless the result still parses (nothing is run)."""
    source = doc.source
    first, last = _line_start(source, start), _line_end(source, max(start, end - 1))
    if source[first:start].strip() or source[end:last].strip() and not source[end:last].lstrip().startswith("#"):
        return None
    stop = min(last + 1, len(source))
    indent = source[first:start]
    for edit in (Edit(first, stop), Edit(first, stop, f"{indent}pass\n" if stop > last else f"{indent}pass")):
        try:
            ast.parse(source[: edit.start] + edit.replacement + source[edit.end :])
        except (SyntaxError, ValueError):
            continue
        return Autofix((edit,), unsafe)
    return None

"""placeholder-text: template slots and filler left in a deliverable ("[Client Name]", "Lorem
ipsum", "<CLIENT>", "TODO"), told apart from option syntax, link labels and commands."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import PLACEHOLDER_TEXT
from aislop.checks.hallucination.text import in_prose, packs, phrase_finding, sentence_at
from aislop.checks.text.technical import (
    changelog_file_lists,
    ini_section_names,
    is_code_line,
    is_synopsis_line,
    line_at,
)
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (PLACEHOLDER_TEXT,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if reading.doc.kind == "prose" and ctx.is_enabled(PLACEHOLDER_TEXT):
        yield from placeholders(reading.doc)


_LINK_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n]+)\]:[ \t]*\S", re.M)


def placeholders(doc: Document) -> Iterator[Finding]:
    defined = {label.lower() for label in _LINK_DEFINITION.findall(doc.source)}
    sections: set[str] | None = None
    file_lists: list[tuple[int, int]] | None = None
    for match, phrase in packs().text["placeholder-text"].finditer(doc.text):
        if match.group().startswith("["):
            if match.group()[1:-1].lower() in defined:
                continue  # [URL]: https://… makes [URL] a Markdown link label
            if sections is None:
                sections = ini_section_names(doc.text)
            if match.group()[1:-1] in sections or _notation(doc, match) or _describes_form(doc, match):
                continue
        elif match.group().startswith("{{") and _describes_form(doc, match):
            continue
        elif _VARIABLE_PERCENT.fullmatch(match.group()) and _BINDS_X.search(doc.source):
            continue  # "--threshold=X ... more than X% of the counts": X is the option's value
        elif is_code_line(doc.text[slice(*line_at(doc.text, match.start()))], marked_up=True):
            continue  # "$ echo Lorem ipsum | perl ..." is a command, its words test data
        else:
            if file_lists is None:
                file_lists = changelog_file_lists(doc.text)
            if any(a <= match.start() < b for a, b in file_lists):
                continue  # "\t* TODO: updated" in a ChangeLog: the TODO file changed
        yield phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase)
    for match, phrase in packs().source["placeholder-text"].finditer(doc.source):
        if in_prose(doc, match.start()):  # <CLIENT> is blanked as inline HTML in the prose view
            yield phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase, matched=match.group())


# Inside the brackets: option syntax ("[type=type]", "[type:]", "[file ...]", "[a|b]") or one
# lowercase hyphenated metavariable ("[your-program]").
_SYNTAX_BODY = re.compile(r"[^\]]*(?:=|\||\.\.\.|\u2026|<|:$)[^\]]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# A bracketed clause is an aside, not a slot: "[your credentials are used automatically]".
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|can|could|does|do|did|gets?|got)\b", re.I)


# A sentence that describes a notation or a format shows its slots on purpose: "the name takes the
# form Developer ID Application: [Name]", "regular expressions surrounded by double braces: {{yourregex}}".
_FORM_CUE = re.compile(
    r"(?i)\b(?:(?:takes?|taking|took|has|have|having|in|of|with|follows?|following|uses?|using) the "
    r"(?:form|format|shape|syntax|pattern)\b|(?:double |curly |square |angle )?(?:braces|brackets)\b|"
    r"(?:surrounded|enclosed|wrapped|delimited) (?:by|in|with)\b)"
)
# One X before a per cent sign is a variable when the document gives X a value ("--threshold=X",
# "where X is"); "XX%" and "X,XXX" are always figures left out.
_VARIABLE_PERCENT = re.compile(r"X\s?%")
_BINDS_X = re.compile(r"(?:[\w-]=|\bwhere |\blet )X(?![\w%])")


def _describes_form(doc: Document, match: re.Match) -> bool:
    """Whether the sentence up to the slot describes a notation or a format (see _FORM_CUE)."""
    block = doc.block_at(match.start())
    if block is None:
        return False
    start, _ = sentence_at(doc.text, block, match.start())
    return _FORM_CUE.search(doc.text, start, match.start()) is not None


def _notation(doc: Document, match: re.Match) -> bool:
    """Whether "[...]" is syntax notation rather than a template slot: an optional argument
    glued to an option or another bracket ("-O[type]", "%[*][width][type]", "[NUMBER]...",
    "[LINK]3:"; not an address part, "press@[company].com", "/[slug]"), option syntax inside the brackets, a bracket in a command synopsis or a shell
    command, or a whole clause in brackets."""
    text, start, end = doc.text, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end : end + 3]
    if not (before.isspace() or before in "(\"'\u201c\u2018*_>@/") or after[:1].isalnum() or after[:1] in "[]=":
        return True
    if after.startswith(("...", "\u2026")):
        return True
    body = match.group()[1:-1]
    if _SYNTAX_BODY.fullmatch(body):
        return True
    if body.lower().startswith(("your ", "client", "company", "recipient")) and _FINITE_VERB.search(body):
        return True
    line = text[slice(*line_at(text, start))]
    return " " not in body and is_synopsis_line(line) or is_code_line(line, marked_up=True)

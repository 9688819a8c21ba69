"""The technical parts of running text that are not prose: code and shell lines, command
synopses and INI section names.

Plain text (man pages rendered to text, READMEs, ChangeLogs, .txt notes) has no code markup, so
``buf[8192];``, ``wget [option]... [URL]...`` or ``[Service]`` sit in the same paragraphs as the
sentences. Rules that read brackets as citations or template slots ask these helpers whether
the line is code, a synopsis or configuration before they read it as a sentence."""

from __future__ import annotations

import re

# A shell or interpreter prompt opening the line: "$ make", "% ls", ">>> f(1)", "# systemctl ...".
_PROMPT = re.compile(r"[ \t]*(?:[$%]|>>>|#(?=[ \t]+[a-z][\w.-]*(?:[ \t]+-|[ \t]*[|<>]|[ \t]*$)))[ \t]")
# Statement and expression punctuation that prose does not use: "x = 1;", "a => b", "P ::= Q".
# (A lone " = " inside a sentence is notation, "(n = 2,304 profiles)"; an assignment opens its line.)
_CODE_MARK = re.compile(
    r";[ \t]*(?:/\*.*\*/|//.*)?$"  # a C-like statement end
    r"|(?:^|\s)(?:==|!=|={1,3}>|->|::=|:=|<-|\|\||&&)(?=\s|$)"  # comparisons, arrows, operators
    r"|^[ \t]*(?:[A-Za-z_]\w*[ \t]+)?[\w.$\[\]]+[ \t]*=[ \t]"  # an assignment: "variable A = ...", "a[0] = 7"
    r"|^[ \t]*(?:\}|\{)[ \t]*$"
)
_WORD = re.compile(r"(?<![\w.$/-])[A-Za-z][a-z]+(?:['\u2019][a-z]+)?(?![\w/(-])")


def line_at(text: str, offset: int) -> tuple[int, int]:
    """Start and end offsets of the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def is_code_line(line: str, marked_up: bool = False) -> bool:
    """A line of code, a shell command or program output rather than a sentence: it opens with
    a prompt, carries statement punctuation (``;`` at the end, `` = ``, ``=>``, ``::=``), or has
    fewer than two ordinary words outside brackets (``[1,2,3]``, ``=> [2, 4]``, ``ldh [12]``).
    In formats that mark code up (Markdown, HTML) the code is already out of the prose, and a
    short list item ("- Efficiency [2]") is still a sentence, so the word count is not asked."""
    if _PROMPT.match(line) or _CODE_MARK.search(line):
        return True
    if marked_up:
        return False
    outside = re.sub(r"\[[^\]\n]*\]", " ", line)
    return len(_WORD.findall(outside)) < 2


# A command synopsis: a lowercase command name followed only by options, bracketed optional
# arguments, metavariables and ellipses ("wget [option]... [URL]...", "hostname [NAME]").
_SYN_BRACKET = r"\[(?:-[^\]\n]*|[^\]\s]*)\](?:\.\.\.|\u2026)?"
_SYN_TOKEN = rf"(?:{_SYN_BRACKET}|--?[\w-]+(?:=\S+)?|[A-Z][A-Z0-9_-]*(?:\.\.\.)?|[a-z][\w.-]*|\.\.\.|\||<[^>\n]+>|\{{[^}}\n]*\}})"
_SYNOPSIS = re.compile(rf"[ \t]*[a-z][\w.+-]*(?:[ \t]+{_SYN_TOKEN})*[ \t]+{_SYN_BRACKET}(?:[ \t]+{_SYN_TOKEN})*[ \t]*")


def is_synopsis_line(line: str) -> bool:
    """``coproc [NAME] command [redirections]``: a command with its optional arguments."""
    return _SYNOPSIS.fullmatch(line) is not None


# "[Service]" alone on a line with "Key=value" lines under it.
_INI_HEADER = re.compile(r"^[ \t]*\[([A-Za-z][\w .-]{0,40})\][ \t]*\n(?:[ \t]*[#;][^\n]*\n)*[ \t]*[A-Za-z][\w.-]*[ \t]*=", re.M)
_SECTION_WORD = re.compile(r"\bsections?\b", re.I)


def ini_section_names(text: str) -> set[str]:
    """Names the document uses as INI/unit-file sections: ``[Name]`` on its own line over a
    ``Key=value`` line (then every ``[Name]`` alone on a line), or ``[Name]`` next to the word "section" ("the [Time] section",
    "[Service], [Socket] or [Swap] section")."""
    names = {m.group(1) for m in _INI_HEADER.finditer(text)}
    if names:  # a document showing unit files: "[Service]" alone on its line is one more section
        names |= set(re.findall(r"(?m)^[ \t]*\[([A-Za-z]\w{0,30})\][ \t]*$", text))
    for m in re.finditer(r"\[([A-Z][A-Za-z]{1,30})\]", text):
        start, end = line_at(text, m.start())
        if _SECTION_WORD.search(text, start, end):
            names.add(m.group(1))
    return names


# An address given as an argument of a command: "wget -rl0 http://example.com -o /tmp/log".
_OPTION_AFTER = re.compile(r"[ \t]+-{1,2}[A-Za-z]")
_OPTION_BEFORE = re.compile(r"(?:^|\s)-{1,2}[A-Za-z][\w-]*(?:[ \t]+\S+)?[ \t]+$")


def in_command(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is an argument in a command line: an option next to it, or a
    line of code (see is_code_line)."""
    line_start, line_end = line_at(text, start)
    return bool(
        _OPTION_AFTER.match(text, end, line_end)
        or _OPTION_BEFORE.search(text[line_start:start])
        or is_code_line(text[line_start:line_end], marked_up=True)
    )


# A GNU ChangeLog item opens with the files it changed, then a colon: "\t* src/sort.c
# (sequential_sort): Likewise.", "\t* FEATURES TODO: updates" (the project's TODO file).
_CHANGELOG_ITEM = re.compile(
    r"^[ \t]+\*[ \t]+(?P<files>[\w.+/\[\]{}*-]+(?:,?[ \t]+[\w.+/\[\]{}*-]+)*)(?:[ \t]*\([^()\n]*\))?:", re.M
)
_PATH = re.compile(r"/|\w\.\w")


def changelog_file_lists(text: str) -> list[tuple[int, int]]:
    """Spans of the file lists that open the items of a GNU-style ChangeLog: the document is one
    when at least three items name a path ("libxslt/pattern.c", "configure.in"); then every item's
    head is file names, so "* TODO: updated" says the TODO file was updated."""
    items = list(_CHANGELOG_ITEM.finditer(text))
    if sum(1 for m in items if _PATH.search(m.group("files"))) < 3:
        return []
    return [m.span("files") for m in items]

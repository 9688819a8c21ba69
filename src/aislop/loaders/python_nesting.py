"""The nesting guard for Python source: libcst's native parser recurses once per bracket level
and per chained operator, and overflows the C stack (a segfault that kills the process, not an
exception) past ~1200 nested brackets, ~6600 chained operators or ~600 nested f-strings, so such
source is refused before anything parses it.

The guard reads the source the way libcst's tokenizer does (its strings, comments and f-strings,
PEP 701 nesting included), but only as far as brackets, commas, line ends and string bounds: a
few C-speed regex searches per line instead of Python's pure-Python ``tokenize``. libcst
tokenizes a whole file before it parses any of it, so once the source is no longer valid to its
tokenizer (an unterminated string, a stray ``}`` in an f-string) nothing after that point can
reach the parser, and the guard stops reading there.
"""

from __future__ import annotations

import re
import tokenize
from functools import cache

# CPython itself refuses more than 200 nested brackets.
MAX_PYTHON_BRACKETS = 200
MAX_PYTHON_RUN = 3000  # tokens in one comma-separated item, summed over the open brackets
# libcst reads ``elif`` clauses one inside the other: ~10,000 in one if statement overflow it.
MAX_ELIF_CHAIN = 1000

# A string's body the way libcst's tokenizer reads it: a backslash always takes the next
# character (a newline too), a one-quote string ends at its quote and may not hold a bare
# newline, a three-quote one ends at the first three quotes in a row.
_STRING = (
    r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'(?!'')[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r'|"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"'
)
# The string prefixes that make libcst read a string as an f- or t-string, when one is the whole
# name before the quote (``elif"x"`` is a keyword and a plain string, ``rb"x"`` plain bytes).
_FSTRING_PREFIXES = frozenset(
    {"f", "F", "t", "T"} | {a + b for a in "fF" for b in "rR"} | {a + b for a in "rR" for b in "fFtT"}
)
# What the guard stops at in code: comments, strings (a lone quote opens none: unterminated),
# brackets, commas, semicolons, line ends (a backslash-newline continues the line). Every
# alternative opens with a literal character, so the regex engine skips to the next candidate
# at C speed; the caller tells them apart by that first character.
_CODE_STOPS = (
    r"\#[^\n]*"
    rf"|{_STRING}|'|\""
    r"|\(|\[|\{|\)|\]|\}|,|;|\n|\\\n"
)
_CODE = re.compile(_CODE_STOPS, re.S)
# Inside an f-string's replacement field a ``:`` at the field's own level starts the format spec.
_FIELD = re.compile(_CODE_STOPS + "|:", re.S)
# In an f-string's literal text: escapes, braces, quotes and line ends.
_LITERAL_SPECIAL = re.compile(r"[\\{}'\"\n]")
# Characters a backslash takes with it in a non-raw f-string (libcst's list): other escapes
# leave the next character to be read, so ``\{`` still opens a field.
_FSTRING_ESCAPES = frozenset("\n\\'\"abfnrtvx0123456789NuU")


@cache
def _plain_tokens() -> re.Pattern[str]:
    """Tokens between the guard's stopping points, as Python's tokenizer splits them (compiled
    only for the rare file whose items need counting in tokens)."""
    return re.compile(rf"{tokenize.Number}|\w+|{tokenize.Special}|\S")


_OPEN, _CLOSE, _COMMA, _NEWLINE, _SEMICOLON, _COMMENT, _QUOTE, _COLON, _CONTINUED = range(9)
_KINDS = {
    "(": _OPEN, "[": _OPEN, "{": _OPEN, ")": _CLOSE, "]": _CLOSE, "}": _CLOSE, ",": _COMMA,
    "\n": _NEWLINE, ";": _SEMICOLON, "#": _COMMENT, "'": _QUOTE, '"': _QUOTE, ":": _COLON,
    "\\": _CONTINUED,
}


class FString:
    """One f-string being read (libcst's FTStringNode): its quote, whether it is raw, and how
    many of its replacement-field brackets and format specs are open."""

    __slots__ = ("quote", "triple", "raw", "brackets", "specs")

    def __init__(self, prefix: str, quote: str) -> None:
        self.quote = quote
        self.triple = len(quote) == 3
        self.raw = "r" in prefix or "R" in prefix
        self.brackets = 0
        self.specs = 0

    def in_field(self) -> bool:
        return self.brackets > self.specs


def nesting_problem(source: str, comments: list[tuple[int, str]] | None = None) -> str | None:
    """Why libcst must not parse ``source`` (brackets nested, an expression chained or an if
    statement's elif clauses too deep for its recursion), or None. ``comments``, when given,
    receives every comment as (offset, text), for suppression directives."""
    if "\r" in source:  # libcst reads a lone \r as a line end; the loaders normalise, callers may not
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    # Where logical lines start, only when there may be a long elif chain to look for.
    line_starts = [0] if source.count("elif") > MAX_ELIF_CHAIN else None
    problem = _scan(source, False, comments, line_starts)
    if problem is _MAYBE_TOO_LONG:
        # The quick pass counts characters, which bound tokens from above: count them exactly.
        if comments is not None:
            comments.clear()
        problem = _scan(source, True, comments, None)
    if problem is None and line_starts:
        problem = _elif_problem(source, line_starts)
    return problem


_MAYBE_TOO_LONG = "an item longer than the token bound, counted in characters"
_TRIPLE_QUOTES = ("'''", '"""')


def _scan(
    source: str, exact: bool, comments: list[tuple[int, str]] | None, line_starts: list[int] | None
) -> str | None:
    """One pass over ``source``: bracket depth (f-string replacement fields included) and the
    size of the current comma-separated item at each open bracket: its tokens when ``exact``,
    else its characters (never fewer)."""
    runs = [0]  # size of the current item at each open bracket level
    total = 0  # their sum
    last = 0  # end of the previous stop: the code after it is counted at the next one
    pos = 0
    fstrings: list[FString] = []  # the f-strings open around ``pos``, innermost last
    count = _plain_tokens().findall if exact else None
    kinds = _KINDS
    while True:
        if fstrings and not fstrings[-1].in_field():
            # The literal text or a format spec of the innermost f-string.
            event, pos = _read_literal(source, pos, fstrings[-1])
            last = pos
            if event is None:  # not valid to libcst's tokenizer from here on: never parsed
                return None
            if event == "end":
                fstrings.pop()
            elif event == "{":
                fstrings[-1].brackets += 1
                runs[-1] += 1
                total += 1
                runs.append(0)
                if len(runs) > MAX_PYTHON_BRACKETS:
                    return _too_deep(source, pos)
            else:  # "}" ends a format spec and its field
                fstrings[-1].specs -= 1
                fstrings[-1].brackets -= 1
                total -= runs.pop()
            continue
        node = fstrings[-1] if fstrings else None
        for match in (_FIELD if node else _CODE).finditer(source, pos):
            start, end = match.span()
            if start > last:
                gap = len(count(source, last, start)) if exact else start - last
                runs[-1] += gap
                total += gap
                if total > MAX_PYTHON_RUN:
                    return _too_long(source, start) if exact else _MAYBE_TOO_LONG
            last = end
            kind = kinds[source[start]]
            if kind is _NEWLINE:
                if len(runs) == 1:  # a logical line ends
                    runs[0] = total = 0
                    if line_starts is not None:
                        line_starts.append(end)
            elif kind is _OPEN:
                runs[-1] += 1
                total += 1
                runs.append(0)
                if len(runs) > MAX_PYTHON_BRACKETS:
                    return _too_deep(source, start)
                if node:
                    node.brackets += 1
            elif kind is _CLOSE:
                if len(runs) == 1:
                    return None  # an unmatched closing bracket: libcst's tokenizer stops here
                total -= runs.pop()
                if node:
                    node.brackets -= 1
                    if not node.in_field():  # the field is closed: back to its literal text
                        break
            elif kind is _COMMA:
                total -= runs[-1]
                runs[-1] = 0
            elif kind is _QUOTE:
                if start and source[start - 1] in "fFtTrR" and (prefix := _fstring_prefix(source, start)):
                    quote = source[start:start + 3]
                    quote = quote if quote in _TRIPLE_QUOTES else source[start]
                    fstrings.append(FString(prefix, quote))
                    last = start + len(quote)
                    runs[-1] += 1
                    total += 1
                    break
                if end - start == 1:
                    return None  # a quote that opens no string: libcst's tokenizer stops here
                runs[-1] += 1
                total += 1
            elif kind is _COMMENT:
                if comments is not None:
                    comments.append((start, match.group()))
            elif kind is _SEMICOLON:
                if len(runs) == 1:
                    runs[0] = total = 0
            elif kind is _COLON:
                if node.brackets - node.specs == 1:  # at the field's own level: a format spec
                    node.specs += 1
                    break
            # _CONTINUED: a backslash-newline joins two lines into one
            if total > MAX_PYTHON_RUN:
                return _too_long(source, start) if exact else _MAYBE_TOO_LONG
        else:
            end = len(source)
            if end > last:
                total += len(count(source, last, end)) if exact else end - last
            if total > MAX_PYTHON_RUN:
                return _too_long(source, end) if exact else _MAYBE_TOO_LONG
            return None
        pos = last


def _fstring_prefix(source: str, quote: int) -> str | None:
    """The f- or t-string prefix that is the whole name before the quote at ``quote``, if any."""
    start = quote
    while start > 0 and quote - start < 3 and _is_name_char(source[start - 1]):
        start -= 1
    name = source[start:quote]
    return name if name in _FSTRING_PREFIXES else None


def _is_name_char(char: str) -> bool:
    return char == "_" or char.isalnum() or char >= "\x80"  # libcst: any non-ASCII character


def _read_literal(source: str, pos: int, node: FString) -> tuple[str | None, int]:
    """Read an f-string's literal text (or format spec) from ``pos`` as libcst's tokenizer
    does, up to what ends it: ("end", after the closing quote), ("{", after a field's opening
    brace), ("}", after the brace that closes a format spec), or (None, pos) where the tokenizer
    reports an error (an unterminated string, a lone ``}``)."""
    in_spec = node.specs > 0
    quote = node.quote
    named_escape = False  # after \N{ the next } belongs to the escape
    while True:
        match = _LITERAL_SPECIAL.search(source, pos)
        if match is None:
            return None, len(source)
        at = match.start()
        char = source[at]
        if char == quote[0]:
            if not node.triple or source.startswith(quote, at):
                return "end", at + len(quote)
            pos = at + 1
        elif char == "\n":
            if not node.triple:
                return None, at
            pos = at + 1
        elif char == "\\":
            following = source[at + 1:at + 2]
            if node.raw:
                pos = at + 2 if following and following in "'\"\\" else at + 1
            elif in_spec:
                pos = at + 1 if following and following in "{}" else at + 2
            elif following and following in _FSTRING_ESCAPES:
                pos = at + 2
                if following == "N" and source.startswith("{", pos):
                    named_escape = True
                    pos += 1
            else:
                pos = at + 1  # \{ leaves the brace to open a field
        elif char == "{":
            if not in_spec and source.startswith("{{", at):
                pos = at + 2
            else:
                return "{", at + 1
        elif char == "}":
            if named_escape:
                named_escape = False
                pos = at + 1
            elif in_spec:
                return "}", at + 1
            elif source.startswith("}}", at):
                pos = at + 2
            else:
                return None, at
        else:  # the other kind of quote
            pos = at + 1


_LINE_HEAD = re.compile(r"([ \t\f]*)(elif\b|[^\s#])?")


def _elif_problem(source: str, line_starts: list[int]) -> str | None:
    """An if statement with more than MAX_ELIF_CHAIN elif clauses, from the logical lines'
    first words: a clause continues the chain at its indentation, any other statement ends the
    chains at its indentation and deeper."""
    chains: dict[int, int] = {}  # indentation width -> elif clauses so far
    for start in line_starts:
        head = _LINE_HEAD.match(source, start)
        word = head.group(2)
        if word is None:
            continue  # a blank or comment line
        width = head.end(1) - start
        if word == "elif":
            chains[width] = chains.get(width, 0) + 1
            if chains[width] > MAX_ELIF_CHAIN:
                return (
                    f"more than {MAX_ELIF_CHAIN} elif clauses in one if statement at line "
                    f"{_line(source, start)}; too deep to parse safely"
                )
        elif chains and max(chains) >= width:
            chains = {w: n for w, n in chains.items() if w < width}
    return None


def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _too_deep(source: str, offset: int) -> str:
    line = _line(source, offset)
    return f"brackets nested more than {MAX_PYTHON_BRACKETS} deep at line {line}; too deep to parse safely"


def _too_long(source: str, offset: int) -> str:
    return (
        f"an expression at line {_line(source, offset)} is longer than {MAX_PYTHON_RUN} tokens "
        "without a break; too deep to parse safely"
    )

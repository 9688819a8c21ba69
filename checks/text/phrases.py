"""Phrase packs compiled for speed: many patterns, one scan of the text.

Python's regex engine tries every alternative at every position, so a pack of dozens of
phrases costs dozens of failed attempts per character. Most phrases can only start at the
start of a word; those are compiled behind a word-start look-behind that rejects the other
positions before any alternative is tried (2-4x faster on real text). The rest ("[Insert",
"{{", "【") usually open with one of a few characters. Each regex is compiled for the subset
of patterns a text may hold (below), behind a look-ahead for those patterns' first characters:
a word start is tried only when its letter opens one of them. These facts are read from each
pattern's parsed form, not guessed.

Even so, a regex scan costs tens of nanoseconds per character, and almost no text holds any
phrase. So each pattern also yields the literal strings one of which every match must contain
("tapestry" for "(?:a )?(?:rich|vibrant) tapestry"); a text is casefolded once, C-speed
substring tests pick the patterns that could match, and only those run (10-20x less time).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_AFTER_NON_WORD = r"(?<![\w'])"  # with a word character next: where a phrase that opens with a word can start


def _word_char(code: int) -> bool:
    return chr(code).isalnum() or chr(code) == "_"


def _zero_width(op: Any, arg: Any) -> bool:
    """An item that matches no characters: an anchor, a lookaround, or a group or alternation
    of only those, such as ``(?:(?<=^)|(?<=[.!?] ))`` (a sentence start)."""
    if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return True
    if op == sre_constants.SUBPATTERN:
        return bool(arg[-1]) and all(_zero_width(o, a) for o, a in arg[-1])
    if op == sre_constants.BRANCH:
        return all(branch and all(_zero_width(o, a) for o, a in branch) for branch in arg[1])
    return False


def _starts_with_word(items: Any) -> bool:
    """True when every match of the parsed sequence ``items`` begins with a word character."""
    for op, arg in items:
        if _zero_width(op, arg):
            continue  # zero-width: look at what follows
        if op == sre_constants.LITERAL:
            return _word_char(arg)
        if op == sre_constants.IN:
            return all(
                (kind == sre_constants.LITERAL and _word_char(value))
                or (kind == sre_constants.RANGE and all(_word_char(c) for c in (value[0], value[1])))
                or (kind == sre_constants.CATEGORY and value == sre_constants.CATEGORY_WORD)
                for kind, value in arg
            )
        if op == sre_constants.BRANCH:
            return all(_starts_with_word(branch) for branch in arg[1])
        if op == sre_constants.SUBPATTERN:
            return _starts_with_word(arg[-1])
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _, body = arg
            return low >= 1 and _starts_with_word(body)
        return False
    return False


def _first_chars(items: Any) -> set[str] | None:
    """The characters any match of ``items`` can begin with; None when that is not a small set."""
    for k, (op, arg) in enumerate(items):
        if _zero_width(op, arg):
            continue
        if op == sre_constants.LITERAL:
            return {chr(arg)}
        if op == sre_constants.IN:
            chars: set[str] = set()
            for kind, value in arg:
                if kind != sre_constants.LITERAL:
                    return None
                chars.add(chr(value))
            return chars
        if op == sre_constants.BRANCH:
            chars = set()
            for branch in arg[1]:
                first = _first_chars(branch)
                if first is None:
                    return None
                chars |= first
            return chars
        if op == sre_constants.SUBPATTERN:
            return _first_chars(arg[-1])
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _, body = arg
            first = _first_chars(body)
            if first is None or low >= 1:
                return first
            after = _first_chars(items[k + 1 :])  # optional ("(?:a )?tapestry"): it or what follows
            return None if after is None else first | after
        return None
    return None


def first_chars(pattern: str, flags: int = re.IGNORECASE) -> set[str] | None:
    """Characters a match of ``pattern`` can start with (both cases), or None if unbounded."""
    try:
        chars = _first_chars(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError):
        return None
    if chars is None:
        return None
    return {c for ch in chars for c in (ch, ch.lower(), ch.upper())}


def starts_at_word(pattern: str, flags: int = re.IGNORECASE) -> bool:
    """Can ``pattern`` only match starting on a word character?"""
    try:
        return _starts_with_word(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError):
        return False


def _required(items: Any) -> frozenset[str] | None:
    """Literal strings (casefolded) one of which every match of ``items`` contains, chosen to be
    as long as possible; None when no such set is found."""
    best: frozenset[str] | None = None
    for candidate in _required_sets(items):
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate
    return best


def _branch_union(branches: list[Any]) -> frozenset[str] | None:
    """What an alternation needs: one literal of every branch's best set, or None."""
    found = [_required(branch) for branch in branches]
    return frozenset().union(*found) if all(f is not None for f in found) else None  # type: ignore[arg-type]


def _required_sets(items: Any) -> list[frozenset[str]]:
    """Every set of literals that the sequence ``items`` needs, one from each set (the items
    of a sequence all have to match): a bracket and one of the slot nouns for a bracketed slot."""
    sets: list[frozenset[str]] = []
    run: list[str] = []

    def add(candidate: frozenset[str] | None) -> None:
        if candidate and all(candidate):
            sets.append(candidate)

    for op, arg in items:
        if op == sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        add(frozenset({"".join(run).casefold()}) if run else None)
        run = []
        if op == sre_constants.SUBPATTERN:
            sets += _required_sets(arg[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            if arg[0] >= 1:
                sets += _required_sets(arg[2])
        elif op == sre_constants.ATOMIC_GROUP:
            sets += _required_sets(arg)
        elif op == sre_constants.BRANCH:
            add(_branch_union(arg[1]))
    add(frozenset({"".join(run).casefold()}) if run else None)
    return sets


def required_literal_sets(pattern: str, flags: int = re.IGNORECASE, limit: int = 3) -> tuple[frozenset[str], ...] | None:
    """Sets of strings such that a match of ``pattern`` contains one string of *each* set
    (casefolded), most selective first; None when nothing is required. A stronger prefilter
    than one set: the text must hold a bracket *and* a slot noun, not just the word "date"."""
    try:
        sets = _required_sets(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError):
        return None
    unique = sorted(set(sets), key=lambda group: (-min(map(len, group)), len(group), sorted(group)))
    return tuple(unique[:limit]) or None


def required_literals(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Strings one of which must occur (casefolded) in the text for ``pattern`` to match there."""
    try:
        return _required(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError):
        return None


def compile_alternation(patterns: list[str], *, prefix: str = "", flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex with a named group per pattern (``p0``, ``p1`` ... in the given order)."""
    body = "|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)) or r"(?!x)x"
    return re.compile(prefix + f"(?:{body})", flags)


_last_folded: tuple[str, str] = ("", "")  # the packs of one document ask about the same text in turn


def _casefolded(text: str) -> str:
    """``text.casefold()``, remembered for the last text object asked about."""
    global _last_folded
    last = _last_folded
    if last[0] is text:
        return last[1]
    folded = text.casefold()
    _last_folded = (text, folded)
    return folded


class _NativeLiterals:
    """A pack's literals in one Hyperscan database: one SIMD pass over the text says which of
    them it holds (each reported once) instead of one substring search per literal, 3x less
    time for the prefilter. The text is searched as UTF-8, whose substrings are the text's."""

    def __init__(self, literals: list[str]):
        import hyperscan

        self._hyperscan = hyperscan
        self._db = hyperscan.Database()
        self._db.compile(
            expressions=[literal.encode("utf-8", "surrogatepass") for literal in literals],
            ids=list(range(len(literals))), elements=len(literals),
            flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(literals), literal=True,
        )
        self._scratch = threading.local()  # Hyperscan scans without the GIL: a scratch space per thread

    def present(self, folded: str) -> set[int]:
        """Indexes of the literals that occur in ``folded``."""
        scratch = getattr(self._scratch, "space", None)
        if scratch is None:
            scratch = self._scratch.space = self._hyperscan.Scratch(self._db)
        found: set[int] = set()
        self._db.scan(folded.encode("utf-8", "surrogatepass"), match_event_handler=lambda i, *_: found.add(i),
                      scratch=scratch)
        return found


def _native_literals(literals: list[str]) -> _NativeLiterals | None:
    """Hyperscan where its wheel is installed (x86-64: a dependency there), else None and the
    pure-Python prefilter, which gives the same candidates (tests/test_phrases.py)."""
    if not literals:
        return None
    try:
        return _NativeLiterals(literals)
    except ImportError:
        return None
    except Exception:  # noqa: BLE001 - a CPU Hyperscan cannot run on (no SSSE3): the pure-Python prefilter
        return None


class PhrasePack:
    """Patterns compiled into at most three regexes — word-start phrases, phrases with a known
    set of first characters, and the rest — each with the cheapest possible prefilter.
    ``finditer`` yields ``(match, index)`` in text order, ``index`` being the pattern's
    position in the list given. Matching is exactly that of the full alternation: the
    literal prefilter only drops patterns that cannot match the text at all. ``native=False``
    keeps the prefilter in pure Python even where Hyperscan is installed (for comparison)."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE | re.MULTILINE, *, native: bool = True):
        self._patterns = patterns
        self._flags = flags
        word: list[int] = []
        keyed: list[int] = []
        rest: list[int] = []
        self._first = [first_chars(pattern, flags) for pattern in patterns]
        for i, pattern in enumerate(patterns):
            if starts_at_word(pattern, flags):
                word.append(i)
            elif self._first[i] is not None:
                keyed.append(i)
            else:
                rest.append(i)
        self._groups = [(tuple(idx), at_word) for idx, at_word in ((word, True), (keyed, False), (rest, False)) if idx]
        required = [required_literal_sets(p, flags) for p in patterns]
        self._always = frozenset(i for i, sets in enumerate(required) if sets is None)
        self._literal_sets = [(i, tuple(tuple(sorted(g)) for g in sets)) for i, sets in enumerate(required) if sets]
        literals = sorted({literal for _, sets in self._literal_sets for group in sets for literal in group})
        self._native = _native_literals(literals) if native else None
        number = {literal: k for k, literal in enumerate(literals)}
        self._numbered_sets = [(i, tuple(frozenset(number[lit] for lit in group) for group in sets))
                               for i, sets in self._literal_sets]
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._plans: dict[frozenset[int], list[tuple[re.Pattern[str], tuple[int, ...]]]] = {}

    def _prefix(self, idx: tuple[int, ...], at_word: bool) -> str:
        """What every position a match of ``idx`` starts at has: a word start (for phrases that
        begin with a word) and one of the patterns' first characters, when all of them are
        known. A look-ahead of the few first characters of the patterns a text may hold
        rejects almost every position before any alternative is tried. It is case-blind, a
        superset of what each pattern accepts whatever its flags."""
        chars: set[str] | None = set()
        for i in idx:
            first = self._first[i]
            if first is None or chars is None:
                chars = None
                break
            chars |= first
        guard = "(?i:(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "]))" if chars else ""
        if at_word:
            return _AFTER_NON_WORD + (guard or r"(?=\w)")
        return guard

    def _regex(self, idx: tuple[int, ...], at_word: bool) -> re.Pattern[str]:
        """The alternation of the patterns ``idx``, compiled once per distinct subset."""
        regex = self._compiled.get(idx)
        if regex is None:
            if len(self._compiled) > 512:  # bound the memo on unusual texts
                self._compiled.clear()
            regex = compile_alternation([self._patterns[i] for i in idx], prefix=self._prefix(idx, at_word),
                                        flags=self._flags)
            self._compiled[idx] = regex
        return regex

    def _plan(self, candidates: set[int]) -> list[tuple[re.Pattern[str], tuple[int, ...]]]:
        """The regexes to run for these candidates, memoised: a document's pieces share one set."""
        key = frozenset(candidates)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 512:  # bound the memo on unusual texts
                self._plans.clear()
            plan = []
            for idx, at_word in self._groups:
                active = tuple(i for i in idx if i in key)
                if active:
                    plan.append((self._regex(active, at_word), active))
            self._plans[key] = plan
        return plan

    def candidates(self, text: str) -> set[int]:
        """Indexes of the patterns that could match somewhere in ``text``. Callers scanning many
        pieces of one document compute this once over the pieces joined and pass it on."""
        folded = _casefolded(text)
        candidates = set(self._always)
        if self._native is not None:
            present = self._native.present(folded)
            for i, numbered in self._numbered_sets:
                for group in numbered:
                    if present.isdisjoint(group):
                        break  # no literal of this group: the pattern cannot match
                else:
                    candidates.add(i)
            return candidates
        for i, sets in self._literal_sets:  # plain loops: generator expressions cost more here
            for group in sets:
                for literal in group:
                    if literal in folded:
                        break
                else:
                    break  # no literal of this group: the pattern cannot match
            else:
                candidates.add(i)
        return candidates

    def match_at(self, text: str, pos: int, end: int, candidates: set[int]) -> Iterator[tuple[re.Match, int]]:
        """Matches that begin exactly at ``pos`` (for phrases that only count at the start of
        a paragraph: a few anchored attempts instead of a scan of the whole paragraph)."""
        if not candidates:
            return
        for regex, idx in self._plan(candidates):
            match = regex.match(text, pos, end)
            if match:
                yield match, idx[int(match.lastgroup[1:])]

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, candidates: set[int] | None = None
    ) -> Iterator[tuple[re.Match, int]]:
        end = len(text) if end is None else end
        if candidates is None:
            candidates = self.candidates(text[start:end])
        if not candidates:
            return
        parts = self._plan(candidates)
        if len(parts) == 1:
            regex, idx = parts[0]
            for match in regex.finditer(text, start, end):
                yield match, idx[int(match.lastgroup[1:])]
            return
        found = [(match, idx[int(match.lastgroup[1:])]) for regex, idx in parts for match in regex.finditer(text, start, end)]
        found.sort(key=lambda item: (item[0].start(), item[1]))
        yield from found

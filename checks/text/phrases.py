"""Phrase packs compiled for speed: many patterns, few scans of the text.

Python's regex engine tries every alternative at every position, so a pack of dozens of
phrases costs dozens of failed attempts per character. Most phrases can only start at the
start of a word; those run behind a word-start look-behind that rejects the other positions
before the pattern is tried (2-4x faster on real text). The rest ("[Insert", "{{", "【")
usually open with one of a few characters: each pattern runs behind a look-ahead for its first
characters. These facts are read from each pattern's parsed form (parsed once), not guessed.

Even so, a regex scan costs tens of nanoseconds per character, and almost no text holds any
phrase. So each pattern also yields the literal strings one of which every match must contain
("tapestry" for "(?:a )?(?:rich|vibrant) tapestry"); a text is casefolded once, C-speed
substring tests pick the patterns that could match, and only those run (10-20x less time), and
only over the paragraphs that hold their literals. The candidates differ from document to
document, so they run one by one, each compiled once per process, and their matches are merged
as the alternation of the group would find them: compiling an alternation per set of
candidates cost more than the scans themselves.
"""

from __future__ import annotations

import marshal
import platform
import re
import sys
import threading
from collections.abc import Iterator
from functools import cache
from typing import Any

from aislop import artifacts

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


_DIGIT = "\\d"  # a first "character" standing for the class of digits


def _first_chars(items: Any, blind: bool = True) -> set[tuple[str, bool]] | None:
    """The characters any match of ``items`` can begin with, each with whether it matches
    case-blind there (``(?-i:X)`` matches only "X"); None when that is not a small set."""
    for k, (op, arg) in enumerate(items):
        if _zero_width(op, arg):
            continue
        if op == sre_constants.LITERAL:
            return {(chr(arg), blind)}
        if op == sre_constants.IN:
            chars: set[tuple[str, bool]] = set()
            for kind, value in arg:
                if kind == sre_constants.LITERAL:
                    chars.add((chr(value), blind))
                elif kind == sre_constants.RANGE and value[1] - value[0] < 64:
                    chars |= {(chr(code), blind) for code in range(value[0], value[1] + 1)}
                elif kind == sre_constants.CATEGORY and value == sre_constants.CATEGORY_DIGIT:
                    chars.add((_DIGIT, False))  # any Unicode digit: kept as the class it is
                else:
                    return None
            return chars
        if op == sre_constants.BRANCH:
            chars = set()
            for branch in arg[1]:
                first = _first_chars(branch, blind)
                if first is None:
                    return None
                chars |= first
            return chars
        if op == sre_constants.SUBPATTERN:
            _, add, remove, body = arg
            return _first_chars(body, bool((blind or add & re.IGNORECASE) and not remove & re.IGNORECASE))
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _, body = arg
            first = _first_chars(body, blind)
            if first is None or low >= 1:
                return first
            after = _first_chars(items[k + 1 :], blind)  # optional ("(?:a )?tapestry"): it or what follows
            return None if after is None else first | after
        return None
    return None


@cache
def _parsed(pattern: str, flags: int) -> Any:
    """``pattern`` parsed once: a pack reads four facts from it (first characters, word start,
    required literals, width). None when it does not parse."""
    try:
        return sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None


def first_chars(pattern: str, flags: int = re.IGNORECASE) -> set[str] | None:
    """Characters a match of ``pattern`` can start with (both cases), or None if unbounded."""
    chars = _cased_first_chars(pattern, flags)
    if chars is None or (_DIGIT, False) in chars:
        return None
    return {c for ch, _ in chars for c in (ch, ch.lower(), ch.upper())}


def _cased_first_chars(pattern: str, flags: int) -> set[tuple[str, bool]] | None:
    """Characters a match of ``pattern`` can start with, each with whether case-blind there."""
    parsed = _parsed(pattern, flags)
    return None if parsed is None else _first_chars(parsed, bool(flags & re.IGNORECASE))


def _never_empty(pattern: str, flags: int) -> bool:
    """Does every match of ``pattern`` hold at least one character?"""
    parsed = _parsed(pattern, flags)
    return parsed is not None and parsed.getwidth()[0] > 0


def _uncased(code: int) -> bool:
    char = chr(code)
    return char.lower() == char == char.upper() and char.casefold() == char


def _sre_finds_start(items: Any, flags: int) -> bool:
    """Does Python's regex engine itself skip to where a match can start? It does (a C search
    for a character) when every match opens with a character that has no case, or one of a set
    of them: "[", "{{" or "<". A look-ahead in front would hide that and cost 15x more."""
    while items:
        op, arg = items[0]
        if op == sre_constants.SUBPATTERN:
            _, add, remove, items = arg
            flags = (flags | add) & ~remove
            continue
        if op == sre_constants.LITERAL:
            return _uncased(arg) or not flags & re.IGNORECASE
        if op == sre_constants.IN:
            return all(kind == sre_constants.LITERAL and (_uncased(value) or not flags & re.IGNORECASE)
                       for kind, value in arg)
        if op == sre_constants.BRANCH:
            return all(branch and branch[0][0] == sre_constants.LITERAL
                       and (_uncased(branch[0][1]) or not flags & re.IGNORECASE) for branch in arg[1])
        return False
    return False


def sre_finds_start(pattern: str, flags: int = re.IGNORECASE) -> bool:
    """Whether ``pattern`` opens with characters Python's regex engine searches for itself."""
    parsed = _parsed(pattern, flags)
    return parsed is not None and _sre_finds_start(parsed, flags)


def starts_at_word(pattern: str, flags: int = re.IGNORECASE) -> bool:
    """Can ``pattern`` only match starting on a word character?"""
    parsed = _parsed(pattern, flags)
    return parsed is not None and _starts_with_word(parsed)


def _required(items: Any, spelled: bool = True) -> frozenset[str] | None:
    """Literal strings (casefolded) one of which every match of ``items`` contains, chosen to be
    as long as possible; None when no such set is found."""
    best: frozenset[str] | None = None
    for candidate in _required_sets(items, spelled):
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate
    return best


def _branch_union(branches: list[Any], spelled: bool = True) -> frozenset[str] | None:
    """What an alternation needs: one literal of every branch's best set, or None."""
    found = [_required(branch, spelled) for branch in branches]
    return frozenset().union(*found) if all(f is not None for f in found) else None  # type: ignore[arg-type]


def _class_chars(items: Any, limit: int = 16) -> frozenset[str] | None:
    """The characters of a small class of caseless characters ("[\ue200-\ue206]", "[$€£]"),
    one of which the text must hold where the class matches; None for anything else."""
    chars: set[str] = set()
    for kind, value in items:
        if kind == sre_constants.LITERAL:
            chars.add(chr(value))
        elif kind == sre_constants.RANGE and value[1] - value[0] < limit:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    if len(chars) > limit or not all(_uncased(ord(char)) for char in chars):
        return None
    return frozenset(chars)


_EXPANSION_LIMIT = 64  # strings a spelled-out stretch of a pattern may stand for


def _spelled(items: Any) -> frozenset[str] | None:
    """Every string the sequence ``items`` can match, when that is a small finite set: literals,
    alternations of them, optional parts, small classes of caseless characters; zero-width
    items match "". None for anything else (``\\s``, ``\\w+``, a large class)."""
    found = frozenset({""})
    for op, arg in items:
        if _zero_width(op, arg):
            continue
        if op == sre_constants.LITERAL:
            part: frozenset[str] | None = frozenset({chr(arg)})
        elif op == sre_constants.IN:
            part = _class_chars(arg)
        elif op == sre_constants.SUBPATTERN:
            part = _spelled(arg[-1])
        elif op == sre_constants.ATOMIC_GROUP:
            part = _spelled(arg)
        elif op == sre_constants.BRANCH:
            branches = [_spelled(branch) for branch in arg[1]]
            part = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT) \
                and arg[1] <= 1:
            body = _spelled(arg[2])
            part = None if body is None else body | ({""} if arg[0] == 0 else set())
        else:
            part = None
        if part is None:
            return None
        found = frozenset(a + b for a in found for b in part)
        if len(found) > _EXPANSION_LIMIT:
            return None
    return found


def _spelled_stretches(items: Any) -> list[frozenset[str]]:
    """For each longest stretch of consecutive items of ``items`` that ``_spelled`` can write
    out, the set of strings it matches (casefolded): every match contains one of them. Longer
    than a literal run: "as an? (?:AI|artificial intelligence)" needs "as an ai", "as a ai"...,
    not just "as a". A stretch that would stand for too many strings ends where it grows too big."""
    sets: list[frozenset[str]] = []
    stretch: frozenset[str] = frozenset({""})

    def close() -> None:
        if all(stretch):  # a stretch that may match nothing requires nothing
            folded = {text.casefold() for text in stretch}
            # "a rich tapestry" holds "rich tapestry": the shorter one alone says as much
            sets.append(frozenset(t for t in folded if not any(o != t and o in t for o in folded)))

    for item in items:
        part = _spelled([item])
        if part is None:
            close()
            stretch = frozenset({""})
            continue
        grown = frozenset(a + b for a in stretch for b in part)
        if len(grown) > _EXPANSION_LIMIT:
            close()
            grown = part
        stretch = grown
    close()
    return sets


def _required_sets(items: Any, spelled: bool = True) -> list[frozenset[str]]:
    """Every set of literals that the sequence ``items`` needs, one from each set (the items
    of a sequence all have to match): a bracket and one of the slot nouns for a bracketed slot."""
    sets: list[frozenset[str]] = _spelled_stretches(items) if spelled else []
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
            sets += _required_sets(arg[-1], spelled)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            if arg[0] >= 1:
                sets += _required_sets(arg[2], spelled)
        elif op == sre_constants.ATOMIC_GROUP:
            sets += _required_sets(arg, spelled)
        elif op == sre_constants.BRANCH:
            add(_branch_union(arg[1], spelled))
        elif op == sre_constants.IN:
            add(_class_chars(arg))
    add(frozenset({"".join(run).casefold()}) if run else None)
    return sets


def required_literal_sets(pattern: str, flags: int = re.IGNORECASE, limit: int = 3,
                          spelled: bool = True) -> tuple[frozenset[str], ...] | None:
    """Sets of strings such that a match of ``pattern`` contains one string of *each* set
    (casefolded), most selective first; None when nothing is required. A stronger prefilter
    than one set: the text must hold a bracket *and* a slot noun, not just the word "date".
    ``spelled``: stretches spelled out too (_spelled_stretches), longer literals but up to dozens
    per set: cheap for Hyperscan, which finds them all in one pass, not for substring tests."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return None
    sets = _required_sets(parsed, spelled)
    unique = sorted(set(sets), key=lambda group: (-min(map(len, group)), len(group), sorted(group)))
    return tuple(unique[:limit]) or None


def required_literals(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Strings one of which must occur (casefolded) in the text for ``pattern`` to match there."""
    parsed = _parsed(pattern, flags)
    return None if parsed is None else _required(parsed)


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
    time for the prefilter. The text is searched as UTF-8, whose substrings are the text's.
    The compiled database is kept between runs (aislop.artifacts): compiling costs a process
    2-5 ms per pack, loading it back microseconds."""

    def __init__(self, literals: list[str]):
        import hyperscan

        self._hyperscan = hyperscan
        self._scratch = threading.local()  # Hyperscan scans without the GIL: a scratch space per thread
        expressions = [literal.encode("utf-8", "surrogatepass") for literal in literals]
        key = artifacts.key_of("hyperscan-literals", hyperscan.__version__, platform.machine(), expressions)
        self._db = self._stored(key, expressions)
        if self._db is None:
            self._db = hyperscan.Database()
            self._db.compile(
                expressions=expressions, ids=list(range(len(literals))), elements=len(literals),
                flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(literals), literal=True,
            )
            artifacts.store("hyperscan", key, hyperscan.dumpb(self._db))

    def _stored(self, key: str, expressions: list[bytes]) -> Any:
        """The database kept under ``key``, or None. Hyperscan checks what it loads (a damaged
        database fails its checksum) and refuses one built for another CPU when it is used; a
        scan of the literals themselves must report each of them, and only them, so a database
        of other literals is refused too."""
        payload = artifacts.load("hyperscan", key)
        if payload is None:
            return None
        found: set[int] = set()
        try:
            db = self._hyperscan.loadb(payload, self._hyperscan.HS_MODE_BLOCK)
            scratch = self._hyperscan.Scratch(db)
            db.scan(b"\n".join(expressions), match_event_handler=lambda i, *_: found.add(i), scratch=scratch)
        except Exception:  # noqa: BLE001 - any failure: compile it again
            return None
        if found != set(range(len(expressions))):
            return None
        self._scratch.space = scratch
        return db

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


# What a pack reads from each pattern's parsed form: (first characters, starts at a word,
# required literal sets, never empty, the regex engine finds its start, the required sets
# without spelled-out stretches). Parsing ~150 patterns
# costs a process ~25 ms: the facts are kept between runs (aislop.artifacts), keyed by the
# patterns, their flags, the Python build (its regex parser) and this module's source.
Facts = tuple[frozenset[tuple[str, bool]] | None, bool, tuple[frozenset[str], ...] | None, bool, bool,
              tuple[frozenset[str], ...] | None]


def _facts_of(pattern: str, flags: int) -> Facts:
    first = _cased_first_chars(pattern, flags)
    return (None if first is None else frozenset(first), starts_at_word(pattern, flags),
            required_literal_sets(pattern, flags), _never_empty(pattern, flags), sre_finds_start(pattern, flags),
            required_literal_sets(pattern, flags, spelled=False))



def _valid_facts(facts: object, count: int) -> bool:
    return isinstance(facts, list) and len(facts) == count and all(
        isinstance(f, tuple) and len(f) == 6 and (f[0] is None or isinstance(f[0], frozenset))
        and (f[2] is None or isinstance(f[2], tuple)) and (f[5] is None or isinstance(f[5], tuple)) for f in facts)


def pattern_facts(patterns: list[str], flags: int) -> list[Facts]:
    """The facts of every pattern, read back from the artifact folder or parsed (and kept)."""
    digest = artifacts.source_digest(__file__)
    key = None if digest is None else artifacts.key_of("phrase-facts", sys.version, digest, flags, patterns)
    if key is not None and (payload := artifacts.load("phrase-facts", key)) is not None:
        try:
            stored = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            stored = None
        if _valid_facts(stored, len(patterns)):
            return stored
    facts = [_facts_of(pattern, flags) for pattern in patterns]
    if key is not None:
        artifacts.store("phrase-facts", key, marshal.dumps(facts))
    return facts


class Candidates(set):
    """What ``PhrasePack.candidates`` returns with the native prefilter: the indexes of the
    patterns that may match, and for each, the literals of each of its sets the text held."""

    held: dict[int, tuple[tuple[str, ...], ...]]


class PhrasePack:
    """Patterns in three groups (per part) — word-start phrases, phrases with a known set of first
    characters, and the rest — each with the cheapest possible prefilter. ``finditer`` yields
    ``(match, index)`` in text order, ``index`` being the pattern's position in the list given.
    Matching is exactly that of each group's alternation: the literal prefilter only drops
    patterns that cannot match the text at all. ``native=False``
    keeps the prefilter in pure Python even where Hyperscan is installed, ``spelled`` chooses its
    literals (by default spelled-out ones only with Hyperscan; both for comparison)."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE | re.MULTILINE, *, native: bool = True,
                 parts: list[int] | None = None, spelled: bool | None = None):
        self._patterns = patterns
        self._flags = flags
        facts = pattern_facts(patterns, flags)
        self._first = [f[0] for f in facts]
        # Several packs may share one scan (``parts``: the pack of each pattern): each keeps its
        # own groups, so its matches are what a scan of its own would find.
        groups: dict[tuple[int, int], list[int]] = {}
        for i, (first, at_word, *_) in enumerate(facts):
            kind = 0 if at_word else 1 if first is not None else 2
            groups.setdefault((parts[i] if parts else 0, kind), []).append(i)
        self._groups = [(tuple(idx), kind == 0) for (_, kind), idx in sorted(groups.items())]
        # Spelled-out literals (longer, more of them) where Hyperscan finds them in one pass; the
        # shorter sets where each literal costs a substring test of the text (``spelled``: either
        # way, for comparison).
        if spelled is None:
            self._native = _native_literals(self._literals_of([f[2] for f in facts])[1]) if native else None
            spelled = self._native is not None
            required = [f[2] if spelled else f[5] for f in facts]
        else:
            required = [f[2] if spelled else f[5] for f in facts]
            self._native = _native_literals(self._literals_of(required)[1]) if native else None
        self._literal_sets, literals = self._literals_of(required)
        self._always = frozenset(i for i, sets in enumerate(required) if sets is None)
        self._literals = literals
        number = {literal: k for k, literal in enumerate(literals)}
        self._numbered_sets = [(i, tuple(frozenset(number[lit] for lit in group) for group in sets))
                               for i, sets in self._literal_sets]
        self._sets_of = dict(self._literal_sets)
        self._group_of = {i: (idx, at_word) for idx, at_word in self._groups for i in idx}
        self._single: list[re.Pattern[str] | None] = [None] * len(patterns)
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        # Patterns that can match the empty string keep their group's compiled alternation (its
        # finditer steps past empty matches its own way); the others are run one by one.
        self._emulable = [f[3] for f in facts]
        self._finds_start = [f[4] for f in facts]

    @staticmethod
    def _literals_of(required: list[tuple[frozenset[str], ...] | None]) -> tuple[list, list[str]]:
        """The patterns' literal sets (sorted, for a stable order) and every literal once."""
        literal_sets = [(i, tuple(tuple(sorted(g)) for g in sets)) for i, sets in enumerate(required) if sets]
        return literal_sets, sorted({literal for _, sets in literal_sets for group in sets for literal in group})

    def _prefix(self, idx: tuple[int, ...], at_word: bool) -> str:
        """What every position a match of ``idx`` starts at has: a word start (for phrases that
        begin with a word) and one of the patterns' first characters, when all of them are
        known. A look-ahead of the few first characters rejects almost every position before
        the pattern is tried. Case-blind for characters a pattern matches case-blind, a
        superset of what each pattern accepts; exact for those in a case-sensitive part
        ("X" of "(?-i:XX%)", not every "x")."""
        chars: set[tuple[str, bool]] | None = set()
        for i in idx:
            first = self._first[i]
            if first is None or chars is None:
                chars = None
                break
            chars |= first
        guard = ""
        if chars:
            blind_chars = {c for c, is_blind in chars if is_blind}
            blind = "".join(re.escape(c) for c in sorted(blind_chars))
            exact = "".join(c if c == _DIGIT else re.escape(c)
                            for c in sorted({c for c, is_blind in chars if not is_blind} - blind_chars))
            if blind and exact:
                guard = f"(?=(?-i:[{exact}])|(?i:[{blind}]))"
            else:
                guard = f"(?i:(?=[{blind}]))" if blind else f"(?-i:(?=[{exact}]))"
        if at_word:
            return _AFTER_NON_WORD + (guard or r"(?=\w)")
        return guard

    def _regex(self, idx: tuple[int, ...], at_word: bool) -> re.Pattern[str]:
        """The alternation of the patterns ``idx``, compiled once per distinct subset (only for
        patterns that may match the empty string; the rest run one by one, see _one)."""
        regex = self._compiled.get(idx)
        if regex is None:
            if len(self._compiled) > 512:  # bound the memo on unusual texts
                self._compiled.clear()
            regex = compile_alternation([self._patterns[i] for i in idx], prefix=self._prefix(idx, at_word),
                                        flags=self._flags)
            self._compiled[idx] = regex
        return regex

    def _one(self, i: int) -> re.Pattern[str]:
        """Pattern ``i`` alone behind its group's kind of prefix (none where the regex engine
        finds its first character itself), compiled once per process."""
        regex = self._single[i]
        if regex is None:
            _, at_word = self._group_of[i]
            pattern = self._patterns[i]
            prefix = "" if not at_word and self._finds_start[i] else self._prefix((i,), at_word)
            regex = self._single[i] = re.compile(prefix + f"(?:{pattern})", self._flags)
        return regex

    def _active(self, candidates: set[int]) -> list[tuple[tuple[int, ...], bool]]:
        """The candidates split by group (word-start, first-character, the rest), in pattern order."""
        return [(active, at_word) for idx, at_word in self._groups
                if (active := tuple(i for i in idx if i in candidates))]

    def candidates(self, text: str) -> set[int]:
        """Indexes of the patterns that could match somewhere in ``text``. Callers scanning many
        pieces of one document compute this once over the pieces joined and pass it on."""
        folded = _casefolded(text)
        if self._native is not None:
            native = Candidates(self._always)
            present = self._native.present(folded)
            held: dict[int, tuple[tuple[str, ...], ...]] = {}
            literals = self._literals
            for i, numbered in self._numbered_sets:
                groups = []
                for group in numbered:
                    found = group & present
                    if not found:
                        break  # no literal of this group: the pattern cannot match
                    groups.append(found)
                else:
                    native.add(i)
                    held[i] = tuple(tuple(literals[k] for k in found) for found in groups)
            native.held = held
            return native
        candidates = set(self._always)
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

    def narrowed(self, text: str, start: int, end: int, candidates: set[int]) -> set[int]:
        """The candidates (``candidates()`` of a whole document, which holds ``text[start:end]``)
        whose literals occur in ``text[start:end]``: a paragraph without them is not scanned. Where casefolding changes the
        text's length the offsets do not carry over, and the candidates stay as they are."""
        folded = _casefolded(text)
        if len(folded) != len(text):
            return candidates
        kept = set()
        # Only the literals the whole text held can occur in a piece of it: usually one or two
        # of a set, not the dozens a spelled-out stretch may stand for.
        sets_of = getattr(candidates, "held", None) or self._sets_of
        for i in candidates:
            sets = sets_of.get(i)
            if sets is not None:
                for group in sets:
                    for literal in group:
                        if folded.find(literal, start, end) >= 0:
                            break
                    else:
                        break  # no literal of this group here
                else:
                    kept.add(i)
            else:
                kept.add(i)
        return kept

    def match_at(self, text: str, pos: int, end: int, candidates: set[int]) -> Iterator[tuple[re.Match, int]]:
        """Matches that begin exactly at ``pos`` (for phrases that only count at the start of
        a paragraph: a few anchored attempts instead of a scan of the whole paragraph), one
        per group: the first pattern of the group that matches there, as its alternation would."""
        if not candidates:
            return
        for active, at_word in self._active(candidates):
            if not all(self._emulable[i] for i in active):
                match = self._regex(active, at_word).match(text, pos, end)
                if match:
                    yield match, active[int(match.lastgroup[1:])]
                continue
            for i in active:
                match = self._one(i).match(text, pos, end)
                if match:
                    yield match, i
                    break

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, candidates: set[int] | None = None
    ) -> Iterator[tuple[re.Match, int]]:
        """``(match, index)`` in text order: within a group what the alternation of its
        patterns finds (leftmost match, the first pattern that matches there), across groups
        every group's matches. Given ``candidates`` (for the whole text), only those whose
        literals occur between ``start`` and ``end`` run."""
        end = len(text) if end is None else end
        if candidates is None:
            candidates = self.candidates(text[start:end])
        elif candidates:
            candidates = self.narrowed(text, start, end, candidates)
        if not candidates:
            return
        parts = self._active(candidates)
        if len(parts) == 1:
            yield from self._group_matches(text, start, end, *parts[0])
            return
        found = [item for active, at_word in parts for item in self._group_matches(text, start, end, active, at_word)]
        found.sort(key=lambda item: (item[0].start(), item[1]))
        yield from found

    def _group_matches(self, text: str, start: int, end: int, active: tuple[int, ...],
                       at_word: bool) -> Iterator[tuple[re.Match, int]]:
        """What ``finditer`` of the alternation of ``active`` yields, without compiling that
        alternation: each pattern's next match is kept, the leftmost (the first pattern on a
        tie) is taken, and the patterns whose next match it overlaps search again after it.
        Equivalent because a pattern's prefix holds wherever it matches and the alternation
        holds it too, and no pattern here matches the empty string."""
        if len(active) == 1 and self._emulable[active[0]]:
            i = active[0]
            for match in self._one(i).finditer(text, start, end):
                yield match, i
            return
        if not all(self._emulable[i] for i in active):
            for match in self._regex(active, at_word).finditer(text, start, end):
                yield match, active[int(match.lastgroup[1:])]
            return
        heads = []
        for i in active:
            regex = self._one(i)
            match = regex.search(text, start, end)
            if match is not None:
                heads.append([match.start(), i, match, regex])
        while heads:
            best = min(heads)  # the leftmost; on a tie the first pattern (indexes are unique)
            match = best[2]
            yield match, best[1]
            pos = match.end()
            kept = []
            for head in heads:
                if head[0] < pos:
                    again = head[3].search(text, pos, end)
                    if again is None:
                        continue
                    head[0], head[2] = again.start(), again
                kept.append(head)
            heads = kept

"""Syllables of a word: pyphen's en_US hyphenation points plus one, without pyphen's start-up.

Importing pyphen lists its dozens of dictionaries (about 12 ms) and parsing the 11,000 en_US
patterns costs a process about 45 ms, more than the readability rule spends counting on a
few hundred documents. So the parsed patterns are kept between runs (aislop.artifacts, keyed
by the dictionary file and pyphen's parser, both hashed) and read back with ``marshal``;
pyphen itself is imported only to parse them when nothing usable is stored. The count is
Liang's algorithm exactly as pyphen applies it (``Pyphen.positions`` with its default two
characters kept on either side); tests/test_syllables.py compares the two word by word.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from functools import cache
from pathlib import Path

from aislop import artifacts

Patterns = dict[str, tuple[int, tuple[int, ...]]]  # letters -> (offset, hyphenation values)

_LEFT = _RIGHT = 2  # pyphen's defaults: no break before the 2nd or after the last-but-2nd letter


def _pyphen_files() -> tuple[Path, Path] | None:
    """pyphen's parser (its ``__init__.py``) and its en_US dictionary, found without importing
    it; None when pyphen is not a plain folder on the path (a zip, say)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or spec.origin is None:
        return None
    code = Path(spec.origin)
    dictionary = code.parent / "dictionaries" / "hyph_en_US.dic"
    return (code, dictionary) if code.is_file() and dictionary.is_file() else None


def _parsed_by_pyphen() -> Patterns:
    import pyphen

    hyphenation = pyphen.Pyphen(lang="en_US").hd
    return {letters: (offset, tuple(values)) for letters, (offset, values) in hyphenation.patterns.items()}


def _valid(patterns: object) -> bool:
    return (isinstance(patterns, dict) and bool(patterns)
            and all(isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 for k, v in patterns.items()))


@cache
def patterns() -> tuple[Patterns, int]:
    """The en_US patterns and the length of the longest, parsed once per process (and once
    per pyphen install, where a cache folder is set)."""
    key = None
    files = _pyphen_files()
    if files is not None:
        try:
            digest = hashlib.sha256()
            for path in files:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            key = artifacts.key_of("hyphenation-en_US", digest.hexdigest())
        except OSError:
            key = None
    if key is not None and (payload := artifacts.load("hyphenation", key)) is not None:
        try:
            stored = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            stored = None
        if _valid(stored):
            return stored, max(map(len, stored))
    parsed = _parsed_by_pyphen()
    if key is not None:
        try:
            artifacts.store("hyphenation", key, marshal.dumps(parsed))
        except ValueError:  # a value marshal cannot write (pyphen's DataInt): nothing kept
            pass
    return parsed, max(map(len, parsed))


def count(word: str) -> int:
    """Hyphenation points of ``word`` (pyphen's ``len(Pyphen(lang="en_US").positions(word))``)
    plus one."""
    table, longest = patterns()
    pointed = f".{word.lower()}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        stop = min(i + longest, len(pointed)) + 1
        for j in range(i + 1, stop):
            pattern = table.get(pointed[i:j])
            if not pattern:
                continue
            offset, values = pattern
            place = slice(i + offset, i + offset + len(values))
            references[place] = map(max, values, references[place])
    right = len(word) - _RIGHT
    return 1 + sum(1 for i, reference in enumerate(references) if reference % 2 and _LEFT <= i - 1 <= right)

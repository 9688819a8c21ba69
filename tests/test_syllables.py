"""Syllable counts (checks/prose/syllables.py) are pyphen's, word by word, whether the patterns
were parsed by pyphen in this process or read back from the artifact folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aislop import artifacts
from aislop.checks.prose import syllables
from aislop.checks.prose.view import WORD_RE

pyphen = pytest.importorskip("pyphen")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ODD_WORDS = ["a", "I", "an", "the", "rhythm", "strengths", "Supercalifragilisticexpialidocious", "co-operate",
             "naïve", "café", "İstanbul", "ÆSIR", "don't", "o'clock", "x" * 60, "", "hyphenation", "Ωmega"]


def _words() -> list[str]:
    words = set(ODD_WORDS)
    for path in sorted(FIXTURES.rglob("*.md"))[:200]:
        words.update(WORD_RE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(words)


def _pyphen_count(word: str) -> int:
    return len(pyphen.Pyphen(lang="en_US").positions(word)) + 1


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A process-fresh pattern table, kept under ``tmp_path``."""
    previous = artifacts.folder()
    artifacts.use_folder(tmp_path)
    syllables.patterns.cache_clear()
    yield tmp_path / artifacts.SUBFOLDER
    syllables.patterns.cache_clear()
    artifacts._folder = previous


def test_counts_are_pyphens_word_by_word(fresh):
    words = _words()
    assert len(words) > 2000
    for word in words:
        assert syllables.count(word) == _pyphen_count(word), word
        assert syllables.count(word.lower()) == _pyphen_count(word.lower()), word


def test_patterns_read_back_are_the_ones_pyphen_parses(fresh, monkeypatch):
    parsed, longest = syllables.patterns()
    assert list(fresh.glob("hyphenation-*.bin"))
    syllables.patterns.cache_clear()
    monkeypatch.setattr(syllables, "_parsed_by_pyphen", lambda: pytest.fail("the stored patterns should be read"))
    assert syllables.patterns() == (parsed, longest)
    assert syllables.count("hyphenation") == _pyphen_count("hyphenation")


@pytest.mark.parametrize("damage", ["flip", "not marshal", "other shape"])
def test_damaged_stored_patterns_are_parsed_again(fresh, damage):
    parsed, _ = syllables.patterns()
    [path] = fresh.glob("hyphenation-*.bin")
    key = re.fullmatch(r"hyphenation-(.*)\.bin", path.name).group(1)
    if damage == "flip":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "not marshal":
        artifacts.store("hyphenation", key, b"\xff\x00 not a marshal stream")
    else:
        import marshal

        artifacts.store("hyphenation", key, marshal.dumps(["a list", "not the table"]))
    syllables.patterns.cache_clear()
    assert syllables.patterns()[0] == parsed
    assert syllables.count("tapestry") == _pyphen_count("tapestry")

"""The code family's phrase pack (code.toml): placeholder notes, placeholder secrets and the
marks of mock data, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aislop.checks.text.packs import Phrase, phrases, read_data
from aislop.checks.text.phrases import PhrasePack, first_chars


@dataclass(frozen=True)
class Packs:
    phrases: tuple[Phrase, ...]
    secret_name: re.Pattern[str]
    secret_value: re.Pattern[str]
    mock_marker: re.Pattern[str]
    mock_name: re.Pattern[str]
    sample_value: re.Pattern[str]
    placeholder_words: PhrasePack  # the words each placeholder phrase needs (a literal prefilter)

    def placeholder_note(self, text: str) -> tuple[re.Match[str], Phrase] | None:
        """The first placeholder phrase in ``text`` and its entry. Almost no comment holds one,
        and the alternation of all of them costs tens of microseconds a comment (a millisecond
        a long docstring): a substring test for the words each phrase needs skips most texts,
        and the rest are searched with the phrases that may match only, behind a look-ahead of
        their first characters. Phrases that cannot match take no part in a match, so it is
        the whole alternation's: leftmost, then first in the list."""
        candidates = self.placeholder_words.candidates(text)
        if not candidates:
            return None
        match = _alternation(frozenset(candidates)).search(text)
        return (match, self.phrases[int(match.lastgroup[1:])]) if match else None


@lru_cache(maxsize=256)
def _alternation(indexes: frozenset[int]) -> re.Pattern[str]:
    """The placeholder phrases ``indexes`` as one regex, group p<N> naming phrase N."""
    entries = packs().phrases
    chars: set[str] | None = set()
    for i in indexes:
        first = first_chars(entries[i].pattern, re.I)
        chars = None if first is None or chars is None else chars | first
    guard = "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" if chars else ""
    body = "|".join(f"(?P<p{i}>{entries[i].pattern})" for i in sorted(indexes))
    return re.compile(f"{guard}(?:{body})", re.I)


@lru_cache(maxsize=1)
def packs() -> Packs:
    data = read_data("aislop.checks.code", "code.toml")
    entries = phrases(data["placeholder_comment"], "code.toml [[placeholder_comment]]")
    return Packs(
        phrases=entries,
        secret_name=re.compile(data["placeholder_secret"]["name"], re.I),
        secret_value=re.compile(data["placeholder_secret"]["value"], re.I),
        mock_marker=re.compile(data["mock_return"]["marker"], re.I),
        mock_name=re.compile(data["mock_return"]["name_token"], re.I),
        sample_value=re.compile(data["mock_return"]["sample_value"], re.I),
        placeholder_words=PhrasePack([entry.pattern for entry in entries], re.I),
    )

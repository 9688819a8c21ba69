"""The code family's phrase pack (code.toml): placeholder notes, placeholder secrets and the
marks of mock data, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aislop.checks.text.packs import Phrase, phrases, read_data
from aislop.checks.text.phrases import PhrasePack


@dataclass(frozen=True)
class Packs:
    placeholder: re.Pattern[str]  # one regex, group p<N> names the phrase that matched
    phrases: tuple[Phrase, ...]
    secret_name: re.Pattern[str]
    secret_value: re.Pattern[str]
    mock_marker: re.Pattern[str]
    mock_name: re.Pattern[str]
    sample_value: re.Pattern[str]
    placeholder_words: PhrasePack  # the words each placeholder phrase needs (a literal prefilter)

    def placeholder_note(self, text: str) -> re.Match[str] | None:
        """The first placeholder phrase in ``text``. Almost no comment holds one, and the
        regex costs tens of microseconds a comment: a substring test for the words each phrase
        needs skips it for the rest (the match, when there is one, is the regex's own)."""
        if not self.placeholder_words.candidates(text):
            return None
        return self.placeholder.search(text)


@lru_cache(maxsize=1)
def packs() -> Packs:
    data = read_data("aislop.checks.code", "code.toml")
    entries = phrases(data["placeholder_comment"], "code.toml [[placeholder_comment]]")
    combined = "|".join(f"(?P<p{i}>{entry.pattern})" for i, entry in enumerate(entries))
    return Packs(
        placeholder=re.compile(combined, re.I),
        phrases=entries,
        secret_name=re.compile(data["placeholder_secret"]["name"], re.I),
        secret_value=re.compile(data["placeholder_secret"]["value"], re.I),
        mock_marker=re.compile(data["mock_return"]["marker"], re.I),
        mock_name=re.compile(data["mock_return"]["name_token"], re.I),
        sample_value=re.compile(data["mock_return"]["sample_value"], re.I),
        placeholder_words=PhrasePack([entry.pattern for entry in entries], re.I),
    )

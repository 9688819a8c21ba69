"""The one phrase-pack schema every family's TOML data uses, and its loader.

A pack is a TOML array of tables. Each entry has:

- ``pattern``: a regular expression, matched case-insensitively;
- ``why``: what is wrong at this spot, for the person reading the finding;
- ``fix``: what to do about it;
- ``strong = true`` (optional): the phrase is a finding on its own; weak phrases (the default)
  count only in company (a cluster, a paragraph that talks to the requester);
- ``at = "start"`` (optional): the phrase only counts at the start of a paragraph;
- ``source = true`` (optional): matched in the file's source (markup the prose view blanks);
- ``edit`` (optional): how ``aislop fix`` removes the phrase (``"preamble"``, ``"sentence"``).

Any other key is an error: a misspelt key that silently does nothing is worse than none.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

from aislop.checks.text.phrases import PhrasePack

ENTRY_KEYS = frozenset({"pattern", "why", "fix", "strong", "at", "source", "edit"})


class PackError(ValueError):
    """A phrase-pack entry does not follow the schema."""


@dataclass(frozen=True)
class Phrase:
    pattern: str
    why: str
    fix: str
    strong: bool = False
    at_start: bool = False
    on_source: bool = False
    edit: str | None = None


@cache
def read_data(package: str, filename: str) -> dict[str, Any]:
    """The parsed TOML file ``filename`` of ``package`` (once per process)."""
    return tomllib.loads((files(package) / filename).read_text(encoding="utf-8"))


def phrases(entries: list[dict[str, Any]], where: str) -> tuple[Phrase, ...]:
    """The entries of one pack as Phrases; PackError names the first entry off the schema."""
    result = []
    for number, entry in enumerate(entries, start=1):
        unknown = set(entry) - ENTRY_KEYS
        missing = {"pattern", "why", "fix"} - set(entry)
        if unknown or missing:
            problem = f"unknown key(s) {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
            raise PackError(f"{where}, entry {number}: {problem} (keys: {', '.join(sorted(ENTRY_KEYS))})")
        if entry.get("at", "start") != "start" or not isinstance(entry.get("strong", False), bool):
            raise PackError(f"{where}, entry {number}: `at` must be \"start\" and `strong` true or false")
        result.append(
            Phrase(
                pattern=entry["pattern"],
                why=entry["why"],
                fix=entry["fix"],
                strong=entry.get("strong", False),
                at_start=entry.get("at") == "start",
                on_source=bool(entry.get("source")),
                edit=entry.get("edit"),
            )
        )
    return tuple(result)


class CompiledPack:
    """One pack's phrases compiled into one fast scan (phrases.PhrasePack); every match comes
    with the Phrase that matched, so its why, fix and strength are at hand. The scan is set up
    on first use: a pack read only for its phrases (the prose packs share one scan) costs
    nothing to compile."""

    def __init__(self, entries: Iterable[Phrase], flags: int = re.IGNORECASE | re.MULTILINE) -> None:
        self.phrases = tuple(entries)
        self._flags = flags

    @cached_property
    def _scan(self) -> PhrasePack:
        return PhrasePack([p.pattern for p in self.phrases], self._flags)

    def candidates(self, text: str) -> set[int]:
        """The phrases ``text`` may hold (a literal prefilter, once per text)."""
        return self._scan.candidates(text)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, candidates: set[int] | None = None
    ) -> Iterator[tuple[re.Match[str], Phrase]]:
        for match, index in self._scan.finditer(text, start, end, candidates):
            yield match, self.phrases[index]

    def match_at(self, text: str, pos: int, end: int, candidates: set[int]) -> Iterator[tuple[re.Match[str], Phrase]]:
        for match, index in self._scan.match_at(text, pos, end, candidates):
            yield match, self.phrases[index]

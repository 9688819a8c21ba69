"""ai-vocabulary: words over-used by language models, weighted by how rare they are in
human text and reported only above the human rate."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from aislop.checks.prose.hits import Hit
from aislop.checks.prose.rules import AI_VOCABULARY
from aislop.checks.prose.view import ProseView, baseline_frequencies, inflections, packs
from aislop.registry import Context


@cache
def _vocabulary() -> dict[str, str]:
    """Every matched surface form (lower case, hyphenated compounds with '-') -> its lemma."""
    form_to_lemma: dict[str, str] = {}
    for lemma, entry in packs()["vocabulary"].items():
        for form in entry.get("forms") or inflections(lemma):
            form_to_lemma.setdefault(form, lemma)
    return form_to_lemma


@cache
def _pair_tails() -> frozenset[str]:
    """What can follow "word " to spell a hyphenated form with a space ("positioned" of
    "well-positioned")."""
    return frozenset(form[i + 1 :] for form in _vocabulary() for i, ch in enumerate(form) if ch == "-")


_TOKEN_RE = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


def _lower_tokens(text: str) -> list[str]:
    """The tokens of ``text``, lower case. Tokens are ASCII letters, "-" and "'": lower-casing an
    ASCII text first is the same as lower-casing each token, without a Python call per token."""
    if text.isascii():
        return _TOKEN_RE.findall(text.lower())
    return [token.lower() for token in _TOKEN_RE.findall(text)]


def _may_hold(words: list[str], forms: dict[str, str], tails: frozenset[str]) -> bool:
    """Whether a token is a form or ends one spelled with a space: most units hold none, and
    are spared the walk over their tokens."""
    return not (forms.keys().isdisjoint(words) and tails.isdisjoint(words))


_NAME_JOINERS = frozenset(":./_@#$\\")


_SENTENCE_OPENERS = frozenset(".!?:;\"'\u201c\u2018([{\u2014\u2013-*>|")


def _is_name(text: str, start: int, end: int, heading: bool) -> bool:
    """A word used as a name, not as vocabulary: part of an identifier or path (Test::Harness,
    leverage.py, foster_care) or, outside headings, capitalised in mid-sentence (the Leverage
    app, a Harness module)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in _NAME_JOINERS or after in "_(\\" or text[end : end + 2] == "::":
        return True
    if after in "./" and text[end + 1 : end + 2].isalnum():
        return True
    if heading or not text[start].isupper():
        return False
    # Unit text is whitespace-compacted: the previous visible character is one or two back.
    previous = before if before != " " else (text[start - 2] if start >= 2 else "")
    return bool(previous) and previous not in _SENTENCE_OPENERS


def _vocabulary_matches(
    text: str, forms: dict[str, str], tails: frozenset[str], heading: bool = False, words: list[str] | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, lemma) for vocabulary words, including "well positioned" for "well-positioned".
    A dictionary lookup per token: much faster than one regex alternation of every form.
    Words used as names (see _is_name) are not vocabulary. ``words``: the text's tokens in lower
    case, when known; a token that is neither a form nor the end of one is passed over."""
    tokens = list(_TOKEN_RE.finditer(text))
    if words is None:
        words = [token.group(0).lower() for token in tokens]
    previous: int | None = None  # the index of the token before, while it may open a pair
    for i, word in enumerate(words):
        if word not in forms and (word not in tails or previous is None or f"{words[previous]}-{word}" not in forms):
            previous = i
            continue
        token = tokens[i]
        if _is_name(text, token.start(), token.end(), heading):
            previous = None
            continue
        if previous is not None and tokens[previous].end() + 1 == token.start():
            pair = f"{words[previous]}-{word}"
            if pair in forms:
                yield tokens[previous].start(), token.end(), forms[pair]
                previous = None
                continue
        if word in forms:
            yield token.start(), token.end(), forms[word]
        previous = i


def rarity_weight(frequency: float) -> float:
    """How telling a word is: 1.0 for words rarer than 1 per million, down to 0.2 for words
    common in human text (1 per 10,000). Calibrated on wordfreq's English baseline."""
    return min(1.0, max(0.2, (-math.log10(max(frequency, 1e-9)) - 4.0) / 2.0))


def _topic_lemmas(view: ProseView, found: list, counts: Counter, topic_count: int) -> set[str]:
    """Lemmas that name the document's subject, not its style: in a heading and used at least
    ``topic_count`` times ("sustainable" in a guide headed "Sustainable Gardening")."""
    headings = {id(unit) for unit in view.headings}
    return {lemma for unit, _, _, lemma in found if id(unit) in headings and counts[lemma] >= topic_count}


def vocabulary_hits(view: ProseView, ctx: Context) -> list[Hit]:
    forms, tails = _vocabulary(), _pair_tails()
    frequency = baseline_frequencies()
    vocab = packs()["vocabulary"]
    opts = ctx.options(AI_VOCABULARY)
    found = []
    for unit, heading in [(u, False) for u in view.units] + [(u, True) for u in view.headings]:
        words = _lower_tokens(unit.text)
        if _may_hold(words, forms, tails):
            found += [(unit, a, b, lemma) for a, b, lemma in _vocabulary_matches(unit.text, forms, tails, heading, words)]
    counts = Counter(lemma for *_, lemma in found)
    topics = _topic_lemmas(view, found, counts, int(opts["topic_count"]))
    hits = []
    for unit, a, b, lemma in found:
        if lemma in topics:
            continue
        freq = frequency.get(lemma, 1e-5)
        weight = rarity_weight(freq)
        expected = freq * view.words
        # Only use above the human rate counts; a common word must recur to be reported alone.
        excess = counts[lemma] - expected
        if excess <= 0:
            continue
        start, end = unit.span(a, b)
        word = unit.text[a:b]
        entry = vocab[lemma]
        per_1k = 1000.0 * counts[lemma] / view.words
        times = f" ({counts[lemma]} times, {per_1k:.1f} per 1,000 words)" if counts[lemma] > 1 else ""
        hits.append(
            Hit(
                AI_VOCABULARY,
                start,
                end,
                weight,
                False,
                f"'{word}'{times} is over-used filler in this kind of prose: {entry['why']}",
                f"Try: {entry['fix']}.",
                report=weight >= float(opts["rare_weight"]) or counts[lemma] >= int(opts["repeat_count"]),
            )
        )
    return hits

"""Phrase packs: the word-start fast path must find exactly what a plain alternation finds."""

import re

import pytest

from aislop.checks.phrases import PhrasePack, starts_at_word


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bin today's world", True),
        (r"(?:certainly|sure)!", True),
        (r"let'?s dive in", True),
        (r"[A-Z]\w+ et al\.", True),
        (r"\[insert [^\]]+\]", False),
        (r"\{\{\s*\w+\s*\}\}", False),
        (r"(?:here|\[x\])", False),
        (r"\d*%", False),
        (r"【\d+】", False),
    ],
)
def test_starts_at_word(pattern, expected):
    assert starts_at_word(pattern) is expected


def test_pack_matches_plain_alternation():
    patterns = [r"\bin today's world", r"\[insert [^\]]+\]", r"(?:certainly|sure)!", r"oaicite", r"\{\{\s*\w+\s*\}\}"]
    text = "Sure! In today's world, [Insert name] meets {{ first_name }}. xoaicite Certainly! foo-sure!"
    plain = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)), re.IGNORECASE)
    at_word_start = re.compile(r"(?<![\w'])(?=\w)")
    expected = [
        (m.start(), m.group(), int(m.lastgroup[1:]))
        for m in plain.finditer(text)
        if not starts_at_word(patterns[int(m.lastgroup[1:])]) or at_word_start.match(text, m.start())
    ]
    got = [(m.start(), m.group(), i) for m, i in PhrasePack(patterns).finditer(text)]
    # Word-start phrases match only at the start of a word: "oaicite" inside "xoaicite" is
    # not found, "sure!" after a hyphen is; everything else is what the plain regex finds.
    assert (63, "oaicite", 3) not in got and (86, "sure!", 2) in got
    assert got == expected


def test_first_chars():
    from aislop.checks.phrases import first_chars

    assert first_chars(r"\[insert") == {"["}
    assert first_chars(r"(?:\{\{|【)") == {"{", "【"}
    assert first_chars(r"[$€£]\d") == {"$", "€", "£"}
    assert first_chars(r"\d+%") is None
    assert first_chars(r".*x") is None

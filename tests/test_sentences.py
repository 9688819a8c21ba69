"""One sentence splitter (checks/text/sentences.py) for the prose and hallucination rules."""

from __future__ import annotations

import pytest

from aislop.checks.prose.view import ProseView
from aislop.checks.text.sentences import sentences
from aislop.loaders import load


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "See Smith et al. (2019) for the method.",
        "Use a soft brush, e.g. A goat-hair one, for the varnish.",
        "Dr. Okafor and Mr. Brandt signed it.",
        "J. R. R. Tolkien wrote it.",
        "The U.S. Army runs it.",
        "See fig. 3 and pp. 12-14.",
    ],
)
def test_no_cut_after_an_abbreviation_or_an_initial(text):
    assert _split(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It works. Then it stops.", ["It works.", "Then it stops."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Wait for it\u2026 Then go.", ["Wait for it\u2026", "Then go."]),
        ("Phones out after 9 p.m. A checklist helps.", ["Phones out after 9 p.m.", "A checklist helps."]),
        ("Wheaton, A. G., et al. (2018). Short sleep.", ["Wheaton, A. G., et al. (2018).", "Short sleep."]),
        ("Version 2.5 is out. 3 bugs remain.", ["Version 2.5 is out.", "3 bugs remain."]),
        ("It rose 3.5%. costs did not.", ["It rose 3.5%. costs did not."]),  # no capital: no new sentence
    ],
)
def test_cuts_where_a_sentence_ends(text, expected):
    assert _split(text) == expected


def test_spans_skip_the_space_between_sentences_and_stay_inside_the_range():
    text = "xx One. Two.  Three yy"
    assert [text[a:b] for a, b in sentences(text, 3, 19)] == ["One.", "Two.", "Three"]
    assert sentences("   ", 0, 3) == []


def test_prose_and_hallucination_rules_see_the_same_sentences(tmp_path):
    body = ("Dr. Okafor measured 73% of the plots, e.g. The north field. Results vary\u2026 Smith et al. (2019) "
            "found less. The last visit ended at 9 p.m. Nobody stayed. Wheaton, A. G. agreed.")
    path = tmp_path / "notes.md"
    path.write_text(body + "\n", encoding="utf-8")
    [doc] = load(path, "notes.md")
    view = ProseView.of(doc)
    prose = [s.text for s in view.sentences]
    hallucination = [doc.text[a:b] for block in doc.blocks for a, b in sentences(doc.text, block.start, block.end)]
    assert prose == [s.strip() for s in hallucination]
    assert len(prose) == 6

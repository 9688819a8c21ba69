"""Chat closers and apologies (chat-leftover) and the assistant describing itself in code
comments (ai-disclosure): recall on the regression samples of fixtures/hallucination/closers
(new AI-style texts written for these tests) and the letter context that keeps a human e-mail's
"Let me know if you have any questions." quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from aislop.config import Config
from aislop.engine import scan
from aislop.testing import scan_text

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "hallucination" / "closers"


@pytest.fixture(scope="module")
def sample_findings():
    config = Config(select=["hallucination"], respect_gitignore=False, settings={"no_cache": True})
    return scan([SAMPLES], config, jobs=1).findings


def test_every_ai_sample_is_blocked(sample_findings):
    ai = sorted(p.name for p in (SAMPLES / "ai").iterdir())
    blocked = {Path(f.path).name for f in sample_findings
               if f.path.startswith("ai/") and f.effective_severity.value == "error"
               and f.rule.name in ("chat-leftover", "ai-disclosure")}
    assert blocked == set(ai)


def test_human_letters_and_quotes_stay_quiet(sample_findings):
    assert [(f.path, f.rule.name) for f in sample_findings if f.path.startswith("human/")] == []


def test_closers_found_where_the_assistant_left_them(sample_findings):
    got = {(f.path, f.line, f.rule.name) for f in sample_findings if f.path.startswith("ai/")}
    assert {
        ("ai/garden-watering.md", 13, "chat-leftover"),  # "I hope this helps! Let me know if ..."
        ("ai/invoice-correction.md", 1, "chat-leftover"),  # an apology opening the text
        ("ai/reschedule-email.md", 11, "chat-leftover"),  # after the e-mail's sign-off
        ("ai/csv_cleaner.py", 5, "chat-leftover"),  # docstring
        ("ai/csv_cleaner.py", 13, "ai-disclosure"),  # "# As an AI language model, ..."
        ("ai/csv_cleaner.py", 22, "chat-leftover"),  # comment
    } <= got


def chat(text: str, path: str = "doc.md") -> list[str]:
    return [f.matched for f in scan_text(text, path, select=["chat-leftover"])]


def test_hope_this_helps_joins_the_closer_in_one_error():
    text = "# Tyres\n\nCheck the pressure monthly.\n\nI hope this helps! Let me know if you have any other questions.\n"
    findings = scan_text(text, "t.md", select=["chat-leftover"])
    assert [(f.matched, f.effective_severity.value) for f in findings] == [
        ("I hope this helps! Let me know if you have any other questions.", "error")]


@pytest.mark.parametrize(
    "text",
    [
        # in the middle of a text the words are the author's own
        "# Onboarding\n\nWelcome to the support desk.\n\nYour first week is shadowing.\n\n"
        "Ask the lead before you close a ticket. Let me know if you have any questions about the rota.\n\n"
        "The queue is empty by Friday.\n\nTickets close after a week.\n",
        # not the first words of the sentence
        "# Quote\n\nCall us any time, and let me know if you have any questions about your quote.\n",
        # an apology about something specific is not the stock reply to a correction
        "# Notice\n\nI apologize for the confusion caused by last week's timetable; the 8:10 bus runs again.\n",
        # quoted
        '# Scripts\n\nThe desk ends calls with "Is there anything else I can help you with?" as scripted.\n',
        # a letter: before its sign-off
        "Hello everyone,\n\nThe office is closed on Friday.\n\nLet me know if you have any questions.\n\nThanks,\nJo\n",
    ],
)
def test_closer_quiet_in_context(text):
    assert chat(text) == []


def test_closer_after_a_letters_sign_off_is_the_assistant():
    text = "Hi Ana,\n\nThe invoice is attached.\n\nKind regards,\nLuis\n\nIs there anything else I can help you with?\n"
    assert chat(text) == ["Is there anything else I can help you with?"]


def test_as_an_ai_in_a_comment():
    findings = scan_text("def f():\n    # As an AI language model, I cannot test this.\n    return 1\n", "m.py",
                         select=["ai-disclosure"])
    assert [f.line for f in findings] == [2]

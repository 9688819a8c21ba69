"""Precision of the text rules on technical human writing (issue #19, bench/precision.py).

Each case is a shape found in human documentation that a rule used to flag, written anew for
this test (man-page synopses, array subscripts, INI sections, Sphinx pages...), next to the
AI-style text the same rule must still catch. Fixing a false alarm by understanding the text
must not cost the rule its real findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from aislop.checks.text.technical import changelog_file_lists, ini_section_names, is_code_line, is_synopsis_line
from aislop.testing import scan_text


def found(rule: str, text: str, path: str) -> list[str]:
    return [f.matched or "" for f in scan_text(text, path, select=[rule]) if f.rule.name == rule]


# ---------------------------------------------------------------------------- dangling-citation
@pytest.mark.parametrize(
    ("path", "text"),
    [
        # array subscripts and declarations in plain-text programming docs
        ("arrays.txt", "Buffers\n\n    unsigned char frame[4096];\n    double weights = Float_Type [12];\n"
                       "    grid[3] = 0;\n"),
        # values and ranges in option descriptions
        ("zopts.txt", "--window=N\n    The window must lie in the range [64, 4096]; most inputs use a value in the\n"
                      "    interval [9, 12]. The speed level is given in seconds [1-9] (default 3).\n"),
        # regular-expression classes are not footnotes outside Markdown
        ("regex.txt", 'To drop vowels, run tr -d "[^aeiou]" and keep [^xyz] for the rest of the letters.\n'),
        # program output and log lines
        ("journal.txt", "Example\n\n    Mar 02 09:12:44 build01 cron[4412]: job started for the nightly run\n"
                        "    SHELL_LEVEL[2]     The nesting depth of the current shell.\n\n"
                        "NOTES\n     1. Cron manual\n        https://example.org/cron\n"),
        # JSON-like literals in a document with no reference list
        ("filters.txt", "The filter turns each input into the array [4,5,6], so the next stage sees\n"
                        "three numbers and the shape [10, 3] of the table.\n"),
        # reference-style Markdown links whose labels read like citation requests
        ("links.md", "# Setup\n\nFollow the [install notes][ref] and compare with the [upstream text][source].\n\n"
                     "[ref]: https://example.org/install\n[source]: https://example.org/upstream\n"),
        # a numbered note whose title sits on the following lines (man-page NOTES)
        ("notes.txt", "See the helper description[2] for details on the format and\nthe naming rules.\n\n"
                      "NOTES\n     1. Project home\n        https://example.org/\n\n     2.\n\n"
                      "              helper.describe\n        https://example.org/helper\n"),
        # a value given to a setting (a Perl array reference)
        ("feature.txt", "A feature is turned on by setting its default element to [1], and off by setting it\n"
                        "to [0], in the site configuration.\n"),
        # month abbreviations, product names and publishers are not authors
        ("history.txt", "The option first shipped in the 1.4 tools (Feb, 2001), survived the (Suse10, 2005)\n"
                        "port and is described in the standard book (Addison Press, 1999).\n"),
    ],
)
def test_dangling_citation_quiet_on_technical_text(path, text):
    assert found("dangling-citation", text, path) == []


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("essay.txt", "Remote teams shipped faster in every quarter we measured [3], and most managers\n"
                      "agree with the finding [4].\n\nReferences\n\n[1] Ames, P. (2019). Teams. Press.\n"
                      "[2] Bo, L. (2020). Work. Press.\n", ["[3]", "[4]"]),
        ("blog.md", "# Sleep\n\nAdults who sleep seven hours live longer [1], and naps help too [2, 5].\n", ["[1]", "[2, 5]"]),
        ("facts.md", "# Facts\n\nThe moon landing cost less than people think [citation needed].\n", ["[citation needed]"]),
        ("notes.md", "# Notes\n\nThe treaty changed trade for good (Marlow & Chen, 2017).\n", ["Marlow & Chen, 2017"]),
    ],
)
def test_dangling_citation_still_fires(path, text, expected):
    assert found("dangling-citation", text, path) == expected


# ---------------------------------------------------------------------------- placeholder-text
@pytest.mark.parametrize(
    ("path", "text"),
    [
        # command synopses and option syntax
        ("synopsis.txt", "SYNOPSIS\n       rotate [NAME] command [hooks]\n       sumcheck [FILE]...\n"
                         "       fetch [option]... [URL]...\n       runprof [prof-options] [your-program] [your-args]\n\n"
                         "OPTIONS\n       -Z[type], --sync[=type]\n              Group the output.\n"
                         "       /etc/colours.d/[[name][@term].][type]\n       [kind:] library version\n"),
        # INI and unit-file sections
        ("unit.txt", "The following keys are read from the [Time] section:\n\n[Link]\nName=eth1\n\n"
                     "A unit may carry a [Service], [Path] or [Swap] section.\n\n    [Date]\n    ...\n"),
        # test data in a shell command, and a stage direction in an example session
        ("session.txt", "    $ printf 'lorem ipsum dolor sit amet' | gzip > sample.gz\n\n"
                        "[your password is remembered from now on]\n"),
    ],
)
def test_placeholder_text_quiet_on_syntax(path, text):
    assert found("placeholder-text", text, path) == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # a sentence describing a format or a notation shows its slots on purpose
        ("keys.txt", "Each signing key is named after its holder. The name takes the form Release Key: [Name],\n"
                     "as printed by the key tool.\n"),
        ("match.txt", "A check line may hold a pattern, surrounded by double braces: {{pattern}}; the rest of\n"
                      "the line is matched literally.\n"),
        # "X" is the value of an option the page defines
        ("report.txt", "--cutoff=X [default: 1%]\n    Hide every row that accounts for less than X% of the total.\n"),
    ],
)
def test_placeholder_text_quiet_on_described_notation(path, text):
    assert found("placeholder-text", text, path) == []


def test_placeholder_text_still_fires_on_unbound_figures_and_fields():
    text = ("# Results\n\nHi {{first_name}}, sales grew X% this year and we thank [Name] for the numbers.\n\n"
            "The name of the form you fill in is on the first page.\n")
    assert found("placeholder-text", text, "results.md") == ["{{first_name}}", "X%", "[Name]"]


def test_placeholder_text_still_fires_on_template_slots():
    text = ("# Offer\n\nDear [Client Name],\n\nThank you for choosing [Company]. Reach us on [Phone Number], "
            "at press@[company].com or at [Insert booking link].\n\nBest,\n[Your Name]\n")
    assert found("placeholder-text", text, "offer.md") == [
        "[Client Name]", "[Company]", "[Phone Number]", "[company]", "[Insert booking link]", "[Your Name]",
    ]


def test_placeholder_text_reads_changelog_file_lists():
    """In a GNU ChangeLog "* TODO: updated" names the TODO file; a TODO in an item's text, or in
    a list that is no ChangeLog, is still the author's to-do note."""
    changelog = ("2001-01-28  Ann Author  <ann@example.org>\n\n\t* lib/pattern.c: compile patterns\n"
                 "\t* lib/keys.c (key_find): TODO: check it still works\n\t* TODO: updated\n"
                 "\t* configure.in: version 0.3\n")
    assert found("placeholder-text", changelog, "ChangeLog.txt") == ["TODO:"]
    assert [changelog[a:b] for a, b in changelog_file_lists(changelog)] == [
        "lib/pattern.c", "lib/keys.c", "TODO", "configure.in"]
    assert found("placeholder-text", "# Plan\n\n* TODO: write the summary\n* Ship it\n", "plan.md") == ["TODO:"]


# ---------------------------------------------------------------------------- empty-sources
def test_sphinx_reference_page_of_automodule_directives_is_not_empty():
    text = ("Toolkit\n=======\n\nA small toolkit.\n\nReference\n---------\n\n"
            ".. automodule:: toolkit.core\n   :members:\n\n.. automodule:: toolkit.io\n   :members:\n")
    assert found("empty-sources", text, "api.rst") == []
    assert found("empty-sources", "# Brief\n\nWe will win.\n\n## Sources\n\n<!-- fill in -->\n\n---\n", "b.md")


# ---------------------------------------------------------------------------- emoji-bullets
def test_dividers_and_status_glyphs_are_not_emoji_bullets():
    text = ("Protocol notes\n\n\u2767\u2767\u2767\u2767\u2767\u2767\n\nRequests\n\n\u2744 \u2744 \u2744\n\n"
            "\u2699 \u2699 \u2699\n\nResults\n\n\u2717 PrivateTmp=\n\u2713 NoNewPrivileges=\n\u2717 ProtectHome=\n"
            "\u2713 ProtectClock=\n")
    assert found("emoji-bullets", text, "notes.txt") == []


def test_emoji_bullets_still_fire():
    text = "# Launch\n\n\U0001F680 Faster builds\n\u2705 Fewer bugs\n\u26a1 Instant deploys\n\u2714\ufe0f Happy users\n"
    assert len(found("emoji-bullets", text, "launch.md")) == 4


# ---------------------------------------------------------------------------- em-dash-density
def test_line_opening_dashes_are_bullets():
    lines = "".join(f"\u2014 give the argument item{i} on the command line with a fully specified name;\n"
                    for i in range(8))
    text = f"ITEM ARGUMENT\n\n    Arguments can be given in several ways:\n\n{lines}\n    The item to describe.\n"
    assert [f for f in scan_text(text, "page.txt", select=["em-dash-density"]) if f.severity.value != "info"] == []


# ---------------------------------------------------------------------------- vague-attribution
@pytest.mark.parametrize(
    "text",
    [
        "The server's version numbers returned indicate the protocol level it implements.\n",
        "Larger numbers indicate a higher scheduling priority for the queue.\n",
        "-v, -verbose, -statistics\n    Show counters for each link.\n",
        "It reads a stream of compressed data and shows a short summary.\n",
    ],
)
def test_vague_attribution_quiet_on_technical_subjects(text):
    assert found("vague-attribution", text, "doc.txt") == []


def test_vague_attribution_still_fires():
    text = "# Work\n\nStudies show that people like short weeks. Recent data suggests output rose.\n"
    assert found("vague-attribution", text, "w.md") == ["Studies show", "data suggests"]


# ---------------------------------------------------------------------------- sycophancy
def test_quoted_question_title_is_not_sycophancy():
    text = '# Asking\n\nRead "What makes a good question?" before you post.\n'
    assert found("sycophancy", text, "a.md") == []
    assert found("sycophancy", "# FAQ\n\nGreat question! Here is the answer.\n", "b.md") == ["Great question"]


# ---------------------------------------------------------------------------- placeholder-url
def test_example_addresses_in_commands_and_credits_are_examples():
    text = ("If the download of wget -r http://example.com -o /tmp/log fails, run it again.\n\n"
            "Thanks to Ana Ruiz <ana@example.org> for the patch.\n\n"
            "    curl \"http://host[1-3].example.com\" -o out\n    curl \"http://{a,b}.node[1-9].com\" -o \"#1\"\n\n"
            "To move a clone, set its remote with something like git remote set-url origin\n"
            "https://maria@git.example.org/team/tools.git (see git-remote(1) for the options).\n")
    assert found("placeholder-url", text, "bugs.txt") == []
    assert found("placeholder-url", "# Join\n\nSign up today at https://yourwebsite.com/join.\n", "j.md")
    assert found("placeholder-url", "# Shop\n\nSee our catalogue at www.[store-name].com.\n", "s.md")


# ---------------------------------------------------------------------------- helpers
def test_technical_line_helpers():
    assert is_code_line("    total = Sum_Type [5];") and is_code_line("=> [1, 2]") and is_code_line("$ ls -l [abc]")
    assert not is_code_line("Costs fell by a third in two years [3].")
    assert not is_code_line("The sample size (n = 1,204 households) was large [2].", marked_up=True)
    assert is_synopsis_line("   tar [OPTION]... [FILE]...") and not is_synopsis_line("Dear [Name],")
    assert ini_section_names("[Unit]\nDescription=x\n\nSee the [Mount] section.\n") == {"Unit", "Mount"}


# ---------------------------------------------------------------------------- stock-phrase, hedging, negative-parallelism
RATES = Path(__file__).resolve().parent.parent / "fixtures" / "prose" / "rates"
_LEXICAL = ("stock-phrase", "hedging", "negative-parallelism")


def warnings(path: Path) -> list[str]:
    findings = scan_text(path.read_text(encoding="utf-8"), path.name, select=list(_LEXICAL))
    return [f.matched or "" for f in findings if f.severity is not None and f.severity.value == "warning"]


def test_one_stock_phrase_in_a_long_manual_is_the_human_rate():
    """One "It is important to note" and one "can potentially" in a 4,000-word manual page are
    reported as info; in an assistant's newsletter or guide the same phrases stay warnings."""
    manual = RATES / "human" / "logtide.8.txt"
    found_all = [f.matched for f in scan_text(manual.read_text(encoding="utf-8"), manual.name, select=list(_LEXICAL))]
    assert found_all == ["It is important to note", "can potentially"]
    assert warnings(manual) == []
    assert warnings(RATES / "ai" / "volunteer-newsletter.md") == [
        "The bottom line", "serves as a powerful reminder", "Without further ado", "It's important to note",
        "could potentially",
    ]
    assert warnings(RATES / "ai" / "remote-onboarding-guide.md") == [
        "It's important to note", "can potentially", "In conclusion",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In summary mode, the tool prints one line per group.\n",
        "The progress line is drawn on the bottom line of the screen.\n",
        "The filter writes the parsed tree to the file without further ado.\n",
        "This short list serves as a reminder to those who know the commands already.\n",
        "A tag is not only matched by its name, but also by the scope it sits in.\n",
        "Usually this isn't a problem since most files use the defaults. It is the only layout we write.\n",
    ],
)
def test_literal_uses_of_stock_words_are_not_findings(text):
    assert [f.matched for f in scan_text(text, "page.txt", select=list(_LEXICAL))] == []


def test_one_phrase_repeated_is_not_a_cluster():
    text = ("# Formats\n\nThe simple API reads a wide variety of bitmap formats, writes a wide variety of "
            "layouts and offers a wide variety of helpers.\n")
    assert [f.severity.value for f in scan_text(text, "f.md", select=["stock-phrase"])] == ["info"] * 3

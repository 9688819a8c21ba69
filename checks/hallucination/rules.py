"""Rule declarations of the hallucination family (AIS2xx), each with the examples that must
and must not trigger it. The finders import these; the rules themselves import nothing else
from the family, so there is no import cycle."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from aislop.model import Example, Rule, Severity

FAMILY = "hallucination"


def _rule(code: str, name: str, severity: Severity, confidence: float, visibility: int, effort: float, **kw) -> Rule:
    return Rule(code=code, name=name, family=FAMILY, severity=severity, confidence=confidence,
                visibility=visibility, effort_minutes=effort, **kw)


CHAT_LEFTOVER = _rule(
    "AIS207", "chat-leftover", Severity.ERROR, 0.9, 3, 1,
    summary="Assistant chatter addressed to the requester was left in the deliverable.",
    why="Lines like \"Sure! Here's a draft…\" or \"Let me know if you'd like me to…\" speak to the "
    "person who asked for the text, not to its reader; a client who sees one knows the text was "
    "pasted without a read-through. Stock sign-offs and apologies (\"Let me know if you have any "
    "questions.\", \"Is there anything else I can help you with?\", \"I apologize for the "
    "confusion.\") count when they open a sentence in the first or last two paragraphs, or in a "
    "code comment or docstring; in a letter or e-mail (a salutation, e-mail headers or a sign-off "
    "such as \"Best regards,\") they are the writer's own until the sign-off, and count only after it.",
    fix="Delete the chatter; keep only the text meant for the reader.",
    triggers=(
        "# Migraine basics\n\nKeep a diary of triggers.\n\nFeel free to ask if you want me to turn this into a printable handout!\n",
        "# Slide notes\n\nSlide 4 covers pricing.\n\nHope these speaker notes are useful; happy to tighten any slide before Friday.\n",
        "Sure! Here's a draft introduction for your white paper that you can adapt:\n\n"
        "# Securing the Small Business\n\nSmall firms are a target for attackers.\n",
        "# Protein basics\n\nMost adults need about 0.8 g per kilogram a day.\n\n"
        "I hope this helps! Let me know if you'd like me to adjust the tone for your audience.\n",
        "Here's a polished version of the proposal based on the notes you shared:\n\n# Proposal\n\nDear Ms. Lee,\n",
        "# Five habits of good managers\n\nGood managers hold regular one-on-ones.\n\n"
        "Feel free to customize this section with examples from your own company.\n",
        "I apologize for the confusion. The ferry leaves at 7:40, not 7:10.\n\n# Island day trip\n\nPack a jacket.\n",
        Example("Pickup times\n\nThe van leaves the depot at 6:15.\n\nIs there anything else I can help you with?\n",
                path="pickup.txt"),
        Example('"""Merge the two price lists.\n\nLet me know if you have any questions.\n"""\n', path="merge.py"),
    ),
    clean=(
        "# Chapter 3\n\n\"Sure, I can help,\" she said, and handed him the map.\n\n"
        "> Certainly! Here's the key, he wrote in his last letter.\n",
        "# About us\n\nOur plumbers answer the phone day and night. Feel free to call us any time, "
        "and let me know if you have any questions about your quote.\n",
        "# Release checklist\n\nHere's what you need to know before the launch:\n\n- Tag the release.\n",
        # A letter before its sign-off: the writer speaking to the reader.
        Example("Dear parents,\n\nThe school trip leaves at 8:00 on Monday.\n\nLet me know if you have any "
                "questions.\n\nBest regards,\nMs Okafor\n", path="letter.txt"),
    ),
    fixes=(
        Example(  # at the edges of the text: safe
            text="Sure! Here's a draft introduction for your white paper:\n\n# Securing the Small Business\n\n"
            "Small firms are a target for attackers.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n",
            fixed="# Securing the Small Business\n\nSmall firms are a target for attackers.\n",
        ),
        Example(
            text="# Protein basics\n\nMost adults need about 0.8 g per kilogram a day. Feel free to customize this "
            "section with examples from your own company.\n",
            fixed="# Protein basics\n\nMost adults need about 0.8 g per kilogram a day.\n",
        ),
        Example(  # in the middle of the text it may carry content: unsafe
            text="# Slide notes\n\nSlide 4 covers pricing.\n\nHope these speaker notes are useful; happy to tighten any "
            "slide before Friday.\n\nSlide 5 covers the roadmap.\n",
            fixed="# Slide notes\n\nSlide 4 covers pricing.\n\nSlide 5 covers the roadmap.\n",
            unsafe=True,
        ),
    ),
)

AI_DISCLOSURE = _rule(
    "AIS206", "ai-disclosure", Severity.ERROR, 0.95, 3, 2,
    summary="The writing assistant's self-description or knowledge-cutoff caveat is in the text.",
    why="\"As an AI language model…\" or \"As of my last knowledge update…\" tells the reader the "
    "text was not checked, and the caveat usually sits next to facts that need checking.",
    fix="Check the nearby facts against a current source and delete the sentence.",
    triggers=(
        "# Heat policy\n\nPlease note that my training data only runs through early 2023, so check the latest figures.\n",
        "# Ocean acidification\n\nAs of my knowledge cutoff, the latest assessment projected further declines.\n",
        "# Tools\n\n> **Note:** As an AI, I can't browse the web or check live pricing pages.\n",
        Example("def total(rows):\n    # As an AI language model, I cannot run this code.\n    return sum(rows)\n",
                path="totals.py"),
    ),
    clean=(
        "# Our team\n\nAs an AI researcher, Dana has published widely on speech recognition.\n",
        "# Chatbots\n\nThe bot replied, \"As an AI language model, I cannot do that,\" which annoyed users.\n",
        # A block quote that the paragraph before introduces is a quotation, not the author's voice.
        "# Marking essays\n\nOne submission I marked last term ended with:\n\n"
        "> As an AI language model, I cannot browse the internet, so some dates may be out of date.\n",
    ),
)

CITATION_ARTIFACT = _rule(
    "AIS204", "citation-artifact", Severity.ERROR, 0.98, 3, 2,
    summary="Citation debris from a chatbot answer (oaicite, turn0search0, 【4†source】, utm_source=chatgpt.com).",
    why="These codes are how a chat interface draws its source buttons; pasted into a document they "
    "show up as gibberish and point to nothing.",
    fix="Delete the code and cite the actual source, or drop the claim.",
    triggers=(
        "# Market update\n\nSales grew in the third quarter. :contentReference[oaicite:0]{index=0}\n",
        "# Notes\n\nThe law took effect in 2021 citeturn0search3 and applies to all firms.\n",
        "# Links\n\nSee [the report](https://www.example.org/report?utm_source=chatgpt.com) for details.\n",
    ),
    clean=(
        "# Citing sources\n\nWe cite every claim with a numbered reference [1].\n\n## References\n\n"
        "[1] Smith, J. (2020). A study. Journal, 1(2), 3-4.\n",
        "# Tracking\n\nTag campaign links with `utm_source=newsletter` so that analytics can count them.\n",
    ),
    fixes=(
        Example(
            text="# Market update\n\nSales grew in the third quarter. :contentReference[oaicite:0]{index=0}\n"
            "The law took effect in 2021 citeturn0search3 and applies to all firms\u30104\u2020source\u3011.\n",
            fixed="# Market update\n\nSales grew in the third quarter.\nThe law took effect in 2021 and applies to all firms.\n",
        ),
        Example(
            text="# Links\n\nSee [the report](https://www.example.org/report?utm_source=chatgpt.com) and "
            "[the data](https://data.example.org/?utm_source=chatgpt.com&page=2).\n",
            fixed="# Links\n\nSee [the report](https://www.example.org/report) and [the data](https://data.example.org/?page=2).\n",
        ),
        Example(
            path="report.html",
            text="<p>Sales grew &amp; costs fell.\u30104\u2020source\u3011</p>\n<p>Next year&#8217;s plan follows.</p>\n",
            fixed="<p>Sales grew &amp; costs fell.</p>\n<p>Next year&#8217;s plan follows.</p>\n",
        ),
        Example(  # a link in a Python string or comment
            path="app/links.py",
            text='# Source: https://example.org/r?utm_source=chatgpt.com&id=4\n'
            'REPORT = "https://example.org/r?utm_source=chatgpt.com"\n',
            fixed='# Source: https://example.org/r?id=4\nREPORT = "https://example.org/r"\n',
        ),
    ),
)

PLACEHOLDER_TEXT = _rule(
    "AIS205", "placeholder-text", Severity.ERROR, 0.9, 3, 2,
    summary="A template slot ([Company], {{first_name}}, XX%, TBD, Lorem ipsum) was left unfilled.",
    why="An unfilled slot is the most visible sign that a draft went out unread; clients notice it "
    "at once.",
    fix="Fill in the real value, or delete the sentence.",
    triggers=(
        "# Press release\n\nFOR IMMEDIATE RELEASE: [Release Date]\n\nContact [Spokesperson Name] at [SUPPORT EMAIL].\n",
        "# Launch\n\nWe completed XX,000 deliveries, with salaries of $XXk, on October XX.\n",
        Example("Student: [Student Name]\nClass: World History, Period [X]\n\nDuis aute irure dolor in reprehenderit.\n",
                path="essay.txt"),
        Example("Hi *|FNAME|*,\n\nJoin us at <VENUE NAME AND ADDRESS> for the launch.\n", path="invite.txt"),
        "# Proposal\n\nDear {{first_name}},\n\nDrawing on [Company]'s experience, we outline three steps.\n",
        "# Pricing\n\nPlans start at $XX per seat, a saving of XX% on last year. Launch date: TBD.\n",
        "# Our experience\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
        Example("Action items: send the deck to <client name> by Friday. Link: <insert link here>\n", path="notes.txt"),
    ),
    clean=(
        # Grammar notation in technical text is not a template slot.
        Example("The statement reads import module [as name]; list tags with git tag [name].\n", path="syntax.txt"),
        "# Release notes\n\n- [x] Fixed the crash on start-up.\n- Run `make TBD=1` to build the docs.\n\n"
        "The parser now reads arr[1] correctly [sic].\n",
        "# World War II\n\nThe XX Corps crossed the river in 1944; see Table 2 for the figures.\n",
        # Code in HTML is not text: <tt>, <kbd>, <samp>, <code>, <pre>.
        Example("<html><body><p>Most of the <tt>_.is[Type]</tt> checks no longer duck-type.</p></body></html>\n",
                path="changes.html"),
        # A Perl block label in an indented example is code, not a to-do note.
        Example("TODO TESTS\n    Mark tests you expect to fail:\n\n        TODO: {\n            local $TODO = 'URI';\n"
                "        }\n", path="tutorial.txt"),
        # A man-page synopsis, option syntax and unit-file sections (issue #19).
        Example("SYNOPSIS\n       mirror [option]... [URL]...\n       setzone [NAME]\n\n       -O[type]  sync output\n\n"
                "The [Time] section holds the keys below.\n\n[Link]\nName=eth0\n", path="mirror.txt"),
        # A format or notation described in the sentence, and a variable the page defines (issue #19).
        Example("The account name takes the form Team Signing: [Name]. Patterns are surrounded by double "
                "braces: {{pattern}}.\n\n--limit=X\n    Show functions above X% of the total.\n", path="notation.txt"),
        # A GNU ChangeLog item opens with the files it changed: here the project's TODO file.
        Example("2001-01-28  Ann Author  <ann@example.org>\n\n\t* lib/pattern.c: compile match patterns\n"
                "\t* lib/keys.c lib/keys.h: new key table\n\t* FEATURES TODO: updated\n\t* configure.in: "
                "version 0.3\n\t* TODO: more stuff\n", path="ChangeLog.txt"),
    ),
)


DANGLING_CITATION = _rule(
    "AIS201", "dangling-citation", Severity.ERROR, 0.85, 2, 10,
    summary="A citation marker ([3], [^1], (Smith et al., 2019)) has no matching reference entry.",
    why="A marker that points to no source reads as an invented citation; a client who checks one "
    "stops trusting every other claim.",
    fix="Add the full source to the reference list, or remove the marker (and the claim if it has no source).",
    triggers=(
        "# Threats\n\nRansomware groups now operate like businesses [3].\n",
        "# Protein\n\nOlder adults may need 1.2 g per kilogram (Lee et al., 2021).\n\n## References\n\n"
        "Smith, J. (2020). Protein needs. Journal of Nutrition, 1(2), 3-4.\n",
        "# Claims\n\nThe bridge is the longest in Europe [citation needed].\n",
        # An author-year citation against a numbered list with no entry by that surname.
        "# Sleep\n\nShift workers sleep less [1], and naps do not make up for it (Hartmann, 2017).\n\n"
        "## References\n\n[1] Akerstedt, T. (2003). Shift work and disturbed sleep. Occupational Medicine, 53(2).\n",
    ),
    clean=(
        "# Solar\n\nThe credit is 30% of system costs [1], and panels lose 0.5% a year [2].\n\n## References\n\n"
        "[1] U.S. Department of Energy. Homeowner's Guide to the Federal Tax Credit.\n\n"
        "[2] Jordan, D. C., & Kurtz, S. R. (2013). Photovoltaic degradation rates. Progress in Photovoltaics, 21(1).\n",
        "# Review\n\nHeavier use was linked to lower well-being (Twenge & Campbell, 2018), but Orben and "
        "Przybylski (2019) found the effect was small.\n\n## References\n\n"
        "Orben, A., & Przybylski, A. K. (2019). The association between adolescent well-being and "
        "digital technology use. Nature Human Behaviour, 3(2), 173-182.\n\n"
        "Twenge, J. M., & Campbell, W. K. (2018). Associations between screen time and lower "
        "psychological well-being. Preventive Medicine Reports, 12, 271-283.\n",
        "# Tasks\n\n- [ ] draft\n- [x] review\n\nThe quote \u201cthey was [sic] late\u201d stays; see the "
        "footnote.[^a]\n\n[^a]: From the 1998 trial transcript.\n",
        # An author-year citation resolves against a numbered list too.
        "# Sleep\n\nShift workers sleep less [1], as (Akerstedt, 2003) showed.\n\n## References\n\n"
        "[1] Akerstedt, T. (2003). Shift work and disturbed sleep. Occupational Medicine, 53(2).\n",
        # Code, not citations: an inline code span, a C array in an HTML <pre>, a call in plain text.
        "# Arrays\n\nSome intro text that is long enough to move the offsets along a little.\n\n"
        "Index it as `arr[1][2]` in the loop.\n",
        Example("<html><body><p>Parse the flags:</p><pre>if (argv[i][0] != '-')\n    break;</pre></body></html>\n",
                path="guide.html"),
        Example("Masked arrays\n\n  x = array([1,4,7],mask=mask)\n  putmask(x,mask,[3])\n", path="notes.txt"),
        # A value given to a setting: "setting this element to [1]" (a Perl array reference).
        Example("Turn the feature on by setting its default element to [1], off by setting it to [0].\n",
                path="feature.txt"),
        # Numbered notes listed at the end without a heading, with non-breaking spaces (DocBook).
        Example("<html><body><p>Solaris removed the syscalls [1].<br>\n<br>\n"
                "[1]\u00a0http://docs.oracle.com/cd/E26502_01/html/E28556/gkzlf.html<br>\n</p></body></html>\n",
                path="readme.html"),
        # An HTML <ol> under References is numbered 1, 2, 3 when rendered.
        Example("<html><body><p>Sparrows declined by 71%<sup><a href=\"#r1\">[1]</a></sup>, probably for lack of "
                "insects<sup><a href=\"#r2\">[2]</a></sup>.</p><h2>References</h2><ol><li id=\"r1\">Robinson, R. A. "
                "(2005). Ibis, 147, 552-562.</li><li id=\"r2\">Peach, W. J. (2008). Animal Conservation, 11, 493-503."
                "</li></ol></body></html>\n", path="article.html"),
        # pod2text / man-page layout: a FOOTNOTES title over indented, bare-numbered notes.
        Example("TESTING\n    The first test is numbered 1 [1]. The second one counts [2].\n\n"
                "FOOTNOTES\n    1   The first number does not really mean anything.\n\n"
                "    2   For those following along at home, I use version 1.31.\n", path="tutorial.txt"),
        # Technical plain text: a declaration, a range of values, a regex class (issue #19).
        Example("Buffers\n\n    uint8_t frame[2048];\n\nThe level must be in the range [50, 900], and\n"
                "sed 's/a[^a]*//' strips the rest.\n", path="notes.txt"),
    ),
)

EMPTY_SOURCES = _rule(
    "AIS202", "empty-sources", Severity.ERROR, 0.9, 3, 10,
    summary="A Sources / References / Bibliography heading has nothing under it.",
    why="An empty sources section promises evidence the document does not give; readers see it at once.",
    fix="List the sources the text relies on, or delete the heading.",
    triggers=(
        "# Proposal\n\nWe look forward to working with you.\n\n## Sources\n",
        "# Essay\n\nThe war ended in 1945.\n\n## References\n\n## Appendix\n\nTables follow.\n",
    ),
    clean=(
        "# Essay\n\nThe war ended in 1945 [1].\n\n## References\n\n[1] Keegan, J. (1989). The Second World War. Viking.\n",
        "# Essay\n\nSee below.\n\n## Sources\n\n### Books\n\n- Keegan, J. (1989). The Second World War.\n",
        # A "References" link in a page's navigation table is not a section.
        Example("<html><body><h1>Install</h1><p>Unpack the archive.</p><table><tr><td><a href=\"x1.html\">"
                "Overview</a></td><td><a href=\"b518.html\">References</a></td></tr></table></body></html>\n",
                path="install.html"),
        # A Sphinx "Reference" page: its content is directives the prose view leaves out (issue #19).
        Example("Toolkit\n=======\n\nA small toolkit.\n\nReference\n---------\n\n.. automodule:: toolkit.core\n"
                "   :members:\n", path="api.rst"),
    ),
)

ORPHAN_REFERENCE = _rule(
    "AIS203", "orphan-reference", Severity.WARNING, 0.7, 2, 5,
    summary="A reference-list entry that nothing in the text cites.",
    why="When the text cites its sources, an entry nobody cites is usually padding or a source that "
    "was never read; careful readers notice the mismatch.",
    fix="Cite the entry where it supports a claim, or delete it.",
    triggers=(
        "# Oceans\n\nThe pH has fallen by about 0.1 units [1].\n\n## References\n\n"
        "[1] Caldeira, K., & Wickett, M. E. (2003). Anthropogenic carbon and ocean pH. Nature, 425, 365.\n\n"
        "[2] Orr, J. C., et al. (2005). Anthropogenic ocean acidification. Nature, 437, 681-686.\n",
        "# Review\n\nEffects were small (Orben & Przybylski, 2019).\n\n## References\n\n"
        "Odgers, C. L., & Jensen, M. R. (2020). Adolescent mental health in the digital age. JCPP, 61(3), 336-348.\n\n"
        "Orben, A., & Przybylski, A. K. (2019). Adolescent well-being and digital technology use. "
        "Nature Human Behaviour, 3(2), 173-182.\n",
    ),
    clean=(
        "# Reading list\n\nBooks we enjoyed this year.\n\n## Sources\n\n"
        "- Keegan, J. (1989). The Second World War. Viking.\n- Beevor, A. (2012). The Second World War. Little, Brown.\n",
        "# Gatsby\n\nFirst published in 1925 [1]; Trilling praised it [2-3].\n\n## References\n\n"
        "[1] Fitzgerald, F. S. The Great Gatsby. Scribner, 1925.\n\n[2] Bruccoli, M. J. Some Sort of Epic Grandeur. 1981.\n\n"
        "[3] Trilling, L. The Liberal Imagination. Viking, 1950.\n",
        # Citation runs: "[2][4]" and the IEEE range "[3]-[5]" cite every number in them.
        "# Bridges\n\nWalkers act as coupled oscillators [2][4]; the effect grows with the crowd [1], "
        "as later field tests confirmed [3]-[5].\n\n## References\n\n[1] Dallard, P. (2001). The Footbridge.\n\n"
        "[2] Strogatz, S. H. (2005). Crowd synchrony. Nature, 438.\n\n[3] Eckhardt, B. (2007). Walker synchronization.\n\n"
        "[4] Abrams, D. M. (2006). Coupled oscillators.\n\n[5] Ott, E. (2008). Field tests.\n",
    ),
)


UNSOURCED_STATISTIC = _rule(
    "AIS208", "unsourced-statistic", Severity.WARNING, 0.7, 2, 15,
    summary="A precise figure credited to \"studies\", \"experts\" or \"an estimated\" with no citation.",
    why="Precise numbers with a vague credit (\"studies show 60% of…\") are the classic invented "
    "statistic; if a client looks it up and finds nothing, the whole document loses credibility.",
    fix="Cite the study the figure comes from, or remove the figure.",
    triggers=(
        "# Migraine\n\nData suggests that roughly 42% of adults with migraine never see a doctor about it.\n",
        "# Cyber risk\n\nIn fact, studies show that 60% of small businesses close within six months of an attack.\n",
        "# Protein\n\nAn estimated 46% of adults over 65 fall short of their protein needs.\n",
        "# Teens\n\nApproximately 7 in 10 adolescents report comparing themselves to peers online.\n",
        # No cue, but the document cites its other claims, so its figures are expected to be sourced.
        "# Remote work\n\nHybrid schedules kept output steady [1].\n\nEmployees who work from home two days "
        "a week are 35% less likely to quit.\n\n## References\n\n[1] Bloom, N., Han, R., & Liang, J. (2024). "
        "Hybrid working from home improves retention. Nature, 630, 920-925.\n",
    ),
    clean=(
        "# Solar\n\nThe credit is 30% of system costs, research shows [1].\n\n## References\n\n"
        "[1] U.S. Department of Energy. Homeowner's Guide to the Federal Tax Credit.\n",
        "# Q3 review\n\nOur analysis of 1,200 shipments found that 96% arrived on time; experts say "
        "that is 3 times the industry norm.\n",
        "# Survey\n\nAccording to Gallup's 2023 survey, 41% of workers feel stressed.\n",
        # A citing document's own figures, targets and prices need no source; nor does a figure
        # whose paragraph ends with a citation.
        "# Sleep\n\nLater starts raised attendance [1].\n\nIn our survey of 214 parents, 61% named phones.\n\n"
        "We aim to cut late-night screen use by 30% this year. The workshop costs $45 per family.\n\n"
        "About 73% of students sleep too little, and later starts help [1].\n\n## References\n\n"
        "[1] Wheaton, A. G., et al. (2018). Short sleep duration among students. MMWR, 67(3), 85-90.\n",
        # The figure is the value reported (passive), not people reporting (issue #19, a man page).
        Example("In an SMP environment, CPU amounts greater than 100% may be reported for a threaded task.\n",
                path="top.txt"),
    ),
)

VAGUE_ATTRIBUTION = _rule(
    "AIS209", "vague-attribution", Severity.WARNING, 0.6, 2, 10,
    summary="A claim credited to \"experts\", \"research\" or \"a recent study\" without naming a source.",
    why="\"Experts agree\" and \"according to a recent study\" borrow authority without giving the "
    "reader a way to check it; editors and clients read them as filler or invention.",
    fix="Name and cite the source, or state the claim on your own authority.",
    triggers=(
        "# The war\n\nHistorians agree that the alliance system turned a local crisis into a world war.\n",
        "# Protein\n\nHowever, experts agree that many people benefit from eating more than the RDA.\n",
        "# Tools\n\nAccording to a recent study, teams with a project tool spend less time in meetings.\n",
        # An adjective of prestige where the name of the source should be.
        "# Hybrid work\n\nAnalysts at a major consultancy expect hybrid work to become the norm.\n",
        "# Sleep\n\nStudies from leading universities suggest that later school starts help teenagers.\n",
    ),
    clean=(
        "# Tools\n\nAccording to a 2021 Atlassian survey [1], teams spend less time in meetings.\n\n"
        "## References\n\n[1] Atlassian. (2021). State of Teams.\n",
        "# Team\n\nOur research shows that clients prefer shorter reports. Dana is one of our experts.\n",
        "# Novel\n\n\u201cExperts agree it will rain,\u201d she said.\n",
        "# Configuration\n\nThe parser walks over an XML tree and amends the configuration with the "
        "data found within.\n",
        # Technical subjects, not appeals to evidence (issue #19).
        Example("The server version numbers returned indicate the protocol it speaks; higher numbers\n"
                "indicate a higher priority.\n", path="proto.txt"),
        "# Team\n\nBefore founding the firm, our director spent ten years as an analyst at a major consultancy. "
        "Analysts at McKinsey expect hybrid work to last.\n",
    ),
)

INVALID_DOI = _rule(
    "AIS210", "invalid-doi", Severity.ERROR, 0.9, 2, 5,
    summary="A DOI that does not match the DOI pattern (10.<4-9 digits>/<suffix>).",
    why="A malformed DOI resolves nowhere; it is a common sign of a reference that was made up or "
    "mistyped, and a reader who clicks it gets an error page.",
    fix="Copy the DOI from the publisher's page or Crossref, or remove it.",
    triggers=(
        "# Oceans\n\n## References\n\n[1] Caldeira, K. (2003). Ocean pH. Nature, 425, 365. doi:10.1038.425365a\n",
        "# Study\n\nSee https://doi.org/11.1000/xyz123 and DOI: 10.12/abc for details.\n",
    ),
    clean=(
        "# Study\n\nJordan & Kurtz (2013), https://doi.org/10.1002/pip.1182, doi:10.1038/s41562-018-0506-1.\n",
        "# DOIs\n\nThe DOI system registers identifiers; our DOI prefix is listed in `doi:10.12/abc` notes.\n",
    ),
)

PLACEHOLDER_URL = _rule(
    "AIS211", "placeholder-url", Severity.ERROR, 0.9, 3, 2,
    summary="A placeholder address (example.com, yourwebsite.com, www.[website].com, localhost) in a deliverable.",
    why="Placeholder links go nowhere for the reader; a client who clicks one sees the template was "
    "never finished.",
    fix="Replace it with the real address, or remove the link.",
    triggers=(
        "# Gala\n\nPlease RSVP at https://www.your-event-site.com/rsvp by 1 May.\n",
        "# Pricing\n\nFor details, see our full guide at https://example.com/pm-tools-pricing-guide.\n",
        "# Next steps\n\nLearn more about our team at www.yourwebsite.com or www.[website].com.\n",
        # Not a call to action, but the deliverable saying where its own material lives.
        "# Hybrid work\n\nThe full survey sits at https://example.com/hybrid-work-survey-2024 with the raw tables.\n",
        Example(text='import requests\n\nBASE_URL = "https://api.example.com/v1"\n', path="client.py"),
    ),
    clean=(
        "# Setup\n\nStart the server and open http://localhost:8000 in your browser.\n",
        # Technical writing, where example.com is the documented stand-in.
        "# Proxy\n\nIf the page lives at https://example.com/docs/, relative links resolve against that address.\n",
        "# Links\n\nSee https://www.python.org and [the docs](https://docs.python.org/3/).\n",
        Example(text='def test_url():\n    assert build("https://example.com")\n', path="tests/test_client.py"),
        # A URL glob is not a slot; "something like" introduces an example.
        Example("Fetch them all with curl \"http://{a,b}.node[1-9].com\". Then set the remote with "
                "something like git remote set-url origin https://ana@git.example.org/t/tools.git "
                "(see git-remote(1)).\n", path="fetch.txt"),
    ),
)


def _serve_example(root: Path, path: str) -> None:
    """Write an example linking to a loopback server (404 for /missing, 200 otherwise).

    The rule's examples must run without the internet; this serves them from 127.0.0.1.
    """
    from aislop.loopback import loopback_http_server  # imported only when an example is built

    port = loopback_http_server()
    (root / "example.md").write_text(
        f"# Pricing\n\nSee the [price list](http://127.0.0.1:{port}{path}) for details.\n", encoding="utf-8"
    )


BROKEN_LINK = _rule(
    "AIS212", "broken-link", Severity.WARNING, 0.8, 3, 5,
    summary="A cited link or DOI does not resolve (checked only with --online).",
    why="A dead link or an unregistered DOI in a deliverable looks careless at best and invented at "
    "worst; readers click sources.",
    fix="Find the current address of the source (or its archived copy) and update the link, or drop it.",
    options={"timeout": 5.0, "concurrency": 8},
    triggers=(Example(build=lambda root: _serve_example(root, "/missing/pricing"), settings={"online": True}),),
    clean=(
        Example(build=lambda root: _serve_example(root, "/pricing"), settings={"online": True}),
        # Offline (the default) nothing is fetched, so even a dead link is not reported.
        "# Sources\n\nSee https://www.python.org/this-page-does-not-exist for details.\n",
    ),
)


# ============================================================================ examples' stand-in
# The online rules' examples talk to a loopback stand-in of Crossref and OpenAlex (see
# aislop.scholarly_standin) that knows one real article, answered in Crossref's JSON shape.
_DEEP_LEARNING = {
    "DOI": "10.1038/nature14539", "type": "journal-article", "title": ["Deep learning"],
    "author": [{"given": "Yann", "family": "LeCun", "sequence": "first", "affiliation": []},
               {"given": "Yoshua", "family": "Bengio", "sequence": "additional", "affiliation": []},
               {"given": "Geoffrey", "family": "Hinton", "sequence": "additional", "affiliation": []}],
    "container-title": ["Nature"], "volume": "521", "issue": "7553", "page": "436-444",
    "issued": {"date-parts": [[2015, 5, 27]]}, "published-print": {"date-parts": [[2015, 5, 28]]},
}


@cache
def _example_standin() -> Any:
    from aislop.scholarly_standin import ScholarlyStandIn  # examples only: never loaded by a scan

    return ScholarlyStandIn({"crossref": {"works": [_DEEP_LEARNING]}, "openalex": {"works": []}}).start()


class StandInSettings(Mapping):
    """Top-level settings that point a scan at the examples' stand-in, started on first read
    (so that merely loading the rules opens no socket)."""

    def _data(self) -> dict[str, Any]:
        standin = _example_standin()
        return {"online": True, "crossref_url": standin.url("crossref"), "openalex_url": standin.url("openalex"),
                "mailto": "examples@aislop.invalid"}

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self):
        return iter(("online", "crossref_url", "openalex_url", "mailto"))

    def __len__(self) -> int:
        return 4


def _online(text: str) -> Example:
    return Example(text=text, settings=StandInSettings())


_REAL = ("# Review\n\nDeep networks learn features from raw data [1].\n\n## References\n\n"
         "[1] LeCun, Y., Bengio, Y., & Hinton, G. ({year}). {title}. Nature, 521(7553), 436-444. "
         "https://doi.org/{doi}\n")

INVALID_ISBN = _rule(
    "AIS220", "invalid-isbn", Severity.ERROR, 0.9, 2, 5,
    summary="An ISBN whose check digit (or length) is wrong.",
    why="The last digit of an ISBN is computed from the others, so a wrong one means the number was "
    "mistyped or made up; a reader who looks the book up finds nothing, or another book.",
    fix="Copy the ISBN from the publisher's page or a library catalogue, or remove it.",
    triggers=(
        "# Reading\n\n## References\n\nMarlowe, P. (2019). The quiet ledger. Harborview Press. ISBN 978-1-4028-9462-7\n",
        "# Sources\n\nGoodfellow, I. (2016). Deep learning. MIT Press. ISBN 0-262-03561-9.\n",
    ),
    clean=(
        "# Sources\n\nGoodfellow, I. (2016). Deep learning. MIT Press. ISBN 978-0-262-03561-3 (ISBN-10 0262035618).\n",
        "# Stock\n\nOrder number 978-1-4028-9462-7 ships on Monday; the barcode label reads ISBN pending.\n",
    ),
)

INVALID_ARXIV_ID = _rule(
    "AIS221", "invalid-arxiv-id", Severity.ERROR, 0.85, 2, 5,
    summary="An arXiv identifier that cannot exist (month 13, wrong number of digits, unknown archive).",
    why="arXiv identifiers encode the month of submission and a fixed-width number; one that breaks "
    "the scheme was mistyped or invented, and its link leads nowhere.",
    fix="Copy the identifier from the paper's arXiv page, or remove it.",
    triggers=(
        "# Related work\n\nSee Chen et al., arXiv:2313.04521, for a survey.\n",
        "# Sources\n\n- Kingma, D. P., & Ba, J. (2014). Adam. https://arxiv.org/abs/1412.69801\n",
    ),
    clean=(
        "# Sources\n\n- Kingma & Ba, arXiv:1412.6980; Vaswani et al., arXiv:1706.03762v5; Witten, hep-th/9802150 "
        "(arXiv:hep-th/9802150).\n",
    ),
)

INVALID_PMID = _rule(
    "AIS222", "invalid-pmid", Severity.ERROR, 0.85, 2, 5,
    summary="A PubMed ID that is not a number of 1 to 8 digits.",
    why="PubMed IDs are plain numbers of at most eight digits; anything else was mistyped or invented, "
    "and a reader who searches PubMed for it finds nothing.",
    fix="Copy the PMID from the article's PubMed record, or remove it.",
    triggers=("# Sources\n\n1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44. PMID: 260174422\n",),
    clean=("# Sources\n\n1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44. PMID: 26017442\n",),
)

UNVERIFIED_REFERENCE = _rule(
    "AIS223", "unverified-reference", Severity.WARNING, 0.7, 2, 15,
    summary="No source (Crossref, OpenAlex) knows a work with this title and first author (checked only with --online).",
    why="Chat models invent plausible references (real journals, plausible authors, well-formed DOIs); "
    "published audits found between 18% and 55% of the references they write fabricated. An entry "
    "that no bibliographic database knows is a lead to verify, not proof: books, reports and very new "
    "papers are sometimes missing from both.",
    fix="Find the work (library catalogue, publisher, Google Scholar); correct the entry from the source, "
    "or remove it and the claims that rest on it.",
    options={"timeout": 10.0, "concurrency": 3, "retries": 3},
    triggers=(
        _online("# Review\n\nMarmots store microplastics in fat [1].\n\n## References\n\n"
                "[1] Okafor, L., & Brandt, M. (2021). Microplastic accumulation in alpine marmot populations. "
                "Journal of Alpine Ecology, 14(3), 201-219. https://doi.org/10.5555/jae.2021.0143\n"),
        _online("# Review\n\nDeep networks model reef recovery (Lindqvist, 2020).\n\n## References\n\n"
                "Lindqvist, H. (2020). Deep learning for coral reef recovery forecasting. Marine Informatics, 3, 1-12.\n"),
    ),
    clean=(
        _online(_REAL.format(year=2015, title="Deep learning", doi="10.1038/nature14539")),
        # Offline (the default) nothing is looked up.
        "# Review\n\nMarmots store microplastics in fat [1].\n\n## References\n\n"
        "[1] Okafor, L. (2021). Microplastic accumulation in alpine marmots. https://doi.org/10.5555/jae.2021.0143\n",
    ),
)

REFERENCE_MISMATCH = _rule(
    "AIS224", "reference-mismatch", Severity.WARNING, 0.8, 2, 5,
    summary="The cited work exists but the entry is wrong: its DOI belongs to another title, or the year or first "
    "author differ (checked only with --online).",
    why="A reference with the wrong DOI, year or author sends the reader to another work or to nothing; "
    "an invented title hung on a real DOI is a common shape of fabricated reference.",
    fix="Copy the registered metadata given in the message into the entry, or, if the cited title was "
    "not the registered one, find the work actually meant.",
    triggers=(
        _online(_REAL.format(year=2015, title="Neural pathways of coral reef resilience", doi="10.1038/nature14539")),
        _online(_REAL.format(year=2009, title="Deep learning", doi="10.1038/nature14539")),
    ),
    clean=(
        # Online-first and print years differ by one: not a mismatch.
        _online(_REAL.format(year=2016, title="Deep learning", doi="10.1038/nature14539")),
        "# Review\n\n## References\n\n[1] LeCun, Y. (2009). Neural pathways. Nature. https://doi.org/10.1038/nature14539\n",
    ),
)


# Every rule of the family, in report order: a rule module runs in the order of its first rule here.
RULES = (
    DANGLING_CITATION,
    EMPTY_SOURCES,
    ORPHAN_REFERENCE,
    UNSOURCED_STATISTIC,
    VAGUE_ATTRIBUTION,
    INVALID_DOI,
    PLACEHOLDER_URL,
    CITATION_ARTIFACT,
    PLACEHOLDER_TEXT,
    AI_DISCLOSURE,
    CHAT_LEFTOVER,
    INVALID_ISBN,
    INVALID_ARXIV_ID,
    INVALID_PMID,
    UNVERIFIED_REFERENCE,
    REFERENCE_MISMATCH,
    BROKEN_LINK,
)

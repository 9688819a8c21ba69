"""Rule declarations of the prose family (AIS1xx), with the examples that prove each one
fires and stays quiet. Detection lives in one module per rule or group of rules sharing a
detector; the phrase data in prose.toml."""

from __future__ import annotations

from aislop.model import Example, Rule, Severity

_HUMAN_DOC = """# Exceptions

Exceptions are a means of breaking out of the normal flow of control of a code block in
order to handle errors or other exceptional conditions. An exception is raised at the point
where the error is detected; it may be handled by the surrounding code block or by any code
block that directly or indirectly invoked the code block where the error occurred.

When an exception is not handled at all, the interpreter terminates execution of the
program, or returns to its interactive main loop. In either case, it prints a stack
traceback, except when the exception is SystemExit.
"""

AI_VOCABULARY = Rule(
    code="AIS101",
    name="ai-vocabulary",
    family="prose",
    severity=Severity.INFO,
    confidence=0.6,
    visibility=2,
    effort_minutes=2,
    summary="Words that formulaic prose over-uses far above their rate in ordinary writing.",
    why="Words like 'delve', 'tapestry', 'seamless' and 'pivotal' appear in generic copy many times "
    "more often than in edited human writing; a cluster of them makes a text read as boilerplate "
    "and hides what is actually being claimed.",
    fix="Replace the word with the plain one, or with the concrete fact it stands in for.",
    triggers=(
        "# Our approach\n\nWe delve into the rich tapestry of modern logistics, leveraging pivotal "
        "insights to foster seamless collaboration across a multifaceted landscape.\n",
        "# Welcome\n\nOur meticulous team will seamlessly elevate your experience. This holistic, "
        "transformative programme is a testament to our unwavering commitment.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Install\n\nDownload the archive, unpack it and run the installer. If the installer "
        "fails, check that you have write access to the target folder and try again.\n",
        # Names, not vocabulary: a module, a file, a product.
        "# Testing\n\nRun the suite with Test::Harness. Test::Harness prints a summary; the "
        "Harness module also reads harness.ini, and our Tapestry app shows the results.\n",
        # The subject of the document, named in a heading and used throughout, is not filler.
        "# Sustainable forestry\n\nSustainable forestry cuts no more wood than grows back. A "
        "sustainable harvest plan sets the yield per hectare; sustainable yield is checked "
        "every ten years against plot measurements.\n",
    ),
    options={"rare_weight": 0.6, "repeat_count": 2, "topic_count": 3},
)

STOCK_PHRASE = Rule(
    code="AIS102",
    name="stock-phrase",
    family="prose",
    severity=Severity.INFO,
    confidence=0.7,
    visibility=3,
    effort_minutes=2,
    summary="Canned openers, transitions and closers.",
    why="Stock phrases ('In today's fast-paced world', 'It's important to note that', 'Let's dive "
    "in') are the first thing a reader skims past; they delay the point and make the text "
    "interchangeable with any other. One is a warning in a deliverable; in a long manual with fewer "
    "than one per `strong_alone_words` words it is the human rate and stays info unless others cluster "
    "around it (this also holds for hedging and negative-parallelism).",
    fix="Delete the phrase or replace it with the specific fact it announces.",
    triggers=(
        "# Remote work\n\nIn today's fast-paced world, remote teams need clear rules. It's "
        "important to note that every team is different.\n",
        "# Getting started\n\nReady to learn Git? Let's dive in!\n",
        "# Gardening\n\nIn an era where every lawn matters, let's dig in.\n",
        "# Earbuds\n\nWhether you're hitting the gym, commuting to work, or relaxing at home, "
        "these earbuds fit.\n",
        "# Food drive\n\nThe bottom line: our town showed up. The drive serves as a powerful reminder "
        "that small gifts add up.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Print\n\nIn an era when paper was dear, pamphlets were passed from hand to hand.\n",
        "# Tax\n\nWhether you are filing late or early, keep the receipts.\n",
        "# Remote work\n\nRemote teams need written rules: when to answer messages, where "
        "decisions are recorded and who approves holidays.\n",
        # The same words in their literal sense (issue #19, found in system manuals).
        Example("In summary mode, the tool prints one line per group. The progress bar is drawn on the "
                "bottom line of the screen, and the filter writes the tree out without further ado. "
                "This list serves as a reminder to those who know the commands.\n", path="tool.txt"),
    ),
    options={"cluster_chars": 600, "cluster_threshold": 3.0, "strong_alone_words": 2000},
    fixes=(
        Example(  # a throat-clearing preamble: safe
            text="# Remote work\n\nIn today's fast-paced world, remote teams need clear rules. It's important to note "
            "that every team is different.\n",
            fixed="# Remote work\n\nRemote teams need clear rules. Every team is different.\n",
        ),
        Example(
            text="# Results\n\nSales rose, but it is worth noting that costs fell.\n\nIn conclusion, the year was good.\n",
            fixed="# Results\n\nSales rose, but costs fell.\n\nThe year was good.\n",
        ),
        Example(  # a stock sentence of little else: unsafe
            text="# Getting started\n\nReady to learn Git? Let's dive in!\n\nInstall it first.\n",
            fixed="# Getting started\n\nReady to learn Git?\n\nInstall it first.\n",
            unsafe=True,
        ),
    ),
)

NEGATIVE_PARALLELISM = Rule(
    code="AIS103",
    name="negative-parallelism",
    family="prose",
    severity=Severity.INFO,
    confidence=0.7,
    visibility=2,
    effort_minutes=3,
    summary="'It's not just X, it's Y' and 'isn't about X. It's about Y' used as a formula.",
    why="The pattern knocks down a claim nobody made in order to sound insightful; repeated, it is "
    "one of the most recognisable tics of templated prose.",
    fix="State the positive claim directly and support it.",
    triggers=(
        "# Strategy\n\nA content strategy isn't about churning out posts. It's about creating "
        "the right content for the right audience.\n",
        "# Service\n\nGood service doesn't just fix problems. It builds trust that lasts.\n",
        "# Mentoring\n\nMentoring is not just advice, but a commitment to someone's growth.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Licence\n\nWhen we speak of free software, we are referring to freedom, not price.\n",
        # The correlative "not only X, but also Y" adds a fact; a negation with its reason argues.
        "# Tags\n\nA tag is not only matched by its name, but also by its scope. Usually this isn't a "
        "problem since most files use the defaults. It is the only layout we write.\n",
    ),
)

RULE_OF_THREE = Rule(
    code="AIS104",
    name="rule-of-three",
    family="prose",
    severity=Severity.INFO,
    confidence=0.5,
    visibility=2,
    effort_minutes=3,
    summary="Reflexive triads ('fast, reliable, and secure'), counted by density.",
    why="One list of three is natural; a triad in every other sentence gives prose a sing-song, "
    "templated rhythm and often pads a list to three with a vague third item.",
    fix="Keep the items that carry information; let some lists have two items or four.",
    triggers=(
        "# Outage\n\nThis email explains what went wrong, what we did to fix it, and what we are changing next.\n",
        "# Our team\n\nWe are warm, friendly, and professional. We listen, plan, and deliver. "
        "Our work is fast, careful, and affordable. We serve homes, offices, and schools.\n",
        "# Results\n\nThe quarter brought growth, stability, and momentum. Teams were aligned, "
        "focused, and energised, and customers felt heard, valued, and supported.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Notes\n\nThe release fixes two crashes and speeds up start-up. Windows users should "
        "update first.\n",
        # Lists of function names are an API's enumeration, not a rhythm (issue #19, OpenSSL's x509(7)).
        Example("Certificates\n\nThe X509_new, "
                "d2i_X509, and i2d_X509 functions handle certificates. The X509_CRL_new, d2i_X509_CRL, and "
                "i2d_X509_CRL functions handle revocation lists. The X509_REQ_new, d2i_X509_REQ, and "
                "i2d_X509_REQ functions handle requests.\n", path="x509.txt"),
    ),
    options={"min_count": 4, "warn_per_1k": 10.0, "min_words": 250},
)

EM_DASH_DENSITY = Rule(
    code="AIS105",
    name="em-dash-density",
    family="prose",
    severity=Severity.INFO,
    confidence=0.6,
    visibility=2,
    effort_minutes=3,
    summary="Dashes used far more often than in professional human writing.",
    why="Edited prose uses a few dashes per thousand words; a dash in every paragraph becomes a "
    "tic that flattens the rhythm and replaces the commas, colons and full stops that would "
    "show how the ideas relate.",
    fix="Keep the dash where the break is dramatic; use a comma, colon, parentheses or a new "
    "sentence elsewhere.",
    triggers=(
        "# Visit\n\nThe space is cozy\u2014and bright. The staff\u2014friendly and quick\u2014know the "
        "menu. Dessert\u2014a must\u2014closes the meal.\n",
        "# Plan\n\nShip early\u2014then learn. Talk to users\u2014all of them. Measure "
        "everything\u2014twice. Then decide.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Plan\n\nShip early, then learn from the people who use the product. Talk to them "
        "often; measure what they do, not only what they say.\n",
        "# Notes\n\nThe parser -- a small one -- reads the file once. Errors -- if any -- are "
        "printed at the end, and the exit code -- zero or one -- says whether it worked.\n",
        # Dashes between the fields of release headers are separators, not punctuation (issue #19).
        Example("Change log\n\n" + "".join(f"1.{i}.0 \u2014 June {i + 1}, 2022 \u2014 Diff \u2014 Docs\n"
                                            f"Fixes the parser for release {i}.\n\n" for i in range(6)),
                path="changes.txt"),
    ),
    options={"min_count": 3, "human_per_1k": 3.0, "warn_per_1k": 5.0, "min_words": 250},
)

INLINE_HEADER_LIST = Rule(
    code="AIS106",
    name="inline-header-list",
    family="prose",
    severity=Severity.WARNING,
    confidence=0.6,
    visibility=3,
    effort_minutes=5,
    summary="A bullet list whose items all open with a bold label and a colon.",
    why="'**Label:** sentence' bullets turn an argument into a slide deck: the labels repeat the "
    "sentence, and the reasoning that would connect the items is lost.",
    fix="Write the items as a short paragraph, or keep plain bullets without the bold labels.",
    triggers=(
        "# Benefits\n\n- **Speed:** Builds finish in half the time.\n- **Safety:** Every change "
        "is reviewed.\n- **Savings:** Fewer servers are needed.\n",
        "# Tips\n\n1. **Start small.** Pick one project.\n2. **Be consistent.** Work on it every "
        "day.\n3. **Ask for help.** Mentors save time.\n",
    ),
    clean=(
        "# Benefits\n\n- Builds finish in half the time.\n- Every change is reviewed.\n- Fewer "
        "servers are needed.\n",
        "# Options\n\n- **--verbose** prints every step\n- **--quiet** prints nothing\n- plain "
        "runs print a summary\n",
        # Code names defined one by one: a reference list, not inline headers (issue #19).
        "# Build scripts\n\n* **`html.mjs`**: Turns the nodes into HTML pages.\n* **`json.mjs`**: Writes the "
        "JSON output of each file.\n* **`common.mjs`**: Holds the helpers the other scripts share.\n",
    ),
    options={"min_items": 3},
)

EMOJI_HEADING = Rule(
    code="AIS107",
    name="emoji-heading",
    family="prose",
    severity=Severity.INFO,
    confidence=0.8,
    visibility=3,
    effort_minutes=1,
    summary="Emoji used as decoration in headings.",
    why="Emoji in section headings read as social-media styling in a report, proposal or "
    "article, and screen readers announce them by name.",
    fix="Remove the emoji from the heading.",
    triggers=(
        "# Launch plan\n\n## \U0001F680 Goals\n\nShip in May.\n\n## \U0001F4CA Metrics\n\nTrack sign-ups.\n",
        "# Report\n\n## \u2705 Done\n\nThe migration finished.\n",
    ),
    clean=(
        "# Launch plan\n\n## Goals\n\nShip in May. \U0001F680\n",
        "# Report\n\n## Done\n\nThe migration finished.\n",
    ),
)

EMOJI_BULLETS = Rule(
    code="AIS114",
    name="emoji-bullets",
    family="prose",
    severity=Severity.WARNING,
    confidence=0.7,
    visibility=3,
    effort_minutes=2,
    summary="Lines and list items that open with an emoji, used as bullet points.",
    why="Emoji at the start of lines (\U0001F680, \u2705, 1\ufe0f\u20e3) are social-media formatting; "
    "in a report, proposal or web page they read as templated copy, clash with the client's "
    "style and are read out by name by screen readers.",
    fix="Use plain list markers (or none) and keep an emoji only where it carries meaning.",
    triggers=(
        "# Update\n\n\U0001F680 We shipped the new dashboard.\n\n\u2705 Bugs fixed: 14.\n\n"
        "\U0001F4A1 Next up: exports.\n",
        "# Lessons\n\nThree things I learned:\n\n1\ufe0f\u20e3 Start small.\n2\ufe0f\u20e3 Ask early.\n"
        "3\ufe0f\u20e3 Ship often.\n",
    ),
    clean=(
        "# Update\n\nWe shipped the new dashboard. \U0001F680\n\nFourteen bugs were fixed.\n",
        "# Checklist\n\n- \u2705 Backups verified\n- Logs rotated\n- Certificates renewed\n",
        # Ornamental dividers and the check marks of command output (issue #19).
        Example("Part one\n\n\u2767\u2767\u2767\u2767\n\nPart two\n\n\u2744 \u2744 \u2744\n\n\u2717 PrivateTmp=\n"
                "\u2713 NoNewPrivileges=\n\u2717 ProtectHome=\n", path="notes.txt"),
    ),
    options={"min_lines": 3},
    fixes=(
        Example(
            text="# Update\n\n\U0001F680 We shipped the new dashboard.\n\n\u2705 Bugs fixed: 14.\n\n"
            "\U0001F4A1 Next up: exports.\n",
            fixed="# Update\n\nWe shipped the new dashboard.\n\nBugs fixed: 14.\n\nNext up: exports.\n",
        ),
        Example(
            text="# Lessons\n\nThree things I learned:\n\n1\ufe0f\u20e3 Start small.\n2\ufe0f\u20e3 Ask early.\n"
            "3\ufe0f\u20e3 Ship often.\n",
            fixed="# Lessons\n\nThree things I learned:\n\n1. Start small.\n2. Ask early.\n3. Ship often.\n",
        ),
        Example(
            text="# Plan\n\nThis week:\n\U0001F4CC Audit the logs\n\U0001F4CC Rotate the keys\n\U0001F4CC Update the docs\n\n"
            "- \u2705 Backups verified\n",
            fixed="# Plan\n\nThis week:\n- Audit the logs\n- Rotate the keys\n- Update the docs\n\n- Backups verified\n",
        ),
    ),
)

TITLE_CASE_HEADING = Rule(
    code="AIS108",
    name="title-case-heading",
    family="prose",
    severity=Severity.INFO,
    confidence=0.4,
    visibility=2,
    effort_minutes=1,
    summary="Most subheadings are in Title Case.",
    why="Title Case On Every Subheading is a template habit; most house styles (and most "
    "readers' expectations for documents and web pages) use sentence case below the title.",
    fix="Use sentence case for subheadings: capitalise the first word and proper nouns only.",
    triggers=(
        "# Guide\n\n## Why Use Version Control\n\nText.\n\n## How to Get Started\n\nText.\n\n"
        "## What You Will Learn\n\nText.\n",
        "# Offer\n\n## Our Story So Far\n\nText.\n\n## What Sets Us Apart\n\nText.\n\n"
        "## Let's Work Together\n\nText.\n",
    ),
    clean=(
        "# Guide\n\n## Why use version control\n\nText.\n\n## How to get started\n\nText.\n\n"
        "## What you will learn\n\nText.\n",
        "# Guide\n\n## Installation\n\nText.\n\n## Usage\n\nText.\n",
    ),
    options={"min_headings": 3, "min_share": 0.75},
)

UNIFORM_SENTENCES = Rule(
    code="AIS109",
    name="uniform-sentences",
    family="prose",
    severity=Severity.INFO,
    confidence=0.4,
    visibility=1,
    effort_minutes=10,
    summary="Sentence lengths are too even over a long text (low burstiness).",
    why="Human prose mixes short and long sentences; a long run of sentences of nearly the same "
    "length reads as monotonous and mechanical.",
    fix="Vary the rhythm: merge some sentences, cut others short, and let a key point stand alone.",
    triggers=(
        "# Update\n\n" + " ".join(["The team finished the new billing page this week."] * 16) + "\n",
        "# Notes\n\n" + " ".join(["Our office opens at nine every single weekday morning."] * 18) + "\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Notes\n\n" + " ".join(
            ["Short.", "This one is a good deal longer than the one before it, on purpose, to vary."] * 9
        ) + "\n",
    ),
    options={"min_sentences": 15, "max_variation": 0.35},
)

HEDGING = Rule(
    code="AIS110",
    name="hedging",
    family="prose",
    severity=Severity.INFO,
    confidence=0.5,
    visibility=2,
    effort_minutes=2,
    summary="Stacked or unattributed hedges ('may potentially', 'it could be argued').",
    why="A hedge should carry real uncertainty; stacked hedges make every claim sound unsure "
    "and leave the reader without a position to act on.",
    fix="Keep one hedge where the uncertainty is real; otherwise state the claim.",
    triggers=(
        "# Risks\n\nThe change may potentially slow down some requests.\n",
        "# Essay\n\nIt could be argued that the policy failed.\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# Risks\n\nThe change may slow down requests larger than 10 MB.\n",
    ),
)

SYCOPHANCY = Rule(
    code="AIS111",
    name="sycophancy",
    family="prose",
    severity=Severity.INFO,
    confidence=0.7,
    visibility=3,
    effort_minutes=1,
    summary="Chat pleasantries and flattery ('Great question!', 'I hope this helps').",
    why="Praise of the reader and chat sign-offs belong in a conversation, not in a document "
    "handed to a client; they read as padding.",
    fix="Delete the pleasantry and keep the content.",
    defers_to=("chat-leftover",),
    triggers=(
        "# FAQ\n\nGreat question! The office opens at nine.\n",
        "# Answer\n\nThe deadline is Friday. I hope this helps!\n",
    ),
    clean=(
        _HUMAN_DOC,
        "# FAQ\n\nThe office opens at nine. Ask at the front desk for a visitor badge.\n",
    ),
    fixes=(
        Example(
            text="# FAQ\n\nGreat question! The office opens at nine.\n",
            fixed="# FAQ\n\nThe office opens at nine.\n",
            unsafe=True,
        ),
        Example(
            text="# Answer\n\nThe deadline is Friday. I hope this helps!\n\nThe venue is booked.\n",
            fixed="# Answer\n\nThe deadline is Friday.\n\nThe venue is booked.\n",
            unsafe=True,
        ),
    ),
)

READABILITY = Rule(
    code="AIS112",
    name="readability",
    family="prose",
    severity=Severity.INFO,
    confidence=0.4,
    visibility=2,
    effort_minutes=15,
    summary="Reading grade far from the target audience.",
    why="Text much harder than its audience's reading level loses readers; much simpler text "
    "can read as condescending.",
    fix="Shorten long sentences and replace rare words, or the reverse; set `target-grade` in "
    "the configuration to your audience.",
    triggers=(
        "# Policy\n\n" + " ".join(
            ["Notwithstanding the aforementioned considerations, institutional stakeholders "
             "shall systematically operationalise comprehensive organisational accountability "
             "frameworks."] * 6
        ) + "\n",
        "# Memo\n\n" + " ".join(
            ["Implementation of interdisciplinary collaborative methodologies necessitates "
             "considerable administrative coordination."] * 6
        ) + "\n",
    ),
    clean=(
        "# Memo\n\nThe planning meeting on Monday agreed on three changes for the spring release. "
        "Sam will rebuild the login page so that customers can reset a forgotten password "
        "without calling support. Ana will contact the two clients who questioned the new "
        "prices and explain the discount for annual plans. The design team will prepare "
        "simpler screens for the mobile app before the end of the month. We will review "
        "progress together next Monday and decide whether the release date still holds.\n",
        "# Note\n\nShort texts are not graded.\n",
    ),
    options={"target_grade": 9, "tolerance": 5, "min_sentences": 5},
)

GRAMMAR = Rule(
    code="AIS113",
    name="grammar",
    family="prose",
    severity=Severity.INFO,
    confidence=0.6,
    visibility=3,
    effort_minutes=1,
    summary="Grammar and usage errors reported by LanguageTool, or offline by Harper (when one is available).",
    why="Grammar slips are visible to every client and undermine trust in the rest of the text.",
    fix="Apply LanguageTool's suggestion or rephrase the sentence.",
    # LanguageTool is optional and never downloaded, so the examples run with a fake server
    # answer injected through the rule options (the adapter is what they exercise).
    triggers=(
        Example(
            text="# Note\n\nThis are a test.\n",
            options={"canned_response": {"matches": [{
                "message": "The verb 'are' does not agree with 'This'.", "offset": 0, "length": 8,
                "replacements": [{"value": "This is"}], "context": {"text": "This are a test.", "offset": 0, "length": 8},
                "sentence": "This are a test.",
                "rule": {"id": "THIS_NNS", "description": "Agreement", "issueType": "grammar",
                         "category": {"id": "GRAMMAR", "name": "Grammar"}}}]}},
        ),
        Example(
            text="# Note\n\nWe was late.\n",
            options={"canned_response": {"matches": [{
                "message": "Did you mean 'were'?", "offset": 3, "length": 3,
                "replacements": [{"value": "were"}], "context": {"text": "We was late.", "offset": 3, "length": 3},
                "sentence": "We was late.",
                "rule": {"id": "WE_WAS", "description": "Agreement", "issueType": "grammar",
                         "category": {"id": "GRAMMAR", "name": "Grammar"}}}]}},
        ),
    ),
    clean=(
        Example(text="# Note\n\nThis is a test.\n", options={"canned_response": {"matches": []}}),
        "# Note\n\nWithout a LanguageTool server the rule stays silent.\n",
        # Words English doubles on purpose are no slip, for Harper (when installed) either.
        "# Note\n\nShe had had enough of the delays, and I think that that is fair.\n",
        # Conjunctions naming operators, a question's "you guys", the cells of a keyword table (issue #19).
        Example("The and and or operators do not short-circuit. Can't you guys write proper code?\n\n"
                "    foreach      forever      !if           if            ifnot\n", path="manual.txt"),
    ),
    # canned_response: a LanguageTool JSON answer used instead of a server (tests and demos).
    # harper: without LanguageTool, check offline with Harper when harper-py is installed.
    options={
        "language": "en-US",
        "harper": True,
        "skip_categories": ["TYPOS", "CASING", "TYPOGRAPHY", "STYLE", "REDUNDANCY"],
        "canned_response": None,
    },
)

RULES = (
    AI_VOCABULARY,
    STOCK_PHRASE,
    NEGATIVE_PARALLELISM,
    RULE_OF_THREE,
    EM_DASH_DENSITY,
    INLINE_HEADER_LIST,
    EMOJI_HEADING,
    EMOJI_BULLETS,
    TITLE_CASE_HEADING,
    UNIFORM_SENTENCES,
    HEDGING,
    SYCOPHANCY,
    READABILITY,
    GRAMMAR,
)

"""The grammar rule's offline engine: Harper (harper-py: Automattic's Harper in Rust; no Java,
no server, nothing leaves the machine), used when it is installed (``pip install
'aislop-qa[grammar]'``) and no LanguageTool is configured or installed.

Only Harper's rules that stay precise on human text are on. bench/harper_kinds.py measured
every lint kind on human writing: spelling (names, jargon), formatting, capitalisation and
style lints flood a report; a few agreement and repeated-word rules come near the prose
rules' rate of false alarms (see KEPT_RULES and bench/RESULTS.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import cache

# Harper rule name -> its lint kind. Each one's false alarms on human text are measured by
# `python bench/harper_kinds.py --aislop`.
KEPT_RULES = {
    "RepeatedWords": "Repetition",  # "the the"
    "PronounVerbAgreement": "Agreement",  # "he go", "we sees"
    "PronounInflectionBe": "Agreement",  # "they was", "he are"
}
# A doubled word is reported only when it is a function word: "the the", "to to", "you you"
# are slips, while doubled content words are mostly listings, commands and names ("run
# script.pl arg arg", "dpkg dpkg-architecture", "New York New York").
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "about", "above", "across", "after", "against", "along", "among", "around", "as", "at",
    "before", "behind", "below", "beside", "between", "beyond", "by", "during", "for", "from", "in", "inside",
    "into", "near", "of", "off", "on", "onto", "over", "per", "since", "through", "to", "toward", "towards",
    "under", "until", "upon", "via", "with", "within", "without", "i", "me", "my", "you", "your", "he", "him",
    "his", "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "this", "these", "those",
    "which", "who", "whom", "whose", "what", "and", "or", "but", "nor", "if", "because", "although", "though",
    "while", "when", "where", "whether", "than", "are", "was", "were", "be", "been", "being", "has", "have",
    "does", "did", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "not", "all", "any",
    "some", "each", "every", "also", "only", "just", "most", "there", "here",
})  # fmt: skip
# Function words English doubles on purpose ("she had had enough", "what it is is", "bye bye").
DOUBLED_ON_PURPOSE = frozenset({
    "had", "that", "is", "do", "bye", "no", "so", "very", "really", "far", "more", "much", "many", "knock", "ha", "now",
    "well", "yeah", "tut", "chop", "go", "on", "again", "over", "round", "around", "out", "by", "hear", "pretty",
})  # fmt: skip
_WORD_PAIR = re.compile(r"(\S+)(\s+)(\S+)")
_JOINERS = set("-\u2010._/\\:@#=~%^$")
_BROKEN_WORD = re.compile(r"[A-Za-z][-\u2010]\s+$")
# "it are" is no agreement slip where "it" is not the subject: the object of a preposition
# ("the options related to it are deprecated") or a reflexive ("created by Node.js itself are");
# nor is a lowercase "i", which is an option or a variable ("the -i option", "-i does not work").
PREPOSITIONS = frozenset({
    "to", "of", "in", "for", "with", "by", "on", "at", "from", "about", "into", "onto", "than", "like", "without",
    "upon", "over", "under", "between", "among", "through", "via", "per", "against", "towards", "toward",
})  # fmt: skip
REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "myself", "yourself", "yourselves", "ourselves"})
# An auxiliary before the pronoun asks a question and carries the agreement itself, so the word
# after the pronoun is no finite verb: "Can't you guys write proper code?", "Do you people know?".
AUXILIARIES = frozenset({
    "can", "can't", "cannot", "could", "couldn't", "do", "don't", "does", "doesn't", "did", "didn't", "will",
    "won't", "would", "wouldn't", "shall", "should", "shouldn't", "may", "might", "must", "have", "haven't",
    "are", "aren't", "were", "weren't",
})  # fmt: skip
# Conjunctions that are also operators of programming languages: "the and and or operators", "the
# boolean operators or and and" name the operators, they do not double a word.
OPERATOR_WORDS = frozenset({"and", "or", "not", "if", "in", "as"})
_OPERATOR_NOUN = re.compile(r"(?i)(?:operators?|keywords?)")
# Two cells of aligned columns: a gap of three or more spaces, or a tab, between non-space characters.
_WIDE_GAP = re.compile(r"(?<=\S)(?:[ ]{3,}|[ ]*\t[ \t]*)(?=\S)")
_QUOTES = "\"'()[]\u201c\u201d\u2018\u2019,;:"
DIALECTS = {"en-us": 0, "en-gb": 1, "en-au": 2, "en-ca": 3, "en-in": 4, "en": 0}

NOTE = ("grammar (AIS113) checked offline by Harper (harper-py {version}): subject-verb agreement and "
        "repeated words only; a LanguageTool server (languagetool-url) checks far more.")

_threads = threading.local()  # a Linter is not thread-safe: one per thread


@cache
def version() -> str | None:
    """harper-py's version when it can be imported, else None."""
    try:
        import harper  # noqa: F401
        from importlib.metadata import version as dist_version

        return dist_version("harper-py")
    except Exception:  # noqa: BLE001 - not installed, or a broken wheel: Harper is not used
        return None


def dialect(language: str) -> int | None:
    """Harper's dialect for a LanguageTool language code; None for a language Harper does not check."""
    return DIALECTS.get(language.lower())


def _linter(dialect_code: int):
    linters = getattr(_threads, "linters", None)
    if linters is None:
        linters = _threads.linters = {}
    if dialect_code not in linters:
        import harper

        linter = harper.Linter(harper.Dialect(dialect_code))
        linter.set_lint_config({name: name in KEPT_RULES for name in linter.get_default_lint_config()})
        linters[dialect_code] = linter
    return linters[dialect_code]


def lints(text: str, dialect_code: int = 0) -> Iterator[tuple[str, int, int, str, list[str]]]:
    """(rule name, start, end, message, suggested replacements) for each kept lint in ``text``
    (plain text; offsets are str indices)."""
    import harper

    found = _linter(dialect_code).organized_lints(text, language=harper.Language.PLAINTEXT)
    for name in KEPT_RULES:
        for lint in found.get(name, ()):
            span = lint.span
            if name == "RepeatedWords" and not (_a_slip(lint.problem_text) and _stands_alone(text, span.start, span.end)
                                                and not _names_operators(text, span.start, span.end, lint.problem_text)):
                continue
            if kind_of(name) == "Agreement" and not _pronoun_is_subject(text[: span.start], lint.problem_text):
                continue
            replacements = [s.replacement_text for s in lint.suggestions if s.replacement_text]
            yield name, span.start, span.end, lint.message, replacements


def kind_of(rule: str) -> str:
    return KEPT_RULES.get(rule, "")


def _pronoun_is_subject(before: str, verb: str) -> bool:
    """Whether the pronoun just before a flagged verb is its subject. Not when it is a
    reflexive or the object of a preposition; not when it is part of a token ("-I options",
    "%i is", "thank-you notes") or a lowercase i; not "I" before "is" or "represents", where
    it is a letter naming something ("so I is TREESAME", "suppose that I represents an
    index"); not "it are", "it" being an object as often as a subject ("the units that
    trigger it are stopped"); not the subjunctive "if it were"; not after an auxiliary that
    opens a question ("Can't you guys write ...?", where "guys" is no verb)."""
    tokens = before[-80:].split()
    if not tokens:
        return True
    word = tokens[-1].strip(_QUOTES)
    previous = tokens[-2] if len(tokens) > 1 else ""
    if not word.isalpha() or previous.endswith(("-", "\u2010")):
        return False  # "-I", "%i", "thank-you", "thank- you" (a word broken at a line end)
    previous = previous.strip(_QUOTES).lower()
    if word == "i" or (word == "I" and verb.endswith("s")):
        return False
    if word.lower() == "it" and verb.lower() in ("are", "were"):
        return False
    if verb.lower() == "were" and previous in ("if", "though", "wish"):
        return False
    if previous in AUXILIARIES:
        return False  # "Can't you guys write ...?": the question's auxiliary agrees with "you"
    return word.lower() not in REFLEXIVES and previous not in PREPOSITIONS


def _a_slip(problem: str) -> bool:
    """A doubled word that is a slip: a function word English does not double on purpose,
    typed twice the same way ("the the", or "The the" opening a sentence): not a doubled name
    ("DocumentRoot DocumentRoot"), not a keyword beside a word ("AND and", "only Only" where a
    definition list names an option and its description opens), not two table columns."""
    pair = _WORD_PAIR.fullmatch(problem.strip())
    if pair is None:
        return False
    first, space, second = pair.groups()
    word = first.lower()
    if word not in FUNCTION_WORDS or word in DOUBLED_ON_PURPOSE:
        return False
    if "\n" not in space and len(space) > 2:
        return False  # aligned columns of a table
    return second.islower() and first in (second, second.capitalize())


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the doubled words are words of their own, not parts of a longer token: a file
    name ("configure.in in"), an option and its value ("basename -a a", "--to to_encoding"), or a
    word hyphenated at a line end ("inher- its its")."""
    if text[start - 1 : start] in _JOINERS or text[end : end + 1] in _JOINERS:
        return False
    return not _BROKEN_WORD.search(text, max(0, start - 40), start)


def _names_operators(text: str, start: int, end: int, problem: str) -> bool:
    """Whether a doubled conjunction names programming operators: "the and and or operators",
    "the boolean operators or and and are not short-circuited" (see OPERATOR_WORDS)."""
    if problem.split()[0].lower() not in OPERATOR_WORDS:
        return False
    near = text[max(0, start - 40) : start].split()[-2:] + text[end : end + 40].split()[:2]
    return any(_OPERATOR_NOUN.fullmatch(word.strip(_QUOTES + ".")) for word in near)


def in_columns(source: str, start: int, end: int) -> bool:
    """Whether the doubled words at ``source[start:end]`` are cells of aligned columns ("!if
    if ifnot" in a keyword table, "init_file   if   if   name of ..." in a capability table):
    the gap between them is wide and so is another gap of their line. A justified man-page line
    widens a gap or two to two or three spaces ("before  the  the"): still a slip."""
    pair = _WORD_PAIR.fullmatch(source[start:end].strip())
    gap = pair.group(2) if pair else ""
    if "\n" in gap or not ("\t" in gap or len(gap) >= 3):
        return False
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    return len(_WIDE_GAP.findall(source, line_start, len(source) if line_end < 0 else line_end)) >= 2

"""Prose family (AIS1xx): point at writing that reads as formulaic, and score each document.

Every rule reads the prose view (code, URLs and markup already blanked); rules skip block
quotes (someone else's words), and only the heading rules read headings.

Clusters are the signal. Each lexical hit (vocabulary, stock phrase, negative parallelism,
hedge, sycophancy, triad) carries a weight; a hit becomes a *warning* when it is strong on
its own (e.g. "Let's dive in") or when the hits within ``cluster_chars`` around it add up to
``cluster_threshold``; isolated weak hits stay *info*. Document-level rules (em dashes, triads,
sentence rhythm) warn only when their rate per 1,000 words is far above human writing.

Formulaic score (``files[].scores.formulaic``, 0-100, higher = more formulaic)::

    density(rule) = 1000 * sum(confidence of the rule's findings) / max(words, min_words)
    S             = sum(weight(rule) * density(rule))
    formulaic     = 100 * (1 - exp(-S / scale))

Weights are configurable as a mapping (``prose-weights`` under ``[tool.aislop]``, read from
``ctx.settings["prose_weights"]``), e.g.::

    [tool.aislop.prose-weights]
    ai-vocabulary = 1.0
    stock-phrase = 2.5
    scale = 60          # S at which the score reaches 63
    min_words = 250     # short texts are not inflated by dividing by a tiny word count

Defaults are in ``DEFAULT_WEIGHTS``; readability and grammar do not count (weight 0).
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import os
import re
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from aislop.checks.phrases import PhrasePack
from aislop.checks.prose_grammar import GRAMMAR, grammar_findings
from aislop.checks.prose_rules import (
    AI_VOCABULARY,
    EM_DASH_DENSITY,
    EMOJI_BULLETS,
    EMOJI_HEADING,
    HEDGING,
    INLINE_HEADER_LIST,
    NEGATIVE_PARALLELISM,
    READABILITY,
    RULE_OF_THREE,
    STOCK_PHRASE,
    SYCOPHANCY,
    TITLE_CASE_HEADING,
    UNIFORM_SENTENCES,
)
from aislop.checks.prose_text import (
    WORD_RE,
    ProseView,
    baseline_frequencies,
    inflections,
    packs,
)
from aislop.document import Document
from aislop.model import Finding, Rule, Severity
from aislop.registry import Check, Context

DEFAULT_WEIGHTS: dict[str, float] = {
    "ai-vocabulary": 1.0,
    "stock-phrase": 2.5,
    "negative-parallelism": 3.0,
    "rule-of-three": 3.0,
    "em-dash-density": 2.0,
    "inline-header-list": 2.0,
    "emoji-heading": 2.0,
    "emoji-bullets": 2.0,
    "title-case-heading": 1.5,
    "uniform-sentences": 2.0,
    "hedging": 1.0,
    "sycophancy": 2.5,
    "readability": 0.0,
    "grammar": 0.0,
    "scale": 60.0,
    "min_words": 250.0,
}

PROSE_RULES = (
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
_BY_NAME = {rule.name: rule for rule in PROSE_RULES}


# ---------------------------------------------------------------------------- the score
def formulaic_score(doc: Document, findings: Iterable[Finding], ctx: Context) -> float:
    """0-100: weighted densities per 1,000 words of this document's prose findings."""
    weights = DEFAULT_WEIGHTS | dict(ctx.settings.get("prose_weights", {}) or {})
    mass: Counter[str] = Counter()
    for finding in findings:
        if finding.rule.name in _BY_NAME and finding.rule.family == "prose":
            mass[finding.rule.name] += finding.effective_confidence
    words = max(doc.words, float(weights["min_words"]), 1.0)
    total = sum(float(weights.get(name, 0.0)) * 1000.0 * m / words for name, m in mass.items())
    return round(100.0 * (1.0 - math.exp(-total / float(weights["scale"]))), 1)


# ---------------------------------------------------------------------------- lexical hits
@dataclass
class Hit:
    """A candidate lexical finding before cluster-based severity is decided."""

    rule: Rule
    start: int
    end: int
    weight: float
    strong: bool
    message: str
    fix: str
    report: bool = True  # False: counts toward clusters but is too weak to report alone


@dataclass(frozen=True)
class Pack:
    phrases: PhrasePack
    entries: tuple[dict, ...]


@cache
def _phrase_pack(section: str) -> Pack:
    entries = tuple(packs()[section])
    return Pack(PhrasePack([e["pattern"] for e in entries]), entries)


@cache
def _vocabulary() -> dict[str, str]:
    """Every matched surface form (lower case, hyphenated compounds with '-') -> its lemma."""
    form_to_lemma: dict[str, str] = {}
    for lemma, entry in packs()["vocabulary"].items():
        for form in entry.get("forms") or inflections(lemma):
            form_to_lemma.setdefault(form, lemma)
    return form_to_lemma


_TOKEN_RE = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


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
    text: str, forms: dict[str, str], heading: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(start, end, lemma) for vocabulary words, including "well positioned" for "well-positioned".
    A dictionary lookup per token: much faster than one regex alternation of every form.
    Words used as names (see _is_name) are not vocabulary."""
    previous: re.Match[str] | None = None
    for token in _TOKEN_RE.finditer(text):
        word = token.group(0).lower()
        if word not in forms and (previous is None or f"{previous.group(0).lower()}-{word}" not in forms):
            previous = token
            continue
        if _is_name(text, token.start(), token.end(), heading):
            previous = None
            continue
        if previous is not None and previous.end() + 1 == token.start():
            pair = f"{previous.group(0).lower()}-{word}"
            if pair in forms:
                yield previous.start(), token.end(), forms[pair]
                previous = None
                continue
        if word in forms:
            yield token.start(), token.end(), forms[word]
        previous = token


def rarity_weight(frequency: float) -> float:
    """How telling a word is: 1.0 for words rarer than 1 per million, down to 0.2 for words
    common in human text (1 per 10,000). Calibrated on wordfreq's English baseline."""
    return min(1.0, max(0.2, (-math.log10(max(frequency, 1e-9)) - 4.0) / 2.0))


def _topic_lemmas(view: ProseView, found: list, counts: Counter, topic_count: int) -> set[str]:
    """Lemmas that name the document's subject, not its style: in a heading and used at least
    ``topic_count`` times ("sustainable" in a guide headed "Sustainable Gardening")."""
    headings = {id(unit) for unit in view.headings}
    return {lemma for unit, _, _, lemma in found if id(unit) in headings and counts[lemma] >= topic_count}


def _vocabulary_hits(view: ProseView, ctx: Context) -> list[Hit]:
    forms = _vocabulary()
    frequency = baseline_frequencies()
    vocab = packs()["vocabulary"]
    opts = ctx.options(AI_VOCABULARY)
    found = [(unit, a, b, lemma) for unit, heading in [(u, False) for u in view.units] + [(u, True) for u in view.headings]
             for a, b, lemma in _vocabulary_matches(unit.text, forms, heading)]
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


_PHRASE_RULES = (
    ("stock", STOCK_PHRASE, True),
    ("negation", NEGATIVE_PARALLELISM, False),
    ("hedge", HEDGING, False),
    ("sycophancy", SYCOPHANCY, False),
)


def _phrase_hits(view: ProseView) -> list[Hit]:
    hits = []
    for section, rule, in_headings in _PHRASE_RULES:
        pack = _phrase_pack(section)
        units = view.units + view.headings if in_headings else [u for u in view.units if not u.pseudo_heading]
        candidates = pack.phrases.candidates("\n".join(unit.text for unit in units))
        if not candidates:
            continue
        for unit in units:
            for match, index in pack.phrases.finditer(unit.text, candidates=candidates):
                entry = pack.entries[index]
                a, b = match.span()
                while b > a and unit.text[b - 1] == " ":
                    b -= 1
                start, end = unit.span(a, b)
                phrase = unit.text[a:b]
                strong = bool(entry.get("strong"))
                weak_hedge = rule is HEDGING and not strong
                hits.append(
                    Hit(rule, start, end, 0.5 if weak_hedge else 1.0, strong,
                        f"'{_clip(phrase)}': {entry['why']}", entry["fix"], report=not weak_hedge)
                )
    return hits


# A triad: "A, B, and C" (or "A, B and C" with very short items), not part of a longer list.
_ITEM = r"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){0,3}"
_TRIAD_RE = re.compile(rf"(?<![\w'-])({_ITEM}), ({_ITEM})(,?) (?:and|or) ({_ITEM})(?![\w'-])")
_CONJ = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)
# Items that open with these words are clauses, not list members ("..., which was tender and ...").
_CLAUSE_START = frozenset(
    "which who whom whose that whether with without in on at by for from of to into as if when where "
    "while because although though since unless we you it they he she i there this these those but so "
    "then also is are was were be has have had".split()
)


# A parallel triad of clauses: "what went wrong, what we fixed, and what changes next".
_ANAPHORA_RE = re.compile(
    r"(?<![\w'-])(?P<lead>what|how|why|who|where|when|whether|we|you|our|your|every|no)"
    r"((?: [\w'-]+){1,7}), (?P=lead)((?: [\w'-]+){1,7}),? (?:and|or) (?P=lead)((?: [\w'-]+){1,4})(?![\w'-])",
    re.IGNORECASE,
)


def _triad_hits(view: ProseView) -> list[Hit]:
    hits = []
    for unit in view.units:
        if unit.pseudo_heading:
            continue
        parallel = [m.span() for m in _ANAPHORA_RE.finditer(unit.text)]
        for a, b in parallel:
            start, end = unit.span(a, b)
            match = unit.text[a:b]
            hits.append(
                Hit(RULE_OF_THREE, start, end, 0.5, False,
                    f"Triad '{_clip(match)}': three clauses opening alike by reflex make prose sound "
                    "templated.", RULE_OF_THREE.fix)
            )
        for match in _TRIAD_RE.finditer(unit.text):
            if any(a < match.end() and match.start() < b for a, b in parallel):
                continue
            before = unit.text[max(0, match.start() - 2) : match.start()]
            if before.endswith(", ") or before.endswith(","):
                continue  # the tail of a longer list
            first, second, oxford, third = match.groups()
            if _CONJ.search(first) or _CONJ.search(second):
                continue
            if any(item.split()[0].lower() in _CLAUSE_START for item in (second, third)):
                continue
            if not oxford and max(len(item.split()) for item in (first, second, third)) > 2:
                continue
            start, end = unit.span(match.start(), match.end())
            hits.append(
                Hit(RULE_OF_THREE, start, end, 0.5, False,
                    f"Triad '{_clip(match.group(0))}': grouping in threes by reflex makes prose sound "
                    "templated.", RULE_OF_THREE.fix)
            )
    return hits


def _without_overlaps(words: list[Hit], phrases: list[Hit]) -> list[Hit]:
    """Drop word hits inside a phrase hit: the phrase finding already explains them."""
    return [w for w in words if not any(p.start < w.end and w.start < p.end for p in phrases)]


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _cluster_findings(doc: Document, hits: list[Hit], ctx: Context) -> Iterator[Finding]:
    """Severity from clustering: strong hits and hits inside a dense passage are warnings."""
    opts = ctx.options(STOCK_PHRASE)
    radius, threshold = int(opts["cluster_chars"]), float(opts["cluster_threshold"])
    hits.sort(key=lambda h: h.start)
    starts = [h.start for h in hits]
    for hit in hits:
        lo = bisect.bisect_left(starts, hit.start - radius)
        hi = bisect.bisect_right(starts, hit.start + radius)
        neighbours = hits[lo:hi]
        mass = sum(h.weight for h in neighbours)
        clustered = mass >= threshold and len(neighbours) >= 3
        if not (hit.report or clustered):
            continue
        severity = Severity.WARNING if hit.strong or clustered else Severity.INFO
        message = hit.message
        if clustered and not hit.strong:
            message += f" It is one of {len(neighbours)} formulaic phrases close together here."
        yield doc.finding(hit.rule, hit.start, hit.end, message, fix=hit.fix, severity=severity,
                          confidence=_confidence(hit, clustered))


def _confidence(hit: Hit, clustered: bool) -> float:
    base = hit.rule.confidence * (hit.weight if hit.rule is AI_VOCABULARY else 1.0)
    return round(min(1.0, base * (1.25 if clustered else 1.0)), 3)


# ---------------------------------------------------------------------------- document rules
# Em dashes and spaced en dashes. Not ASCII "--": that is the typewriter and plain-text
# convention of human writers (old essays, man pages, mailing lists), while the dash habit
# this rule measures comes with real dash characters.
_DASH_RE = re.compile(r"\u2014|(?<=\s)\u2013(?=\s)")


def _em_dash_findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(EM_DASH_DENSITY)
    dashes = []
    for unit in view.units:
        for match in _DASH_RE.finditer(unit.text):
            dashes.append(unit.span(match.start(), match.end()))
    rate = 1000.0 * len(dashes) / max(view.words, float(opts["min_words"]))
    if len(dashes) < int(opts["min_count"]) or rate <= float(opts["human_per_1k"]):
        return
    warn = rate >= float(opts["warn_per_1k"])
    summary = (f"{len(dashes)} dashes in {view.words} words ({rate:.1f} per 1,000; professional "
               f"human writing averages under {opts['human_per_1k']}). Dashes used as all-purpose "
               "punctuation make the rhythm monotonous.")
    for i, (start, end) in enumerate(dashes):
        first = i == 0
        yield doc.finding(
            EM_DASH_DENSITY, start, end,
            summary if first else "Another dash: consider a comma, colon, parentheses or a full stop.",
            severity=Severity.WARNING if warn and first else Severity.INFO,
        )


def _rule_of_three_summary(doc: Document, view: ProseView, triads: list[Hit], ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(RULE_OF_THREE)
    rate = 1000.0 * len(triads) / max(view.words, float(opts["min_words"]))
    if len(triads) >= int(opts["min_count"]) and rate >= float(opts["warn_per_1k"]):
        first = triads[0]
        yield doc.finding(
            RULE_OF_THREE, first.start, first.end,
            f"{len(triads)} three-item lists in {view.words} words ({rate:.1f} per 1,000): the "
            "reflexive triad is a rhythm readers notice.",
            severity=Severity.WARNING,
        )


_LIST_ITEM_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\*\*|__)(?P<label>[^*_\n]{1,80}?)(?:\*\*|__)(?P<after>[^\n]*)", re.MULTILINE)


def _alone_is_info(found: list[Finding], others: list[Finding]) -> list[Finding]:
    """One structural hit in an otherwise plain document is info: human reference docs use a
    bold-label list now and then ("**Tier 1**: ..."); with other warnings, or twice, it is a pattern."""
    warned = any(f.effective_severity is not Severity.INFO for f in others)
    if len(found) == 1 and not warned:
        return [replace(found[0], severity=Severity.INFO)]
    return found


def _inline_header_findings(doc: Document, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(INLINE_HEADER_LIST)
    lists: dict[int, list] = {}
    for block in doc.blocks:
        if block.kind == "list_item" and block.list_id is not None and not block.quoted:
            lists.setdefault(block.list_id, []).append(block)
    for items in lists.values():
        if len(items) < int(opts["min_items"]):
            continue
        labelled = 0
        for block in items:
            line_start = doc.source.rfind("\n", 0, block.start) + 1
            match = _LIST_ITEM_RE.match(doc.source, line_start)
            if not match:
                continue
            label, after = match.group("label").strip(), match.group("after")
            has_colon = label.endswith((":", ".")) or after.lstrip().startswith((":", "\u2014", "-"))
            if has_colon and WORD_RE.search(after) and len(label.split()) <= 8:
                labelled += 1
        if labelled == len(items):
            yield doc.finding(
                INLINE_HEADER_LIST, items[0].start, items[-1].end,
                f"All {len(items)} items of this list open with a bold label and a colon: a "
                "slide-deck pattern that chops the reasoning into fragments.",
                matched=doc.text[items[0].start : items[0].end].strip()[:80],
            )


_EMOJI_RE = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U00002B50\U00002B55\u2705\u274C]"
)
# An emoji (or keycap digit) opening a line, after list markers and bold markup.
_EMOJI_LEAD_RE = re.compile(r"[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?P<emoji>" + _EMOJI_RE.pattern + r"|[0-9#*]\ufe0f?\u20e3)")


def _emoji_bullet_findings(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Lines of running text (not headings, tables or quotes) that open with an emoji: a
    warning each once there are ``min_lines`` of them; one or two are not a pattern."""
    leads: list[re.Match[str]] = []
    for block in doc.blocks:
        if block.kind in ("heading", "table", "html") or block.quoted:
            continue
        line = doc.text.rfind("\n", 0, block.start) + 1
        while line < block.end:
            end = doc.text.find("\n", line, block.end)
            end = block.end if end < 0 else end
            if match := _EMOJI_LEAD_RE.match(doc.text, line, end):
                leads.append(match)
            line = end + 1
    if len(leads) < int(ctx.options(EMOJI_BULLETS)["min_lines"]):
        return
    for match in leads:
        start = match.start("emoji")
        line_end = doc.source.find("\n", match.end())
        line_end = len(doc.source) if line_end < 0 else line_end
        yield doc.finding(
            EMOJI_BULLETS, start, match.end(),
            f"{len(leads)} lines of this document open with an emoji: bullet decoration that reads "
            "as social-media copy in a deliverable.",
            matched=doc.source[start:line_end].strip()[:80],
        )


_MINOR = frozenset(
    "a an the and but or nor for so yet as at by in of on to up via with from into onto over vs per "
    "than off out".split()
)


def _heading_findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    emoji = [u for u in view.headings if _EMOJI_RE.search(doc.source[u.block.start : u.block.end])]
    for unit in emoji:
        start, end = unit.block.start, unit.block.end
        yield doc.finding(
            EMOJI_HEADING, start, end,
            "Emoji in a heading read as decoration in a professional document.",
            matched=doc.source[start:end].strip(),
            severity=Severity.WARNING if len(emoji) >= 2 else Severity.INFO,
        )
    opts = ctx.options(TITLE_CASE_HEADING)
    sub = [u for u in view.headings if u.block.level >= 2]
    titled = [u for u in sub if _is_title_case(u.text)]
    if len(titled) >= int(opts["min_headings"]) and len(titled) >= float(opts["min_share"]) * len(sub):
        for unit in titled:
            yield doc.finding(
                TITLE_CASE_HEADING, unit.block.start, unit.block.end,
                f"Title Case in '{_clip(unit.text.strip())}' ({len(titled)} of {len(sub)} subheadings): "
                "most style guides use sentence case for section headings.",
                fix=f"Sentence case: '{_sentence_case(unit.text.strip())}'.",
            )


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)]
    major = [w for w in words[1:] if w.lower() not in _MINOR]
    return len(words) >= 3 and len(major) >= 2 and all(w[0].isupper() for w in major) and any(
        not w.isupper() for w in major
    )


def _sentence_case(text: str) -> str:
    words = text.split()
    return " ".join([words[0]] + [w if w.isupper() or w[1:] != w[1:].lower() else w.lower() for w in words[1:]])


def _uniform_sentence_findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(UNIFORM_SENTENCES)
    lengths = [s.words for s in view.sentences if s.words >= 3]
    if len(lengths) < int(opts["min_sentences"]):
        return
    mean = statistics.fmean(lengths)
    spread = statistics.pstdev(lengths) / mean
    if spread < float(opts["max_variation"]):
        first = view.sentences[0]
        yield doc.finding(
            UNIFORM_SENTENCES, first.start, first.end,
            f"Sentence lengths barely vary over {len(lengths)} sentences (mean {mean:.0f} words, "
            f"variation {spread:.2f}; lively prose is usually above {opts['max_variation']}).",
            matched=_clip(first.text),
        )


def _readability_findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(READABILITY)
    if len(view.sentences) < int(opts["min_sentences"]):
        return
    configured = ctx.settings.get("target_grade")
    target = float(opts["target_grade"] if configured is None else configured)
    grade = flesch_kincaid_grade([s.text for s in view.sentences])
    if abs(grade - target) > float(opts["tolerance"]):
        direction = "harder" if grade > target else "simpler"
        first = view.sentences[0]
        yield doc.finding(
            READABILITY, first.start, first.end,
            f"Reading grade {grade:.1f} is {direction} than the target audience (grade {target:g}).",
            matched=_clip(first.text),
        )


def flesch_kincaid_grade(sentences: list[str]) -> float:
    """Flesch-Kincaid grade: textstat's when its CMU dictionary is installed; otherwise the
    same formula with pyphen syllables (textstat would try to download the dictionary)."""
    body = " ".join(sentences)
    if _cmudict_installed():
        import textstat

        return float(textstat.flesch_kincaid_grade(body))
    words = WORD_RE.findall(body)
    if not words:
        return 0.0
    syllables = sum(_syllables(w.lower()) for w in words)
    return 0.39 * len(words) / max(len(sentences), 1) + 11.8 * syllables / len(words) - 15.59


def _nltk_data_folders() -> list[Path]:
    """Where nltk looks for its data (nltk.data.path), without importing nltk (0.4 s)."""
    folders = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    folders.append(Path.home() / "nltk_data")
    for prefix in dict.fromkeys((sys.prefix, sys.exec_prefix, "/usr", "/usr/local")):
        folders += [Path(prefix, "nltk_data"), Path(prefix, "share", "nltk_data"), Path(prefix, "lib", "nltk_data")]
    if os.name == "nt":
        roots = [os.environ.get("APPDATA", ""), "C:\\", "D:\\", "E:\\"]
        folders += [Path(root, "nltk_data") for root in roots if root]
    return folders


@cache
def _cmudict_installed() -> bool:
    if importlib.util.find_spec("nltk") is None:
        return False
    corpora = [folder / "corpora" for folder in _nltk_data_folders()]
    if not any((c / "cmudict").is_dir() or (c / "cmudict.zip").is_file() for c in corpora):
        return False
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (ImportError, LookupError):
        return False
    return True


@cache
def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word)) + 1


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


# ---------------------------------------------------------------------------- the check
class ProseCheck(Check):
    """All prose rules in one pass over a shared ``ProseView``; sets the formulaic score."""

    rules = PROSE_RULES
    kinds = frozenset({"prose"})

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        view = ProseView.of(doc)
        triads = _triad_hits(view)
        phrases = _phrase_hits(view)
        hits = _without_overlaps(_vocabulary_hits(view, ctx), phrases) + phrases + triads
        findings = list(_cluster_findings(doc, hits, ctx))
        findings += _rule_of_three_summary(doc, view, triads, ctx)
        findings += _em_dash_findings(doc, view, ctx)
        findings += _alone_is_info(list(_inline_header_findings(doc, ctx)), findings)
        findings += _heading_findings(doc, view, ctx)
        if ctx.is_enabled(EMOJI_BULLETS):
            findings += _emoji_bullet_findings(doc, ctx)
        findings += _uniform_sentence_findings(doc, view, ctx)
        if ctx.is_enabled(READABILITY):
            findings += _readability_findings(doc, view, ctx)
        if ctx.is_enabled(GRAMMAR):
            findings += grammar_findings(doc, view, ctx)
        doc.meta["scores"] = {"formulaic": formulaic_score(doc, findings, ctx)}
        return findings


CHECKS = [ProseCheck()]

"""Phrase packs: the word-start fast path must find exactly what a plain alternation finds."""

import re

import pytest

from aislop.checks.text.phrases import PhrasePack, starts_at_word


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
    from aislop.checks.text.phrases import first_chars

    assert first_chars(r"\[insert") == {"["}
    assert first_chars(r"(?:\{\{|【)") == {"{", "【"}
    assert first_chars(r"[$€£]\d") == {"$", "€", "£"}
    assert first_chars(r"\d+%") is None
    assert first_chars(r".*x") is None
    assert first_chars(r"(?:a )?tapestry") == {"a", "A", "t", "T"}  # an optional opening, or what follows
    assert first_chars(r"(?:a )?\w+") is None


def test_first_character_look_ahead_drops_no_match():
    """Each regex of a pack only tries positions holding a first character of its patterns;
    case-blind, so letters that match another case under IGNORECASE ("ſ" for "s", the Kelvin
    sign for "k") still match as the plain alternation matches them."""
    patterns = [r"sure!", r"(?:a )?(?:rich|vibrant) tapestry", r"kudos", r"\[insert [^\]]+\]", r"(?-i:Kelvin) scale"]
    text = "ſure! A RICH TAPESTRY, a vibrant tapestry; \u212audos to [INSERT name] on the Kelvin scale, kelvin scale."
    plain = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)), re.IGNORECASE)
    expected = [(m.span(), int(m.lastgroup[1:])) for m in plain.finditer(text)]
    assert len(expected) == 6
    assert [(m.span(), i) for m, i in PhrasePack(patterns).finditer(text)] == expected


def test_every_shipped_pattern_finds_what_its_plain_regex_finds():
    """On every rule example, a pack of one shipped pattern (word-start and first-character
    look-aheads, literal prefilter) finds exactly the plain regex's matches that it may find:
    all of them, or those at a word start for a phrase that opens with a word."""
    from aislop.registry import load_registry

    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    at_word_start = re.compile(r"(?<![\w'])")
    flags = re.IGNORECASE | re.MULTILINE
    for pattern in _every_pack_pattern():
        plain, pack = re.compile(pattern, flags), PhrasePack([pattern])
        for text in texts:
            expected = [m.span() for m in plain.finditer(text)
                        if not starts_at_word(pattern) or at_word_start.match(text, m.start())]
            if starts_at_word(pattern) and len(expected) != len(list(plain.finditer(text))):
                continue  # a match inside a word moves the next one: the plain scan is no reference there
            assert [m.span() for m, _ in pack.finditer(text)] == expected, (pattern, text[:80])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:a )?(?:rich|vibrant|diverse) tapestry", {"rich tapestry", "vibrant tapestry", "diverse tapestry"}),
        (r"\b(?:arguably|somewhat|perhaps)\b", {"arguably", "somewhat", "perhaps"}),
        (r"(?:i'?d|we would) be happy to help", {"id be happy to help", "i'd be happy to help",
                                                  "we would be happy to help"}),
        (r"\bas an? (?:AI|artificial intelligence)\s", {"as a ai", "as an ai", "as a artificial intelligence",
                                                       "as an artificial intelligence"}),  # spelled out
        (r"\[(?:insert|add) [^\]]+\]", {"[insert ", "[add "}),
        (r"(?:x|\d)y", {"y"}),  # a digit is any Unicode digit: not spelled out
        (r"Great Question", {"great question"}),  # casefolded
        (r"\d+%", {"%"}),
        (r"[\ue200-\ue206]+cite", {"cite"}),
        (r"[\ue200-\ue206]+", {chr(c) for c in range(0xE200, 0xE207)}),  # a small class of caseless characters
        (r"[a-c]+", None),  # letters match other cases: no literal
        (r"(?:x|\d)+y?", None),  # no literal every match must hold
        (r"a?b?", None),
    ],
)
def test_required_literals(pattern, expected):
    from aislop.checks.text.phrases import required_literals

    assert required_literals(pattern) == (None if expected is None else frozenset(expected))


def _every_pack_pattern() -> list[str]:
    from aislop.checks.hallucination import text as hallucination_text
    from aislop.checks.prose import view as prose

    patterns = [e["pattern"] for section, entries in prose.packs().items() if section != "vocabulary" for e in entries]
    packs = hallucination_text.packs()
    for pack in (*packs.text.values(), *packs.source.values()):
        patterns.extend(p.pattern for p in pack.phrases)
    return patterns


def test_literal_prefilter_never_drops_a_match():
    """Every match of every shipped phrase pattern, on every rule example, contains one of the
    pattern's required literals, and one of each of its required sets: the prefilter can only
    skip patterns that cannot match."""
    from aislop.checks.text.phrases import required_literal_sets, required_literals
    from aislop.registry import load_registry

    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    matched = 0
    for pattern in _every_pack_pattern():
        literals = required_literals(pattern, re.IGNORECASE | re.MULTILINE)
        sets = required_literal_sets(pattern, re.IGNORECASE | re.MULTILINE) or ()
        regex = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
        for text in texts:
            for match in regex.finditer(text):
                matched += 1
                found = match.group().casefold()
                if literals is not None:
                    assert any(lit in found for lit in literals), (pattern, match.group())
                assert all(any(lit in found for lit in group) for group in sets), (pattern, match.group())
    assert matched > 50  # the examples do exercise the packs


def test_pack_runs_each_group_as_its_alternation_would():
    """A pack runs its patterns one by one (no regex compiled per set of candidates) and takes,
    within each group, the leftmost match and on a tie the first pattern: exactly what the
    compiled alternation of the group finds, for every shipped pack on every rule example, on
    all of them joined, and on paragraphs scanned with the candidates of their whole document."""
    from aislop.checks.text.phrases import compile_alternation
    from aislop.registry import load_registry

    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    texts.append("\n".join(texts))
    # overlapping matches of one group's patterns: the later ones must search again past them
    overlapping = ([r"rich tapestry of", r"(?:a )?rich tapestry", r"tapestry of \w+", r"of colou?rs?\b", r"\w+ of"],
                   re.IGNORECASE | re.MULTILINE)
    brackets = ([r"\[x\] \[y\]", r"\] z", r"\[y\] z\b"], re.IGNORECASE)  # one ends where the next starts
    texts.append("A rich tapestry of colours, a rich tapestry of sound; tapestry of rich colors of old. [x] [y] z")
    compared = 0
    for patterns, flags in [overlapping, brackets, *_every_pack()]:
        pack = PhrasePack(patterns, flags)
        groups = [(compile_alternation([patterns[i] for i in idx], prefix=pack._prefix(idx, at_word), flags=flags), idx)
                  for idx, at_word in pack._groups]
        for text in texts:
            expected = sorted(((m.span(), idx[int(m.lastgroup[1:])]) for regex, idx in groups for m in regex.finditer(text)),
                              key=lambda item: (item[0][0], item[1]))
            assert [(m.span(), i) for m, i in pack.finditer(text)] == expected, (patterns[0], text[:80])
            compared += len(expected)
        whole = texts[-1]
        candidates = pack.candidates(whole)
        for a, b in ((0, 200), (5000, 9000), (len(whole) // 2, len(whole))):
            everything = set(range(len(patterns)))
            assert [(m.span(), i) for m, i in pack.finditer(whole, a, b, candidates)] == \
                [(m.span(), i) for m, i in pack.finditer(whole, a, b, everything)]
    assert compared > 100


def test_packs_sharing_one_scan_find_what_each_finds_alone():
    """Several packs in one PhrasePack (``parts``) keep their own groups: each part's matches are
    exactly those of a pack of its patterns alone, overlaps with other parts included."""
    from aislop.checks.prose.phrases import _PHRASE_RULES, _phrase_pack
    from aislop.registry import load_registry

    sections = [[p.pattern for p in _phrase_pack(section).phrases] for section, _, _ in _PHRASE_RULES]
    sections.append([r"rich tapestry", r"not only"])  # overlaps the stock and negation phrases
    patterns = [pattern for section in sections for pattern in section]
    part = [k for k, section in enumerate(sections) for _ in section]
    offset = [sum(map(len, sections[:k])) for k in range(len(sections))]
    shared = PhrasePack(patterns, parts=part)
    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    texts.append("It is not only a rich tapestry; it's not just X, it's Y. Great question! I hope this helps.")
    found = 0
    for text in texts:
        together = [(m.span(), i) for m, i in shared.finditer(text)]
        for k, section in enumerate(sections):
            alone = [(m.span(), offset[k] + i) for m, i in PhrasePack(section).finditer(text)]
            assert [(span, i) for span, i in together if part[i] == k] == alone, (k, text[:80])
            found += len(alone)
    assert found > 20  # the examples do hold phrases of every pack


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\[insert [^\]]+\]", True),  # a literal "[": the engine searches for it in C
        (r"(?-i:\[X\])", True),
        (r"(?:\{\{|【)", True),
        (r"[$€£]\d", True),
        (r"(?-i:Kelvin) scale", True),  # case-sensitive there
        (r"tapestry", False),  # a letter that has case: no search of its own under IGNORECASE
        (r"(?<=\w )\[X\]", False),
        (r"[\ue200-\ue206]+cite", False),
    ],
)
def test_sre_finds_start(pattern, expected):
    from aislop.checks.text.phrases import sre_finds_start

    assert sre_finds_start(pattern) is expected


def _every_pack() -> list[tuple[list[str], int]]:
    """The pattern lists and flags of every shipped phrase pack, as the families compile them."""
    from aislop.checks.hallucination import text as hallucination_text
    from aislop.checks.prose import view as prose

    found = [([e["pattern"] for e in entries], re.IGNORECASE | re.MULTILINE)
             for section, entries in prose.packs().items() if section != "vocabulary"]
    packs = hallucination_text.packs()
    for pack in (*packs.text.values(), *packs.source.values(), *packs.at_start.values()):
        if pack.phrases:
            found.append(([p.pattern for p in pack.phrases], re.IGNORECASE))
    return found


def test_pack_with_prefilter_equals_pack_without():
    patterns = [r"(?:a )?rich tapestry", r"\bdelve into\b", r"\[insert [^\]]+\]", r"\d+%"]
    pack = PhrasePack(patterns)
    text = "We delve into a rich tapestry of [Insert topic] and 45% more. A tapestry, not rich."
    everything = set(range(len(patterns)))
    assert [(m.span(), i) for m, i in pack.finditer(text)] == [(m.span(), i) for m, i in pack.finditer(text, candidates=everything)]
    assert pack.candidates("nothing to see") == set()
    assert pack.candidates("A RICH TAPESTRY") == {0}
    assert pack.candidates("insert a coin") == set(), "needs the bracket as well as the word"


def test_native_prefilter_gives_the_pure_python_candidates():
    """Where Hyperscan is installed (x86-64) it finds the literals; the candidates are the ones
    the pure-Python substring tests give, for every shipped pattern on every rule example and on
    text whose casefolding changes its length or that holds a lone surrogate."""
    pytest.importorskip("hyperscan")
    from aislop.registry import load_registry

    patterns = _every_pack_pattern()
    native, python = PhrasePack(patterns), PhrasePack(patterns, native=False, spelled=True)
    assert native._native is not None and python._native is None
    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    texts += ["STRASSE straße ﬁnal [INSERT CLIENT NAME] \udcff tapestry", "", "\n".join(texts)]
    found = 0
    for text in texts:
        assert native.candidates(text) == python.candidates(text), text[:80]
        found += len(python.candidates(text))
    assert found > 100  # the examples do hold the packs' literals


def test_each_prefilter_keeps_its_own_literals_and_both_find_the_same():
    """Hyperscan takes the spelled-out literals ("as an ai"); substring tests, one per literal,
    keep the shorter sets ("as a"). Either way the matches are those of the patterns."""
    from aislop.registry import load_registry

    patterns = _every_pack_pattern()
    short, spelled = PhrasePack(patterns, native=False), PhrasePack(patterns, native=False, spelled=True)
    assert len(short._literals) * 3 < len(spelled._literals)
    texts = [ex.text for rule in load_registry().rules for ex in (*rule.triggers, *rule.clean) if ex.text]
    texts.append("\n".join(texts))
    found = 0
    for text in texts:
        matches = [(m.span(), i) for m, i in spelled.finditer(text)]
        assert [(m.span(), i) for m, i in short.finditer(text)] == matches, text[:80]
        found += len(matches)
    assert found > 100
    if PhrasePack(["tapestry"])._native is not None:  # Hyperscan installed
        assert PhrasePack(patterns)._literals == spelled._literals


# ---------------------------------------------------------------------------- one pack schema
def test_every_family_pack_follows_the_one_schema():
    from aislop.checks.code.packs import packs as code_packs
    from aislop.checks.hallucination.text import packs as hallucination_packs
    from aislop.checks.prose.phrases import _PHRASE_RULES, _phrase_pack

    chat = hallucination_packs().text["chat-leftover"].phrases
    assert any(p.strong for p in chat) and not all(p.strong for p in chat)
    assert all(p.fix for p in code_packs().phrases)
    assert any(p.strong for p in _phrase_pack("stock").phrases)
    assert all(_phrase_pack(section).phrases for section, _, _ in _PHRASE_RULES)


def test_a_pack_entry_off_the_schema_is_refused_with_its_place():
    import pytest

    from aislop.checks.text.packs import PackError, phrases

    good = {"pattern": "x", "why": "w", "fix": "f"}
    assert phrases([good, {**good, "strong": True, "at": "start"}], "t.toml [[p]]")[1].at_start
    with pytest.raises(PackError, match=r"t.toml \[\[p\]\], entry 2: unknown key\(s\) \['strength'\]"):
        phrases([good, {**good, "strength": "weak"}], "t.toml [[p]]")
    with pytest.raises(PackError, match="missing"):
        phrases([{"pattern": "x", "why": "w"}], "t.toml [[p]]")


def test_code_placeholder_notes_match_the_whole_alternation():
    """placeholder_note searches only the phrases whose words a text holds, behind a look-ahead
    of their first characters: the match and phrase must be the whole alternation's."""
    from aislop.checks.code.packs import packs
    from aislop.checks.code.rules import RULES

    pack = packs()
    whole = re.compile("|".join(f"(?P<p{i}>{p.pattern})" for i, p in enumerate(pack.phrases)), re.I)
    texts = [getattr(e, "text", e) for rule in RULES for e in (*rule.triggers, *rule.clean)]
    texts = [t for t in texts if isinstance(t, str)]
    texts += [p.pattern for p in pack.phrases] + [
        "# TODO: in a real implementation, in production you would use a queue",
        "# in production, use the real client; IN A REAL APP this would retry",
        "Your code here. Rest of the code unchanged... in a full implementation",
    ]
    found = 0
    for text in texts:
        expected = whole.search(text)
        got = pack.placeholder_note(text)
        if expected is None:
            assert got is None, text
            continue
        found += 1
        match, phrase = got
        assert (match.span(), phrase) == (expected.span(), pack.phrases[int(expected.lastgroup[1:])]), text
    assert found >= 5

"""Property-based tests: arbitrary input never crashes a loader, the citation parser or a
check, the prose view keeps the file's offsets, and every reported span lies in the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aislop.checks.hallucination.citations import Citations
from aislop.discovery import DiscoveredFile
from aislop.document import Document
from aislop.engine import Job, scan_file
from aislop.loaders import UnreadableFile, load
from aislop.model import Severity
from aislop.registry import ProjectIndex, load_registry

# Markup, citation markers and reference lines, mixed with arbitrary text.
PIECES = [
    "\n", "\n\n", "# ", "## ", "> ", "- ", "* ", "1. ", "    ", "\t", "```", "```python\n", "~~~", "`", "``",
    "*", "**", "_", "\\", "[", "]", "(", ")", "![", "](", "<", ">", "</", "<!--", "-->", "<b>", "</p>", "<script>",
    "&amp;", "&#x0;", "http://", "https://example.org/a_(b)", "www.x.y", "doi:10.1038/nature123", "10.12/abc",
    "[1]", "[2, 3]", "[1-4]", "[^1]", "[^1]: note", "[1]: https://a.b", "(Smith et al., 2019)", "Smith (2020)",
    "(Lee & Park, 2021a)", "[citation needed]", "## References\n\n", "1. Smith, J. (2019). Title. Journal.\n",
    "---\n", "===\n", "| a | b |\n|---|---|\n", "<!-- aislop: ignore -->", "<!-- aislop: off -->",
    "<!-- aislop: on -->", "..", ":: ", ".. note::", "``x``", "I hope this helps!", "Certainly!", "\r\n", "\r",
    "\u00e9", "\u200b", "\ufeff", "\U0001f600", "\x00", "\x0c",
]
markupish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
PROSE_SUFFIXES = [".md", ".txt", ".rst", ".html"]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIPELINE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(suffix: str, data: bytes) -> list[Document]:
    """load() with the bytes given, as the engine does after hashing; the path need not exist."""
    return load(Path(f"/nonexistent/x{suffix}"), f"x{suffix}", data)


def _assert_offsets_kept(doc: Document) -> None:
    text, source = doc.text, doc.source
    assert len(text) == len(source)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(source) if c == "\n"]
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(text), block
    for start, end in doc.urls:
        assert 0 <= start <= end <= len(source)


@pytest.mark.parametrize("suffix", PROSE_SUFFIXES)
@FAST
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_load_or_are_refused(suffix, data):
    try:
        docs = _load(suffix, data)
    except UnreadableFile:
        return
    for doc in docs:
        _assert_offsets_kept(doc)


@pytest.mark.parametrize("suffix", PROSE_SUFFIXES)
@FAST
@given(text=markupish)
def test_prose_view_has_the_source_length_and_lines(suffix, text):
    (doc,) = _load(suffix, text.encode("utf-8"))
    _assert_offsets_kept(doc)
    lines = doc.source.count("\n") + 1
    for s in doc.suppressions:
        assert 1 <= s.first <= max(s.last, s.first)
        assert s.first <= lines


@FAST
@given(text=st.text(alphabet="ab \n\r\t", max_size=40),
       spans=st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=6))
def test_mask_blanks_each_character_of_the_spans_but_line_breaks(text, spans):
    from aislop.document import mask

    expected = [" " if any(a <= i < b for a, b in spans) and c not in "\r\n" else c for i, c in enumerate(text)]
    assert mask(text, spans) == "".join(expected)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@FAST
@given(text=markupish)
def test_prose_view_maps_every_compacted_character_back(suffix, text):
    """The compacted text of each paragraph, character by character, is the view's text at the
    offset its map gives (a joining space stands for the whitespace run it replaces, curly
    apostrophes are straight), and every offset maps back to its character or to nothing."""
    from aislop.checks.prose.view import ProseView, _mask_urls

    (doc,) = _load(suffix, text.encode("utf-8"))
    view, seen = ProseView.of(doc), _mask_urls(doc)
    for unit in view.units + view.headings:
        offsets = [unit.offset(i) for i in range(len(unit.text))]
        assert offsets == sorted(set(offsets))
        for i, offset in enumerate(offsets):
            original = seen[offset]
            assert unit.text[i] == ("'" if original == "\u2019" else " " if original.isspace() else original)
            assert unit.index_of(offset) == i
        mapped = set(offsets)
        assert all(unit.index_of(o) is None for o in range(unit.block.start, unit.block.end) if o not in mapped)


@FAST
@given(text=markupish)
def test_citation_parser_spans_lie_in_the_text(text):
    (doc,) = _load(".md", text.encode("utf-8"))
    cites = Citations(doc)
    for item in [*cites.cites, *cites.entries]:
        assert 0 <= item.start <= item.end <= len(doc.text), item
    for section in cites.sections:
        assert 0 <= section.start <= section.end <= len(doc.text)


# ------------------------------------------------------------------------------ the whole pipeline
_REGISTRY = None
_FOLDER = tempfile.TemporaryDirectory(prefix="aislop-properties-")


def _scan_text(name: str, content: str | bytes):
    """Every check, through the engine's per-file path, on one file."""
    global _REGISTRY
    _REGISTRY = _REGISTRY or load_registry()
    root = Path(_FOLDER.name)
    path = root / name
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    kind = "code" if name.endswith(".py") else "prose"
    job = Job(
        project=ProjectIndex(root=root, files={name: kind}),
        enabled=frozenset(r.code for r in _REGISTRY.rules),
        rule_options={}, severity_overrides={}, settings={}, per_file_ignores=[], max_file_size=5 * 2**20,
    )
    return scan_file(DiscoveredFile(path, name, kind), job, _REGISTRY, data), data


def _assert_spans_inside(result, data: bytes) -> None:
    assert not [f.message for f in result.findings if f.rule.code == "AIS900"], "a check crashed"
    if result.error is not None:
        return
    from aislop.loaders import decode_text

    lines = decode_text(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in result.findings:
        assert isinstance(f.effective_severity, Severity)
        if f.line is None:
            continue
        assert 1 <= f.line <= len(lines), (f.rule.name, f.line, len(lines))
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (f.rule.name, f.line, f.column)
        if f.end_line is not None:
            assert f.line <= f.end_line <= len(lines)
            assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1
            assert (f.line, f.column) <= (f.end_line, f.end_column)


@pytest.mark.parametrize("name", ["doc.md", "doc.txt", "doc.html"])
@PIPELINE
@given(text=markupish)
def test_every_finding_lies_inside_the_file(name, text):
    result, data = _scan_text(name, text)
    _assert_spans_inside(result, data)


PY_PIECES = [
    "\n", "    ", "def f(x):\n", "    return x\n", "pass\n", "print(x)\n", "import os\n", "from a import b\n",
    "# TODO\n", "# aislop: ignore\n", '"""doc"""\n', "'s'", "(", ")", "[", "]", "{", "}", ":", ",", "x = 1\n",
    "raise NotImplementedError\n", "...\n", "class C:\n", "lambda: 0", "if x:\n", "\t", "\\\n", "@dec\n",
    "https://example.com", "api_key = 'sk-xxxx'\n", "\x00", "\ufeff",
]


@PIPELINE
@given(source=st.lists(st.one_of(st.sampled_from(PY_PIECES), st.text(max_size=8)), max_size=40).map("".join))
def test_arbitrary_python_never_crashes_a_check(source):
    result, data = _scan_text("mod.py", source)
    _assert_spans_inside(result, data)


def test_python_without_final_newline_is_checked():
    result, data = _scan_text("tail.py", "x = 1")
    _assert_spans_inside(result, data)

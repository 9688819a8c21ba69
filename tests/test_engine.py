"""Error isolation, rule selection, suppression and fingerprints."""

from __future__ import annotations

import pytest

from aislop.config import Config, ConfigError
from aislop.document import Document
from aislop.engine import ScanError, assign_fingerprints, scan
from aislop.model import Finding, Rule, Severity
from aislop.registry import Check, build_registry, load_registry

BOOM = Rule(
    code="AIS999", name="boom", family="prose", severity=Severity.WARNING, confidence=1.0, visibility=1,
    effort_minutes=1, summary="s", why="w", fix="f",
)
WORD = Rule(
    code="AIS998", name="word-banana", family="prose", severity=Severity.ERROR, confidence=0.9, visibility=3,
    effort_minutes=1, summary="s", why="w", fix="f", options={"word": "banana"},
)


class Boom(Check):
    rules = (BOOM,)

    def check(self, doc: Document, ctx):
        if "explode" in doc.text:
            raise RuntimeError("kaboom")
        return []


class Banana(Check):
    rules = (WORD,)

    def check(self, doc, ctx):
        word = ctx.options(WORD)["word"]
        start = doc.text.find(word)
        while start >= 0:
            yield doc.finding(WORD, start, start + len(word), f"{word} found")
            start = doc.text.find(word, start + 1)


def _registry():
    return build_registry([Boom(), Banana()])


def test_check_exception_becomes_internal_error_and_scan_goes_on(tmp_path):
    (tmp_path / "a.md").write_text("please explode\n")
    (tmp_path / "b.md").write_text("a banana\n")
    result = scan([tmp_path], Config(), jobs=1, registry=_registry())
    names = sorted((f.path, f.rule.name) for f in result.findings)
    assert names == [("a.md", "internal-error"), ("b.md", "word-banana")]
    internal = next(f for f in result.findings if f.rule.name == "internal-error")
    assert "Boom" in internal.message and "kaboom" in internal.message


def test_unreadable_file_is_one_finding_and_error(tmp_path):
    (tmp_path / "bad.md").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.md").write_text("banana\n")
    result = scan([tmp_path], Config(), jobs=1, registry=_registry())
    bad = next(r for r in result.files if r.path == "bad.md")
    assert bad.error and "binary" in bad.error
    assert [f.rule.name for f in bad.findings] == ["unreadable-file"]
    assert any(f.rule.name == "word-banana" for f in result.findings)


def test_select_ignore_and_options(tmp_path):
    (tmp_path / "a.md").write_text("banana cherry\n")
    reg = _registry()
    assert not scan([tmp_path], Config(ignore=["word-banana"]), jobs=1, registry=reg).findings
    assert not scan([tmp_path], Config(ignore=["prose"]), jobs=1, registry=reg).findings
    config = Config(rules={"word-banana": {"word": "cherry", "severity": "info"}})
    (finding,) = scan([tmp_path], config, jobs=1, registry=reg).findings
    assert finding.matched == "cherry" and finding.effective_severity is Severity.INFO
    with pytest.raises(ConfigError):
        scan([tmp_path], Config(select=["no-such-rule"]), jobs=1, registry=reg)
    with pytest.raises(ConfigError):
        scan([tmp_path], Config(rules={"word-banana": {"colour": 1}}), jobs=1, registry=reg)


def test_per_file_ignores(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text("banana\n")
    (tmp_path / "b.md").write_text("banana\n")
    config = Config(per_file_ignores={"drafts/*.md": ["AIS998"]})
    result = scan([tmp_path], config, jobs=1, registry=_registry())
    assert [f.path for f in result.findings] == ["b.md"]


def test_inline_suppression(tmp_path):
    (tmp_path / "a.md").write_text("banana one\n\n<!-- aislop: ignore word-banana -->\nbanana two\n")
    result = scan([tmp_path], Config(), jobs=1, registry=_registry())
    assert [f.line for f in result.findings] == [1]


def test_missing_path_is_a_scan_error(tmp_path):
    with pytest.raises(ScanError):
        scan([tmp_path / "nope"], Config(), registry=_registry())


def test_fingerprints_survive_moves_and_change_with_text():
    def finding(line, text):
        return Finding(rule=WORD, path="a.md", message="m", line=line, matched=text)

    a = [finding(3, "banana"), finding(9, "banana split")]
    b = [finding(40, "banana"), finding(2, "banana split")]
    c = [finding(3, "mango")]
    for group in (a, b, c):
        assign_fingerprints(group)
    assert {f.fingerprint for f in a} == {f.fingerprint for f in b}
    assert c[0].fingerprint not in {f.fingerprint for f in a}


def test_parallel_equals_serial(tmp_path):
    for i in range(40):
        body = "I hope this helps! Let me know if you'd like me to adjust the tone.\n" if i % 3 else "Plain text.\n"
        (tmp_path / f"f{i:02}.md").write_text(body)
    # No explicit registry: a custom one keeps the scan in-process, and this must use the pool.
    serial = scan([tmp_path], Config(settings={"no_cache": True}), jobs=1)
    parallel = scan([tmp_path], Config(settings={"no_cache": True}), jobs=2)
    key = lambda r: [(f.path, f.line, f.column, f.rule.code, f.fingerprint) for f in r.findings]  # noqa: E731
    assert serial.findings and key(serial) == key(parallel)
    assert [f.path for f in serial.files] == [f.path for f in parallel.files]


def test_deferring_rule_is_dropped_on_overlap(tmp_path):
    echo = Rule(
        code="AIS997", name="echo", family="prose", severity=Severity.INFO, confidence=0.5, visibility=1,
        effort_minutes=1, summary="s", why="w", fix="f", defers_to=("word-banana",),
    )

    class Echo(Check):
        rules = (echo,)

        def check(self, doc, ctx):
            for word in ("banana", "cherry"):
                at = doc.text.find(word)
                if at >= 0:
                    yield doc.finding(echo, at, at + len(word), word)

    (tmp_path / "a.md").write_text("banana and cherry\n")
    result = scan([tmp_path], Config(), jobs=1, registry=build_registry([Banana(), Echo()]))
    assert sorted((f.rule.name, f.matched) for f in result.findings) == [("echo", "cherry"), ("word-banana", "banana")]


_CRASH_PLUGIN = '''
import multiprocessing
import os

from aislop.model import Rule, Severity
from aislop.registry import Check

RULE = Rule(
    code="AIS996", name="crash-test", family="prose", severity=Severity.INFO, confidence=1.0, visibility=1,
    effort_minutes=1, summary="s", why="w", fix="f",
)


class Crash(Check):
    """Kill the worker process (never the test process) on a file that says CRASH."""

    rules = (RULE,)

    def check(self, doc, ctx):
        if "CRASH" in doc.text and multiprocessing.parent_process() is not None:
            os._exit(70)
        return []


CHECKS = [Crash]
'''


@pytest.fixture
def crash_plugin(tmp_path_factory, monkeypatch):
    """A check plugin, installed through its entry point for this test only, that kills its
    worker process on files containing CRASH (so pool workers load it whatever the start method)."""
    site = tmp_path_factory.mktemp("site")
    (site / "aislop_crash_test.py").write_text(_CRASH_PLUGIN)
    info = site / "aislop_crash_test-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: aislop-crash-test\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[aislop.checks]\nzz-crash-test = aislop_crash_test\n")
    monkeypatch.syspath_prepend(str(site))
    load_registry.cache_clear()
    yield
    monkeypatch.undo()
    load_registry.cache_clear()


def test_a_worker_crash_is_pinned_to_its_file_and_the_scan_goes_on(tmp_path, crash_plugin):
    leftover = "I hope this helps! Let me know if you'd like me to adjust the tone.\n"
    for i in range(40):
        (tmp_path / f"f{i:02}.md").write_text(leftover + ("CRASH\n" if i in (3, 4, 30) else ""))
    config = Config(settings={"no_cache": True})
    runs = [scan([tmp_path], config, jobs=2) for _ in range(2)]
    key = lambda r: [(f.path, f.line, f.column, f.rule.code, f.message, f.fingerprint) for f in r.findings]  # noqa: E731
    assert key(runs[0]) == key(runs[1])
    result = runs[0]
    assert [r.path for r in result.files] == [f"f{i:02}.md" for i in range(40)]
    crashed = {"f03.md", "f04.md", "f30.md"}
    for r in result.files:
        if r.path in crashed:
            assert r.error == "the worker process crashed while checking this file"
            assert [(f.rule.name, f.message) for f in r.findings] == [
                ("unreadable-file", "Cannot read this file: the worker process crashed while checking this file.")
            ]
        else:
            assert r.error is None and [f.rule.name for f in r.findings] == ["chat-leftover"]

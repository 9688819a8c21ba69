"""Set-up results kept between runs (aislop.artifacts): what comes back is what was stored, or
nothing; a damaged, cut or foreign entry is ignored and the thing is built again."""

from __future__ import annotations

import pytest

from aislop import artifacts
from aislop.config import Config
from aislop.engine import scan


@pytest.fixture
def folder(tmp_path):
    previous = artifacts.folder()
    artifacts.use_folder(tmp_path)
    yield tmp_path / artifacts.SUBFOLDER
    artifacts._folder = previous


def test_a_stored_payload_comes_back_under_its_key_only(folder):
    key = artifacts.key_of("kind", ["a", "b"], 3)
    assert artifacts.load("thing", key) is None
    artifacts.store("thing", key, b"payload")
    assert artifacts.load("thing", key) == b"payload"
    assert artifacts.load("thing", artifacts.key_of("kind", ["a", "b"], 4)) is None
    assert artifacts.load("other", key) is None
    assert [p.name for p in folder.iterdir()] == [f"thing-{key}.bin"]  # no temporary file left


def test_without_a_folder_nothing_is_read_or_written(tmp_path):
    previous = artifacts.folder()
    artifacts.use_folder(None)
    try:
        artifacts.store("thing", "k", b"payload")
        assert artifacts.load("thing", "k") is None
    finally:
        artifacts._folder = previous
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("damage", ["flip", "cut", "foreign", "empty"])
def test_a_damaged_entry_is_a_miss(folder, damage):
    artifacts.store("thing", "k", b"0123456789" * 20)
    path = folder / "thing-k.bin"
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-5] ^= 0x20
    elif damage == "cut":
        data = data[:-7]
    elif damage == "foreign":
        data = bytearray(b"\x7fELF not ours" * 10)
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert artifacts.load("thing", "k") is None


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    previous = artifacts.folder()
    artifacts.use_folder(blocker)  # compiled/ would have to live inside a file
    try:
        artifacts.store("thing", "k", b"payload")
        assert artifacts.load("thing", "k") is None
    finally:
        artifacts._folder = previous


# ---------------------------------------------------------------------------- Hyperscan databases
LITERALS = ["tapestry", "delve", "as an ai", "[insert", "é"]
TEXT = "a rich tapestry, [insert name] — café"


def _native(literals):
    from aislop.checks.text.phrases import _NativeLiterals

    return _NativeLiterals(literals)


def _stored_databases(folder):
    return sorted(folder.glob("hyperscan-*.bin"))


def test_a_compiled_database_is_kept_and_loaded_back(folder, monkeypatch):
    hyperscan = pytest.importorskip("hyperscan")
    first = _native(LITERALS)
    assert first.present(TEXT) == {0, 3, 4}
    assert len(_stored_databases(folder)) == 1

    class NoCompile(hyperscan.Database):
        def compile(self, *args, **kwargs):
            raise AssertionError("the stored database should have been loaded")

    monkeypatch.setattr(hyperscan, "Database", NoCompile)
    assert _native(LITERALS).present(TEXT) == {0, 3, 4}


@pytest.mark.parametrize("payload", ["garbage", "other literals", "damaged"])
def test_a_bad_stored_database_is_compiled_again(folder, payload):
    hyperscan = pytest.importorskip("hyperscan")
    _native(LITERALS)
    [path] = _stored_databases(folder)
    key = path.name.removeprefix("hyperscan-").removesuffix(".bin")
    if payload == "garbage":
        artifacts.store("hyperscan", key, b"\xdb" * 4000)  # intact as a file, not a database
    elif payload == "other literals":  # a valid database, of other literals, under this key
        other = _native(["nothing", "here", "at", "all", "x"])
        artifacts.store("hyperscan", key, hyperscan.dumpb(other._db))
    else:  # a database whose bytes changed, re-stored with a matching file checksum
        data = bytearray(artifacts.load("hyperscan", key))
        data[len(data) // 2] ^= 0xFF
        artifacts.store("hyperscan", key, bytes(data))
    again = _native(LITERALS)
    assert again.present(TEXT) == {0, 3, 4}
    assert again.present("nothing here at all") == set()
    reloaded = artifacts.load("hyperscan", key)  # the rebuilt database replaced the bad entry
    assert reloaded is not None and _native(LITERALS).present(TEXT) == {0, 3, 4}


def test_a_scan_keeps_compiled_patterns_even_without_the_result_cache(tmp_path):
    pytest.importorskip("hyperscan")
    from aislop import cache as cache_module
    from aislop.checks.text.phrases import PhrasePack

    tree, cache_dir = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "a.md").write_text("Intro.\n\nI hope this helps!\n")
    previous = artifacts.folder()
    try:
        scan([tree], Config(cache_dir=str(cache_dir), settings={"no_cache": True}), jobs=1)
        assert artifacts.folder() == cache_dir / artifacts.SUBFOLDER
        PhrasePack(["a (?:rich )?tapestry of"])  # a pack set up during a scan stores its database
    finally:
        artifacts._folder = previous
    assert not list(cache_dir.rglob("*.json"))  # no results were cached
    assert _stored_databases(cache_dir / artifacts.SUBFOLDER)
    cache_module.clear(cache_dir)
    assert not (cache_dir / artifacts.SUBFOLDER).exists()


# ---------------------------------------------------------------------------- pattern facts
FACT_PATTERNS = [r"a (?:rich|vibrant) tapestry", r"(?-i:\[Insert [A-Z]\w+\])", r"\d+ ?%", r"(?:x)?"]


def test_pattern_facts_read_back_are_the_parsed_ones(folder, monkeypatch):
    import re

    from aislop.checks.text import phrases

    parsed = phrases.pattern_facts(FACT_PATTERNS, re.IGNORECASE)
    assert parsed == [phrases._facts_of(p, re.IGNORECASE) for p in FACT_PATTERNS]
    assert frozenset({"rich", "vibrant"}) in parsed[0][2]  # what the prefilter looks for
    assert len(list(folder.glob("phrase-facts-*.bin"))) == 1
    monkeypatch.setattr(phrases, "_facts_of", lambda *a: pytest.fail("the stored facts should be read"))
    assert phrases.pattern_facts(FACT_PATTERNS, re.IGNORECASE) == parsed
    with pytest.raises(pytest.fail.Exception):  # other flags, other facts
        phrases.pattern_facts(FACT_PATTERNS, re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize("payload", [b"\x00 not marshal", "short", "other shape"])
def test_bad_stored_pattern_facts_are_parsed_again(folder, payload):
    import marshal
    import re

    from aislop.checks.text import phrases

    parsed = phrases.pattern_facts(FACT_PATTERNS, re.IGNORECASE)
    [path] = folder.glob("phrase-facts-*.bin")
    key = path.name.removeprefix("phrase-facts-").removesuffix(".bin")
    if payload == "short":
        payload = marshal.dumps(parsed[:-1])
    elif payload == "other shape":
        payload = marshal.dumps([("x", True)] * len(parsed))
    artifacts.store("phrase-facts", key, payload)
    assert phrases.pattern_facts(FACT_PATTERNS, re.IGNORECASE) == parsed
    assert artifacts.load("phrase-facts", key) == marshal.dumps(parsed)  # the entry was rebuilt

"""The review record (`aislop record` / `scan --record`) and `aislop verify`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aislop.cli import app
from aislop.record import SCHEMA, canonical, sha256_hex

runner = CliRunner()
LEFTOVER = "# Plan\n\nThe plan has three phases.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n"


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def demo(tmp_path, fixtures) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(fixtures / "demo", target)
    return target


def _record(folder: Path, out: Path, *extra) -> dict:
    result = _run("record", folder, "--output", out, "--no-cache", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_record_of_the_demo_holds_files_findings_and_a_valid_hash(demo, tmp_path):
    out = tmp_path / "review.json"
    record = _record(demo, out, "--reviewer", "Ada Lovelace", "--note", "checked before delivery")
    assert record["schema"] == SCHEMA
    paths = [f["path"] for f in record["files"]]
    assert paths == sorted(paths) and "blog-post.md" in paths and "brand/logo.png" in paths
    blog = next(f for f in record["files"] if f["path"] == "blog-post.md")
    assert blog["size"] == (demo / "blog-post.md").stat().st_size
    assert blog["sha256"] == sha256_hex((demo / "blog-post.md").read_bytes())
    assert record["findings"] and all(f["fingerprint"] and f["rule"].startswith("AIS") for f in record["findings"])
    assert record["verdict"] == "blocked"
    assert record["review"]["reviewer"] == "Ada Lovelace" and record["review"]["note"] == "checked before delivery"
    assert record["config-sha256"] == sha256_hex(canonical(record["config"]))
    assert any(p["entry-point"] == "prose" for p in record["check-packages"])
    body = {k: v for k, v in record.items() if k != "hash"}
    assert record["hash"] == sha256_hex(canonical(body))


def test_record_never_holds_file_contents_and_redact_drops_matched_text(demo, tmp_path):
    plain = json.dumps(_record(demo, tmp_path / "plain.json"))
    redacted_record = _record(demo, tmp_path / "redacted.json", "--redact")
    text = (demo / "blog-post.md").read_text(encoding="utf-8")
    longest_line = max(text.splitlines(), key=len)
    assert longest_line not in plain  # only short matched text, never whole content
    assert any(f["matched"] for f in json.loads(plain)["findings"])
    assert all(f["matched"] == "" for f in redacted_record["findings"])
    assert redacted_record["review"]["redacted"] is True


def test_record_of_the_demo_verifies_and_an_edited_byte_names_the_file(demo, tmp_path):
    out = tmp_path / "review.json"
    _record(demo, out)
    ok = _run("verify", out)
    assert ok.exit_code == 0, ok.output
    assert "verified" in ok.output
    data = bytearray((demo / "about.md").read_bytes())
    data[0] ^= 0x01
    (demo / "about.md").write_bytes(bytes(data))
    changed = _run("verify", out, demo)
    assert changed.exit_code == 1
    assert "changed about.md" in changed.output
    assert "blog-post.md" not in changed.output


def test_verify_names_added_and_removed_files(demo, tmp_path):
    out = tmp_path / "review.json"
    _record(demo, out)
    (demo / "blog-post.md").unlink()
    (demo / "extra.md").write_text("# Notes\n\nA new page.\n", encoding="utf-8")
    result = _run("verify", out, demo)
    assert result.exit_code == 1
    assert "removed blog-post.md" in result.output and "added   extra.md" in result.output


def test_a_tampered_record_fails_its_own_hash(demo, tmp_path):
    out = tmp_path / "review.json"
    record = _record(demo, out)
    record["findings"].pop(0)
    out.write_text(json.dumps(record), encoding="utf-8")
    result = _run("verify", out, demo)
    assert result.exit_code == 1
    assert "record was edited" in result.output


def test_verify_refuses_what_is_not_a_record(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "aislop/baseline@1", "findings": []}', encoding="utf-8")
    result = _run("verify", bad, tmp_path)
    assert result.exit_code == 2
    assert "not an aislop/record@1 file" in result.output


def test_scan_with_record_writes_it_and_markdown_report_shows_the_review(tmp_path):
    (tmp_path / "post.md").write_text(LEFTOVER, encoding="utf-8")
    out = tmp_path / "out" / "review.json"
    result = _run("scan", tmp_path, "--record", out, "--reviewer", "Grace", "--format", "markdown", "--no-cache")
    assert result.exit_code == 1
    assert "Reviewed by Grace on " in result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["review"]["reviewer"] == "Grace"


def test_scan_record_is_streamed_from_the_store_and_lists_what_record_lists(tmp_path, fixtures):
    """`scan --record` writes the same record as `aislop record` (both streamed from the scan's
    on-disk store, so neither holds the findings in memory): baseline entries are waivers, the
    findings are those the report shows, and `aislop verify` accepts it."""
    folder = tmp_path / "deliverable"
    shutil.copytree(fixtures / "demo", folder)
    (folder / "offer.md").write_text(SUPPRESSED_MD + "\n" + LEFTOVER, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert _run("baseline", folder, "--output", baseline, "--no-cache", "--select", "hallucination").exit_code == 0
    scanned = tmp_path / "from-scan.json"
    report = tmp_path / "report.json"
    result = _run("scan", folder, "--record", scanned, "--baseline", baseline, "--no-cache", "--reviewer", "Ada",
                  "--format", "json", "--output", report)
    assert result.exit_code == 1, result.output
    from_scan = json.loads(scanned.read_text(encoding="utf-8"))
    from_record = _record(folder, tmp_path / "from-record.json", "--baseline", baseline, "--reviewer", "Ada")
    for key in ("files", "findings", "waivers", "verdict", "config"):
        assert from_scan[key] == from_record[key], key
    assert {w["kind"] for w in from_scan["waivers"]} == {"baseline", "inline"}
    reported = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert sorted(f["fingerprint"] for f in from_scan["findings"]) == sorted(f["fingerprint"] for f in reported)
    assert not any(f["family"] == "hallucination" for f in from_scan["findings"])
    assert _run("verify", scanned, folder).exit_code == 0


def test_baseline_entries_are_waivers_with_the_reason_written_on_them(tmp_path):
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "post.md").write_text(LEFTOVER, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert _run("baseline", folder, "--output", baseline, "--no-cache").exit_code == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"][0]["reason"] = "the client asked for this sign-off"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    record = _record(folder, tmp_path / "review.json", "--baseline", baseline)
    assert record["findings"] == []
    reasons = {w["reason"] for w in record["waivers"]}
    assert "the client asked for this sign-off" in reasons
    assert all(w["kind"] == "baseline" for w in record["waivers"])


SUPPRESSED_MD = (
    "# Offer\n\n"
    "<!-- aislop: ignore chat-leftover -- the client asked for this sign-off -->\n"
    "I hope this helps! Let me know if you'd like me to adjust the tone.\n\n"
    "<!-- aislop: ignore chat-leftover -->\n"
    "Let me know if you'd like me to expand any section.\n"
)
SUPPRESSED_PY = (
    "def total(items):\n"
    "    print('DEBUG: items', items)  # aislop: ignore[debug-print] -- CLI output, on purpose\n"
    "    return sum(items)\n"
)


def _suppressed_project(folder: Path, require_reason: bool) -> Path:
    folder.mkdir()
    (folder / "offer.md").write_text(SUPPRESSED_MD, encoding="utf-8")
    (folder / "tool.py").write_text(SUPPRESSED_PY, encoding="utf-8")
    (folder / "aislop.toml").write_text(f"require-reason = {'true' if require_reason else 'false'}\n", encoding="utf-8")
    return folder


def test_inline_waivers_carry_the_reason_their_author_wrote(tmp_path):
    folder = _suppressed_project(tmp_path / "p", require_reason=False)
    record = _record(folder, tmp_path / "review.json")
    waivers = {(w["path"], w["name"]): w for w in record["waivers"]}
    explained = [w for w in record["waivers"] if w["reason"]]
    assert {w["reason"] for w in explained} >= {"the client asked for this sign-off", "CLI output, on purpose"}
    assert waivers[("tool.py", "debug-print")]["source"] == "tool.py:2"
    assert any(w["path"] == "offer.md" and w["reason"] is None for w in record["waivers"])
    assert all(w["kind"] == "inline" for w in record["waivers"])
    assert not any(f["name"] in ("chat-leftover", "debug-print") for f in record["findings"])
    assert not any(f["name"] == "unexplained-suppression" for f in record["findings"])


def test_require_reason_reports_only_the_suppression_without_one(tmp_path):
    folder = _suppressed_project(tmp_path / "p", require_reason=True)
    result = _run("scan", folder, "--format", "json", "--no-cache")
    found = [f for f in json.loads(result.stdout)["findings"] if f["name"] == "unexplained-suppression"]
    assert [(f["path"], f["line"]) for f in found] == [("offer.md", 6)]
    assert found[0]["severity"] == "warning"


def test_pictures_in_a_deck_are_hashed_under_their_parent(tmp_path):
    from aislop.checks.images.doc_examples import png, pptx_picture

    folder = tmp_path / "kit"
    folder.mkdir()
    pptx_picture("deck.pptx", (240, 80), 3.0, name="Acme logo")(folder)
    record = _record(folder, tmp_path / "review.json")
    (deck,) = record["files"]
    assert deck["path"] == "deck.pptx" and deck["sha256"] == sha256_hex((folder / "deck.pptx").read_bytes())
    (picture,) = deck["embedded"]
    assert picture["path"] == "slide1/image1.png"
    assert picture["sha256"] == sha256_hex(png((240, 80))) and picture["size"] == len(png((240, 80)))
    assert any(f["path"] == "deck.pptx#slide1/image1.png" for f in record["findings"])
    assert _run("verify", tmp_path / "review.json", folder).exit_code == 0


def test_a_record_streamed_from_the_store_is_the_record_built_whole(tmp_path, fixtures):
    """`aislop record` writes the record an entry at a time from the scan's on-disk store; its
    text and hash are those of build_record's whole dict as write_record writes it."""
    import io

    from aislop.config import Config
    from aislop.engine import scan
    from aislop.record import Review, build_record, inline_waivers, stream_record
    from aislop.triage import rank

    folder = tmp_path / "deliverable"
    shutil.copytree(fixtures / "demo", folder)
    shutil.copy(fixtures / "documents" / "pitch-deck.pptx", folder)
    (folder / "offer.md").write_text(SUPPRESSED_MD + "\n" + LEFTOVER, encoding="utf-8")
    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    memory, spilled = scan([folder], config, jobs=1), scan([folder], config, jobs=1, spill=True)
    try:
        spilled.store.rank()
        findings = rank(memory.findings, config.severity_weights)
        waivers = inline_waivers(memory.files)
        review = Review(reviewer="Ada", note="checked <twice>", date="2026-12-02T12:00:00+00:00")
        assert waivers and len(findings) > 10 and any(r.embedded for r in memory.files)
        for redact in (False, True):
            record = build_record(root=folder, files=memory.files, findings=findings, waivers=waivers, verdict="blocked",
                                  config=config, version="9.9.9", review=review, redact=redact)
            whole = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
            for files, found in ((memory.files, findings), (spilled.files.without_findings(), spilled.findings)):
                out = io.StringIO()
                short, listed = stream_record(out, root=folder, files=files, findings=found, waivers=waivers,
                                              verdict="blocked", config=config, version="9.9.9", review=review,
                                              redact=redact)
                assert out.getvalue() == whole
                assert listed == len(findings) and short["hash"] == record["hash"] == sha256_hex(canonical(
                    {k: v for k, v in record.items() if k != "hash"}))
    finally:
        spilled.store.close()

"""Every report format on the fixture deliverable in fixtures/report/.

Most tests scan it with small test-only checks so that they pin the formats, not the
built-in rules (which evolve); a few run the real CLI end to end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from aislop.cli import app
from aislop.config import Config
from aislop.engine import scan
from aislop.model import FileResult, Finding, Rule, Severity
from aislop.registry import Check, build_registry
from aislop.reporters import Report, formats, github, html, junit, markdown, render, sarif
from aislop.triage import rank, summarise

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "report"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")) if p and Path(p).exists()), None)


def _rule(code, name, family, severity, confidence, visibility, effort, summary):
    return Rule(
        code=code, name=name, family=family, severity=severity, confidence=confidence, visibility=visibility,
        effort_minutes=effort, summary=summary, why=f"Why <{name}> & co. matter: readers notice, 100%.",
        fix=f"Fix it: rewrite, then check \"{name}\", commas, colons.",
    )


LEFTOVER = _rule("TST201", "test-leftover", "hallucination", Severity.ERROR, 0.95, 3, 1, "Chat leftover.")
TODO = _rule("TST101", "test-todo", "prose", Severity.WARNING, 0.8, 2, 5, "A TODO in prose.")
MARKUP = _rule("TST102", "test-markup", "prose", Severity.INFO, 0.6, 1, 2, "Raw HTML bold in Markdown.")
CODE_TODO = _rule("TST301", "test-code-todo", "code", Severity.INFO, 0.6, 1, 10, "A TODO comment in code.")
RASTER = _rule("TST401", "test-raster-logo", "image", Severity.WARNING, 0.9, 3, 15, "A raster logo.")


class ProseCheck(Check):
    rules = (LEFTOVER, TODO, MARKUP)
    kinds = frozenset({"prose"})

    def check(self, doc, ctx):
        for rule, pattern in ((LEFTOVER, r"I hope this helps[^\n]*"), (TODO, r"\bTODO\b"), (MARKUP, r"<b>[^<]*</b>")):
            for m in re.finditer(pattern, doc.source):
                yield doc.finding(rule, m.start(), m.end(), f"{rule.summary} Found \"{m.group()[:30]}\": fix it.")


class CodeCheck(Check):
    rules = (CODE_TODO,)
    kinds = frozenset({"code"})

    def check(self, doc, ctx):
        for m in re.finditer(r"# TODO[^\n]*", doc.source):
            yield doc.finding(CODE_TODO, m.start(), m.end(), "A TODO comment is left in delivered code.")


class ImageCheck(Check):
    rules = (RASTER,)
    kinds = frozenset({"image"})

    def check(self, doc, ctx):
        yield doc.file_finding(RASTER, "This logo is a raster image; supply an SVG.")


def make_report(root: Path = FIXTURE, checks=(ProseCheck(), CodeCheck(), ImageCheck())) -> Report:
    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    result = scan([root], config, jobs=1, registry=build_registry(checks))
    findings = rank(result.findings, config.severity_weights)
    return Report(result.root, result.files, findings, summarise(result.files, findings), result.notes, "9.9.9")


def empty_report(root: Path) -> Report:
    return Report(root, [], [], summarise([], []), [], "9.9.9")


def hostile_report(root: Path) -> Report:
    """One finding whose texts hold everything the formats must escape."""
    nasty = "Bad \x0b char, 50% off: <script>alert(1)</script> & ]]> | pipe\nsecond line"
    finding = Finding(rule=LEFTOVER, path="we ird,name:1.md", message=nasty, line=1, column=1, end_line=1,
                      end_column=5, matched="<b>", fingerprint="f" * 32, priority=1.0, rank=1)
    files = [FileResult(path="we ird,name:1.md", kind="prose", findings=[finding])]
    return Report(root, files, [finding], summarise(files, [finding]), ["note with <tag> & 100%"], "9.9.9")


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


@pytest.fixture
def at_fixture(monkeypatch):
    """Run from the fixture folder, as CI runs from the checkout root."""
    monkeypatch.chdir(FIXTURE)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_fixture_findings_are_what_the_format_tests_expect(report):
    got = sorted((f.rule.code, f.path, f.line) for f in report.findings)
    assert got == [
        ("TST101", "proposal.md", 6), ("TST102", "proposal.md", 4), ("TST201", "proposal.md", 10),
        ("TST301", "app/pricing.py", 10), ("TST401", "brand/logo.png", None),
    ]
    assert report.findings[0].rule is LEFTOVER and report.summary.verdict == "blocked"


def test_every_format_is_listed():
    assert formats() == ["terminal", "json", "jsonl", "sarif", "github", "junit", "markdown", "html"]
    with pytest.raises(ValueError):
        render(empty_report(FIXTURE), "yaml")


# ------------------------------------------------------------------------ sarif
def _validate(doc):
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_validates_and_carries_rules_results_and_fingerprints(report, at_fixture):
    doc = json.loads(sarif.render(report))
    _validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TST101", "TST102", "TST201", "TST301", "TST401"]
    leftover = rules[2]
    assert leftover["name"] == "test-leftover" and leftover["shortDescription"]["text"] == "Chat leftover."
    assert leftover["fullDescription"]["text"].startswith("Why <test-leftover>")
    assert "**How to fix.**" in leftover["help"]["markdown"] and "How to fix:" in leftover["help"]["text"]
    assert leftover["defaultConfiguration"]["level"] == "error"
    assert leftover["properties"]["tags"] == ["aislop", "hallucination"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert [by_rule[c]["level"] for c in ("TST201", "TST101", "TST301")] == ["error", "warning", "note"]
    loc = by_rule["TST201"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "proposal.md"
    assert loc["region"] == {"startLine": 10, "startColumn": 1, "endLine": 10, "endColumn": 68}
    image = by_rule["TST401"]
    assert image["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert image["properties"]["wholeFile"] is True
    fingerprints = {f.rule.code: f.fingerprint for f in report.findings}
    assert all(r["partialFingerprints"] == {"aislopFingerprint/v1": fingerprints[r["ruleId"]]} for r in run["results"])
    assert [r["properties"]["rank"] for r in run["results"]] == [1, 2, 3, 4, 5]


def test_sarif_paths_are_relative_to_the_working_directory(report, monkeypatch):
    monkeypatch.chdir(FIXTURE.parent)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(sarif.render(report))["runs"][0]["results"]}
    assert uris == {"report/proposal.md", "report/app/pricing.py", "report/brand/logo.png"}


def test_sarif_empty_and_hostile_reports_validate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = json.loads(sarif.render(empty_report(tmp_path)))
    _validate(empty)
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []
    hostile = json.loads(sarif.render(hostile_report(tmp_path)))
    _validate(hostile)
    assert hostile["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "we%20ird%2Cname%3A1.md"
    )


def test_sarif_from_the_real_cli_validates(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    result = CliRunner().invoke(app, ["scan", ".", "--format", "sarif", "--no-cache", "--exit-zero"])
    assert result.exit_code == 0, result.output
    _validate(json.loads(result.stdout))


@pytest.mark.parametrize("fmt", ["terminal", "json", "sarif", "github", "junit", "markdown", "html"])
def test_cli_accepts_every_format(fmt, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(app, ["scan", str(FIXTURE), "--format", fmt, "-o", str(out), "--no-cache", "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").strip()


# ------------------------------------------------------------------------ github
def test_github_annotations(report, at_fixture):
    lines = github.render(report).splitlines()
    assert lines[0] == (
        "::error file=proposal.md,line=10,endLine=10,col=1,endColumn=68,title=TST201 test-leftover (#1)::"
        'Chat leftover. Found "I hope this helps! Let me know": fix it.%0A'
        'Fix: Fix it: rewrite, then check "test-leftover", commas, colons.'
    )
    by_code = {re.search(r"title=(TST\d+)", line).group(1): line for line in lines if line.startswith("::")}
    assert by_code["TST301"].startswith("::notice file=app/pricing.py,line=10,")
    assert by_code["TST101"].startswith("::warning file=proposal.md,line=6,")
    assert by_code["TST401"].startswith("::warning file=brand/logo.png,title=TST401 test-raster-logo (#")
    assert lines[len(by_code)].startswith("aislop: Verdict: blocked.")


def test_github_escapes_data_and_properties(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert github.escape_data("50%\r\nx") == "50%25%0D%0Ax"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    first = github.render(hostile_report(tmp_path)).split("\n")[0]
    assert first.startswith("::error file=we ird%2Cname%3A1.md,line=1,endLine=1,col=1,endColumn=5,title=")
    assert "50%25 off: <script>" in first and "pipe%0Asecond line" in first
    assert "\n" not in first


def test_github_appends_step_summary(report, at_fixture, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    github.render(report)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("previous step\n")
    assert "## Fix first" in text and "| 1 | `proposal.md:10:1` |" in text


def test_github_without_step_summary_writes_nothing(report, at_fixture, tmp_path):
    github.render(report)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ junit
def test_junit_one_suite_per_file_one_case_per_finding(report, at_fixture):
    root = ET.fromstring(junit.render(report).encode("utf-8"))
    assert root.tag == "testsuites" and root.get("failures") == "5" and root.get("tests") == "6"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == ["README.md", "app/pricing.py", "brand/logo.png", "proposal.md"]
    clean = suites["README.md"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None
    cases = suites["proposal.md"].findall("testcase")
    assert suites["proposal.md"].get("failures") == "3" and len(cases) == 3
    assert [c.get("name").split()[0] for c in cases] == ["TST201", "TST102", "TST101"]  # by family, then line
    failure = cases[1].find("failure")
    markup = next(f for f in report.findings if f.rule.code == "TST102")
    assert cases[1].get("name") == f"TST102 test-markup {markup.fingerprint[:12]}" and cases[1].get("line") == "4"
    assert failure.text.startswith("proposal.md:4:")
    assert failure.get("type") == "info TST102" and "Found \"<b>impact</b>\"" in failure.text
    assert failure.text.endswith("Matched: impact")
    image = suites["brand/logo.png"].find("testcase")
    assert "whole file" in image.find("failure").text and image.get("line") is None


def test_junit_test_names_stay_the_same_when_lines_move(tmp_path):
    (tmp_path / "proposal.md").write_text("# Plan\n\nTODO one.\n\nI hope this helps!\n", encoding="utf-8")
    before = ET.fromstring(junit.render(make_report(tmp_path)).encode("utf-8"))
    (tmp_path / "proposal.md").write_text("# Plan\n\nNew text above.\n\nMore.\n\nTODO one.\n\nI hope this helps!\n",
                                          encoding="utf-8")
    after = ET.fromstring(junit.render(make_report(tmp_path)).encode("utf-8"))
    names = [sorted(c.get("name") for c in root.iter("testcase")) for root in (before, after)]
    lines = [sorted(c.get("line") for c in root.iter("testcase")) for root in (before, after)]
    assert names[0] == names[1] and len(names[0]) == 2 and lines[0] != lines[1]


def test_sarif_links_each_built_in_rule_to_its_section_of_the_rule_docs(monkeypatch):
    monkeypatch.chdir(REPO / "fixtures" / "demo")
    result = CliRunner().invoke(app, ["scan", ".", "--format", "sarif", "--no-cache", "--exit-zero", "-j", "1"])
    doc = json.loads(result.stdout)
    _validate(doc)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    anchors = set(re.findall(r"^### (AIS\d+ \S+)$", (REPO / "docs" / "rules.md").read_text(encoding="utf-8"), re.M))
    assert len(driver["rules"]) > 5
    for rule in driver["rules"]:
        page, anchor = rule["helpUri"].split("#")
        assert page.endswith("/docs/rules.md") and anchor == f"{rule['id'].lower()}-{rule['name']}"
        assert f"{rule['id']} {rule['name']}" in anchors


def test_sarif_has_no_help_uri_for_a_plugin_rule(report):
    assert all("helpUri" not in r for r in sarif.sarif_dict(report)["runs"][0]["tool"]["driver"]["rules"])


def test_junit_is_valid_xml_for_hostile_text_and_clean_scans(tmp_path):
    root = ET.fromstring(junit.render(hostile_report(tmp_path)).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert "<script>" in failure.get("message") and "\x0b" not in failure.get("message")
    clean = ET.fromstring(junit.render(empty_report(tmp_path)).encode("utf-8"))
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    assert clean.find("testsuite/testcase").get("name") == "no files to check"


# ------------------------------------------------------------------------ markdown
def test_markdown_fix_first_and_per_file_sections(report):
    text = markdown.render(report)
    assert text.startswith("# aislop report\n\n🔴 **Blocked**")
    table = text.split("## Fix first\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert table[0] == "| # | where | what | how |" and len(table) == 2 + 5
    assert table[2].startswith("| 1 | `proposal.md:10:1` | **error** `TST201` test-leftover:")
    for heading in ("## app/pricing.py", "## brand/logo.png", "## proposal.md"):
        assert heading in text
    assert "`whole file`" in text and "&lt;b&gt;impact&lt;/b&gt;" in text and "<b>" not in text
    assert "## README.md" not in text


def test_markdown_escapes_table_cells(tmp_path):
    text = markdown.render(hostile_report(tmp_path))
    row = next(line for line in text.splitlines() if line.startswith("| 1 |"))
    assert row.count(" | ") == 3 and "\\| pipe second line" in row and "&lt;script&gt;" in row
    assert "No findings" in markdown.render(empty_report(tmp_path))


# ------------------------------------------------------------------------ html
class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _page_data(page: str) -> dict:
    if 'data-encoding="deflate-raw+base64">' in page:
        import base64
        import zlib

        packed = page.split('data-encoding="deflate-raw+base64">', 1)[1].split("</script>", 1)[0]
        return json.loads(zlib.decompress(base64.b64decode(packed), -15))
    raw = page.split('<script type="application/json" id="aislop-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw)


def test_html_is_self_contained_and_opens_on_verdict_scanned_and_fix_first(report):
    page = html.render(report)
    parser = _Collector()
    parser.feed(page)
    tags = parser.tags
    assert not [t for t, a in tags if t in ("link", "iframe", "object", "embed")]
    assert all(a["src"].startswith("data:") for t, a in tags if "src" in a)
    assert not [a for t, a in tags if t == "a" and not a.get("href", "#").startswith("#")]
    assert "@import" not in page and "url(" not in page and "default-src 'none'" in page
    assert page.index('id="verdict"') < page.index('id="scanned"') < page.index('id="fix-first"') < page.index('id="docs"')
    assert "<dt>files</dt><dd>1 code file, 1 image file, 2 prose files</dd>" in page
    assert page.count('<li value="') == 5 and '<a href="#f-1">' in page
    assert "@media (max-width:600px)" in page and "@media print" in page
    data = _page_data(page)
    # Each finding once, each rule once; files ordered most important first.
    assert sorted(f[0] for f in data["findings"]) == [1, 2, 3, 4, 5]
    assert [r[0] for r in data["rules"]] == sorted({f.rule.code for f in report.findings}, key=[
        f.rule.code for f in report.findings].index)
    assert data["files"][0][0] == "proposal.md" and len(data["thumbs"]) == 1
    assert data["thumbs"][0].startswith("data:image/png;base64,")
    rows = {f[0]: f for f in data["findings"]}
    leftover = next(f for f in report.findings if f.rule is LEFTOVER)
    first, last, hit, hit_last, start, end = rows[leftover.rank][8]  # lines from the file's table
    assert (first, hit, hit_last, last) == (leftover.line - 1, leftover.line, leftover.line, leftover.line + 1)
    line = data["files"][rows[leftover.rank][1]][5][str(hit)]
    assert line[start:end] == "I hope this helps! Let me know if you'd like me to adjust the tone."
    assert '<g class="bar" data-label="hallucination" data-value="1">' in page  # several families: a chart
    assert "chart-scores" not in page  # one scored file: no distribution to draw


def test_html_escapes_hostile_text(tmp_path):
    page = html.render(hostile_report(tmp_path))
    assert "<script>alert" not in page and "</script>alert" not in page
    assert "note with &lt;tag&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the fix-first list
    assert page.count("<script") == 2  # the data and the page script, nothing from the scanned text
    assert "alert(1)" in _page_data(page)["findings"][0][5]


def test_html_excerpts_clip_long_lines_and_use_matched_text_without_source(tmp_path):
    (tmp_path / "a.md").write_text("intro\n" + "x" * 500 + "NEEDLE" + "y" * 500 + "\na\nb\nc\nd\n", encoding="utf-8")
    long_hit = Finding(rule=TODO, path="a.md", message="m", line=2, column=501, end_line=2, end_column=507, rank=1)
    multi = Finding(rule=TODO, path="a.md", message="m", line=3, column=1, end_line=5, end_column=2, rank=2)
    para = Finding(rule=TODO, path="b.docx", message="m", line=4, location="paragraph 4", matched="a <b> text", rank=3)
    files = [FileResult(path="a.md", kind="prose"), FileResult(path="b.docx", kind="prose")]
    findings = [long_hit, multi, para]
    data = _page_data(html.render(Report(tmp_path, files, findings, summarise(files, findings), [], "9.9.9")))
    rows = {f[0]: f[8] for f in data["findings"]}
    (_, text, start, end), = [r for r in rows[1] if r[2] >= 0]
    assert text[start:end] == "NEEDLE" and text.count("…") == 2 and len(text) < 300
    assert [r[0] for r in rows[2] if r[2] >= 0] == [3, 4, 5] and [r[0] for r in rows[2]] == [2, 3, 4, 5, 6]
    assert rows[3] == [["paragraph 4", "a <b> text", 0, 10]]


def test_html_each_distinct_thumbnail_is_embedded_once(tmp_path):
    logo = (FIXTURE / "brand" / "logo.png").read_bytes()
    files, findings = [], []
    for i in range(30):
        (tmp_path / f"logo{i}.png").write_bytes(logo)
        f = Finding(rule=RASTER, path=f"logo{i}.png", message="raster", rank=i + 1)
        files.append(FileResult(path=f.path, kind="image", findings=[f]))
        findings.append(f)
    page = html.render(Report(tmp_path, files, findings, summarise(files, findings), [], "9.9.9"))
    data = _page_data(page)
    assert len(data["thumbs"]) == 1 and page.count("data:image/png;base64,") == 1
    assert {row[3] for row in data["files"]} == {0}
    assert data["files"][0][4] == "96×48 px · test-raster-logo"  # the defect written on the thumbnail


def test_html_thumbnail_guards_broken_images(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert html.thumbnail_data_uri(broken) is None
    assert html.thumbnail_data_uri(tmp_path / "missing.png") is None
    assert html.thumbnail_data_uri(FIXTURE / "brand" / "logo.png").startswith("data:image/png;base64,")


def test_html_score_chart_bins_file_scores(tmp_path):
    files = [FileResult(path=f"{i}.md", kind="prose", scores={"formulaic": s}) for i, s in enumerate((5, 15, 18, 99))]
    rep = Report(tmp_path, files, [], summarise(files, []), [], "9.9.9")
    chart = html.score_chart(rep)
    assert 'data-label="10–20" data-value="2"' in chart and 'data-label="90–100" data-value="1"' in chart


def _chromium(tmp_path, url: str, *flags: str) -> str:
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", *flags, "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0 and "<body" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium) — browser check skipped")
def test_html_renders_each_finding_once_in_headless_chromium(report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    dom = _chromium(tmp_path, page.as_uri())
    assert 'data-ready="1"' in dom, "the inline script did not run"
    assert 'data-broken-images="0"' in dom, "an embedded thumbnail did not decode"
    assert "Fix first" in dom and 'data-verdict="blocked"' in dom and 'data-shown="5"' in dom
    ids = re.findall(r'<article class="finding s-\w+" id="f-(\d+)"', dom)
    assert sorted(ids) == ["1", "2", "3", "4", "5"]  # each finding once
    assert "<mark>&lt;b&gt;impact&lt;/b&gt;</mark>" in dom
    # Most important first: the file holding finding #1 comes first.
    assert dom.index('data-path="proposal.md"') < dom.index('data-path="brand/logo.png"')


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium) — browser check skipped")
def test_html_big_reports_carry_deflated_data_the_browser_unpacks(report, tmp_path, monkeypatch):
    monkeypatch.setattr(html, "COMPRESS_ABOVE", 0)  # the size at which a report counts as big
    text = html.render(report)
    assert 'data-encoding="deflate-raw+base64"' in text and "<mark>" not in text
    assert sorted(f[0] for f in _page_data(text)["findings"]) == [1, 2, 3, 4, 5]
    page = tmp_path / "report.html"
    page.write_text(text, encoding="utf-8")
    dom = _chromium(tmp_path, page.as_uri())
    assert 'data-ready="1"' in dom and 'data-shown="5"' in dom and "<mark>&lt;b&gt;impact&lt;/b&gt;</mark>" in dom


HARNESS = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="r" src="report.html" style="width:390px;height:800px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById('r').addEventListener('load', function(){
  var d = this.contentDocument, out = {};
  out.before = d.body.dataset.shown;
  out.wideBefore = d.documentElement.scrollWidth > d.documentElement.clientWidth;
  d.querySelector('input[name=severity][value=error]').click();   // hide errors
  out.afterSeverity = d.body.dataset.shown;
  d.querySelector('input[name=family][value=code]').click();      // and the code family
  out.afterFamily = d.body.dataset.shown;
  var q = d.getElementById('q'); q.value = 'raster'; q.dispatchEvent(new Event('input', {bubbles: true}));
  out.afterSearch = d.body.dataset.shown;
  out.articles = d.querySelectorAll('article.finding').length;
  out.scrollWidth = d.documentElement.scrollWidth;
  out.clientWidth = d.documentElement.clientWidth;
  document.getElementById('out').textContent = JSON.stringify(out);
});
</script></body></html>"""


def in_harness(tmp_path: Path, page: str, harness: str) -> dict:
    """Open ``harness`` in Chromium beside the report ``page`` (saved as report.html, which the
    harness loads in an iframe) and return the JSON the harness writes into its #out."""
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    (tmp_path / "harness.html").write_text(harness, encoding="utf-8")
    dom = _chromium(tmp_path, (tmp_path / "harness.html").as_uri(), "--allow-file-access-from-files",
                    "--window-size=600,900")
    return json.loads(html_unescape(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1)))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium) — browser check skipped")
def test_html_filters_by_click_and_fits_a_390px_phone(report, tmp_path):
    out = in_harness(tmp_path, html.render(report), HARNESS)
    severities = [f.effective_severity.value for f in report.findings]
    assert out["before"] == "5" and out["afterSeverity"] == str(5 - severities.count("error"))
    code_non_errors = sum(1 for f in report.findings if f.rule.family == "code" and f.effective_severity.value != "error")
    assert out["afterFamily"] == str(5 - severities.count("error") - code_non_errors)
    assert out["afterSearch"] == "1" and out["articles"] == 1  # only the raster logo is left
    assert not out["wideBefore"], "the full page scrolls sideways at 390 px"
    assert out["scrollWidth"] <= out["clientWidth"] <= 390, "the filtered page scrolls sideways at 390 px"


# ------------------------------------------------------------------------ CI integration files
REPO = FIXTURE.parent.parent


def test_pre_commit_hooks_cover_every_scanned_suffix_and_run_one_scan():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    from aislop.loaders import CODE_SUFFIXES, IMAGE_SUFFIXES, PROSE_SUFFIXES
    from aislop.registry import load_registry

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["aislop"]
    assert hook["entry"] == "aislop scan" and hook["language"] == "python"
    suffixes = {*PROSE_SUFFIXES, *CODE_SUFFIXES, *IMAGE_SUFFIXES}
    assert all(re.search(hook["files"], f"docs/a{s}") for s in suffixes | {s.upper() for s in suffixes})
    assert not any(re.search(hook["files"], name) for name in ("a.yaml", "a.json", "a.mdx", "md"))
    # One aislop run sees every committed file, so cross-file checks work.
    assert all(h["pass_filenames"] is True and h["require_serial"] is True for h in hooks.values())
    families = {r.family for r in load_registry().rules} - {"internal"}
    assert set(hooks) == {"aislop"} | {f"aislop-{family}" for family in families}
    for family in families:
        assert hooks[f"aislop-{family}"]["entry"] == f"aislop scan --select {family}"
    covers = {"prose": PROSE_SUFFIXES, "hallucination": PROSE_SUFFIXES, "code": {*CODE_SUFFIXES, ".ipynb"},
              "image": IMAGE_SUFFIXES}
    for family, wanted in covers.items():
        assert all(re.search(hooks[f"aislop-{family}"]["files"], f"a{s}") for s in wanted), family
    assert not re.search(hooks["aislop-code"]["files"], "a.md")


def test_action_installs_into_its_own_venv_and_quotes_its_inputs(tmp_path):
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "fail-on", "args", "format", "sarif-file"}
    assert action["outputs"]["verdict"]["value"] == "${{ steps.scan.outputs.verdict }}"
    setup, install, run = action["runs"]["steps"]
    # The caller's Python stays as it was: setup-python does not touch PATH, aislop gets a venv.
    assert setup["uses"].startswith("actions/setup-python@") and setup["with"]["update-environment"] is False
    assert '-m venv "$RUNNER_TEMP/aislop-venv"' in install["run"] and '"$GITHUB_ACTION_PATH"' in install["run"]
    assert "${{" not in install["run"] + run["run"]  # inputs arrive as environment variables only
    # Run the step's script for real against a stand-in aislop that records its arguments.
    venv = tmp_path / "aislop-venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)
    (venv / "aislop").write_text(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$RUNNER_TEMP/calls\"; echo --- >> \"$RUNNER_TEMP/calls\"\n"
        "case \" $* \" in *' --format json '*) out=$(echo \"$*\" | sed 's/.*--output \\([^ ]*\\).*/\\1/');"
        " echo '{\"summary\": {\"verdict\": \"needs-work\"}}' > \"$out\";; esac\n",
        encoding="utf-8",
    )
    (venv / "aislop").chmod(0o755)
    env = {**os.environ, "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out"),
           "AISLOP_PATH": "docs 'my notes'", "AISLOP_FAIL_ON": "warning", "AISLOP_FORMAT": "github",
           "AISLOP_SARIF": "aislop.sarif", "AISLOP_ARGS": "--ignore prose --baseline 'base line.json'"}
    subprocess.run(["bash", "-euo", "pipefail", "-c", run["run"]], env=env, check=True, cwd=tmp_path)
    calls = [c.strip("\n").split("\n") for c in (tmp_path / "calls").read_text().split("---\n") if c.strip()]
    common = ["scan", "docs", "my notes", "--fail-on", "warning", "--ignore", "prose", "--baseline", "base line.json"]
    assert [c[:9] for c in calls] == [common] * 3
    assert calls[0][9:] == ["--format", "sarif", "--output", "aislop.sarif", "--exit-zero"]
    assert calls[2][9:] == ["--format", "github"]
    assert (tmp_path / "out").read_text() == "verdict=needs-work\n"

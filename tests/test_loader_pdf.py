"""PDF deliverables (issue 13): text per page through PDFium, findings located by page and line
on the page in every report format, running headers and footers dropped, hyphenated words
joined, and a protected, scanned-only or broken PDF a clear per-file finding."""

from __future__ import annotations

import json

import pytest
from documents import pdf
from typer.testing import CliRunner

from aislop.cli import app
from aislop.loaders import UnreadableFile, load
from aislop.testing import scan_folder as _scan

pytest.importorskip("reportlab", reason="reportlab builds the test PDFs (installed by the test extra)")

BODY = [
    "The new intake process cuts the waiting time for a first visit from six weeks to",
    "nine days, and the clinic keeps one slot a day free for urgent referrals.",
    "",
    "Staff were trained in two sessions and the paper forms were retired in March.",
]
LEFTOVER = "I hope this helps! Let me know if you'd like me to adjust the tone."


def test_chat_opener_is_located_by_page_and_line_on_the_page(tmp_path):
    pdf(tmp_path / "proposal.pdf", [BODY, [*BODY[:2], "", LEFTOVER]], header="Acme Clinic - Proposal", footer=True)
    result = _scan(tmp_path)
    (entry,) = result.files
    assert entry.error is None and entry.words > 40
    (leftover,) = [f for f in result.findings if f.rule.name == "chat-leftover"]
    assert leftover.path == "proposal.pdf"
    assert leftover.location == "page 2"
    assert leftover.line == 4  # header, two body lines, then the leftover: the lines PDFium reads on the page
    assert leftover.matched.startswith("I hope this helps")


def test_location_reaches_every_report_format(tmp_path):
    pdf(tmp_path / "proposal.pdf", [BODY, [LEFTOVER]])
    runner = CliRunner()
    args = ["scan", str(tmp_path), "--no-cache", "--exit-zero"]
    report = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    (finding,) = [f for f in report["findings"] if "hope this helps" in f["matched"]]
    assert finding["location"] == "page 2" and finding["line"] == 1
    sarif = json.loads(runner.invoke(app, [*args, "--format", "sarif"]).stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["properties"].get("location") == "page 2"]
    assert results and results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    github = runner.invoke(app, [*args, "--format", "github"]).stdout
    assert "[page 2]" in github
    html = runner.invoke(app, [*args, "--format", "html"]).stdout
    assert "page 2" in html
    terminal = runner.invoke(app, [*args]).stdout
    assert "page 2" in terminal


def test_running_headers_footers_and_page_numbers_are_not_read(tmp_path):
    pages = [[f"Paragraph {n} of the annual report says something different on every page."] for n in range(1, 6)]
    pdf(tmp_path / "report.pdf", pages, header="Acme Ltd - Annual Report 2026 - Confidential", footer=True)
    (doc, *_) = load(tmp_path / "report.pdf", "report.pdf")
    assert "Confidential" not in doc.text and "Page 3 of 5" not in doc.text
    assert "Confidential" in doc.source  # blanked in place, so line numbers stay those of the page
    assert doc.text.count("annual report says") == 5
    start = doc.text.index("Paragraph 3")
    assert doc.position(start)[::2] == (2, "page 3")


def test_chapter_running_heads_with_page_numbers_are_not_read(tmp_path):
    """A manual's running head names the chapter and the page: it repeats on a few pages only,
    always at the same height."""
    heads = ["Chapter 1: Setup 2", "Chapter 1: Setup 3", "Chapter 2: Daily use 4", "Chapter 2: Daily use 5",
             "Chapter 3: Support 6"]
    pages = [[f"Section {n} explains one more step of the installation in plain words."] for n in range(5)]
    pdf(tmp_path / "manual.pdf", pages, header=heads)
    (doc, *_) = load(tmp_path / "manual.pdf", "manual.pdf")
    assert "Chapter 1" not in doc.text and "Chapter 2" not in doc.text
    assert "Chapter 3: Support 6" in doc.text  # once only: nothing says it runs
    assert doc.text.count("explains one more step") == 5


def test_hyphenated_line_end_is_joined_on_the_first_line(tmp_path):
    lines = ["We will deliver the imple-", "mentation in three phases over the coming weeks."]
    pdf(tmp_path / "plan.pdf", [lines])
    (doc, *_) = load(tmp_path / "plan.pdf", "plan.pdf")
    assert "deliver the implementation" in doc.text
    at = doc.text.index("in three phases")
    assert doc.position(at)[0] == 2  # still the second line of the page
    (block,) = [b for b in doc.blocks if "implementation" in doc.text[b.start : b.end]]
    assert "in three phases" in doc.text[block.start : block.end]


def test_headings_come_from_the_font(tmp_path):
    pdf(tmp_path / "brief.pdf", [BODY, BODY], heading=["Background", "Our approach"])
    (doc, *_) = load(tmp_path / "brief.pdf", "brief.pdf")
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Background", "Our approach"]
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 4 and paragraphs[0].startswith("The new intake") and paragraphs[0].endswith("referrals.")


def test_dangling_citation_across_pages(tmp_path):
    page1 = ["Ransomware groups now operate like businesses [1], and most attacks start", "with a phishing email [3]."]
    page2 = ["References", "", "[1] Smith, J. (2021). Ransomware economics. Journal of Security, 4(2), 1-9.", "",
             "[2] Lee, K. (2020). Phishing at work. Security Review, 2(1), 10-20."]
    pdf(tmp_path / "threats.pdf", [page1, page2])
    result = _scan(tmp_path)
    dangling = [f for f in result.findings if f.rule.name == "dangling-citation"]
    assert [(f.location, f.line, f.matched) for f in dangling] == [("page 1", 2, "[3]")]


def test_clean_human_pdf_with_a_vector_chart_gets_nothing(tmp_path):
    pdf(tmp_path / "results.pdf", [BODY, BODY[:2]], chart=True, header="Clinic results 2026", footer=True)
    result = _scan(tmp_path)
    assert result.findings == [], [(f.rule.name, f.message) for f in result.findings]
    assert [f.error for f in result.files] == [None]


def test_password_protected_pdf_is_one_unreadable_finding(tmp_path):
    pdf(tmp_path / "locked.pdf", [BODY], encrypt="s3cret")
    result = _scan(tmp_path)
    (entry,) = result.files
    assert "password-protected" in entry.error
    assert [f.rule.name for f in entry.findings] == ["unreadable-file"]


@pytest.mark.parametrize("data", [b"%PDF-1.7\n1 0 obj <<", b"not a pdf at all", b""], ids=["truncated", "garbage", "empty"])
def test_broken_pdf_is_refused_with_a_reason(tmp_path, data):
    (tmp_path / "broken.pdf").write_bytes(data)
    with pytest.raises(UnreadableFile, match="not a valid PDF"):
        load(tmp_path / "broken.pdf", "broken.pdf")
    (entry,) = _scan(tmp_path).files
    assert [f.rule.name for f in entry.findings] == ["unreadable-file"]


def test_named_pdf_is_scanned_not_called_ready(tmp_path):
    """The issue's first report: `aislop scan proposal.pdf` said READY for 0 files."""
    pdf(tmp_path / "proposal.pdf", [BODY, [LEFTOVER]])
    result = CliRunner().invoke(app, ["scan", str(tmp_path / "proposal.pdf"), "--no-cache"])
    assert result.exit_code == 1
    assert "READY" not in result.stdout and "chat-leftover" in result.stdout

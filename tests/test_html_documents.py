"""The HTML report's document view of packaged files (each finding in its PDF page, slide,
speaker notes, .docx or .odt paragraph, as delivered) and its print stylesheet, checked in
the page data and in headless Chromium (its DOM, and the PDF it prints)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from documents import odf, pdf, pptx
from test_reporters import CHROMIUM, LEFTOVER, TODO, ProseCheck, _chromium, _page_data, in_harness, make_report

from aislop.model import FileResult, Finding
from aislop.reporters import Report, html
from aislop.triage import summarise

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium) — browser check skipped")

FILLER = [f"Filler line {i} about the quarter." for i in range(20)]


def deliverable(root: Path) -> Path:
    """A PDF of two pages, a deck with speaker notes, a letter and an OpenDocument text, each
    with a TODO or a chat leftover for the test checks to find."""
    import docx

    root.mkdir(exist_ok=True)
    pdf(root / "report.pdf", [
        ["Quarterly results were strong.", "We shipped TODO items on time.", *FILLER, "The end, TODO check."],
        ["Second page opens here.", "I hope this helps! Let me know."],
    ])
    pptx(root / "deck.pptx", [
        {"title": "Plan", "body": ["First point", "Second point TODO", "Third"],
         "notes": "Speaker: I hope this helps everyone."},
        {"title": "Clean slide", "body": ["Nothing to see"]},
    ])
    letter = docx.Document()
    letter.add_heading("Letter", 1)
    letter.add_paragraph("Dear client, the TODO list is done.")
    letter.add_paragraph("Regards, and I hope this helps your team.")
    letter.save(str(root / "letter.docx"))
    odf(root / "memo.odt", "<text:p>First paragraph of the memo.</text:p><text:p>Second: TODO before Friday.</text:p>")
    return root


@pytest.fixture(scope="module")
def doc_report(tmp_path_factory) -> Report:
    return make_report(deliverable(tmp_path_factory.mktemp("docs") / "deliverable"), (ProseCheck(),))


def _views(data: dict) -> dict[str, dict[str, list]]:
    """{file: {part label: rows}} of the page data."""
    return {f[0]: {label: rows for label, rows in f[6]} for f in data["files"]}


def _marked(data: dict, f: list) -> str:
    """The text a placed finding marks, from its part's rows."""
    _, part, first, start, last, end = f[8]
    rows = dict(map(tuple, data["files"][f[1]][6][part][1]))
    assert first == last
    return rows[first][start:end]


def test_findings_are_shown_in_their_page_slide_notes_and_paragraph(doc_report):
    data = _page_data(html.render(doc_report))
    views = _views(data)
    assert list(views["report.pdf"]) == ["page 1", "page 2"]
    assert list(views["deck.pptx"]) == ["slide 1", "slide 1 notes"]  # the clean slide is not shown
    assert list(views["letter.docx"]) == ["paragraph 2", "paragraph 3"]
    assert list(views["memo.odt"]) == ["paragraph 2"]
    # A short part (a slide, a paragraph) is shown whole, as delivered.
    assert views["deck.pptx"]["slide 1"] == [[1, "Plan"], [2, "First point"], [3, "Second point TODO"], [4, "Third"]]
    assert views["letter.docx"]["paragraph 3"] == [[3, "Regards, and I hope this helps your team."]]
    # A long page: the lines around each finding, with the line numbers of the page.
    page = views["report.pdf"]["page 1"]
    assert [n for n, _ in page] == [1, 2, 3, 4, 21, 22, 23] and page[-1][1] == "The end, TODO check."
    assert views["report.pdf"]["page 2"][1] == [2, "I hope this helps! Let me know."]
    # Every finding sits in its part, marking exactly what it matched.
    assert all(f[8][0] == "u" for f in data["findings"])
    todos = [_marked(data, f) for f in data["findings"] if data["rules"][f[2]][1] == "test-todo"]
    assert todos == ["TODO"] * 5
    leftovers = sorted(_marked(data, f) for f in data["findings"] if data["rules"][f[2]][1] == "test-leftover")
    assert leftovers == ["I hope this helps everyone.", "I hope this helps your team.", "I hope this helps! Let me know."]


def test_a_finding_whose_text_moved_keeps_its_plain_excerpt(tmp_path):
    root = deliverable(tmp_path / "d")
    here = Finding(rule=TODO, path="report.pdf", message="m", line=2, column=12, end_line=2, end_column=16,
                   location="page 1", matched="TODO", rank=1)
    moved = Finding(rule=TODO, path="report.pdf", message="m", line=2, column=1, end_line=2, end_column=5,
                    location="page 1", matched="TODO", rank=2)  # the file changed since: "We s" is no TODO
    nowhere = Finding(rule=LEFTOVER, path="report.pdf", message="m", line=9, location="page 7", matched="x", rank=3)
    files = [FileResult(path="report.pdf", kind="prose")]
    findings = [here, moved, nowhere]
    data = _page_data(html.render(Report(root, files, findings, summarise(files, findings), [], "9.9.9")))
    rows = {f[0]: f[8] for f in data["findings"]}
    assert rows[1] == ["u", 0, 2, 11, 2, 15]
    assert rows[2] == [["page 1", "TODO", 0, 4]] and rows[3] == [["page 7", "x", 0, 1]]


def test_a_long_paragraph_is_cut_around_what_is_flagged(tmp_path):
    import docx

    root = tmp_path / "d"
    root.mkdir()
    letter = docx.Document()
    letter.add_paragraph("word " * 600 + "TODO here " + "tail " * 600)
    letter.save(str(root / "long.docx"))
    data = _page_data(html.render(make_report(root, (ProseCheck(),))))
    [finding] = data["findings"]
    [[label, [[number, text]]]] = data["files"][0][6]
    assert (label, number) == ("paragraph 1", 1)
    assert text.startswith("…") and text.endswith("…") and len(text) < 1300
    assert _marked(data, finding) == "TODO"


@needs_chromium
def test_the_document_view_renders_each_part_with_its_findings_in_chromium(doc_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html.render(doc_report), encoding="utf-8")
    dom = _chromium(tmp_path, page.as_uri())
    assert 'data-ready="1"' in dom and f'data-shown="{len(doc_report.findings)}"' in dom
    parts = re.findall(r'<section class="part"><h4>([^<]*)</h4>(.*?)</section>', dom, re.S)
    assert sorted(label for label, _ in parts) == sorted(
        ["slide 1", "slide 1 notes", "paragraph 2", "paragraph 3", "page 1", "page 2", "paragraph 2"])
    assert sorted(re.findall(r'id="f-(\d+)"', dom)) == sorted(
        str(f.rank) for f in doc_report.findings)  # each finding once, inside its part
    notes = dict(parts)["slide 1 notes"]
    todo = next(f for f in doc_report.findings if f.path == "deck.pptx" and f.rule is TODO)
    assert "<mark" in notes and "I hope this helps everyone." in notes
    slide = dict(parts)["slide 1"]
    assert re.search(rf'Second point <mark title="#{todo.rank}">TODO</mark><a class="ref" href="#f-{todo.rank}">', slide)
    assert f'id="f-{todo.rank}"' in slide  # the finding beside its slide


PHONE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="r" src="report.html" style="width:390px;height:800px;border:0"></iframe><pre id="out"></pre>
<script>
document.getElementById('r').addEventListener('load', function(){
  var d = this.contentDocument, part = d.querySelector('section.part');
  document.getElementById('out').textContent = JSON.stringify({
    parts: d.querySelectorAll('section.part').length, scrollWidth: d.documentElement.scrollWidth,
    clientWidth: d.documentElement.clientWidth, textBottom: part.querySelector('.part-text').getBoundingClientRect().bottom,
    findingTop: part.querySelector('article.finding').getBoundingClientRect().top});
});
</script></body></html>"""


@needs_chromium
def test_the_document_view_fits_a_390px_phone(doc_report, tmp_path):
    out = in_harness(tmp_path, html.render(doc_report), PHONE)
    assert out["parts"] == 7
    assert out["scrollWidth"] <= out["clientWidth"] <= 390, "the document view scrolls sideways at 390 px"
    assert out["findingTop"] >= out["textBottom"], "on a phone the findings come below the text, not beside it"


def _print_pdf(tmp_path: Path, page: Path) -> Path:
    out = tmp_path / "printed.pdf"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0 and out.is_file(), proc.stderr[-2000:]
    return out


def _printed_pages(pdf_path: Path) -> list[list[str]]:
    """The text lines of each printed page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            pages.append([line.strip() for line in text.replace("\r", "").split("\n") if line.strip()])
        return pages
    finally:
        document.close()


def print_report(root: Path) -> Report:
    """Many files, so that the page script renders past its first batch and the print runs over
    many pages, with headings at every height of a page."""
    deliverable(root)
    for i in range(45):
        lines = [f"# Section {i}", "", *(f"Paragraph {j} of file {i} says something plain." for j in range(i % 7)),
                 "", f"TODO finish part {i}.", "", "I hope this helps!" if i % 3 == 0 else "Thanks."]
        (root / f"notes{i:02d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return make_report(root, (ProseCheck(),))


def _headings(report: Report) -> set[str]:
    return ({"aislop report", "What was scanned", "Fix first", "Findings by file"} | {f.path for f in report.findings}
            | {" ".join(w[:1].upper() + w[1:] for w in f.location.split()) for f in report.findings if f.location})
    # (part labels print capitalised, as the stylesheet shows them: "Slide 1 Notes")


@needs_chromium
def test_print_to_pdf_is_clean_complete_and_has_no_orphaned_heading(tmp_path, monkeypatch):
    report = print_report(tmp_path / "d")
    page = tmp_path / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    pages = _printed_pages(_print_pdf(tmp_path, page))
    text = "\n".join("\n".join(lines) for lines in pages)
    assert len(pages) > 5
    # Every finding is printed, past the first batch of files the screen shows.
    assert len({f.path for f in report.findings}) > 40  # html.SCRIPT draws 40 files, then a "show more" button
    missing = [f.rank for f in report.findings if f"· #{f.rank}" not in text]
    assert not missing, f"findings not printed: {missing[:20]}"
    # The controls are screen-only.
    assert "Show all" not in text and "most important first" not in text and "Show 40 more" not in text
    # No page ends with a heading: its section starts on the next page with it.
    headings = _headings(report)
    orphans = [(n, lines[-1]) for n, lines in enumerate(pages[:-1], start=1) if lines and lines[-1] in headings]
    assert not orphans, f"pages ending with a heading: {orphans}"
    # The same report without the rules that keep a heading with what follows does end pages
    # with headings: the layout puts headings at page ends, where the rules hold them.
    monkeypatch.setattr(html, "CSS", re.sub(r"(page-)?break-after:avoid;?", "", html.CSS))
    page.write_text(html.render(report), encoding="utf-8")
    (tmp_path / "control").mkdir()
    pages = _printed_pages(_print_pdf(tmp_path / "control", page))
    assert [lines[-1] for lines in pages[:-1] if lines and lines[-1] in headings]

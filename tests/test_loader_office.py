"""PowerPoint, OpenDocument and the parts of a Word file beyond its body (issue 13): every
document is built inside the test, and findings are asserted with their slide, notes,
paragraph or part locations."""

from __future__ import annotations

import pytest
from documents import odf, pptx

from aislop.loaders import UnreadableFile, load
from aislop.testing import scan_folder as _scan

DISCLOSURE = "As an AI language model, I cannot verify these market figures."
SLOT = "Prepared for [Client Name] by the Acme team."


def _where(findings, name):
    return sorted((f.location, f.line) for f in findings if f.rule.name == name)


# ------------------------------------------------------------------------------ pptx
def test_slide_template_slot_and_notes_disclosure_are_located(tmp_path):
    pptx(tmp_path / "deck.pptx", [
        {"title": "Growth plan", "body": ["Revenue grew 12% in the last year.", SLOT]},
        {"title": "Market", "body": ["Three regions, one team."], "notes": DISCLOSURE},
    ])
    result = _scan(tmp_path)
    assert _where(result.findings, "placeholder-text") == [("slide 1", 3)]
    assert ("slide 2 notes", 1) in _where(result.findings, "chat-leftover") + _where(result.findings, "ai-disclosure")


def test_slide_template_slot_in_speaker_notes(tmp_path):
    pptx(tmp_path / "deck.pptx", [{"title": "Timeline", "body": ["Phase one ends in May."], "notes": SLOT}])
    assert _where(_scan(tmp_path).findings, "placeholder-text") == [("slide 1 notes", 1)]


def test_tables_groups_and_hidden_slides_are_read(tmp_path):
    pptx(tmp_path / "deck.pptx", [
        {"title": "Costs", "table": [["Item", "Cost"], ["Design for [Client Name]", "$4,000"]]},
        {"title": "Team", "group": ["Led by [Your Name], our senior designer."]},
        {"title": "Backup", "body": [SLOT], "hidden": True},
    ])
    (doc, *_) = load(tmp_path / "deck.pptx", "deck.pptx")
    assert "Design for [Client Name]" in doc.text and "Led by [Your Name]" in doc.text
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Costs", "Team", "Backup"]
    locations = {f.location for f in _scan(tmp_path).findings if f.rule.name == "placeholder-text"}
    assert locations == {"slide 1", "slide 2", "slide 3 (hidden)"}


def test_clean_deck_gets_nothing(tmp_path):
    pptx(tmp_path / "deck.pptx", [
        {"title": "Quarterly review", "body": ["Sales rose in every region.", "Churn fell to 3%."],
         "notes": "Mention the Leeds office opening in June."},
    ])
    assert _scan(tmp_path).findings == []


def test_broken_pptx_is_refused(tmp_path):
    (tmp_path / "deck.pptx").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(UnreadableFile, match="not a valid .pptx"):
        load(tmp_path / "deck.pptx", "deck.pptx")


# ------------------------------------------------------------------------------ docx parts
def _docx(path, body="The project starts in May.", header=None, footer=None, comment=None, text_box=None):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph(body)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    if comment and hasattr(document, "add_comment"):
        document.add_comment(paragraph.runs, text=comment, author="Sam")
    document.save(str(path))
    if text_box:
        _add_text_box(path, text_box)
    return path


def _add_text_box(path, text):
    """python-docx cannot write a text box: insert a w:txbxContent by hand (with Word's VML
    fallback copy, which must not be read twice)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    box = (
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p>'
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    ).format(t=text)
    xml = parts["word/document.xml"].decode()
    parts["word/document.xml"] = xml.replace("<w:sectPr", box + "<w:sectPr", 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_client_slot_in_a_docx_header_and_footer(tmp_path):
    _docx(tmp_path / "letter.docx", header="Proposal for [Client Name]", footer="Contact [Your Name]")
    found = _where(_scan(tmp_path).findings, "placeholder-text")
    assert found == [("footer", 1), ("header", 1)]


def test_text_box_is_read_once(tmp_path):
    _docx(tmp_path / "letter.docx", text_box="Signed by [Your Name]")
    (doc,) = [d for d in load(tmp_path / "letter.docx", "letter.docx") if d.kind == "prose"]
    assert doc.text.count("Signed by [Your Name]") == 1
    assert _where(_scan(tmp_path).findings, "placeholder-text") == [("text box 1", 1)]


def test_body_paragraphs_keep_their_numbers(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("The project starts in May.")
    document.add_paragraph("I hope this helps! Let me know if you'd like me to adjust the tone.")
    document.sections[0].header.paragraphs[0].text = "Acme Ltd"
    document.save(str(tmp_path / "letter.docx"))
    assert _where(_scan(tmp_path).findings, "chat-leftover") == [("paragraph 2", 2)]


def test_footnotes_endnotes_and_comments_are_read(tmp_path):
    import zipfile

    path = _docx(tmp_path / "letter.docx")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = {
        "footnotes": f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>--</w:t></w:r></w:p>'
                     '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Source: [insert source here]</w:t></w:r></w:p>'
                     "</w:footnote></w:footnotes>",
        "endnotes": f'<w:endnotes {w}><w:endnote w:id="1"><w:p><w:r><w:t>Figures checked in May.</w:t></w:r></w:p>'
                    "</w:endnote></w:endnotes>",
        "comments": f'<w:comments {w}><w:comment w:id="0" w:author="Sam"><w:p><w:r><w:t>{DISCLOSURE}</w:t></w:r></w:p>'
                    "</w:comment></w:comments>",
    }
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    for n, (name, xml) in enumerate(notes.items(), start=90):
        parts[f"word/{name}.xml"] = xml.encode()
        rels = rels.replace("</Relationships>", f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships/{name}" Target="{name}.xml"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/word/{name}.xml" ContentType="application/vnd.'
                              f'openxmlformats-officedocument.wordprocessingml.{name}+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (doc,) = [d for d in load(path, "letter.docx") if d.kind == "prose"]
    assert "--" not in doc.text and "Figures checked in May." in doc.text
    findings = _scan(tmp_path).findings
    assert ("footnote 1", 1) in _where(findings, "placeholder-text")
    assert any(f.location == "comment 1 by Sam" for f in findings)


# ------------------------------------------------------------------------------ OpenDocument
def test_odt_headings_paragraphs_lists_and_tables_located_by_paragraph(tmp_path):
    body = (
        '<text:h text:outline-level="1">Proposal</text:h>'
        "<text:p>The work starts in May and ends in<text:s/>July.</text:p>"
        "<text:list><text:list-item><text:p>Prepared for [Client Name].</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Fee</text:p></table:table-cell>"
        "</table:table-row></table:table>"
        "<text:p>I hope this helps! Let me know if you'd like me to adjust the tone."
        '<text:note text:note-class="footnote"><text:note-body><text:p>See [insert source here].</text:p>'
        "</text:note-body></text:note></text:p>"
    )
    odf(tmp_path / "letter.odt", body)
    (doc,) = load(tmp_path / "letter.odt", "letter.odt")
    assert "ends in July." in doc.text
    assert [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks][:4] == [
        ("heading", "Proposal"), ("paragraph", "The work starts in May and ends in July."),
        ("list_item", "Prepared for [Client Name]."), ("table", "Fee"),
    ]
    findings = _scan(tmp_path).findings
    assert _where(findings, "chat-leftover") == [("paragraph 5", 5)]  # line N is paragraph N, as in .docx
    assert _where(findings, "placeholder-text") == [("footnote 1", 1), ("paragraph 3", 3)]


def test_odp_slides_and_notes(tmp_path):
    body = (
        '<draw:page draw:name="p1"><draw:frame presentation:class="title"><draw:text-box><text:p>Plan</text:p>'
        "</draw:text-box></draw:frame><draw:frame><draw:text-box><text:p>Launch in May.</text:p></draw:text-box>"
        "</draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>" + DISCLOSURE +
        "</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>"
        '<draw:page draw:name="p2"><draw:frame><draw:text-box><text:p>' + SLOT + "</text:p></draw:text-box>"
        "</draw:frame></draw:page>"
    )
    odf(tmp_path / "deck.odp", body, presentation=True)
    findings = _scan(tmp_path).findings
    assert _where(findings, "placeholder-text") == [("slide 2", 1)]
    assert any(f.location == "slide 1 notes" for f in findings)


def test_odp_hidden_slide_is_read_and_said_hidden(tmp_path):
    styles = ('<office:automatic-styles><style:style xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
              'style:name="dp2" style:family="drawing-page"><style:drawing-page-properties '
              'presentation:visibility="hidden"/></style:style></office:automatic-styles>')
    body = ('<draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>Launch in May.</text:p></draw:text-box>'
            '</draw:frame></draw:page><draw:page draw:name="p2" draw:style-name="dp2"><draw:frame><draw:text-box>'
            f"<text:p>{SLOT}</text:p></draw:text-box></draw:frame></draw:page>")
    odf(tmp_path / "deck.odp", body, presentation=True, before_body=styles)
    assert _where(_scan(tmp_path).findings, "placeholder-text") == [("slide 2 (hidden)", 1)]


def test_odt_entity_bomb_is_refused_without_expanding(tmp_path):
    laughs = '<!DOCTYPE x [<!ENTITY a "LOLBOMBLOL"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    odf(tmp_path / "bomb.odt", "<text:p>&b;</text:p>", prolog=laughs)
    result = _scan(tmp_path)
    (entry,) = result.files
    assert "declares XML entities or a DTD" in entry.error
    assert "LOLBOMBLOLLOLBOMBLOL" not in repr(result.findings)


def test_broken_odt_is_refused(tmp_path):
    (tmp_path / "letter.odt").write_bytes(b"not a zip")
    with pytest.raises(UnreadableFile, match="not a valid .odt"):
        load(tmp_path / "letter.odt", "letter.odt")


# ------------------------------------------------------------------------------ EPUB
def test_epub_chapters_read_in_spine_order_and_located_in_their_file(tmp_path):
    from documents import epub

    epub(tmp_path / "guide.epub", [
        "<h1>Getting started</h1>\n<p>Plant the seeds in early spring, a finger deep.</p>",
        "<h1>Watering</h1>\n<p>Water twice a week.</p>\n"
        "<p>I hope this helps! Let me know if you&#8217;d like me to adjust the tone.</p>",
    ])
    docs = load(tmp_path / "guide.epub", "guide.epub")
    assert [d.location for d in docs] == ["chapter 1 (OEBPS/text/ch1.xhtml)", "chapter 2 (OEBPS/text/ch2.xhtml)"]
    (leftover,) = [f for f in _scan(tmp_path).findings if f.rule.name == "chat-leftover"]
    assert (leftover.path, leftover.location, leftover.line, leftover.column) == (
        "guide.epub", "chapter 2 (OEBPS/text/ch2.xhtml)", 7, 4,
    )


def test_epub_package_with_an_entity_bomb_is_refused(tmp_path):
    from documents import epub

    laughs = '<!DOCTYPE p [<!ENTITY a "LOLBOMBLOL"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    epub(tmp_path / "bomb.epub", ["<p>Hello.</p>"], opf_prolog=laughs)
    with pytest.raises(UnreadableFile, match="declares XML entities or a DTD"):
        load(tmp_path / "bomb.epub", "bomb.epub")

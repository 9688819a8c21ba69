"""Pictures inside documents go through the image family as items of their own
(``deck.pptx#slide1/image1.png``), low-effective-ppi judges the size they are placed at, and a
logo.pdf that only wraps a bitmap is no vector master (issue 13)."""

from __future__ import annotations

import io

import pytest
from documents import odf, png_bytes
from PIL import Image

from aislop.checks.images.doc_examples import bitmap_pdf, docx_picture, png, pptx_picture, vector_pdf
from aislop.config import Config
from aislop.engine import scan
from aislop.loaders import load
from aislop.testing import scan_folder as _scan


def _found(result, name):
    return [(f.path, f.message) for f in result.findings if f.rule.name == name]


def test_small_logo_placed_large_in_a_deck_prints_at_low_ppi(tmp_path):
    pptx_picture("deck.pptx", (240, 80), 3.0, name="Acme logo")(tmp_path)
    (finding,) = [f for f in _scan(tmp_path).findings if f.rule.name == "low-effective-ppi"]
    assert finding.path == "deck.pptx#slide1/image1.png"
    assert finding.message.startswith("240\u00d780 px logo placed 3.0 in wide: 80 ppi, blurry in print")


def test_picture_in_a_letter_judged_by_its_placed_size(tmp_path):
    docx_picture("letter.docx", (300, 100), 3.0)(tmp_path)
    docx_picture("sharp.docx", (900, 300), 3.0)(tmp_path)
    found = _found(_scan(tmp_path), "low-effective-ppi")
    assert [path for path, _ in found] == ["letter.docx#image1.png"]
    assert "100 ppi" in found[0][1] and "picture placed 3.0 in wide" in found[0][1]


def test_print_profile_raises_the_bar(tmp_path):
    docx_picture("letter.docx", (600, 200), 3.0)(tmp_path)
    config = Config(settings={"no_cache": True})
    assert not [f for f in scan([tmp_path], config, jobs=1).findings if f.rule.name == "low-effective-ppi"]
    config.rules["low-effective-ppi"] = {"min_ppi": 300}
    assert [f.rule.name for f in scan([tmp_path], config, jobs=1).findings] == ["low-effective-ppi"]


def test_bitmap_placed_in_a_pdf_page(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "report.pdf"))
    c.drawString(72, 760, "The new intake process cuts the waiting time for a first visit.")
    c.drawImage(ImageReader(io.BytesIO(png_bytes((120, 40), mode="RGB"))), 72, 500, width=360, height=120)
    c.save()
    docs = load(tmp_path / "report.pdf", "report.pdf")
    assert [(d.kind, d.relpath) for d in docs] == [("prose", "report.pdf"), ("image", "report.pdf#page1/image1.png")]
    assert docs[1].meta["placed_in"] == pytest.approx((5.0, 5 / 3))
    assert [path for path, _ in _found(_scan(tmp_path), "low-effective-ppi")] == ["report.pdf#page1/image1.png"]


def test_embedded_jpeg_logo_gets_the_logo_rules(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    buffer = io.BytesIO()
    Image.open(io.BytesIO(png((1200, 400)))).convert("RGB").save(buffer, "JPEG", quality=70)
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Who we are"
    slide.shapes.add_picture(io.BytesIO(buffer.getvalue()), Inches(1), Inches(2), width=Inches(3)).name = "Company logo"
    deck.save(str(tmp_path / "deck.pptx"))
    result = _scan(tmp_path)
    assert ("deck.pptx#slide1/image1.jpg", "lossy-logo") in {(f.path, f.rule.name) for f in result.findings}
    assert not _found(result, "missing-vector-master") and not _found(result, "low-effective-ppi")


def test_picture_in_an_odt_frame(tmp_path):
    body = ('<text:p>Dear client, our offer follows.<draw:frame draw:name="Acme logo" svg:width="3in" svg:height="1in">'
            '<draw:image xlink:href="Pictures/a1.png"/></draw:frame></text:p>')
    odf(tmp_path / "letter.odt", body, files={"Pictures/a1.png": png((240, 80))})
    found = _found(_scan(tmp_path), "low-effective-ppi")
    assert [(path, message.split(":")[0]) for path, message in found] == [
        ("letter.odt#Pictures/a1.png", "240\u00d780 px logo placed 3.0 in wide")
    ]


def test_bitmap_only_logo_pdf_is_no_vector_master(tmp_path):
    bitmap_pdf("logo.pdf", (480, 160))(tmp_path)
    (tmp_path / "logo.png").write_bytes(png((2000, 800)))
    result = _scan(tmp_path)
    (raster,) = _found(result, "raster-in-pdf")
    assert raster[0] == "logo.pdf" and "480\u00d7160 px bitmap" in raster[1]
    assert [path for path, _ in _found(result, "missing-vector-master")] == ["logo.png"]


def test_true_vector_logo_pdf_stays_clean_and_is_a_master(tmp_path):
    vector_pdf("logo.pdf")(tmp_path)
    (tmp_path / "logo.png").write_bytes(png((2000, 800)))
    result = _scan(tmp_path)
    assert not _found(result, "raster-in-pdf") and not _found(result, "missing-vector-master")
    assert [f.error for f in result.files] == [None, None]


def test_scanned_pdf_without_text_layer_is_unreadable_not_ready(tmp_path):
    bitmap_pdf("signed-contract.pdf", (1700, 2200), 8.0)(tmp_path)
    (entry,) = _scan(tmp_path).files
    assert "no text layer" in entry.error
    assert [f.rule.name for f in entry.findings] == ["unreadable-file"]


def test_clean_letter_with_a_sharp_logo_gets_nothing(tmp_path):
    docx_picture("letter.docx", (1200, 400), 2.0, text="Thank you for meeting us on Tuesday.")(tmp_path)
    assert _scan(tmp_path).findings == []


def test_html_report_shows_a_thumbnail_of_a_flagged_embedded_picture(tmp_path):
    from typer.testing import CliRunner

    from aislop.cli import app

    pptx_picture("deck.pptx", (240, 80), 3.0, name="Acme logo")(tmp_path)
    html = CliRunner().invoke(app, ["scan", str(tmp_path), "--format", "html", "--no-cache", "--exit-zero"]).stdout
    # The page script draws thumbnails from the report's data (each distinct picture once).
    import json

    data = json.loads(html.split('<script type="application/json" id="aislop-data">', 1)[1].split("</script>", 1)[0])
    (row,) = [f for f in data["files"] if f[0] == "deck.pptx#slide1/image1.png"]
    assert row[3] >= 0 and data["thumbs"][row[3]].startswith("data:image/png;base64,")
    assert row[4].startswith("240×80 px · ")  # the native size written on the thumbnail


def test_illustrator_master_saved_pdf_compatible_is_judged_like_a_pdf(tmp_path):
    bitmap_pdf("brand/logo.ai", (480, 160))(tmp_path)
    (tmp_path / "brand" / "logo.png").write_bytes(png((2000, 800)))
    vector_pdf("brand/mark.ai")(tmp_path)
    (tmp_path / "brand" / "mark.png").write_bytes(png((2000, 800)))
    result = _scan(tmp_path)
    assert [path for path, _ in _found(result, "raster-in-pdf")] == ["brand/logo.ai"]
    assert [path for path, _ in _found(result, "missing-vector-master")] == ["brand/logo.png"]


def test_postscript_era_illustrator_file_is_left_alone(tmp_path):
    (tmp_path / "logo.ai").write_bytes(b"%!PS-Adobe-3.0\n%%Creator: Adobe Illustrator(R) 8.0\n")
    (tmp_path / "logo.png").write_bytes(png((2000, 800)))
    result = _scan(tmp_path)
    assert not _found(result, "missing-vector-master")  # given the benefit of the doubt as a master
    assert [f.error for f in result.files] == [None, None]


def test_ci_formats_point_at_the_document_and_say_where_the_picture_is(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from aislop.cli import app

    pptx_picture("deck.pptx", (240, 80), 3.0, name="Acme logo")(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    args = ["scan", ".", "--no-cache", "--exit-zero"]
    sarif = json.loads(CliRunner().invoke(app, [*args, "--format", "sarif"]).stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AIS408"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deck.pptx"
    assert result["properties"]["location"] == "slide1/image1.png"
    github = CliRunner().invoke(app, [*args, "--format", "github"]).stdout
    assert "file=deck.pptx," in github and "[slide1/image1.png]" in github


def test_diff_keeps_findings_of_a_changed_document_and_drops_an_unchanged_one(tmp_path):
    import json
    import subprocess

    from typer.testing import CliRunner

    from aislop.cli import app

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True,
                       capture_output=True)

    docx_picture("old.docx", (240, 80), 3.0)(tmp_path)
    docx_picture("new.docx", (300, 100), 3.0)(tmp_path)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "start")
    docx_picture("new.docx", (240, 80), 3.0, text="Our revised proposal for the new site.")(tmp_path)
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--no-cache", "--format", "json", "--diff", "HEAD"])
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {"new.docx#image1.png"}

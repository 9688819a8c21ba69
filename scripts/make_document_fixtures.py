"""Build fixtures/documents/: small deliverables in the document formats, each planting the
defects its name says (and clean ones that must stay clean), for the findings snapshot.

    python scripts/make_document_fixtures.py

The files are committed; this script says how they were made (reportlab, python-pptx,
python-docx, hand-written zips) and rebuilds them. PDF bytes differ per run (reportlab writes
a creation date and an ID), the findings do not.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from documents import epub, odf, pdf, pptx  # noqa: E402

from aislop.checks.images.doc_examples import bitmap_pdf, png, vector_pdf  # noqa: E402

TARGET = ROOT / "fixtures" / "documents"


def main() -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    (TARGET / "brand").mkdir(parents=True)
    pdf(TARGET / "proposal.pdf", [
        ["Certainly! Here is the proposal you asked for.", "",
         "We will rebuild the booking site in three phases over ten weeks. Most small clinics lose",
         "bookings on mobile, where the current form breaks [1], and the redesign starts there [3]."],
        ["References", "", "[1] Baymard Institute (2024). Mobile form usability. Research report.", "",
         "[2] Nielsen, J. (2020). Usability engineering. Morgan Kaufmann."],
    ], header="Acme Studio - Proposal for Riverside Clinic", footer=True)
    pdf(TARGET / "annual-results.pdf", [
        ["The clinic saw 4,120 patients this year, up from 3,870, and the average wait for a first",
         "visit fell from six weeks to nine days after the new intake process started in March.", "",
         "The chart below shows visits per quarter."],
        ["Staff were trained in two sessions, and the paper forms were retired in June."],
    ], header="Riverside Clinic - Annual results 2026", footer=True, chart=True)
    pptx(TARGET / "pitch-deck.pptx", [
        {"title": "Proposal for [Client Name]", "body": ["Ten weeks, three phases, one team."],
         "notes": "As an AI language model, I cannot verify the market figures on this slide."},
        {"title": "Who we are", "body": ["Four designers and two developers in Leeds."],
         "picture": ((240, 80), 3.0), "picture_name": "Acme logo"},
        {"title": "Backup: pricing", "body": ["Phase one costs [insert price here]."], "hidden": True},
    ])
    import docx
    from docx.shared import Inches

    letter = docx.Document()
    letter.add_paragraph("Dear Ms Patel,")
    letter.add_paragraph("Thank you for meeting us on Tuesday. Our offer for the booking site follows.")
    letter.sections[0].header.paragraphs[0].text = "Offer for [Client Name]"
    letter.add_picture(io.BytesIO(png((300, 100))), width=Inches(3))
    letter.save(str(TARGET / "cover-letter.docx"))
    odf(TARGET / "follow-up.odt",
        '<text:h text:outline-level="1">Follow-up</text:h>'
        "<text:p>The second workshop is on 4 June at your office.</text:p>"
        "<text:p>I hope this helps! Let me know if you&#8217;d like me to adjust the tone.</text:p>")
    epub(TARGET / "care-guide.epub", [
        "<h1>Before your visit</h1>\n<p>Bring your referral letter and a list of the medicines you take.</p>",
        "<h1>After your visit</h1>\n<p>In today&#8217;s fast-paced world, recovery takes patience.</p>",
    ])
    bitmap_pdf("brand/logo.pdf", (480, 160))(TARGET)
    (TARGET / "brand" / "logo.png").write_bytes(png((2000, 800)))
    vector_pdf("brand/mark.pdf")(TARGET)
    (TARGET / "brand" / "mark.png").write_bytes(png((1600, 800)))
    (TARGET / "budget.xlsx").write_bytes(b"PK\x03\x04 spreadsheet: aislop does not read it")


if __name__ == "__main__":
    main()

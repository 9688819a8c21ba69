"""Reference entries parsed into fields, identifiers checked for form, titles compared: the
offline parts of the reference check."""

from __future__ import annotations

import pytest

from aislop.checks.hallucination.identifiers import arxiv_problem, isbn_problem, pmid_problem
from aislop.checks.hallucination.reference_match import title_similarity
from aislop.checks.hallucination.reference_parse import parse_reference
from aislop.checks.hallucination.scholarly import _retry_after
from aislop.testing import scan_text

PARSED = [
    # APA, Markdown emphasis, numbered, DOI URL
    ("[1] LeCun, Y., Bengio, Y., & Hinton, G. (2015). Deep learning. *Nature*, 521(7553), 436-444. "
     "https://doi.org/10.1038/nature14539",
     dict(authors=["LeCun", "Bengio", "Hinton"], year="2015", title="Deep learning", container="Nature",
          doi="10.1038/nature14539")),
    # APA book with ISBN, list bullet
    ("- Goodfellow, I., Bengio, Y., & Courville, A. (2016). *Deep learning*. MIT Press. ISBN 978-0-262-03561-3",
     dict(authors=["Goodfellow", "Bengio", "Courville"], year="2016", title="Deep learning", container="MIT Press",
          isbn="978-0-262-03561-3")),
    # IEEE
    ('[3] A. Vaswani, N. Shazeer, N. Parmar et al., "Attention is all you need," in Advances in Neural '
     "Information Processing Systems, vol. 30, 2017, pp. 5998-6008.",
     dict(authors=["Vaswani", "Shazeer", "Parmar"], year="2017", title="Attention is all you need",
          container="Advances in Neural Information Processing Systems")),
    # Chicago author-date with a doi: prefix
    ('Jordan, Dirk C., and Sarah R. Kurtz. 2013. "Photovoltaic Degradation Rates: An Analytical Review." '
     "Progress in Photovoltaics 21 (1): 12-29. doi:10.1002/pip.1182.",
     dict(authors=["Jordan", "Kurtz"], year="2013", title="Photovoltaic Degradation Rates: An Analytical Review",
          container="Progress in Photovoltaics", doi="10.1002/pip.1182")),
    # Vancouver with a PMID
    ("1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44. PMID: 26017442",
     dict(authors=["LeCun", "Bengio", "Hinton"], year="2015", title="Deep learning", container="Nature",
          pmid="26017442")),
    # Chicago notes-bibliography book: the publisher, not the city
    ("Goodfellow, Ian, Yoshua Bengio, and Aaron Courville. Deep Learning. Cambridge, MA: MIT Press, 2016.",
     dict(authors=["Goodfellow", "Bengio", "Courville"], year="2016", title="Deep Learning", container="MIT Press")),
    # MLA
    ('Smith, John, and Kim Lee. "Title of the Work." Journal of Things, vol. 4, no. 2, 2019, pp. 1-9.',
     dict(authors=["Smith", "Lee"], year="2019", title="Title of the Work", container="Journal of Things")),
    # An organisation as author
    ("World Health Organization. (2020). Global report on diabetes. WHO Press.",
     dict(authors=["World Health Organization"], year="2020", title="Global report on diabetes")),
    # arXiv preprint; a Markdown link around the title
    ("Kingma, D. P., & Ba, J. (2014). [Adam: A method for stochastic optimization](https://arxiv.org/abs/1412.6980).",
     dict(authors=["Kingma", "Ba"], year="2014", title="Adam: A method for stochastic optimization")),
    # Particles in surnames, a date in the parentheses, a web URL
    ("van der Berg, K., & O'Neil, C. (2019, May 4). Why projects fail. Harvard Business Review. https://hbr.org/2019/05/x",
     dict(authors=["van der Berg", "O'Neil"], year="2019", title="Why projects fail",
          container="Harvard Business Review", url="https://hbr.org/2019/05/x")),
]


@pytest.mark.parametrize(("entry", "expected"), PARSED, ids=[e[:30] for e, _ in PARSED])
def test_entries_are_parsed_into_fields(entry, expected):
    parsed = parse_reference(entry).as_dict()
    for key, value in expected.items():
        assert parsed[key] == value, (key, parsed)


def test_fields_it_cannot_find_stay_empty():
    parsed = parse_reference("Personal communication with the site manager")
    assert parsed.year == "" and parsed.doi == "" and parsed.isbn == ""


@pytest.mark.parametrize(("isbn", "problem"), [
    ("978-0-262-03561-3", None), ("0262035618", None), ("0-306-40615-2", None), ("080442957X", None),
    ("978-0-262-03561-4", "should be 3"), ("0-262-03561-9", "should be 8"), ("123-4", "10 or 13 digits"),
    ("977-0-262-03561-3", "starts with 978 or 979"),
])
def test_isbn_check_digits(isbn, problem):
    found = isbn_problem(isbn)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(("ident", "ok"), [
    ("1706.03762", True), ("2106.09685v2", True), ("1412.6980", True), ("hep-th/9901001", True),
    ("math.GT/0309136", True), ("2313.12345", False), ("2101.123", False), ("1301.12345", False),
    ("0612.1234", False), ("foo-bar/9901001", False), ("hep-th/2201001", False),
])
def test_arxiv_identifier_forms(ident, ok):
    assert (arxiv_problem(ident) is None) is ok


@pytest.mark.parametrize(("pmid", "ok"), [("26017442", True), ("1", True), ("123456789", False), ("0", False),
                                          ("PMC123", False)])
def test_pubmed_id_forms(pmid, ok):
    assert (pmid_problem(pmid) is None) is ok


def test_title_similarity_ignores_case_order_punctuation_and_a_missing_subtitle():
    assert title_similarity("Deep learning", "DEEP LEARNING.") == 1.0
    assert title_similarity("learning, deep", "Deep learning") == 1.0
    assert title_similarity("Photovoltaic degradation rates", "Photovoltaic Degradation Rates-an Analytical Review") == 1.0
    assert title_similarity("Attention is all you need for protein folding", "Attention Is All You Need") < 0.85
    assert title_similarity("Deep learning for coral reef recovery forecasting", "Deep learning") < 0.85


def test_retry_after_reads_seconds_and_http_dates():
    assert _retry_after("3") == 3.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_identifiers_in_code_are_not_checked():
    text = "# Build\n\nRun `isbn-check ISBN 978-0-262-03561-4` to test the validator.\n"
    assert not [f for f in scan_text(text) if f.rule.name == "invalid-isbn"]

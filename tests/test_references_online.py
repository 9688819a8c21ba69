"""The reference check against a loopback stand-in of Crossref and OpenAlex (started here on
127.0.0.1, serving answers recorded in the APIs' JSON shapes from tests/data/scholarly): each
verdict, the polite-pool mailto, retries on 429, a source that is down, and the answer cache.

The recorded works carry the real bibliographic data of the papers and books named; the
OpenAlex ids are placeholders."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from aislop.config import Config
from aislop.engine import scan
from aislop.scholarly_standin import ScholarlyStandIn

DATA = Path(__file__).parent / "data" / "scholarly"
MAILTO = "qa-team@example.org"

REAL_ARTICLE = "LeCun, Y., Bengio, Y., & Hinton, G. (2015). Deep learning. Nature, 521(7553), 436-444. https://doi.org/10.1038/nature14539"
NO_DOI_PAPER = ('A. Vaswani, N. Shazeer, and N. Parmar, "Attention is all you need," in Advances in Neural Information '
                "Processing Systems, vol. 30, 2017, pp. 5998-6008.")
REAL_BOOK = "Goodfellow, I., Bengio, Y., & Courville, A. (2016). Deep learning. MIT Press. ISBN 978-0-262-03561-3"
INVENTED_DOI = ("Okafor, L., & Brandt, M. (2021). Microplastic accumulation in alpine marmot populations. "
                "Journal of Alpine Ecology, 14(3), 201-219. https://doi.org/10.5555/jae.2021.0143")
BORROWED_DOI = ("Hinton, G., & Osei, K. (2015). Neural pathways of coral reef resilience. Nature, 521, 436-444. "
                "https://doi.org/10.1038/nature14539")
WRONG_YEAR = ("Jordan, D. C., & Kurtz, S. R. (2009). Photovoltaic degradation rates: An analytical review. "
              "Progress in Photovoltaics, 21(1), 12-29.")
INVENTED_BOOK = "Marlowe, P. (2019). The quiet ledger: Accounting ethics in small firms. Harborview Press. ISBN 978-1-4028-9462-7"
NEAR_MISS = ("Vaswani, A., & Lindqvist, H. (2019). Attention is all you need for protein folding. "
             "Journal of Computational Biology, 26(4), 311-325.")


def _document(*entries: str) -> str:
    body = " ".join(f"Claim {n} [{n}]." for n in range(1, len(entries) + 1))
    refs = "\n\n".join(f"[{n}] {e}" for n, e in enumerate(entries, 1))
    return f"# Review\n\n{body}\n\n## References\n\n{refs}\n"


@pytest.fixture
def standin():
    records = {
        "crossref": {"works": json.loads((DATA / "crossref_works.json").read_text(encoding="utf-8"))},
        "openalex": {"works": json.loads((DATA / "openalex_works.json").read_text(encoding="utf-8"))},
    }
    with ScholarlyStandIn(records) as server:
        yield server


def _scan(tmp_path, text, standin=None, *, crossref=None, openalex=None, cache_dir=None, rules=None, select=None):
    root = tmp_path / "doc"
    root.mkdir(exist_ok=True)
    (root / "refs.md").write_text(text, encoding="utf-8")
    settings = {
        "online": True, "mailto": MAILTO,
        "crossref_url": crossref if crossref is not None else standin.url("crossref"),
        "openalex_url": openalex if openalex is not None else standin.url("openalex"),
    }
    if cache_dir is None:
        settings["no_cache"] = True
    config = Config(select=select or ["unverified-reference", "reference-mismatch", "invalid-isbn"],
                    respect_gitignore=False, settings=settings, cache_dir=str(cache_dir) if cache_dir else None)
    config.rules.update(rules or {"AIS223": {"retries": 2}})
    return scan([root], config, jobs=1)


def _by_rule(result, name):
    return [f for f in result.findings if f.rule.name == name]


def _references(result):
    return [entry for r in result.files for entry in (r.references or [])]


@pytest.fixture
def outbound(monkeypatch):
    """Host lookups other than this machine are recorded and refused."""
    attempts: list[str] = []
    original = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if not str(host).startswith(("127.", "localhost", "::1")):
            attempts.append(str(host))
            raise OSError(f"outbound network access to {host}")
        return original(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return attempts


def test_real_article_by_doi_is_verified(tmp_path, standin, outbound):
    result = _scan(tmp_path, _document(REAL_ARTICLE), standin,
                   select=["unverified-reference", "reference-mismatch", "broken-link"])
    assert not result.findings
    [entry] = _references(result)
    assert entry["verdict"] == "verified"
    assert entry["matched"]["source"] == "Crossref" and entry["matched"]["doi"] == "10.1038/nature14539"
    assert entry["parsed"]["authors"] == ["LeCun", "Bengio", "Hinton"] and entry["parsed"]["year"] == "2015"
    assert [r.path for r in standin.requests] == ["/works/10.1038/nature14539"]
    # broken-link leaves the DOI the reference check looked up alone: doi.org is never asked.
    assert outbound == []


def test_paper_without_doi_found_only_by_openalex_search(tmp_path, standin):
    result = _scan(tmp_path, _document(NO_DOI_PAPER), standin)
    assert not result.findings
    [entry] = _references(result)
    assert entry["verdict"] == "verified" and entry["matched"]["source"] == "OpenAlex"
    assert entry["searched"] == ["Crossref search", "OpenAlex search"]
    crossref_search = standin.of("crossref")[0]
    assert crossref_search.path == "/works" and "Attention is all you need" in crossref_search.query["query.bibliographic"]


def test_real_book_with_valid_isbn_is_verified(tmp_path, standin):
    result = _scan(tmp_path, _document(REAL_BOOK), standin)
    assert not result.findings  # no invalid-isbn; the 2015 "Deep learning" article by LeCun is not taken for it
    [entry] = _references(result)
    assert entry["verdict"] == "verified" and entry["matched"]["first_author"] == "Goodfellow"
    assert entry["parsed"]["isbn"] == "978-0-262-03561-3"


def test_invented_article_with_unregistered_doi(tmp_path, standin):
    result = _scan(tmp_path, _document(INVENTED_DOI), standin)
    [finding] = result.findings
    assert finding.rule.name == "unverified-reference"
    assert "DOI 10.5555/jae.2021.0143 is not registered" in finding.message
    assert 'Nearest: "Microplastics in the marine environment" (Andrady, 2011' in finding.message
    assert finding.effective_confidence == pytest.approx(0.8)
    assert finding.line == 7


def test_invented_title_on_a_real_doi_is_a_mismatch(tmp_path, standin):
    result = _scan(tmp_path, _document(BORROWED_DOI), standin)
    [finding] = result.findings
    assert finding.rule.name == "reference-mismatch"
    assert 'the DOI belongs to another title: "Deep learning"' in finding.message
    assert 'Registered: "Deep learning" (LeCun et al., 2015, Nature, doi:10.1038/nature14539)' in finding.message


def test_real_paper_with_wrong_year_is_a_mismatch(tmp_path, standin):
    result = _scan(tmp_path, _document(WRONG_YEAR), standin)
    [finding] = result.findings
    assert finding.rule.name == "reference-mismatch"
    assert "the year is 2012, not 2009" in finding.message
    assert "doi:10.1002/pip.1182" in finding.message  # the fix is a copy-paste


def test_year_off_by_one_is_online_first_versus_print(tmp_path, standin):
    result = _scan(tmp_path, _document(WRONG_YEAR.replace("2009", "2013")), standin)
    assert not result.findings
    assert _references(result)[0]["verdict"] == "verified"


def test_invented_book_with_bad_isbn(tmp_path, standin):
    result = _scan(tmp_path, _document(INVENTED_BOOK), standin)
    assert sorted(f.rule.name for f in result.findings) == ["invalid-isbn", "unverified-reference"]
    [isbn] = _by_rule(result, "invalid-isbn")
    assert "check digit should be 6, not 7" in isbn.message
    [unverified] = _by_rule(result, "unverified-reference")
    assert "DOI" not in unverified.message.split("source knows")[0]
    assert 'Nearest: "Accounting Ethics" (Duska et al., 2011)' in unverified.message


def test_near_miss_search_results_name_the_closest_title(tmp_path, standin):
    result = _scan(tmp_path, _document(NEAR_MISS), standin)
    [finding] = result.findings
    assert finding.rule.name == "unverified-reference"
    assert 'Nearest: "Attention Is All You Need" (Vaswani et al., 2017' in finding.message
    assert "searched Crossref search, OpenAlex search" in finding.message
    [entry] = _references(result)
    assert entry["verdict"] == "unverified" and entry["nearest"]["title"] == "Attention Is All You Need"


def test_every_request_carries_the_mailto(tmp_path, standin):
    _scan(tmp_path, _document(REAL_ARTICLE, NO_DOI_PAPER, INVENTED_DOI, NEAR_MISS), standin)
    crossref, openalex = standin.of("crossref"), standin.of("openalex")
    assert crossref and openalex
    for request in crossref:
        assert request.query.get("mailto") == MAILTO
        assert f"mailto:{MAILTO})" in request.headers["User-Agent"]
    for request in openalex:
        assert request.query.get("mailto") == MAILTO


def test_429_with_retry_after_is_waited_for_and_retried(tmp_path, standin):
    standin.throttle["crossref"] = 1
    standin.retry_after = "1"
    started = time.monotonic()
    result = _scan(tmp_path, _document(REAL_ARTICLE), standin)
    assert time.monotonic() - started >= 1.0
    assert not result.findings and _references(result)[0]["verdict"] == "verified"
    assert [r.path for r in standin.of("crossref")] == ["/works/10.1038/nature14539"] * 2


def test_a_source_that_is_down_gives_a_note_and_no_verdict(tmp_path, standin):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = _scan(tmp_path, _document(INVENTED_DOI, NEAR_MISS), standin, crossref=down)
    assert not result.findings, "an unreachable source must never produce unverified-reference"
    assert [e["verdict"] for e in _references(result)] == ["unchecked", "unchecked"]
    assert any("Crossref could not be reached; 2 reference(s) in refs.md got no verdict" in n for n in result.notes)


def test_a_failing_source_is_retried_then_counts_as_unreachable(tmp_path, standin):
    standin.failing.add("openalex")
    result = _scan(tmp_path, _document(INVENTED_DOI, REAL_ARTICLE), standin, rules={"AIS223": {"retries": 1}})
    assert not result.findings  # the real article is verified by Crossref alone; the invented one gets no verdict
    assert [e["verdict"] for e in _references(result)] == ["unchecked", "verified"]
    assert len([r for r in standin.of("openalex") if r.path.startswith("/works/https://doi.org/10.5555")]) == 2


def test_a_source_switched_off_is_never_asked(tmp_path, standin):
    result = _scan(tmp_path, _document(INVENTED_DOI), standin, openalex="")
    assert not standin.of("openalex")
    [finding] = result.findings
    assert finding.rule.name == "unverified-reference" and "OpenAlex" not in finding.message
    assert finding.effective_confidence == pytest.approx(0.7)  # one source's silence is weaker evidence


def test_answers_are_cached_on_disk_hits_for_weeks_misses_for_a_day(tmp_path, standin):
    cache = tmp_path / "cache"
    text = _document(REAL_ARTICLE, INVENTED_DOI)
    first = _scan(tmp_path, text, standin, cache_dir=cache)
    sent = len(standin.requests)
    again = _scan(tmp_path, text, standin, cache_dir=cache)
    assert len(standin.requests) == sent, "everything came from the cache"
    assert [f.message for f in again.findings] == [f.message for f in first.findings]

    def age(days):
        for entry in (cache / "scholarly").glob("*.json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            data["stored"] -= days * 86400
            entry.write_text(json.dumps(data), encoding="utf-8")

    age(2)  # misses (the unregistered DOI, empty searches) expire after a day; the hit does not
    _scan(tmp_path, text, standin, cache_dir=cache)
    asked = [r.path for r in standin.requests[sent:]]
    assert "/works/10.5555/jae.2021.0143" in asked and "/works/10.1038/nature14539" not in asked
    sent = len(standin.requests)
    age(27)  # the hit is now 29 days old
    _scan(tmp_path, text, standin, cache_dir=cache)
    assert "/works/10.1038/nature14539" in [r.path for r in standin.requests[sent:]]


def test_cli_reads_the_config_keys_and_writes_a_references_block(tmp_path, standin):
    from typer.testing import CliRunner

    from aislop.cli import app

    (tmp_path / "refs.md").write_text(_document(REAL_ARTICLE, BORROWED_DOI), encoding="utf-8")
    (tmp_path / "aislop.toml").write_text(
        f'select = ["hallucination"]\ncrossref-url = "{standin.url("crossref")}"\nopenalex-url = ""\n'
        f'mailto = "{MAILTO}"\n', encoding="utf-8")
    run = CliRunner().invoke(app, ["scan", str(tmp_path), "--online", "--no-cache", "--format", "json"])
    data = json.loads(run.stdout)
    [file] = [f for f in data["files"] if f["path"] == "refs.md"]
    assert [e["verdict"] for e in file["references"]] == ["verified", "mismatch"]
    assert file["references"][1]["matched"]["title"] == "Deep learning"
    assert [f["name"] for f in data["findings"] if f["name"] in ("reference-mismatch", "unverified-reference")] == [
        "reference-mismatch"]
    assert standin.requests and not standin.of("openalex")
    assert all(r.query["mailto"] == MAILTO for r in standin.requests)


def test_offline_scan_has_no_references_block_and_only_identifier_rules(tmp_path):
    root = tmp_path / "doc"
    root.mkdir()
    (root / "refs.md").write_text(_document(INVENTED_DOI, BORROWED_DOI, INVENTED_BOOK), encoding="utf-8")
    result = scan([root], Config(respect_gitignore=False, settings={"no_cache": True}), jobs=1)
    names = {f.rule.name for f in result.findings}
    assert "invalid-isbn" in names
    assert not names & {"unverified-reference", "reference-mismatch", "broken-link"}
    assert all(r.references is None for r in result.files)


def test_html_ordered_reference_list_is_looked_up(tmp_path, standin):
    root = tmp_path / "doc"
    root.mkdir()
    (root / "page.html").write_text(
        "<html><body><p>Deep nets learn features<sup>[1]</sup>; reefs recover slowly<sup>[2]</sup>.</p>"
        "<h2>References</h2><ol>"
        f"<li>{REAL_ARTICLE}</li><li>{BORROWED_DOI.replace('&', '&amp;')}</li></ol></body></html>\n",
        encoding="utf-8")
    settings = {"online": True, "mailto": MAILTO, "no_cache": True,
                "crossref_url": standin.url("crossref"), "openalex_url": standin.url("openalex")}
    result = scan([root], Config(select=["unverified-reference", "reference-mismatch"], respect_gitignore=False,
                                 settings=settings), jobs=1)
    assert [e["verdict"] for e in _references(result)] == ["verified", "mismatch"]
    assert [f.rule.name for f in result.findings] == ["reference-mismatch"]
    assert _references(result)[1]["parsed"]["authors"] == ["Hinton", "Osei"]

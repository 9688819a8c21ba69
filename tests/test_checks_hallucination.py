"""Tests of the hallucination family (AIS2xx) beyond the rules' own examples."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from pathlib import Path

import pytest

from aislop.checks.hallucination import links as hallucination_links
from aislop.config import Config
from aislop.engine import scan
from aislop.testing import scan_text


def names(text: str, path: str = "doc.md", select: str = "hallucination") -> list[tuple[str, int]]:
    return sorted((f.rule.name, f.line) for f in scan_text(text, path, select=[select]))


def only(rule: str, text: str, path: str = "doc.md") -> list[int]:
    return [line for name, line in names(text, path) if name == rule]


# ---------------------------------------------------------------------------- chat-leftover
@pytest.mark.parametrize(
    "text",
    [
        "Certainly! Here is a revised version of your bio:\n\nJane Doe is a designer.\n",
        "# Post\n\nBody text here.\n\nWould you like me to add a call to action at the end?\n",
        "# Post\n\nBody.\n\nFeel free to tweak the wording so it matches your brand voice.\n",
        "# Post\n\nBody.\n\nIf you'd like, I can also create a shorter version for LinkedIn.\n",
    ],
)
def test_chat_leftover_fires(text):
    assert only("chat-leftover", text)


@pytest.mark.parametrize(
    "text",
    [
        "# Novel\n\n\u201cSure! Here's the money,\u201d he said. \u201cLet me know if you'd like me to count it.\u201d\n",
        "# Plumbing\n\nFeel free to call us, and let me know if you have any questions.\n",
        "# Tips\n\nHere are some tips for new gardeners:\n\n- Water early.\n",
        "# Email\n\nHi team,\n\nI hope this helps everyone plan the move. The office opens at 9.\n",
        "> Sure! Here's the draft you wanted, wrote the editor in 1998.\n",
    ],
)
def test_chat_leftover_stays_quiet(text):
    assert not only("chat-leftover", text)


def test_chat_leftover_one_finding_per_paragraph():
    text = "# T\n\nBody.\n\nI hope this helps! Let me know if you'd like me to adjust the tone for your audience.\n"
    assert only("chat-leftover", text) == [5]


def test_chat_leftover_in_python_comments_and_docstrings():
    code = (
        '"""Sure! Here\'s the updated module with error handling:"""\n\n'
        "def f(x):\n"
        "    # Let me know if you'd like me to add type hints.\n"
        "    return x\n\n"
        "GREETING = \"Sure! Here's your ticket\"  # plain data, not chatter\n"
    )
    assert only("chat-leftover", code, "mod.py") == [1, 4]


# ---------------------------------------------------------------------------- ai-disclosure
def test_ai_disclosure_one_per_sentence_and_in_note_boxes():
    text = "# Tools\n\n> **Note:** As an AI, I can't browse the web, so check the prices.\n"
    assert only("ai-disclosure", text) == [3]


@pytest.mark.parametrize(
    "text",
    [
        "# Update\n\nAs of my last knowledge update in 2023, the rate was 5%.\n",
        "# Update\n\nI don't have access to real-time data, but prices usually rise in spring.\n",
        "# Update\n\nI'm just an AI, so please verify these dates.\n",
    ],
)
def test_ai_disclosure_fires(text):
    assert only("ai-disclosure", text)


def test_ai_disclosure_skips_code():
    text = "# Filter\n\n```python\nif 'As an AI language model' in reply:\n    retry()\n```\n"
    assert not only("ai-disclosure", text)


# ---------------------------------------------------------------------------- citation-artifact
@pytest.mark.parametrize(
    "text",
    [
        "# A\n\nRevenue rose 4% in 2023.\u30104\u2020L1-L5\u3011\n",
        "# A\n\nRevenue rose in 2023 [cite: 4].\n",
        "# A\n\nRevenue rose in 2023. \ue200cite\ue202turn0search0\ue201\n",
    ],
)
def test_citation_artifact_fires(text):
    assert only("citation-artifact", text)


def test_citation_artifact_in_code_comment():
    code = "# Source: oaicite:3 (see chat)\nRATE = 0.2\n"
    assert only("citation-artifact", code, "rates.py") == [1]


def test_code_comment_on_last_line_without_final_newline():
    # tokenize reports the end of such a file on a line past the last one.
    assert only("citation-artifact", "RATE = 0.2  # Source: oaicite:3", "rates.py") == [1]


# ---------------------------------------------------------------------------- placeholder-text
@pytest.mark.parametrize(
    "snippet",
    ["[Your Name]", "[Insert testimonial here]", "<CLIENT>", "{{ company }}", "2025-XX-XX", "XX%", "[Client Name]"],
)
def test_placeholder_fires(snippet):
    assert only("placeholder-text", f"# Letter\n\nSigned {snippet} on behalf of the team.\n")


@pytest.mark.parametrize(
    "text",
    [
        "# Tasks\n\n- [ ] write intro\n- [x] outline\n",
        "# Git\n\nUse `git checkout <commit>` and press <TAB> to complete; {{< figure >}} is a Hugo shortcode.\n",
        "# Build\n\n```\nTBD=1 make\n```\n\nThe quote reads \u201cwe were [sic] late\u201d.\n",
        "# Site\n\nWelcome {{ site.title }} readers.\n",
    ],
)
def test_placeholder_stays_quiet(text):
    assert not only("placeholder-text", text)


# ---------------------------------------------------------------------------- citations
REFS = (
    "\n\n## References\n\n"
    "[1] Caldeira, K., & Wickett, M. E. (2003). Anthropogenic carbon and ocean pH. Nature, 425, 365.\n\n"
    "[2] Orr, J. C., et al. (2005). Anthropogenic ocean acidification. Nature, 437, 681-686.\n"
)


@pytest.mark.parametrize(
    ("body", "dangling"),
    [
        ("pH fell [1] and will fall [2].", []),
        ("pH fell [1, 2].", []),
        ("pH fell [1-2].", []),
        ("pH fell [1\u20133].", [3]),
        ("pH fell [3].", [3]),
        ("pH fell.[^x]", [3]),
        ("Read arr[1] and x[2]; see [0] and the [sic] note.", []),
        ("pH fell (Caldeira & Wickett, 2003) and (Orr et al., 2005).", []),
        ("pH fell (Caldeira & Wickett, 2004).", [3]),
        ("pH fell (Smith, 2019; Orr et al., 2005).", [3]),
        ("As Caldeira and Wickett (2003) showed, pH fell [2].", []),
        ("The law passed (March, 2019) and Windows (2000) shipped [1] [2].", []),
    ],
)
def test_dangling_citations(body, dangling):
    assert only("dangling-citation", f"# Oceans\n\n{body}{REFS}") == dangling


def test_footnotes_resolve_and_orphan_footnotes_are_reported():
    text = "# Notes\n\nA claim.[^1] Another.[^src]\n\n[^1]: First source.\n[^src]: Second.\n[^old]: Unused.\n"
    assert only("dangling-citation", text) == []
    assert only("orphan-reference", text) == [7]


def test_ordered_reference_list_and_orphans():
    text = "# Essay\n\nClaim [1] and claim [3].\n\n## Sources\n\n1. First, A. (2001). One.\n2. Second, B. (2002). Two.\n3. Third, C. (2003). Three.\n"
    assert only("dangling-citation", text) == []
    assert only("orphan-reference", text) == [8]


def test_no_orphans_without_in_text_citations():
    text = "# Reading\n\nGood books.\n\n## Bibliography\n\n- Keegan, J. (1989). The Second World War.\n"
    assert not only("orphan-reference", text)


def test_reference_style_links_are_not_citations():
    text = "# Links\n\nSee [the docs][1] and [2] below.\n\n[1]: https://docs.python.org\n[2]: https://peps.python.org\n"
    assert not only("dangling-citation", text)
    assert not only("orphan-reference", text)


def test_empty_sources_variants():
    assert only("empty-sources", "# T\n\nText.\n\n## Works Cited\n") == [5]
    assert only("empty-sources", "# T\n\nText.\n\n**References:**\n\n## Next\n\nMore.\n") == [5]
    assert not only("empty-sources", "# T\n\nText.\n\n## Sources\n\n- <https://www.dsireusa.org>\n")


def test_citation_needed_is_dangling():
    assert only("dangling-citation", "# T\n\nIt is the oldest bridge [citation needed].\n") == [3]


# ---------------------------------------------------------------------------- statistics and attribution
@pytest.mark.parametrize(
    "sentence",
    [
        "Research shows that 73% of buyers read reviews first.",
        "According to a leading university study, remote teams are 3.4 times more productive.",
        "It is estimated that 1 in 5 adults will change careers.",
        "Experts say the market will reach $2.1 billion by 2030.",
    ],
)
def test_unsourced_statistic_fires(sentence):
    assert only("unsourced-statistic", f"# Market\n\n{sentence}\n") == [3]


@pytest.mark.parametrize(
    "sentence",
    [
        "Research shows that 73% of buyers read reviews first [1].",
        "We surveyed 300 clients and 73% of them said they read reviews first.",
        "A 2022 study by the Pew Research Center found that 73% of adults read reviews.",
        "Sales grew 12% this quarter, the best result in three years.",
        "Studies show that 73% of buyers read reviews (see [the report](https://www.pewresearch.org/r)).",
    ],
)
def test_unsourced_statistic_stays_quiet(sentence):
    refs = "\n\n## References\n\n[1] Pew Research Center. (2022). Online reviews.\n"
    assert not only("unsourced-statistic", f"# Market\n\n{sentence}{refs if '[1]' in sentence else ''}\n")


def test_statistic_and_attribution_not_reported_twice():
    found = names("# M\n\nStudies show that 60% of small firms close after an attack.\n")
    assert found == [("unsourced-statistic", 3)]


def test_resolved_citation_in_paragraph_sources_the_claim():
    text = "# M\n\nExperts agree protein needs rise with age. Intake of 1.2 g/kg helps [1].\n\n## References\n\n[1] Bauer, J. (2013). Protein. JAMDA, 14, 542.\n"
    assert not only("vague-attribution", text)


def test_dangling_citation_does_not_source_a_claim():
    text = "# M\n\nExperts agree protein needs rise with age (Lee et al., 2021).\n"
    assert only("dangling-citation", text) == [3]
    text = "# M\n\nExperts agree protein needs rise with age. Lee found it too (Lee et al., 2021).\n"
    assert only("vague-attribution", text) == [3]


# ---------------------------------------------------------------------------- DOIs and addresses
@pytest.mark.parametrize(
    ("doi", "valid"),
    [
        ("doi:10.1038/nature01234", True),
        ("https://doi.org/10.1016/j.pmedr.2018.10.003", True),
        ("DOI: 10.1000/182.", True),
        ("doi:10.1038.425365a", False),
        ("doi: 10.12/abc", False),
        ("https://doi.org/11.1000/xyz", False),
        ("[link](https://dx.doi.org/10.123/x)", False),
    ],
)
def test_invalid_doi(doi, valid):
    assert bool(only("invalid-doi", f"# Refs\n\nSmith, J. (2020). A study. {doi}\n")) is not valid


def test_doi_in_code_is_ignored():
    assert not only("invalid-doi", "# Refs\n\nUse `doi:10.12/abc` as the bad example.\n")


@pytest.mark.parametrize(
    "text",
    [
        "Email us at hello@yourcompany.com.",
        "Visit [our site](https://www.example.org/about).",
        "Book a call: http://localhost:3000/book",
        "See www.[website].com for more.",
    ],
)
def test_placeholder_url_fires(text):
    assert only("placeholder-url", f"# Contact\n\n{text}\n") == [3]


def test_placeholder_addresses_in_text_are_found_on_hinted_lines_as_in_the_whole_text():
    """placeholder-url scans only the lines holding a hint ("example.", "].", "your...") with
    its slow pattern; it finds what a scan of the whole text finds, at the first and last line
    and beside a word it must not run into."""
    from aislop.checks.hallucination import placeholder_url as rule

    texts = [
        "hello@yourcompany.com first\nplain line\nsee www.[website].com and x.example.org.\nend: sales@example.net",
        "[1]. A study.\nno.example.company here\nyourwebsite.co",
        "xexample.com is not one; a.b.example.edu is\n\n[Your Company].io",
        "nothing to see here\n" * 20 + "[site name].com",
        "",
    ]
    for text in texts:
        whole = [m.span() for m in rule._PLACEHOLDER_IN_TEXT.finditer(text)]
        assert [m.span() for m in rule._placeholders_in_text(text)] == whole
    assert sum(1 for text in texts for _ in rule._placeholders_in_text(text)) >= 8


def test_placeholder_url_in_code_strings_only_outside_tests():
    code = '"""Client for https://api.example.com (docstring)."""\nURL = "https://api.example.com/v2"\n'
    assert only("placeholder-url", code, "client.py") == [2]
    assert not only("placeholder-url", code, "tests/test_client.py")


# ---------------------------------------------------------------------------- broken-link (local server only)
@pytest.fixture
def server():
    """127.0.0.1 server: /ok 200, /gone 404, /nohead 405 on HEAD but 200 on GET, /slow sleeps, /error 500."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, method):
            hits.append(f"{method} {self.path}")
            if self.path == "/slow":
                time.sleep(1.5)
            code = {"/gone": 404, "/error": 500}.get(self.path, 200)
            if self.path == "/nohead" and method == "HEAD":
                code = 405
            self.send_response(code)
            self.end_headers()

        def do_HEAD(self):  # noqa: N802
            self._answer("HEAD")

        def do_GET(self):  # noqa: N802
            self._answer("GET")

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    hallucination_links.LinkChecker._memo.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    hallucination_links.LinkChecker._memo.clear()


def scan_online(tmp_path: Path, text: str, online: bool = True, **options):
    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    config = Config(select=["broken-link"], respect_gitignore=False, cache_dir=str(tmp_path / "cache"))
    config.settings["online"] = online
    if options:
        config.rules["broken-link"] = options
    return scan([tmp_path], config, jobs=1)


def test_broken_link_reports_dead_links_only(tmp_path, server):
    base, hits = server
    text = f"# Links\n\n- [ok]({base}/ok)\n- [gone]({base}/gone)\n- {base}/nohead\n- <{base}/error>\n"
    result = scan_online(tmp_path, text)
    by_line = {f.line: f for f in result.findings}
    assert sorted(by_line) == [4, 6]
    assert by_line[4].effective_severity.value == "warning" and "HTTP 404" in by_line[4].message
    assert by_line[6].effective_severity.value == "info" and by_line[6].message.startswith("Could not check")
    assert "GET /nohead" in hits
    assert any("could not be checked" in note for note in result.notes)


def test_broken_link_is_off_without_online(tmp_path, server):
    base, hits = server
    assert not scan_online(tmp_path, f"# L\n\nSee {base}/gone now.\n", online=False).findings
    assert hits == []


def test_broken_link_timeout_is_an_honest_could_not_check(tmp_path, server):
    base, _ = server
    result = scan_online(tmp_path, f"# L\n\nSee {base}/slow now.\n", timeout=0.3)
    assert [f.effective_severity.value for f in result.findings] == ["info"]


def test_broken_link_unreachable_host_is_could_not_check(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    hallucination_links.LinkChecker._memo.clear()
    result = scan_online(tmp_path, f"# L\n\nSee http://127.0.0.1:{port}/page now.\n")
    assert [f.effective_severity.value for f in result.findings] == ["info"]


def test_link_cache_round_trip(tmp_path):
    checker = hallucination_links.LinkChecker(tmp_path, timeout=1, concurrency=2)
    url = "https://docs.python.org/3/nothing-here"
    checker._store(url, hallucination_links.LinkStatus("broken", "HTTP 404"))
    fresh = hallucination_links.LinkChecker(tmp_path, timeout=1, concurrency=2)
    assert fresh._cached(url) == hallucination_links.LinkStatus("broken", "HTTP 404")
    fresh._store("https://a.org/x", hallucination_links.LinkStatus("unknown", "timed out"))
    assert fresh._cached("https://a.org/x") is None  # could-not-check answers are never cached


def test_link_targets_include_dois_and_skip_placeholders(tmp_path):
    from aislop.loaders import load

    path = tmp_path / "refs.md"
    path.write_text(
        "# R\n\nJordan (2013). doi:10.1002/pip.1182 and https://example.com/x and https://www.dsireusa.org\n",
        encoding="utf-8",
    )
    (doc,) = load(path, "refs.md")
    urls = [url for _, _, url in hallucination_links.link_targets(doc)]
    assert urls == ["https://www.dsireusa.org", "https://doi.org/10.1002/pip.1182"]


# ---------------------------------------------------------------------------- fixtures
def scan_fixtures(fixtures: Path) -> dict[str, list[tuple[str, int]]]:
    result = scan([fixtures / "hallucination"], Config(select=["hallucination"], respect_gitignore=False), jobs=1)
    found: dict[str, list[tuple[str, int]]] = {}
    for f in result.findings:
        found.setdefault(f.path, []).append((f.rule.name, f.line))
    return {path: sorted(items) for path, items in found.items()}


def test_fixture_deliverables(fixtures):
    found = scan_fixtures(fixtures)
    assert "clean_report.md" not in found
    assert found["messy_deliverable.md"] == [
        ("ai-disclosure", 10),
        ("chat-leftover", 1),
        ("dangling-citation", 6),
        ("dangling-citation", 12),
        ("empty-sources", 14),
        ("invalid-doi", 12),
        ("placeholder-text", 8),
        ("placeholder-text", 8),
        ("placeholder-url", 12),
        ("unsourced-statistic", 5),
    ]
    assert found["client.py"] == [("chat-leftover", 1), ("citation-artifact", 9), ("placeholder-url", 5)]


@pytest.mark.parametrize(
    "text",
    [
        "Absolutely \u2014 here's a revised version with a warmer tone:\n\n# Bio\n\nJane designs.\n",
        "Okay, here's a draft email you can send to your team:\n\nHi all,\n",
        "# Bio\n\nJane designs.\n\nWould you like a shorter version?\n",
    ],
)
def test_chat_leftover_variants(text):
    assert only("chat-leftover", text)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm not able to access real-time information, so check the prices.",
        "I do not have browsing capabilities.",
        "My training data only goes up to 2023.",
    ],
)
def test_ai_disclosure_variants(sentence):
    assert only("ai-disclosure", f"# Note\n\n{sentence}\n") == [3]


def test_cover_letter_and_shop_copy_are_not_chatter():
    letter = "# Letter\n\nI would be happy to discuss my portfolio. Please let me know if you have any questions. I hope this helps you get a sense of my work.\n"
    shop = "# Pizza\n\nFeel free to customize your order: swap toppings or change the crust.\n"
    assert not only("chat-leftover", letter)
    assert not only("chat-leftover", shop)


@pytest.mark.parametrize(
    "text",
    [
        "Reported by jch@example.com and fixed in 2.3.",
        "Set url.https://a.example.com.insteadOf to rewrite the URL, e.g. https://b.example.com.",
        "The parser now accepts http://localhost/foo/bar?123 as a base URL.",
        'Contact "joe@example.com" is the sample address used throughout the manual.',
    ],
)
def test_example_domains_in_technical_writing_are_fine(text):
    assert not only("placeholder-url", f"# Notes\n\n{text}\n")


def test_example_email_in_a_call_to_action_is_flagged():
    assert only("placeholder-url", "# Contact\n\nEmail us at hello@example.com to book a visit.\n") == [3]


@pytest.mark.parametrize(
    "text",
    [
        "Conversion from uchar[20] to struct object_id continues; see git[1] and buf[6].",
        "Update build for Cygwin 1.[57] and sys.exc_info()[1].",
        "Retry on BROKEN_RESPONSES = [502] and the [02] track; use HEAD^0 or commit^2.",
        'The "uchar [40]" to "struct object_id" conversion continues; [^a-z] is a pattern.',
    ],
)
def test_brackets_in_technical_text_are_not_citations(text):
    assert not only("dangling-citation", f"# Release notes\n\n{text}\n")


def test_license_template_lines_are_not_placeholders():
    text = "# License\n\nCopyright [yyyy] [name of copyright owner]\n\nSee [URL] for details.\n\n[URL]: https://url.spec.whatwg.org/\n"
    assert not only("placeholder-text", text)


# ---------------------------------------------------------------------- probe set (generalisation)
PROBE = Path(__file__).resolve().parents[1] / "fixtures" / "hallucination" / "probe"


def _probe_findings(folder: Path):
    result = scan([folder], Config(settings={"no_cache": True}, select=["hallucination"]), jobs=1)
    return result.findings


def test_probe_set_recall_of_planted_markers():
    """Documents written outside the dev corpus: a marker counts as found when a finding of its
    rule sits on its line +-1 (each finding matches one marker). Measured 70/76 = 0.92."""
    import json

    labels = json.loads((PROBE / "labels.json").read_text())
    findings = _probe_findings(PROBE / "planted")
    used: set[int] = set()
    found = 0
    for path, markers in sorted(labels.items()):
        for marker in markers:
            for i, f in enumerate(findings):
                if i not in used and f.path == path and f.rule.name == marker["rule"] and abs(f.line - marker["line"]) <= 1:
                    used.add(i)
                    found += 1
                    break
    total = sum(len(m) for m in labels.values())
    assert found / total >= 0.9, f"{found}/{total}"


def test_probe_set_clean_documents_get_no_finding():
    findings = _probe_findings(PROBE / "clean")
    assert [(f.path, f.line, f.rule.name) for f in findings] == []

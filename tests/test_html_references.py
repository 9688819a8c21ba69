"""HTML character references are decoded before the checks read the text, while every
finding keeps its exact line and column in the file (issue 13)."""

from __future__ import annotations

from aislop.config import Config
from aislop.engine import scan
from aislop.loaders import load

WORDPRESS = (
    "<html><body>\n"
    "<p>Fees &amp; terms are below.</p>\n"
    "<p>Our team&nbsp;&mdash; five people &#8212; works remotely. In today&#8217;s fast-paced world, "
    "we reply within a day.</p>\n"
    "</body></html>\n"
)


def test_references_are_decoded_in_the_prose_view(tmp_path):
    (tmp_path / "post.html").write_text(WORDPRESS)
    (doc,) = load(tmp_path / "post.html", "post.html")
    assert "Fees & terms" in doc.text
    assert "In today\u2019s fast-paced world" in doc.text
    assert "team\u00a0\u2014 five people \u2014 works" in doc.text
    assert "&" not in doc.text.replace("Fees & terms", "")
    assert len(doc.text) == len(doc.source)  # checks read both with the same offsets


def test_finding_after_references_keeps_its_column_in_the_file(tmp_path):
    (tmp_path / "post.html").write_text(WORDPRESS)
    result = scan([tmp_path], Config(settings={"no_cache": True}), jobs=1)
    (stock,) = [f for f in result.findings if f.rule.name == "stock-phrase"]
    assert stock.matched == "In today\u2019s fast-paced world"
    line = WORDPRESS.splitlines()[stock.line - 1]
    assert stock.line == 3
    assert line[stock.column - 1 :].startswith("In today&#8217;s fast-paced world")
    assert line[stock.end_column - 1 :].startswith(", we reply")


def test_markup_references_do_not_become_tags_and_urls_stay_written(tmp_path):
    (tmp_path / "a.html").write_text(
        "<p>Use &lt;b&gt; for bold. See example.com/?a=1&copy=2 &#10; and &bogus; here.</p>\n"
    )
    (doc,) = load(tmp_path / "a.html", "a.html")
    assert "Use <b> for bold." in doc.text
    assert "&copy=2" in doc.text and "&bogus;" in doc.text
    assert doc.text.count("\n") == 1  # &#10; never makes a new line
    (block,) = doc.blocks
    assert doc.text[block.start : block.end].startswith("Use <b>")
    assert doc.text[block.start : block.end].endswith("here.")

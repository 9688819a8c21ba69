"""``--format html``: one self-contained page an editor can open, share and sort.

Everything is inline — styles, the sorting script, SVG charts, image thumbnails as data
URIs — and a Content-Security-Policy forbids the page from fetching anything, so the report
works offline and leaks nothing when opened. Scanned text is always HTML-escaped.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from html import escape
from pathlib import Path

from aislop.loaders import embedded
from aislop.model import Finding
from aislop.reporters import FIX_FIRST, Report, by_file, headline, where

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".rst", ".html", ".htm", ".py"}
CONTEXT_LINES = 1
MAX_SPAN_LINES = 8
MAX_LINE_CHARS = 240
THUMB_PX = 160
MAX_THUMB_SOURCE = 20 * 2**20
FAMILY_COLOR = {
    "prose": "#6f42c1",
    "hallucination": "#d73a49",
    "code": "#0366d6",
    "image": "#e36209",
    "internal": "#6a737d",
}
VERDICT_TEXT = {
    "blocked": "Blocked: fix the errors below before delivery",
    "needs-work": "Needs work: worth a pass before delivery",
    "ready": "Ready: nothing stands in the way of delivery",
    "nothing-scanned": "Nothing scanned: no file here is one aislop reads",
}

CSS = """
:root{--fg:#1f2328;--muted:#656d76;--bg:#fff;--line:#d0d7de;--soft:#f6f8fa;--mark:#fff1a8}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;
max-width:1100px;padding:24px}
h1{margin:0 0 12px;font-size:26px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 6px}
.verdict{padding:14px 18px;border-radius:8px;color:#fff;font-size:17px}
.verdict strong{font-size:20px;margin-right:8px}
.verdict-blocked{background:#b31d28}.verdict-needs-work{background:#9a6700}.verdict-ready{background:#1a7f37}.verdict-nothing-scanned{background:#b31d28}
.notes{color:var(--muted);font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{flex:1 1 420px;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}th[data-key]{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.sev-error{background:#cf222e}.sev-warning{background:#bf8700}.sev-info{background:#0969da}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.finding{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.finding .fix{color:var(--muted)}
pre.context{background:var(--soft);padding:6px 0;overflow-x:auto;margin:6px 0}
pre.context span.ln{display:inline-block;width:4.5em;padding-right:8px;text-align:right;color:var(--muted);user-select:none}
pre.context .hit{background:#fff8c5}
mark{background:var(--mark);outline:1px solid #d4a72c;border-radius:2px}
img.thumb{max-width:160px;max-height:160px;border:1px solid var(--line);background:
repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px;margin:4px 0}
a{color:#0969da}
"""

SCRIPT = """
(function(){
  function sortBy(th, ascending){
    var table = th.closest('table'), body = table.tBodies[0], key = th.dataset.key;
    var numeric = th.dataset.type === 'num';
    table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      var x = a.dataset[key], y = b.dataset[key];
      var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      if (!ascending) c = -c;
      return c || parseFloat(a.dataset.rank) - parseFloat(b.dataset.rank);
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th[data-key]').forEach(function(th){
    th.addEventListener('click', function(){ sortBy(th, th.getAttribute('aria-sort') !== 'ascending'); });
  });
  var m = /sort=(-?)(\\w+)/.exec(location.hash);
  if (m) {
    var th = document.querySelector('table.sortable th[data-key="' + m[2] + '"]');
    if (th) sortBy(th, m[1] !== '-');
  }
  document.body.dataset.sortable = 'ready';
  window.addEventListener('load', function(){
    var broken = Array.prototype.filter.call(document.images, function(i){ return !i.naturalWidth; });
    document.body.dataset.brokenImages = String(broken.length);
  });
})();
"""


# ---------------------------------------------------------------- offending text in context
class SourceLines:
    """Lines of scanned text files, read once each, for showing findings in context."""

    def __init__(self, root: Path):
        self.root = root
        self._cache: dict[str, list[str] | None] = {}

    def get(self, relpath: str) -> list[str] | None:
        if relpath not in self._cache:
            self._cache[relpath] = self._read(relpath)
        return self._cache[relpath]

    def _read(self, relpath: str) -> list[str] | None:
        path = self.root / relpath
        if path.suffix.lower() not in TEXT_SUFFIXES:
            return None
        try:
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                text = handle.read()
        except OSError:
            return None
        return [line.removesuffix("\r") for line in text.split("\n")]


# After the fix advice of a finding that `aislop fix` can fix.
_FIXABLE_NOTE = {
    True: ' <span class="fixable">(<code>aislop fix</code> does this)</span>',
    "unsafe": ' <span class="fixable">(<code>aislop fix --unsafe</code> does this; check the result)</span>',
}


def _clip(line: str, start: int, end: int) -> tuple[str, int, int, str, str]:
    """Cut a long line to a window around [start, end): (text, start, end, prefix, suffix)."""
    if len(line) <= MAX_LINE_CHARS:
        return line, start, end, "", ""
    left = max(0, min(start - 60, len(line) - MAX_LINE_CHARS))
    right = min(len(line), max(left + MAX_LINE_CHARS, end))
    return line[left:right], start - left, end - left, "…" if left else "", "…" if right < len(line) else ""


def context_html(f: Finding, lines: list[str] | None) -> str:
    """The flagged line(s) with the matched span in <mark>, one line of context each side."""
    if lines is None or f.line is None or f.location or not 1 <= f.line <= len(lines):
        return ""
    last = min(f.end_line or f.line, len(lines))
    if last > f.line and f.end_column == 1:
        last -= 1  # the span ends at the start of the next line
    last = min(max(last, f.line), f.line + MAX_SPAN_LINES - 1)
    out = []
    for number in range(max(1, f.line - CONTEXT_LINES), min(len(lines), last + CONTEXT_LINES) + 1):
        line = lines[number - 1]
        hit = f.line <= number <= last
        if hit:
            start = (f.column or 1) - 1 if number == f.line else 0
            end = (f.end_column or len(line) + 1) - 1 if number == (f.end_line or f.line) else len(line)
            start, end = max(0, min(start, len(line))), max(0, min(end, len(line)))
            if end <= start and number == f.line and f.end_line == f.line:
                end = len(line)  # a zero-width span: show the whole line
            text, s, e, pre, post = _clip(line, start, end)
            body = f"{pre}{escape(text[:s])}<mark>{escape(text[s:e])}</mark>{escape(text[e:])}{post}"
        else:
            text, _, _, pre, post = _clip(line, 0, 0)
            body = f"{pre}{escape(text)}{post}"
        css = ' class="hit"' if hit else ""
        out.append(f'<span{css}><span class="ln">{number}</span>{body}</span>')
    return '<pre class="context">' + "\n".join(out) + "</pre>"


def thumbnail_data_uri(path: Path) -> str | None:
    """A small PNG (or the SVG itself) as a data URI; None when the image cannot be read."""
    try:
        if path.stat().st_size > MAX_THUMB_SOURCE:
            return None
        if path.suffix.lower() == ".svg":
            if path.stat().st_size > 200_000:
                return None
            return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        from PIL import Image

        with Image.open(path) as image:
            image.seek(0)
            image.thumbnail((THUMB_PX, THUMB_PX))
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
    except Exception:  # noqa: BLE001 - a broken image already has its own finding
        return None
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# ---------------------------------------------------------------- charts (inline SVG)
def _svg_bars(title: str, rows: list[tuple[str, int, str]], chart_id: str, empty: str) -> str:
    """A horizontal bar chart: one (label, value, colour) per row."""
    if not rows:
        return f'<figure class="chart" id="{chart_id}"><figcaption>{escape(title)}</figcaption><p>{escape(empty)}</p></figure>'
    label_w, bar_w, row_h = 130, 250, 26
    height = row_h * len(rows) + 10
    top = max(value for _, value, _ in rows) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value, color) in enumerate(rows):
        y = 5 + i * row_h
        width = max(2, round(bar_w * value / top)) if value else 0
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row_h - 8}" fill="{color}" rx="2"/>'
            f'<text x="{label_w + width + 6}" y="{y + 17}" font-size="13">{value}</text></g>'
        )
    parts.append("</svg>")
    return f'<figure class="chart" id="{chart_id}"><figcaption>{escape(title)}</figcaption>{"".join(parts)}</figure>'


def family_chart(report: Report) -> str:
    rows = [(fam, n, FAMILY_COLOR.get(fam, "#6a737d")) for fam, n in report.summary.by_family.items()]
    return _svg_bars("Findings by family", rows, "chart-families", "No findings.")


def score_chart(report: Report) -> str:
    """The distribution of per-file scores (0-100) in ten bins, one chart per score name."""
    names = sorted({name for r in report.files for name in r.scores})
    if not names:
        return _svg_bars("Distribution of file scores", [], "chart-scores", "No file scores in this scan.")
    charts = []
    for name in names:
        bins: Counter[int] = Counter()
        for r in report.files:
            if name in r.scores:
                bins[min(int(max(r.scores[name], 0) // 10), 9)] += 1
        rows = [(f"{b * 10}–{b * 10 + 10}", bins[b], "#8250df") for b in range(10)]
        charts.append(_svg_bars(f"Distribution of file scores: {name} (files per band)", rows, f"chart-scores-{name}", ""))
    return "".join(charts)


# ---------------------------------------------------------------- page
def _sev(f: Finding) -> str:
    sev = f.effective_severity.value
    return f'<span class="sev sev-{sev}">{sev}</span>'


def _fix_first(report: Report) -> str:
    rows = []
    for f in report.findings[:FIX_FIRST]:
        rows.append(
            f'<tr><td class="num">{f.rank}</td><td><a href="#finding-{f.rank}"><code>{escape(where(f))}</code></a></td>'
            f"<td>{_sev(f)} <code>{f.rule.code}</code> {escape(f.rule.name)}: {escape(f.message)}</td>"
            f"<td>{escape(f.effective_fix)}</td></tr>"
        )
    return (
        '<section id="fix-first"><h2>Fix first</h2><table><thead><tr><th>#</th><th>where</th><th>what</th>'
        f'<th>how</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _all_findings(report: Report) -> str:
    rows = []
    for f in report.findings:
        sev = f.effective_severity
        rows.append(
            f'<tr data-rank="{f.rank}" data-priority="{f.priority}" data-severity="{sev.rank}" '
            f'data-rule="{f.rule.code}" data-family="{escape(f.rule.family)}" data-where="{escape(where(f))}">'
            f'<td class="num">{f.rank}</td><td class="num">{f.priority:g}</td><td>{_sev(f)}</td>'
            f"<td><code>{f.rule.code}</code> {escape(f.rule.name)}</td><td>{escape(f.rule.family)}</td>"
            f'<td><a href="#finding-{f.rank}"><code>{escape(where(f))}</code></a></td><td>{escape(f.message)}</td></tr>'
        )
    head = (
        '<th data-key="rank" data-type="num" aria-sort="ascending">#</th>'
        '<th data-key="priority" data-type="num">priority</th>'
        '<th data-key="severity" data-type="num">severity</th>'
        '<th data-key="rule">rule</th><th data-key="family">family</th><th data-key="where">where</th><th>message</th>'
    )
    return (
        '<section id="findings"><h2>All findings</h2><p class="notes">Click a column heading to sort; '
        'link to <code>#sort=priority</code> or <code>#sort=-priority</code> to open sorted.</p>'
        f'<table class="sortable" id="findings-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></section>"
    )


def _files(report: Report) -> str:
    sources = SourceLines(report.root)
    kinds = {r.path: r.kind for r in report.files}
    scores = {r.path: r.scores for r in report.files}
    sections = []
    for i, (path, items) in enumerate(by_file(report.findings).items(), start=1):
        score_text = ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.get(path, {}).items()))
        parts = [f'<section class="file" id="file-{i}" data-path="{escape(path)}"><h2>{escape(path)}'
                 + (f' <small class="notes">({escape(score_text)})</small>' if score_text else "") + "</h2>"]
        if kinds.get(path) == "image" and (uri := thumbnail_data_uri(report.root / path)):
            parts.append(f'<img class="thumb" alt="thumbnail of {escape(path)}" src="{uri}">')
        elif "#" in path and (picture := embedded.extract(report.root, path)) and (uri := thumbnail_data_uri(picture)):
            parts.append(f'<img class="thumb" alt="thumbnail of {escape(path)}" src="{uri}">')  # a picture in a document
        family = None
        for f in items:
            if f.rule.family != family:
                family = f.rule.family
                parts.append(f"<h3>{escape(family)}</h3>")
            pos = where(f)[len(f.path):].strip(" :") or "whole file"
            parts.append(
                f'<article class="finding" id="finding-{f.rank}"><header>{_sev(f)}'
                f"<code>{f.rule.code}</code> <strong>{escape(f.rule.name)}</strong>"
                f'<span class="notes">{escape(pos)} · #{f.rank} · priority {f.priority:g}</span></header>'
                f"<p>{escape(f.message)}</p>{context_html(f, sources.get(path))}"
                f'<p class="fix">Fix: {escape(f.effective_fix)}{_FIXABLE_NOTE.get(f.fixable, "")}</p></article>'
            )
        parts.append("</section>")
        sections.append("".join(parts))
    return '<section id="files"><h2>By file</h2>' + "".join(sections) + "</section>" if sections else ""


def review_html(report: Report) -> str:
    """"Reviewed by ... on ..." and the waivers with their reasons, when a record was made."""
    if report.record is None:
        return ""
    from aislop.record import review_line

    rows = "".join(
        f"<tr><td>{escape(w['kind'])}</td><td><code>{escape(w['path'])}"
        f"{escape(':' + str(w['line'])) if w['line'] is not None else ''}</code></td>"
        f"<td><code>{escape(w['rule'])}</code> {escape(w['name'])}</td>"
        f"<td>{escape(w['reason'] or '(no reason given)')}</td></tr>"
        for w in report.record["waivers"]
    )
    note = report.record["review"].get("note")
    return (
        f'<section id="review"><h2>Review</h2><p><strong>{escape(review_line(report.record))}</strong></p>'
        + (f"<p>Reviewer's note: {escape(note)}</p>" if note else "")
        + (f"<table><thead><tr><th>waived</th><th>where</th><th>rule</th><th>reason</th></tr></thead>"
           f"<tbody>{rows}</tbody></table>" if rows else "")
        + "</section>"
    )


def render(report: Report) -> str:
    s = report.summary
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    body = [
        "<h1>aislop report</h1>",
        f'<div class="verdict verdict-{s.verdict}" id="verdict" data-verdict="{s.verdict}">'
        f"<strong>{escape(VERDICT_TEXT[s.verdict].split(':')[0])}</strong>"
        f"{escape(VERDICT_TEXT[s.verdict].split(':', 1)[1])}.<br>{escape(headline(report))}</div>",
        f'<ul class="notes">{notes}</ul>' if notes else "",
        review_html(report),
        f'<section class="charts" id="charts">{family_chart(report)}{score_chart(report)}</section>',
    ]
    if report.findings:
        body += [_fix_first(report), _all_findings(report), _files(report)]
    else:
        body.append("<p>No findings: nothing stands in the way of delivery.</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="aislop {escape(report.version)}">'
        f"<title>aislop report: {escape(s.verdict)}</title><style>{CSS}</style></head>\n<body>"
        + "\n".join(part for part in body if part)
        + f"<script>{SCRIPT}</script></body></html>\n"
    )

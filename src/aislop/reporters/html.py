"""``--format html``: one self-contained page an editor works from and can forward.

The first screen says the verdict, what was scanned and what to fix first. Below, each file's
findings sit in the file's own text (lines with numbers, the flagged span marked; for DOCX,
PDF, PPTX and OpenDocument each paragraph, page, slide or notes page as delivered, with every
finding in it marked and listed beside it (html_documents.py); images as thumbnails with the
defect written on them), with filters by family, severity and file and a search box.

Size and speed: the findings travel once, as compact JSON rows that a small script turns into
the page, file by file as the reader scrolls, so 20,000 findings stay a few MB and open fast.
Every rule, source line and distinct thumbnail is stored once. ``write`` (what ``aislop scan``
uses) makes that data a file at a time and spools it to disk (html_stream.py), so an archive's
page is never held in memory; ``render`` builds it whole, with the same bytes. Everything is inline and a
Content-Security-Policy forbids fetching anything; scanned text reaches the page only as JSON
(with '<' escaped) and is put in with textContent, never parsed as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zlib
from collections import Counter
from html import escape
from pathlib import Path

from aislop.loaders import embedded
from aislop.model import Finding
from aislop.reporters import (
    FIX_FIRST, Report, by_file_ranked, headline, paths_by_rank, plural, severities, what_and_how, where,
)
from aislop.reporters import html_documents
from aislop.triage import not_scanned_text

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".rst", ".html", ".htm", ".py"}
CONTEXT_LINES = 1
MAX_SPAN_LINES = 8
MAX_LINE_CHARS = 240
THUMB_PX = 160
MIN_FILES_FOR_DISTRIBUTION = 10  # fewer scored files make no distribution worth drawing
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
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d0d7de;--soft:#f6f8fa;--mark:#fff1a8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;
max-width:1100px;padding:24px;overflow-wrap:anywhere}
h1{margin:0 0 12px;font-size:26px}h2{font-size:20px;margin:28px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}
.verdict{padding:14px 18px;border-radius:8px;color:#fff;font-size:17px}
.verdict strong{font-size:20px;margin-right:8px}
.verdict-blocked{background:#b31d28}.verdict-needs-work{background:#9a6700}.verdict-ready{background:#1a7f37}.verdict-nothing-scanned{background:#b31d28}
.notes,.muted{color:var(--muted);font-size:13px}
.scanned dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
.scanned dt{color:var(--muted)}.scanned dd{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{flex:1 1 320px;margin:8px 0;min-width:0}.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
.sev{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.sev-error{background:#cf222e}.sev-warning{background:#9a6700}.sev-info{background:#0969da}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
ol.fix-first{padding-left:2.2em}ol.fix-first li{margin:6px 0}
.fix-first .how{color:var(--muted)}
.controls{position:sticky;top:0;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);z-index:2;
display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
.controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}
.controls legend{float:left;margin-right:6px;color:var(--muted);font-size:13px}
.controls label{font-size:14px;white-space:nowrap}
.controls input[type=search],.controls select{font:inherit;padding:4px 6px;max-width:100%;min-width:0}
.controls input[type=search]{flex:1 1 200px}
.file{margin:18px 0}.file h3{margin:0 0 4px;font-size:16px}
.finding{border:1px solid var(--line);border-left-width:4px;border-radius:6px;padding:8px 12px;margin:8px 0;break-inside:avoid}
.finding.s-error{border-left-color:#cf222e}.finding.s-warning{border-left-color:#bf8700}.finding.s-info{border-left-color:#0969da}
.finding header{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:baseline}
.finding p{margin:4px 0}.finding .fix{color:var(--muted)}
pre.context{background:var(--soft);padding:6px 0;margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
pre.context span.row{display:block;padding-left:5.2em;text-indent:-5.2em}
pre.context span.ln{display:inline-block;width:4.6em;padding-right:.6em;text-align:right;color:var(--muted);user-select:none;text-indent:0}
pre.context .hit{background:#fff8c5}
mark{background:var(--mark);outline:1px solid #d4a72c;border-radius:2px}
figure.thumb{position:relative;display:inline-block;margin:4px 0;max-width:100%}
figure.thumb img{display:block;max-width:min(240px,100%);max-height:240px;border:1px solid var(--line);background:
repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px}
figure.thumb figcaption{position:absolute;left:0;right:0;bottom:0;background:rgba(31,35,40,.82);color:#fff;font-size:12px;
padding:2px 6px}
.part{border:1px solid var(--line);border-radius:6px;margin:10px 0;padding:0 12px 4px;display:grid;
grid-template-columns:minmax(0,1.2fr) minmax(0,1fr);gap:0 14px;align-items:start}
.part h4{grid-column:1/-1;margin:0 -12px 6px;padding:4px 12px;background:var(--soft);font-size:14px;text-transform:capitalize}
.part-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}
.part-text span.row{display:block;padding-left:3em;text-indent:-3em;margin:0 0 6px}
.part-text span.ln{display:inline-block;width:2.6em;padding-right:.4em;text-align:right;color:var(--muted);font-size:12px;
user-select:none;text-indent:0}
.part-text span.gap{color:var(--muted)}
a.ref{font-size:11px;vertical-align:super;line-height:0;margin:0 1px;text-decoration:none}
.more{margin:12px 0}
a{color:#0969da}
@media (max-width:800px){.part{display:block}}
@media (max-width:600px){body{padding:12px;font-size:14px}h1{font-size:22px}.verdict{font-size:15px}
.controls{position:static}pre.context span.row{padding-left:3.4em;text-indent:-3.4em}pre.context span.ln{width:3em}}
@media print{body{max-width:none;padding:0;font-size:11pt}.controls,.more,noscript{display:none!important}
.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2,h3{break-after:avoid;page-break-after:avoid}
.finding,.fix-first li,figure{break-inside:avoid;page-break-inside:avoid}a{color:inherit;text-decoration:none}
.file{break-inside:auto}.part{display:block;break-inside:auto}.part h4{break-after:avoid;page-break-after:avoid}
.part-text span.row{break-inside:avoid}mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

SCRIPT = r"""
(function(){
  var holder = document.getElementById('aislop-data');
  if (holder.dataset.encoding !== 'deflate-raw+base64') { aislopReport(JSON.parse(holder.textContent)); return; }
  if (typeof DecompressionStream === 'undefined') {
    document.getElementById('docs').textContent = 'This browser cannot unpack the findings of this large report; open it in a current Chrome, Edge, Firefox or Safari.';
    return;
  }
  var bytes = Uint8Array.from(atob(holder.textContent), function(c){ return c.charCodeAt(0); });
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text()
    .then(function(text){ aislopReport(JSON.parse(text)); });
})();
function aislopReport(data){
  var SEV = ['error', 'warning', 'info'];
  var files = data.files, rules = data.rules, all = data.findings;
  var byFile = files.map(function(){ return []; });
  all.forEach(function(f){ byFile[f[1]].push(f); });
  var bestRank = byFile.map(function(list){ return Math.min.apply(null, list.map(function(f){ return f[0]; })); });
  function at(f){ var x = f[8]; return !x.length ? 0 : typeof x[0] === 'number' ? x[2] : x[0] === 'u' ? x[1] * 1e7 + x[2] : 0; }
  byFile.forEach(function(list){ list.sort(function(a, b){ return at(a) - at(b) || a[0] - b[0]; }); });
  var docs = document.getElementById('docs'), count = document.getElementById('shown');
  var search = document.getElementById('q'), fileSel = document.getElementById('file'), sortSel = document.getElementById('sort');
  var BATCH = 40, order = [], visible = [], rendered = 0;

  function checked(name){
    var out = {};
    document.querySelectorAll('input[name=' + name + ']').forEach(function(i){ if (i.checked) out[i.value] = 1; });
    return out;
  }
  function el(tag, cls, text){
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function keep(f, fam, sev, file, q){
    var r = rules[f[2]];
    if (!fam[r[2]] || !sev[SEV[f[3]]] || (file !== '' && String(f[1]) !== file)) return false;
    if (!q) return true;
    var hay = (r[0] + ' ' + r[1] + ' ' + files[f[1]][0] + ' ' + f[5] + ' ' + (f[6] || r[3]) + ' ' + f[4]).toLowerCase();
    return hay.indexOf(q) >= 0;
  }
  function row(pre, label, text, s, e){
    var line = el('span', 'row');
    line.appendChild(el('span', 'ln', String(label)));
    if (s >= 0) {
      line.classList.add('hit');
      line.appendChild(document.createTextNode(text.slice(0, s)));
      line.appendChild(el('mark', null, text.slice(s, e)));
      line.appendChild(document.createTextNode(text.slice(e)));
    } else line.appendChild(document.createTextNode(text));
    pre.appendChild(line);
  }
  function marked(box, label, text, spans){
    // One row of a document part: every finding's span marked, its number linking to it.
    var line = el('span', 'row'), cuts = [0, text.length];
    if (label !== null) line.appendChild(el('span', 'ln', String(label)));
    spans.forEach(function(s){ cuts.push(s[0], s[1]); });
    cuts = cuts.filter(function(c, i, a){ return a.indexOf(c) === i; }).sort(function(a, b){ return a - b; });
    if (spans.length) line.classList.add('hit');
    for (var i = 0; i < cuts.length; i++) {
      var c = cuts[i];
      spans.forEach(function(s){
        if (s[1] === c && s[2] >= 0) {
          var ref = el('a', 'ref', String(s[2]));
          ref.href = '#f-' + s[2];
          line.appendChild(ref);
        }
      });
      if (i + 1 >= cuts.length) break;
      var piece = text.slice(c, cuts[i + 1]);
      var over = spans.filter(function(s){ return s[0] <= c && cuts[i + 1] <= s[1]; });
      if (over.length) {
        var m = el('mark', null, piece);
        m.title = over.map(function(s){ return '#' + s[2]; }).join(' ');
        line.appendChild(m);
      } else line.appendChild(document.createTextNode(piece));
    }
    box.appendChild(line);
  }
  function partView(unit, list){
    // A page, slide or paragraph as delivered, its findings marked in place, then the findings.
    var sec = el('section', 'part'), box = el('div', 'part-text'), prev = null;
    sec.appendChild(el('h4', null, unit[0] || 'text'));
    var numbered = unit[1].length > 1;
    unit[1].forEach(function(r){
      var n = r[0], text = r[1];
      if (prev !== null && n !== prev + 1) box.appendChild(el('span', 'row gap', '⋯'));
      prev = n;
      var spans = [];
      list.forEach(function(f){
        var x = f[8];
        if (n < x[2] || n > x[4]) return;
        spans.push([n === x[2] ? x[3] : 0, n === x[4] ? x[5] : text.length, f[0]]);
      });
      marked(box, numbered ? n : null, text, spans);
    });
    sec.appendChild(box);
    var notes = el('div', 'part-findings');
    list.forEach(function(f){ notes.appendChild(finding(f)); });
    sec.appendChild(notes);
    return sec;
  }
  function excerpt(f){
    var x = f[8];
    if (!x || !x.length || x[0] === 'u') return null;
    var pre = el('pre', 'context'), lines = files[f[1]][5];
    if (typeof x[0] === 'number') {
      for (var n = x[0]; n <= x[1]; n++) {
        var text = lines[n], hit = n >= x[2] && n <= x[3];
        row(pre, n, text, hit ? (n === x[2] ? x[4] : 0) : -1, hit ? (n === x[3] ? x[5] : text.length) : -1);
      }
    } else x.forEach(function(r){ row(pre, r[0], r[1], r[2], r[3]); });
    return pre;
  }
  function finding(f){
    var r = rules[f[2]], sev = SEV[f[3]], a = el('article', 'finding s-' + sev);
    a.id = 'f-' + f[0];
    a.dataset.family = r[2]; a.dataset.severity = sev; a.dataset.rank = f[0];
    var h = el('header');
    h.appendChild(el('span', 'sev sev-' + sev, sev));
    h.appendChild(el('code', null, r[0]));
    h.appendChild(el('strong', null, r[1]));
    h.appendChild(el('span', 'muted', f[4] + ' · #' + f[0]));
    a.appendChild(h);
    a.appendChild(el('p', null, f[5]));
    var pre = excerpt(f);
    if (pre) a.appendChild(pre);
    a.appendChild(el('p', 'fix', 'Fix: ' + (f[6] || r[3]) + (f[7] === 1 ? ' (aislop fix does this)' : f[7] === 2 ? ' (aislop fix --unsafe does this; check the result)' : '')));
    return a;
  }
  function fileSection(i, list){
    var file = files[i], sec = el('section', 'file');
    sec.id = 'file-' + i; sec.dataset.path = file[0];
    var h = el('h3', null, file[0]);
    if (file[2]) h.appendChild(el('span', 'muted', '  (' + file[2] + ')'));
    sec.appendChild(h);
    if (file[3] >= 0) {
      var fig = el('figure', 'thumb'), img = el('img');
      img.src = data.thumbs[file[3]]; img.alt = 'thumbnail of ' + file[0];
      fig.appendChild(img);
      fig.appendChild(el('figcaption', null, file[4]));
      sec.appendChild(fig);
    }
    var units = file[6] || [], inPart = {};
    list.forEach(function(f){
      var x = f[8];
      if (x.length && x[0] === 'u') (inPart[x[1]] = inPart[x[1]] || []).push(f);
      else sec.appendChild(finding(f));
    });
    units.forEach(function(unit, u){ if (inPart[u]) sec.appendChild(partView(unit, inPart[u])); });
    return sec;
  }
  function renderMore(upto){
    var end = Math.min(order.length, upto == null ? rendered + BATCH : upto);
    var frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) frag.appendChild(fileSection(order[rendered], visible[order[rendered]]));
    docs.insertBefore(frag, more);
    more.hidden = rendered >= order.length;
    more.textContent = 'Show ' + Math.min(BATCH, order.length - rendered) + ' more files (' + (order.length - rendered) + ' left)';
  }
  var more = el('button', 'more');
  more.type = 'button';
  more.addEventListener('click', function(){ renderMore(); });
  function apply(){
    var fam = checked('family'), sev = checked('severity'), file = fileSel.value, q = search.value.trim().toLowerCase();
    var shown = 0;
    visible = byFile.map(function(list){
      var kept = list.filter(function(f){ return keep(f, fam, sev, file, q); });
      shown += kept.length;
      return kept;
    });
    order = [];
    visible.forEach(function(list, i){ if (list.length) order.push(i); });
    if (sortSel.value === 'path') order.sort(function(a, b){ return files[a][0] < files[b][0] ? -1 : 1; });
    else order.sort(function(a, b){ return bestRank[a] - bestRank[b]; });
    while (docs.firstChild) docs.removeChild(docs.firstChild);
    docs.appendChild(more);
    rendered = 0;
    renderMore();
    count.textContent = shown === all.length ? 'all ' + all.length + ' findings' : shown + ' of ' + all.length + ' findings';
    document.body.dataset.shown = String(shown);
  }
  function reveal(){
    var m = /^#f-(\d+)$/.exec(location.hash);
    if (!m || document.getElementById('f-' + m[1])) return;
    var f = all.filter(function(x){ return String(x[0]) === m[1]; })[0];
    if (!f) return;
    var at = order.indexOf(f[1]);
    if (at < 0) { document.getElementById('reset').click(); at = order.indexOf(f[1]); }
    if (at >= rendered) renderMore(at + 1);
    var target = document.getElementById('f-' + m[1]);
    if (target) target.scrollIntoView();
  }
  document.getElementById('filters').addEventListener('input', apply);
  document.getElementById('filters').addEventListener('change', apply);
  document.getElementById('reset').addEventListener('click', function(){
    document.querySelectorAll('#filters input[type=checkbox]').forEach(function(i){ i.checked = true; });
    search.value = ''; fileSel.value = ''; apply();
  });
  window.addEventListener('hashchange', reveal);
  window.addEventListener('beforeprint', function(){ renderMore(order.length); });
  if (/sort=path/.test(location.hash)) sortSel.value = 'path';
  apply();
  reveal();
  document.body.dataset.ready = '1';
  document.body.dataset.ms = String(Math.round(performance.now()));
  function images(){
    var broken = Array.prototype.filter.call(document.images, function(i){ return !i.naturalWidth; });
    document.body.dataset.brokenImages = String(broken.length);
  }
  if (document.readyState === 'complete') setTimeout(images, 0); else window.addEventListener('load', images);
}
"""


# ---------------------------------------------------------------- offending text in context
class SourceLines:
    """Lines of scanned text files, for showing findings in context: each read once, or with
    ``keep`` only the last ``keep`` files read are kept (a report written as a stream)."""

    def __init__(self, root: Path, keep: int | None = None):
        self.root = root
        self.keep = keep
        self._cache: dict[str, list[str] | None] = {}

    def get(self, relpath: str) -> list[str] | None:
        if relpath in self._cache:
            lines = self._cache.pop(relpath)
        else:
            lines = self._read(relpath)
            if self.keep is not None and len(self._cache) >= self.keep:
                del self._cache[next(iter(self._cache))]  # the least recently used
        self._cache[relpath] = lines
        return lines

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


def _clip(line: str, start: int, end: int) -> tuple[str, int, int, str, str]:
    """Cut a long line to a window around [start, end): (text, start, end, prefix, suffix)."""
    if len(line) <= MAX_LINE_CHARS:
        return line, start, end, "", ""
    left = max(0, min(start - 60, len(line) - MAX_LINE_CHARS))
    right = min(len(line), max(left + MAX_LINE_CHARS, end))
    return line[left:right], start - left, end - left, "…" if left else "", "…" if right < len(line) else ""


def _pillow_source(path):
    """What Pillow opens: a local path or bytes in memory; a file in object storage (remote.py)
    is not a local path, so its bytes are read through its filesystem."""
    return path if isinstance(path, (Path, io.IOBase)) else io.BytesIO(path.read_bytes())


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

        with Image.open(_pillow_source(path)) as image:
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
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}" role="img" '
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
    return _score_charts(_FileStats(report.files).bins)


def _score_charts(bins_by_name: dict[str, Counter[int]]) -> str:
    if not bins_by_name:
        return _svg_bars("Distribution of file scores", [], "chart-scores", "No file scores in this scan.")
    charts = []
    for name in sorted(bins_by_name):
        bins = bins_by_name[name]
        rows = [(f"{b * 10}–{b * 10 + 10}", bins[b], "#8250df") for b in range(10)]
        charts.append(_svg_bars(f"Distribution of file scores: {name} (files per band)", rows, f"chart-scores-{name}", ""))
    return "".join(charts)


class _FileStats:
    """What the page says about the scanned files, from one pass over them (a scan's on-disk
    store reads them back one at a time)."""

    def __init__(self, files):
        self.kinds: Counter[str] = Counter()
        self.unread: list[str] = []  # the first ten that could not be read
        self.unread_count = 0
        self.scored = 0  # files with scores
        self.bins: dict[str, Counter[int]] = {}  # score name -> files per tenth
        for r in files:
            self.kinds[r.kind] += 1
            if r.error:
                self.unread_count += 1
                if len(self.unread) < 10:
                    self.unread.append(r.path)
            if r.scores:
                self.scored += 1
            for name, value in r.scores.items():
                self.bins.setdefault(name, Counter())[min(int(max(value, 0) // 10), 9)] += 1


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
    line = review_line(report.record, len(report.findings))
    return (
        f'<section id="review"><h2>Review</h2><p><strong>{escape(line)}</strong></p>'
        + (f"<p>Reviewer's note: {escape(note)}</p>" if note else "")
        + (f"<table><thead><tr><th>waived</th><th>where</th><th>rule</th><th>reason</th></tr></thead>"
           f"<tbody>{rows}</tbody></table>" if rows else "")
        + "</section>"
    )


# ---------------------------------------------------------------- data for the page script
CONTEXT_BUDGET = 600_000  # characters of context lines; past it only the flagged lines are kept
SEVERITY_INDEX = {"error": 0, "warning": 1, "info": 2}
FIXABLE_INDEX = {True: 1, "unsafe": 2}


def _position(f: Finding) -> str:
    return where(f)[len(f.path):].strip(" :") or "whole file"


def score_text(scores: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.items()))


class _PageData:
    """The findings as compact JSON rows the page script renders: each rule, file, line of
    source and distinct thumbnail appears once, however many findings refer to it."""

    def __init__(self, report: Report):
        self.report = report
        self.sources = SourceLines(report.root)
        self.rules: dict[str, int] = {}
        self.rule_rows: list[list] = []
        self.file_index: dict[str, int] = {}
        self.file_rows: list[list] = []
        self.thumbs: list[str] = []
        self.thumb_index: dict[str, int] = {}
        self.sizes: dict[str, str] = {}
        self.context_chars = 0
        self.placed: dict[int, list] = {}  # id(finding) -> its place in a part of a packaged document

    def build(self) -> dict:
        """The whole data at once (html_stream.py writes the same JSON a piece at a time)."""
        kinds = {r.path: r.kind for r in self.report.files}
        scores = {r.path: r.scores for r in self.report.files}
        for path, grouped in by_file_ranked(self.report.findings):
            thumb, caption = self._thumbnail(path, kinds.get(path), grouped)
            self.file_index[path] = len(self.file_rows)
            self.file_rows.append([path, kinds.get(path, ""), score_text(scores.get(path, {})), thumb, caption, {},
                                   self._parts(path, grouped)])
        findings = [self._finding(f) for f in self.report.findings]
        return {"rules": self.rule_rows, "files": self.file_rows, "thumbs": self.thumbs, "findings": findings}

    def _rule(self, f: Finding) -> int:
        if f.rule.code not in self.rules:
            self.rules[f.rule.code] = len(self.rule_rows)
            self.rule_rows.append([f.rule.code, f.rule.name, f.rule.family, f.rule.fix])
        return self.rules[f.rule.code]

    def _finding(self, f: Finding) -> list:
        file = self.file_index[f.path]
        excerpt = self.placed.get(id(f)) or self._excerpt(f, self.file_rows[file][5],
                                                          self.context_chars < CONTEXT_BUDGET)
        return self._row(f, file, excerpt)

    def _row(self, f: Finding, file: int, excerpt: list) -> list:
        fix = f.effective_fix if f.effective_fix != f.rule.fix else 0
        what, _ = what_and_how(f)  # the fix has its own line below
        return [f.rank, file, self._rule(f), SEVERITY_INDEX[f.effective_severity.value], _position(f), what, fix,
                FIXABLE_INDEX.get(f.fixable, 0), excerpt]

    def _parts(self, path: str, findings: list[Finding]) -> list[list]:
        """The parts (page, slide, paragraph...) of a packaged document that hold findings, as
        [label, [[line number, text], ...]] in document order; each finding placed in one is
        recorded as ["u", part, first line, start, last line, end] (columns in the shown text)."""
        parts = html_documents.parts_of(self.report.root / path, path)
        if not parts:
            return []
        placed = [(f, p) for f in findings if (p := html_documents.place(f, parts)) is not None]
        by_part: dict[int, list] = {}
        for f, p in placed:
            by_part.setdefault(p.part.order, []).append((f, p))
        rows_out: list[list] = []
        for order in sorted(by_part):
            here = by_part[order]
            part = here[0][1].part
            spans: dict[int, list[tuple[int, int]]] = {}
            for _, p in here:
                for r in range(p.row, p.end_row + 1):
                    spans.setdefault(r, []).append((p.start if r == p.row else 0,
                                                    p.end if r == p.end_row else len(part.lines[r])))
            shown, shifts = [], {}
            for r in html_documents.shown_rows(part, (p for _, p in here), self.context_chars < CONTEXT_BUDGET):
                text, shifts[r] = html_documents.cut(part.lines[r], spans.get(r, []))
                self.context_chars += len(text)
                shown.append([part.first + r, text])
            index = len(rows_out)
            rows_out.append([part.label or "", shown])
            for f, p in here:
                self.placed[id(f)] = ["u", index, part.first + p.row, p.start - shifts[p.row],
                                      part.first + p.end_row, p.end - shifts[p.end_row]]
        return rows_out

    def _excerpt(self, f: Finding, stored: dict[int, str], budget_left: bool) -> list[list]:
        """[first, last, flagged first, flagged last, mark start, mark end] over lines of the file's
        table, or (long lines, no source) rows of [label, text, mark start, mark end]; context
        lines around the flagged ones only while ``budget_left``."""
        lines = self.sources.get(f.path) if not f.location else None
        if lines is None or f.line is None or not 1 <= f.line <= len(lines):
            matched = " ".join((f.matched or "").split())
            if not matched:
                return []
            text, s, e, pre, post = _clip(matched, 0, len(matched))
            return [[f.location or (f.line if f.line is not None else ""), pre + text + post, len(pre) + s, len(pre) + e]]
        last = min(f.end_line or f.line, len(lines))
        if last > f.line and f.end_column == 1:
            last -= 1  # the span ends at the start of the next line
        last = min(max(last, f.line), f.line + MAX_SPAN_LINES - 1)
        context = CONTEXT_LINES if budget_left else 0
        first_shown, last_shown = max(1, f.line - context), min(len(lines), last + context)
        start = max(0, min((f.column or 1) - 1, len(lines[f.line - 1])))
        end_line = lines[last - 1]
        end = len(end_line) if last != (f.end_line or f.line) else max(0, min((f.end_column or len(end_line) + 1) - 1,
                                                                              len(end_line)))
        if last == f.line and end <= start and f.end_line == f.line:
            end = len(end_line)  # a zero-width span: show the whole line
        shown = range(first_shown, last_shown + 1)
        if all(len(lines[n - 1]) <= MAX_LINE_CHARS for n in shown):
            for n in shown:
                if n not in stored:
                    stored[n] = lines[n - 1]
                    self.context_chars += len(lines[n - 1])
            # Compact form: lines first..last from the file's table, flagged f.line..last from
            # column start (on the first flagged line) to end (on the last).
            return [first_shown, last_shown, f.line, last, start, end]
        rows = []
        for number in shown:
            line = lines[number - 1]
            s = e = -1
            if f.line <= number <= last:
                s = start if number == f.line else 0
                e = end if number == last else len(line)
            text, cs, ce, pre, post = _clip(line, max(s, 0), max(e, 0))
            self.context_chars += len(text)
            rows.append([number, pre + text + post, *((len(pre) + cs, len(pre) + ce) if s >= 0 else (-1, -1))])
        return rows

    def _thumbnail(self, path: str, kind: str | None, findings: list[Finding]) -> tuple[int, str]:
        """The index of the file's thumbnail (each distinct picture stored once) and the caption
        written on it: native size and what is wrong."""
        if kind == "image":
            source = self.report.root / path
        elif "#" in path:
            source = embedded.extract(self.report.root, path)
        else:
            return -1, ""
        if source is None:
            return -1, ""
        try:
            content = source.read_bytes() if source.stat().st_size <= MAX_THUMB_SOURCE else b""
        except OSError:
            return -1, ""
        digest = hashlib.sha256(content).hexdigest()
        if digest not in self.thumb_index:
            uri = thumbnail_data_uri(source) if content else None
            self.thumb_index[digest] = len(self.thumbs) if uri else -1
            if uri:
                self.thumbs.append(uri)
        problems = ", ".join(dict.fromkeys(f.rule.name for f in findings))
        if digest not in self.sizes:
            self.sizes[digest] = _native_size(source)
        size = self.sizes[digest]
        return self.thumb_index[digest], " · ".join(part for part in (size, problems) if part)


def _native_size(path: Path) -> str:
    try:
        if path.suffix.lower() == ".svg":
            return "vector (SVG)"
        from PIL import Image

        with Image.open(_pillow_source(path)) as image:
            return f"{image.width}×{image.height} px"
    except Exception:  # noqa: BLE001 - an unreadable image has its own finding
        return ""


COMPRESS_ABOVE = 1_000_000  # bytes of JSON; larger data is deflated (browsers inflate it natively)


def page_json(data: dict) -> str:
    """JSON safe inside a <script> element: no '<' can close it or open a comment."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def data_script(data: dict) -> str:
    """The data element: plain JSON, or for big reports raw-deflated JSON in base64, which the
    page inflates with the browser's DecompressionStream (a 20,000-finding report: about a
    third of the size). Neither form can hold a '<'."""
    text = page_json(data)
    if len(text) <= COMPRESS_ABOVE:
        return f'<script type="application/json" id="aislop-data">{text}</script>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = base64.b64encode(packer.compress(text.encode("utf-8")) + packer.flush()).decode("ascii")
    return f'<script type="application/octet-stream" id="aislop-data" data-encoding="deflate-raw+base64">{packed}</script>'


# ---------------------------------------------------------------- page
def _sev(f: Finding) -> str:
    sev = f.effective_severity.value
    return f'<span class="sev sev-{sev}">{sev}</span>'


def _scanned(report: Report, stats: _FileStats, with_findings: int) -> str:
    """What was scanned: the root, files by kind, what could not be read and what was not read."""
    s = report.summary
    kinds = stats.kinds
    rows = [
        ("folder", f"<code>{escape(getattr(report.root, 'url', str(report.root)))}</code>"),
        ("files", escape(", ".join(f"{plural(n, kind + ' file')}" for kind, n in sorted(kinds.items())) or "none")),
        ("with findings", escape(plural(with_findings, "file"))),
    ]
    if stats.unread_count:
        more = stats.unread_count - len(stats.unread)
        rows.append(("could not be read", escape(", ".join(stats.unread) + (f" and {more} more" if more else ""))))
    if s.not_scanned:
        rows.append(("not scanned", escape(not_scanned_text(s.not_scanned))))
    cells = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<section class="scanned" id="scanned"><h2>What was scanned</h2><dl>{cells}</dl></section>'


def _fix_first(report: Report) -> str:
    items = []
    for f in report.findings[:FIX_FIRST]:
        what, how = what_and_how(f)
        items.append(
            f'<li value="{f.rank}"><a href="#f-{f.rank}"><code>{escape(where(f))}</code></a> {_sev(f)} '
            f"<strong>{escape(f.rule.name)}</strong>: {escape(what)} <span class=\"how\">Fix: {escape(how)}</span></li>"
        )
    more = len(report.findings) - FIX_FIRST
    tail = f'<p class="muted">…and {plural(more, "more finding")} below.</p>' if more > 0 else ""
    return f'<section id="fix-first"><h2>Fix first</h2><ol class="fix-first">{"".join(items)}</ol>{tail}</section>'


def _charts(report: Report, stats: _FileStats) -> str:
    """Only the charts that say something: findings by family when there are several families,
    the score distribution when enough files have scores to make one."""
    parts = []
    if len(report.summary.by_family) >= 2:
        parts.append(family_chart(report))
    if stats.scored >= MIN_FILES_FOR_DISTRIBUTION:
        parts.append(_score_charts(stats.bins))
    return f'<section class="charts" id="charts">{"".join(parts)}</section>' if parts else ""


def _controls(report: Report, paths: list[str]) -> str:
    """The filters; ``paths`` are the files with findings in the page data's order (a file's
    option names its place there)."""
    families = list(report.summary.by_family)
    present = severities(report.findings)
    fam = "".join(f'<label><input type="checkbox" name="family" value="{escape(x)}" checked> {escape(x)}</label>'
                  for x in families)
    sev = "".join(f'<label><input type="checkbox" name="severity" value="{x}" checked> {x}</label>'
                  for x in ("error", "warning", "info") if x in present)
    index = {path: i for i, path in enumerate(paths)}
    options = "".join(f'<option value="{index[p]}">{escape(p)}</option>' for p in sorted(paths))
    return (
        '<form class="controls" id="filters" onsubmit="return false" role="search">'
        f'<fieldset><legend>family</legend>{fam}</fieldset><fieldset><legend>severity</legend>{sev}</fieldset>'
        f'<select id="file" aria-label="file"><option value="">all files</option>{options}</select>'
        '<input type="search" id="q" placeholder="Search findings, rules, files" aria-label="search">'
        '<select id="sort" aria-label="order"><option value="importance">most important first</option>'
        '<option value="path">by file name</option></select>'
        '<button type="button" id="reset">Show all</button> <span class="muted" id="shown"></span></form>'
    )


def _page(report: Report) -> tuple[str, str, bool]:
    """The page before its data (head and body), the text after it, and whether it has data."""
    s = report.summary
    stats = _FileStats(report.files)
    paths = paths_by_rank(report.findings)
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    label, tail = VERDICT_TEXT[s.verdict].split(":", 1)
    body = [
        "<h1>aislop report</h1>",
        f'<div class="verdict verdict-{s.verdict}" id="verdict" data-verdict="{s.verdict}">'
        f"<strong>{escape(label)}</strong>{escape(tail)}.<br>{escape(headline(report))}</div>",
        _scanned(report, stats, len(paths)),
        f'<ul class="notes">{notes}</ul>' if notes else "",
        review_html(report),
    ]
    if paths:
        body += [
            _fix_first(report),
            _charts(report, stats),
            f'<section id="findings"><h2>Findings by file</h2>{_controls(report, paths)}'
            '<noscript><p>Turn on JavaScript to see each finding in its file.</p></noscript>'
            '<div id="docs"></div></section>',
        ]
    else:
        body.append("<p>No findings: nothing stands in the way of delivery.</p>")
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="aislop {escape(report.version)}">'
        f"<title>aislop report: {escape(s.verdict)}</title><style>{CSS}</style></head>\n<body>"
        + "\n".join(part for part in body if part)
    )
    after = (f"<script>{SCRIPT}</script>" if paths else "") + "</body></html>\n"
    return head, after, bool(paths)


def render(report: Report) -> str:
    """The page as one string, its data built whole (``write`` streams the same text)."""
    if not isinstance(report.findings, list):  # read from a scan's on-disk store (aislop.spill)
        buffer = io.StringIO()
        write(report, buffer)
        return buffer.getvalue()
    head, after, has_data = _page(report)
    return head + (data_script(_PageData(report).build()) if has_data else "") + after


def write(report: Report, stream) -> None:
    """The text of ``render``, written as a stream: the page data is made a file at a time and
    spooled to disk (html_stream.py), so no finding list or whole page is held in memory."""
    from aislop.reporters import html_stream

    head, after, has_data = _page(report)
    stream.write(head)
    if has_data:
        html_stream.write_data(report, stream)
    stream.write(after)

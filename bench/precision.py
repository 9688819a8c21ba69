"""Precision on human text: how often aislop raises a false alarm on documents no model wrote.

    python bench/precision.py                       # build (once) and scan the corpus, print per rule
    python bench/precision.py --save before.json    # keep this run's figures
    python bench/precision.py --compare before.json # print them beside this run's
    python bench/precision.py --write-docs          # publish the figures in docs/precision.json

The corpus is assembled from what a Debian or Ubuntu machine already has, without network:

* ``doc``: READMEs, notes and HTML/Markdown/reST pages under /usr/share/doc (gzip read);
* ``changelog``: Debian and upstream changelogs and NEWS files under /usr/share/doc;
* ``man``: English man pages of sections 1, 5, 7 and 8 rendered to text (``man -l`` | ``col -bx``),
  at most 40 of one program family;
* ``licence``: /usr/share/common-licenses;
* ``debian-description``: the package descriptions in /var/lib/dpkg/status, 40 to a file;
* ``python-readme``: the long descriptions (Markdown or reST) of installed Python distributions;
* ``cmake``: the CMake reference pages (reST) under /usr/share/cmake-*/Help;
* ``awscli``: the AWS CLI command examples (reST), if awscli is installed.

Candidates are sorted and sampled by a hash of their path, so the same machine always gives the
same corpus and adding a package changes it only a little. Files of fewer than 30 words or more
than 60,000 are left out. The corpus lives in a cache folder (``--corpus``, default
``$XDG_CACHE_HOME/aislop-precision`` or ``~/.cache/aislop-precision``), never in git; it is built
once and reused (``--rebuild`` to start again).

Every finding on this corpus is a false alarm by construction, except a literal TODO/FIXME/TBD
the author left in the text. Printed per rule: findings (warning and error) per 1,000 words,
files blocked (an error finding: the scan's "blocked" verdict) and a few quoted examples.
Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import email.parser
import glob
import gzip
import hashlib
import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS_DATA = REPO / "docs" / "precision.json"
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_TAG = re.compile(r"<[^>]*>")
MIN_WORDS, MAX_WORDS = 30, 60_000
MAN_PER_FAMILY = 40
# A literal TODO/FIXME/TBD the author left in the text: placeholder-text is right to block it.
_LITERAL_TODO = re.compile(r"(?:TODO|FIXME|TBD|TBC|XXX)\s*:?")
TARGET_BLOCKED_PERCENT = 0.3
TARGET_PER_1000 = 0.03

# source name -> how many files to keep (None: all candidates)
QUOTAS = {
    "doc": 900,
    "changelog": 250,
    "man": 1600,
    "licence": None,
    "debian-description": None,
    "python-readme": None,
    "cmake": 350,
    "awscli": 300,
}
SCANNED = {".md", ".markdown", ".txt", ".rst", ".html", ".htm"}
_CHANGELOG = re.compile(r"^(changelog|news|history|changes)([._-]|$)", re.IGNORECASE)
_DOC_NAMES = re.compile(r"^(readme|notes?|usage|faq|todo|bugs|thanks|authors|install|hacking|contributing|"
                        r"tutorial|intro|overview|guide|manual|howto|copying|credits|problems|features)",
                        re.IGNORECASE)


def default_corpus() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aislop-precision"


def stable_sample(paths: list[str], quota: int | None) -> list[str]:
    """The same subset on every run: order by a hash of the path, keep the first ``quota``."""
    ordered = sorted(set(paths), key=lambda p: hashlib.sha1(p.encode()).hexdigest())
    return sorted(ordered if quota is None else ordered[:quota])


def _read(path: str) -> str | None:
    try:
        raw = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\0" in raw[:4096]:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _words(text: str, suffix: str) -> int:
    if suffix in (".html", ".htm"):
        text = html.unescape(_TAG.sub(" ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)))
    return len(_WORD.findall(text))


# --------------------------------------------------------------------------- candidates
def doc_candidates() -> tuple[list[str], list[str]]:
    docs, changelogs = [], []
    for path in sorted(glob.glob("/usr/share/doc/**/*", recursive=True)):
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        name = os.path.basename(path)
        bare = name[:-3] if name.endswith(".gz") else name
        suffix = os.path.splitext(bare)[1].lower()
        if name == "copyright" or "/examples/" in path:
            continue
        if _CHANGELOG.match(bare):
            changelogs.append(path)
        elif suffix in SCANNED or (_DOC_NAMES.match(bare) and suffix in ("", ".debian", ".source")):
            docs.append(path)
    return docs, changelogs


def man_candidates() -> list[str]:
    """English man pages; at most ``MAN_PER_FAMILY`` of one family (gcloud ships 16,000 pages, git
    150), so that no single program's page template decides the figures."""
    families: dict[str, list[str]] = defaultdict(list)
    for section in ("man1", "man5", "man7", "man8"):
        for path in sorted(glob.glob(f"/usr/share/man/{section}/*")):
            if not os.path.islink(path) and os.path.isfile(path):
                families[re.split(r"[-_.]", os.path.basename(path))[0]].append(path)
    return [p for family in families.values() for p in stable_sample(family, MAN_PER_FAMILY)]


def render_man(path: str) -> str | None:
    env = dict(os.environ, MANWIDTH="80", LANG="C.UTF-8", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="0")
    try:
        out = subprocess.run(["man", "-l", path], capture_output=True, env=env, timeout=60, check=False).stdout
        plain = subprocess.run(["col", "-bx"], input=out, capture_output=True, timeout=60, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return plain.decode("utf-8", errors="replace") or None


def python_readmes() -> list[tuple[str, str, str]]:
    """(source path, text, suffix) of every installed distribution's long description."""
    roots = sorted({p for pattern in ("/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
                                      "/usr/local/lib/python3*/dist-packages",
                                      "/root/.pyenv/versions/*/lib/python3*/site-packages")
                    for p in glob.glob(pattern)})
    seen, out = set(), []
    for root in roots:
        for meta in sorted(glob.glob(os.path.join(root, "*.dist-info", "METADATA")) +
                           glob.glob(os.path.join(root, "*.egg-info", "PKG-INFO"))):
            text = _read(meta)
            if text is None:
                continue
            msg = email.parser.Parser().parsestr(text)
            key = (msg.get("Name", "") or meta).lower()
            body = msg.get_payload() or msg.get("Description", "") or ""
            if key in seen or key == "aislop" or not isinstance(body, str) or not body.strip():
                continue
            seen.add(key)
            kind = (msg.get("Description-Content-Type") or "").lower()
            suffix = ".md" if "markdown" in kind else ".txt" if "plain" in kind else ".rst"
            out.append((meta, body, suffix))
    return out


def debian_descriptions() -> list[str]:
    try:
        status = Path("/var/lib/dpkg/status").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries = []
    for block in status.split("\n\n"):
        fields = dict(re.findall(r"(?m)^(Package|Description): ?(.*)$", block))
        match = re.search(r"(?ms)^Description: ?(.*?)(?=^\S|\Z)", block)
        if "Package" not in fields or not match:
            continue
        lines = match.group(1).rstrip("\n").split("\n")
        body = [" ".join(l.strip() for l in lines[1:]).replace(" . ", "\n\n")]
        entries.append(f"{fields['Package']}: {lines[0].strip()}\n\n" + "\n".join(body).strip() + "\n")
    entries.sort()
    return ["\n\n".join(entries[i:i + 40]) for i in range(0, len(entries), 40)]


# --------------------------------------------------------------------------- corpus
def _out_name(source: str, path: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/"))[-120:]
    return f"{source}/{stem}{suffix}"


def build(corpus: Path) -> dict:
    """Write the corpus under ``corpus/files`` and return its manifest."""
    files_dir = corpus / "files"
    if files_dir.exists():
        shutil.rmtree(files_dir)
    files_dir.mkdir(parents=True)
    manifest: dict[str, dict] = {}

    def keep(source: str, origin: str, text: str | None, suffix: str) -> None:
        if text is None:
            return
        words = _words(text, suffix)
        if not MIN_WORDS <= words <= MAX_WORDS:
            return
        name = _out_name(source, origin, suffix)
        target = files_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        manifest[name] = {"source": source, "origin": origin, "words": words}

    def suffix_of(path: str) -> str:
        bare = path[:-3] if path.endswith(".gz") else path
        suffix = os.path.splitext(bare)[1].lower()
        return suffix if suffix in SCANNED else ".txt"

    docs, changelogs = doc_candidates()
    for path in stable_sample(docs, QUOTAS["doc"]):
        keep("doc", path, _read(path), suffix_of(path))
    for path in stable_sample(changelogs, QUOTAS["changelog"]):
        keep("changelog", path, _read(path), ".txt")
    pages = stable_sample(man_candidates(), QUOTAS["man"])
    for i, path in enumerate(pages):
        if i % 100 == 0:
            print(f"  rendering man pages {i}/{len(pages)}", file=sys.stderr)
        keep("man", path, render_man(path), ".txt")
    for path in stable_sample(glob.glob("/usr/share/common-licenses/*"), QUOTAS["licence"]):
        if not os.path.islink(path):
            keep("licence", path, _read(path), ".txt")
    for i, text in enumerate(debian_descriptions()):
        keep("debian-description", f"dpkg-status-{i:03}", text, ".txt")
    readmes = {meta: (text, suffix) for meta, text, suffix in python_readmes()}
    for meta in stable_sample(list(readmes), QUOTAS["python-readme"]):
        keep("python-readme", meta, *readmes[meta])
    cmake = glob.glob("/usr/share/cmake*/Help/**/*.rst", recursive=True)
    for path in stable_sample(cmake, QUOTAS["cmake"]):
        keep("cmake", path, _read(path), ".rst")
    aws = [p for root in glob.glob("/root/.pyenv/versions/*/lib/python3*/site-packages/awscli/examples") +
           glob.glob("/usr/lib/python3/dist-packages/awscli/examples")
           for p in glob.glob(os.path.join(root, "**", "*.rst"), recursive=True)]
    for path in stable_sample(aws, QUOTAS["awscli"]):
        keep("awscli", path, _read(path), ".rst")
    (corpus / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- scan and figures
def scan(corpus: Path, jobs: int, use_cache: bool) -> dict:
    report = corpus / "report.json"
    cmd = [sys.executable, "-m", "aislop", "scan", str(corpus / "files"), "--format", "json", "--output",
           str(report), "--exit-zero", "--jobs", str(jobs)]
    cmd += ["--cache-dir", str(corpus / "cache")] if use_cache else ["--no-cache"]
    started = time.process_time()
    wall = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"aislop scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    print(f"  scanned in {time.perf_counter() - wall:.0f} s wall", file=sys.stderr)
    del started
    return json.loads(report.read_text(encoding="utf-8"))


def _quote(corpus: Path, finding: dict) -> str:
    text = finding.get("matched") or ""
    line = finding.get("line")
    if line:
        try:
            lines = (corpus / "files" / finding["path"]).read_text(encoding="utf-8").splitlines()
            text = lines[line - 1].strip() if line <= len(lines) else text
        except OSError:
            pass
    text = " ".join(text.split())
    return text[:110] + ("…" if len(text) > 110 else "")


def figures(corpus: Path, manifest: dict, report: dict, examples: int) -> dict:
    words = sum(m["words"] for m in manifest.values())
    by_source_words = Counter()
    for m in manifest.values():
        by_source_words[m["source"]] += m["words"]
    rules: dict[str, dict] = {}
    blocked_files: set[str] = set()
    other_errors: set[str] = set()  # blocked by something else than an author's literal TODO
    source_alarms = Counter()
    picked: dict[str, list] = defaultdict(list)
    for f in report["findings"]:
        rule = rules.setdefault(f["name"], {"code": f["rule"], "error": 0, "warning": 0, "info": 0,
                                            "blocked": set(), "files": set()})
        rule[f["severity"]] += 1
        if f["severity"] == "info":
            continue
        rule["files"].add(f["path"])
        source = manifest.get(f["path"], {}).get("source", "?")
        source_alarms[source] += 1
        if f["severity"] == "error":
            rule["blocked"].add(f["path"])
            blocked_files.add(f["path"])
            if not (f["name"] == "placeholder-text" and _LITERAL_TODO.fullmatch(f.get("matched") or "")):
                other_errors.add(f["path"])
        # examples: spread over files (one per file first), in a stable order
        if len(picked[f["name"]]) < examples and all(p["path"] != f["path"] for p in picked[f["name"]]):
            picked[f["name"]].append({"path": f["path"], "line": f.get("line"), "severity": f["severity"],
                                      "quote": _quote(corpus, f)})
    out_rules = {}
    for name, r in sorted(rules.items(), key=lambda kv: kv[1]["code"]):
        alarms = r["error"] + r["warning"]
        out_rules[name] = {
            "code": r["code"], "errors": r["error"], "warnings": r["warning"], "infos": r["info"],
            "per_1000_words": round(alarms * 1000 / words, 4) if words else 0.0,
            "files_blocked": len(r["blocked"]), "files_warned": len(r["files"]),
            "examples": picked.get(name, []),
        }
    total_alarms = sum(r["errors"] + r["warnings"] for r in out_rules.values())
    sources = {s: {"files": sum(1 for m in manifest.values() if m["source"] == s), "words": w,
                   "alarms": source_alarms[s]} for s, w in sorted(by_source_words.items())}
    return {
        "files": len(manifest),
        "words": words,
        "files_blocked": len(blocked_files),
        "blocked_percent": round(100 * len(blocked_files) / len(manifest), 3) if manifest else 0.0,
        "files_blocked_not_todo": len(other_errors),
        "blocked_not_todo_percent": round(100 * len(other_errors) / len(manifest), 3) if manifest else 0.0,
        "alarms": total_alarms,
        "per_1000_words": round(total_alarms * 1000 / words, 4) if words else 0.0,
        "sources": sources,
        "rules": out_rules,
    }


def print_figures(fig: dict, before: dict | None) -> None:
    def pair(now, then, fmt="{}"):
        return fmt.format(now) if before is None else f"{fmt.format(then)} -> {fmt.format(now)}"

    print(f"\nHuman corpus: {fig['files']:,} files, {fig['words']:,} words")
    for s, v in fig["sources"].items():
        print(f"  {s:20} {v['files']:5} files {v['words']:10,} words {v['alarms']:5} warnings+errors")
    b = before or {}
    print(f"\nfiles blocked: {pair(fig['files_blocked'], b.get('files_blocked'))} "
          f"({pair(fig['blocked_percent'], b.get('blocked_percent'), '{}%')}; target <= {TARGET_BLOCKED_PERCENT}%)")
    print(f"files blocked by more than a literal TODO/FIXME/TBD: "
          f"{pair(fig['files_blocked_not_todo'], b.get('files_blocked_not_todo'))} "
          f"({pair(fig['blocked_not_todo_percent'], b.get('blocked_not_todo_percent'), '{}%')})")
    print(f"warnings+errors: {pair(fig['alarms'], b.get('alarms'))} "
          f"({pair(fig['per_1000_words'], b.get('per_1000_words'), '{:.4f}')} per 1,000 words; "
          f"target <= {TARGET_PER_1000})\n")
    names = sorted(set(fig["rules"]) | set(b.get("rules", {})),
                   key=lambda n: (fig["rules"].get(n) or b["rules"][n])["code"])
    print(f"| {'rule':32} | {'warn+err':>12} | {'per 1,000 words':>18} | {'files blocked':>13} | infos |")
    print(f"|{'-' * 34}|{'-' * 14}:|{'-' * 20}:|{'-' * 15}:|------:|")
    empty = {"errors": 0, "warnings": 0, "infos": 0, "per_1000_words": 0.0, "files_blocked": 0, "code": ""}
    for name in names:
        r = fig["rules"].get(name, empty)
        o = b.get("rules", {}).get(name, empty)
        code = r["code"] or o["code"]
        print(f"| {code + ' ' + name:32} | {pair(r['errors'] + r['warnings'], o['errors'] + o['warnings']):>12} | "
              f"{pair(r['per_1000_words'], o['per_1000_words'], '{:.4f}'):>18} | "
              f"{pair(r['files_blocked'], o['files_blocked']):>13} | {r['infos']:5} |")
    for name in names:
        ex = fig["rules"].get(name, {}).get("examples")
        if ex:
            print(f"\n{name}:")
            for e in ex:
                print(f"  {e['severity'][0].upper()} {e['path']}:{e['line']}: {e['quote']}")


def not_run(report: dict) -> list[str]:
    """Rules this offline scan could not exercise: those the report says it skipped (grammar without
    LanguageTool) and those that only check with --online."""
    from aislop.registry import load_registry

    skipped = {m.group(1) for note in report.get("notes", []) if (m := re.match(r"([a-z-]+) \(AIS\d+\) skipped", note))}
    return sorted(skipped | {r.name for r in load_registry().rules if "online" in r.options})


def docs_data(fig: dict, report: dict) -> dict:
    """The figures docs/rules.md publishes (no examples, no machine paths)."""
    return {
        "not_run": not_run(report),
        "corpus": {
            "description": "/usr/share/doc READMEs and notes, changelogs, man pages rendered to text, "
                           "licences, package descriptions, Python package READMEs, CMake and AWS CLI "
                           "reference pages",
            "files": fig["files"], "words": fig["words"],
            "sources": {s: {"files": v["files"], "words": v["words"]} for s, v in fig["sources"].items()},
            "measured": time.strftime("%Y-%m-%d"),
            "system": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        },
        "files_blocked": fig["files_blocked"], "blocked_percent": fig["blocked_percent"],
        "files_blocked_not_todo": fig["files_blocked_not_todo"],
        "blocked_not_todo_percent": fig["blocked_not_todo_percent"],
        "per_1000_words": fig["per_1000_words"],
        "rules": {n: {k: r[k] for k in ("code", "errors", "warnings", "infos", "per_1000_words", "files_blocked")}
                  for n, r in fig["rules"].items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus(), help="cache folder for the corpus")
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="do not use aislop's result cache")
    parser.add_argument("--examples", type=int, default=4, help="quoted examples per rule")
    parser.add_argument("--save", type=Path, help="write this run's figures (JSON) to FILE")
    parser.add_argument("--compare", type=Path, help="figures saved by an earlier --save, printed beside")
    parser.add_argument("--report", type=Path, help="reuse this aislop JSON report of the corpus (no scan)")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_DATA.relative_to(REPO)}")
    args = parser.parse_args()

    manifest_path = args.corpus / "manifest.json"
    if args.rebuild or not manifest_path.exists():
        print(f"building the corpus in {args.corpus}", file=sys.stderr)
        manifest = build(args.corpus)
    else:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if args.report:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    else:
        report = scan(args.corpus, args.jobs, not args.no_cache)
    fig = figures(args.corpus, manifest, report, args.examples)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    print_figures(fig, before)
    if args.save:
        args.save.write_text(json.dumps(fig, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write_docs:
        DOCS_DATA.write_text(json.dumps(docs_data(fig, report), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The review record: proof of what was checked, found and waived, that anyone can verify later.

``aislop record PATH`` (or ``aislop scan ... --record FILE``) writes an ``aislop/record@1``
JSON document: the tool and check packages, the effective configuration and its hash, every
scanned file with its size and SHA-256, every reported finding, every waiver (a baseline entry
or inline suppression that silenced a finding, with its author's reason), the verdict, the
reviewer and the date. Its ``hash`` is a SHA-256 over the canonical form of everything else,
so editing one finding out of it is detectable. It never holds file contents: only hashes and
each finding's short matched text (dropped too with ``--redact``), so it can be shared without
sharing the deliverable.

``aislop verify RECORD [PATH]`` recomputes both hashes and says file by file what changed.
The format is documented in docs/record.md.

``aislop record`` writes an archive's record as a stream (``stream_record``): its files and
findings are written and hashed one at a time, the findings read back from the scan's on-disk
store (aislop.spill) in the record's order, so the record is never held in memory.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TextIO

from aislop.config import Config
from aislop.model import FileResult, Finding

SCHEMA = "aislop/record@1"
MATCHED_CHARS = 120
_CHUNK = 1 << 20


class RecordError(Exception):
    """The record cannot be read or written: exit code 2."""


def canonical(value: Any) -> bytes:
    """The bytes that are hashed: sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    """(size, SHA-256) of a file, read in chunks so large deliverables stay cheap in memory."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def short(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()[:MATCHED_CHARS]


# ------------------------------------------------------------------------ waivers
@dataclass(frozen=True)
class Waiver:
    """A finding that was silenced on purpose, and why (``reason`` None: none was written)."""

    kind: str  # "inline" (a suppression comment) or "baseline" (an entry of a baseline file)
    rule: str  # code
    name: str
    path: str
    line: int | None
    matched: str
    reason: str | None
    source: str = ""  # where the waiver is written: "path:line" of the comment, or the baseline file

    def as_dict(self, redact: bool = False) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "matched": "" if redact else self.matched,
            "reason": self.reason,
            "source": self.source,
        }


def inline_waivers(files: Iterable[FileResult]) -> list[Waiver]:
    """The suppressed findings the engine kept aside on each file result."""
    return [Waiver(kind="inline", **w) for result in files for w in result.waived]


def baseline_waivers(findings: Iterable[Finding], reasons: dict[str, str | None], baseline: Path) -> list[Waiver]:
    return [
        Waiver(
            kind="baseline", rule=f.rule.code, name=f.rule.name, path=f.path, line=f.line,
            matched=short(f.matched or f.symbol), reason=reasons.get(f.fingerprint), source=str(baseline),
        )
        for f in findings
    ]


# ------------------------------------------------------------------------ building
@dataclass
class Review:
    reviewer: str | None = None
    note: str | None = None
    date: str = field(default_factory=lambda: _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat())


def effective_config(config: Config) -> dict[str, Any]:
    """The settings that decide what a scan reports (not where caches live or how many workers)."""
    settings = {k: v for k, v in sorted(config.settings.items()) if k not in ("no_cache", "cache_dir")}
    return {
        "select": config.select,
        "extend-select": config.extend_select,
        "ignore": config.ignore,
        "per-file-ignores": config.per_file_ignores,
        "exclude": config.all_excludes,
        "respect-gitignore": config.respect_gitignore,
        "fail-on": config.fail_on.value,
        "max-file-size": config.max_file_size,
        "rules": config.rules,
        "severity-weights": config.severity_weights,
        "block-confidence": config.block_confidence,
        "require-reason": config.require_reason,
        "settings": json.loads(json.dumps(settings, default=str)),
        "source": str(config.source) if config.source else None,
    }


def check_packages() -> list[dict[str, str | None]]:
    """Every installed package that registers checks, with its version (plugins included)."""
    rows = []
    for ep in sorted(entry_points(group="aislop.checks"), key=lambda e: e.name):
        dist = getattr(ep, "dist", None)
        rows.append(
            {
                "entry-point": ep.name,
                "module": ep.value,
                "distribution": dist.metadata["Name"] if dist is not None else None,
                "version": dist.version if dist is not None else None,
            }
        )
    return rows


def _split_embedded(relpath: str) -> tuple[str, str | None]:
    """``deck.pptx#slide1/image2.png`` -> (``deck.pptx``, ``slide1/image2.png``)."""
    parent, sep, inner = relpath.partition("#")
    return (parent, inner) if sep else (relpath, None)


def file_entries(root: Path, files: Iterable[FileResult]) -> list[dict[str, Any]]:
    """One entry per scanned file on disk; items embedded in a document (a deck's pictures) are
    listed under it with their own size and hash (the parent's hash covers them as well)."""
    return list(_file_entries(root, sorted(files, key=lambda r: r.path)))


def _file_entries(root: Path, files: Iterable[FileResult]) -> Iterator[dict[str, Any]]:
    """``file_entries`` of files already in path order, each hashed when its turn comes."""
    base = root if root.is_dir() else root.parent
    for result in files:
        entry: dict[str, Any] = {"path": result.path, "kind": result.kind}
        try:
            entry["size"], entry["sha256"] = file_digest(base / result.path)
        except OSError as exc:
            entry["size"], entry["sha256"] = None, None
            entry["error"] = (exc.strerror or str(exc)).lower()
        if result.embedded:
            entry["embedded"] = [
                {"path": _split_embedded(item["path"])[1], "size": item["size"], "sha256": item["sha256"]}
                for item in sorted(result.embedded, key=lambda item: item["path"])
            ]
        yield entry


def finding_entry(f: Finding, redact: bool) -> dict[str, Any]:
    return {
        "rule": f.rule.code,
        "name": f.rule.name,
        "family": f.rule.family,
        "severity": f.effective_severity.value,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "location": f.location,
        "message": f.message,
        "matched": "" if redact else short(f.matched),
        "fingerprint": f.fingerprint,
    }


def build_record(
    *,
    root: Path,
    files: list[FileResult],
    findings: list[Finding],
    waivers: list[Waiver],
    verdict: str,
    config: Config,
    version: str,
    review: Review,
    redact: bool = False,
) -> dict[str, Any]:
    """The record as a dict, ``hash`` last; see docs/record.md for each field."""
    body = _body(root, verdict, config, version, review, redact, waivers)
    body["files"] = file_entries(root, files)
    body["findings"] = [finding_entry(f, redact) for f in sorted(findings, key=lambda f: f.sort_key())]
    body = {key: body[key] for key in ORDER}
    body["hash"] = sha256_hex(canonical(body))
    return body


ORDER = ("schema", "tool", "check-packages", "config", "config-sha256", "root", "files", "findings", "waivers",
         "verdict", "review")  # the record's keys as written (``hash`` last)
LISTS = ("files", "findings")  # the long ones, which ``stream_record`` writes an entry at a time


def _body(root: Path, verdict: str, config: Config, version: str, review: Review, redact: bool,
          waivers: list[Waiver]) -> dict[str, Any]:
    """The record's short fields: all but its files and findings."""
    config_dict = effective_config(config)
    return {
        "schema": SCHEMA,
        "tool": {"name": "aislop", "version": version},
        "check-packages": check_packages(),
        "config": config_dict,
        "config-sha256": sha256_hex(canonical(config_dict)),
        "root": str(root.resolve()),
        "waivers": [w.as_dict(redact) for w in sorted(waivers, key=lambda w: (w.path, w.line or 0, w.rule, w.kind))],
        "verdict": verdict,
        "review": {"reviewer": review.reviewer, "note": review.note, "date": review.date, "redacted": redact},
    }


def stream_record(
    out: TextIO, *, root: Path, files: Iterable[FileResult], findings, waivers: list[Waiver], verdict: str,
    config: Config, version: str, review: Review, redact: bool = False,
) -> tuple[dict[str, Any], int]:
    """Write the text of ``write_record(path, build_record(...))`` to ``out`` an entry at a time.
    ``files`` need only their path, kind and embedded items; ``findings`` are a scan's on-disk
    store (read back in the record's order) or a list. Returns the record without its files and
    findings, and how many findings it lists (for ``review_line``)."""
    body = _body(root, verdict, config, version, review, redact, waivers)
    lists = {
        "files": _file_entries(root, sorted(files, key=lambda r: r.path)),
        "findings": (finding_entry(f, redact) for f in _in_record_order(findings)),
    }
    digest = hashlib.sha256()
    written = dict.fromkeys(LISTS, 0)
    # The hash covers the canonical form (sorted keys): the short fields around the two lists.
    before = [key for key in sorted(ORDER) if key < LISTS[0]]
    digest.update(b"{" + b",".join(canonical(key) + b":" + canonical(body[key]) for key in before))
    out.write("{")
    for n, key in enumerate(ORDER):
        out.write(("\n" if n == 0 else ",\n") + "  " + json.dumps(key) + ": ")
        if key not in LISTS:
            out.write(_indented(body[key], 1))
            continue
        digest.update(b"," + canonical(key) + b":[")
        for entry in lists[key]:
            out.write(("[\n    " if written[key] == 0 else ",\n    ") + _indented(entry, 2))
            digest.update((b"," if written[key] else b"") + canonical(entry))
            written[key] += 1
        out.write("\n  ]" if written[key] else "[]")
        digest.update(b"]")
    after = [key for key in sorted(ORDER) if key > LISTS[-1]]
    digest.update(b"".join(b"," + canonical(key) + b":" + canonical(body[key]) for key in after) + b"}")
    body["hash"] = digest.hexdigest()
    out.write(",\n  " + json.dumps("hash") + ": " + _indented(body["hash"], 1) + "\n}\n")
    return body, written["findings"]


def _in_record_order(findings) -> Iterator[Finding]:
    stored = getattr(findings, "in_path_order", None)
    return stored() if stored is not None else iter(sorted(findings, key=lambda f: f.sort_key()))


def _indented(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``level`` levels deep."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def write_record(path: Path, record: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"cannot write record {path}: {exc.strerror or exc}") from None


def review_line(record: dict[str, Any], findings: int | None = None) -> str:
    """"Reviewed by X on DATE: N findings, M waived (K with reasons)" for the reports (``findings``:
    N, for a record written by ``stream_record``, which does not hold them)."""
    review = record["review"]
    who = review.get("reviewer") or "an unnamed reviewer"
    waivers = record["waivers"]
    explained = sum(1 for w in waivers if w.get("reason"))
    n, m = len(record["findings"]) if findings is None else findings, len(waivers)
    return (
        f"Reviewed by {who} on {review['date'][:10]}: {n} finding{'s' * (n != 1)}, "
        f"{m} waived ({explained} with reasons)."
    )


# ------------------------------------------------------------------------ verifying
def load_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecordError(f"cannot read record {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RecordError(f"record {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RecordError(f"{path} is not an {SCHEMA} file (make one with `aislop record`)")
    for key, kind in (("files", list), ("findings", list), ("waivers", list), ("hash", str), ("root", str)):
        if not isinstance(data.get(key), kind):
            raise RecordError(f"record {path}: {key!r} is missing or malformed")
    return data


@dataclass
class Verification:
    hash_ok: bool
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.hash_ok and not (self.changed or self.added or self.removed)


def verify_record(record: dict[str, Any], root: Path, current: Iterable[str]) -> Verification:
    """Compare the record with the files under ``root`` now. ``current`` lists the relpaths
    a scan of ``root`` would read today (embedded items are folded into their parent)."""
    body = {k: v for k, v in record.items() if k != "hash"}
    result = Verification(hash_ok=sha256_hex(canonical(body)) == record["hash"])
    base = root if root.is_dir() else root.parent
    recorded = {}
    for entry in record["files"]:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            recorded[entry["path"]] = entry
    for relpath, entry in sorted(recorded.items()):
        target = base / relpath
        try:
            size, digest = file_digest(target)
        except OSError:
            result.removed.append(relpath)
            continue
        if size != entry.get("size") or digest != entry.get("sha256"):
            result.changed.append(relpath)
        else:
            result.unchanged += 1
    now = {_split_embedded(p)[0] for p in current}
    result.added = sorted(now - set(recorded))
    return result

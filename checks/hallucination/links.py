"""The link resolver behind broken-link (--online): short timeouts, a thread pool, and an
on-disk cache of answers."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from aislop.checks.hallucination.text import doc_urls
from aislop.checks.hallucination.urls import DOI_CANDIDATE, LOCAL_HOST, PLACEHOLDER_HOST, VALID_DOI, host_of
from aislop.document import Document
from aislop.registry import Context

_CHECKABLE_SCHEME = re.compile(r"(?i)^(?:https?://|www\.)")
_LINK_CACHE_DAYS = {"ok": 7, "broken": 1}  # "unknown" results are never cached


@dataclass(frozen=True)
class LinkStatus:
    state: str  # ok | broken | unknown
    detail: str


class LinkChecker:
    """Resolves URLs with short timeouts and a thread pool, caching answers on disk."""

    _memo: dict[str, LinkStatus] = {}
    _lock = threading.Lock()

    def __init__(self, cache_dir: Path | None, timeout: float, concurrency: int):
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.concurrency = max(1, concurrency)

    def check_all(self, urls: Iterable[str]) -> dict[str, LinkStatus]:
        todo = sorted(set(urls))
        with ThreadPoolExecutor(max_workers=min(self.concurrency, max(1, len(todo)))) as pool:
            return dict(zip(todo, pool.map(self.check, todo), strict=True))

    def check(self, url: str) -> LinkStatus:
        with self._lock:
            if url in self._memo:
                return self._memo[url]
        status = self._cached(url)
        if status is None:
            status = self._fetch(url)
            self._store(url, status)
        with self._lock:
            self._memo[url] = status
        return status

    def _fetch(self, url: str) -> LinkStatus:
        import urllib.error  # imported on first use: only --online fetches, and http/ssl cost every start
        import urllib.request

        headers = {"User-Agent": "aislop link check (+https://pypi.org/project/aislop/)"}
        local = bool(LOCAL_HOST.match(host_of(url)))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({})) if local else urllib.request.build_opener()
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers=headers)
            try:
                with opener.open(request, timeout=self.timeout) as response:
                    return LinkStatus("ok", f"HTTP {response.status}")
            except urllib.error.HTTPError as exc:
                if exc.code in (404, 410):
                    return LinkStatus("broken", f"HTTP {exc.code}")
                if method == "HEAD" and exc.code in (400, 403, 405, 501):
                    continue  # many servers refuse HEAD; ask again with GET
                return LinkStatus("unknown", f"HTTP {exc.code}")
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", exc)
                return LinkStatus("unknown", str(reason) or type(exc).__name__)
        return LinkStatus("unknown", "no answer")

    # ------------------------------------------------------------------ disk cache
    def _entry(self, url: str) -> Path | None:
        host = host_of(url).split(":")[0]
        if self.cache_dir is None or LOCAL_HOST.match(host):
            return None  # loopback answers change from run to run
        return self.cache_dir / "links" / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def _cached(self, url: str) -> LinkStatus | None:
        entry = self._entry(url)
        try:
            data = json.loads(entry.read_text(encoding="utf-8")) if entry else None
        except (OSError, ValueError):
            return None
        if not data or data.get("url") != url:
            return None
        if time.time() - data.get("checked", 0) > _LINK_CACHE_DAYS.get(data.get("state"), 0) * 86400:
            return None
        return LinkStatus(data["state"], data.get("detail", ""))

    def _store(self, url: str, status: LinkStatus) -> None:
        entry = self._entry(url)
        if entry is None or status.state not in _LINK_CACHE_DAYS:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            payload = {"url": url, "state": status.state, "detail": status.detail, "checked": time.time()}
            with tempfile.NamedTemporaryFile("w", dir=entry.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
                json.dump(payload, tmp)
            os.replace(tmp.name, entry)
        except OSError:
            pass  # a read-only cache only costs a refetch


def link_targets(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, URL to fetch) for cited web links and valid DOIs, placeholders excluded."""
    targets: list[tuple[int, int, str]] = []
    for a, b in doc_urls(doc):
        url = doc.source[a:b]
        if not _CHECKABLE_SCHEME.match(url) or PLACEHOLDER_HOST.match(host_of(url)):
            continue
        targets.append((a, b, url if "://" in url else "https://" + url))
    for match in DOI_CANDIDATE.finditer(doc.source):
        doi = match.group("doi").rstrip(".,;:")
        at = match.start()
        if match.group().lower().startswith("doi") and VALID_DOI.fullmatch(doi) and doc.text[at : at + 1].strip():
            targets.append((at, match.start("doi") + len(doi), "https://doi.org/" + doi))
    return targets


def link_cache_dir(ctx: Context) -> Path | None:
    """Where answers are kept between scans: the check's cache folder; None with --no-cache."""
    return ctx.cache_dir

"""Asking Crossref and OpenAlex about works (only with --online).

``JsonClient`` is the polite HTTP side: a bounded number of requests in flight per host,
retries with backoff on 429 and 5xx answers (honouring ``Retry-After``), a timeout per
request, and an on-disk cache of answers (a work that exists for weeks, a miss for a day; a
failure is never cached). ``Crossref`` and ``OpenAlex`` turn their JSON into ``Work`` records.
Standard library only: the two APIs need nothing more than GET and JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from aislop import __version__

HIT_DAYS = 28.0  # a work that exists stays registered
MISS_DAYS = 1.0  # a miss may be a work registered tomorrow
_MAX_RETRY_WAIT = 30.0  # a Retry-After longer than this is not waited for
_LOCAL = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Reply:
    """What a GET came back with: ``status`` None when the host could not be reached."""

    status: int | None
    data: dict | None = None
    detail: str = ""
    cached: bool = False

    @property
    def reachable(self) -> bool:
        return self.status in (200, 404)


class JsonClient:
    """GET JSON with per-host concurrency limits, retries, a timeout and a disk cache."""

    _slots: dict[str, threading.BoundedSemaphore] = {}
    _slots_lock = threading.Lock()

    def __init__(self, cache_dir: Path | None, *, timeout: float = 10.0, per_host: int = 3, retries: int = 3,
                 backoff: float = 1.0, user_agent: str = ""):
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.per_host = max(1, per_host)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.user_agent = user_agent or f"aislop/{__version__} (reference check)"
        self.requests = 0  # requests actually sent (cache hits not counted)

    def get(self, url: str, cache_key: str | None = None) -> Reply:
        """``cache_key``: the URL without what does not change the answer (the mailto)."""
        key = cache_key or url
        cached = self._cached(key)
        if cached is not None:
            return cached
        reply = self._fetch(url)
        if reply.status == 200 or reply.status == 404:
            self._store(key, reply)
        return reply

    # ------------------------------------------------------------------ network
    def _slot(self, url: str) -> threading.BoundedSemaphore:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._slots_lock:
            key = f"{host}/{self.per_host}"
            if key not in self._slots:
                self._slots[key] = threading.BoundedSemaphore(self.per_host)
            return self._slots[key]

    def _fetch(self, url: str) -> Reply:
        import urllib.request  # imported on first use: only --online fetches, and http/ssl cost every start

        host = urllib.parse.urlsplit(url).hostname or ""
        handlers = [urllib.request.ProxyHandler({})] if host in _LOCAL or host == "::1" else []
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "application/json"})
        reply = Reply(None, detail="not tried")
        for attempt in range(self.retries + 1):
            with self._slot(url):
                self.requests += 1
                reply, wait = self._once(opener, request)
            if reply.status is not None and reply.status != 429 and reply.status < 500:
                return reply
            if attempt == self.retries or reply.status is None:
                break  # only a busy or failing server (429, 5xx) is asked again
            delay = wait if wait is not None else self.backoff * 2**attempt
            if delay > _MAX_RETRY_WAIT:
                break
            time.sleep(delay)
        return Reply(reply.status, detail=reply.detail)

    def _once(self, opener, request) -> tuple[Reply, float | None]:
        import urllib.error

        try:
            with opener.open(request, timeout=self.timeout) as response:
                body = response.read(8 * 2**20)
                return Reply(response.status, _json(body)), None
        except urllib.error.HTTPError as exc:
            wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            detail = f"HTTP {exc.code}"
            if exc.code == 404:
                return Reply(404, None, detail), None
            return Reply(exc.code, None, detail), wait
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Reply(None, detail=str(reason) or type(exc).__name__), None

    # ------------------------------------------------------------------ disk cache
    def _entry(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / "scholarly" / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")

    def _cached(self, key: str) -> Reply | None:
        entry = self._entry(key)
        try:
            data = json.loads(entry.read_text(encoding="utf-8")) if entry else None
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        days = HIT_DAYS if data.get("hit") else MISS_DAYS
        if time.time() - float(data.get("stored", 0)) > days * 86400:
            return None
        return Reply(int(data["status"]), data.get("data"), "cached", cached=True)

    def _store(self, key: str, reply: Reply) -> None:
        entry = self._entry(key)
        if entry is None:
            return
        payload = {"key": key, "status": reply.status, "data": reply.data, "hit": _is_hit(reply), "stored": time.time()}
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=entry.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
                json.dump(payload, tmp)
            os.replace(tmp.name, entry)
        except OSError:
            pass  # a read-only cache only costs a refetch


def _is_hit(reply: Reply) -> bool:
    """A 200 that holds a work (or a search with results) is a hit; 404 and empty lists are misses."""
    if reply.status != 200 or not isinstance(reply.data, dict):
        return False
    message = reply.data.get("message")
    if isinstance(message, dict) and "items" in message:
        return bool(message["items"])
    if "results" in reply.data:
        return bool(reply.data["results"])
    return True


def _json(body: bytes) -> dict | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils  # only a throttled --online lookup reads a Retry-After date

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# ============================================================================ the two sources
@dataclass
class Work:
    """A registered work as a source describes it."""

    source: str
    title: str
    authors: list[str] = field(default_factory=list)  # surnames (or an organisation's name)
    year: str = ""
    container: str = ""
    doi: str = ""
    kind: str = ""

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""

    def cite(self) -> str:
        """Short registered metadata for a message: Title (First author, Year, Container, doi:...)."""
        parts = [p for p in (self.first_author + (" et al." if len(self.authors) > 1 else ""), self.year,
                             self.container) if p]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        return f'"{self.title}" ({", ".join(parts)})' if parts else f'"{self.title}"'

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "title": self.title, "first_author": self.first_author, "year": self.year,
                "container": self.container, "doi": self.doi}


@dataclass
class Lookup:
    """The answer of one source: ``works`` found, or ``reachable`` False (no verdict possible)."""

    source: str
    reachable: bool
    works: list[Work] = field(default_factory=list)
    detail: str = ""


class Source:
    name = ""

    def __init__(self, base_url: str, client: JsonClient, mailto: str = "", rows: int = 5):
        self.base = base_url.rstrip("/")
        self.client = client
        self.mailto = mailto
        self.rows = rows

    def _get(self, path: str, params: dict[str, str] | None = None) -> Reply:
        params = dict(params or {})
        key = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        if self.mailto:
            params["mailto"] = self.mailto
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        return self.client.get(url, cache_key=key)

    def _lookup(self, reply: Reply, works: list[Work]) -> Lookup:
        if not reply.reachable:
            return Lookup(self.name, False, detail=reply.detail or f"HTTP {reply.status}")
        return Lookup(self.name, True, works)

    def by_doi(self, doi: str) -> Lookup:
        raise NotImplementedError

    def search(self, query: str) -> Lookup:
        raise NotImplementedError


class Crossref(Source):
    """``GET {base}/works/{doi}`` and ``GET {base}/works?query.bibliographic=...``."""

    name = "Crossref"

    def by_doi(self, doi: str) -> Lookup:
        reply = self._get("/works/" + urllib.parse.quote(doi, safe="/:;()"))
        message = (reply.data or {}).get("message") if reply.status == 200 else None
        return self._lookup(reply, [self._work(message)] if isinstance(message, dict) else [])

    def search(self, query: str) -> Lookup:
        reply = self._get("/works", {"query.bibliographic": query, "rows": str(self.rows)})
        message = (reply.data or {}).get("message") if reply.status == 200 else None
        items = message.get("items", []) if isinstance(message, dict) else []
        return self._lookup(reply, [self._work(i) for i in items if isinstance(i, dict)])

    def _work(self, item: dict) -> Work:
        title = " ".join(_first(item.get("title")).split())
        subtitle = _first(item.get("subtitle"))
        if subtitle and subtitle.lower() not in title.lower():
            title = f"{title}: {subtitle}"
        authors = []
        for author in item.get("author") or []:
            if isinstance(author, dict):
                authors.append(author.get("family") or author.get("name") or "")
        year = ""
        for key in ("issued", "published", "published-print", "published-online", "created"):
            parts = (item.get(key) or {}).get("date-parts") or [[None]]
            if parts and parts[0] and parts[0][0]:
                year = str(parts[0][0])
                break
        return Work(self.name, title, [a for a in authors if a], year, _first(item.get("container-title")),
                    str(item.get("DOI") or ""), str(item.get("type") or ""))


class OpenAlex(Source):
    """``GET {base}/works/https://doi.org/{doi}`` and ``GET {base}/works?search=...``."""

    name = "OpenAlex"

    def by_doi(self, doi: str) -> Lookup:
        reply = self._get("/works/https://doi.org/" + urllib.parse.quote(doi, safe="/:;()"))
        data = reply.data if reply.status == 200 else None
        return self._lookup(reply, [self._work(data)] if isinstance(data, dict) else [])

    def search(self, query: str) -> Lookup:
        reply = self._get("/works", {"search": query, "per-page": str(self.rows)})
        results = (reply.data or {}).get("results", []) if reply.status == 200 else []
        return self._lookup(reply, [self._work(r) for r in results if isinstance(r, dict)])

    def _work(self, item: dict) -> Work:
        authors = []
        for authorship in item.get("authorships") or []:
            name = ((authorship or {}).get("author") or {}).get("display_name") or ""
            if name:
                authors.append(_surname(name))
        location = item.get("primary_location") or {}
        container = ((location.get("source") or {}).get("display_name")) or ""
        doi = str(item.get("doi") or "")
        doi = doi.split("doi.org/", 1)[-1] if doi else ""
        year = item.get("publication_year")
        return Work(self.name, " ".join(str(item.get("title") or item.get("display_name") or "").split()), authors,
                    str(year) if year else "", container, doi, str(item.get("type") or ""))


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _surname(display_name: str) -> str:
    """ "Yann LeCun" -> "LeCun"; "Ludwig van Beethoven" -> "van Beethoven"."""
    words = display_name.replace(",", " ").split()
    if not words:
        return ""
    surname = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() in {"van", "von", "der", "den", "de", "del", "da", "di", "la", "le", "du"}:
            surname.insert(0, word)
        else:
            break
    return " ".join(surname)


def polite_user_agent(mailto: str) -> str:
    """Crossref's polite pool reads a contact address in the User-Agent: "(mailto:...)"."""
    base = f"aislop/{__version__} (https://pypi.org/project/aislop/; reference check"
    return f"{base}; mailto:{mailto})" if mailto else base + ")"

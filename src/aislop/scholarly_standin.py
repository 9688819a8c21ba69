"""A loopback stand-in for the Crossref and OpenAlex work and search endpoints, serving
recorded answers, so that the reference check is tested (and its rule examples run) without
the internet. It imports nothing from aislop: it is a server, not a double of aislop's code.

Records (``records``) hold the answers in each API's JSON shape::

    {"crossref": {"works": [<message of GET /works/{doi}>, ...]},
     "openalex": {"works": [<GET /works/{id} body>, ...]}}

``GET /crossref/works/{doi}`` and ``GET /openalex/works/https://doi.org/{doi}`` answer the work
with that DOI or 404; the search endpoints (``/crossref/works?query.bibliographic=`` and
``/openalex/works?search=``) answer the recorded works sharing the most words with the query,
best first, as the real services rank by relevance and always return near misses. Every
request is recorded (path, query, headers) for tests to assert on. ``throttle`` makes the first
N requests to a service answer 429 with ``Retry-After``; ``failing`` services answer 503.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import unicodedata
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Request:
    service: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class ScholarlyStandIn:
    records: dict
    throttle: dict[str, int] = field(default_factory=dict)  # service -> 429 answers before serving
    retry_after: str = "1"
    failing: set[str] = field(default_factory=set)  # services that answer 503
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> ScholarlyStandIn:
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                status, body, headers = standin.answer(self.path, dict(self.headers.items()))
                payload = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ScholarlyStandIn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the stand-in first"
        return self._server.server_address[1]

    def url(self, service: str) -> str:
        """The base URL to configure: ``crossref-url`` or ``openalex-url``."""
        return f"http://127.0.0.1:{self.port}/{service}"

    def of(self, service: str) -> list[Request]:
        return [r for r in self.requests if r.service == service]

    # ------------------------------------------------------------------ answers
    def answer(self, raw_path: str, headers: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        split = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(split.path)
        query = dict(urllib.parse.parse_qsl(split.query))
        service, _, rest = path.lstrip("/").partition("/")
        with self._lock:
            self.requests.append(Request(service, "/" + rest, query, headers))
            if self.throttle.get(service, 0) > 0:
                self.throttle[service] -= 1
                return 429, json.dumps({"status": "error", "message": "rate limited"}), {"Retry-After": self.retry_after}
        if service in self.failing:
            return 503, json.dumps({"error": "service unavailable"}), {}
        works = (self.records.get(service) or {}).get("works", [])
        if service == "crossref":
            return self._crossref(rest, query, works)
        if service == "openalex":
            return self._openalex(rest, query, works)
        return 404, json.dumps({"error": "unknown service"}), {}

    def _crossref(self, rest: str, query: dict[str, str], works: list[dict]) -> tuple[int, str, dict]:
        if rest.startswith("works/"):
            doi = rest[len("works/") :].lower()
            for work in works:
                if str(work.get("DOI", "")).lower() == doi:
                    body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}
                    return 200, json.dumps(body), {}
            return 404, "Resource not found.", {"Content-Type": "text/plain"}
        if rest == "works":
            rows = int(query.get("rows", "20"))
            items = _ranked(query.get("query.bibliographic", ""), works, lambda w: " ".join(w.get("title") or []))[:rows]
            body = {
                "status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                "message": {"facets": {}, "total-results": len(items), "items": items, "items-per-page": rows,
                            "query": {"start-index": 0, "search-terms": query.get("query.bibliographic")}},
            }
            return 200, json.dumps(body), {}
        return 404, "Resource not found.", {}

    def _openalex(self, rest: str, query: dict[str, str], works: list[dict]) -> tuple[int, str, dict]:
        if rest.startswith("works/"):
            key = rest[len("works/") :].lower()
            for work in works:
                if key in (str(work.get("doi", "")).lower(), str(work.get("id", "")).lower()):
                    return 200, json.dumps(work), {}
            return 404, json.dumps({"error": "Not Found", "message": "404 Not Found"}), {}
        if rest == "works":
            per_page = int(query.get("per-page", query.get("per_page", "25")))
            results = _ranked(query.get("search", ""), works, lambda w: str(w.get("title") or ""))
            body = {"meta": {"count": len(results), "db_response_time_ms": 12, "page": 1, "per_page": per_page},
                    "results": results[:per_page], "group_by": []}
            return 200, json.dumps(body), {}
        return 404, json.dumps({"error": "Not Found"}), {}


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    # Crude stemming ("microplastics" ~ "microplastic"), as the real services' analysers do.
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in re.findall(r"[a-z0-9]+", folded) if len(w) > 2}


def _ranked(query: str, works: list[dict], title_of) -> list[dict]:
    wanted = _words(query)
    scored = [(len(wanted & _words(title_of(w))), i, w) for i, w in enumerate(works)]
    return [w for score, _, w in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]

"""A loopback HTTP server for examples and tests of online rules, so they run without the
internet. It lives apart from aislop.testing because rule declarations use it: importing it
must not import the engine."""

from __future__ import annotations

import http.server
import threading
from functools import cache


@cache
def loopback_http_server() -> int:
    """Start (once per process) a 127.0.0.1 HTTP server and return its port: paths starting
    with ``/missing`` answer 404, every other path 200. It serves from a daemon thread until
    the process exits."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(404 if self.path.startswith("/missing") else 200)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]

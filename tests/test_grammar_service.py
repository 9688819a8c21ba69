"""The grammar rule against LanguageTool servers that work, are down, or answer garbage.

Each server is a real HTTP server on 127.0.0.1 started by the test; aislop runs as a separate
process, as a user runs it, so nothing of aislop's own code is replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

# Three prose files, each with findings of other prose rules (stock phrases) besides grammar.
FILES = {
    f"post{i}.md": f"# Post {i}\n\nIn today's fast-paced world, it's important to note that this are a test.\n"
    for i in range(3)
}


class StandIn(BaseHTTPRequestHandler):
    """LanguageTool's /v2/check as documented: one agreement error at 'this are'."""

    mode = "ok"
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        type(self).requests.append({"path": self.path, "language": form.get("language", [""])[0]})
        text = form.get("text", [""])[0]
        if self.mode == "garbage":
            body = b"<html><body>502 Bad Gateway, or anything else</body></html>"
        elif self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        else:
            at = text.find("this are")
            matches = [] if at < 0 else [{
                "message": "The pronoun 'this' does not agree with 'are'.", "shortMessage": "", "offset": at,
                "length": 8, "replacements": [{"value": "this is"}], "context": {"text": text, "offset": at, "length": 8},
                "sentence": text, "rule": {"id": "THIS_NNS", "description": "Agreement", "issueType": "grammar",
                                           "category": {"id": "GRAMMAR", "name": "Grammar"}},
            }]
            body = json.dumps({"matches": matches}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (StandIn,), {"requests": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _scan(root: Path, *args: str, env_extra: dict | None = None) -> dict:
    env = {**os.environ, "LTP_PATH": str(root / "no-languagetool"), **(env_extra or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "aislop", "scan", str(root / "docs"), "--format", "json", "--exit-zero",
         "--cache-dir", str(root / "cache"), "-j", "1", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def docs(tmp_path) -> Path:
    (tmp_path / "docs").mkdir()
    for name, text in FILES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return tmp_path


def _names(report: dict) -> list[str]:
    return sorted({f["name"] for f in report["findings"]})


def test_a_working_server_gives_grammar_findings_beside_the_other_prose_rules(docs, server):
    handler, url = server
    report = _scan(docs, "--languagetool-url", url)
    grammar = [f for f in report["findings"] if f["name"] == "grammar"]
    assert len(grammar) == 3 and all(f["matched"] == "this are" and f["line"] == 3 for f in grammar)
    assert "stock-phrase" in _names(report)
    assert handler.requests and all(r["path"] == "/v2/check" and r["language"] == "en-US" for r in handler.requests)
    # The same server URL written with /v2 works too.
    assert len([f for f in _scan(docs, "--languagetool-url", url + "/v2/", "--no-cache")["findings"]
                if f["name"] == "grammar"]) == 3


@pytest.mark.parametrize("mode, said", [("garbage", "answered with something that is not LanguageTool's JSON"),
                                        ("error", "answered HTTP 500 Internal Server Error")])
def test_a_server_answering_garbage_is_one_note_and_other_findings_stay(docs, server, mode, said):
    handler, url = server
    handler.mode = mode
    report = _scan(docs, "--languagetool-url", url)
    grammar_notes = [n for n in report["notes"] if "grammar" in n]
    assert grammar_notes == [f"grammar (AIS113) skipped: the LanguageTool server at {url} {said}."]
    assert "grammar" not in _names(report) and "stock-phrase" in _names(report)
    assert not [f for f in report["findings"] if f["family"] == "internal"]
    assert len(handler.requests) == 1  # a failed server is not asked again for every file
    # Not cached: once the server works, the next scan (same cache) reports grammar.
    handler.mode = "ok"
    assert "grammar" in _names(_scan(docs, "--languagetool-url", url))


def test_a_server_that_is_down_is_one_note_and_other_findings_stay(docs):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = _scan(docs, "--languagetool-url", f"http://127.0.0.1:{port}")
    grammar_notes = [n for n in report["notes"] if "grammar" in n]
    assert len(grammar_notes) == 1
    assert grammar_notes[0].startswith(f"grammar (AIS113) skipped: the LanguageTool server at http://127.0.0.1:{port} "
                                       "is not reachable (")
    assert "Max retries" not in grammar_notes[0]
    assert "stock-phrase" in _names(report) and not [f for f in report["findings"] if f["family"] == "internal"]
    assert all(f["error"] is None for f in report["files"])


def test_a_broken_local_languagetool_is_one_note_never_unreadable_file(docs, tmp_path):
    # An installation folder without its jar: language-tool-python finds the version but
    # cannot start the server. LTP_JAR_DIR_PATH keeps it from ever trying to download.
    broken = tmp_path / "lt"
    (broken / "LanguageTool-6.4").mkdir(parents=True)
    report = _scan(docs, env_extra={"LTP_PATH": str(broken), "LTP_JAR_DIR_PATH": str(broken / "LanguageTool-6.4")})
    grammar_notes = [n for n in report["notes"] if "grammar" in n]
    if any("no local LanguageTool installation" in n for n in grammar_notes):
        pytest.skip("Java is not installed, so there is no local LanguageTool to break")
    assert len(grammar_notes) == 1 and grammar_notes[0].startswith(
        "grammar (AIS113) skipped: the local LanguageTool 6.4 could not start (")
    assert "stock-phrase" in _names(report)
    assert all(f["error"] is None for f in report["files"])
    assert "unreadable-file" not in _names(report) and "internal-error" not in _names(report)


def _real_languagetool() -> str | None:
    """Why a real local LanguageTool cannot be tested here, or None when it can."""
    from aislop.checks.prose.grammar import _local_version

    if shutil.which("java") is None:
        return "Java is not installed"
    if _local_version() is None:
        return ("no LanguageTool unpacked in language-tool-python's folder (~/.cache/language_tool_python or "
                "LTP_PATH): it is not packaged for Debian and aislop never downloads it")
    return None


@pytest.mark.skipif(_real_languagetool() is not None, reason=f"no real LanguageTool: {_real_languagetool()}")
def test_a_real_local_languagetool_is_one_server_shared_by_the_workers(tmp_path):
    """With a real installation, a scan over two worker processes starts one LanguageTool
    server (in the main process) and every file's prose is checked by it."""
    (tmp_path / "docs").mkdir()
    for i in range(12):
        (tmp_path / "docs" / f"post{i}.md").write_text(f"# Post {i}\n\nThey was late, and this are a test.\n",
                                                        encoding="utf-8")
    out_file = tmp_path / "report.json"
    scan = subprocess.Popen(
        [sys.executable, "-m", "aislop", "scan", str(tmp_path / "docs"), "--format", "json", "--exit-zero",
         "--no-cache", "-j", "2", "-o", str(out_file)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    servers, deadline = set(), time.monotonic() + 600
    while scan.poll() is None and time.monotonic() < deadline:  # every LanguageTool server seen meanwhile
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                if b"org.languagetool.server" in (proc_dir / "cmdline").read_bytes():
                    servers.add(proc_dir.name)
            except OSError:
                pass
        time.sleep(0.2)
    _, err = scan.communicate(timeout=60)
    assert scan.returncode == 0, err
    assert len(servers) == 1, f"LanguageTool servers started: {len(servers)}"
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert not [n for n in report["notes"] if "grammar (AIS113)" in n], report["notes"]
    checked = {f["path"] for f in report["findings"] if f["name"] == "grammar"}
    assert checked == {f"post{i}.md" for i in range(12)}

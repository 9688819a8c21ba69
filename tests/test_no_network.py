"""Without --online, a scan never opens a socket: tested with sockets made to fail."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from aislop.config import Config
from aislop.engine import scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Links, DOIs, a cited reference list and imports of packages that are not installed: every
# place a check might be tempted to look something up.
DOCUMENT = """# Market report

Teams adopting the tool cut review time by 37% [1], as McKinsey found (Smith et al., 2019).
See https://www.example.org/pricing, https://doi.org/10.1038/nature12373 and doi:10.1002/pip.1182.

## References

1. Smith, J. (2019). Review time in practice. Journal of Tools, 4(2), 1-9. https://doi.org/10.1234/jt.2019.001
2. Marlowe, P. (2019). The quiet ledger. Harborview Press. ISBN 978-1-4028-9462-7. arXiv:1412.6980, PMID: 26017442
"""
CODE = "import requests\nimport fastapi_turbo_cache_pro\n\nURL = 'https://api.example.com/v1'\n\n\ndef get():\n    return requests.get(URL)\n"

# Every socket fails to open, as on a machine with no network at all. (Some libraries probe
# at import time, e.g. urllib3 creates an IPv6 socket to see whether IPv6 exists; they must
# cope, and the scan must still pass.)
_BLOCKER = """
import socket, sys
def _refuse(*args, **kwargs):
    raise OSError("sockets are blocked in this test")
class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _refuse()
socket.socket = _NoSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""
_LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0", "::")


def _deliverable(root: Path) -> Path:
    (root / "report.md").write_text(DOCUMENT, encoding="utf-8")
    (root / "client.py").write_text(CODE, encoding="utf-8")
    (root / "index.html").write_text("<p>Read <a href='https://example.net/x'>the study</a> [2].</p>\n", encoding="utf-8")
    (root / "requirements.txt").write_text("requests\n", encoding="utf-8")
    return root


@pytest.fixture
def no_sockets(monkeypatch):
    """Opening any socket fails."""

    def refuse(*args, **kwargs):
        raise OSError("sockets are blocked in this test")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse()

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def outbound(monkeypatch):
    """Sockets open, but every lookup or connection to a host other than this machine is
    recorded and refused."""
    attempts: list[str] = []

    def remote(address) -> bool:
        host = address[0] if isinstance(address, tuple) else address
        return isinstance(host, (str, bytes)) and not str(host).startswith(_LOOPBACK)

    def guard(original, address_of):
        def guarded(*args, **kwargs):
            address = address_of(args)
            if remote(address):
                attempts.append(str(address))
                raise OSError(f"outbound network access to {address}")
            return original(*args, **kwargs)

        return guarded

    monkeypatch.setattr(socket, "getaddrinfo", guard(socket.getaddrinfo, lambda a: a[0] if a else None))
    monkeypatch.setattr(socket, "create_connection", guard(socket.create_connection, lambda a: a[0] if a else None))
    for method in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, method, guard(getattr(socket.socket, method), lambda a: a[1] if len(a) > 1 else None))
    monkeypatch.setattr(socket.socket, "sendto", guard(socket.socket.sendto, lambda a: a[-1] if len(a) > 2 else None))
    return attempts


def test_offline_scan_passes_with_sockets_blocked(tmp_path, no_sockets):
    root = _deliverable(tmp_path)
    result = scan([root, FIXTURES / "demo"], Config(settings={"no_cache": True}), jobs=1)
    assert result.findings, "the scan ran its checks"
    assert not [f for f in result.findings if f.rule.name in ("internal-error", "unreadable-file")]


def test_offline_reference_check_opens_no_socket_and_only_invalid_isbn_speaks(tmp_path, no_sockets):
    """Reference lists are parsed and identifiers checked offline; nothing is looked up."""
    root = _deliverable(tmp_path)
    settings = {"no_cache": True, "crossref_url": "http://127.0.0.1:9", "openalex_url": "http://127.0.0.1:9",
                "mailto": "someone@example.org"}
    result = scan([root], Config(settings=settings), jobs=1)
    reference_rules = {"invalid-isbn", "invalid-arxiv-id", "invalid-pmid", "unverified-reference", "reference-mismatch"}
    assert sorted(f.rule.name for f in result.findings if f.rule.name in reference_rules) == ["invalid-isbn"]
    assert not [f for f in result.findings if f.rule.name in ("internal-error", "unreadable-file")]
    assert all(r.references is None for r in result.files)


def test_offline_scan_makes_no_outbound_connection(tmp_path, outbound):
    root = _deliverable(tmp_path)
    result = scan([root, FIXTURES / "demo"], Config(settings={"no_cache": True}), jobs=1)
    assert outbound == []
    assert result.findings


def test_offline_cli_with_worker_processes_passes_with_sockets_blocked(tmp_path):
    """The CLI path with --jobs 2: forked workers inherit the blocked sockets."""
    root = _deliverable(tmp_path)
    for i in range(8):  # enough files for the process pool to be used
        (root / f"page{i}.md").write_text(DOCUMENT, encoding="utf-8")
    program = _BLOCKER + (
        "from aislop.cli import main\n"
        f"sys.argv = ['aislop', 'scan', {str(root)!r}, '--format', 'json', '--no-cache', '--jobs', '2']\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["files"] >= 10
    assert not [f for f in report["findings"] if f["name"] in ("internal-error", "unreadable-file")]


def test_online_scan_does_reach_out(tmp_path, outbound):
    """The guard is real: with --online the link check does look hosts up, and the refusal
    is reported per link, never as a crash."""
    root = _deliverable(tmp_path)
    result = scan([root], Config(settings={"online": True, "no_cache": True}), jobs=1)
    assert outbound, "expected the online link check to try a remote host"
    assert not [f for f in result.findings if f.rule.name == "internal-error"]


def test_default_scan_never_imports_language_tool(tmp_path):
    """The grammar rule imports language_tool_python only for a configured server (or a local
    installation): a default scan, here with sockets blocked, leaves it unimported (and Harper,
    when installed, checks grammar without a socket)."""
    (tmp_path / "tree").mkdir()
    root = _deliverable(tmp_path / "tree")
    program = _BLOCKER + (
        "from pathlib import Path\n"
        "from aislop.config import Config\n"
        "from aislop.engine import scan\n"
        f"result = scan([Path({str(root)!r})], Config(settings={{'no_cache': True}}), jobs=1)\n"
        "from aislop.checks.prose import harper_grammar\n"
        "said = 'checked offline by Harper' if harper_grammar.version() else 'skipped'\n"
        "assert any(f'grammar (AIS113) {said}' in note for note in result.notes), result.notes\n"
        "print(sorted(m for m in ('language_tool_python', 'requests', 'urllib3') if m in sys.modules))\n"
    )
    env = {**os.environ, "LTP_PATH": str(tmp_path / "no-languagetool")}  # no local installation either
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Keep the result cache of the test run out of the user's cache folder."""
    import os

    folder = tmp_path_factory.mktemp("aislop-cache")
    previous = os.environ.get("AISLOP_CACHE_DIR")
    os.environ["AISLOP_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("AISLOP_CACHE_DIR", None)
    else:
        os.environ["AISLOP_CACHE_DIR"] = previous


@pytest.fixture
def json_scan_imports():
    """``run(folder, module, *options)``: (exit code, whether ``module`` was imported) of a
    JSON-only ``aislop scan`` of ``folder`` run in a fresh interpreter, to prove what a scan
    does not pay to import."""

    def run(folder: Path, module: str, *options: str) -> tuple[int, bool]:
        argv = ["aislop", "scan", str(folder), "--format", "json", "--select", "prose", "--no-cache",
                "--fail-on", "warning", "--output", str(folder / "r.json"), *options]
        code = (
            "import sys\n"
            "from aislop.cli import main\n"
            f"sys.argv = {argv!r}\n"
            f"try:\n    main()\nexcept SystemExit as exit:\n    print(exit.code, {module!r} in sys.modules)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        exit_code, imported = proc.stdout.split()  # a crash leaves no such line: the test fails here
        return int(exit_code), imported == "True"

    return run

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

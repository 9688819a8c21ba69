from __future__ import annotations

import pytest

from aislop.config import ConfigError, build_config, load_config, parse_size
from aislop.model import Severity


def test_found_upwards_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.aislop]\nignore = ["prose"]\nfail-on = "warning"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = load_config(sub)
    assert config.ignore == ["prose"]
    assert config.fail_on is Severity.WARNING
    assert config.source == tmp_path / "pyproject.toml"


def test_aislop_toml_wins_and_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    (tmp_path / "aislop.toml").write_text('max-file-size = "1MB"\n')
    assert load_config(tmp_path).max_file_size == 1024 * 1024


@pytest.mark.parametrize(
    "raw",
    [{"selct": ["x"]}, {"fail-on": "fatal"}, {"select": "AIS201"}, {"rules": {"x": 3}}, {"max-file-size": "lots"}],
)
def test_bad_configuration_is_an_error(raw):
    with pytest.raises(ConfigError):
        build_config(raw)


def test_parse_size():
    assert parse_size("5MB") == 5 * 1024 * 1024
    assert parse_size("500 kB") == 500 * 1024
    assert parse_size(10) == 10

from __future__ import annotations

import pytest

from aislop.config import ConfigError, build_config, load_config, parse_size
from aislop.model import Severity
from aislop.testing import scan_folder


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


# ---------------------------------------------------------------------------- typed rule options, one home
def _scan_with_rules(tmp_path, rules: dict):
    (tmp_path / "logo.png").write_bytes(b"")
    return scan_folder(tmp_path, rules=rules)


def test_rule_option_of_the_wrong_type_is_a_config_error_naming_it(tmp_path):
    with pytest.raises(ConfigError, match=r"rules\.low-resolution\.min_px must be an integer.*'abc'"):
        _scan_with_rules(tmp_path, {"low-resolution": {"min_px": "abc"}})
    with pytest.raises(ConfigError, match=r"must be a number"):
        _scan_with_rules(tmp_path, {"stock-phrase": {"cluster_threshold": True}})


def test_rule_option_types_follow_the_declared_default(tmp_path):
    result = _scan_with_rules(tmp_path, {"stock-phrase": {"cluster_threshold": 4}, "grammar": {"language": "en-GB"}})
    assert result.files  # an int where a float is declared is fine


def test_cli_exits_2_on_a_badly_typed_rule_option(tmp_path):
    import subprocess
    import sys

    (tmp_path / "aislop.toml").write_text('[rules.low-resolution]\nmin_px = "abc"\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\nPlain text.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "aislop", "scan", str(tmp_path), "--no-cache"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "min_px" in done.stderr and "abc" in done.stderr


def test_a_rule_option_has_one_home_not_a_top_level_key():
    with pytest.raises(ConfigError, match=r"option of the readability rule.*target_grade"):
        build_config({"target-grade": 9})

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


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('[rules.low-resolution]\nmin_px = "abc"\n', ("min_px", "abc")),
        ('[prose-weights]\nhedging = "1.5"\n', ("prose-weights.hedging must be a number",)),
    ],
)
def test_cli_exits_2_on_a_badly_typed_option_or_setting(tmp_path, toml, said):
    import subprocess
    import sys

    (tmp_path / "aislop.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\nPlain text.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "aislop", "scan", str(tmp_path), "--no-cache"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert all(words in done.stderr for words in said) and "Traceback" not in done.stderr


def test_a_rule_option_has_one_home_not_a_top_level_key():
    with pytest.raises(ConfigError, match=r"option of the readability rule.*target_grade"):
        build_config({"target-grade": 9})


# ---------------------------------------------------------------------------- typed scan-wide settings
def test_a_prose_weight_that_is_not_a_number_is_a_config_error_naming_it(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\nPlain text.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"prose-weights\.stock-phrase must be a number \(default 2\.5\), not 'high'"):
        scan_folder(tmp_path, prose_weights={"stock-phrase": "high"})
    with pytest.raises(ConfigError, match=r"prose-weights: unknown entry 'stock_phrase' \(entries: ai-vocabulary, "):
        scan_folder(tmp_path, prose_weights={"stock_phrase": 2.0})
    with pytest.raises(ConfigError, match=r"prose-weights must be a table"):
        scan_folder(tmp_path, prose_weights=3)


def test_prose_weights_of_the_declared_types_score_the_document(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\nLet's dive in. " * 3 + "\n", encoding="utf-8")
    plain = scan_folder(tmp_path, select=["prose"]).files[0].scores["formulaic"]
    louder = scan_folder(tmp_path, select=["prose"], prose_weights={"stock-phrase": 10, "scale": 60})
    assert louder.files[0].scores["formulaic"] > plain > 0  # integers where numbers are declared are fine


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"logo-globs": ["brand/*", 5]}, r"'logo-globs' must be a list of strings, not \['brand/\*', 5\]"),
        ({"jobs": "4"}, r"'jobs' must be an integer, not '4'"),
        ({"online": "yes"}, r"'online' must be true or false, not 'yes'"),
    ],
)
def test_a_top_level_key_of_the_wrong_type_names_the_type_expected(raw, message):
    with pytest.raises(ConfigError, match=message):
        build_config(raw)

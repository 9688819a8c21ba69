"""Rule modules are found, not listed (checks/text/discovery.py): a family runs every module
that declares RULES and defines findings, in the order of the family's rules.RULES."""

from __future__ import annotations

import sys
import textwrap

import pytest

from aislop.checks.text.discovery import rule_modules

_RULES_PY = """
from aislop.model import Rule, Severity

def _rule(code, name):
    return Rule(code=code, name=name, family="prose", severity=Severity.WARNING, confidence=0.5,
                visibility=1, effort_minutes=1, summary="s", why="w", fix="f")

FIRST = _rule("AIS191", "first")
SECOND = _rule("AIS192", "second")
THIRD = _rule("AIS193", "third")
RULES = (FIRST, SECOND, THIRD)
"""


def _package(root, name, modules):
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "rules.py").write_text(_RULES_PY)
    for module, source in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(source))
    return name


@pytest.fixture
def package(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    made = []

    def make(name, modules):
        made.append(name)
        return _package(tmp_path, name, modules)

    yield make
    for name in made:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def test_modules_come_in_the_order_of_their_first_rule_not_their_name(package):
    name = package("fam_order", {
        "a_third": "from fam_order.rules import THIRD\nRULES = (THIRD,)\ndef findings(*args):\n    return []\n",
        "b_first_and_third": "from fam_order.rules import FIRST, THIRD\nRULES = (THIRD, FIRST)\n"
                             "def findings(*args):\n    return []\n",
        "c_second": "from fam_order.rules import SECOND\nRULES = (SECOND,)\ndef findings(*args):\n    return []\n",
    })
    assert [m.__name__ for m in rule_modules(name)] == [
        "fam_order.b_first_and_third", "fam_order.c_second", "fam_order.a_third",
    ]


def test_helpers_rules_and_check_modules_are_not_rule_modules(package):
    name = package("fam_helpers", {
        "helper": "def findings(*args):\n    return []\n",  # decides nothing
        "declares_only": "from fam_helpers.rules import FIRST\nRULES = (FIRST,)\n",  # no findings
        "check": "RULES = ()\ndef findings(*args):\n    return []\n",
        "real": "from fam_helpers.rules import SECOND\nRULES = (SECOND,)\ndef findings(*args):\n    return []\n",
    })
    assert [m.__name__ for m in rule_modules(name)] == ["fam_helpers.real"]
    # A helper without a top-level RULES is not even imported.
    assert "fam_helpers.helper" not in sys.modules


def test_a_module_deciding_an_undeclared_rule_is_an_error(package):
    name = package("fam_stray", {
        "stray": "from aislop.model import Rule\nfrom fam_stray.rules import FIRST\n"
                 "OTHER = Rule(code='AIS199', name='other', family='prose', severity='warning', confidence=0.5,\n"
                 "             visibility=1, effort_minutes=1, summary='s', why='w', fix='f')\n"
                 "RULES = (FIRST, OTHER)\ndef findings(*args):\n    return []\n",
    })
    with pytest.raises(ValueError, match="other"):
        rule_modules(name)


def test_the_result_is_found_once_and_callers_cannot_change_it():
    first = rule_modules("aislop.checks.prose")
    first.clear()
    assert rule_modules("aislop.checks.prose") == rule_modules("aislop.checks.prose") != []
    assert all(a is b for a, b in zip(rule_modules("aislop.checks.prose"), rule_modules("aislop.checks.prose")))


def test_the_built_in_families_keep_their_report_order():
    prose = [m.__name__.rsplit(".", 1)[1] for m in rule_modules("aislop.checks.prose")]
    assert prose == ["clusters", "em_dash_density", "inline_header_list", "headings", "emoji",
                     "uniform_sentences", "readability", "grammar"]
    images = [m.__name__.rsplit(".", 1)[1] for m in rule_modules("aislop.checks.images")]
    assert images[:5] == ["missing_vector_master", "low_resolution", "upscaled_raster", "lossy_logo", "opaque_logo"]

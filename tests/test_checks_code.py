"""The code family (AIS3xx): fixture projects end to end, then the pieces one by one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from aislop import testing
from aislop.checks.code import imports
from aislop.checks.code.check import CodeCheck
from aislop.checks.code.engine import _without_magics
from aislop.checks.code.rules import RULES
from aislop.checks.code.testmap import build_test_map, convention_names
from aislop.checks.code.facts import FileFacts
from aislop.checks.code.paths import is_test_path, module_name
from aislop.checks.code.visitor import CodeScan, walk
from aislop.document import Document
from aislop.loaders import UnreadableFile
from aislop.registry import Context, ProjectIndex

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "code"


def scan_folder(root: Path, select: list[str] | None = None):
    return testing.scan_folder(root, select or ["code"])


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def names(findings, rule: str | None = None) -> list[tuple[str, str, str]]:
    return sorted((f.rule.name, f.path, f.matched) for f in findings if rule in (None, f.rule.name))


# ---------------------------------------------------------------------- the AI-style project
PLANTED = {
    ("hallucinated-import", "weather_app/api.py", "openweather_sdk_pro"),
    ("hallucinated-import", "weather_app/api.py", "fastapi_cache_magic"),
    ("undeclared-dependency", "weather_app/storage.py", "yaml"),
    ("placeholder-secret", "weather_app/config.py", "your_api_key_here"),
    ("placeholder-secret", "weather_app/config.py", "<YOUR_SECRET_KEY>"),
    ("placeholder-secret", "weather_app/config.py", "changeme"),
    ("debug-print", "weather_app/api.py", "print"),
    ("mock-return", "weather_app/api.py", "get_forecast"),
    ("placeholder-comment", "weather_app/api.py", "In a real implementation"),
    ("placeholder-comment", "weather_app/api.py", "Mock data for now"),
    ("placeholder-comment", "weather_app/utils.py", "This is a simplified version"),
    ("swallowed-exception", "weather_app/api.py", "except Exception:"),
    ("stub-body", "weather_app/storage.py", "save_report"),
    ("stub-body", "weather_app/storage.py", "load_history"),
    ("stub-body", "weather_app/storage.py", "get"),
    ("stub-body", "weather_app/storage.py", "set"),
    ("assertion-free-test", "tests/test_utils.py", "test_parse_city"),
    ("assertion-free-test", "tests/test_utils.py", "test_format_report"),
}
UNTESTED = {
    # Three or more untested functions of a module are one finding that names them.
    "weather_app.api": ["fetch_current", "get_forecast", "get_alerts", "refresh_all"],
    "weather_app.storage.load_settings": [],  # the stubs beside it are stub-body findings: nothing to test
    # parse_city's only test asserts nothing but `True`, format_report's has no assertion.
    "weather_app.utils": ["parse_city", "format_report", "wind_chill"],
}


@pytest.fixture(scope="module")
def ai_scan():
    return scan_folder(FIXTURES / "aiproject")


def test_ai_project_every_planted_defect_and_nothing_else(ai_scan):
    found = {(f.rule.name, f.path, f.matched) for f in ai_scan.findings if f.rule.name != "untested-function"}
    assert found == PLANTED


def test_ai_project_untested_functions_and_scores(ai_scan):
    untested = {f.symbol: f.message for f in ai_scan.findings if f.rule.name == "untested-function"}
    assert set(untested) == set(UNTESTED)
    for symbol, listed in UNTESTED.items():
        if listed:
            assert ", ".join(f"`{name}()`" for name in listed) in untested[symbol]
    assert untested["weather_app.api"].startswith("No test reaches any of the 4 public functions of this module:")
    scores = {f.path: f.scores.get("tested") for f in ai_scan.files}
    assert scores["weather_app/utils.py"] == 25.0  # 1 of 4 public functions
    assert scores["weather_app/api.py"] == 0.0


def test_ai_project_positions_point_at_the_defect(ai_scan):
    by_key = {(f.rule.name, f.matched): f for f in ai_scan.findings}
    lines = (FIXTURES / "aiproject/weather_app/api.py").read_text().splitlines()
    imp = by_key[("hallucinated-import", "openweather_sdk_pro")]
    assert lines[imp.line - 1][imp.column - 1 : imp.end_column - 1] == "import openweather_sdk_pro"
    handler = by_key[("swallowed-exception", "except Exception:")]
    assert lines[handler.line - 1].strip() == "except Exception:"
    assert handler.column == lines[handler.line - 1].index("except") + 1
    stub = by_key[("stub-body", "save_report")]
    storage = (FIXTURES / "aiproject/weather_app/storage.py").read_text().splitlines()
    assert storage[stub.line - 1].startswith("def save_report(")
    assert stub.symbol == "weather_app.storage.save_report"


# ---------------------------------------------------------------------- real, well-tested code
@pytest.fixture(scope="module")
def cpython_scan():
    return scan_folder(FIXTURES / "cpython")


def test_cpython_modules_raise_no_false_alarms(cpython_scan):
    noisy = {"hallucinated-import", "undeclared-dependency", "stub-body", "placeholder-comment",
             "placeholder-secret", "mock-return", "assertion-free-test"}
    assert [f for f in cpython_scan.findings if f.rule.name in noisy] == []


def test_cpython_untested_share(cpython_scan):
    """Target: untested-function on at most ~10% of public functions. Exactly two of the 18 are
    reported (11 %), and both are true: CPython's test_shlex never calls shlex.push_token or
    shlex.error_leader (nothing in the fixture's tests names them)."""
    untested = {f.symbol for f in cpython_scan.findings if f.rule.name == "untested-function"}
    assert untested == {"cpylib.shlex.shlex.push_token", "cpylib.shlex.shlex.error_leader"}
    scores = {f.path: f.scores.get("tested") for f in cpython_scan.files}
    assert scores["cpylib/textwrap.py"] == 100.0
    assert scores["cpylib/shlex.py"] >= 80.0


# ---------------------------------------------------------------------- import resolution
def test_stdlib_and_pypi_and_aliases():
    assert imports.is_stdlib("json") and imports.is_stdlib("__future__") and not imports.is_stdlib("requests")
    assert imports.exists_on_pypi("requests")
    for alias in ("PIL", "yaml", "sklearn", "cv2", "bs4", "dateutil"):
        assert imports.exists_on_pypi(alias), alias
    assert not imports.exists_on_pypi("openweather_sdk_pro")
    assert imports.normalise("Foo_Bar.baz") == "foo-bar-baz"


def test_declared_dependencies_from_every_format(tmp_path):
    write(tmp_path, {
        "pyproject.toml": """
            [project]
            name = "x"
            dependencies = ["Requests[socks]>=2; python_version>'3'"]
            [project.optional-dependencies]
            dev = ["pytest"]
            [tool.poetry.dependencies]
            python = "^3.11"
            PyYAML = "*"
        """,
        "requirements.txt": "-r requirements/base.txt\nflask==3.0  # web\n-e git+https://x/y.git#egg=acme_sdk\n",
        "requirements/base.txt": "beautifulsoup4\n",
        "setup.cfg": "[options]\ninstall_requires =\n    numpy>=1\n",
        "setup.py": "from setuptools import setup\nsetup(install_requires=['pandas'], extras_require={'x': ['scipy']})\n",
    })
    declared = imports.read_declared(tmp_path)
    assert {"requests", "pytest", "pyyaml", "flask", "acme-sdk", "beautifulsoup4", "numpy", "pandas", "scipy"} <= declared.names
    assert "python" not in declared.names
    assert declared.covers("yaml") and declared.covers("bs4") and declared.covers("acme_sdk")
    assert not declared.covers("torch")


def test_no_declarations_means_no_undeclared_findings(tmp_path):
    write(tmp_path, {"app.py": "import requests\nimport yaml\n"})
    assert not imports.read_declared(tmp_path).declares
    assert names(scan_folder(tmp_path).findings, "undeclared-dependency") == []


def test_local_modules_src_layout_and_relative_imports(tmp_path):
    write(tmp_path, {
        "src/acme_widgets/__init__.py": "",
        "src/acme_widgets/core.py": "from . import helpers\nfrom .helpers import x\nimport acme_widgets.helpers\n",
        "src/acme_widgets/helpers.py": "x = 1\n",
        "scripts/run.py": "import acme_widgets\nimport run_helpers_local\n",
        "scripts/run_helpers_local.py": "",
    })
    assert names(scan_folder(tmp_path).findings, "hallucinated-import") == []


def test_scanning_a_package_folder_knows_its_own_name(tmp_path):
    write(tmp_path, {"acme_pkg/__init__.py": "", "acme_pkg/mod.py": "from acme_pkg import other\n", "acme_pkg/other.py": ""})
    assert names(scan_folder(tmp_path / "acme_pkg").findings, "hallucinated-import") == []


def test_invented_import_inside_function_and_type_checking(tmp_path):
    write(tmp_path, {
        "app.py": """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from quantum_typing_helpers_zz import Qubit


            def run():
                import turbo_json_accelerator_zz
                return turbo_json_accelerator_zz.dumps({})
        """,
    })
    assert [m for _, _, m in names(scan_folder(tmp_path).findings, "hallucinated-import")] == [
        "quantum_typing_helpers_zz", "turbo_json_accelerator_zz"]


def test_submodules_of_installed_packages_are_checked_against_their_files():
    assert imports.missing_submodule("libcst.auto_refactor") == "libcst.auto_refactor"
    assert imports.missing_submodule("libcst.metadata.no_such_provider") == "libcst.metadata.no_such_provider"
    for real in ("libcst.metadata", "libcst.metadata.scope_provider", "libcst._nodes.expression", "libcst"):
        assert imports.missing_submodule(real) is None, real
    assert imports.missing_submodule("not_installed_pkg_zz.sub") is None  # nothing to compare against


def test_imports_gated_on_python_version_or_platform_are_optional(tmp_path):
    write(tmp_path, {
        "app.py": """
            import sys
            if sys.version_info < (3, 11):
                import tomli_backport_zz as tomllib
            elif sys.platform == "win32" or PY2:
                import winreg_helpers_zz
            from libcst.auto_refactor import AutoFixer
            import compression
        """,
    })
    assert [m for _, _, m in names(scan_folder(tmp_path).findings, "hallucinated-import")] == ["libcst.auto_refactor"]


# ---------------------------------------------------------------------- rules in detail
def check_source(source: str, relpath: str = "pkg/mod.py", files: dict[str, str] | None = None, root: Path | None = None):
    source = textwrap.dedent(source)
    root = root or Path("/nonexistent-aislop-root")
    doc = Document(path=root / relpath, relpath=relpath, kind="code", format="python", text=source, source=source)
    ctx = Context(project=ProjectIndex(root=root, files=files or {relpath: "code"}))
    return list(CodeCheck().check(doc, ctx))


def test_stub_body_spares_deliberate_no_ops():
    findings = check_source('''
        import abc


        class Base(abc.ABC):
            @abc.abstractmethod
            def run(self): ...


        class Plugin:
            def setup(self):
                """Hook: subclasses override this."""

            def start(self):
                self.setup()
                return True


        class Quiet(Plugin):
            def setup(self):
                pass


        def _nop(*args):
            pass


        def callback_factory():
            def on_error(exc):
                pass
            return on_error


        def ignore(*_):
            pass


        def close():
            # kept for backwards compatibility; nothing to release
            pass


        if TYPE_CHECKING:
            def lazy(name: str) -> int: ...
        else:
            lazy = make_lazy


        def getrandbits(self, n):  # attached to a class elsewhere
            raise NotImplementedError


        @hookspec(firstresult=True)
        def on_collect(items):
            """Return the items to keep."""


        def pytest_collectstart(collector):
            """Collector starts collecting.

            :param collector: The collector.
            Use in conftest plugins.
            """


        class RunObserver:
            def start(self):
                pass

            def stop(self):
                pass
    ''')
    assert names(findings, "stub-body") == []


def test_stub_body_flags_unfinished_work():
    findings = check_source('''
        class Exporter:
            def export(self, rows):
                # TODO: write CSV
                pass


        def score(text: str) -> float:
            """Score the text for readability."""
            ...
    ''')
    assert [m for _, _, m in names(findings, "stub-body")] == ["export", "score"]


def test_swallowed_exception_variants():
    findings = check_source('''
        def a():
            try:
                work()
            except (ValueError, Exception):
                return


        def b():
            try:
                work()
            except BaseException:
                ...


        def c():
            try:
                work()
            except ValueError:
                pass


        class Res:
            def __del__(self):
                try:
                    self.close()
                except Exception:
                    pass
    ''')
    assert [f.symbol for f in findings if f.rule.name == "swallowed-exception"] == ["pkg.mod.a", "pkg.mod.b"]


def test_debug_print_context():
    library = check_source('def f(x):\n    print(x)\n    return x\n')
    assert names(library, "debug-print") == [("debug-print", "pkg/mod.py", "print")]
    quiet = [
        'import argparse\n\ndef f(x):\n    print(x)\n',
        'def show_table(rows):\n    print(rows)\n',
        'def f(x, verbose=False):\n    if verbose:\n        print(x)\n',
        '#!/usr/bin/env python\ndef f(x):\n    print(x)\n',
    ]
    for source in quiet:
        assert names(check_source(source), "debug-print") == [], source
    assert names(check_source("def f(x):\n    print(x)\n", relpath="tests/test_x.py"), "debug-print") == []


def test_placeholder_secret_needs_both_a_secret_name_and_a_placeholder():
    flagged = check_source('''
        settings = {"api_key": "YOUR-API-KEY"}
        auth_token = "xxxxxxxx"
        client = connect(password="<password>")
        headers["Authorization-Token"] = "changeme"
    ''')
    assert len(names(flagged, "placeholder-secret")) == 3
    clean = check_source('''
        PASSWORD_PROMPT = "Enter your password"
        TOKEN_URL = "https://example.org/token"
        secret_name = "prod/db"
        api_key = os.environ["API_KEY"]
        greeting = "your_api_key_here"
    ''')
    assert names(clean, "placeholder-secret") == []


def test_mock_return_ignores_test_doubles_and_unmarked_constants():
    clean = check_source('''
        class FakeClock:
            def now(self):
                # fake time for tests
                return [2024, 1, 1]


        def http_status_names():
            return {200: "OK", 404: "Not Found"}
    ''')
    assert names(clean, "mock-return") == []
    assert names(check_source('def users():\n    return {"id": 1}  # dummy\n'), "mock-return")


def test_assertion_free_test_sees_helpers_in_other_test_files(tmp_path):
    write(tmp_path, {
        "tests/helpers.py": "def expect_sorted(xs):\n    assert xs == sorted(xs)\n",
        "tests/test_sort.py": "from tests.helpers import expect_sorted\n\n\ndef test_sorted():\n    expect_sorted([1, 2])\n\n\ndef test_pending():\n    pass\n",
    })
    found = names(scan_folder(tmp_path).findings, "assertion-free-test")
    assert [m for _, _, m in found] == ["test_pending"]


def test_a_stored_result_beside_a_statement_call_is_a_smoke_test(tmp_path):
    """CPython's test_resource.test_setrusage_refcount (#19): the limits it stores go unread,
    but resource.setrlimit(...) made as a statement runs the code and fails if it raises. A
    stored result with only logging beside it still checks nothing."""
    write(tmp_path, {"tests/test_resource.py": """\
        import logging
        import resource
        import unittest


        class ResourceTest(unittest.TestCase):
            def test_setrusage_refcount(self):
                limits = resource.getrlimit(resource.RLIMIT_CPU)

                class BadSequence:
                    def __len__(self):
                        return 2

                    def __getitem__(self, key):
                        if key in (0, 1):
                            return len(tuple(range(1000000)))
                        raise IndexError

                resource.setrlimit(resource.RLIMIT_CPU, BadSequence())

            def test_getrlimit(self):
                limits = resource.getrlimit(resource.RLIMIT_CPU)
                logging.info("read the limits")
    """})
    found = [f for f in scan_folder(tmp_path).findings if f.rule.name == "assertion-free-test"]
    assert [(f.matched, "stores a result in `limits`" in f.message) for f in found] == [("test_getrlimit", True)]


def test_untested_function_counts_tests_that_assert_through_fixtures(tmp_path):
    write(tmp_path, {
        "shop/__init__.py": "",
        "shop/cart.py": "def total(xs):\n    return sum(xs)\n\n\ndef tax(x):\n    return x * 0.2\n\n\ndef unused():\n    return 1\n",
        "tests/conftest.py": "import pytest\nfrom shop.cart import tax\n\n\n@pytest.fixture\ndef taxed():\n    return tax(10)\n",
        "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total(taxed):\n    assert total([1, 2]) + taxed == 5\n",
    })
    result = scan_folder(tmp_path, ["untested-function"])
    assert [f.symbol for f in result.findings] == ["shop.cart.unused"]
    assert {f.path: f.scores.get("tested") for f in result.files}["shop/cart.py"] == pytest.approx(66.7)


_CANVAS = (
    "class Canvas:\n    def create_line(self, *args):\n        return self._create('line', args)\n\n"
    "    def addtag_above(self, tag, item):\n        return self.addtag(tag, 'above', item)\n\n"
    "    def addtag(self, tag, how, item):\n        return (tag, how, item)\n\n"
    "    def find_closest(self, x, y):\n        return (x, y)\n\n"
    "    def scan_mark(self, x, y):  # aislop: ignore[untested-function] -- drawn by hand\n        return (x, y)\n\n"
    "    def _create(self, kind, args):\n        return kind, args\n\n\n"
    "def one(x):\n    return x\n\n\ndef two(x):\n    return x\n"
)


def test_untested_methods_of_one_class_are_one_finding_that_names_them(tmp_path):
    write(tmp_path, {
        "canvas.py": _CANVAS,
        "tests/test_canvas.py": "from canvas import Canvas\n\n\ndef test_line():\n    assert Canvas().create_line(1, 2)\n",
    })
    result = scan_folder(tmp_path, ["untested-function"])
    found = sorted((f.line, f.symbol, f.scope_end_line) for f in result.findings)
    # Three untested methods of Canvas: one finding at the class, spanning it; the suppressed
    # scan_mark is waived on its own line; two top-level functions stay one finding each.
    assert found == [(1, "canvas.Canvas", 18), (21, "canvas.one", 22), (25, "canvas.two", 26)]
    canvas = next(f for f in result.findings if f.symbol == "canvas.Canvas")
    assert "3 of the 5 public methods of `Canvas`: `addtag_above()`, `addtag()`, `find_closest()`" in canvas.message
    # Its fingerprint follows the list: a baseline that knew these three does not hide a fourth.
    assert canvas.matched == "Canvas.addtag_above, Canvas.addtag, Canvas.find_closest"
    assert [w["matched"] for r in result.files for w in r.waived] == ["Canvas.scan_mark"]


def test_untested_functions_measured_by_coverage_are_grouped_too(tmp_path):
    write(tmp_path, {
        "calc.py": "def a(x):\n    return x\n\n\ndef b(x):\n    return x\n\n\ndef c(x):\n    return x\n\n\n"
        "def d(x):\n    return x\n",
        "tests/test_calc.py": "from calc import a\n\n\ndef test_a():\n    assert a(1) == 1\n",
        "coverage.lcov": "SF:calc.py\nDA:1,1\nDA:2,1\nDA:5,1\nDA:6,0\nDA:9,1\nDA:10,0\nDA:13,1\nDA:14,0\nend_of_record\n",
    })
    result = scan_folder(tmp_path, ["untested-function"])
    assert [(f.line, f.symbol, f.confidence) for f in result.findings] == [(5, "calc", 0.95)]
    assert result.findings[0].message.startswith(
        "3 of the 4 public functions of this module never ran in the tests: `b()`, `c()`, `d()`;")


def test_untested_function_is_silent_without_any_test(tmp_path):
    write(tmp_path, {"calc.py": "def add(a, b):\n    return a + b\n"})
    result = scan_folder(tmp_path, ["untested-function"])
    assert result.findings == [] and all("tested" not in f.scores for f in result.files)


def test_test_map_is_built_once_and_parses_each_test_file_once(tmp_path, monkeypatch):
    write(tmp_path, {
        "calc.py": "def add(a, b):\n    return a + b\n",
        "tests/test_calc.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    })
    files = {"calc.py": "code", "tests/test_calc.py": "code"}
    project = ProjectIndex(root=tmp_path, files=files)
    ctx = Context(project=project)
    parsed: list[int] = []
    real_parse = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda source, *a, **k: parsed.append(1) or real_parse(source, *a, **k))
    check = CodeCheck()
    for rel in files:
        text = (tmp_path / rel).read_text()
        check.check(Document(path=tmp_path / rel, relpath=rel, kind="code", format="python", text=text, source=text), ctx)
    assert len(parsed) == 2  # the test file's tree from the map is reused by the main pass


def _map(root: Path, files: dict[str, str]):
    write(root, files)
    return build_test_map(root, {rel: "code" for rel in files})


def test_test_map_looks_helpers_up_where_the_test_file_would_find_them(tmp_path):
    """A helper name is found in the test's own file, then in the test modules it imports
    (through their re-exports) and the conftest.py files above it; never in an unrelated test
    module that defines the same name."""
    tests = _map(tmp_path, {
        "tests/__init__.py": "",
        "tests/helpers/__init__.py": "from tests.helpers.checks import *\n",
        "tests/helpers/checks.py": "def expect_sorted(xs):\n    assert xs == sorted(xs)\n",
        "tests/test_unrelated.py": "def show(x):\n    assert x\n\n\ndef expect_even(x):\n    assert x % 2 == 0\n",
        "tests/test_sort.py": "from tests.helpers import expect_sorted\n\n\ndef test_sort():\n    expect_sorted(sort_items([2, 1]))\n",
        "tests/test_show.py": "def test_render():\n    show(render_page())\n",
        "tests/api/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef client():\n    c = make_client()\n    assert c.ping()\n    return c\n",
        "tests/api/test_get.py": "def test_get(client):\n    client.get_item(1)\n",
        "tests/api/test_rel.py": "from .util import check_even\n\n\ndef test_half():\n    check_even(halve(4))\n",
        "tests/api/util.py": "def check_even(x):\n    expect(x)\n\n\ndef expect(x):\n    assert x % 2 == 0\n",
        "tests/other/test_fixture_elsewhere.py": "def test_other(client):\n    client.delete_item(1)\n",
    })
    assert {"sort_items", "render_page", "get_item", "make_client", "halve"} - tests.tested == {"render_page"}
    assert "delete_item" not in tests.tested  # the `client` fixture is not visible from tests/other/
    assert "expect_sorted" in tests.asserting["tests/test_sort.py"]
    assert "show" not in tests.asserting["tests/test_show.py"]
    assert "check_even" in tests.asserting["tests/api/test_rel.py"]


def test_test_map_does_not_count_a_test_by_a_same_named_test_elsewhere(tmp_path):
    tests = _map(tmp_path, {
        "tests/test_a.py": "def test_run():\n    assert run_a() == 1\n",
        "tests/test_b.py": "class TestB:\n    def test_run(self):\n        run_b()\n",
    })
    assert "run_a" in tests.tested and "run_b" not in tests.tested


def test_test_map_is_built_once_per_scan_and_shipped_to_the_workers(tmp_path, monkeypatch):
    from aislop.checks.code import engine as code_engine
    from aislop.checks.code import testmap
    from aislop.config import Config
    from aislop.engine import scan

    log = tmp_path.parent / f"{tmp_path.name}-builds.log"
    real = code_engine.build_test_map

    def counted(root, files, reuse_budget=0):
        with open(log, "a", encoding="utf-8") as out:
            out.write("built\n")
        return real(root, files, reuse_budget)

    monkeypatch.setattr(code_engine, "build_test_map", counted)  # in the main process
    monkeypatch.setattr(testmap, "build_test_map", counted)  # in a (forked) worker
    files = {f"calc{i}.py": f"def add{i}(a, b):\n    return a + b\n" for i in range(12)}
    files["tests/test_calc.py"] = "from calc0 import add0\n\n\ndef test_add():\n    assert add0(1, 2) == 3\n"
    write(tmp_path, files)
    result = scan([tmp_path], Config(select=["untested-function"], settings={"no_cache": True}), jobs=2)
    assert log.read_text().count("built") == 1
    assert sorted(f.symbol for f in result.findings) == sorted(f"calc{i}.add{i}" for i in range(1, 12))


def test_test_map_counts_the_tests_of_a_mixin_the_test_cases_derive_from(tmp_path):
    tests = _map(tmp_path, {
        "tests/test_ctx.py": "import unittest\n\n\nclass ContextTests:\n    def test_divide(self):\n"
        "        self.assertEqual(self.ctx.divide_int(1, 2), 0)\n\n\nclass CContextTests(ContextTests, unittest.TestCase):\n"
        "    ctx = None\n\n\nclass Helpers:\n    def test_like_helper(self):\n        assert unused_helper()\n",
    })
    assert "divide_int" in tests.tested and "unused_helper" not in tests.tested


def test_shared_facts_travel_with_the_project_and_memos_do_not():
    import pickle

    project = ProjectIndex(root=Path("/x"), files={})
    project.share("shared", lambda: 1)
    project.memo("local", lambda: 2)
    copy = pickle.loads(pickle.dumps(project))
    assert copy.memo("shared", lambda: 0) == 1 and copy.memo("local", lambda: 0) == 0


def test_convention_names():
    assert convention_names("test_wrap_long_lines") == ["wrap_long_lines", "wrap_long", "wrap"]
    assert convention_names("testSplit") == ["split"]


# ---------------------------------------------------------------------- engine contract
def test_never_imports_or_runs_scanned_code(tmp_path):
    marker = tmp_path / "ran.txt"
    write(tmp_path, {"evil.py": f"open({str(marker)!r}, 'w').write('x')\nimport os\nos._exit(3)\n"})
    scan_folder(tmp_path)
    assert not marker.exists()


def test_syntax_error_in_py_file_raises_unreadable_and_cells_with_magics_parse():
    with pytest.raises(UnreadableFile, match="Python syntax error at line 1"):
        check_source("def broken(:\n    pass\n")
    cell = "%matplotlib inline\n!pip install requests\nimport json\n"
    assert cst.parse_module(_without_magics(cell)).code.count("\n") == cell.count("\n")
    doc = Document(path=Path("/x/n.ipynb"), relpath="n.ipynb", kind="code", format="ipynb",
                   text="def f(:\n", source="def f(:\n", location="cell 2")
    ctx = Context(project=ProjectIndex(root=Path("/x"), files={}))
    assert list(CodeCheck().check(doc, ctx)) == []


def test_code_rules_run_on_notebook_code_cells_with_cell_locations(tmp_path):
    import json

    cells = [
        {"cell_type": "markdown", "source": "# Analysis\n\nThe numbers below.", "metadata": {}},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import openweather_sdk_pro\nAPI_KEY = \"your_api_key_here\"\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%matplotlib inline\ntry:\n    load()\nexcept Exception:\n    pass\n"},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    write(tmp_path, {"analysis.ipynb": json.dumps(notebook)})
    found = {(f.rule.name, f.location, f.line) for f in scan_folder(tmp_path, ["code"]).findings}
    assert found == {
        ("hallucinated-import", "cell 2", 1),
        ("placeholder-secret", "cell 2", 2),
        ("swallowed-exception", "cell 3", 4),
    }


def test_unreadable_python_file_becomes_an_unreadable_finding(tmp_path):
    write(tmp_path, {"broken.py": "def broken(:\n    pass\n"})
    result = scan_folder(tmp_path, ["code", "unreadable-file"])
    assert [f.rule.name for f in result.findings] == ["unreadable-file"]


def test_inline_suppression(tmp_path):
    write(tmp_path, {"app.py": "def f():\n    try:\n        g()\n    except Exception:  # aislop: ignore[swallowed-exception]\n        pass\n"})
    assert names(scan_folder(tmp_path).findings, "swallowed-exception") == []


def test_fast_walk_matches_libcst_visit_and_offsets_match_position_provider():
    source = (FIXTURES / "cpython/cpylib/shlex.py").read_text()
    module = cst.parse_module(source)
    fast, slow = (FileFacts("cpylib/shlex.py", False) for _ in range(2))
    walk(module, CodeScan(module, fast))
    module.visit(CodeScan(module, slow))
    summary = lambda s: [(f.qualname, sorted(f.refs), f.asserts, len(f.comments), len(f.returns)) for f in s.functions]
    assert summary(fast) == summary(slow)
    # Same facts, though not in the same order (libcst visits in source order, walk in field order).
    assert sorted(t.text for t in fast.texts) == sorted(t.text for t in slow.texts)
    assert sorted(b.text for b in fast.bindings) == sorted(b.text for b in slow.bindings)
    ai = FIXTURES / "aiproject/weather_app/api.py"
    text = ai.read_text()
    findings = check_source(text, relpath="weather_app/api.py")
    positions = MetadataWrapper(cst.parse_module(text)).resolve(PositionProvider)
    comment_lines = {p.start.line for n, p in positions.items() if isinstance(n, cst.Comment)}
    placeholder = [f for f in findings if f.rule.name == "placeholder-comment"]
    assert placeholder and {f.line for f in placeholder} <= comment_lines


def test_node_classes_compared_by_type_have_no_subclasses():
    # The facts pass and dotted() test these with ``type(node) is`` (isinstance on libcst's ABCs
    # is slow): a subclass of one in libcst would be missed, so none may exist.
    from aislop.checks.code import visitor

    compared = {cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Await, cst.BooleanOperation, cst.UnaryOperation}
    compared |= visitor._STRING_TYPES | visitor._BRANCHES | visitor._FOLLOWED | visitor._CALL_TYPES | visitor._SMOKE_TYPES
    assert compared <= visitor._NODE_TYPES
    assert [c.__name__ for c in compared if c.__subclasses__()] == []


def test_paths_and_names():
    assert is_test_path("tests/helpers.py") and is_test_path("pkg/test_x.py") and is_test_path("x_test.py")
    assert not is_test_path("pkg/testing.py") and not is_test_path("pkg/contest.py")
    assert module_name("src/pkg/sub/__init__.py") == "pkg.sub"
    assert module_name("pkg/mod.py") == "pkg.mod"


def test_rule_catalogue():
    assert [r.code for r in RULES] == [f"AIS3{i:02d}" for i in range(1, 13)]
    assert {r.family for r in RULES} == {"code"}
    assert next(r for r in RULES if r.name == "hallucinated-import").severity.value == "error"


# ---------------------------------------------------------------------- wording found by probing
def test_swallowed_exception_with_a_reason_is_info_and_messages_show_the_handler(tmp_path):
    write(tmp_path, {"app.py": """\
        def cpu_count():
            try:
                return read_cgroup()
            except Exception:  # fall back to /proc/cpuinfo
                pass
            return 1


        def token(raw):
            try:
                return decode(raw)
            except Exception as err:
                return None
        """})
    found = [f for f in scan_folder(tmp_path).findings if f.rule.name == "swallowed-exception"]
    assert [(f.line, f.effective_severity.value) for f in found] == [(4, "info"), (12, "warning")]
    assert "`except Exception as err:` followed only by `return None`" in found[1].message


@pytest.mark.parametrize("value", ["sk_test_your_key_here", "replace-with-a-strong-secret", "INSERT_API_KEY_HERE",
                                   "Bearer YOUR_TOKEN"])
def test_placeholder_secret_values_in_other_wordings(tmp_path, value):
    write(tmp_path, {"settings.py": f'API_TOKEN = "{value}"\n'})
    assert names(scan_folder(tmp_path).findings, "placeholder-secret") == [("placeholder-secret", "settings.py", value)]


@pytest.mark.parametrize("value", ["s3cr3t-Prod-9f8a7", "sk_live_51Habcdef", "Bearer abc.def.ghi"])
def test_real_looking_secret_values_are_not_placeholders(tmp_path, value):
    write(tmp_path, {"settings.py": f'API_TOKEN = "{value}"\n'})
    assert names(scan_folder(tmp_path).findings, "placeholder-secret") == []


def test_comments_that_hand_the_work_to_the_reader_make_a_stub(tmp_path):
    write(tmp_path, {"jobs.py": """\
        def send_invoice(order_id: str) -> None:
            \"\"\"Email the invoice to the customer.\"\"\"
            # Implementation depends on your email provider
            pass


        def sync_inventory() -> None:
            # Hook up your ERP integration here
            pass


        def summarize(orders):
            total = sum(orders)
            print(f"DEBUG: total={total}")
            return total
        """})
    found = names(scan_folder(tmp_path).findings)
    assert ("stub-body", "jobs.py", "send_invoice") in found and ("stub-body", "jobs.py", "sync_inventory") in found
    assert ("debug-print", "jobs.py", "print") in found


def test_private_interpreter_modules_are_standard_library():
    """CPython's own tests import _testcapi and friends, which sys.stdlib_module_names omits."""
    import sys

    private = sorted(m for m in imports._interpreter_modules() - set(sys.stdlib_module_names) if m.startswith("_"))
    if not private:
        pytest.skip("this interpreter ships no private modules outside sys.stdlib_module_names")
    assert imports.is_stdlib(private[0])
    assert not imports.is_stdlib("_surely_not_a_module_here")


def test_project_reach_follows_tested_code_into_other_modules(tmp_path):
    """The static map follows what tested code calls, whichever module defines it: aliases,
    class decorators, tables of handlers and computed method names included."""
    from aislop.checks.code.testmap import project_reach

    write(tmp_path, {
        "pkg/parse.py": "def parse_requirement(text):\n    return text\n\n\ndef orphan():\n    return 1\n",
        "pkg/compat.py": "def pickle_compat(cls):\n    return cls\n",
        "pkg/req.py": "from .parse import parse_requirement as _parse\nfrom .compat import pickle_compat\n\n\n"
        "@pickle_compat\nclass Requirement:\n    def __init__(self, text):\n        self.parsed = _parse(text)\n\n\n"
        "HANDLERS = {'x': lambda: handle_x()}\n\n\ndef handle_x():\n    return 1\n\n\n"
        "def run(kind):\n    return HANDLERS[kind]()\n",
        "tests/test_req.py": "from pkg.req import Requirement, run\n",
    })
    files = {rel: "code" for rel in ("pkg/parse.py", "pkg/compat.py", "pkg/req.py", "tests/test_req.py")}
    reached = project_reach(tmp_path, files, frozenset({"Requirement", "run"}))
    assert {"parse_requirement", "pickle_compat", "handle_x", "__init__"} <= reached.names
    assert "orphan" not in reached.names

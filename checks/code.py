"""Checks of the code family (AIS3xx): Python files and notebook code cells.

Everything is static: files are parsed with libcst, never imported or run. One visitor pass
per file feeds all rules (checks/code_visitor.py); import resolution lives in
checks/code_imports.py and the project's test map in checks/code_tests.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState

from aislop.checks import code_imports as imports
from aislop.checks.code_tests import TestMap, build_test_map, reach
from aislop.checks.code_visitor import CodeScan, FileFacts, Func, Hit, ImportRec, is_test_path, iter_public, walk
from aislop.document import Document
from aislop.model import Example, Finding, Rule, Severity
from aislop.registry import Check, Context

_PY = "example.py"

HALLUCINATED_IMPORT = Rule(
    code="AIS301",
    name="hallucinated-import",
    family="code",
    severity=Severity.ERROR,
    confidence=0.85,
    visibility=3,
    effort_minutes=10,
    summary="An import that resolves to nothing real: not stdlib, not local, not installed, not declared, not on PyPI.",
    why="The code cannot run, and installing the invented name is a supply-chain risk: code "
    "generators invent package names often enough that attackers register them with malware "
    "(\"slopsquatting\").",
    fix="Find the real package that provides this functionality, or remove the import; never "
    "`pip install` a name you have not verified on PyPI.",
    triggers=(
        "import requests\nimport fastapi_turbo_cache_pro\n\n\ndef get(url):\n    return requests.get(url)\n",
        "from langchain_quantum_agents import Agent\n\nagent = Agent()\n",
        "import os\nfrom pdf_smart_extractorz.core import extract\n\n\ndef read(path):\n    return extract(os.fspath(path))\n",
    ),
    clean=(
        "import json\nimport os.path\nfrom collections import OrderedDict\n\nimport yaml\nfrom PIL import Image\nimport sklearn\n",
        Example(
            files={
                "app/main.py": "from app import helpers\nfrom . import models\nimport helpers\n",
                "app/__init__.py": "",
                "app/helpers.py": "X = 1\n",
            },
        ),
        "try:\n    import ujson_speedups_turbo as json\nexcept ImportError:\n    import json\n",
        Example(
            files={
                "pyproject.toml": '[project]\nname = "x"\ndependencies = ["acme-internal-sdk>=1"]\n',
                "x.py": "import acme_internal_sdk\n",
            },
        ),
    ),
    example_path=_PY,
)

UNDECLARED_DEPENDENCY = Rule(
    code="AIS302",
    name="undeclared-dependency",
    family="code",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=2,
    effort_minutes=3,
    summary="A third-party import that the project's declared dependencies do not include.",
    why="A fresh install of the project will fail with ImportError on this line; it only works "
    "on machines where someone installed the package by hand.",
    fix="Add the distribution to pyproject.toml [project.dependencies] (or requirements.txt), "
    "or remove the import.",
    triggers=(
        Example(
            files={
                "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests>=2"]\n',
                "x/app.py": "import requests\nimport yaml\n",
                "x/__init__.py": "",
            },
        ),
        Example(
            files={
                "requirements.txt": "flask==3.0\n",
                "app.py": "from flask import Flask\nfrom bs4 import BeautifulSoup\n",
            },
        ),
    ),
    clean=(
        Example(
            files={
                "pyproject.toml": '[project]\nname = "x"\ndependencies = ["PyYAML", "beautifulsoup4", "scikit-learn"]\n',
                "x.py": "import yaml\nfrom bs4 import BeautifulSoup\nimport sklearn\nimport json\n",
            },
        ),
        # No declarations at all: nothing to compare against, so nothing is reported.
        "import requests\nimport yaml\n",
        Example(
            files={
                "requirements.txt": "requests\n",
                "app.py": "import requests\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n",
            },
        ),
    ),
    example_path=_PY,
)

STUB_BODY = Rule(
    code="AIS303",
    name="stub-body",
    family="code",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=2,
    effort_minutes=30,
    summary="A function whose body is only pass, ..., a docstring or raise NotImplementedError.",
    why="The function looks finished from the outside but does nothing: callers get None or an "
    "exception, and the gap is easy to miss in review.",
    fix="Implement the function, or remove it and its callers.",
    triggers=(
        'def process_payment(amount: float) -> bool:\n    """Charge the customer."""\n    # TODO: implement payment logic\n    pass\n',
        "def load_config(path):\n    raise NotImplementedError\n",
        "class ReportBuilder:\n    def build(self, rows):\n        ...\n\n    def save(self, path):\n        raise NotImplementedError(\"not implemented yet\")\n",
    ),
    clean=(
        "from abc import ABC, abstractmethod\n\n\nclass Store(ABC):\n    @abstractmethod\n    def get(self, key):\n        ...\n",
        "from typing import Protocol, overload\n\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n",
        "class Handler:\n    def handle(self, event):\n        raise NotImplementedError(\"subclasses must implement handle()\")\n\n    def run(self, event):\n        return self.handle(event)\n",
        "def rotate(path):\n    raise NotImplementedError(\"symlinks are not supported on Windows\")\n",
    ),
    example_path=_PY,
)

PLACEHOLDER_COMMENT = Rule(
    code="AIS304",
    name="placeholder-comment",
    family="code",
    severity=Severity.WARNING,
    confidence=0.85,
    visibility=2,
    effort_minutes=20,
    summary="A comment or docstring admitting the code is a placeholder (\"in a real implementation…\").",
    why="It tells the reader the code beside it is not the real thing, so either the work is "
    "unfinished or the note is stale; either way the client will read it.",
    fix="Finish the code the note talks about, or delete the note if it no longer applies.",
    triggers=(
        "def fetch_rates():\n    # In a real implementation, this would call the exchange-rate API\n    return {\"EUR\": 1.1}\n",
        'def score(text):\n    """This is a simplified version of the scoring model."""\n    return len(text) / 100\n',
        "def handle(order):\n    # Add your business logic here\n    return order\n",
        "def train(model, data):\n    model.fit(data)  # for demonstration purposes only\n",
    ),
    clean=(
        "def fetch_rates(client):\n    # Rates are cached for an hour; the API allows 1000 calls a day.\n    return client.get(\"/rates\")\n",
        "def real_part(z):\n    # Return the real part of a complex number.\n    return z.real\n",
        "# TODO(jane): support CSV export once the schema settles (#142)\ndef export(rows):\n    return list(rows)\n",
    ),
    example_path=_PY,
)

PLACEHOLDER_SECRET = Rule(
    code="AIS305",
    name="placeholder-secret",
    family="code",
    severity=Severity.ERROR,
    confidence=0.9,
    visibility=2,
    effort_minutes=10,
    summary="A key, token, secret or password set to a placeholder such as \"your_api_key_here\".",
    why="The code cannot authenticate as delivered, and a placeholder in source invites someone "
    "to paste the real secret over it and commit it.",
    fix="Read the secret from the environment or a secrets manager, fail clearly when it is "
    "missing, and document the variable (README, .env.example).",
    triggers=(
        'OPENAI_API_KEY = "your_api_key_here"\n',
        'import os\n\nTOKEN = os.getenv("GITHUB_TOKEN", "<YOUR_TOKEN>")\n',
        'def connect(host, password="changeme"):\n    return host, password\n',
        'client = Client(api_key="sk-xxxxxxxxxxxx")\n',
        'config = {"db_password": "password123", "host": "localhost"}\n',
    ),
    clean=(
        'import os\n\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n',
        'PASSWORD_FIELD = "password"\nTOKEN_TYPE = "Bearer"\nAPI_KEY_HEADER = "X-API-Key"\n',
        'def connect(host, password=None):\n    return host, password\n',
    ),
    example_path=_PY,
)

MOCK_RETURN = Rule(
    code="AIS306",
    name="mock-return",
    family="code",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=2,
    effort_minutes=30,
    summary="A non-test function returning a hard-coded payload marked as mock, dummy, fake or placeholder data.",
    why="The function pretends to work: it returns the same canned answer whatever the input, "
    "and demos built on it break as soon as real data flows.",
    fix="Compute or fetch the real result; keep canned data in tests or fixtures.",
    triggers=(
        'def get_weather(city):\n    # Mock response for now\n    return {"city": city, "temp": 21, "sky": "sunny"}\n',
        'def fetch_user(user_id):\n    mock_user = {"id": 1, "name": "Jane Doe", "email": "jane@example.com"}\n    return mock_user\n',
        'def classify(text):\n    """Return a placeholder label until the model is trained."""\n    return ["positive", 0.93]\n',
    ),
    clean=(
        'def defaults():\n    """Default settings, overridden by the config file."""\n    return {"retries": 3, "timeout": 10}\n',
        'def fetch_user(db, user_id):\n    row = db.get(user_id)\n    return {"id": row.id, "name": row.name}\n',
        Example(
            path="tests/test_api.py",
            text='def fake_user():\n    # fake data for tests\n    return {"id": 1}\n\n\ndef test_user():\n    assert fake_user()["id"] == 1\n',
        ),
    ),
    example_path=_PY,
)

SWALLOWED_EXCEPTION = Rule(
    code="AIS307",
    name="swallowed-exception",
    family="code",
    severity=Severity.WARNING,
    confidence=0.8,
    visibility=1,
    effort_minutes=10,
    summary="`except:` or `except Exception:` whose body is only pass, continue or return None.",
    why="Every error in the try block, including bugs and typos, disappears without a trace; "
    "failures show up later as wrong results that nobody can explain.",
    fix="Catch the specific exceptions you expect and handle them; log or re-raise the rest.",
    triggers=(
        "def save(path, data):\n    try:\n        path.write_text(data)\n    except Exception:\n        pass\n",
        "def parse_all(lines):\n    out = []\n    for line in lines:\n        try:\n            out.append(int(line))\n        except:\n            continue\n    return out\n",
        "def load(path):\n    try:\n        return open(path).read()\n    except Exception as exc:\n        return None\n",
    ),
    clean=(
        "def load(path):\n    try:\n        return open(path).read()\n    except FileNotFoundError:\n        return None\n",
        "import logging\n\n\ndef save(path, data):\n    try:\n        path.write_text(data)\n    except Exception:\n        logging.exception(\"could not save %s\", path)\n        raise\n",
    ),
    example_path=_PY,
)

DEBUG_PRINT = Rule(
    code="AIS308",
    name="debug-print",
    family="code",
    severity=Severity.INFO,
    confidence=0.6,
    visibility=2,
    effort_minutes=2,
    summary="print() (or a breakpoint) left in library code.",
    why="Library code that prints pollutes the caller's output and cannot be silenced; it usually "
    "is leftover debugging. A breakpoint stops the program.",
    fix="Remove it, or use the logging module.",
    triggers=(
        Example(
            files={"mylib/parser.py": 'def parse(text):\n    print("DEBUG text =", text)\n    return text.split()\n', "mylib/__init__.py": ""},
        ),
        "def compute(values):\n    total = sum(values)\n    breakpoint()\n    return total\n",
    ),
    clean=(
        'def parse(text):\n    return text.split()\n\n\nif __name__ == "__main__":\n    print(parse("a b"))\n',
        Example(path="scripts/report.py", text='def main():\n    print("done")\n'),
        'import sys\n\n\ndef warn(msg):\n    print(msg, file=sys.stderr)\n',
    ),
    example_path=_PY,
)

ASSERTION_FREE_TEST = Rule(
    code="AIS309",
    name="assertion-free-test",
    family="code",
    severity=Severity.WARNING,
    confidence=0.85,
    visibility=1,
    effort_minutes=10,
    summary="A test with no assertion (or only `assert True`): it passes whatever the code does.",
    why="A test that cannot fail gives false confidence: it counts as coverage but checks nothing.",
    fix="Assert on the result (assert x == expected, pytest.raises, self.assertEqual), or delete the test.",
    triggers=(
        Example(path="tests/test_pay.py", text="from pay import charge\n\n\ndef test_charge():\n    charge(10)\n    assert True\n"),
        Example(path="test_calc.py", text="import calc\n\n\ndef test_add():\n    result = calc.add(1, 2)\n"),
        Example(
            path="tests/test_api.py",
            text="import unittest\n\n\nclass ApiTest(unittest.TestCase):\n    def test_get(self):\n        self.assertTrue(True)\n",
        ),
    ),
    clean=(
        Example(
            path="tests/test_calc.py",
            text="import pytest\nimport calc\n\n\ndef test_add():\n    assert calc.add(1, 2) == 3\n\n\ndef test_div_zero():\n    with pytest.raises(ZeroDivisionError):\n        calc.div(1, 0)\n",
        ),
        Example(
            path="tests/test_wrap.py",
            text="import unittest\nfrom textwrap import wrap\n\n\nclass T(unittest.TestCase):\n    def check(self, text, expect):\n        self.assertEqual(wrap(text, 5), expect)\n\n    def test_short(self):\n        self.check('a b', ['a b'])\n",
        ),
    ),
    example_path="tests/test_example.py",
)

UNTESTED_FUNCTION = Rule(
    code="AIS310",
    name="untested-function",
    family="code",
    severity=Severity.INFO,
    confidence=0.6,
    visibility=1,
    effort_minutes=15,
    summary="A public function or method that no asserting test reaches (static estimate).",
    why="Code that no test exercises can break unnoticed; in a hand-off it is the part the "
    "client will have to verify by hand.",
    fix="Add a test that calls it and asserts on the result, or make it private if it is not part of the API.",
    triggers=(
        Example(
            files={
                "shop/cart.py": "def total(items):\n    return sum(items)\n\n\ndef apply_discount(amount, pct):\n    return amount * (1 - pct)\n",
                "shop/__init__.py": "",
                "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n",
            },
        ),
        Example(
            files={
                "calc.py": "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n",
                "tests/test_calc.py": "from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_sub():\n    sub(2, 1)\n",
            },
        ),
    ),
    clean=(
        Example(
            files={
                "shop/cart.py": "def total(items):\n    return sum(items)\n\n\ndef _round(x):\n    return round(x, 2)\n",
                "shop/__init__.py": "",
                "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n",
            },
        ),
        # A project without any test file: nothing to measure against, so nothing is reported.
        "def add(a, b):\n    return a + b\n",
        Example(
            files={
                "calc.py": "class Calc:\n    def add(self, a, b):\n        return self._check(a) + b\n\n    def _check(self, a):\n        return a\n",
                "tests/test_calc.py": "import unittest\nfrom calc import Calc\n\n\nclass CalcTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(Calc().add(1, 2), 3)\n",
            },
        ),
    ),
    example_path=_PY,
)

RULES = (
    HALLUCINATED_IMPORT,
    UNDECLARED_DEPENDENCY,
    STUB_BODY,
    PLACEHOLDER_COMMENT,
    PLACEHOLDER_SECRET,
    MOCK_RETURN,
    SWALLOWED_EXCEPTION,
    DEBUG_PRINT,
    ASSERTION_FREE_TEST,
    UNTESTED_FUNCTION,
)
_BY_NAME = {rule.name: rule for rule in RULES}
_CALLBACK = re.compile(r"^(?:__\w+__|(?:visit|leave|on|handle|do)_\w+)$")
_MAGIC_LINE = re.compile(r"^([ \t]*)[%!?]", re.M)


class CodeCheck(Check):
    """All code rules in one libcst pass per file."""

    rules = RULES
    kinds = frozenset({"code"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        is_notebook = doc.format == "ipynb"
        is_test = not is_notebook and is_test_path(doc.relpath)
        project = ctx.project
        wants_tests = ctx.is_enabled(UNTESTED_FUNCTION) or (is_test and ctx.is_enabled(ASSERTION_FREE_TEST))
        test_map = project.memo("code.test-map", lambda: build_test_map(project.root, project.files)) if wants_tests else None
        source, module = test_map.parsed.pop(doc.relpath, ("", None)) if test_map and is_test else ("", None)
        if module is None or source != doc.source:
            try:
                module = cst.parse_module(_without_magics(doc.source) if is_notebook else doc.source)
            except (cst.ParserSyntaxError, RecursionError):
                if is_notebook:
                    return []  # a cell may hold shell escapes or fragments that are not Python
                raise  # the engine reports an unparseable .py file as unreadable-file
        facts = FileFacts(doc.relpath, is_test_file=is_test, is_notebook=is_notebook, shebang=doc.source.startswith("#!"))
        scan = CodeScan(module, facts)
        walk(module, scan)
        scan.finish()
        hits = list(scan.hits)
        hits += self._import_hits(scan, doc, ctx, is_test)
        if is_test and test_map is not None:
            hits += _assertion_free(scan, test_map)
        if ctx.is_enabled(UNTESTED_FUNCTION) and test_map is not None and not is_test:
            hits += _untested(scan, doc, test_map)
        hits = [h for h in hits if ctx.is_enabled(_BY_NAME[h.rule])]
        return list(_findings(hits, module, doc)) if hits else []

    # ------------------------------------------------------------------ imports
    def _import_hits(self, scan: CodeScan, doc: Document, ctx: Context, is_test: bool) -> Iterator[Hit]:
        check_real = ctx.is_enabled(HALLUCINATED_IMPORT)
        check_declared = ctx.is_enabled(UNDECLARED_DEPENDENCY)
        if not scan.imports or not (check_real or check_declared):
            return
        project = ctx.project
        local = project.memo("code.local-names", lambda: imports.local_names(project.root, list(project.files)))
        declared = project.memo("code.declared", lambda: imports.read_declared(project.root))
        reported: set[str] = set()
        for rec in scan.imports:
            top = rec.top
            if top in reported or imports.is_stdlib(top) or top in local:
                continue
            if imports.on_disk_near(doc.path, project.root, top):
                continue
            is_declared = declared.covers(top)
            if rec.optional:
                continue  # try/except ImportError: the code runs without it
            if check_real and not (is_declared or imports.is_installed(top) or imports.exists_on_pypi(top)):
                reported.add(top)
                yield _hallucinated(rec)
            elif check_declared and declared.declares and not is_declared:
                if _dependency_matters(rec, doc.relpath, is_test, scan):
                    reported.add(top)
                    yield _undeclared(rec, declared)


def _hallucinated(rec: ImportRec) -> Hit:
    return Hit(
        HALLUCINATED_IMPORT.name,
        rec.node,
        f"`{rec.statement}`: no module or package named `{rec.top}` exists in the standard library, "
        "this project, the installed packages, the declared dependencies or the PyPI name list.",
        fix=f"Check the name: find the real package that provides `{rec.top}`'s functionality, or remove the "
        "import. Do not `pip install` it unverified: invented names get registered by attackers.",
        matched=rec.top,
    )


def _undeclared(rec: ImportRec, declared: imports.Declared) -> Hit:
    dist = imports.candidate_dists(rec.top)[0]
    return Hit(
        UNDECLARED_DEPENDENCY.name,
        rec.node,
        f"`{rec.statement}` needs a third-party package that {', '.join(sorted(set(declared.sources)))} "
        "does not declare; a fresh install will fail here with ImportError.",
        fix=f"Add the distribution (probably `{dist}`) to the project's dependencies, or remove the import.",
        matched=rec.top,
    )


def _dependency_matters(rec: ImportRec, relpath: str, is_test: bool, scan: CodeScan) -> bool:
    """Skip optional, typing-only, test, script and notebook imports: not install requirements."""
    if rec.type_only or is_test or scan.facts.is_notebook:
        return False
    return not any(part in imports.NON_PACKAGE_DIRS for part in relpath.split("/")[:-1])


# ---------------------------------------------------------------------- tests
def _assertion_free(scan: CodeScan, test_map: TestMap) -> Iterator[Hit]:
    local: dict[str, list[Func]] = {}
    for func in scan.functions:
        local.setdefault(func.name, []).append(func)
    for func in scan.functions:
        if not func.is_test or func.skipped or func.node is None:
            continue
        if func.asserts or reach(func, local, test_map.helpers) & test_map.asserting_helpers:
            continue
        if _local_asserting(func, local):
            continue
        only_true = " (only `assert True`, which cannot fail)" if func.trivial_assert else ""
        yield Hit(
            ASSERTION_FREE_TEST.name,
            func.node.name,
            f"Test `{func.name}` checks nothing{only_true}: it passes whatever the code under test does.",
            symbol=scan.full_name(func.qualname),
            matched=func.name,
        )


def _local_asserting(func: Func, local: dict[str, list[Func]]) -> bool:
    """Helpers in this same file that assert (when the file is not in the project map)."""
    asserting = {name for name, funcs in local.items() if any(f.asserts for f in funcs)}
    return bool(reach(func, local, {}) & asserting)


def _untested(scan: CodeScan, doc: Document, test_map: TestMap) -> Iterator[Hit]:
    """Public functions no asserting test reaches, directly or through a tested function here."""
    if not test_map.has_tests or scan.is_entry_file:
        return
    public = list(iter_public(scan))
    if not public:
        return
    tested_ids = _tested_in_module(scan, test_map)
    untested = [f for f in public if id(f) not in tested_ids]
    doc.meta.setdefault("scores", {})["tested"] = round(100 * (len(public) - len(untested)) / len(public), 1)
    for func in untested:
        yield Hit(
            UNTESTED_FUNCTION.name,
            func.node.name,
            f"No test reaches `{func.qualname}()`: no asserting test references it, directly or through "
            "another tested function of this module.",
            symbol=scan.full_name(func.qualname),
            matched=func.qualname,
        )


def _tested_in_module(scan: CodeScan, test_map: TestMap) -> set[int]:
    """Functions of this module reached by tests: named by a test, a dunder of a class a test
    uses, then everything those call (by name) inside the module."""
    defs = [f for f in scan.functions if f.node is not None]
    by_name: dict[str, list[Func]] = {}
    for func in defs:
        by_name.setdefault(func.name, []).append(func)
    tested_classes = {c.name for c in scan.classes if c.name in test_map.tested}
    todo = [f for f in defs if f.name in test_map.tested]
    # Dunders and framework callbacks (visit_*, on_*, handle_*, do_*) of a class a test uses
    # are invoked for it by the language or the framework, not by name.
    todo += [f for f in defs if f.cls is not None and f.cls.name in tested_classes and _CALLBACK.match(f.name)]
    reached: set[int] = set()
    while todo:
        func = todo.pop()
        if id(func) in reached:
            continue
        reached.add(id(func))
        for name in func.refs:
            todo.extend(by_name.get(name, ()))
    return reached


# ---------------------------------------------------------------------- positions
@dataclass
class _OffsetState(CodegenState):
    """Code generation that records the character offsets of a few target nodes.

    libcst's PositionProvider records a line/column range for every node, which costs more
    than parsing; we need positions only for the handful of nodes we report.
    """

    targets: set[int] = field(default_factory=set)
    offset: int = 0
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        self.offset += sum(map(len, self.indent_tokens))

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self._starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.spans[id(node)] = (self._starts.pop(), self.offset)


def _spans(module: cst.Module, nodes: list[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline)
    state.targets = {id(n) for n in nodes}
    module._codegen(state)
    return state.spans


_LEADING_NOISE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*")


def _findings(hits: list[Hit], module: cst.Module, doc: Document) -> Iterator[Finding]:
    """Turn hits into findings: offsets from one code generation, then line/column."""
    spans = _spans(module, [hit.node for hit in hits])
    source = doc.source
    for hit in hits:
        start, end = spans[id(hit.node)]
        # Statements own the blank and comment lines above them: start at the code itself.
        if not isinstance(hit.node, cst.Comment):
            start = _LEADING_NOISE.match(source, start, end).end()
        newline = source.find("\n", start, end)
        end = newline if newline != -1 else end  # multi-line nodes: first line only
        line, column, _ = doc.position(start)
        end_line, end_column, _ = doc.position(end)
        yield Finding(
            rule=_BY_NAME[hit.rule],
            path=doc.relpath,
            message=hit.message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            matched=hit.matched,
            fix=hit.fix,
            symbol=hit.symbol,
            location=doc.location,
            severity=Severity(hit.severity) if hit.severity else None,
            confidence=hit.confidence,
        )


def _without_magics(source: str) -> str:
    """Turn IPython magics and shell escapes (%pip, !ls) into comments of the same length."""
    return _MAGIC_LINE.sub(lambda m: m.group(1) + "#", source)


CHECKS = [CodeCheck()]

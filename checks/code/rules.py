"""Rule declarations of the code family (AIS3xx), kept free of libcst so that loading the
registry (every aislop run, including a warm cached one) does not pay for importing it."""

from __future__ import annotations

from aislop.model import Example, Rule, Severity

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
        # A real, installed package (libcst is an aislop dependency) with an invented submodule.
        "from libcst.auto_refactor import AutoFixer\n",
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
        # Standard library of another Python version, behind a version test.
        "import sys\n\nif sys.version_info >= (3, 14):\n    import annotationlib\nelse:\n    annotationlib = None\n",
        "import libcst.metadata\nfrom libcst import matchers\nfrom libcst.codemod import CodemodContext\n",
        Example(
            files={
                "pyproject.toml": '[project]\nname = "x"\ndependencies = ["acme-internal-sdk>=1"]\n',
                "x.py": "import acme_internal_sdk\n",
            },
        ),
        # A test of the import system writes the module it imports.
        Example(
            path="tests/test_pkg.py",
            text="import sys\n\n\ndef test_import(tmp_path):\n    (tmp_path / 'plugin_t1.py').write_text('X = 1')\n"
            "    sys.path.insert(0, str(tmp_path))\n    import plugin_t1\n    assert plugin_t1.X == 1\n",
        ),
        # Imports made under a context: a tool's folder on sys.path, an import expected to fail.
        Example(
            path="tests/test_tool.py",
            text="import pytest\nfrom helpers import tool_on_path\n\nwith tool_on_path('c-analyzer'):\n    from cpython_analyzer import main\n\n\n"
            "def test_missing():\n    with pytest.raises(ModuleNotFoundError):\n        import something_that_does_not_exist\n",
        ),
        # The rest of the module runs only on Windows.
        "import sys\nimport unittest\n\nif sys.platform != 'win32':\n    raise unittest.SkipTest('Windows only')\n\nfrom _winconsole_testhelper import write_input\n",
        # A double-underscore name in a class body is name-mangled (a test of the compiler).
        "class A:\n    def f():\n        import __mangled_mod\n",
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
        'class InvoiceService:\n    def total(self, rows):\n        return sum(rows)\n\n    def sync_with_quickbooks(self):\n        """Sync invoices with QuickBooks."""\n        ...\n',
        "class Uploader:\n    def upload(self, path):\n        # Implement the S3 upload\n        pass\n\n    def name(self):\n        return 's3'\n",
        # Nothing in the project overrides transform(): it is unfinished, not a hook.
        "import csv\n\n\nclass DataProcessor:\n    def load(self, path):\n        return list(csv.reader(open(path)))\n\n    def transform(self, rows):\n        raise NotImplementedError\n",
        # A note says the trivial result is not the real one.
        "def sync_accounts(client):\n    # TODO: implement\n    return None\n",
        'def fetch_invoices(customer_id):\n    """Fetch the customer\'s open invoices."""\n    # TODO: call the billing API\n    return {}\n',
        'def export_pdf(report, path):\n    """Placeholder: export the report as a PDF."""\n    pass\n',
    ),
    clean=(
        "from abc import ABC, abstractmethod\n\n\nclass Store(ABC):\n    @abstractmethod\n    def get(self, key):\n        ...\n",
        "from typing import Protocol, overload\n\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n",
        "class Handler:\n    def handle(self, event):\n        raise NotImplementedError(\"subclasses must implement handle()\")\n\n    def run(self, event):\n        return self.handle(event)\n",
        "def rotate(path):\n    raise NotImplementedError(\"symlinks are not supported on Windows\")\n",
        # Empty on purpose: a click group, a fallback defined when an import fails, documented hooks.
        'import click\n\n\n@click.group()\ndef cli():\n    """Invoice tools."""\n',
        "try:\n    from scipy.stats import fisher_exact\nexcept ImportError:\n    def fisher_exact(*args):\n        raise NotImplementedError\n",
        'class Recorder:\n    def on_start(self, run):\n        """Called when a run starts."""\n\n    def on_stop(self, run):\n        """Called when a run stops."""\n',
        "class Cache:\n    def get(self, key):\n        return None\n\n    # implement the Store interface; writes are dropped\n    def put(self, key, value):\n        pass\n",
        # A base class's hook, overridden in another module of the project.
        Example(
            files={
                "vcs/base.py": "class VersionControl:\n    def url(self, repo):\n        return repo.strip()\n\n    def base_args(self, rev):\n        raise NotImplementedError\n",
                "vcs/git.py": "from vcs.base import VersionControl\n\n\nclass Git(VersionControl):\n    def base_args(self, rev):\n        return [rev]\n",
            },
        ),
        # An interface whose every method raises, implemented in another module.
        Example(
            files={
                "storage/backend.py": "class Backend:\n    def read(self, key):\n        raise NotImplementedError\n\n"
                "    def write(self, key, data):\n        raise NotImplementedError\n",
                "storage/disk.py": "from storage.backend import Backend\n\n\nclass DiskBackend(Backend):\n"
                "    def read(self, key):\n        return open(key, 'rb').read()\n\n"
                "    def write(self, key, data):\n        open(key, 'wb').write(data)\n",
            },
        ),
        # `return None` with no note is an answer, not a stub.
        "def find_user(users, name):\n    return None\n",
        # The class says the operation is unsupported, and callers ask first.
        "class ReadPipe:\n    def read(self, n):\n        return b''\n\n    def can_write_eof(self):\n        return False\n\n"
        "    def write_eof(self):\n        raise NotImplementedError\n",
        # A module of test doubles: empty methods are what it provides.
        Example(path="app/mock_editor.py", text="class UndoStack:\n    def begin(self):\n        pass\n\n    def end(self):\n        pass\n"),
        # The class says it is an interface: its empty methods are the defaults to override.
        "class NodeFilter:\n    \"\"\"This is the DOM2 NodeFilter interface.\"\"\"\n\n    FILTER_ACCEPT = 1\n\n"
        "    def acceptNode(self, node):\n        raise NotImplementedError\n",
        "class DTDHandler:\n    \"\"\"Handle DTD events.\n\n    This interface specifies only the events needed for basic parsing.\"\"\"\n\n"
        "    def notationDecl(self, name, public_id, system_id):\n        \"Handle a notation declaration event.\"\n\n"
        "    def unparsedEntityDecl(self, name, public_id, system_id, ndata):\n        \"Handle an unparsed entity declaration event.\"\n",
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
        "def rate(currency):\n    # Hardcoded for now\n    return 1.08\n",
        'def load_rates(currency):\n    """Placeholder: fixed rates until the rates API is wired up."""\n    return {"USD": 1.0, "EUR": 0.92}\n',
        'def send_email(to, subject):\n    # This would integrate with an email service like SendGrid\n    return True\n',
        "def notify(message):\n    # For now, just print the message\n    print(message)\n",
        'def validate(data):\n    """Validate the data."""\n    # Implementation goes here\n    return True\n',
        "def save(order, db):\n    # In production, use a proper database\n    db[order.id] = order\n",
        "def list_products():\n    # For simplicity, we return a static list\n    return [\"chair\", \"desk\"]\n",
        "def charge(card, amount):\n    # Placeholder for actual payment gateway call\n    return True\n",
    ),
    clean=(
        "def fetch_rates(client):\n    # Rates are cached for an hour; the API allows 1000 calls a day.\n    return client.get(\"/rates\")\n",
        "def real_part(z):\n    # Return the real part of a complex number.\n    return z.real\n",
        "# TODO(jane): support CSV export once the schema settles (#142)\ndef export(rows):\n    return list(rows)\n",
        'def open_session(url):\n    """Open a session; calling this will connect to the server."""\n    return url\n',
        "def press(widget):\n    # Simulate a keypress so the widget redraws\n    widget.event('<Key>')\n",
        "def cache_size():\n    # In production mode the cache is disabled, see settings.DEBUG\n    return 0\n",
        # A sentinel value described as a placeholder is not placeholder code.
        'MISSING = object()  # placeholder - replaced by the parsed value in load()\n\n\ndef load(text):\n    """A placeholder value marks fields the file leaves out."""\n    return text or MISSING\n',
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
        'def get_invoice(invoice_id):\n    # TODO: fetch from the database\n    return {"id": invoice_id, "amount": 99.99, "status": "paid"}\n',
        'def get_customer(customer_id):\n    return {"id": customer_id, "name": "John Doe", "plan": "pro"}\n',
    ),
    clean=(
        'def defaults():\n    """Default settings, overridden by the config file."""\n    return {"retries": 3, "timeout": 10}\n',
        'def fetch_user(db, user_id):\n    row = db.get(user_id)\n    return {"id": row.id, "name": row.name}\n',
        'def supported_formats():\n    # TODO: add webp once Pillow supports it everywhere\n    return ["png", "jpg"]\n',
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
        "def sync(items):\n    try:\n        if items:\n            push(items)\n    except Exception:\n        pass\n",
        # Falling through to a constant answer is `except Exception: return []`.
        "def get_alerts(client, city):\n    try:\n        return client.alerts(city)\n    except Exception:\n        pass\n    return []\n",
    ),
    clean=(
        "def load(path):\n    try:\n        return open(path).read()\n    except FileNotFoundError:\n        return None\n",
        # Best-effort cleanup: a failed close or unlink is not worth an error.
        "import os\n\n\ndef finish(handle, tmp):\n    try:\n        handle.close()\n    except Exception:\n        pass\n"
        "    try:\n        os.unlink(tmp)\n    except Exception:\n        pass\n",
        "import logging\n\n\ndef save(path, data):\n    try:\n        path.write_text(data)\n    except Exception:\n        logging.exception(\"could not save %s\", path)\n        raise\n",
        # Trying candidates until one works (and raising when none does).
        "def first_valid(validators, value):\n    for check in validators:\n        try:\n            check(value)\n        except Exception:\n"
        "            continue\n        else:\n            return check\n    raise ValueError(value)\n",
        # A fast path that falls through to the general way.
        "def is_ambiguous(tz, dt):\n    if hasattr(tz, 'is_ambiguous'):\n        try:\n            return tz.is_ambiguous(dt)\n"
        "        except Exception:\n            pass\n    return dt.replace(fold=0).utcoffset() != dt.replace(fold=1).utcoffset()\n",
        # The next candidate when one fails, the first good one returned; a best-effort cache write.
        "def find_node(getters):\n    for getter in getters:\n        try:\n            node = getter()\n        except Exception:\n"
        "            continue\n        if node is not None:\n            return node\n    return None\n",
        "def cached(cache, stream, make):\n    value = make()\n    try:\n        cache[stream] = value\n    except Exception:\n"
        "        pass\n    return value\n",
        # The exception is provoked on purpose: a test checking the state after a failure, a
        # generator taking what is thrown into it.
        Example(
            path="tests/test_archive.py",
            text="import os\n\nfrom archive import make_archive\n\n\ndef test_cwd_restored():\n    before = os.getcwd()\n    try:\n"
            "        make_archive('x', 'no-such-format')\n    except Exception:\n        pass\n    assert os.getcwd() == before\n",
        ),
        "def consumer(log):\n    try:\n        yield\n    except Exception:\n        pass\n    log.append('closed')\n    yield\n",
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
        # A breakpoint left in a test stops the test run.
        Example(path="tests/test_orders.py",
                text="from shop import total\n\n\ndef test_total():\n    breakpoint()\n    assert total([2, 3]) == 5\n"),
    ),
    clean=(
        # A test of breakpoint() itself, with the hook replaced: the call cannot stop the run.
        Example(path="tests/test_hooks.py",
                text="import sys\nfrom unittest.mock import MagicMock\n\n\ndef test_breakpoint_calls_hook(monkeypatch):\n"
                     "    hook = MagicMock()\n    monkeypatch.setattr(sys, 'breakpointhook', hook)\n    breakpoint()\n"
                     "    hook.assert_called_once_with()\n"),
        'def parse(text):\n    return text.split()\n\n\nif __name__ == "__main__":\n    print(parse("a b"))\n',
        Example(path="scripts/report.py", text='def main():\n    print("done")\n'),
        'import sys\n\n\ndef warn(msg):\n    print(msg, file=sys.stderr)\n',
    ),
    example_path=_PY,
    fixes=(
        Example(
            path="mylib/parser.py",
            text='def parse(text):\n    print("DEBUG text =", text)\n    return text.split()\n',
            files={"mylib/__init__.py": ""},
            fixed="def parse(text):\n    return text.split()\n",
            unsafe=True,
        ),
        Example(  # the only statement of its block: pass stands in
            path="mylib/hooks.py",
            text="def on_save(record):\n    if record.dirty:\n        breakpoint()\n    return record\n",
            files={"mylib/__init__.py": ""},
            fixed="def on_save(record):\n    if record.dirty:\n        pass\n    return record\n",
            unsafe=True,
        ),
    ),
)

ASSERTION_FREE_TEST = Rule(
    code="AIS309",
    name="assertion-free-test",
    family="code",
    severity=Severity.WARNING,
    confidence=0.85,
    visibility=1,
    effort_minutes=10,
    summary="A test that can only pass: empty, only `assert True`, a result it never looks at, or "
    "assertions in a helper it never calls.",
    why="A test that cannot fail gives false confidence: it counts as coverage but checks nothing. "
    "A test that runs the code and asserts nothing is a smoke test (it fails if the code raises) and "
    "is not reported, unless a note says its checks are missing, or it stores a result it never reads and "
    "makes no other call as a statement.",
    fix="Assert on the result (assert x == expected, pytest.raises, self.assertEqual), or delete the test.",
    triggers=(
        Example(path="tests/test_pay.py", text="from pay import charge\n\n\ndef test_charge():\n    charge(10)\n    assert True\n"),
        Example(path="test_calc.py", text="import calc\n\n\ndef test_add():\n    result = calc.add(1, 2)\n"),
        Example(
            path="tests/test_api.py",
            text="import unittest\n\n\nclass ApiTest(unittest.TestCase):\n    def test_get(self):\n        self.assertTrue(True)\n",
        ),
        Example(path="tests/test_export.py", text='def test_export_csv():\n    """Exports rows to CSV."""\n    pass\n'),
        Example(
            path="tests/test_orders.py",
            text="from orders import total\n\n\ndef test_total():\n    total([1, 2])\n    # TODO: add assertions for the discount\n",
        ),
        # The assertions sit in a nested function that is defined and never called.
        Example(
            path="tests/test_cli.py",
            text="from mytool import run\n\n\ndef test_run(tmp_path):\n    def check(out):\n        assert out == 'ok'\n\n    run(tmp_path)\n",
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
        # The assertions live in a helper class's methods; validate() raises when invalid.
        Example(
            path="tests/test_visit.py",
            text="import ast\n\n\nclass NameChecker(ast.NodeVisitor):\n    def visit_Name(self, node):\n        assert node.id.islower()\n\n\ndef test_names():\n    NameChecker().visit(ast.parse('a = b'))\n",
        ),
        Example(
            path="tests/test_schema.py",
            text="import jsonschema\n\n\ndef test_extra_keys_allowed():\n    jsonschema.validate({'a': 1, 'b': 2}, {'type': 'object'})\n",
        ),
        # "Must not raise" smoke tests: parsing, importing and subclassing fail loudly on an exception.
        Example(
            path="tests/test_markers.py",
            text="import pytest\nfrom markers import Marker\n\n\n@pytest.mark.parametrize('text', ['os == \"linux\"', 'py >= \"3.9\"'])\n"
            "def test_parses_valid(text):\n    Marker(text)\n\n\ndef test_import_easter():\n    from dates import easter  # noqa: F401\n",
        ),
        Example(
            path="tests/test_compat.py",
            text="from typing import Protocol\n\nimport models\n\n\ndef test_subclass_with_protocol():\n"
            "    class Both(models.Record, Protocol):\n        def key(self) -> int: ...\n",
        ),
        # A class made in the test checks its input in a method; a test_* function returning a value is a helper.
        Example(
            path="tests/test_limits.py",
            text="import resource\n\n\ndef test_bad_sequence():\n    class Bad:\n        def __getitem__(self, key):\n"
            "            raise IndexError\n\n    resource.setrlimit(resource.RLIMIT_CPU, Bad())\n\n\ndef testR(r):\n    return r[0]\n",
        ),
        # A test that raises on a condition checks it.
        Example(
            path="tests/test_order.py",
            text="def test_keeps_order():\n    out = sorted([2, 1])\n    if out != [1, 2]:\n        raise AssertionError(out)\n",
        ),
        # A doctest: the docstring's examples are run and their output compared.
        Example(path="tests/test_parse.py", text='def test_parse():\n    """\n    >>> from parser import parse\n    >>> parse("1")\n    1\n    """\n'),
        # Not run as tests: an abstract template, a context manager named test_*, and a sample
        # test case nested in a test class, which the test runs to check the test runner.
        Example(
            path="tests/test_finders.py",
            text="import abc\nimport contextlib\nimport socket\nimport unittest\n\n\nclass FinderTests(abc.ABC):\n"
            "    @abc.abstractmethod\n    def test_module(self):\n        pass\n\n\n@contextlib.contextmanager\n"
            "def test_socket(reads):\n    old = socket.create_connection\n    socket.create_connection = reads\n    try:\n"
            "        yield None\n    finally:\n        socket.create_connection = old\n\n\nclass RunnerTest(unittest.TestCase):\n"
            "    class Sample(unittest.TestCase):\n        def test_pass(self):\n            pass\n\n"
            "    def test_counts(self):\n        result = unittest.TextTestRunner().run(unittest.makeSuite(self.Sample))\n"
            "        self.assertEqual(result.testsRun, 1)\n",
        ),
        # Attributes and subscripts evaluated only to see that they do not raise.
        Example(
            path="tests/test_time.py",
            text="import time\nfrom typing import Literal\n\n\ndef test_data_attributes():\n    time.altzone\n    time.timezone\n\n\n"
            "def test_literal_forms():\n    Literal[1]\n    Literal['x', 'y']\n",
        ),
        # A result stored and never read beside a call made as a statement: the call is the smoke test.
        Example(
            path="tests/test_resource.py",
            text="import resource\n\n\ndef test_setrusage_refcount():\n    limits = resource.getrlimit(resource.RLIMIT_CPU)\n"
            "    resource.setrlimit(resource.RLIMIT_CPU, (1, 2))\n",
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
    summary="A public function or method that never ran in the tests (coverage data), or that no asserting test "
    "reaches (static estimate, without coverage data).",
    why="Code that no test exercises can break unnoticed; in a hand-off it is the part the "
    "client will have to verify by hand. With coverage data (`.coverage`, `coverage.xml` or LCOV in the "
    "scanned folder, or `--coverage FILE`) the verdict is measured; without it, aislop estimates from "
    "which functions the asserting tests name, or look up by a name written in a string "
    "(`getattr(stats, name)` over a table of method names). Three or more untested methods of one class "
    "(or top-level functions of one module) are one finding, at the class, that names them all: the "
    "missing tests are the class's, and a module no test reaches reads as one gap, not as a list (a "
    "baseline shows the group again when the list changes; `--diff` reports each function on its own, "
    "so that only the changed ones count; option `group_from`, 0 for never). "
    "Functions defined under `if __name__ == \"__main__\":` are the script's own code, not API, and a stub "
    "(empty, or marked unfinished: a stub-body finding) has nothing to test yet.",
    fix="Add a test that calls it and asserts on the result, or make it private if it is not part of the API.",
    # group_from: this many untested functions of one class (or top-level functions of one module)
    # are one finding that names them; 0 reports each on its own (as `--diff` does).
    options={"group_from": 3},
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
        # The test's helper show() asserts nothing; the show() that asserts is another test
        # module's, which test_cart.py neither defines nor imports.
        Example(
            files={
                "cart.py": "def total(items):\n    return sum(items)\n\n\ndef refund(order):\n    return -order\n",
                "tests/helpers.py": "def show(value):\n    print(value)\n",
                "tests/test_cart.py": "from helpers import show\nfrom cart import refund, total\n\n\ndef test_total():\n"
                "    assert total([1, 2]) == 3\n\n\ndef test_refund():\n    show(refund(5))\n",
                "tests/test_report.py": "def show(value):\n    assert value\n\n\ndef test_report():\n    show([1])\n",
            },
        ),
        # Three or more untested methods of one class: one finding at the class, naming them all.
        Example(
            files={
                "canvas.py": "class Canvas:\n    def line(self, *xy):\n        return ('line', xy)\n\n    def oval(self, *xy):\n"
                "        return ('oval', xy)\n\n    def arc(self, *xy):\n        return ('arc', xy)\n\n"
                "    def text(self, *xy):\n        return ('text', xy)\n",
                "tests/test_canvas.py": "from canvas import Canvas\n\n\ndef test_line():\n    assert Canvas().line(1, 2) == ('line', (1, 2))\n",
            },
        ),
        # A string that happens to spell a function's name ('refund' as a dict key) names
        # nothing when the test never looks anything up by a computed name.
        Example(
            files={
                "cart.py": "def total(items):\n    return sum(items)\n\n\ndef refund(order):\n    return -order\n",
                "tests/test_cart.py": "from cart import total\n\n\ndef test_total():\n"
                "    report = {'total': total([1, 2]), 'refund': 0}\n    assert report['total'] == 3\n",
            },
        ),
        # Coverage data: the test names refund(), but the line that calls it never runs.
        Example(
            files={
                "cart.py": "def total(items):\n    return sum(items)\n\n\ndef refund(order):\n    return -order\n",
                "tests/test_cart.py": "from cart import refund, total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n    if False:\n        refund(1)\n",
                "coverage.lcov": "SF:cart.py\nDA:1,1\nDA:2,1\nDA:5,1\nDA:6,0\nend_of_record\n",
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
        # Empty bodies (no-op hooks) have no behaviour to test; demos are not API.
        Example(
            files={
                "store.py": "class Store:\n    def get(self, key):\n        return key\n\n    def close(self):\n        pass\n\n\ndef demo():\n    print(Store().get('a'))\n",
                "tests/test_store.py": "from store import Store\n\n\ndef test_get():\n    assert Store().get('a') == 'a'\n",
            },
        ),
        # Static map: the test calls report.total(), which calls calc.add() in another module, and
        # a method on an untyped receiver (ctx.find_root()) reaches every method of that name.
        Example(
            files={
                "calc.py": "def add(a, b):\n    return a + b\n\n\nclass Context:\n    def find_root(self):\n        return self\n",
                "report.py": "from calc import add as plus\n\n\ndef total(xs, ctx):\n    ctx.find_root()\n    return plus(xs[0], xs[1])\n",
                "tests/test_report.py": "from report import total\n\n\ndef test_total(ctx):\n    assert total([1, 2], ctx) == 3\n",
            },
        ),
        # Static map: the test asserts through a helper its package re-exports, and through a
        # fixture of the conftest.py above it.
        Example(
            files={
                "cart.py": "def total(items):\n    return sum(items)\n\n\ndef refund(order):\n    return -order\n",
                "tests/__init__.py": "",
                "tests/support/__init__.py": "from tests.support.checks import *\n",
                "tests/support/checks.py": "def expect_positive(value):\n    assert value > 0\n",
                "tests/conftest.py": "import pytest\nfrom cart import refund\n\n\n@pytest.fixture\ndef refunded():\n"
                "    value = refund(5)\n    assert value < 0\n    return value\n",
                "tests/test_cart.py": "from tests.support import expect_positive\nfrom cart import total\n\n\n"
                "def test_total():\n    expect_positive(total([1, 2]))\n\n\ndef test_refund(refunded):\n    print(refunded)\n",
            },
        ),
        # Static map: emit_* methods are reached by a computed name (getattr(self, "emit_" + kind)).
        Example(
            files={
                "walker.py": "class Walker:\n    def walk(self, node):\n        return getattr(self, 'emit_' + node.kind)(node)\n\n"
                "    def emit_leaf(self, node):\n        return node.value\n\n    def emit_pair(self, node):\n        return node.left\n",
                "tests/test_walker.py": "from walker import Walker\n\n\ndef test_walk(leaf):\n    assert Walker().walk(leaf) == 1\n",
            },
        ),
        # Static map: what a module registers when it is imported runs with the tests that
        # import it (tests.append(test_png)); methods called by a computed or stored name
        # (proto + "_open", "unknown_open"); a stream's methods, called by whatever reads it.
        Example(
            files={
                "sniff.py": "tests = []\n\n\ndef test_png(h):\n    return h.startswith(b'PNG')\n\n\ntests.append(test_png)\n\n\n"
                "def what(h):\n    return [tf.__name__ for tf in tests if tf(h)]\n",
                "opener.py": "class Opener:\n    def open(self, handler, proto):\n        return getattr(handler, proto + '_open')()\n\n"
                "    def fallback(self, handler):\n        return self.call(handler, 'unknown_open')\n\n"
                "    def call(self, handler, name):\n        return getattr(handler, name)()\n\n\nclass Handler:\n"
                "    def http_open(self):\n        return 'http'\n\n    def unknown_open(self):\n        return 'unknown'\n",
                "echo.py": "import sys\n\n\nclass Shouting:\n    def __init__(self, stream):\n        self.stream = stream\n\n"
                "    def readline(self):\n        return self.stream.readline().upper()\n\n\ndef shout(stream):\n"
                "    sys.stdin = Shouting(stream)\n    return input()\n",
                "tests/test_all.py": "import io\n\nfrom echo import shout\nfrom opener import Handler, Opener\nfrom sniff import what\n\n\n"
                "def test_what():\n    assert what(b'PNG') == ['test_png']\n\n\ndef test_open():\n"
                "    assert Opener().open(Handler(), 'http') == 'http'\n    assert Opener().fallback(Handler()) == 'unknown'\n\n\n"
                "def test_shout():\n    assert shout(io.StringIO('hi\\n')) == 'HI'\n",
            },
        ),
        # Static map: test methods in a mixin class the test cases derive from run with them.
        Example(
            files={
                "calc.py": "class Context:\n    def divide_int(self, a, b):\n        return a // b\n",
                "tests/test_calc.py": "import unittest\n\nfrom calc import Context\n\n\nclass ContextAPItests:\n    def test_divide_int(self):\n"
                "        self.assertEqual(self.ctx.divide_int(7, 2), 3)\n\n\nclass PyContextAPItests(ContextAPItests, unittest.TestCase):\n"
                "    ctx = Context()\n\n\ndef test_context_is_made():\n    assert Context()\n",
            },
        ),
        # Static map: a callback defined inside a test (registered with a decorator) is part of it.
        Example(
            files={
                "ctx.py": "class Context:\n    def forward(self, cmd):\n        return cmd()\n",
                "tests/test_ctx.py": "from ctx import Context\n\n\ndef test_dispatch(app):\n    @app.command()\n    def cmd(c=Context()):\n"
                "        return c.forward(len)\n\n    assert app.run(['cmd'])\n",
            },
        ),
        # Static map: properties made from getters by a computed name ("_get_" + name, minidom's
        # defproperty) reach the getters, and what they call.
        Example(
            files={
                "nodes.py": "class Info:\n    def lookup_type(self, name):\n        return name.upper()\n\n\nclass Attr:\n"
                "    def __init__(self, name):\n        self.name = name\n\n    def _get_schema_type(self):\n"
                "        return Info().lookup_type(self.name)\n\n\ndef defproperty(klass, name):\n"
                "    setattr(klass, name, property(getattr(klass, '_get_' + name)))\n\n\ndefproperty(Attr, 'schema_type')\n",
                "tests/test_nodes.py": "from nodes import Attr\n\n\ndef test_schema_type():\n    assert Attr('id').schema_type == 'ID'\n",
            },
        ),
        # A stub marked unfinished (`# TODO: implement` then `return {}`) is a stub-body finding;
        # there is no behaviour to test yet.
        Example(
            files={
                "rates.py": "def convert(amount, rate):\n    return amount * rate\n\n\ndef fetch_rates(day):\n"
                "    # TODO: implement the call to the rates service\n    return {}\n",
                "tests/test_rates.py": "from rates import convert\n\n\ndef test_convert():\n    assert convert(2, 3) == 6\n",
            },
        ),
        # Functions and classes defined under `if __name__ == "__main__":` are the script's own
        # code, which no import reaches.
        Example(
            files={
                "tool.py": "def run(x):\n    return x\n\n\nif __name__ == '__main__':\n    def demo_run():\n        return run(1)\n\n"
                "    class Service:\n        def now(self):\n            return 0\n\n    demo_run()\n",
                "tests/test_tool.py": "from tool import run\n\n\ndef test_run():\n    assert run(1) == 1\n",
            },
        ),
        # Static map: methods named by strings the test looks up with getattr(), and an
        # assertion method called through a local alias (equal = self.assertEqual).
        Example(
            files={
                "stats.py": "class Stats:\n    def print_callers(self):\n        return 1\n\n    def print_callees(self):\n"
                "        return 2\n\n    def urn(self):\n        return 'urn'\n",
                "tests/test_stats.py": "import unittest\n\nfrom stats import Stats\n\n\nclass StatsTest(unittest.TestCase):\n"
                "    methodnames = ['print_callers', 'print_callees']\n\n    def test_calls(self):\n"
                "        for name in self.methodnames:\n            self.assertTrue(getattr(Stats(), name)())\n\n"
                "    def test_urn(self):\n        equal = self.assertEqual\n        equal(Stats().urn(), 'urn')\n",
            },
        ),
        # Coverage data: add() runs through total() in another module, which the test calls.
        Example(
            files={
                "calc.py": "def add(a, b):\n    return a + b\n",
                "report.py": "from calc import add\n\n\ndef total(xs):\n    out = 0\n    for x in xs:\n        out = add(out, x)\n    return out\n",
                "tests/test_report.py": "from report import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n",
                "coverage.lcov": "SF:calc.py\nDA:1,1\nDA:2,1\nend_of_record\nSF:report.py\nDA:1,1\nDA:4,1\nDA:5,1\n"
                "DA:6,1\nDA:7,1\nDA:8,1\nend_of_record\n",
            },
        ),
    ),
    example_path=_PY,
)

_SIGN = "def add(a, b):\n    return a + b\n\n\ndef sign(x):\n    if x > 0:\n        return 1\n    return -1\n"
_SIGN_TEST = "from calc import add, sign\n\n\ndef test_sign():\n    assert sign(2) == 1\n    assert add(1, 1) == 2\n"
_SIGN_LINES = "TN:\nSF:calc.py\nDA:1,1\nDA:2,1\nDA:5,1\nDA:6,1\nDA:7,1\nDA:8,{last}\n"

PARTLY_TESTED_FUNCTION = Rule(
    code="AIS311",
    name="partly-tested-function",
    family="code",
    severity=Severity.INFO,
    confidence=0.9,
    visibility=1,
    effort_minutes=10,
    summary="A public function that ran in the tests, but one of its branches never did (needs branch coverage data).",
    why="The untested way through a function is where its bugs hide: an error path, an empty input, "
    "the `else` nobody wrote a test for. Coverage data recorded with branch measurement "
    "(`coverage run --branch`) knows exactly which ones never ran.",
    fix="Add a test case that takes the branch that never ran (the line is in the message), or remove the "
    "branch if it cannot happen.",
    triggers=(
        Example(
            files={
                "calc.py": _SIGN,
                "tests/test_calc.py": _SIGN_TEST,
                "coverage.lcov": _SIGN_LINES.format(last=0)
                + "BRDA:6,0,jump to line 7,1\nBRDA:6,0,jump to line 8,0\nend_of_record\n",
            },
        ),
    ),
    clean=(
        # Both ways through the `if` ran.
        Example(
            files={
                "calc.py": _SIGN,
                "tests/test_calc.py": _SIGN_TEST,
                "coverage.lcov": _SIGN_LINES.format(last=1)
                + "BRDA:6,0,jump to line 7,1\nBRDA:6,0,jump to line 8,1\nend_of_record\n",
            },
        ),
        # Line data only (no `--branch`): nothing is known about branches, nothing is reported.
        Example(
            files={"calc.py": _SIGN, "tests/test_calc.py": _SIGN_TEST, "coverage.lcov": _SIGN_LINES.format(last=0) + "end_of_record\n"},
        ),
        # No coverage data at all: the static map cannot see branches.
        Example(files={"calc.py": _SIGN, "tests/test_calc.py": _SIGN_TEST}),
    ),
    example_path=_PY,
)

HALLUCINATED_NAME = Rule(
    code="AIS312",
    name="hallucinated-name",
    family="code",
    severity=Severity.ERROR,
    confidence=0.8,
    visibility=3,
    effort_minutes=10,
    summary="`from X import Y` (or `import X.Y`) where the real module X defines no Y and has no submodule Y.",
    why="The module exists, so the import looks right, but the name was invented (`from itertools import "
    "flatten`) and the line fails with ImportError. aislop reads the module's source and stubs (typeshed's for "
    "the standard library) without importing it; a module that makes names at run time (a module "
    "`__getattr__`, `globals()`) or has neither source nor stubs is not judged.",
    fix="Look up the real name in the module's documentation, or write the helper yourself; if the name is "
    "new in a later version of the package, require that version.",
    triggers=(
        "from itertools import flatten\n\n\ndef merge(groups):\n    return list(flatten(groups))\n",
        "import json\nfrom json import parse_file\n\n\ndef load(path):\n    return parse_file(path)\n",
        "from os.path import join, safe_join\n\n\ndef under(root, name):\n    return safe_join(root, name)\n",
        # A real, installed package (libcst is an aislop dependency) and an invented name.
        "from libcst import parse_module, AutoFixer\n",
        "import xml.etree.FastTree\n",
    ),
    clean=(
        "from itertools import chain, batched\nfrom os import path, getcwd\nfrom os.path import join\n"
        "from collections import abc, OrderedDict\nfrom typing import override\nimport os.path\n"
        "from concurrent.futures import ThreadPoolExecutor\nfrom xml.etree import ElementTree\n",
        "from libcst import matchers, parse_module\nfrom PIL import Image\nimport libcst.metadata\n",
        # The code already handles a missing name.
        "try:\n    from itertools import flatten\nexcept ImportError:\n    flatten = None\n",
        # Compiled modules known only from their stubs, which leave private names out.
        "from _locale import Error, setlocale\nfrom _ctypes import __version__\nfrom array import _array_reconstructor\n",
        # A local module of the same name is what the import means.
        Example(files={"app/itertools.py": "def flatten(xs):\n    return xs\n", "app/main.py": "from itertools import flatten\n"}),
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
    PARTLY_TESTED_FUNCTION,
    HALLUCINATED_NAME,
)
_BY_NAME = {rule.name: rule for rule in RULES}

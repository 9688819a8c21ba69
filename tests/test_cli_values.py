"""Option values converted without pydantic (aislop.cli_values) come out as typer's own
conversion makes them, and a wrong value gets typer's own error."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from aislop import cli_values
from aislop.cli import Executor, ReportFormat, app

coercion = pytest.importorskip("typer._coercion", reason="this typer converts values without pydantic")


def _commands():
    """(command path, command) for the root, every command and every group."""
    root = typer.main.get_command(app)
    found = [("aislop", root)]
    for name, command in root.commands.items():
        found.append((name, command))
        found += [(f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items()]
    return found


def _outcome(runtime, value, param, ctx):
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the error is part of what is compared
        return "error", type(exc).__name__, str(exc)
    return "value", type(result), result if not isinstance(result, list) else [(type(v), v) for v in result]


def _values(tmp_path: Path) -> list:
    afile, folder = tmp_path / "a.md", tmp_path / "dir"
    afile.write_text("x")
    folder.mkdir()
    words = ["", "x", "-", "a b", "1", "0", "-1", "007", " 2", "1.5", "1_0", "99999999999999999999", "abc", "json",
             "JSON", "Json", "terminal", "error", "WARNING", "dask", "process", "all", "AIS101", "stdin.md",
             "s3://bucket/x", str(afile), str(folder), str(tmp_path / "missing" / "x.json"), "out/", "./a.md", "\x00"]
    return [None, *words, 3, 0, True, Path("a.md"), afile, ReportFormat.json, Executor.dask, (), ("a", "b"),
            ("1",), ("json",), ("x", 2), [str(afile)], ("",)]


def test_every_option_of_every_command_converts_as_typer_does(tmp_path):
    compared, values = 0, _values(tmp_path)
    for path, command in _commands():
        ctx = command.context_class(command, info_name=path)
        for param in command.get_params(ctx):
            descriptor = param.type_descriptor
            if descriptor.file_annotation is not None:
                continue
            quick = cli_values.QuickRuntimeParam(
                annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
            )
            own = coercion.build_runtime_param(descriptor)
            for value in values:
                expected = _outcome(own, value, param, ctx)
                assert _outcome(quick, value, param, ctx) == expected, (path, param.name, value)
                compared += 1
    assert compared > 2000


def test_the_usual_values_are_converted_without_typer(monkeypatch, tmp_path):
    """What a scan is given (a number, a choice, rule lists, paths) never reaches typer's
    pydantic conversion; an unusual value does."""
    def refused(*args, **kwargs):
        raise AssertionError("handed to typer")

    command = typer.main.get_command(app).commands["scan"]
    ctx = command.context_class(command, info_name="scan")
    params = {p.name: p for p in command.params}
    monkeypatch.setattr(cli_values, "build_runtime_param", refused)
    for name, value, expected in [
        ("jobs", "2", 2), ("fmt", "json", ReportFormat.json), ("select", ("prose", "AIS1"), ["prose", "AIS1"]),
        ("paths", (str(tmp_path),), [str(tmp_path)]), ("cache_dir", str(tmp_path), tmp_path),
        ("output", "out/report.json", Path("out/report.json")), ("diff", "main", "main"), ("baseline", None, None),
    ]:
        descriptor = params[name].type_descriptor
        quick = cli_values.QuickRuntimeParam(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info)
        assert quick.coerce(value, param=params[name], ctx=ctx) == expected
    descriptor = params["jobs"].type_descriptor
    quick = cli_values.QuickRuntimeParam(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info)
    with pytest.raises(AssertionError, match="handed to typer"):
        quick.coerce("0", param=params["jobs"], ctx=ctx)  # below --jobs' minimum: typer's message


def test_a_scan_does_not_import_pydantic(tmp_path, json_scan_imports):
    (tmp_path / "a.md").write_text("# Plan\n\nI hope this helps!\n")
    assert json_scan_imports(tmp_path, "pydantic", "--jobs", "1") == (1, False)

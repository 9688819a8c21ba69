"""Command-line values converted without pydantic when typer's own conversion gives the same.

typer (0.29) converts every option value that is not a flag, even an absent one, through
a pydantic ``TypeAdapter`` built on first use: any ``aislop scan`` imported pydantic and built
a schema per option, about a sixth of the CPU of a warm re-scan of 400 files (``aislop
--version`` parses no option and never paid it). ``QuickCommand`` gives each parameter a
conversion that handles the values aislop's options take (absent, a string, a whole number in
range, a choice, a path, lists of these) as typer's own would, with typer's helpers, and hands
anything else, and every value it cannot convert, to typer's own conversion: errors and their
messages are typer's. tests/test_cli_values.py compares the two on every option of every command.

With a typer that has no such conversion (typer's private ``_coercion`` module) nothing is changed.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperCommand, TyperGroup

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - a typer without pydantic conversion: nothing to do
    RuntimeParam = None


def _whole_number(text: str) -> bool:
    """Digits without a leading zero (up to 18): read alike by int() and pydantic."""
    return text.isascii() and text.isdigit() and len(text) <= 18 and (text == "0" or text[0] != "0")


class _Unhandled(Exception):
    """A value or a type this module leaves to typer."""


def _leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """One value as typer's own leaf conversion returns it, or _Unhandled."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    if annotation is str and type(value) is str:
        return value
    if annotation is int and (type(value) is int or type(value) is str and _whole_number(value)):
        number = int(value)
        if info.clamp or (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            raise _Unhandled  # bounds and their messages are typer's
        return number
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None:
        if type(value) is str:
            value = annotation(value)  # what pydantic makes of a string before typer checks the path
        if isinstance(value, annotation):
            return coerce_cli_path(value, info, path_type=annotation, param=param, ctx=ctx)
    raise _Unhandled


def quick_coercion(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """``value`` (not None) converted for ``annotation`` as typer would; raises on anything
    typer must decide (the caller then asks typer)."""
    if info.parser is not None:
        raise _Unhandled
    if get_origin(annotation) is list:
        if not isinstance(value, list | tuple):
            raise _Unhandled
        (item_type,) = get_args(annotation)
        return [_leaf(item_type, info, item, param, ctx) for item in value]
    if get_origin(annotation) is not None:
        raise _Unhandled
    return _leaf(annotation, info, value, param, ctx)


if RuntimeParam is not None:

    class QuickRuntimeParam(RuntimeParam):
        """typer's conversion contract (an absent value stays None or an empty tuple, as typer's
        base class decides), with the quick conversion first and typer's own behind it. (No
        field of its own: the base dataclass's are inherited, so nothing is generated at import.)"""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return quick_coercion(self.annotation, self.parameter_info, value, param, ctx)
            except Exception:  # noqa: BLE001 - typer converts it, and reports it if it is wrong
                pass
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


class _QuickParameters:
    """Gives the parameters of a typer command or group (its help option too) ``QuickRuntimeParam``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if RuntimeParam is not None:
            for param in self.get_params(ctx):  # type: ignore[attr-defined]
                descriptor = getattr(param, "type_descriptor", None)
                unset = getattr(param, "_runtime_param", False) is None
                if descriptor is not None and descriptor.file_annotation is None and unset:
                    param._runtime_param = QuickRuntimeParam(
                        annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
                    )
        return super().parse_args(ctx, args)  # type: ignore[misc]


class QuickCommand(_QuickParameters, TyperCommand):
    """A typer command (``@app.command(cls=QuickCommand)``) converting values with ``QuickRuntimeParam``."""


class QuickGroup(_QuickParameters, TyperGroup):
    """A typer group (``typer.Typer(cls=QuickGroup)``) converting values with ``QuickRuntimeParam``."""

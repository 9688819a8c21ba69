"""debug-print: ``print()`` in library code and debugger breakpoints left in (scripts, entry
points, output functions and code behind a verbose switch print on purpose)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.code.facts import FileFacts, Hit, PrintRec
from aislop.checks.code.rules import DEBUG_PRINT
from aislop.checks.code.syntax import name_tokens
from aislop.registry import Context

RULES = (DEBUG_PRINT,)

# print("DEBUG: ...") / print(f"[dbg] ...") marks a debug print even in an output function.
_DEBUG_PRINT_ARG = re.compile(r"""^[rbfuRBFU]{0,2}(?:'{3}|"{3}|'|")\W{0,3}(?:debug|dbg)\b""", re.IGNORECASE)
# Words in a function name that say printing is its job (print_report, show, main, ...).
_OUTPUT_PREFIXES = ("print", "pprint", "show", "display", "report", "dump", "echo", "render", "summar", "pretty", "debug", "demo", "interactive", "prompt", "trace", "verbose")
_OUTPUT_WORDS = frozenset({"main", "cli", "run", "usage", "help", "log", "repl", "user", "cmd", "do"})
_VERBOSE_CONDITION = re.compile(r"debug|verbos|trace|quiet|silent|echo|interactive", re.I)
_DEBUGGER_WRAPPERS = ("set_trace", "breakpoint", "post_mortem", "debug")
# A test module that replaces what the debugger call does (sys.breakpointhook, PYTHONBREAKPOINT,
# a patched pdb.set_trace) tests breakpoint() itself: there the call cannot stop the run.
_HOOK_REPLACED = re.compile(r"\bbreakpointhook\b|\bPYTHONBREAKPOINT\b|patch\(\s*['\"](?:i?pdb|pudb)\.set_trace['\"]")


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if not facts.prints:
        return
    script = facts.is_script
    hook_replaced = None
    for rec in facts.prints:
        if rec.kind == "breakpoint":
            if any(f in _DEBUGGER_WRAPPERS for f in rec.functions):
                continue  # a debugger wrapper: starting the debugger is its job
            if hook_replaced is None:
                hook_replaced = facts.is_test_file and bool(_HOOK_REPLACED.search(facts.code(facts.module)))
            if hook_replaced:
                continue  # test_builtin's tests of breakpoint() with a stand-in hook
            yield Hit(
                DEBUG_PRINT.name,
                rec.node,
                "A debugger breakpoint was left in: the program will stop here and wait for input.",
                fix="Remove the breakpoint.",
                matched=facts.code(rec.node.func),
                severity="warning",
                confidence=0.95,
                removable=True,
            )
        elif not (script or rec.in_main_guard or (_deliberate_output(facts, rec) and not _debug_marked(facts, rec))):
            yield Hit(
                DEBUG_PRINT.name,
                rec.node,
                "`print()` in library code writes to the caller's stdout, which they cannot "
                "silence or redirect; it reads as leftover debugging.",
                fix="Remove it, or use the logging module (logger = logging.getLogger(__name__)).",
                symbol=rec.qualname,
                matched="print",
                removable=_debug_marked(facts, rec),
            )


def _debug_marked(facts: FileFacts, rec: PrintRec) -> bool:
    """print("DEBUG: ...") / print(f"[debug] x={x}") is leftover debugging even inside an
    output function such as summarize_* or render_*."""
    args = getattr(rec.node, "args", ())
    return bool(args) and bool(_DEBUG_PRINT_ARG.match(facts.code(args[0].value)))


def _deliberate_output(facts: FileFacts, rec: PrintRec) -> bool:
    """Printing is the job of output functions (show_, print_, main, __repr__-like) and of
    code behind a debug/verbose switch."""
    for name in rec.functions:
        words = name_tokens(name)
        if any(w in _OUTPUT_WORDS or w.startswith(_OUTPUT_PREFIXES) for w in words):
            return True
    return any(_VERBOSE_CONDITION.search(facts.code(test)) for test in rec.conditions)

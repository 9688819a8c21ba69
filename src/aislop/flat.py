"""A finding as a flat tuple of plain values: the form findings take on disk, in the result
cache's entries (JSON) and in a scan's store (marshal). Rules travel by code. A cached file's
findings go from its entry to the store as tuples, with no ``Finding`` object made on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aislop.model import Autofix, Edit, Finding, Rule, Severity

# The order of a flat finding's values.
FIELDS = (
    "rule", "path", "message", "line", "column", "end_line", "end_column", "matched", "fix", "symbol", "location",
    "severity", "confidence", "scope_end_line", "autofix",
)
AUTOFIX, SEVERITY = FIELDS.index("autofix"), FIELDS.index("severity")
_NONE = type(None)
# The types each value may have (bool is no int here: JSON's true is not a line number).
_TYPES = (
    (str,), (str,), (str,), (int, _NONE), (int, _NONE), (int, _NONE), (int, _NONE), (str,), (str, _NONE),
    (str, _NONE), (str, _NONE), (str, _NONE), (float, int, _NONE), (int, _NONE), (list, tuple, _NONE),
)
_SEVERITIES = frozenset(s.value for s in Severity)
_VALID_KINDS: set[tuple[type, ...]] = set()  # the values' types of flat findings found valid


def flatten(f: Finding) -> tuple:
    """``f`` as FIELDS' values; the autofix as ((start, end, replacement), ...), unsafe)."""
    autofix = None
    if f.autofix is not None:
        autofix = (tuple((e.start, e.end, e.replacement) for e in f.autofix.edits), f.autofix.unsafe)
    return (
        f.rule.code, f.path, f.message, f.line, f.column, f.end_line, f.end_column, f.matched, f.fix, f.symbol,
        f.location, None if f.severity is None else Severity(f.severity).value, f.confidence, f.scope_end_line,
        autofix,
    )


def as_tuple(values: Sequence) -> tuple:
    """A flat finding read back from JSON (lists) as the tuples ``flatten`` makes. ValueError
    or TypeError when it is not one (a damaged cache entry must be a miss, not a crash later)."""
    kinds = tuple(map(type, values))
    if kinds not in _VALID_KINDS:  # a few patterns (which values are None) cover every finding
        if len(values) != len(FIELDS):
            raise ValueError(f"a flat finding has {len(FIELDS)} values, not {len(values)}")
        for kind, allowed in zip(kinds, _TYPES):
            if kind not in allowed:
                raise TypeError(f"a flat finding holds a {kind.__name__} where it holds {allowed}")
        _VALID_KINDS.add(kinds)
    if values[SEVERITY] is not None and values[SEVERITY] not in _SEVERITIES:
        raise ValueError("unknown severity")
    autofix = values[AUTOFIX]
    if autofix is None:
        return tuple(values)
    edits, unsafe = autofix
    autofix = (tuple((start, end, text) for start, end, text in edits), unsafe)
    if type(unsafe) is not bool or not all(
        type(start) is int and type(end) is int and type(text) is str for start, end, text in autofix[0]
    ):
        raise TypeError("a flat finding's autofix is ((start, end, replacement), ...), unsafe)")
    return (*values[:AUTOFIX], autofix)


def unflatten(
    values: Sequence, rules: Mapping[str, Rule], fingerprint: str = "", priority: float = 0.0, rank: int = 0
) -> Finding:
    """The ``Finding`` of a flat finding; KeyError when its rule no longer exists."""
    (code, path, message, line, column, end_line, end_column, matched, fix, symbol, location, severity,
     confidence, scope_end_line, autofix) = values
    if autofix is not None:
        autofix = Autofix(tuple(Edit(*e) for e in autofix[0]), autofix[1])
    return Finding(
        rule=rules[code], path=path, message=message, line=line, column=column, end_line=end_line,
        end_column=end_column, matched=matched, fix=fix, symbol=symbol, location=location,
        severity=None if severity is None else Severity(severity), confidence=confidence,
        scope_end_line=scope_end_line, fingerprint=fingerprint, priority=priority, rank=rank, autofix=autofix,
    )


def normalise(text: str) -> str:
    """Matched text as fingerprints compare it: whitespace runs collapsed, ends trimmed, lower case
    (str.split's whitespace is re's \\s)."""
    return " ".join(text.split()).lower()

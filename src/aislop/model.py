"""The data model shared by the engine, the checks and the reporters.

A ``Rule`` is the static description of one kind of defect (with examples that prove it
fires and stays quiet); a ``Finding`` is one occurrence of it in one file.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Bigger is more severe; used for ``--fail-on`` comparisons."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


FAMILIES = ("prose", "hallucination", "code", "image", "internal")

# Visibility: how client-facing a defect is.
VISIBILITY_INTERNAL = 1  # only a developer or editor would notice
VISIBILITY_CLOSE_READ = 2  # a careful client reader notices
VISIBILITY_OBVIOUS = 3  # anyone opening the deliverable sees it


@dataclass(frozen=True)
class Example:
    """A sample that a rule must (or must not) flag.

    ``text`` is written to ``path`` inside a temporary folder. ``files`` adds more files
    (path -> str or bytes) and ``build`` may create files programmatically (images), so
    that examples run through the full pipeline exactly as a user's scan would. ``options``
    are the rule's options; ``settings`` the scan-wide ones the example needs (``online``).
    """

    text: str | None = None
    path: str = "example.md"
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    build: Callable[[Path], None] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Fix examples only: the text after `aislop fix` (with --unsafe when ``unsafe``).
    fixed: str | None = None
    unsafe: bool = False

    def materialise(self, root: Path) -> None:
        if self.text is not None:
            target = root / self.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.text, encoding="utf-8")
        for rel, content in self.files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        if self.build is not None:
            self.build(root)


def _as_examples(items: tuple[Example | str, ...], default_path: str) -> tuple[Example, ...]:
    return tuple(
        item if isinstance(item, Example) else Example(text=item, path=default_path)
        for item in items
    )


@dataclass(frozen=True)
class Rule:
    """Static description of one defect class: what it finds, why, how to fix it, and the
    examples that prove it fires and stays quiet (docs/rules.md is generated from these)."""

    code: str
    name: str
    family: str
    severity: Severity
    confidence: float
    visibility: int
    effort_minutes: float
    summary: str
    why: str
    fix: str
    triggers: tuple[Example | str, ...] = ()
    clean: tuple[Example | str, ...] = ()
    example_path: str = "example.md"
    options: Mapping[str, Any] = field(default_factory=dict)
    # Names of rules whose finding over the same span makes this rule's finding redundant
    # (e.g. sycophancy defers to chat-leftover on "I hope this helps").
    defers_to: tuple[str, ...] = ()
    # Examples of `aislop fix` on this rule's findings: input ``text``, expected output ``fixed``.
    # A rule with fix examples is fixable; each example says whether its fix is unsafe.
    fixes: tuple[Example, ...] = ()

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"{self.code}: unknown family {self.family!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{self.code}: confidence must lie in 0..1")
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "triggers", _as_examples(self.triggers, self.example_path))
        object.__setattr__(self, "clean", _as_examples(self.clean, self.example_path))
        fixes = (replace(e, path=self.example_path) if e.path == "example.md" else e for e in self.fixes)
        object.__setattr__(self, "fixes", tuple(fixes))
        if any(e.fixed is None for e in self.fixes):
            raise ValueError(f"{self.code}: a fix example needs its expected output (fixed=...)")

    @property
    def fixability(self) -> str | None:
        """None (no automatic fix), "safe", "unsafe" or "safe, some unsafe" (from its fix examples)."""
        kinds = {e.unsafe for e in self.fixes}
        if not kinds:
            return None
        return "safe, some unsafe" if len(kinds) == 2 else "unsafe" if True in kinds else "safe"

    def __reduce__(self):
        # Rules travel between processes by code: examples may hold unpicklable builders.
        return (_rule_by_code, (self.code,))


def _rule_by_code(code: str) -> Rule:
    from aislop.registry import load_registry

    rule = load_registry().rule(code)
    if rule is None:  # pragma: no cover - both sides load the same registry
        raise LookupError(code)
    return rule


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` of a document (offsets into ``Document.source``)."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Autofix:
    """The edits that fix one finding, applied together or not at all (ruff's model).

    A safe fix keeps the meaning (debris, a chat opener at the edge of the text); an unsafe
    one changes it a little (deleting a stock sentence) and runs only with ``--unsafe``."""

    edits: tuple[Edit, ...]
    unsafe: bool = False


@dataclass(slots=True)
class Finding:
    """One defect at one place. Line/column are 1-based; None for whole-file findings."""

    rule: Rule
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    matched: str = ""
    fix: str | None = None
    symbol: str | None = None
    location: str | None = None  # e.g. "cell 3" or "paragraph 12" for non-line formats
    severity: Severity | None = None  # None: the rule's (possibly configured) severity
    confidence: float | None = None
    # The last line of the function the finding is about (untested-function): --diff keeps
    # the finding when any line of that function changed, not only the line it points at.
    scope_end_line: int | None = None
    fingerprint: str = ""
    priority: float = 0.0
    rank: int = 0
    autofix: Autofix | None = None

    @property
    def fixable(self) -> bool | str:
        """False, True (a safe automatic fix) or "unsafe" (only with ``aislop fix --unsafe``)."""
        if self.autofix is None:
            return False
        return "unsafe" if self.autofix.unsafe else True

    @property
    def effective_severity(self) -> Severity:
        return Severity(self.severity or self.rule.severity)

    @property
    def effective_confidence(self) -> float:
        return self.rule.confidence if self.confidence is None else self.confidence

    @property
    def effective_fix(self) -> str:
        return self.fix or self.rule.fix

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.rule.code, self.matched)


@dataclass(slots=True)
class FileResult:
    """What scanning one file produced."""

    path: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    score_sources: dict[str, str] = field(default_factory=dict)  # score -> what it was computed from
    error: str | None = None
    words: int = 0
    notes: list[str] = field(default_factory=list)
    # Findings an inline suppression silenced, kept for the review record: dicts of
    # rule, name, path, line, matched, reason (None when the comment gave none) and source.
    waived: list[dict] = field(default_factory=list)
    incomplete: bool = False  # a service a check needed failed: report it, never cache it
    # Items embedded in the file and checked as their own documents (a deck's pictures):
    # dicts of path (``deck.pptx#slide1/image1.png``), size and sha256, for the review record.
    embedded: list[dict] = field(default_factory=list)
    references: list[dict[str, Any]] | None = None  # what each reference entry matched (--online)

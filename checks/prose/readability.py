"""readability: a Flesch-Kincaid reading grade far from the target audience."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from aislop.checks.prose import syllables
from aislop.checks.prose.rules import READABILITY
from aislop.checks.prose.view import WORD_RE, ProseView, clip
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (READABILITY,)


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    if not ctx.is_enabled(READABILITY):
        return
    opts = ctx.options(READABILITY)
    if len(view.sentences) < int(opts["min_sentences"]):
        return
    target = float(opts["target_grade"])
    grade = flesch_kincaid_grade([s.text for s in view.sentences])
    if abs(grade - target) > float(opts["tolerance"]):
        direction = "harder" if grade > target else "simpler"
        first = view.sentences[0]
        yield doc.finding(
            READABILITY, first.start, first.end,
            f"Reading grade {grade:.1f} is {direction} than the target audience (grade {target:g}).",
            matched=clip(first.text),
        )


def flesch_kincaid_grade(sentences: list[str]) -> float:
    """Flesch-Kincaid grade: textstat's when its CMU dictionary is installed; otherwise the
    same formula with pyphen syllables (textstat would try to download the dictionary)."""
    body = " ".join(sentences)
    if _cmudict_installed():
        import textstat

        return float(textstat.flesch_kincaid_grade(body))
    words = WORD_RE.findall(body)
    if not words:
        return 0.0
    syllables = sum(n * _syllables(w.lower()) for w, n in Counter(words).items())  # each distinct word once
    return 0.39 * len(words) / max(len(sentences), 1) + 11.8 * syllables / len(words) - 15.59


def _nltk_data_folders() -> list[Path]:
    """Where nltk looks for its data (nltk.data.path), without importing nltk (0.4 s)."""
    folders = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    folders.append(Path.home() / "nltk_data")
    for prefix in dict.fromkeys((sys.prefix, sys.exec_prefix, "/usr", "/usr/local")):
        folders += [Path(prefix, "nltk_data"), Path(prefix, "share", "nltk_data"), Path(prefix, "lib", "nltk_data")]
    if os.name == "nt":
        roots = [os.environ.get("APPDATA", ""), "C:\\", "D:\\", "E:\\"]
        folders += [Path(root, "nltk_data") for root in roots if root]
    return folders


@cache
def _cmudict_installed() -> bool:
    if importlib.util.find_spec("nltk") is None:
        return False
    corpora = [folder / "corpora" for folder in _nltk_data_folders()]
    if not any((c / "cmudict").is_dir() or (c / "cmudict.zip").is_file() for c in corpora):
        return False
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (ImportError, LookupError):
        return False
    return True


@cache
def _syllables(word: str) -> int:
    return syllables.count(word)

"""Deciding whether a parsed reference is a registered work (only with --online).

DOI first: the work a source registers under the DOI is compared with the entry. Then a
bibliographic search. A candidate is the cited work when its title is similar (normalised:
case, accents, punctuation and word order do not matter; a missing subtitle is forgiven), its
first author's surname matches, and its year is within one of the cited year (online-first
and print editions differ by a year). The verdict is:

- ``verified``: a source knows the work as cited;
- ``mismatch``: the work exists but the entry is wrong (the DOI belongs to another title, or
  the year or first author differ); the registered metadata is kept for the message;
- ``unverified``: every source answered and none knows the work; the nearest miss is kept;
- ``unchecked``: a source could not be reached (or the entry has no title to look up), so no
  verdict: a fault of the network must never read as an invented reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from aislop.checks.hallucination.reference_parse import Reference, fold
from aislop.checks.hallucination.scholarly import Crossref, OpenAlex, Source, Work

SAME_TITLE = 0.85  # normalised title similarity from which two titles name the same work
_STOP = frozenset("a an the of and in on for to with by at from as or its their".split())


def title_tokens(title: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", fold(title)) if t not in _STOP]


def _main_title(title: str) -> str:
    # "Rates: An Analytical Review", "Rates\u2014an ...", and Crossref's flattened "Rates-an Analytical Review"
    return re.split(r"\s*(?::|\u2014|\u2013| - |--|\?|!|-(?=(?:an?|the)\b))\s*", title, maxsplit=1, flags=re.I)[0]


def title_similarity(a: str, b: str) -> float:
    """0..1; 1 for the same words in any order and case. A title cited without its subtitle
    ("Photovoltaic degradation rates") matches the full one."""
    best = 0.0
    for x in {a, _main_title(a)}:
        for y in {b, _main_title(b)}:
            tx, ty = title_tokens(x), title_tokens(y)
            if not tx or not ty:
                continue
            if (x is not a or y is not b) and min(len(tx), len(ty)) < 2:
                continue  # a one-word main title says too little on its own
            overlap = len(set(tx) & set(ty))
            dice = 2 * overlap / (len(set(tx)) + len(set(ty)))
            chars = SequenceMatcher(None, " ".join(sorted(tx)), " ".join(sorted(ty)), autojunk=False).ratio()
            best = max(best, dice, chars)
    return best


def same_author(cited: str, work: Work) -> bool | None:
    """Whether the cited first author is the work's first author; None when either is unknown."""
    if not cited or not work.authors:
        return None
    a, b = fold(cited), fold(work.first_author)
    if a == b or a.split()[-1] == b.split()[-1]:
        return True
    # "World Health Organization" vs "WHO"-style organisation names, and compound surnames
    return a in b or b in a if min(len(a), len(b)) >= 4 else False


def year_gap(cited: str, work: Work) -> int | None:
    if not (cited[:4].isdigit() and work.year[:4].isdigit()):
        return None
    return abs(int(cited[:4]) - int(work.year[:4]))


@dataclass
class Verdict:
    state: str  # verified | mismatch | unverified | unchecked
    work: Work | None = None  # the registered work the entry was compared with
    problems: list[str] = field(default_factory=list)  # what differs (mismatch)
    nearest: Work | None = None  # closest candidate (unverified)
    nearest_similarity: float = 0.0
    searched: list[str] = field(default_factory=list)  # "Crossref DOI", "OpenAlex search", ...
    unreachable: list[str] = field(default_factory=list)  # "Crossref (timed out)"
    doi_unregistered: bool = False
    confidence: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.state,
            "matched": self.work.as_dict() if self.work and self.state != "unverified" else None,
            "problems": list(self.problems),
            "nearest": self.nearest.as_dict() if self.nearest and self.state == "unverified" else None,
            "searched": list(self.searched),
            "unreachable": list(self.unreachable),
        }


def _score(ref: Reference, work: Work) -> tuple[float, bool, bool]:
    """(title similarity, author agrees, year within one) of a candidate."""
    similarity = title_similarity(ref.title, work.title) if ref.title and work.title else 0.0
    gap = year_gap(ref.year, work)
    return similarity, same_author(ref.first_author, work) is not False, gap is None or gap <= 1


def _specific(title: str) -> bool:
    """A title long enough that two works rarely share it ("Deep learning" is not)."""
    return len(title_tokens(title)) >= 4


def _differences(ref: Reference, work: Work, *, doi_title: bool = False) -> list[str]:
    problems = []
    if doi_title:
        problems.append(f'the DOI belongs to another title: "{work.title}"')
    author = same_author(ref.first_author, work)
    if author is False:
        problems.append(f'the first author is {work.first_author}, not {ref.first_author}')
    gap = year_gap(ref.year, work)
    if gap is not None and gap > 1:
        problems.append(f"the year is {work.year}, not {ref.year}")
    return problems


def verify(ref: Reference, sources: list[Source]) -> Verdict:
    """Look ``ref`` up in ``sources`` (in order) and decide; see the module docstring."""
    verdict = Verdict("unchecked")
    if not sources:
        return verdict
    nearest: tuple[float, Work] | None = None
    doi_work: Work | None = None
    if ref.doi:
        missing_everywhere = True
        for source in sources:
            found = source.by_doi(ref.doi)
            verdict.searched.append(f"{source.name} DOI")
            if not found.reachable:
                verdict.unreachable.append(f"{source.name} ({found.detail})")
                missing_everywhere = False
                continue
            if found.works:
                missing_everywhere = False
                doi_work = found.works[0]
                break
        if doi_work is not None:
            similarity, _, _ = _score(ref, doi_work)
            if not ref.title or similarity >= SAME_TITLE:
                problems = _differences(ref, doi_work)
                return _settle(verdict, "mismatch" if problems else "verified", doi_work, problems)
            # The DOI names another work: an invented title on a borrowed DOI, or a wrong DOI.
            return _settle(verdict, "mismatch", doi_work, _differences(ref, doi_work, doi_title=True)[:1])
        verdict.doi_unregistered = missing_everywhere
    if not ref.title:
        return verdict  # nothing to search for
    query = " ".join(p for p in (ref.title, ref.first_author, ref.year) if p)
    close_but_wrong: tuple[float, Work, list[str]] | None = None
    for source in sources:
        found = source.search(query if source.name == "Crossref" else ref.title)
        verdict.searched.append(f"{source.name} search")
        if not found.reachable:
            verdict.unreachable.append(f"{source.name} ({found.detail})")
            continue
        for work in found.works:
            similarity, author_ok, year_ok = _score(ref, work)
            if nearest is None or similarity > nearest[0]:
                nearest = (similarity, work)
            if similarity < SAME_TITLE:
                continue
            if author_ok and year_ok:
                problems = []
                if verdict.doi_unregistered:
                    problems.append("the DOI is not registered" + (f"; the work's DOI is {work.doi}" if work.doi else ""))
                return _settle(verdict, "mismatch" if problems else "verified", work, problems)
            if _specific(ref.title) and (author_ok or year_ok) and close_but_wrong is None:
                close_but_wrong = (similarity, work, _differences(ref, work))
    if close_but_wrong is not None:
        return _settle(verdict, "mismatch", close_but_wrong[1], close_but_wrong[2])
    if verdict.unreachable:
        return verdict  # a silent source may know it: no verdict
    verdict.state = "unverified"
    if nearest is not None:
        verdict.nearest_similarity, verdict.nearest = nearest
    closeness = verdict.nearest_similarity
    verdict.confidence = 0.8 if verdict.doi_unregistered else (0.7 if closeness < 0.5 else 0.55)
    if len(sources) == 1:
        verdict.confidence -= 0.1  # one source's silence is weaker evidence
    return verdict


def _settle(verdict: Verdict, state: str, work: Work, problems: list[str]) -> Verdict:
    verdict.state, verdict.work, verdict.problems = state, work, problems
    verdict.confidence = 0.8 if state == "mismatch" else 1.0
    return verdict


def sources_of(settings: dict, client, *, rows: int = 5) -> list[Source]:
    """The enabled sources, Crossref first; a URL set to "" switches a source off."""
    mailto = str(settings.get("mailto") or "")
    found: list[Source] = []
    crossref = settings.get("crossref_url", "https://api.crossref.org")
    openalex = settings.get("openalex_url", "https://api.openalex.org")
    if crossref:
        found.append(Crossref(str(crossref), client, mailto, rows))
    if openalex:
        found.append(OpenAlex(str(openalex), client, mailto, rows))
    return found

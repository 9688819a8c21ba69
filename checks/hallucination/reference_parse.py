"""Reading one reference-list entry into its parts: authors, year, title, container, DOI,
ISBN, URL (and arXiv / PubMed identifiers).

No well-kept offline parser fits (the good ones, GROBID and anystyle, are a Java service and a
Ruby gem with a trained model), so this is a tested heuristic for the shapes reference lists
take: APA and Harvard ("Smith, J., & Lee, K. (2019). Title. Journal, 4(2), 1-9."), Chicago
author-date and notes-bibliography, MLA, IEEE ('J. Smith and K. Lee, "Title," Journal, ...'),
Vancouver ("Smith J, Lee K. Title. Journal. 2019;4:1-9."), in Markdown or plain text, numbered
or not. A field it cannot find is left empty, and an entry without a title is not looked up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from aislop.checks.hallucination.identifiers import ARXIV_CANDIDATE, ISBN_CANDIDATE, PMID_CANDIDATE

_LABEL = re.compile(r"^\s*(?:[-*+\u2022]\s+)?(?:\[\d{1,4}\]:?|\d{1,4}[.)](?=\s)|\[\^[^\]]+\]:)?\s*")
_DOI = re.compile(r"(?i)(?:https?://(?:dx\.)?doi\.org/|\bdoi\s*:\s*|\bdoi\s+(?=10\.))?(?P<doi>10\.\d{4,9}/[^\s<>\"'\]\[]+)")
_URL = re.compile(r"(?i)(?:https?://|www\.)[^\s<>\"'\]\[)]+")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+\)")
_EMPHASIS = re.compile(r"(?<!\w)([*_]{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_YEAR_PAREN = re.compile(r"\((?P<year>(?:1[5-9]|20)\d{2})[a-z]?(?:,\s*[^()]{0,30})?\)|\((?P<nd>n\.\s?d\.)\)")
_YEAR = re.compile(r"(?<![\w/.-])(?P<year>(?:1[5-9]|20)\d{2})[a-z]?(?![\w/-])")
_QUOTED = re.compile(r"[\"\u201c](?P<title>[^\"\u201c\u201d]{6,400}?)[,.]?[\"\u201d]")
# A person's name piece: capitalised word, possibly with an apostrophe or hyphen ("O'Neil", "Smith-Jones").
_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019\-]*"
_PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|la|le|du|dos|ten|ter|bin|al|el)"
_SURNAME = rf"(?:{_PARTICLE}\s+)*{_WORD}(?:\s+{_WORD})?"
_INITIALS = r"(?:[A-Z\u00c0-\u00de](?:[a-z]{0,2}\.|\.?)(?![a-z])[\s-]*){1,4}"
# "Smith, J. A." / "van der Berg, K." (APA, Harvard)
_APA_AUTHOR = re.compile(rf"(?P<surname>{_SURNAME}),\s+{_INITIALS}")
# "J. A. Smith" (IEEE)
_IEEE_AUTHOR = re.compile(rf"{_INITIALS}\s*(?P<surname>(?:{_PARTICLE}\s+)*{_WORD})")
# "Smith JA" (Vancouver)
_VANCOUVER_AUTHOR = re.compile(rf"(?P<surname>(?:{_PARTICLE}\s+)*{_WORD}(?:\s+{_WORD})?)\s+[A-Z]{{1,3}}\b")
_VANCOUVER_LIST = re.compile(rf"(?:{_WORD}(?:\s+{_WORD})?\s+[A-Z]{{1,3}},\s+)*{_WORD}(?:\s+{_WORD})?\s+[A-Z]{{1,3}}")
_ORGANISATION = re.compile(
    r"(?i)\b(?:organi[sz]ation|association|institute|agency|department|office|council|commission|bureau|"
    r"foundation|university|society|cent(?:re|er)|ministry|group|board|service|trust|committee|company|inc|ltd|"
    r"corporation|administration|authority|network|consortium|project|team|panel|nations|bank|fund)\b"
)
_ET_AL = re.compile(r"(?i),?\s*(?:et\s+al\.?|and others|\.\.\.|\u2026)")


@dataclass
class Reference:
    """One reference-list entry, parsed. Empty strings for what could not be found."""

    text: str
    authors: list[str] = field(default_factory=list)  # surnames, in order
    year: str = ""
    title: str = ""
    container: str = ""
    doi: str = ""
    isbn: str = ""
    url: str = ""
    arxiv: str = ""
    pmid: str = ""

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""

    def as_dict(self) -> dict[str, object]:
        return {
            "authors": list(self.authors), "year": self.year, "title": self.title, "container": self.container,
            "doi": self.doi, "isbn": self.isbn, "url": self.url, "arxiv": self.arxiv, "pmid": self.pmid,
        }


def parse_reference(entry: str) -> Reference:
    """Split one entry into its fields (see the module docstring for the shapes read)."""
    text = " ".join(entry.split())
    text = _LABEL.sub("", text, count=1)
    ref = Reference(text=text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _take_identifiers(ref, text)
    text = text.strip().rstrip(".,;").strip()
    if not text:
        return ref
    if not _split_quoted(ref, text):
        if not _split_author_year(ref, text):
            _split_plain(ref, text)
    if not ref.year:
        years = [m.group("year") for m in _YEAR.finditer(text)]
        ref.year = years[-1] if years else ""
    ref.title = _clean_title(ref.title)
    ref.container = _clean_container(ref.container)
    return ref


def _take_identifiers(ref: Reference, text: str) -> str:
    """Record DOI, URL, ISBN, arXiv and PMID and cut them out of the text."""
    doi = _DOI.search(text)
    if doi:
        ref.doi = doi.group("doi").rstrip(".,;:")
        text = text[: doi.start()] + text[doi.end() :]
    isbn = ISBN_CANDIDATE.search(text)
    if isbn:
        ref.isbn = isbn.group("isbn").strip()
        text = text[: isbn.start()] + text[isbn.end() :]
    arxiv = ARXIV_CANDIDATE.search(text)
    if arxiv:
        ref.arxiv = arxiv.group("id").rstrip(".,;:")
        start = arxiv.start()
        url_start = text.rfind("http", 0, start)
        if url_start >= 0 and " " not in text[url_start:start]:
            start = url_start
        text = text[:start] + text[arxiv.end() :]
    pmid = PMID_CANDIDATE.search(text)
    if pmid:
        ref.pmid = pmid.group("id").rstrip(".,;:")
        text = text[: pmid.start()] + text[pmid.end() :]
    url = _URL.search(text)
    if url:
        ref.url = url.group().rstrip(".,;:")
        text = text[: url.start()] + text[url.end() :]
    text = re.sub(r"(?i)\b(?:retrieved|available|accessed)\b[^.]*?(?:from|at|on)?\s*[.,]?\s*$", "", text.strip())
    text = re.sub(r"(?i)\s*(?:\bdoi\s*:?|\bISBN(?:-1[03])?\s*:?|\bURL\s*:?|\bPMID\s*:?)\s*[.,]?\s*$", "", text)
    return re.sub(r"\s*[,;]\s*(?=[.,;]|$)", "", text)


def _split_quoted(ref: Reference, text: str) -> bool:
    """IEEE, MLA, Chicago: the title is the quoted part."""
    quoted = _QUOTED.search(text)
    if not quoted:
        return False
    before, after = text[: quoted.start()], text[quoted.end() :]
    ref.title = quoted.group("title")
    paren = _YEAR_PAREN.search(before)
    if paren:
        ref.year = paren.group("year") or ""
        before = before[: paren.start()]
    else:
        year = re.search(r"[.,]\s*(?P<year>(?:1[5-9]|20)\d{2})[a-z]?\.\s*$", before)  # Chicago: "Smith, J. 2019."
        if year:
            ref.year = year.group("year")
            before = before[: year.start()]
    ref.authors = _authors(before)
    ref.container = re.split(r"[,.](?:\s|$)|\s\d", after.strip(" .,"), maxsplit=1)[0]
    ref.container = re.sub(r"(?i)^in:?\s+", "", ref.container)
    return True


def _split_author_year(ref: Reference, text: str) -> bool:
    """APA / Harvard: "Authors (2019). Title. Container, ..." (also "(2019, May 4)")."""
    paren = _YEAR_PAREN.search(text)
    if not paren or paren.start() > 300:
        return False
    ref.year = paren.group("year") or ""
    ref.authors = _authors(text[: paren.start()])
    rest = text[paren.end() :].lstrip(" .,:")
    title, container = _first_sentence(rest)
    ref.title = title
    ref.container = re.split(r",\s|\.\s|\s\d|\(", container, maxsplit=1)[0] if container else ""
    ref.container = re.sub(r"(?i)^in:?\s+", "", ref.container)
    return True


def _split_plain(ref: Reference, text: str) -> None:
    """Vancouver, Chicago author-date and notes-bibliography, MLA without quotes:
    "Authors. [Year.] Title. Container ..."."""
    authors, rest = _author_segment(text)
    ref.authors = _authors(authors)
    year = re.match(r"(?P<year>(?:1[5-9]|20)\d{2})[a-z]?\.\s+", rest)
    if year:
        ref.year = year.group("year")
        rest = rest[year.end() :]
    title, container = _first_sentence(rest)
    ref.title = title
    if container:
        place = re.match(r"[A-Z][\w .]+(?:,\s*[A-Z]{2})?:\s*(?P<publisher>[^,.;]+)", container)  # "Cambridge, MA: MIT Press"
        ref.container = place.group("publisher") if place else re.split(r"[.;,:]\s|\s\d|\(|;", container, maxsplit=1)[0]


def _author_segment(text: str) -> tuple[str, str]:
    """Where the author list ends: the first ". " that is not after an initial."""
    for m in re.finditer(r"\.\s+", text):
        before = text[: m.start()]
        last = re.search(r"(\S+)$", before)
        token = last.group(1) if last else ""
        if _VANCOUVER_LIST.fullmatch(before):
            return before, text[m.end() :]  # "Smith J, Lee K. Title..."
        if re.fullmatch(r"[A-Z\u00c0-\u00de]|[A-Z][a-z]?|(?:[A-Z]\.)+[A-Z]|et al|al|eds?|Jr|Sr", token):
            continue  # "J." "Jr." "et al." "Eds." - still in the author list
        return before, text[m.end() :]
    return "", text


def _first_sentence(text: str) -> tuple[str, str]:
    """The title runs to the first ". ", "? " or "! " that is not inside an abbreviation."""
    for m in re.finditer(r"([.?!])\s+(?=\S)", text):
        word = re.search(r"(\S+)$", text[: m.start()])
        token = (word.group(1) if word else "").lower()
        if m.group(1) == "." and (re.fullmatch(r"[a-z]|vs|e\.g|i\.e|st|no|vol|ed|eds|u\.s|dr|mr|ms", token)):
            continue
        keep = m.group(1) if m.group(1) in "?!" else ""
        return text[: m.start()] + keep, text[m.end() :]
    return text, ""


def _authors(segment: str) -> list[str]:
    """Surnames from an author list, in order, in any of the usual shapes."""
    segment = _ET_AL.sub("", segment).strip(" ,.;:")
    segment = re.sub(r"(?i)\s*\((?:eds?|ed\.|editors?)\.?\)\s*", " ", segment).strip(" ,.")
    if not segment:
        return []
    if "," not in segment and _ORGANISATION.search(segment):
        return [segment]  # "World Health Organization"
    names: list[str] = []
    apa = list(_APA_AUTHOR.finditer(segment))
    if apa and apa[0].start() == 0:
        names = [m.group("surname") for m in apa]
        tail = segment[apa[-1].end() :]
        names += [n for n in (_given_first(p) for p in re.split(r",?\s+(?:and|&)\s+|,\s+", tail)) if n]
        return _dedupe(names)
    ieee = list(_IEEE_AUTHOR.finditer(segment))
    if ieee and ieee[0].start() == 0:
        return _dedupe([m.group("surname") for m in ieee])
    vancouver = list(_VANCOUVER_AUTHOR.finditer(segment))
    if vancouver and vancouver[0].start() == 0 and re.fullmatch(r"[^.]*", segment):
        return _dedupe([m.group("surname") for m in vancouver])
    # Chicago / MLA: "Smith, John, and Kim Lee" - the first is surname-first, the rest given-first.
    parts = [p.strip() for p in re.split(r",?\s+(?:and|&)\s+|;\s*", segment) if p.strip()]
    first = parts[0].split(",")
    if len(first) >= 2 and re.fullmatch(_SURNAME, first[0].strip()):
        names.append(first[0].strip())
        parts = [",".join(first[1:])] if len(first) > 2 else []
        parts += [p.strip() for p in re.split(r",?\s+(?:and|&)\s+|;\s*", segment)[1:]]
        names += [n for n in (_given_first(p) for p in parts) if n]
    else:
        names = [n for n in (_given_first(p) for p in re.split(r",\s*", ",".join(parts))) if n]
    if not names and segment:
        names = [segment]  # an organisation as author ("World Health Organization")
    return _dedupe(names)


def _given_first(name: str) -> str:
    """ "Kim Lee" -> "Lee"; "K. Lee" -> "Lee"; "Ludwig van Beethoven" -> "van Beethoven"."""
    name = name.strip(" ,.;")
    words = name.split()
    if not words or not re.match(r"[A-Z\u00c0-\u00de]", words[-1]):
        return ""
    surname = [words[-1]]
    for word in reversed(words[:-1]):
        if re.fullmatch(_PARTICLE, word):
            surname.insert(0, word)
        else:
            break
    return " ".join(surname)


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name.strip())
    return out


def _clean_title(title: str) -> str:
    title = title.strip().strip("\"'\u201c\u201d\u2018\u2019*_").strip()
    title = re.sub(r"\s*\[[^\]]*\]\s*$", "", title)  # "[Doctoral dissertation]", "[Computer software]"
    return title.rstrip(",.;:").strip()


def _clean_container(container: str) -> str:
    container = container.strip().strip("\"'\u201c\u201d*_").strip(" ,.;:")
    if re.fullmatch(r"(?i)(?:vol|no|pp?|in|retrieved|available)\.?", container) or container.isdigit():
        return ""
    return container


def fold(text: str) -> str:
    """Lower case without accents: the key names and titles are compared by."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()

"""Reference sections, entries and in-text citation markers of a document, and which markers
resolve: the facts that reference_list.py (dangling-citation, empty-sources, orphan-reference),
attribution.py (unsourced-statistic, vague-attribution) and the reference check read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from aislop.checks.hallucination.text import doc_urls, in_prose, inside_quotes
from aislop.checks.text.sentences import sentences
from aislop.checks.text.technical import is_code_line, line_at
from aislop.document import Block, Document

_REF_HEADING = re.compile(
    r"(?i)^(?:\d+[.)]?\s+)?(?P<name>references?|sources?(?: and further reading)?|bibliography|works cited|"
    r"citations|literature cited|reference list|endnotes|footnotes|notes|further reading)\s*:?$"
)
_NOT_CITED_SECTIONS = ("notes", "further reading")  # entries there need not be cited
_NUMERIC_CITE = re.compile(r"\[(\d{1,6}(?:\s*[-\u2013\u2014,]\s*\d{1,6})*)\]")
# A citation run: "[2][4]", "[3]-[4]", "[1], [5]" (IEEE style). The run must open like a
# citation (after a space or punctuation), so arr[1][2] is not one.
_BRACKETS = r"\[\d{1,6}(?:\s*[-\u2013\u2014,]\s*\d{1,6})*\]"
_RUN_BEFORE = re.compile(
    rf"(?:^|(?<=[\s.,;:!?)\"'\u2019\u201d])){_BRACKETS}(?:\s*[-\u2013\u2014,]?\s*{_BRACKETS})*"
    r"\s*(?P<sep>[-\u2013\u2014,]?)\s*$"
)
_RUN_AFTER = re.compile(r"\s*[-\u2013\u2014,]?\s*\[\d")
# "[1][2]" reads as a Markdown reference link, so the prose view blanks it; find it in the source.
_ADJACENT_CITE = re.compile(r"\[(\d{1,6})\](?=\[\d)|(?<=\])\[(\d{1,6})\]")
_FOOTNOTE_CITE = re.compile(r"\[\^(\d+|[A-Za-z]\w*)\](?!:)")
_CARET_CITE = re.compile(r"(?<=[a-z][.,;:!?\"\u201d])\^([1-9]\d{0,2})(?=\s|$)")
_NEEDED_CITE = re.compile(
    r"\[(?:citation needed|citation required|source needed|needs? (?:a )?citation|citation|source|ref|cite)\]", re.I
)
_PARENS = re.compile(r"\(([^()\n]{4,300})\)")
_SURNAME = r"[A-Z](?:[^\W\d_]|['\u2019\-])+(?![\w])"  # letters only: "Unix98" is no surname
_NAME = rf"{_SURNAME}(?:\s+(?:{_SURNAME}|de|van|von|der|den|la|le|da|di))*"
_AUTHOR_PART = re.compile(
    rf"^(?:(?:see(?: also)?|e\.g\.,?|cf\.|as cited in|for example,?|quoted in)\s+)?"
    rf"(?P<names>{_NAME}(?P<multi>(?:,\s*{_NAME})*,?\s+(?:&|and)\s+{_NAME}|\s+et\s+al\.?)?)"
    rf"(?P<comma>,)?\s+(?P<year>(?:1[6-9]|20)\d{{2}}[a-z]?|n\.d\.)"
    rf"(?:,\s*(?:pp?\.|para\.|chap\.|ch\.)\s*[\w\u2013-]+)?$"
)
_NARRATIVE = re.compile(
    r"\b(?P<names>[A-Z][\w'\u2019\-]+(?P<multi>\s+et\s+al\.?|\s+(?:&|and)\s+[A-Z][\w'\u2019\-]+)?)"
    r"\s+\((?P<year>(?:1[6-9]|20)\d{2}[a-z]?)\)"
)


def _has_year_in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds "(1" or "(2", which every _NARRATIVE match does."""
    return text.find("(1", start, end) >= 0 or text.find("(2", start, end) >= 0


_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december spring summer "
    "fall autumn winter see in since version figure table section chapter page appendix the a an and or but "
    "updated revised published released founded established est circa "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# "(O'Reilly Media, 2006)": a publisher and year name a book already in the sentence.
_PUBLISHER = re.compile(r"\b(?:Press|Media|Publishing|Publishers|Books|Publications|Verlag)$")
_ENTRY_YEAR = re.compile(r"\b((?:1[6-9]|20)\d{2})[a-z]?\b")
_NUMBERED_LINE = re.compile(r"[^\S\n]*(?:[-*+][^\S\n]+)?\[(\d{1,6})\](:?)[^\S\n]*\S")
_ORDERED_LINE = re.compile(
    r"[^\S\n]*(\d{1,4})(?:[.)][^\S\n]+|[^\S\n]{2,})\S"  # "1. x", "1) x", "1   x" (pod2text)
    r"|[^\S\n]*(\d{1,4})[.)][^\S\n]*$"  # "7." alone, its title on the next lines (man-page NOTES)
)
_FOOTNOTE_DEF = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.M)
# What a section may hold and still be empty: HTML comments, rules, blank lines
# (the slice ends where the next heading's text starts, after its "## ").
_NO_CONTENT = re.compile(r"<!--.*?-->|^[ \t]*(?:[-*_=][ \t]*){3,}$|^[ \t]{0,3}#{1,6}[ \t]*$", re.S | re.M)
# Formats whose code is not marked up: a line of code sits among the sentences.
_UNMARKED_FORMATS = ("text", "rst")
# Words that announce a set of values, not a source: "the range [6, 8]", "in seconds [1-9]".
_VALUE_NOUN = re.compile(
    r"(?i)\b(?:range|ranges|interval|intervals|array|arrays|list|vector|matrix|tuple|pair|levels?|index|indices|"
    r"elements?|values?|sizes?|shape|dimensions|seconds|bytes|bits|slice|expression)\s*[:=]?\s*$"
)

# A value given to a setting: "turn the feature on by setting this element to [1]" (a Perl array).
_ASSIGNED = re.compile(r"(?i)\bset(?:s|ting)?(?:\s+(?!according\b)[\w'\u2019.-]+){0,4}\s+to\s*$")


@dataclass
class Section:
    heading: Block
    name: str
    start: int  # first offset after the heading
    end: int


@dataclass
class Entry:
    start: int
    end: int
    label: str | None  # "3" for [3] or 3.; None for an author-year entry
    surname: str | None = None
    year: str | None = None
    link_definition: bool = False  # [3]: https://... (a Markdown link target, not a source)
    footnote: bool = False  # [^3]: ...
    section: Section | None = None


@dataclass
class Cite:
    start: int
    end: int
    kind: str  # number | footnote | author | needed
    keys: tuple[str, ...] = ()  # numbers or the footnote label
    names: str = ""
    year: str = ""
    flaggable: bool | None = True  # True: dangling on its own; None: with context; False: never
    narrative: bool = False  # Smith and Lee (2019), as opposed to (Smith & Lee, 2019)
    resolved: bool = False


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


class Citations:
    """A document's reference sections, entries and in-text citation markers."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sections = self._sections()
        self.entries = self._entries()
        self.footnotes = {m.group(1): m for m in _FOOTNOTE_DEF.finditer(doc.text) if in_prose(doc, m.start())}
        # "described in the draft [1]: <draft-chown-6man-...>": a source given inline
        self.inline_sources = set(re.findall(r"\[(\d{1,4})\]:[ \t]*<", doc.text))
        self.cites = self._cites()
        for cite in self.cites:
            cite.resolved = self._resolves(cite)

    # ------------------------------------------------------------------ structure
    def _sections(self) -> list[Section]:
        text, blocks = self.doc.text, self.doc.blocks
        found: list[Section] = []
        for i, block in enumerate(blocks):
            if block.kind not in ("heading", "paragraph") or block.quoted or i == 0:
                continue  # a document titled "Notes" is not a notes section
            title = " ".join(text[block.start : block.end].split())
            match = _REF_HEADING.match(title)
            if not match or (block.kind == "paragraph" and self._is_link(block)):
                continue  # "References" as a link in a page's navigation is not a section
            if block.kind == "paragraph" and self.doc.format in ("text", "rst") and " ".join(
                text[block.start : block.end].split()
            ) != " ".join(self.doc.source[block.start : block.end].split()):
                continue  # "References: http://…": a one-line reference, its address masked in the view
            end = len(text)
            for later in blocks[i + 1 :]:
                if later.kind == "heading" and (block.kind == "paragraph" or later.level <= block.level):
                    end = later.start
                    break
            found.append(Section(block, match.group("name").lower(), block.end, end))
        return found

    def _is_link(self, block: Block) -> bool:
        """In HTML, is the block's whole text the text of one <a> element?"""
        if self.doc.format != "html":
            return False
        source = self.doc.source
        end = block.start + len(self.doc.text[block.start : block.end].rstrip())  # before masked tags
        opening = source.rfind("<", 0, block.start)
        closing = source.find("<", end)
        return (
            re.match(r"<a\b", source[opening : opening + 3], re.I) is not None
            and not source[source.find(">", opening) + 1 : block.start].strip()
            and re.match(r"</a\s*>", source[closing : closing + 6], re.I) is not None
            and not source[end:closing].strip()
        )

    def section_at(self, offset: int) -> Section | None:
        return next((s for s in self.sections if s.heading.start <= offset < s.end), None)

    def _entries(self) -> list[Entry]:
        doc, entries = self.doc, []
        for block in doc.blocks:
            if block.kind == "heading" or block.quoted:
                continue
            section = self.section_at(block.start)
            line_start = doc.source.rfind("\n", 0, block.start) + 1
            offset = line_start
            for line in doc.source[line_start : block.end].split("\n"):
                here = offset
                offset += len(line) + 1
                numbered = _NUMBERED_LINE.match(line)
                ordered = _ORDERED_LINE.match(line) if section is not None else None
                if numbered and doc.text[here : here + len(line)].strip():
                    entry = Entry(here, here + len(line), numbered.group(1), link_definition=bool(numbered.group(2)))
                elif ordered:
                    entry = Entry(here, here + len(line), ordered.group(1) or ordered.group(2))
                elif section is not None and block.ordinal is not None and here <= block.start:
                    entry = Entry(block.start, block.end, str(block.ordinal))  # <ol><li> under References
                elif section is not None and here <= block.start:
                    entry = Entry(max(here, block.start), block.end, None)
                elif entries and entries[-1].end >= here - 1 and line.strip():
                    entries[-1].end = here + len(line)  # a wrapped entry
                    continue
                else:
                    continue
                entry.section = section
                entries.append(entry)
        for entry in entries:
            body = doc.text[entry.start : entry.end]
            author = re.match(r"[\s\[\]\d.)*-]*([A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){0,3})", body)
            year = _ENTRY_YEAR.search(body)
            entry.surname = author.group(1) if author else None
            entry.year = year.group(1) if year else None
        return entries

    # ------------------------------------------------------------------ markers
    def body_blocks(self) -> Iterator[Block]:
        for block in self.doc.prose_blocks():
            if self.section_at(block.start) is None:
                yield block

    def _cites(self) -> list[Cite]:
        text, cites = self.doc.text, []
        entry_spans = [(e.start, e.end) for e in self.entries]
        for block in self.body_blocks():
            a, b = block.start, block.end
            for m in _NUMERIC_CITE.finditer(text, a, b):
                if (
                    self._plausible_number(m)
                    and not any(s <= m.start() < e for s, e in entry_spans)
                    and not inside_quotes(text, a, m.start())
                ):
                    keys = _expand(m.group(1))
                    run = _RUN_BEFORE.search(text, max(a, m.start() - 60), m.start())
                    if keys and run and run.group("sep") in ("-", "\u2013", "\u2014"):
                        # "[3]-[6]": the range includes 4 and 5
                        previous = re.findall(r"\d+", run.group())[-1]
                        keys = (_expand(f"{previous}-{keys[0]}") or keys[:1]) + keys[1:]
                    if keys:
                        cites.append(Cite(m.start(), m.end(), "number", keys))
            # Markdown reads "[1][2]" as a link reference and blanks it; look for it in the source.
            # (Elsewhere a blanked "[0]" is code: argv[i][0] in an HTML <pre>.)
            # Each marker needs a character most paragraphs lack ("][", "^", "(1" or "(2"): a
            # C-speed test of the block skips its scan.
            adjacent = _ADJACENT_CITE.finditer(self.doc.source, a, b) if self.doc.format in ("markdown", "ipynb") \
                and self.doc.source.find("][", max(a - 1, 0), b) >= 0 else ()
            for m in adjacent:
                if not text[m.start()].strip() and in_prose(self.doc, m.start()):
                    cites.append(Cite(m.start(), m.end(), "number", (m.group(1) or m.group(2),)))
            for m in _CARET_CITE.finditer(text, a, b) if text.find("^", a, b) >= 0 else ():
                cites.append(Cite(m.start(), m.end(), "number", (m.group(1),)))
            # "[^a]" is footnote syntax in Markdown; in other text it is a regex class ("s/a[^a]*/")
            footnotes = self.doc.format in ("markdown", "ipynb") or self.footnotes
            for m in _FOOTNOTE_CITE.finditer(text, a, b) if footnotes else ():
                cites.append(Cite(m.start(), m.end(), "footnote", (m.group(1),)))
            for m in _NEEDED_CITE.finditer(text, a, b):
                if not self._link_label(m):
                    cites.append(Cite(m.start(), m.end(), "needed"))
            for m in _PARENS.finditer(text, a, b):
                parts = [p.strip() for p in m.group(1).split(";")]
                for part in parts:
                    pm = _AUTHOR_PART.match(part)
                    if not pm or pm.group("names").split()[0].lower() in _NOT_NAMES or _PUBLISHER.search(pm.group("names")):
                        continue
                    strong = bool(pm.group("multi")) or len(parts) > 1
                    if not strong and not pm.group("comma"):
                        continue  # "(Windows 2000)"
                    at = m.start(1) + m.group(1).find(part)
                    cites.append(Cite(at, at + len(part), "author", names=pm.group("names"),
                                      year=pm.group("year"), flaggable=strong or None))
            for m in _NARRATIVE.finditer(text, a, b) if _has_year_in_brackets(text, a, b) else ():
                if m.group("names").split()[0].lower() in _NOT_NAMES:
                    continue
                cites.append(Cite(m.start(), m.end(), "author", names=m.group("names"), year=m.group("year"),
                                  flaggable=None if m.group("multi") else False, narrative=True))
        return sorted(cites, key=lambda c: c.start)

    def _plausible_number(self, m: re.Match) -> bool:
        """[3] as a citation, not buf[6], f()[1], = [502], 1.[57], [02] or a link label [text][3].

        "word[3]" (Wikipedia style) only counts when the document has numbered entries."""
        text, start, end = self.doc.text, m.start(), m.end()
        before = text[start - 1] if start else " "
        before2 = text[start - 2] if start > 1 else " "
        after = text[end] if end < len(text) else " "
        if m.group(1).startswith("0") or not self._reads_as_citation(m):
            return False
        run_after = bool(_RUN_AFTER.match(text, end, min(len(text), end + 8)))
        if not (after.isspace() or after in ".,;:!?)\"'\u2019\u201d" or run_after):
            return False
        if self._in_call(start, end):
            return False
        if before in "]-\u2013\u2014," and _RUN_BEFORE.search(text, max(0, start - 60), start):
            return True  # the second bracket of a citation run
        if after == ":" and text[end + 1 : end + 2] not in (" ", "\n", ""):
            return False
        if before.isalpha() and before2.isalpha():
            # Wikipedia style "word[3]", not an identifier (BASH_VERSINFO[2], git-daemon[1],
            # os_release[7]) or a syslog tag (bluetoothd[8900]:)
            token = re.search(r"\S*$", text[max(0, start - 60) : start]).group()
            return after != ":" and re.fullmatch(r"[A-Za-z]+", token) is not None and any(e.label for e in self.entries)
        if before.isspace():
            previous = text[max(0, start - 80) : start].rstrip()[-1:]
            return bool(previous) and previous not in "=([{:"
        return before in ".,;:!?)\"'\u2019\u201d" and (before2.isalpha() or before2 in "\"'\u2019\u201d")

    def _link_label(self, m: re.Match) -> bool:
        """``[text][ref]`` with ``[ref]: https://…``: a reference-style Markdown link whose label
        happens to be "ref", "source" or "citation", not a request for a citation."""
        source = self.doc.source
        if m.start() and source[m.start() - 1] == "]":
            return True
        label = re.escape(m.group()[1:-1])
        return re.search(rf"(?im)^[ \t]*\[{label}\]:[ \t]*\S", source) is not None

    def _reads_as_citation(self, m: re.Match) -> bool:
        """Whether the bracket sits where a citation can: in a sentence, not in a line of code or
        program output (``A = Int_Type [10];``, ``=> [2, 4]``, ``ldh [12]``), not after a word that
        names a set of values ("the range [50, 2000]", "level [1-19]", "the array [1,2,3]") nor after
        "set ... to" (a value given to a setting: "setting this element to [1]"), not a
        descending or repeating list ("[10, 3]": a shape, not sources), and, in a document with no
        reference list at all, not a literal written without spaces ("[1,2,3]", as in JSON)."""
        text, body = self.doc.text, m.group(1)
        line_start, line_end = line_at(text, m.start())
        if is_code_line(text[line_start:line_end], marked_up=self.doc.format not in _UNMARKED_FORMATS):
            return False
        if _VALUE_NOUN.search(text, max(line_start, m.start() - 30), m.start()):
            return False
        if _ASSIGNED.search(text, max(0, m.start() - 60), m.start()):
            return False
        numbers = [int(n) for n in re.findall(r"\d+", body)]
        if any(b <= a for a, b in zip(numbers, numbers[1:])):
            return False
        no_list = not (self.sections or self.entries or self.footnotes)
        if no_list and re.search(r",\S", body):
            return False
        # "[1]: <draft-...>" or, in plain text, "[1] Common Trace Format - http://...": the entry
        # itself, given inline
        rest = text[m.end() : line_end]
        if re.match(r":\s*<", rest):
            return False
        title_end = m.end() + min(80, len(rest.split(". ")[0]))
        return self.doc.format not in _UNMARKED_FORMATS or not any(
            m.end() <= u <= title_end for u, _ in doc_urls(self.doc))

    def _in_call(self, start: int, end: int) -> bool:
        """Inside a code-like token with no spaces around the bracket, such as putmask(x,m,[3])."""
        text = self.doc.text
        left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
        return "(" in text[left:start] and ")" in text[end:right] and "," in text[left:start]

    # ------------------------------------------------------------------ resolution
    def numbers(self) -> set[str]:
        return {e.label for e in self.entries if e.label} | set(self.footnotes) | self.inline_sources

    def author_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.label is None and e.surname and e.year]

    def _resolves(self, cite: Cite) -> bool:
        if cite.kind == "number":
            return all(k in self.numbers() for k in cite.keys)
        if cite.kind == "footnote":
            return cite.keys[0] in self.footnotes
        if cite.kind == "author":
            return any(self._matches(cite, e) for e in self.entries)
        return False

    def _matches(self, cite: Cite, entry: Entry) -> bool:
        first = _fold(cite.names.split()[0].rstrip(","))
        head = _fold(self.doc.text[entry.start : entry.end][:120])
        if not re.search(rf"\b{re.escape(first)}\b", head):
            return False
        year = cite.year[:4]
        return cite.year == "n.d." or year in self.doc.text[entry.start : entry.end]

    def dangling(self) -> list[Cite]:
        """Unresolved markers. "(Smith, 2019)" counts when the document has a reference list of any
        style (author-year or numbered: the entries are searched for the surname and year) or no
        list at all; a narrative "Smith and Lee (2019)" only against an author-year list."""
        has_author_list = bool(self.author_entries())
        has_numbered_list = any(e.label and e.section and not e.link_definition for e in self.entries)
        no_list = not (self.sections or self.entries or self.footnotes)
        # A number beyond any list this document has is a value (a pid, a port, [8080, 8087]).
        largest = max([300] + [int(label) for label in self.numbers() if label.isdigit()])
        result = []
        for cite in self.cites:
            if cite.resolved or (cite.kind == "number" and max(int(k) for k in cite.keys) > largest):
                continue
            if cite.kind == "author" and cite.flaggable is not True:
                weak_ok = cite.flaggable is None and (
                    has_author_list or (not cite.narrative and (no_list or has_numbered_list))
                )
                if not weak_ok:
                    continue
            result.append(cite)
        return result

    def orphans(self) -> list[Entry]:
        cited_numbers = {k for c in self.cites if c.kind == "number" for k in c.keys}
        cited_notes = {c.keys[0] for c in self.cites if c.kind == "footnote"}
        author_cites = [c for c in self.cites if c.kind == "author"]
        body = " ".join(self.doc.text[b.start : b.end] for b in self.body_blocks())
        result = []
        for entry in self.entries:
            if entry.link_definition or (entry.section and entry.section.name in _NOT_CITED_SECTIONS):
                continue
            if entry.label is not None:
                if entry.section is not None and cited_numbers and entry.label not in cited_numbers:
                    result.append(entry)
            elif entry.section is not None and author_cites and entry.surname and entry.year:
                mentioned = re.search(rf"\b{re.escape(entry.surname.split()[0])}\b", body)
                if not mentioned and not any(self._matches(c, entry) for c in author_cites):
                    result.append(entry)
        for label, m in self.footnotes.items():
            if label not in cited_notes:
                end = self.doc.text.find("\n", m.start())
                result.append(Entry(m.start(), len(self.doc.text) if end < 0 else end, label, footnote=True))
        return result

    def empty_sections(self) -> list[Section]:
        """Sections with nothing under them: no prose, no link, and no content the prose view
        leaves out (a Sphinx "Reference" page is ``.. automodule::`` directives, an API reference
        a code block or a table); comments and rules do not count as content."""
        urls = doc_urls(self.doc)
        return [
            s for s in self.sections
            if s.name not in ("notes",)
            and not self.doc.text[s.start : s.end].strip()
            and not any(s.start <= a < s.end for a, _ in urls)
            and not _NO_CONTENT.sub("", self.doc.source[s.start : s.end]).strip()
        ]

    def sourced(self, start: int, end: int) -> bool:
        """Whether a citation marker or a link sits in ``[start, end)``."""
        return any(start <= c.start < end for c in self.cites) or any(start <= a < end for a, _ in doc_urls(self.doc))

    def resolved_in(self, start: int, end: int) -> bool:
        return any(start <= c.start < end and c.resolved for c in self.cites)

    def last_resolved_in(self, start: int, end: int) -> int:
        """Offset of the last resolving citation in ``[start, end)``, or -1."""
        return max((c.start for c in self.cites if start <= c.start < end and c.resolved), default=-1)

    def cites_its_claims(self) -> bool:
        """Whether the document sources its claims: a references (sources, bibliography...)
        section, and resolving markers in the body at least once every twelve
        sentences (a changelog that cites two bug reports in a thousand lines does not count).
        Such a document sets the expectation that its figures are sourced."""
        if not any(s.name not in _NOT_CITED_SECTIONS and s.name not in ("footnotes", "endnotes") for s in self.sections):
            return False
        resolved = sum(1 for c in self.cites if c.resolved)
        if not resolved:
            return False
        count = sum(len(sentences(self.doc.text, b.start, b.end)) for b in self.body_blocks())
        return resolved * 12 >= count


def _expand(body: str) -> tuple[str, ...]:
    """"2, 4-6" -> ("2", "4", "5", "6"); nothing for [0] or an absurd range."""
    keys: list[str] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-\u2013\u2014]\s*", part)
        lo, hi = int(bounds[0]), int(bounds[-1])
        if lo == 0 or hi < lo or hi - lo > 100:
            return ()
        keys += [str(n) for n in range(lo, hi + 1)]
    return tuple(keys)

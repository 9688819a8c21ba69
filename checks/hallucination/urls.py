"""Address patterns shared by invalid-doi, placeholder-url and the link check: DOIs, placeholder
and local-only hosts, the host of a URL."""

from __future__ import annotations

import re

DOI_CANDIDATE = re.compile(  # (?=d): a fast reject of the positions where neither form can start
    r"(?i)(?=d)(?:\bdoi\b\s*:?\s*(?=\d)|\b(?:dx\.)?doi\.org/)(?P<doi>[^\s<>\"'\]\[)(]+)"
)
VALID_DOI = re.compile(r"10\.\d{4,9}/\S+")
# The slot words of template addresses (your-website.com, yourcompanyname.io), spelled once.
_SLOT_WORDS = "website|site|domain|company|companyname|business|brand|blog|store|shop|url|link|page|name|portfolio"
YOUR_SLOT = rf"your[-_]?(?:[a-z]+[-_])?(?:{_SLOT_WORDS})"
# A slot names what goes there in words ("www.[website].com"); "host[1-5].com" or "[a-z].com" is
# a glob or a range (curl's URL globbing), not a slot.
SLOT_IN_BRACKETS = r"\[[^\]\n]*[A-Za-z]{2}[^\]\n]*\]"
PLACEHOLDER_HOST = re.compile(
    rf"(?i)^(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|example|{YOUR_SLOT}\.[a-z]{{2,6}}|(?:your)?companyname\.[a-z]{{2,6}}|"
    rf"{SLOT_IN_BRACKETS}\.[a-z]{{2,6}})(?::\d+)?$"
)
LOCAL_HOST = re.compile(r"(?i)^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?$")
def host_of(url: str) -> str:
    rest = re.sub(r"(?i)^[a-z][\w+.-]*://", "", url)
    rest = rest.split("@", 1)[-1] if "@" in rest.split("/", 1)[0] else rest
    return re.split(r"[/?#]", rest, maxsplit=1)[0]

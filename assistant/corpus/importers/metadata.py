"""What a document says about itself: its date, its publisher and its kind."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'’&-]*[ \t]+){1,4}"
    r"Safeguarding[ \t]+(?:Children[ \t]+|Adults[ \t]+|Childrens[ \t]+)?"
    r"(?:Partnership|Board|Partnership[ \t]+Board)s?)"
    r"(?:[ \t]*\(([A-Z]{2,8})\))?"
)
_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'’-]*[ \t]+){1,3}(?:City|County|Borough|District)[ \t]+Council)\b"
)
_GENERIC_LEADS = {"Local", "The", "Each", "A", "An", "All", "Our", "Their", "This", "That", "Every"}

# A full date beside the words that date a page ("Last updated 18/05/2017", "Revised: 3.2.21").
_DATED = re.compile(
    r"\b(?:updated|amended|revised|published|reviewed|issued|dated?)\b[^0-9\n]{0,12}"
    r"(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d\d)\b",
    re.IGNORECASE,
)


def infer_published(lines: list[str]) -> str:
    """A date stated near the top of the document: a month and year as YYYY-MM, or a full
    date beside "updated", "amended"… (day first, as in the UK) as YYYY-MM-DD."""
    for line in lines[:15]:
        match = MONTH_YEAR.search(line)
        if match:
            return f"{int(match.group(2)):04d}-{MONTHS[match.group(1).lower()]:02d}"
        dated = _DATED.search(line)
        if dated:
            day, month, year = (int(part) for part in dated.groups())
            year += 2000 if year < 100 else 0
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return ""


def infer_organisation(text: str) -> str:
    """The partnership, board or council that the text names as its author, if it names one."""
    counts: Counter[str] = Counter()
    acronyms: dict[str, str] = {}
    for match in _ORGANISATION.finditer(text):
        name = re.sub(r"\s+", " ", match.group(1)).strip()
        words = name.split()
        while words and words[0] in _GENERIC_LEADS:
            words = words[1:]
        if len(words) < 3 or words[0] == "Safeguarding":
            continue
        name = " ".join(words)
        if name.endswith("s") and not name.endswith("ss"):
            continue  # "Local Safeguarding Children Boards" is a kind of body, not a publisher
        counts[name] += 1
        if match.group(2):
            acronyms[name] = match.group(2)
    if not counts:
        council = _COUNCIL.search(text)
        return re.sub(r"\s+", " ", council.group(1)) if council else ""
    first = next(iter(counts))
    best = max(counts, key=lambda name: (counts[name] + acronyms.__contains__(name), name == first))
    return f"{best} ({acronyms[best]})" if best in acronyms else best


def infer_kind(title: str, head: str) -> str:
    """The kind of document, judged from its title and first lines."""
    lowered = f"{title}\n{head}".lower()
    if re.search(r"\b(7|seven)[ -]minute briefing", lowered):
        return "briefing"
    if "audit" in title.lower():
        return "audit"
    if re.search(r"\b(practice|case|serious case|rapid) review\b", lowered):
        return "review"
    if re.search(r"\bprocedures?\b", lowered):
        return "procedure"
    if "audit" in lowered:
        return "audit"
    return "guidance"

"""Checking files people edit (findings, packs): each problem in plain words, line and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from assistant.wording import counted


@dataclass
class Issue:
    """A problem with a file a person edits, in words a subgroup member or trainer understands."""

    message: str
    line: int | None = None
    field: str = ""
    severity: str = "error"
    """"error" (must be fixed), "placeholder" (still to be written), "warning" (length,
    timings) or "privacy"."""

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else ""
        if self.field:
            where = f"{where} ({self.field})" if where else f"({self.field})"
        return f"{where}: {self.message}" if where else self.message


def unknown_field(key: str, known: Iterable[str], what: str) -> str:
    """What to say about a field that is not in the schema (with the nearest real one)."""
    names = list(known)
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; the fields are {', '.join(names)}"
    return f"'{key}' is not a field of {what}{hint}"


# Control characters (C0, DEL, C1) other than tab and newline: invisible in print, refused by
# Word and PowerPoint, and a way to smuggle terminal escapes into what others read.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINK_SCHEMES = ("http", "https", "mailto")
"""The only kinds of link a published output carries."""
PLACEHOLDER = re.compile(r"\[\s*fill in\b[^\]]*\]?", re.IGNORECASE)
"""How starters mark what is still to be written: "[Fill in: what the audit looked at]"."""


def control_character(text: str) -> str | None:
    """What to say about a control character in ``text``, if it has one."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    return (
        f"contains a control character (U+{ord(match.group(0)):04X}) that cannot be printed or "
        "published; remove it"
    )


def link_problem(link: str) -> str | None:
    """What is wrong with a link for a published output, if anything: only web addresses
    (http, https) and email links (mailto) are allowed."""
    if not link:
        return None
    if re.search(r"[\s\x00-\x1f\x7f-\x9f]", link):
        return "the link has a space or a control character in it"
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        if not scheme and re.match(r"(www\.)?[\w-]+(\.[\w-]+)+(/|$)", link):
            return f"the link needs to start with https:// (https://{link})"
        kind = f"a '{scheme}:' link" if scheme else "not a web address"
        return f"the link is {kind}; only http://, https:// and mailto: links are published"
    if scheme in ("http", "https") and not parts.netloc:
        return "the link has no site after the '//'"
    if scheme == "mailto" and "@" not in parts.path:
        return "the mailto: link has no email address"
    return None


def placeholder(text: str) -> str | None:
    """The placeholder still in ``text`` ("[Fill in: …]"), if there is one."""
    match = PLACEHOLDER.search(text)
    return match.group(0) if match else None


def draft_reasons(placeholders: int, unacknowledged: int) -> list[str]:
    """Why an output is only a draft, worded the same for briefings and packs (empty when it
    can be published)."""
    reasons = []
    if placeholders:
        reasons.append(f"{counted(placeholders, 'placeholder')} still to fill in")
    if unacknowledged:
        reasons.append(f"{counted(unacknowledged, 'thing')} that could identify a child or family")
    return reasons

"""The privacy gate shared by briefings and packs: what could identify someone in every field
that reaches an output, what the author checked and allowed, and refusing to publish the rest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.publishing.privacy import PrivacyFinding, find_identifying
from assistant.publishing.rendered import PrivacyBlocked


@dataclass
class Acknowledgement:
    """Text the privacy check flagged that the author has checked and allowed."""

    text: str
    reason: str = ""


@dataclass
class PrivacyNote:
    """A privacy finding, where it is, and whether the author has allowed it."""

    finding: PrivacyFinding
    field: str
    """Where it is, as the file names it: "background", "actions[2]", "resources[1].link"."""
    line: int | None
    acknowledged: bool


def line_of(lines: dict[str, int], where: str) -> int | None:
    """The file line of ``where`` ("segments[2].content"), or of the nearest field holding it."""
    while where:
        if where in lines:
            return lines[where]
        where = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", where) if re.search(r"[.\[]", where) else ""
    return None


def _key(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:").lower()


def privacy_notes(
    texts: Iterable[tuple[str, str]],
    lines: dict[str, int],
    acknowledged: Iterable[Acknowledgement],
) -> list[PrivacyNote]:
    """Every privacy finding in ``texts`` (field, text), each marked allowed when its text is
    listed under 'acknowledged:'."""
    allowed = {_key(a.text) for a in acknowledged}
    notes = []
    for where, text in texts:
        for finding in find_identifying(text):
            notes.append(
                PrivacyNote(finding, where, line_of(lines, where), _key(finding.text) in allowed)
            )
    return notes


def refuse_unacknowledged(notes: Iterable[PrivacyNote]) -> None:
    """PrivacyBlocked while any finding is neither removed nor acknowledged."""
    standing = [note for note in notes if not note.acknowledged]
    if standing:
        raise PrivacyBlocked([f"{note.finding} in {note.field}" for note in standing])

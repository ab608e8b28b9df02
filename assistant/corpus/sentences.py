"""Splitting passage text into sentences that can be quoted on their own."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "eg",
    "ie",
    "etc",
    "vs",
    "cf",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "no",
    "nos",
    "approx",
    "para",
    "paras",
    "ref",
    "fig",
    "vol",
    "p",
    "pp",
    "al",
    "ed",
    "inc",
    "ltd",
    "tel",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9•])")
_LIST_NUMBER = re.compile(r"\(?(\d{1,3}(\.\d{1,3})*|[a-z]|[ivx]{1,5})[.)]", re.IGNORECASE)
"""A list item's number or letter ("2.", "1.1.", "(b)", "iv."), which starts its item."""
_JOINED = " · "
"""How the importer joins short lines of a web page it keeps together ("Contents · When are
Rapid Reviews held? · A Rapid Review is…"): each was a line of its own."""


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; each line (a paragraph or list item) is split on its own."""
    return [sentence for sentence, _whole in sentence_lines(text)]


def sentence_lines(text: str) -> list[tuple[str, bool]]:
    """The sentences of ``split_sentences``, each with whether it is a line on its own (a list
    item, a heading) rather than one of a paragraph's sentences."""
    found: list[tuple[str, bool]] = []
    for line in text.replace(_JOINED, "\n").split("\n"):
        parts = _line_sentences(line.strip())
        if (
            len(parts) == 1
            and found
            and found[-1][0].endswith(":")
            and _CONTACT.fullmatch(parts[0])
        ):
            # "…must be contacted at:" and the number on the line below say one thing.
            found[-1] = (f"{found[-1][0]} {parts[0]}", found[-1][1])
            continue
        found += [(part, len(parts) == 1) for part in parts]
    return found


_CONTACT = re.compile(
    r"(?:(?:tel(?:ephone)?|phone|call|e-?mail)\s*:?\s*)?"
    r"(?:\+?[\d()][\d ()-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\.?",
    re.IGNORECASE,
)
"""A line that is only a telephone number or an e-mail address."""


def _line_sentences(line: str) -> list[str]:
    sentences: list[str] = []
    if not line:
        return sentences
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()].rstrip("\"'”’)]")
        word = before.rsplit(None, 1)[-1] if before.split() else ""
        stem = word.rstrip(".!?").lstrip("([\"'“‘").lower()
        if stem in _ABBREVIATIONS or re.fullmatch(r"[a-z]", stem):
            continue
        piece = line[start : match.end()].strip()
        if _LIST_NUMBER.fullmatch(piece):
            continue  # "2. It is your responsibility…": the number belongs to its item
        if piece:
            sentences.append(piece)
        start = match.end()
    rest = line[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences

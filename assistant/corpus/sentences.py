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


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; each line (a paragraph or list item) is split on its own."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            before = line[start : match.start()].rstrip("\"'”’)]")
            word = before.rsplit(None, 1)[-1] if before.split() else ""
            stem = word.rstrip(".!?").lstrip("([\"'“‘").lower()
            if stem in _ABBREVIATIONS or re.fullmatch(r"[a-z]", stem):
                continue
            piece = line[start : match.end()].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences

"""How the assistant words a count, the same on the command line, in the app and in messages."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """ "1 problem", "2 problems" ("1 passage", "3 pieces of evidence" with ``plural``)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"

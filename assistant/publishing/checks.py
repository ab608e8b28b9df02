"""Checking files people edit (findings, packs): each problem in plain words, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Issue:
    """A problem with a file a person edits, in words a subgroup member or trainer understands."""

    message: str
    line: int | None = None
    field: str = ""
    severity: str = "error"
    """"error" (must be fixed), "warning" (length, timings) or "privacy"."""

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

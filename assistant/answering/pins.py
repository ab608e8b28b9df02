"""Pinned passages: the collection a user keeps from answers (training packs draw on it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from assistant.storage.saved_lists import read_saved_list, write_saved_list


@dataclass
class Pin:
    """A passage kept for later, with everything needed to cite it."""

    pid: str
    doc_id: str
    title: str
    kind: str
    organisation: str
    published: str
    section: str
    path: str
    anchor: str
    text: str
    question: str = ""
    """The question it answered when it was pinned."""
    pinned: str = ""
    """When, as an ISO date and time."""

    @classmethod
    def from_citation(cls, citation: dict[str, Any], question: str = "") -> Pin:
        """A pin from a citation as ``Answer.as_json`` gives it."""
        values = {f.name: str(citation.get(f.name) or "") for f in fields(cls)}
        values["pid"] = values["pid"] or f"{values['doc_id']}#{values['anchor']}"
        values["question"] = question
        values["pinned"] = dt.datetime.now().isoformat(timespec="seconds")
        return cls(**values)


class PinBoard:
    """Pins saved in one JSON file, written atomically after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pins: list[Pin] = []
        self.problem = ""
        """What went wrong reading the file, if anything (the file is kept aside)."""
        self._load()

    def _load(self) -> None:
        items, self.problem = read_saved_list(self.path)
        names = {f.name for f in fields(Pin)}
        self.pins = [Pin(**{key: str(item.get(key, "")) for key in names}) for item in items]

    def save(self) -> None:
        """Write every pin to the file."""
        write_saved_list(self.path, [asdict(pin) for pin in self.pins])

    def add(self, pin: Pin) -> bool:
        """Keep a pin; False when that passage is pinned already."""
        if any(existing.pid == pin.pid for existing in self.pins):
            return False
        self.pins.append(pin)
        self.save()
        return True

    def remove(self, pid: str) -> bool:
        """Drop a pin; False when there was none."""
        before = len(self.pins)
        self.pins = [pin for pin in self.pins if pin.pid != pid]
        if len(self.pins) == before:
            return False
        self.save()
        return True
